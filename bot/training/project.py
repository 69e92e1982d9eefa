"""Where Rasa finds a project's inputs: the real checkout or a copy of it (the editor's snapshot).

The one place that knows the project's layout: the relative paths below and the path properties of
`RasaProject`. The editor's `bot.editor.project.Project` is a `RasaProject` (plus what the editor
needs), so both read the same paths."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from bot import settings

# The project's layout, relative to its root.
CONFIG_FILE = "config.yml"
DOMAIN_DIR = "domain"
NLU_DIR = "data/nlu"
STORIES_DIR = "data/stories"
RULES_DIR = "data/rules"
CATALOGUE_DIR = "data/catalogue"
GENERATED_NLU_DIR = "data/nlu/generated"  # generated from the catalogue (git-ignored, rebuilt before training)
TEST_STORIES_DIR = "tests/stories"

# Rasa's training data folders (data/catalogue is content for the KB, not training data).
TRAINING_DATA = (NLU_DIR, STORIES_DIR, RULES_DIR)


@dataclass(frozen=True)
class RasaProject:
    root: Path
    # The catalogue our NLU components read (CATALOGUE_DIR for Rasa); None: the environment's.
    catalogue_dir: Optional[Path] = None

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def domain_path(self) -> Path:
        return self.root / DOMAIN_DIR

    @property
    def test_stories_dir(self) -> Path:
        return self.root / TEST_STORIES_DIR

    @property
    def generated_nlu_dir(self) -> Path:
        """The NLU data generated from the catalogue (git-ignored, rebuilt before training)."""
        return self.root / GENERATED_NLU_DIR

    def training_dirs(self) -> List[Path]:
        return [self.root / rel for rel in TRAINING_DATA]

    def data_args(self) -> List[str]:
        """The training data folders that exist, relative to the root (Rasa runs in the root)."""
        return [rel for rel in TRAINING_DATA if (self.root / rel).exists()]


REAL_PROJECT = RasaProject(settings.ROOT, catalogue_dir=settings.CATALOGUE_DIR)
