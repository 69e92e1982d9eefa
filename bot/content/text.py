"""Cutting and joining catalogue text for chat replies.

    first_sentences("Pligt siden 1. november 2014. Læs den på mit.dk.")  -> "Pligt siden 1. november 2014."
    first_sentences("Ledelse af digital omstilling, dvs. at gå foran. Mere her.")  -> the whole first sentence
    in_sentence("MitID") -> "MitID";  in_sentence("Kompetencehjulet") -> "kompetencehjulet"
    join_or(["a", "b", "c"]) -> "a, b eller c"
    steps_text(["Hent appen", "Opret dig"], "Sådan gør du:") -> "Sådan gør du:\n1. Hent appen\n2. Opret dig"

A sentence ends at . ! or ? followed by a space and a capital letter or a digit, except after an
ordinal date ("1. november"), a number ("kl. 10"), or a Danish abbreviation (ABBREVIATIONS).
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence

# Danish abbreviations that end with a full stop and are often followed by a name or a digit.
ABBREVIATIONS = frozenset({
    "bl.a.", "dvs.", "fx.", "f.eks.", "m.fl.", "mv.", "m.v.", "osv.", "ca.", "evt.", "jf.", "jvf.", "nr.",
    "pga.", "p.g.a.", "inkl.", "ekskl.", "kl.", "mht.", "m.h.t.", "vedr.", "iflg.", "ifm.", "etc.", "bl.", "a.",
    "st.", "tlf.", "hhv.", "o.l.", "ol.", "mm.", "m.m.", "dr.", "stk.", "pkt.", "jan.", "feb.", "aug.",
    "sep.", "sept.", "okt.", "nov.", "dec.", "f.", "s.", "el.", "ang.", "adm.", "afd.",
})
# A capital letter or digit starts the next sentence.
_BOUNDARY = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ0-9\"»(])")


def _is_sentence_end(text: str, dot: int) -> bool:
    if text[dot] in "!?":
        return True
    word = text[:dot + 1].rsplit(None, 1)[-1].lstrip("(\"»").lower()
    if word in ABBREVIATIONS:
        return False
    if re.fullmatch(r"\d{1,2}\.", word):  # "1. november", "nr. 3. Se ..." is rare; dates are common
        return False
    return True


def sentences(text: str) -> List[str]:
    """The text's sentences, whitespace normalised."""
    text = " ".join((text or "").split())
    out, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if _is_sentence_end(text, match.start()):
            out.append(text[start:match.start() + 1])
            start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


def first_sentences(text: str, n: int = 1) -> str:
    return " ".join(sentences(text)[:n])


def first_sentence(text: str) -> str:
    return first_sentences(text, 1)


def in_sentence(name: str) -> str:
    """A name inside a sentence: the first letter lower-cased, unless the name is a proper noun or an
    abbreviation, which keep their capitals (MitID, Digital Post, DigComp, IT, HR, KL's ...): a name with
    a capital letter after its first letter is kept as written."""
    if any(ch.isupper() for ch in name[1:]):
        return name
    return name[:1].lower() + name[1:]


def join_and(items: Sequence[str]) -> str:
    """"a, b og c"; "samt" before the last item when the items themselves contain "og"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    last = " samt " if any(" og " in item for item in items) else " og "
    return ", ".join(items[:-1]) + last + items[-1]


def join_or(items: Sequence[str]) -> str:
    """Alternatives: "a, b eller c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " eller " + items[-1]


def steps_text(steps: Sequence[str], heading: str, limit: Optional[int] = None) -> str:
    """The steps numbered under heading; only the first `limit` when given."""
    chosen = list(steps)[:limit] if limit else list(steps)
    return "\n".join([heading, *[f"{i}. {step}" for i, step in enumerate(chosen, 1)]])
