"""Turning Rasa's evaluation results into the figures the report shows.

Rasa does the predicting and its classification reports (rasa.nlu.test); this module adds what the
report needs on top: macro-F1 of intents, the entities as the assistant ends up with them (all
extractors merged), whether the entity values are the catalogue's ids, and the fallback rate.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

COMBINED = "samlet"  # the entities the assistant ends up with, whichever extractor found them


def run_async(coro):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


def predict(processor, test_data) -> Tuple[list, list]:
    """Rasa's own predictions for every example: (intent results, entity results)."""
    from rasa.nlu.test import get_eval_data

    intent_results, _, entity_results = run_async(get_eval_data(processor, test_data))
    return intent_results, entity_results


def _num(value: Any) -> float:
    return round(float(value), 4)


def intent_figures(intent_results: list, output_dir: Optional[str] = None) -> Dict[str, Any]:
    """Macro/weighted F1, per-intent figures, the confusion matrix and every prediction's confidence."""
    import sklearn.metrics
    from rasa.nlu.test import evaluate_intents

    evaluation = evaluate_intents(
        intent_results, output_dir, successes=False, errors=bool(output_dir), disable_plotting=True,
        report_as_dict=True,
    )
    report = evaluation["report"]
    targets = [r.intent_target for r in intent_results]
    predicted = [r.intent_prediction or "" for r in intent_results]
    labels = sorted(set(targets) | set(predicted))
    matrix = sklearn.metrics.confusion_matrix(targets, predicted, labels=labels).tolist()
    per_intent = {
        name: {
            "precision": _num(row["precision"]), "recall": _num(row["recall"]),
            "f1": _num(row["f1-score"]), "support": int(row["support"]),
        }
        for name, row in report.items()
        if isinstance(row, dict) and "f1-score" in row and name not in ("macro avg", "weighted avg", "micro avg")
    }
    return {
        "macro_f1": _num(report["macro avg"]["f1-score"]),
        "weighted_f1": _num(report["weighted avg"]["f1-score"]),
        "accuracy": _num(evaluation["accuracy"]),
        "examples": len(intent_results),
        "per_intent": per_intent,
        "labels": labels,
        "matrix": matrix,
        "predictions": [
            {"text": r.message, "intent": r.intent_target, "predicted": r.intent_prediction,
             "confidence": _num(r.confidence or 0.0)}
            for r in intent_results
        ],
    }


def fallback_figures(predictions: Sequence[Dict[str, Any]], threshold: float) -> Dict[str, Any]:
    """How many examples the FallbackClassifier would turn into nlu_fallback (confidence < threshold)."""
    below = [p for p in predictions if p["confidence"] < threshold]
    return {
        "threshold": threshold,
        "total": len(predictions),
        "below": len(below),
        "below_correct": sum(1 for p in below if p["predicted"] == p["intent"]),
        "wrong_above": sum(1 for p in predictions if p["confidence"] >= threshold and p["predicted"] != p["intent"]),
    }


def _combined(entity_results: list) -> list:
    """The same results with every prediction credited to one pseudo-extractor."""
    return [
        r._replace(entity_predictions=[{**e, "extractor": COMBINED} for e in r.entity_predictions])
        for r in entity_results
    ]


def _entity_report(evaluation: Dict[str, Any]) -> Dict[str, Any]:
    report = evaluation["report"]
    avg = report.get("micro avg") or report.get("weighted avg") or {}
    per_entity = {
        name: {"precision": _num(row["precision"]), "recall": _num(row["recall"]),
               "f1": _num(row["f1-score"]), "support": int(row["support"])}
        for name, row in report.items()
        if isinstance(row, dict) and "f1-score" in row and not name.endswith(" avg")
    }
    return {
        "precision": _num(avg.get("precision", 0.0)), "recall": _num(avg.get("recall", 0.0)),
        "f1": _num(avg.get("f1-score", 0.0)), "per_entity": per_entity,
    }


def entity_figures(entity_results: list, table: Dict[Tuple[str, str], str], output_dir: Optional[str] = None) -> Dict[str, Any]:
    """Token-level precision/recall/F1 (Rasa's measure) for the merged entities and for each extractor,
    plus span-level F1 that also requires the value to be the catalogue's id."""
    from rasa.nlu.test import _get_active_entity_extractors, evaluate_entities

    extractors = _get_active_entity_extractors(entity_results)
    per_extractor = evaluate_entities(
        entity_results, extractors, output_dir, successes=False, errors=bool(output_dir),
        disable_plotting=True, report_as_dict=True,
    ) if extractors else {}
    combined = evaluate_entities(
        _combined(entity_results), {COMBINED}, output_dir, successes=False, errors=bool(output_dir),
        disable_plotting=True, report_as_dict=True,
    )[COMBINED]
    result = _entity_report(combined)
    result["extractors"] = {name: _entity_report(ev) for name, ev in sorted(per_extractor.items())}
    result["value"] = value_figures(entity_results, table)
    return result


