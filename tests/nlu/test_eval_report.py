"""Fast checks of the evaluation harness: metrics on hand-made predictions and the report writer."""
from collections import namedtuple

from bot.eval import data, metrics, report

IntentResult = namedtuple("IntentResult", "intent_target intent_prediction message confidence")
EntityResult = namedtuple("EntityResult", "entity_targets entity_predictions tokens message")


def _results(macro=0.97, entity=0.93):
    predictions = [
        {"text": "hej", "intent": "greet", "predicted": "greet", "confidence": 0.98},
        {"text": "farvel", "intent": "goodbye", "predicted": "goodbye", "confidence": 0.91},
        {"text": "hvor får jeg hjælp", "intent": "citizen_where_help", "predicted": "ask_help", "confidence": 0.55},
        {"text": "tak", "intent": "thank", "predicted": "thank", "confidence": 0.42},
    ]
    labels = ["ask_help", "citizen_where_help", "goodbye", "greet", "thank"]
    matrix = [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]]
    return {
        "created": "2026-01-01 12:00",
        "model": "abc123",
        "train_seconds": 150.0,
        "data": {"training_examples": 700, "heldout_examples": 4, "intents": 5, "errors": [], "warnings": []},
        "rasa_validate": {"ok": True},
        "heldout": {
            "intent": {
                "macro_f1": macro, "weighted_f1": 0.95, "accuracy": 0.75, "examples": 4,
                "per_intent": {"citizen_where_help": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1},
                               "greet": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}},
                "labels": labels, "matrix": matrix, "predictions": predictions,
            },
            "fallback": metrics.fallback_figures(predictions, 0.5),
            "entity": {
                "precision": 0.95, "recall": 0.91, "f1": entity,
                "per_entity": {"role": {"precision": 1.0, "recall": 0.9, "f1": 0.95, "support": 10}},
                "extractors": {"DIETClassifier": {"precision": 0.9, "recall": 0.5, "f1": 0.64}},
                "value": {"precision": 0.9, "recall": 0.9, "f1": 0.9, "gold": 10, "predicted": 10,
                          "errors": [{"text": "hvad med pædagogerne", "expected": "role=paedagog", "found": "intet"}]},
            },
        },
        "cv": {"folds": 5, "examples": 700, "intent_macro_f1": 0.96, "intent_macro_f1_stdev": 0.01,
               "intent_accuracy": 0.96, "entity_f1": 0.92, "entity_value_f1": 0.9,
               "per_fold": [{"fold": 1, "train_seconds": 60, "intent_macro_f1": 0.96}], "train_seconds_mean": 60},
        "stories": {"ok": True, "stories": 3, "failed": 0, "failed_names": []},
    }


def test_report_writer_writes_markdown_and_figures(tmp_path):
    path = report.write_report(_results(), tmp_path)
    text = path.read_text(encoding="utf-8")
    assert path.name == report.REPORT_NAME
    assert "**Målene er nået**" in text
    assert "0,970" in text and "0,930" in text  # Danish decimal comma
    assert "citizen_where_help → ask_help (1)" in text
    assert "hvad med pædagogerne" in text
    assert "Testhistorier: alle 3 bestået." in text
    assert len(text.splitlines()) < 80, "the report should be read in a minute"
    for name in (report.CONFUSION_PNG, report.HISTOGRAM_PNG, report.SUMMARY_JSON):
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / report.CONFUSION_PNG).read_bytes()[:4] == b"\x89PNG"


def test_report_says_when_targets_are_missed(tmp_path):
    results = _results(macro=0.9, entity=0.8)
    ok, reasons = report.targets_met(results)
    assert not ok and len(reasons) == 2
    text = report.markdown(results)
    assert "**Målene er ikke nået:**" in text and "0,900" in text


def test_fallback_figures():
    preds = [{"intent": "a", "predicted": "a", "confidence": 0.4}, {"intent": "a", "predicted": "b", "confidence": 0.8}]
    assert metrics.fallback_figures(preds, 0.5) == {
        "threshold": 0.5, "total": 2, "below": 1, "below_correct": 1, "wrong_above": 1}


def test_value_figures_need_the_catalogue_id():
    table = {("role", "pædagog"): "paedagog", ("role", "paedagog"): "paedagog"}
    text = "hvad med en pædagog og en lærer"
    result = EntityResult(
        [{"entity": "role", "value": "pædagog", "start": 12, "end": 19},
         {"entity": "role", "value": "folkeskolelaerer", "start": 26, "end": 31}],
        [{"entity": "role", "value": "paedagog", "start": 12, "end": 19, "extractor": "X"},
         {"entity": "role", "value": "lærer", "start": 26, "end": 31, "extractor": "DIETClassifier"}],
        [], text,
    )
    table[("role", "lærer")] = "folkeskolelaerer"
    figures = metrics.value_figures([result], table)
    assert (figures["precision"], figures["recall"]) == (0.5, 0.5)
    assert figures["errors"][0]["expected"] == "role=folkeskolelaerer"


def test_intent_figures_give_macro_f1():
    results = [IntentResult("a", "a", "x", 0.9), IntentResult("b", "a", "y", 0.6), IntentResult("b", "b", "z", 0.7)]
    figures = metrics.intent_figures(results)
    assert figures["labels"] == ["a", "b"]
    assert figures["matrix"] == [[1, 0], [1, 1]]
    assert abs(figures["macro_f1"] - (2 / 3 + 2 / 3) / 2) < 1e-3


def test_gold_value_explicit_or_from_catalogue():
    table = {("role", "pædagog"): "paedagog", ("role", "paedagog"): "paedagog"}
    assert data.gold_value(data.Entity("role", "Pædagog", "Pædagog", 0, 7), table) == "paedagog"
    assert data.gold_value(data.Entity("role", "paedagog", "pædagogerne", 0, 11), table) == "paedagog"
    assert data.gold_value(data.Entity("role", "pædagogerne", "pædagogerne", 0, 11), table) is None


def test_report_lists_the_cross_validation_errors_to_write_examples_from(tmp_path):
    results = _results()
    results["cv"]["errors"] = [
        {"text": "kan vi begynde", "intent": "readiness_start", "predicted": "readiness_restart", "confidence": 0.66},
    ]
    text = report.markdown(results)
    assert "Forkerte i krydsvalideringen (1" in text
    assert "»kan vi begynde«: readiness_start → readiness_restart (0,66)" in text
    del results["cv"]["errors"]
    assert "Forkerte i krydsvalideringen" not in report.markdown(results)
