"""Training and loading the models the evaluation measures."""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Optional, Tuple

from bot import settings

logger = logging.getLogger(__name__)


def rasa_environment() -> None:
    """Rasa in this process must never phone home (the same settings as every Rasa process), and its
    per-message debug log stays quiet."""
    os.environ.update(settings.rasa_env())
    try:
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)
    except Exception:  # an older/newer Rasa without structlog: nothing to quiet
        pass


def assistant_model() -> Tuple[Path, Optional[float]]:
    """The assistant's model for the current training data (trained when missing) and, when it was
    trained now, how many seconds that took."""
    from bot.training import model_path, prepare_training_data, train_if_needed

    prepare_training_data()
    existed = model_path().exists()
    started = time.monotonic()
    path = train_if_needed()
    return path, None if existed else round(time.monotonic() - started, 1)


def train_nlu_model(config: Path, nlu_data: Path, out_dir: Path, name: str) -> Tuple[Path, float]:
    """An NLU-only model (for cross-validation folds and for trying another config.yml)."""
    import rasa.model_training

    rasa_environment()
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    path = rasa.model_training.train_nlu(str(config), str(nlu_data), str(out_dir), fixed_model_name=name)
    if not path:
        raise RuntimeError(f"Træningen af {name} gav ingen model")
    return Path(path), round(time.monotonic() - started, 1)


def load_processor(model: Path):
    from rasa.core.agent import Agent

    rasa_environment()
    return Agent.load(str(model)).processor


def fallback_threshold(config: Path) -> float:
    import yaml

    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    for component in data.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0
