"""The reference bot: what `rasa init --no-prompt` makes, trained once and reused by fingerprint.

It lives in var/bench/reference/ (git-ignored, never committed). The fingerprint covers the Rasa
version and the generated project's config, domain and data, so a new Rasa version or a changed
template trains it again; otherwise `make bench` reuses var/bench/reference/models/<fingerprint>.tar.gz.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from bot import settings
from bot.training import RasaProject, files_under, rasa_command

REFERENCE_DIR = settings.VAR_DIR / "bench" / "reference"
PROJECT_FILES = ["config.yml", "domain.yml", "data"]


def fingerprint(project: Path = REFERENCE_DIR) -> str:
    import rasa

    digest = hashlib.sha256(rasa.__version__.encode())
    for name in PROJECT_FILES:
        for file in files_under([project / name]):
            digest.update(str(file.relative_to(project)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _project_complete(project: Path) -> bool:
    return all((project / name).exists() for name in PROJECT_FILES)


def reference_model(log=print) -> Path:
    """The trained reference model, creating and training the `rasa init` project when needed."""
    project = RasaProject(REFERENCE_DIR)  # Rasa's own layout (domain.yml, data/), Rasa's default arguments
    if not _project_complete(REFERENCE_DIR):
        if REFERENCE_DIR.exists():
            shutil.rmtree(REFERENCE_DIR)
        REFERENCE_DIR.mkdir(parents=True)
        log("· Laver referencebotten med `rasa init --no-prompt` (træner den første gang, et par minutter) …")
        with open(REFERENCE_DIR.parent / "reference-init.log", "wb") as output:
            rasa_command(project, "init", "--no-prompt", "--init-dir", str(REFERENCE_DIR)).run(
                check=True, stdout=output, stderr=subprocess.STDOUT)
    models = REFERENCE_DIR / "models"
    target = models / f"{fingerprint()}.tar.gz"
    if target.exists():
        return target
    trained = sorted((p for p in models.glob("*.tar.gz") if p != target), key=lambda p: p.stat().st_mtime)
    if trained:  # `rasa init` has just trained it: keep that model under the fingerprint's name
        trained[-1].rename(target)
        return target
    log("· Træner referencebotten …")
    with open(REFERENCE_DIR.parent / "reference-train.log", "wb") as output:
        rasa_command(project, "train", "--out", str(models), "--fixed-model-name", target.name[:-7]).run(
            check=True, stdout=output, stderr=subprocess.STDOUT)
    return target
