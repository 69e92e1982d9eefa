"""Training data paths, the training fingerprint and training a model only when it changed."""
from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List, Optional

from bot import settings

logger = logging.getLogger(__name__)

# Rasa's training data folders (data/catalogue is content for the KB, not training data).
TRAINING_DATA_DIRS = [settings.DATA_DIR / "nlu", settings.DATA_DIR / "stories", settings.DATA_DIR / "rules"]
TEST_STORIES_DIR = settings.TESTS_DIR / "stories"
# Code whose behaviour is part of the trained model.
MODEL_CODE = [settings.ROOT / "bot" / "nlu"]


def rasa_bin() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def data_args() -> List[str]:
    return [str(path) for path in TRAINING_DATA_DIRS if path.exists()]


def files_under(paths: Iterable[Path]) -> List[Path]:
    """Every file in these files and folders (recursively, without __pycache__), sorted."""
    found: List[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            found.append(path)
    return sorted(found)


def prepare_training_data() -> None:
    """Regenerate the NLU data that comes from the catalogue (a no-op when unchanged)."""
    from bot.nlu.catalogue_data import generate

    generate()


def fingerprint() -> str:
    """Hash of everything a trained model depends on: config, domain, training data, pipeline."""
    from bot.nlu.danish_nlp import packaged_model_available

    digest = hashlib.sha256()
    paths = [settings.CONFIG_PATH, settings.DOMAIN_PATH, *TRAINING_DATA_DIRS, *MODEL_CODE]
    for path in files_under(paths):
        digest.update(str(path.relative_to(settings.ROOT)).encode())
        digest.update(path.read_bytes())
    for mark in environment_marks(packaged_model_available()):
        digest.update(mark)
    return digest.hexdigest()[:16]


def environment_marks(packaged_da_model: bool) -> List[bytes]:
    """What else a trained model depends on besides files: which Danish spaCy pipeline and which
    sentence encoder (a model trained with one must not run with another; bot/nlu/encoder.py).
    Shared with the editor's publish fingerprint."""
    return [b"packaged-da-model" if packaged_da_model else b"built-da-pipeline",
            f"encoder={settings.sentence_encoder()}".encode()]


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
    settings.MODELS_DIR.mkdir(parents=True, exist_ok=True)
    logger.info("Træner en ny model (%s). Det tager et par minutter …", target.name)
    command = [
        rasa_bin(), "train",
        "--config", str(settings.CONFIG_PATH),
        "--domain", str(settings.DOMAIN_PATH),
        "--data", *data_args(),
        "--out", str(settings.MODELS_DIR),
        "--fixed-model-name", target.name[: -len(".tar.gz")],
    ]
    env = {**os.environ, **settings.rasa_env()}
    subprocess.run(command, check=True, cwd=settings.ROOT, env=env)
    if not target.exists():
        raise RuntimeError(f"Træningen skrev ikke {target}")
    return target


def latest_model() -> Optional[Path]:
    models = sorted(settings.MODELS_DIR.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
