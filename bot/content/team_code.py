"""What a team code looks like, and finding one in a message (shared by the team feature and the NLU).

A team code is 16 characters from a 32-letter alphabet without 0/O and 1/I, shown as four groups of four
("ABCD-EFGH-JKMN-PQRS"); a leader's summary code has the same shape. People type it in any case, with
hyphens, spaces or nothing between the groups (then after the word "kode").
"""
from __future__ import annotations

import re
from typing import Optional

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
CODE_LENGTH = 16

_CHAR = f"[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]"
_GROUP = CODE_LENGTH // 4
# Four groups of four, as the team page shows the code; hyphens or spaces between them (or none after
# "teamkode"). A 16-letter Danish word alone is not a code: the groups or the word "kode" must be there.
_GROUPED = re.compile(rf"(?<![\w-])({_CHAR}{{{_GROUP}}}(?:[- ]{_CHAR}{{{_GROUP}}}){{3}})(?![\w-])")
_AFTER_WORD = re.compile(rf"kode\w*\s*[:=]?\s*({_CHAR}{{{CODE_LENGTH}}})(?![\w-])", re.IGNORECASE)


def normalise_code(code: str) -> str:
    """Team codes are read case-insensitively and without spaces or hyphens ("abcd-efgh ..." works)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_in(text: str) -> Optional[str]:
    """The team code in a message, normalised ("ABCDEFGHJKLMNPQR"), or None."""
    found = _GROUPED.search(text or "") or _AFTER_WORD.search(text or "")
    return normalise_code(found.group(1)) if found else None
