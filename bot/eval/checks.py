"""Data validation before anything is trained: Rasa's own `rasa data validate` and the project's checks
of training and held-out data (bot.eval.data)."""
from __future__ import annotations

import os
import subprocess
from typing import Any, Dict

from bot import settings
from bot.eval import data


def rasa_validate() -> Dict[str, Any]:
    from bot.training import data_args, prepare_training_data, rasa_bin

    prepare_training_data()
    result = subprocess.run(
        [rasa_bin(), "data", "validate", "--domain", str(settings.DOMAIN_PATH),
         "--config", str(settings.CONFIG_PATH), "--data", *data_args()],
        cwd=settings.ROOT, env={**os.environ, **settings.rasa_env()}, capture_output=True, text=True,
    )
    output = result.stdout + result.stderr
    warnings = sorted({line.split("UserWarning: ", 1)[1].strip() for line in output.splitlines() if "UserWarning: " in line})
    return {"ok": result.returncode == 0, "warnings": warnings, "tail": output[-2000:] if result.returncode else ""}


def data_checks() -> Dict[str, Any]:
    """Everything about the NLU data that can be checked without a model."""
    training = data.training_examples()
    heldout = data.heldout_examples()
    intents, entities = data.domain_intents_and_entities()
    problems = data.check_training(training, intents).extend(
        data.check_heldout(heldout, training, intents, entities, data.catalogue_values())
    )
    counts: Dict[str, int] = {}
    for e in training:
        counts[e.intent] = counts.get(e.intent, 0) + 1
    return {
        "training_examples": len(training),
        "heldout_examples": len(heldout),
        "intents": len(intents),
        "fewest_training_examples": min(counts.values()) if counts else 0,
        "heldout_entities": sum(len(e.entities) for e in heldout),
        "errors": problems.errors,
        "warnings": problems.warnings,
    }
