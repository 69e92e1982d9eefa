"""The real project's model: train it only when its fingerprint changed, find it, find the newest."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from bot import settings
from bot.training.commands import train_command
from bot.training.fingerprint import fingerprint
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
        return target
    logger.info("Træner en ny model (%s). Det tager et par minutter …", target.name)
    train_command(REAL_PROJECT, settings.MODELS_DIR, target.name[: -len(".tar.gz")]).run(check=True)
    if not target.exists():
        raise RuntimeError(f"Træningen skrev ikke {target}")
    return target


def latest_model() -> Optional[Path]:
    models = sorted(settings.MODELS_DIR.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
