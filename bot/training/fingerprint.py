"""The training fingerprint: a hash of everything a trained model depends on. A model is stored as
models/<fingerprint>.tar.gz, so a change always gives a new model and no change never trains again."""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Iterable, List

from bot import settings
from bot.training.project import REAL_PROJECT, RasaProject

# Code whose behaviour is part of the trained model (always the checkout's own, also for a copy).
MODEL_CODE = [settings.ROOT / "bot" / "nlu"]
PACKAGED_DA_MODEL = "da_core_news_sm"


def files_under(paths: Iterable[Path]) -> List[Path]:
    """Every file in these files and folders (recursively, without __pycache__ and hidden files such as
    .gitkeep, which the editor's snapshot does not copy and training never reads), sorted."""
    found: List[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            found.append(path)
    return sorted(found)


def packaged_model_available() -> bool:
    """Whether spaCy's packaged Danish model is installed: what bot.nlu.danish_nlp asks spaCy
    (spacy.util.is_package), without importing spaCy (which would pull TensorFlow into the editor)."""
    from importlib import metadata

    try:
        metadata.distribution(PACKAGED_DA_MODEL)
        return True
    except metadata.PackageNotFoundError:
        return False


def _environment_marks() -> List[bytes]:
    """What else a trained model depends on besides files: which Danish spaCy pipeline and which
    sentence encoder (a model trained with one must not run with another; bot/nlu/encoder.py)."""
    return [b"packaged-da-model" if packaged_model_available() else b"built-da-pipeline",
            f"encoder={settings.sentence_encoder()}".encode()]


def fingerprint(project: RasaProject = REAL_PROJECT) -> str:
    """Hash of config, domain, training data, the NLU code and the environment. Paths are hashed
    relative to their root, so a copy with the same files has the real checkout's fingerprint."""
    return _hash(project, [project.config_path, project.domain_path, *project.training_dirs()])


def setup_fingerprint(project: RasaProject = REAL_PROJECT) -> str:
    """The fingerprint without the training data: config, domain, the NLU code and the environment. Two
    models with the same setup differ only in their examples, stories and rules, so one can be fine-tuned
    into the other (bot/training/models.py)."""
    return _hash(project, [project.config_path, project.domain_path])


def _hash(project: RasaProject, inputs: List[Path]) -> str:
    entries = [(PurePosixPath(path.relative_to(project.root)), path) for path in files_under(inputs)]
    entries += [(PurePosixPath(path.relative_to(settings.ROOT)), path) for path in files_under(MODEL_CODE)]
    digest = hashlib.sha256()
    for rel, path in sorted(entries, key=lambda entry: entry[0]):
        digest.update(str(rel).encode())
        digest.update(path.read_bytes())
    for mark in _environment_marks():
        digest.update(mark)
    return digest.hexdigest()[:16]
