"""The real project's model: train it only when its fingerprint changed, find it, find the newest.

Beside each model, models/<fingerprint>.json says how it was made: its setup fingerprint (config, domain,
NLU code; bot/training/fingerprint.py) and how many fine-tunings in a row led to it. The editor's
«Træn og udgiv» fine-tunes the running model instead of training from scratch when only the examples,
stories or rules changed (`finetune_base`): a few minutes less for each publication. After
FINETUNE_LIMIT fine-tunings in a row the next one trains from scratch, so the model never drifts far
from one trained on the data as it is.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

from bot import settings
from bot.training.commands import train_command
from bot.training.fingerprint import fingerprint, setup_fingerprint
from bot.training.project import REAL_PROJECT, RasaProject

logger = logging.getLogger(__name__)


def prepare_training_data(project: RasaProject = REAL_PROJECT) -> None:
    """Regenerate the NLU data that comes from the catalogue (a no-op when unchanged)."""
    from bot.nlu.catalogue_data import generate

    generate(project.catalogue_dir, project.generated_nlu_dir)


def model_path(fp: Optional[str] = None) -> Path:
    return settings.MODELS_DIR / f"{fp or fingerprint()}.tar.gz"


def train_if_needed(force: bool = False) -> Path:
    """Train a model unless one with the current fingerprint exists; return its path.

    A file lock makes a second process (another test run, the editor) wait for a training of the
    same data instead of writing the same model file at the same time."""
    import fcntl

    settings.MODELS_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.MODELS_DIR / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _train_locked(force)


def _train_locked(force: bool) -> Path:
    prepare_training_data()
    target = model_path()
    if target.exists() and not force:
        logger.info("Modellen er opdateret (%s); ingen træning nødvendig.", target.name)
        if not model_info_path(target).exists():  # trained before models had their info file
            write_model_info(target, REAL_PROJECT)
        return target
    logger.info("Træner en ny model (%s). Det tager et par minutter …", target.name)
    train_command(REAL_PROJECT, settings.MODELS_DIR, target.name[: -len(".tar.gz")]).run(check=True)
    if not target.exists():
        raise RuntimeError(f"Træningen skrev ikke {target}")
    write_model_info(target, REAL_PROJECT)
    return target


FINETUNE_LIMIT = 5


def model_info_path(model: Path) -> Path:
    return model.with_name(model.name[: -len(".tar.gz")] + ".json")


def write_model_info(model: Path, project: RasaProject, finetuned_from: Optional[Path] = None) -> None:
    """Record how `model` was made (see the module's docstring)."""
    finetunings = read_model_info(finetuned_from).get("finetunings", 0) + 1 if finetuned_from else 0
    info = {"setup": setup_fingerprint(project), "finetunings": finetunings,
            "finetuned_from": finetuned_from.name if finetuned_from else None}
    model_info_path(model).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def read_model_info(model: Optional[Path]) -> dict:
    try:
        info = json.loads(model_info_path(model).read_text(encoding="utf-8")) if model else {}
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def finetune_base(project: RasaProject, running: Optional[Path]) -> Optional[Path]:
    """The model to fine-tune into a model of `project`, or None to train from scratch: the running model,
    when it has the same setup (only examples, stories or rules changed), was not itself the end of
    FINETUNE_LIMIT fine-tunings, and fine-tuning is not switched off (FINETUNE_EPOCH_FRACTION=0)."""
    if running is None or not running.is_file() or settings.finetune_epoch_fraction() <= 0:
        return None
    info = read_model_info(running)
    if info.get("setup") != setup_fingerprint(project) or int(info.get("finetunings", 0)) >= FINETUNE_LIMIT:
        return None
    return running


def latest_model() -> Optional[Path]:
    models = sorted(settings.MODELS_DIR.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
