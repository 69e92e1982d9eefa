"""bot.training for the real checkout and for a copy of it (the editor's snapshot): the fingerprint,
the Rasa commands and their environment, and a command's output streamed line by line. No Rasa runs."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bot import settings
from bot.training import (REAL_PROJECT, RasaCommand, RasaProject, fingerprint, rasa_env, story_test_command,
                          train_command, validate_command)


def copy_of_the_project(target: Path) -> RasaProject:
    for rel in ("config.yml", "domain", "data/nlu", "data/stories", "data/rules"):
        source = settings.ROOT / rel
        if source.is_dir():
            shutil.copytree(source, target / rel, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return RasaProject(target, catalogue_dir=target / "data" / "catalogue")


def test_the_editors_snapshot_has_the_real_projects_fingerprint(tmp_path):
    """«Træn og udgiv» reuses a model `make run` trained of the same data (the snapshot leaves out
    hidden files such as data/stories/.gitkeep, which the fingerprint leaves out too)."""
    from bot.editor.project import Project

    snapshot = Project(settings.ROOT).snapshot(tmp_path / "udgivelse")
    assert snapshot.catalogue_dir == tmp_path / "udgivelse" / "data" / "catalogue"
    assert fingerprint(snapshot) == fingerprint()


def test_a_copy_with_the_same_files_has_the_same_fingerprint(tmp_path):
    copy = copy_of_the_project(tmp_path / "kopi")
    assert fingerprint(copy) == fingerprint() == fingerprint(REAL_PROJECT)
    (copy.root / "data" / "nlu" / "ny.yml").write_text('version: "3.1"\nnlu: []\n', encoding="utf-8")
    assert fingerprint(copy) != fingerprint()


def test_the_commands_run_in_the_projects_root_with_its_catalogue(tmp_path):
    copy = RasaProject(tmp_path, catalogue_dir=tmp_path / "data" / "catalogue")
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    validate = validate_command(copy)
    assert validate.cwd == tmp_path and validate.argv[1:3] == ["data", "validate"]
    assert validate.argv[validate.argv.index("--data") + 1:] == ["data/nlu"]  # only the folders that exist
    train = train_command(copy, tmp_path / "ud", "abc")
    assert train.argv[-4:] == ["--out", str(tmp_path / "ud"), "--fixed-model-name", "abc"]
    test = story_test_command(copy, tmp_path / "m.tar.gz", tmp_path / "res", fail_on_prediction_errors=True)
    assert str(tmp_path / "tests" / "stories") in test.argv and "--fail-on-prediction-errors" in test.argv
    assert "--fail-on-prediction-errors" not in story_test_command(copy, tmp_path / "m", tmp_path / "r").argv
    env = rasa_env(copy)
    assert env["CATALOGUE_DIR"] == str(tmp_path / "data" / "catalogue")
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["PYTHONPATH"].split(":")[0] == str(settings.ROOT)  # our NLU components import from a copy


def test_a_command_streams_its_output_line_by_line(tmp_path):
    script = ("import sys; print('første'); "
              "sys.stdout.write('Epochs: 10%\\rEpochs: 50%\\r\\n\\x1b[32mgrøn\\x1b[0m\\n'); sys.exit(3)")
    command = RasaCommand([sys.executable, "-c", script], tmp_path, {})
    lines, processes = [], []
    assert command.stream(lines.append, processes.append) == 3
    assert lines == ["første", "Epochs: 10%", "Epochs: 50%", "grøn"]
    assert processes and processes[0].poll() == 3


# --- fine-tuning in «Træn og udgiv» ---------------------------------------------------------------------------
def _model(copy: RasaProject, name: str, **made_from) -> Path:
    from bot.training import write_model_info

    model = copy.root / "models" / f"{name}.tar.gz"
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(b"model")
    write_model_info(model, copy, **made_from)
    return model


def test_new_examples_fine_tune_the_running_model_but_a_new_domain_trains_from_scratch(tmp_path, monkeypatch):
    from bot.training import finetune_base

    monkeypatch.delenv("FINETUNE_EPOCH_FRACTION", raising=False)
    copy = copy_of_the_project(tmp_path / "kopi")
    running = _model(copy, "kører")
    (copy.root / "data" / "nlu" / "ny.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - godaften med dig\n', encoding="utf-8")
    assert finetune_base(copy, running) == running
    # A new response in the domain (or a new intent, a changed config) needs a training from scratch.
    with (copy.root / "domain" / "core.yml").open("a", encoding="utf-8") as domain:
        domain.write("\n# ændret\n")
    assert finetune_base(copy, running) is None


def test_fine_tuning_stops_after_five_in_a_row_and_can_be_switched_off(tmp_path, monkeypatch):
    from bot.training import finetune_base
    from bot.training.models import FINETUNE_LIMIT, read_model_info

    monkeypatch.delenv("FINETUNE_EPOCH_FRACTION", raising=False)
    copy = copy_of_the_project(tmp_path / "kopi")
    model = _model(copy, "m0")
    for n in range(1, FINETUNE_LIMIT + 1):
        assert finetune_base(copy, model) == model
        model = _model(copy, f"m{n}", finetuned_from=model)
    assert read_model_info(model)["finetunings"] == FINETUNE_LIMIT
    assert finetune_base(copy, model) is None  # the sixth trains from scratch
    assert finetune_base(copy, copy.root / "models" / "findes-ikke.tar.gz") is None
    assert finetune_base(copy, None) is None
    monkeypatch.setenv("FINETUNE_EPOCH_FRACTION", "0")
    assert finetune_base(copy, _model(copy, "frisk")) is None


def test_a_model_without_its_info_file_is_not_fine_tuned(tmp_path):
    from bot.training import finetune_base

    copy = copy_of_the_project(tmp_path / "kopi")
    model = _model(copy, "gammel")
    model.with_name("gammel.json").unlink()
    assert finetune_base(copy, model) is None


def test_the_fine_tuning_command(tmp_path):
    command = train_command(REAL_PROJECT, tmp_path, "ny", finetune=tmp_path / "kører.tar.gz", epoch_fraction=0.2)
    assert command.argv[-4:] == ["--finetune", str(tmp_path / "kører.tar.gz"), "--epoch-fraction", "0.2"]
    assert "--finetune" not in train_command(REAL_PROJECT, tmp_path, "ny").argv
