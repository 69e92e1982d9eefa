"""The paths of one project tree: the real checkout, or a copy of it (tests, staging).

The layout (config, domain, training data, catalogue, test stories) is bot.training's: a `Project` is
a `RasaProject` with what the editor adds (its models folder, which files it may edit, copies)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, List, Optional

from bot.training.project import (CATALOGUE_DIR, CONFIG_FILE, DOMAIN_DIR, GENERATED_NLU_DIR, NLU_DIR, RULES_DIR,
                                  STORIES_DIR, TEST_STORIES_DIR, RasaProject)

# Folders (relative to the root) whose files the editor may change, and which file types.
EDITABLE_DIRS = (NLU_DIR, STORIES_DIR, RULES_DIR, CATALOGUE_DIR, TEST_STORIES_DIR)

# New content written by editors goes to these files (created when missing).
EDITOR_NLU_FILE = f"{NLU_DIR}/editor.yml"
EDITOR_STORIES_FILE = f"{STORIES_DIR}/editor.yml"
EDITOR_RULES_FILE = f"{RULES_DIR}/editor.yml"
EDITOR_TEST_STORIES_FILE = f"{TEST_STORIES_DIR}/editor.yml"

# What a staging copy or a training snapshot needs (everything Rasa and our checks read).
SNAPSHOT_PATHS = (CONFIG_FILE, DOMAIN_DIR, "data", TEST_STORIES_DIR)


class PathError(ValueError):
    """A path outside the folders the editor may touch."""


@dataclass(frozen=True)
class Project(RasaProject):
    """root, catalogue_dir (always the tree's own data/catalogue), config_path, domain_path,
    generated_nlu_dir, test_stories_dir and training_dirs() come from RasaProject."""
    catalogue_dir: Optional[Path] = field(default=None, init=False)
    models_dir: Optional[Path] = None

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())
        object.__setattr__(self, "catalogue_dir", self.root / CATALOGUE_DIR)
        if self.models_dir is None:
            object.__setattr__(self, "models_dir", self.root / "models")

    # --- paths -------------------------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def rel(self, path: Path) -> str:
        return str(PurePosixPath(Path(path).resolve().relative_to(self.root)))

    def check_editable(self, rel: str, under: Iterable[str] = EDITABLE_DIRS) -> str:
        """Normalises a relative path and refuses anything outside the editable folders."""
        rel = str(PurePosixPath(rel))
        parts = PurePosixPath(rel).parts
        if not rel or PurePosixPath(rel).is_absolute() or ".." in parts or not rel.endswith((".yml", ".yaml")):
            raise PathError(f"Filen {rel!r} kan ikke redigeres her.")
        if rel.startswith(GENERATED_NLU_DIR + "/"):
            raise PathError(f"{rel} bliver skrevet automatisk fra kataloget og kan ikke redigeres.")
        if not any(rel.startswith(d + "/") for d in under):
            raise PathError(f"Filen {rel!r} ligger ikke i en mappe, der kan redigeres.")
        resolved = (self.root / rel).resolve()
        if self.root not in resolved.parents:
            raise PathError(f"Filen {rel!r} kan ikke redigeres her.")
        return rel

    def yaml_files(self, rel_dir: str) -> List[str]:
        base = self.root / rel_dir
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.rglob("*")):
            if path.suffix in (".yml", ".yaml") and path.is_file():
                rel = self.rel(path)
                if rel.startswith(GENERATED_NLU_DIR + "/"):
                    continue
                found.append(rel)
        return found

    def read(self, rel: str) -> Optional[str]:
        path = self.root / rel
        return path.read_text(encoding="utf-8") if path.exists() else None

    # --- copies -------------------------------------------------------------------------------------
    def snapshot(self, target: Path) -> "Project":
        """Copies what Rasa and the checks read into `target` (a staging copy or training snapshot)."""
        target = Path(target)
        target.mkdir(parents=True, exist_ok=True)
        for rel in SNAPSHOT_PATHS:
            source = self.root / rel
            if source.is_dir():
                shutil.copytree(source, target / rel, ignore=shutil.ignore_patterns("__pycache__", ".*"),
                                dirs_exist_ok=True)
            elif source.exists():
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / rel)
        return Project(target, models_dir=self.models_dir)
