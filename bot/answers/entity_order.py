"""Which of several entities of one kind a message is asking about.

In a long message the context comes first and the question last: "jeg er afdelingsleder i hjemmeplejen
… hvilke digitale kompetencer skal en sosu-assistent have?" asks about the sosu-assistent, not the
leader. Entities in the message's question (the last sentence with a question mark, or else the last
sentence) are put first; the rest keep their order.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Tuple

_SENTENCE_END = re.compile(r"[.!?\n]+")


def question_span(text: str) -> Tuple[int, int]:
    """Start and end of the sentence the message asks in."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    if not spans:
        return 0, len(text)
    asking = [(a, b) for a, b in spans if "?" in text[a:b]]
    return (asking or spans)[-1]


def question_first(entities: List[Dict], text: str) -> List[Dict]:
    """The entities, those inside the question first (a stable sort)."""
    if not text:
        return list(entities)
    begin, end = question_span(text)

    def outside(entity: Dict) -> bool:
        start = entity.get("start")
        return not (isinstance(start, int) and begin <= start < end)

    return sorted(entities, key=outside)


# Kinds a question may ask about two of at once: "hvad skal sygeplejersker og pædagoger kunne?".
TWO_OF_A_KIND = ("role", "area")


def chosen_entities(entities: List[Dict], text: str, kinds, resolve: Callable[[str, str], Optional[str]]
                    ) -> Tuple[Dict[str, str], Dict[str, str]]:
    """The catalogue ids a message asks about, one per kind (the question's first), and a second role or
    area named in the same question (`also`). `resolve(kind, value)` gives an id or None."""
    chosen: Dict[str, str] = {}
    also: Dict[str, str] = {}
    begin, end = question_span(text) if text else (0, 0)
    for entity in question_first(entities, text):
        kind, value = entity.get("entity"), entity.get("value")
        if kind == "item" and value:
            chosen["item"] = str(value)
            continue
        if kind not in kinds or not value:
            continue
        resolved = resolve(kind, str(value))
        if not resolved:
            continue
        if kind not in chosen:
            chosen[kind] = resolved
        elif (kind in TWO_OF_A_KIND and kind not in also and resolved != chosen[kind]
              and isinstance(entity.get("start"), int) and begin <= entity["start"] < end):
            also[kind] = resolved
    return chosen, also
