"""Which item of a numbered list a Danish message points at: "den første", "nummer to", "den sidste"."""
from __future__ import annotations

import re
from typing import Optional

_WORDS = {
    "første": 1, "forste": 1, "først": 1, "en": 1, "et": 1, "ét": 1, "1.": 1,
    "anden": 2, "andet": 2, "andën": 2, "to": 2, "2.": 2,
    "tredje": 3, "tre": 3, "3.": 3,
    "fjerde": 4, "fire": 4, "4.": 4,
    "femte": 5, "fem": 5, "5.": 5,
    "sjette": 6, "seks": 6,
    "syvende": 7, "syv": 7,
    "ottende": 8, "otte": 8,
    "niende": 9, "ni": 9,
    "tiende": 10, "ti": 10,
}
_LAST = re.compile(r"\b(sidste|sidst|seneste)\b")
_NUMBER = re.compile(r"\b(?:nummer|nr\.?|punkt|#)\s*(\d{1,2}|[a-zæøå]+)\b|(?<![\d.])(\d{1,2})(?:\.|\b)")
_ORDINAL_WORD = re.compile(
    r"\b(første|forste|først|anden|andet|tredje|fjerde|femte|sjette|syvende|ottende|niende|tiende)\b"
)


def ordinal_index(text: str, length: int) -> Optional[int]:
    """0-based index into a list of `length` items, or None when the text names no position."""
    lowered = text.lower()
    position: Optional[int] = None
    if _LAST.search(lowered):
        position = length
    else:
        word = _ORDINAL_WORD.search(lowered)
        if word:
            position = _WORDS[word.group(1)]
        else:
            match = _NUMBER.search(lowered)
            if match:
                token = match.group(1) or match.group(2)
                position = int(token) if token.isdigit() else _WORDS.get(token)
    if position is None or not 1 <= position <= length:
        return None
    return position - 1
