"""Read Danish as people type it: without æ/ø/å, in chat spellings and with small typing errors.

`Speller.normalise(text)` returns the text the understanding reads, plus the edits that lead back to
what the person wrote (the original is what is stored and shown to editors). A word is rewritten only
when it is not a Danish word as written:

1. a chat spelling from bot/nlu/chat_spellings.yml ("ik" -> "ikke", "hvordn" -> "hvordan");
2. æ/ø/å typed as ae/oe/aa ("hjaelp" -> "hjælp", "faa" -> "få", "paedagog" -> "pædagog") when the
   result is a Danish word form (spacy-lookups-data's lemma table) or one of the assistant's words;
3. one typing error from one of the assistant's own words (training data and catalogue), for words of
   five letters or more ("digial" -> "digital", "sygeplejeske" -> "sygeplejerske"). Against the whole
   lemma table this would be too lenient, so only the assistant's words count (as in known_words).
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

import yaml

from bot.nlu.known_words import KnownWords, _one_edit

CHAT_SPELLINGS_FILE = Path(__file__).with_name("chat_spellings.yml")
TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
FOLDS = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))
MIN_TYPO_LENGTH = 5
MAX_FOLD_SITES = 4


@lru_cache(maxsize=1)
def chat_spellings() -> Dict[str, str]:
    data = yaml.safe_load(CHAT_SPELLINGS_FILE.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): str(v) for k, v in (data.get("stavemaader") or {}).items()}


@dataclass(frozen=True)
class Edit:
    start: int  # in the original text
    end: int
    replacement: str


@dataclass
class Normalised:
    original: str
    text: str
    edits: List[Edit] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> Tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        return self._map(start), self._map(end, is_end=True)

    def _map(self, position: int, is_end: bool = False) -> int:
        shift = 0
        for edit in self.edits:
            new_start = edit.start + shift
            new_end = new_start + len(edit.replacement)
            if position < new_start or (is_end and position == new_start):
                break
            if position < new_end or (is_end and position == new_end):
                # Inside a rewritten word: its start maps to the word's start, its end to the word's end.
                return edit.end if is_end or position > new_start else edit.start
            shift += len(edit.replacement) - (edit.end - edit.start)
        return position - shift


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _fold_candidates(word: str) -> Iterable[str]:
    """Every way of reading ae/oe/aa in the word as æ/ø/å (at least one of them)."""
    sites = [(m.start(), src, dst) for src, dst in FOLDS for m in re.finditer(src, word)]
    sites = sorted(sites)[:MAX_FOLD_SITES]
    for count in range(len(sites), 0, -1):
        for chosen in itertools.combinations(sites, count):
            starts = [s for s, _, _ in chosen]
            if any(b - a < 2 for a, b in zip(starts, starts[1:])):
                continue  # overlapping ("aae")
            out, last = [], 0
            for start, src, dst in chosen:
                out.append(word[last:start] + dst)
                last = start + len(src)
            out.append(word[last:])
            yield "".join(out)


class Speller:
    def __init__(self, word_forms: object, vocabulary: Mapping[str, int],
                 spellings: Optional[Mapping[str, str]] = None) -> None:
        """word_forms: Danish word forms (membership only); vocabulary: the assistant's own words with
        how often they occur (the most frequent wins a tie between typing-error corrections)."""
        self._counts = Counter({w.lower(): int(c) for w, c in vocabulary.items()})
        self._known = KnownWords(word_forms, self._counts)
        self._forms = word_forms
        self._spellings = dict(chat_spellings() if spellings is None else spellings)

    def _is_word(self, word: str) -> bool:
        return self._known.is_word(word)

    def correct(self, word: str) -> Optional[str]:
        """The word this one stands for, or None when it is fine as written."""
        lower = word.lower()
        if lower in self._spellings:
            return self._spellings[lower]
        if self._is_word(lower):
            if lower in self._forms:  # type: ignore[operator]
                return None
            # Known only from the assistant's own words: the catalogue's ids are written without æøå
            # ("kurser-og-it-hjaelp"), and so is a training example now and then, which must not make
            # "hjaelp" a word. A Danish word form with æ/ø/å wins.
            return next((c for c in _fold_candidates(lower) if c in self._forms), None)  # type: ignore[operator]
        for candidate in _fold_candidates(lower):
            if candidate in self._counts or candidate in self._forms:  # type: ignore[operator]
                return candidate
        if len(lower) >= MIN_TYPO_LENGTH:
            found = [c for c in set(_one_edit(lower)) if c in self._counts]
            if found:
                return max(found, key=lambda c: (self._counts[c], c))
        return None

    def normalise(self, text: str) -> Normalised:
        edits: List[Edit] = []
        for match in TOKEN.finditer(text or ""):
            word = match.group()
            fixed = self.correct(word)
            if fixed is not None and fixed != word.lower():
                edits.append(Edit(match.start(), match.end(), _match_case(word, fixed)))
        if not edits:
            return Normalised(text, text)
        out, last = [], 0
        for edit in edits:
            out.append(text[last:edit.start] + edit.replacement)
            last = edit.end
        out.append(text[last:])
        return Normalised(text, "".join(out), edits)


def vocabulary_counts(texts: Iterable[str]) -> Dict[str, int]:
    counts: Counter = Counter()
    for text in texts:
        counts.update(w.lower() for w in TOKEN.findall(text or ""))
    return dict(counts)
