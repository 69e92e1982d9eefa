"""Where Rasa finds a project's inputs: the real checkout or a copy of it (the editor's snapshot)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from bot import settings

# Rasa's training data folders (data/catalogue is content for the KB, not training data).
TRAINING_DATA = ("data/nlu", "data/stories", "data/rules")


@dataclass(frozen=True)
class RasaProject:
    root: Path
    # The catalogue our NLU components read (CATALOGUE_DIR for Rasa); None: the environment's.
    catalogue_dir: Optional[Path] = None

    @property
    def config_path(self) -> Path:
        return self.root / "config.yml"

    @property
    def domain_path(self) -> Path:
        return self.root / "domain"

    @property
    def test_stories_dir(self) -> Path:
        return self.root / "tests" / "stories"

    @property
    def generated_nlu_dir(self) -> Path:
        """The NLU data generated from the catalogue (git-ignored, rebuilt before training)."""
        return self.root / "data" / "nlu" / "generated"

    def training_dirs(self) -> List[Path]:
        return [self.root / rel for rel in TRAINING_DATA]

    def data_args(self) -> List[str]:
        """The training data folders that exist, relative to the root (Rasa runs in the root)."""
        return [rel for rel in TRAINING_DATA if (self.root / rel).exists()]


REAL_PROJECT = RasaProject(settings.ROOT, catalogue_dir=settings.CATALOGUE_DIR)
