"""Normalising names and synonyms so that lookups ignore case, hyphens and spacing."""
from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")
_EDGE_PUNCTUATION = ".,;:!?\"'()[]{}«»“”„"
_ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def normalise_form(text: str) -> str:
    """'  IT-færdigheder ' -> 'it færdigheder'."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    text = _SEPARATORS.sub(" ", text)
    return text.strip().strip(_EDGE_PUNCTUATION).strip()


def fold_form(text: str) -> str:
    """normalise_form, then æ->ae, ø->oe, å->aa (how people write without a Danish keyboard)."""
    return normalise_form(text).translate(_ASCII_FOLD)


def ascii_fold(text: str) -> str:
    """Only the letter folding, keeping case and hyphens: 'lærer' -> 'laerer'."""
    return text.translate(_ASCII_FOLD).translate(str.maketrans({"Æ": "Ae", "Ø": "Oe", "Å": "Aa"}))
