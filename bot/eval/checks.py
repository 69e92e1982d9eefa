"""Data validation before anything is trained: Rasa's own `rasa data validate` and the project's checks
of training and held-out data (bot.eval.data)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

from bot.eval import data


def rasa_validate() -> Dict[str, Any]:
    from bot.training import prepare_training_data, validate_command

    prepare_training_data()
    result = validate_command().run(capture_output=True, text=True)
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
    if data.REALISTIC_PATH.exists():
        # The realistic set is frozen: a sentence of it in the training data makes its figure worthless.
        for h, t in data.overlap(training, data.heldout_examples(data.REALISTIC_PATH)):
            problems.errors.append(f"Testeksemplet »{h.text}« ({h.intent}, {data.REALISTIC_PATH.name}) "
                                   f"findes også i træningsdata ({Path(t.source).name}).")
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
