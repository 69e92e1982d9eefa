"""The paths of one project tree: the real checkout, or a copy of it (tests, staging)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, List, Optional

# Folders (relative to the root) whose files the editor may change, and which file types.
NLU_DIR = "data/nlu"
STORIES_DIR = "data/stories"
RULES_DIR = "data/rules"
CATALOGUE_DIR = "data/catalogue"
TEST_STORIES_DIR = "tests/stories"
GENERATED_NLU_DIR = "data/nlu/generated"
EDITABLE_DIRS = (NLU_DIR, STORIES_DIR, RULES_DIR, CATALOGUE_DIR, TEST_STORIES_DIR)

# New content written by editors goes to these files (created when missing).
EDITOR_NLU_FILE = "data/nlu/editor.yml"
EDITOR_STORIES_FILE = "data/stories/editor.yml"
EDITOR_RULES_FILE = "data/rules/editor.yml"
EDITOR_TEST_STORIES_FILE = "tests/stories/editor.yml"

# What a staging copy or a training snapshot needs (everything Rasa and our checks read).
SNAPSHOT_PATHS = ("config.yml", "domain", "data", "tests/stories")


class PathError(ValueError):
    """A path outside the folders the editor may touch."""


@dataclass(frozen=True)
class Project:
    root: Path
    models_dir: Optional[Path] = None

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())
        if self.models_dir is None:
            object.__setattr__(self, "models_dir", self.root / "models")

    # --- paths -------------------------------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        return self.root / "config.yml"

    @property
    def domain_path(self) -> Path:
        return self.root / "domain"

    @property
    def catalogue_dir(self) -> Path:
        return self.root / CATALOGUE_DIR

    @property
    def generated_nlu_dir(self) -> Path:
        return self.root / GENERATED_NLU_DIR

    @property
    def test_stories_dir(self) -> Path:
        return self.root / TEST_STORIES_DIR

    def training_dirs(self) -> List[Path]:
        return [self.root / NLU_DIR, self.root / STORIES_DIR, self.root / RULES_DIR]

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
