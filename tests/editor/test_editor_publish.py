"""«Træn og udgiv» with stand-ins for training, the test stories and Rasa's HTTP API: a model is only
loaded when the tests pass, a failure leaves the running model alone, and rollback loads the one before."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.editor.publish import JobState, Publisher, PublishError, StepStatus, failed_stories
from bot.editor.store import Author, Store

AUTHOR = Author("anne", "Anne Jensen", "anne@kommune.example")


class FakeRasa:
    """Rasa's /status and PUT /model for two replicas."""

    def __init__(self, start: str, fail_on: str = ""):
        self.models = {"http://a": start, "http://b": start}
        self.loads = []
        self.fail_on = fail_on

    def current_model(self, base):
        return self.models[base]

    def load(self, base, model: Path):
        if base == self.fail_on:
            raise PublishError(f"Rasa-serveren {base} kunne ikke indlæse modellen.")
        self.loads.append((base, model.name))
        self.models[base] = model.name


def trainer(snapshot, target: Path, step, job):
    target.write_bytes(b"model")


def passing_tests(snapshot, model, out, step, job):
    step.detail = "Alle testhistorier bestod."


def failing_tests(snapshot, model, out, step, job):
    raise PublishError("1 af 3 testhistorier fejlede med den nye model, så den er IKKE udgivet.", state=JobState.REJECTED,
                       details=["Fejlede: spørger hvad den kan"])


def make(project, tmp_path, tester=passing_tests, rasa=None):
    project.models_dir.mkdir(parents=True, exist_ok=True)
    (project.models_dir / "gammel.tar.gz").write_bytes(b"old")
    rasa = rasa or FakeRasa("gammel.tar.gz")
    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    publisher = Publisher(project, tmp_path / "var" / "editor", ["http://a", "http://b"], "token", store=store,
                          trainer=trainer, tester=tester, api=rasa)
    return publisher, rasa


def test_publish_trains_tests_and_loads_into_every_server(project, tmp_path):
    publisher, rasa = make(project, tmp_path)
    job = publisher.start(AUTHOR, background=False)
    assert job.state == JobState.PUBLISHED, (job.message, job.details)
    assert job.progress == 100
    assert [s.status for s in job.steps] == [StepStatus.DONE] * 4
    assert [base for base, _ in rasa.loads] == ["http://a", "http://b"]
    assert set(rasa.models.values()) == {job.model}
    entry = publisher.history.entries()[-1]
    assert entry["model"] == job.model and entry["previous_model"] == "gammel.tar.gz" and entry["by"] == "Anne Jensen"


def test_failing_test_stories_leave_the_running_model_alone(project, tmp_path):
    publisher, rasa = make(project, tmp_path, tester=failing_tests)
    job = publisher.start(AUTHOR, background=False)
    assert job.state == JobState.REJECTED
    assert "IKKE udgivet" in job.message and job.details == ["Fejlede: spørger hvad den kan"]
    assert rasa.loads == [] and set(rasa.models.values()) == {"gammel.tar.gz"}
    assert [s.status for s in job.steps] == [StepStatus.DONE, StepStatus.DONE, StepStatus.FAILED, StepStatus.WAITING]
    assert publisher.history.entries() == []


def test_a_failed_load_puts_the_previous_model_back(project, tmp_path):
    publisher, rasa = make(project, tmp_path, rasa=FakeRasa("gammel.tar.gz", fail_on="http://b"))
    job = publisher.start(AUTHOR, background=False)
    assert job.state == JobState.FAILED and "stadig den tidligere model" in job.message
    assert rasa.models == {"http://a": "gammel.tar.gz", "http://b": "gammel.tar.gz"}


def test_invalid_data_is_not_trained(project, tmp_path):
    publisher, rasa = make(project, tmp_path)
    (project.root / "data/stories/editor.yml").write_text(
        'version: "3.1"\nstories:\n  - story: x\n    steps:\n      - intent: greet\n      - action: utter_nej\n')
    job = publisher.start(AUTHOR, background=False)
    assert job.state == JobState.FAILED and "Kontrollen fandt fejl" in job.message
    assert any("utter_nej" in d for d in job.details)
    assert job.steps[1].status == StepStatus.WAITING and rasa.loads == []


def test_the_same_data_reuses_its_model(project, tmp_path):
    publisher, rasa = make(project, tmp_path)
    first = publisher.start(AUTHOR, background=False)
    second = publisher.start(AUTHOR, background=False)
    assert second.state == JobState.PUBLISHED and second.model == first.model
    assert second.steps[1].status == StepStatus.SKIPPED


def test_rollback_loads_the_model_before(project, tmp_path):
    publisher, rasa = make(project, tmp_path)
    job = publisher.start(AUTHOR, background=False)
    assert publisher.previous_model() == "gammel.tar.gz"
    back = publisher.rollback(AUTHOR)
    assert back.state == JobState.ROLLED_BACK
    assert set(rasa.models.values()) == {"gammel.tar.gz"}
    # ... and forward again: the published model is offered as the one before.
    assert publisher.previous_model() == job.model
    names = [m["model"] for m in publisher.available_models()]
    assert set(names) == {job.model, "gammel.tar.gz"}


def test_only_one_publish_at_a_time(project, tmp_path):
    publisher, _ = make(project, tmp_path)
    from bot.editor.publish import Job

    publisher.job = Job(id="x", kind="udgivelse", started_by="Bo", started=0)
    with pytest.raises(PublishError, match="allerede en udgivelse i gang"):
        publisher.start(AUTHOR, background=False)


