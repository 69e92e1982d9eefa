"""k-fold cross-validation of the NLU pipeline on the training data, with Rasa's own fold generator,
trainer and predictions. Each fold trains a model (NLU only) on k-1 parts and is measured on the rest."""
from __future__ import annotations

import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List

from bot.eval import metrics
from bot.eval.models import fallback_threshold, load_processor, train_nlu_model

logger = logging.getLogger(__name__)


def load_training_data(nlu_dir: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(nlu_dir))


def cross_validate(config: Path, nlu_dir: Path, table, folds: int = 5, seed: int = 42) -> Dict[str, Any]:
    import numpy as np
    from rasa.nlu.test import drop_intents_below_freq, generate_folds
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter

    data = drop_intents_below_freq(load_training_data(nlu_dir), cutoff=folds)
    threshold = fallback_threshold(config)
    np.random.seed(seed)  # StratifiedKFold(shuffle=True) in generate_folds draws from numpy's global state
    intent_results: List = []
    entity_results: List = []
    per_fold: List[Dict[str, Any]] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as tmp:
        tmp_path = Path(tmp)
        for number, (train, test) in enumerate(generate_folds(folds, data), start=1):
            logger.info("Krydsvalidering: fold %d af %d (%d træningseksempler, %d testeksempler)",
                        number, folds, len(train.intent_examples), len(test.intent_examples))
            train_file = tmp_path / f"fold{number}.yml"
            RasaYAMLWriter().dump(train_file, train)
            model, seconds = train_nlu_model(config, train_file, tmp_path, f"fold{number}")
            processor = load_processor(model)
            fold_intents, fold_entities = metrics.predict(processor, test)
            intent_results += fold_intents
            entity_results += fold_entities
            fold_intent = metrics.intent_figures(fold_intents)
            per_fold.append({"fold": number, "train_seconds": seconds, "intent_macro_f1": fold_intent["macro_f1"]})
            model.unlink(missing_ok=True)
    intents = metrics.intent_figures(intent_results)
    entities = metrics.entity_figures(entity_results, table)
    f1s = [f["intent_macro_f1"] for f in per_fold]
    return {
        "folds": folds,
        "examples": len(data.intent_examples),
        "intent_macro_f1": intents["macro_f1"],
        "intent_macro_f1_stdev": round(statistics.pstdev(f1s), 4) if len(f1s) > 1 else 0.0,
        "intent_accuracy": intents["accuracy"],
        "entity_f1": entities["f1"],
        "entity_value_f1": entities["value"]["f1"],
        "extractors": {k: v["f1"] for k, v in entities["extractors"].items()},
        "fallback": metrics.fallback_figures(intents["predictions"], threshold),
        "thresholds": metrics.threshold_table(intents["predictions"]),
        "per_intent": intents["per_intent"],
        # Every example a fold got wrong, surest first: where new training examples should come from.
        "errors": sorted((p for p in intents["predictions"] if p["predicted"] != p["intent"]),
                         key=lambda p: -p["confidence"]),
        "per_fold": per_fold,
        "train_seconds_mean": round(statistics.mean(f["train_seconds"] for f in per_fold), 1),
        "seconds": round(time.monotonic() - started, 1),
    }
