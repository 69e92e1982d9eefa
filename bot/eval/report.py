"""The report a person reads in a minute: reports/nlu-rapport.md, two PNG figures and summary.json.

`write_report(results, out_dir)` only needs the results dictionary that `python -m bot eval` builds,
so it can be tested without a model.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

REPORT_NAME = "nlu-rapport.md"
CONFUSION_PNG = "intent_forvekslingsmatrix.png"
HISTOGRAM_PNG = "intent_sikkerhed.png"
SUMMARY_JSON = "summary.json"

TARGETS = {"intent_macro_f1": 0.95, "entity_f1": 0.90, "realistic_accuracy": 0.90,
           "out_of_scope_declined": 0.97, "cv_macro_f1": 0.90}


def fmt(value: Optional[float], digits: int = 3) -> str:
    """Danish decimal comma: 0.953 -> '0,953'."""
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


def targets_met(results: Dict[str, Any]) -> Tuple[bool, List[str]]:
    """Whether the held-out figures meet the targets, and why not."""
    heldout = results.get("heldout") or {}
    reasons = []
    intent_f1 = (heldout.get("intent") or {}).get("macro_f1")
    entity_f1 = (heldout.get("entity") or {}).get("f1")
    if intent_f1 is None or intent_f1 < TARGETS["intent_macro_f1"]:
        reasons.append(f"intentionernes makro-F1 er {fmt(intent_f1)} (mål {fmt(TARGETS['intent_macro_f1'], 2)})")
    if entity_f1 is None or entity_f1 < TARGETS["entity_f1"]:
        reasons.append(f"entiteternes F1 er {fmt(entity_f1)} (mål {fmt(TARGETS['entity_f1'], 2)})")
    realistic = ((results.get("realistic") or {}).get("intent") or {}).get("accuracy")
    if results.get("realistic") and realistic < TARGETS["realistic_accuracy"]:
        reasons.append(f"andel rigtige i det realistiske testsæt er {fmt(realistic)} "
                       f"(mål {fmt(TARGETS['realistic_accuracy'], 2)})")
    oos = (results.get("out_of_scope") or {}).get("declined_share")
    if results.get("out_of_scope") and oos < TARGETS["out_of_scope_declined"]:
        reasons.append(f"xSID afvist {fmt(oos)} (mål {fmt(TARGETS['out_of_scope_declined'], 2)})")
    cv = (results.get("cv") or {}).get("intent_macro_f1")
    if results.get("cv") and cv < TARGETS["cv_macro_f1"]:
        reasons.append(f"krydsvalideringens makro-F1 er {fmt(cv)} (mål {fmt(TARGETS['cv_macro_f1'], 2)})")
    return not reasons, reasons


# --- figures ------------------------------------------------------------------------------------------
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(labels: List[str], matrix: List[List[int]], path: Path) -> None:
    import numpy as np

    plt = _pyplot()
    data = np.array(matrix, dtype=float)
    size = max(6.0, 0.32 * len(labels) + 3)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    rows = data.sum(axis=1, keepdims=True)
    share = np.divide(data, rows, out=np.zeros_like(data), where=rows > 0)
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if data[i, j]:
                wrong = i != j
                ax.text(j, i, int(data[i, j]), ha="center", va="center", fontsize=7,
                        color="#b00020" if wrong else ("white" if share[i, j] > 0.6 else "black"),
                        fontweight="bold" if wrong else "normal")
    ax.set_xticks(range(len(labels)))
    ax.set_yticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=90, fontsize=7)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_xlabel("Forudsagt intention")
    ax.set_ylabel("Rigtig intention")
    ax.set_title("Intentioner på testdata: antal eksempler (røde tal er fejl)")
    fig.colorbar(image, ax=ax, fraction=0.04, label="andel af rækken")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_confidences(predictions: List[Dict[str, Any]], threshold: float, path: Path) -> None:
    plt = _pyplot()
    right = [p["confidence"] for p in predictions if p["predicted"] == p["intent"]]
    wrong = [p["confidence"] for p in predictions if p["predicted"] != p["intent"]]
    bins = [i / 20 for i in range(21)]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.hist([right, wrong], bins=bins, stacked=True, color=["#2e7d32", "#c62828"],
            label=[f"rigtig intention ({len(right)})", f"forkert intention ({len(wrong)})"])
    if threshold:
        ax.axvline(threshold, color="black", linestyle="--", linewidth=1)
        ax.text(threshold, ax.get_ylim()[1] * 0.95, f" fallback-tærskel {fmt(threshold, 2)}", fontsize=8, va="top")
    ax.set_xlabel("Sikkerhed (confidence) for den forudsagte intention")
    ax.set_yscale("log")
    ax.set_ylabel("Antal testeksempler (logaritmisk)")
    ax.set_title("Hvor sikker er modellen på testdata?")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --- Markdown -----------------------------------------------------------------------------------------
def _confusions(predictions: List[Dict[str, Any]], limit: int = 5) -> List[Tuple[Tuple[str, str], int]]:
    pairs = Counter((p["intent"], p["predicted"]) for p in predictions if p["predicted"] != p["intent"])
    return pairs.most_common(limit)


def _table(header: List[str], rows: List[List[str]]) -> List[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def markdown(results: Dict[str, Any]) -> str:
    heldout = results.get("heldout") or {}
    intent = heldout.get("intent") or {}
    entity = heldout.get("entity") or {}
    cv = results.get("cv")
    data = results.get("data") or {}
    stories = results.get("stories")
    fallback = heldout.get("fallback") or {}
    ok, reasons = targets_met(results)

    lines = ["# NLU-rapport: assistentens danske forståelse", ""]
    meta = [results.get("created", ""), f"model {results.get('model', '?')}"]
    if data:
        meta.append(f"{data.get('training_examples', '?')} træningseksempler, "
                    f"{data.get('heldout_examples', '?')} testeksempler, {data.get('intents', '?')} intentioner")
    lines += [" · ".join(m for m in meta if m), ""]
    if ok:
        lines.append("**Målene er nået** på testdata, som modellen aldrig har trænet på.")
    else:
        lines.append("**Målene er ikke nået:** " + "; ".join(reasons) + ".")
    lines.append("")

    cv_label = f"Krydsvalidering ({cv['folds']} fold)" if cv else "Krydsvalidering"
    rows = [
        ["Intentioner, makro-F1", fmt(intent.get("macro_f1")), fmt(cv and cv.get("intent_macro_f1")), f"≥ {fmt(TARGETS['intent_macro_f1'], 2)}"],
        ["Entiteter, F1", fmt(entity.get("f1")), fmt(cv and cv.get("entity_f1")), f"≥ {fmt(TARGETS['entity_f1'], 2)}"],
        ["Entiteter med katalogets id, F1", fmt((entity.get("value") or {}).get("f1")), fmt(cv and cv.get("entity_value_f1")), ""],
        ["Intentioner, andel rigtige", fmt(intent.get("accuracy")), fmt(cv and cv.get("intent_accuracy")), ""],
    ]
    lines += _table(["", "Testdata (held-out)", cv_label, "Mål"], rows)
    lines.append("")
    if fallback:
        lines.append(
            f"Under fallback-tærsklen ({fmt(fallback['threshold'], 2)}): {fallback['below']} af {fallback['total']} "
            f"testeksempler får »det forstod jeg ikke« ({fallback['below_correct']} af dem var ellers rigtige); "
            f"{fallback['wrong_above']} forkerte intentioner ligger over tærsklen."
        )
    if stories is not None:
        if stories.get("stories", 0) == 0:
            lines.append("Testhistorier: ingen fundet.")
        elif stories.get("ok"):
            lines.append(f"Testhistorier: alle {stories['stories']} bestået.")
        else:
            names = ", ".join(stories.get("failed_names") or []) or "se reports/stories/"
            lines.append(f"Testhistorier: {stories.get('failed', '?')} af {stories['stories']} fejler ({names}).")
    if data:
        if data.get("errors"):
            lines.append(f"Datatjek: {len(data['errors'])} fejl (se nederst).")
        else:
            lines.append("Datatjek: ingen fejl (mindst 20 eksempler pr. intention, intet eksempel under to "
                         "intentioner, testdata overlapper ikke træningsdata og dækker alle intentioner og entiteter).")
    if results.get("train_seconds"):
        lines.append(f"Træningstid for modellen: {fmt(results['train_seconds'] / 60, 1)} min.")
    lines.append("")

    predictions = intent.get("predictions") or []
    confusions = _confusions(predictions)
    if confusions or entity.get("value", {}).get("errors"):
        lines += ["## Hvor den tager fejl", ""]
    if confusions:
        lines.append("Oftest forvekslet (rigtig → forudsagt): " + "; ".join(
            f"{a} → {b} ({n})" for (a, b), n in confusions) + ".")
        lines.append("")
        wrong = [p for p in predictions if p["predicted"] != p["intent"]]
        wrong.sort(key=lambda p: -p["confidence"])
        for p in wrong[:10]:
            lines.append(f"- »{p['text']}«: {p['intent']}, fik {p['predicted']} ({fmt(p['confidence'], 2)})")
        if len(wrong) > 10:
            lines.append(f"- … og {len(wrong) - 10} til (reports/heldout/intent_errors.json)")
        lines.append("")
    weak = sorted(((n, f) for n, f in (intent.get("per_intent") or {}).items() if f["f1"] < 0.9), key=lambda x: x[1]["f1"])
    if weak:
        lines.append("Svageste intentioner (F1 under 0,9): " + ", ".join(f"{n} {fmt(f['f1'], 2)}" for n, f in weak) + ".")
        lines.append("")
    value_errors = (entity.get("value") or {}).get("errors") or []
    if value_errors:
        lines.append("Entiteter, der ikke blev fundet med rigtigt id:")
        for e in value_errors[:10]:
            lines.append(f"- »{e['text']}«: forventet {e['expected']}, fandt {e['found']}")
        if len(value_errors) > 10:
            lines.append(f"- … og {len(value_errors) - 10} til (reports/summary.json)")
        lines.append("")

    extractors = entity.get("extractors") or {}
    if extractors:
        lines += ["## Entiteter pr. udtrækker (testdata)", ""]
        rows = [["samlet (det assistenten bruger)", fmt(entity.get("precision")), fmt(entity.get("recall")), fmt(entity.get("f1"))]]
        rows += [[name, fmt(e["precision"]), fmt(e["recall"]), fmt(e["f1"])] for name, e in extractors.items()]
        alone = entity.get("diet_alone")
        if alone:
            rows.append(["DIETClassifier alene (kataloget slået fra)", fmt(alone["precision"]), fmt(alone["recall"]), fmt(alone["f1"])])
        lines += _table(["", "Præcision", "Genkaldelse", "F1"], rows)
        lines += ["", "Katalogets udtrækker vinder, hvor begge finder noget; DIETClassifier måles derfor kun på "
                  "resten (dens genkaldelse ser lavere ud, end den er); linjen »alene« er samme model med katalogets udtrækker slået fra. Målet gælder den samlede linje.", ""]
        per_entity = entity.get("per_entity") or {}
        if per_entity:
            lines.append("Pr. entitet (samlet, F1): " + ", ".join(
                f"{n} {fmt(e['f1'], 2)} ({e['support']} tokens)" for n, e in sorted(per_entity.items())) + ".")
            lines.append("")

    realistic = results.get("realistic")
    if realistic:
        r_intent = realistic["intent"]
        wrong = [p for p in r_intent["predictions"] if p["predicted"] != p["intent"]]
        lines += ["## Realistisk testsæt (tests/nlu/realistic.yml)", "",
                  f"{r_intent['examples']} beskeder skrevet, som folk skriver (små bogstaver, tastefejl, uden æøå, "
                  f"lange beskeder, breve), frosset før træningsdata blev skrevet: andel rigtige "
                  f"**{fmt(r_intent['accuracy'])}**, makro-F1 {fmt(r_intent['macro_f1'])}, entiteter F1 "
                  f"{fmt(realistic['entity']['f1'])} (med katalogets id {fmt(realistic['entity']['value']['f1'])}).", ""]
        if wrong:
            lines += [f"Forkerte ({len(wrong)}), de første 15:", ""]
            lines += [f"- »{p['text']}«: {p['intent']} → {p['predicted']} ({fmt(p['confidence'], 2)})" for p in wrong[:15]]
            lines.append("")
    oos = results.get("out_of_scope")
    if oos:
        lines += ["## Beskeder uden for emnet (xSID, dansk)", "",
                  f"{oos['declined']} af {oos['examples']} afvist høfligt (**{fmt(oos['declined_share'])}**): "
                  f"{oos['as_out_of_scope']} som out_of_scope, {oos['as_fallback']} som fallback."
                  + (" Resten blev taget for: " + ", ".join(f"{k} {v}" for k, v in oos["taken_for"].items()) + "."
                     if oos["taken_for"] else ""), ""]
        lines += [f"- »{p['text']}« → {p['predicted']} ({fmt(p['confidence'], 2)})" for p in oos["errors"][:10]]
        lines.append("")

    if cv:
        lines += ["## Krydsvalidering", "",
                  f"{cv['folds']} fold over {cv['examples']} træningseksempler; makro-F1 pr. fold: "
                  + ", ".join(fmt(f["intent_macro_f1"]) for f in cv.get("per_fold", []))
                  + f" (spredning {fmt(cv.get('intent_macro_f1_stdev'))}); træning i snit "
                  f"{fmt(cv.get('train_seconds_mean', 0) / 60, 1)} min pr. fold.", ""]
        cv_errors = cv.get("errors") or []
        if cv_errors:
            lines += [f"Forkerte i krydsvalideringen ({len(cv_errors)}; nye træningseksempler skrives herfra, "
                      "ikke fra testsættene), de sikreste først:", ""]
            lines += [f"- »{p['text']}«: {p['intent']} → {p['predicted']} ({fmt(p['confidence'], 2)})"
                      for p in cv_errors[:10]]
            if len(cv_errors) > 10:
                lines.append(f"- … og {len(cv_errors) - 10} til (reports/summary.json, cv.errors)")
            lines.append("")

    lines += ["## Figurer", "", f"![Forvekslingsmatrix for intentioner]({CONFUSION_PNG})", "",
              f"![Sikkerhed for rigtige og forkerte intentioner]({HISTOGRAM_PNG})", ""]
    if data.get("errors"):
        lines += ["## Fejl i data", ""] + [f"- {e}" for e in data["errors"]] + [""]
    if results.get("rasa_validate") and not results["rasa_validate"].get("ok", True):
        lines += ["## rasa data validate fejlede", "", "```", results["rasa_validate"].get("tail", ""), "```", ""]
    lines.append("Detaljer: reports/summary.json, reports/heldout/ (Rasa's rapporter og fejl), reports/stories/.")
    return "\n".join(lines) + "\n"


def write_report(results: Dict[str, Any], out_dir: Path) -> Path:
    """Write the Markdown report, the figures and summary.json; return the report's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    intent = (results.get("heldout") or {}).get("intent") or {}
    if intent.get("labels"):
        plot_confusion(intent["labels"], intent["matrix"], out_dir / CONFUSION_PNG)
    if intent.get("predictions"):
        threshold = ((results.get("heldout") or {}).get("fallback") or {}).get("threshold", 0.0)
        plot_confidences(intent["predictions"], threshold, out_dir / HISTOGRAM_PNG)
    (out_dir / SUMMARY_JSON).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    path = out_dir / REPORT_NAME
    path.write_text(markdown(results), encoding="utf-8")
    return path