def test_the_editor_shows_the_states_in_danish(project, tmp_path):
    """The states are values; the page, the JSON status (editor.js) and the command line show these words."""
    assert {state.label for state in JobState} == {"kører", "udgivet", "afvist", "fejlet", "rullet tilbage"}
    assert {status.label for status in StepStatus} == {"venter", "kører", "færdig", "sprunget over", "fejlet"}
    publisher, _ = make(project, tmp_path, tester=failing_tests)
    shown = publisher.start(AUTHOR, background=False).as_dict()
    assert shown["state"] == "afvist" and not shown["running"]
    assert [s["status"] for s in shown["steps"]] == ["færdig", "færdig", "fejlet", "venter"]


def test_cancel_stops_the_running_rasa_command(project, tmp_path):
    import sys
    import threading
    import time

    from bot.editor.publish import Job
    from bot.training import RasaCommand

    publisher, _ = make(project, tmp_path)
    job = Job(id="x", kind="udgivelse", started_by="Bo", started=0)
    slow = RasaCommand([sys.executable, "-c", "import time; print('start', flush=True); time.sleep(120)"], tmp_path, {})
    threading.Timer(1.0, publisher.cancel).start()
    began = time.monotonic()
    assert publisher._stream(slow, job) != 0
    assert time.monotonic() - began < 60 and job.log == ["start"] and publisher._process is None


def test_failed_stories_are_read_from_rasas_report(tmp_path):
    (tmp_path / "failed_test_stories.yml").write_text(
        'version: "3.1"\nstories:\n- story: spørger hvad den kan (/tmp/x.yml)\n  steps:\n  - intent: ask_help\n')
    assert failed_stories(tmp_path) == ["spørger hvad den kan (/tmp/x.yml)"]
    assert failed_stories(tmp_path / "ingen") == []


def test_hotswap_loads_the_model_in_a_worker_thread(monkeypatch):
    """bot.deploy.model_loading: PUT /model loads off the Rasa server's event loop (install() is called
    in the Rasa process by bot.deploy's patches)."""
    import asyncio
    import threading

    import rasa.server

    from bot.deploy import model_loading as rasa_hotswap

    calls = []

    async def original(model_path=None, model_server=None, remote_storage=None, endpoints=None):
        calls.append((model_path, model_server, threading.current_thread().name))
        return f"agent for {model_path}"

    monkeypatch.setattr(rasa.server, "_load_agent", original)
    monkeypatch.setattr(rasa_hotswap, "_installed", False)
    assert rasa_hotswap.install() is True
    patched = rasa.server._load_agent
    assert patched is not original and patched.__wrapped__ is original

    async def main():
        here = threading.current_thread().name
        loaded = await patched(model_path="/m/ny.tar.gz", endpoints=None)
        remote = await patched(model_path=None, model_server="server")
        return here, loaded, remote

    here, loaded, remote = asyncio.run(main())
    assert loaded == "agent for /m/ny.tar.gz"
    assert calls[0][0] == "/m/ny.tar.gz" and calls[0][2] != here  # a worker thread
    assert calls[1][1] == "server" and calls[1][2] == here  # model servers: Rasa's own way
    assert rasa_hotswap.install() is True  # idempotent


def _rasa_train_standin(fail_finetune: bool, calls: list):
    """Stands in for `rasa train` (Publisher._stream): writes the model it is asked for, or fails a
    fine-tuning when told to."""
    def stream(command, job, on_line=None):
        argv = command.argv
        calls.append("finetune" if "--finetune" in argv else "scratch")
        if fail_finetune and "--finetune" in argv:
            return 1
        out, name = Path(argv[argv.index("--out") + 1]), argv[argv.index("--fixed-model-name") + 1]
        (out / f"{name}.tar.gz").write_bytes(b"model")
        return 0
    return stream


@pytest.mark.parametrize("fail_finetune", [False, True])
def test_new_examples_fine_tune_the_running_model_and_a_failed_fine_tuning_trains_from_scratch(
        project, tmp_path, monkeypatch, fail_finetune):
    from bot.training import write_model_info
    from bot.training.models import read_model_info

    monkeypatch.delenv("FINETUNE_EPOCH_FRACTION", raising=False)
    publisher, rasa = make(project, tmp_path)
    publisher.trainer = publisher._train  # the real training step, with `rasa train` stood in for
    write_model_info(project.models_dir / "gammel.tar.gz", project)  # the running model, same setup
    calls: list = []
    monkeypatch.setattr(publisher, "_stream", _rasa_train_standin(fail_finetune, calls))
    (project.root / "data" / "nlu" / "ny.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - godaften med dig\n', encoding="utf-8")
    job = publisher.start(AUTHOR, background=False)
    assert job.state == JobState.PUBLISHED, (job.message, job.details)
    info = read_model_info(project.models_dir / job.model)
    if fail_finetune:
        assert calls == ["finetune", "scratch"]
        assert info["finetunings"] == 0 and "Finjusteringen lykkedes ikke. Træner forfra." in job.log
    else:
        assert calls == ["finetune"]
        assert info == {"setup": info["setup"], "finetunings": 1, "finetuned_from": "gammel.tar.gz"}
        assert "finjusteret fra gammel.tar.gz" in job.step("træning").detail