def value_figures(entity_results: list, table: Dict[Tuple[str, str], str]) -> Dict[str, Any]:
    """Span-level: a predicted entity counts when type matches, spans overlap and value is the gold id."""
    from bot.eval.data import CATALOGUE_ENTITIES, Entity, gold_value

    tp = fp = fn = 0
    errors: List[Dict[str, Any]] = []
    for r in entity_results:
        text = r.message
        gold = []
        for t in r.entity_targets:
            if t["entity"] not in CATALOGUE_ENTITIES:
                continue
            ent = Entity(t["entity"], str(t.get("value", "")), text[t["start"]:t["end"]], t["start"], t["end"])
            gold.append((t, gold_value(ent, table)))
        predicted = [p for p in r.entity_predictions if p["entity"] in CATALOGUE_ENTITIES]
        used = set()
        for t, gid in gold:
            match = None
            for i, p in enumerate(predicted):
                if i in used or p["entity"] != t["entity"]:
                    continue
                if p["start"] < t["end"] and t["start"] < p["end"] and str(p.get("value")) == gid:
                    match = i
                    break
            if match is None:
                fn += 1
                found = [f"{p['entity']}={p.get('value')}" for p in predicted
                         if p["start"] < t["end"] and t["start"] < p["end"]]
                errors.append({"text": text, "expected": f"{t['entity']}={gid}", "found": ", ".join(found) or "intet"})
            else:
                used.add(match)
                tp += 1
        for i, p in enumerate(predicted):
            if i not in used:
                fp += 1
                if not any(p["start"] < t["end"] and t["start"] < p["end"] for t, _ in gold):
                    errors.append({"text": text, "expected": "intet",
                                   "found": f"{p['entity']}={p.get('value')} ({text[p['start']:p['end']]})"})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": _num(precision), "recall": _num(recall), "f1": _num(f1),
            "gold": tp + fn, "predicted": tp + fp, "errors": errors}


def threshold_table(predictions: Sequence[Dict[str, Any]], thresholds=(0.3, 0.4, 0.5, 0.6, 0.7)) -> List[Dict[str, Any]]:
    """For choosing the fallback threshold: what each threshold would cost and catch."""
    return [fallback_figures(predictions, t) for t in thresholds]


def _catalogue_nodes(processor) -> list:
    from bot.nlu.catalogue_entities import CatalogueEntityExtractor

    nodes = getattr(getattr(processor, "graph_runner", None), "_instantiated_nodes", {}) or {}
    return [n for n in nodes.values() if issubclass(getattr(n, "_component_class", object), CatalogueEntityExtractor)]


def diet_alone_entities(processor, test_data, table) -> Optional[Dict[str, Any]]:
    """Entities as DIET finds them without the catalogue's extractor. That extractor is not trained, so
    switching it off at prediction time leaves the same trained model. (Rasa's graph keeps each node's
    function, so the node is switched off rather than the class.)"""
    nodes = _catalogue_nodes(processor)
    if not nodes:
        return None
    saved = [n._fn for n in nodes]
    try:
        for n in nodes:
            n._fn = lambda component, messages, **kwargs: messages
        _, entity_results = predict(processor, test_data)
    finally:
        for n, fn in zip(nodes, saved):
            n._fn = fn
    figures = entity_figures(entity_results, table)
    figures.pop("extractors", None)
    figures["value"].pop("errors", None)
    return figures


def evaluate_processor(processor, test_data, table, output_dir: Optional[str] = None, threshold: float = 0.5) -> Dict[str, Any]:
    """All held-out figures for one loaded model."""
    started = time.monotonic()
    intent_results, entity_results = predict(processor, test_data)
    intents = intent_figures(intent_results, output_dir)
    entities = entity_figures(entity_results, table, output_dir)
    entities["diet_alone"] = diet_alone_entities(processor, test_data, table)
    return {
        "intent": intents,
        "fallback": fallback_figures(intents["predictions"], threshold),
        "entity": entities,
        "seconds": round(time.monotonic() - started, 1),
    }
