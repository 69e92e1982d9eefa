"""Does the assistant decline real out-of-domain Danish instead of guessing a municipal answer?

The test material is xSID's Danish validation split (300 utterances for a voice assistant: alarms,
weather, music, …; CC BY-SA 4.0, see ../shared/data/xsid-da/README.md). Every third utterance (id
divisible by 3) is allowed as out-of-scope training material and lives, with its attribution, in
data/nlu/out_of_scope_xsid.yml; the other 200 are only ever test data. `split()` is the one place
that decides which is which.

A message counts as declined when the understanding gives it `out_of_scope` (the polite answer that
says what the assistant can help with) or the fallback (`nlu_fallback`, "sig det på en anden måde").
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot import settings

XSID_PATH = settings.ROOT.parent / "shared" / "data" / "xsid-da" / "da.valid.conll"
TRAINING_FILE = settings.DATA_DIR / "nlu" / "out_of_scope_xsid.yml"
DECLINED = ("out_of_scope", "nlu_fallback")


def read_xsid(path: Path = XSID_PATH) -> List[Tuple[int, str]]:
    """(id, text) of every utterance in the CoNLL file."""
    out: List[Tuple[int, str]] = []
    current: Optional[int] = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# id = "):
            current = int(line[len("# id = "):].strip())
        elif line.startswith("# text = ") and current is not None:
            out.append((current, line[len("# text = "):].strip()))
            current = None
    return out


def is_training(utterance_id: int) -> bool:
    return utterance_id % 3 == 0


def split(path: Path = XSID_PATH) -> Tuple[List[str], List[str]]:
    """(training texts, test texts)."""
    rows = read_xsid(path)
    return [t for i, t in rows if is_training(i)], [t for i, t in rows if not is_training(i)]


def measure(processor, texts: List[str], threshold: float) -> Dict[str, Any]:
    """Share of texts declined, and what the others were taken for."""
    from bot.eval.metrics import run_async

    predicted: List[Dict[str, Any]] = []
    for text in texts:
        parsed = run_async(processor.parse_message(_message(text)))
        intent = parsed.get("intent") or {}
        name, confidence = intent.get("name") or "", float(intent.get("confidence") or 0.0)
        if name not in DECLINED and confidence < threshold:
            name = "nlu_fallback"
        predicted.append({"text": text, "predicted": name, "confidence": round(confidence, 4)})
    declined = [p for p in predicted if p["predicted"] in DECLINED]
    wrong = [p for p in predicted if p["predicted"] not in DECLINED]
    return {
        "examples": len(texts),
        "declined": len(declined),
        "declined_share": round(len(declined) / len(texts), 4) if texts else 0.0,
        "as_out_of_scope": sum(1 for p in declined if p["predicted"] == "out_of_scope"),
        "as_fallback": sum(1 for p in declined if p["predicted"] == "nlu_fallback"),
        "taken_for": dict(Counter(p["predicted"] for p in wrong).most_common()),
        "errors": wrong,
    }


def _message(text: str):
    from rasa.core.channels.channel import UserMessage

    return UserMessage(text=text, sender_id="eval")


def training_yaml(texts: List[str]) -> str:
    """The training file's content (kept with its attribution, as CC BY-SA 4.0 requires)."""
    header = (
        "# Out-of-scope training material from xSID (Danish validation split, version 0.7), every\n"
        "# utterance whose id is divisible by 3; the other 200 are test data only (bot/eval/out_of_scope.py).\n"
        "# Licence: CC BY-SA 4.0. Source: van der Goot, Sharaf, Imankulova, Üstün, Stepanović, Ramponi,\n"
        "# Khairunnisa, Komachi and Plank (2021), \"From Masked Language Modeling to Translation: Non-English\n"
        "# Auxiliary Tasks Improve Zero-shot Spoken Language Understanding\", NAACL 2021; repository\n"
        "# mainlp/xsid, data/xSID-0.7/da.valid.conll. This file is under the same licence.\n"
        "# Written by `python -m bot.eval.out_of_scope`; do not edit by hand.\n"
    )
    lines = [header, 'version: "3.1"\n', "nlu:\n", "  - intent: out_of_scope\n", "    examples: |\n"]
    lines += [f"      - {' '.join(t.split())}\n" for t in texts]
    return "".join(lines)


if __name__ == "__main__":  # python -m bot.eval.out_of_scope: (re)write the training file
    train, test = split()
    TRAINING_FILE.write_text(training_yaml(train), encoding="utf-8")
    print(f"{TRAINING_FILE}: {len(train)} eksempler; {len(test)} er kun testdata.")
