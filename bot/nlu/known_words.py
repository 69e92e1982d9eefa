"""Is a message made of words at all? Tells keyboard mashing ("xqzv plorb grunkel") from Danish.

DIET classifies every message, also one without a single real word, and its character n-grams can
give such a message a confident intent. A message is taken as nonsense when none of its words is
known: a Danish word form (spacy-lookups-data's lemma table, half a million forms), a word from the
training data, a compound of known parts ("kompetenceudviklingsforløb"), or one typing error away
from a word of the training data ("robbot", "pædgog"). One known word is enough, so short and misspelt messages still reach
DIET; only messages with nothing recognisable are sent to the fallback ("sig det på en anden måde").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, List

# Words shorter than this say too little either way ("ok", "xq") and are left out of the count.
MIN_LENGTH = 3
# Compound parts must be at least this long, so "xqzv" is not "x" + "qzv".
MIN_PART = 3
LINKING = ("s", "e")  # Danish linking letters: "udvikling-s-forløb", "barn-e-pige"
ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåé"
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STRETCHED = re.compile(r"(\w)\1{2,}")

Lookup = Callable[[str], bool]


def words(text: str) -> List[str]:
    """The message's words in lower case (letters only; numbers and signs are not words here)."""
    return [w.lower() for w in WORD.findall(text or "")]


def _one_edit(word: str) -> Iterable[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]  # deletion
            for letter in ALPHABET:
                yield left + letter + right[1:]  # replacement
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]  # transposition
        for letter in ALPHABET:
            yield left + letter + right  # insertion


class KnownWords:
    """Decides whether a word is known, from any number of word sets (or membership tests)."""

    def __init__(self, word_forms: object, vocabulary: Iterable[str] = ()) -> None:
        """word_forms: a large list of correct Danish forms (exact matches only).
        vocabulary: the assistant's own words (training data, catalogue); these also match with one
        typing error, which would be too lenient against half a million forms ("grunkel")."""
        self._vocabulary = frozenset(w.lower() for w in vocabulary)
        self._sources: List[Lookup] = [word_forms.__contains__, self._vocabulary.__contains__]  # type: ignore[attr-defined]

    def _exact(self, word: str) -> bool:
        return any(contains(word) for contains in self._sources)

    def _compound(self, word: str) -> bool:
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = word[:cut], word[cut:]
            if not self._exact(left):
                continue
            if self._exact(right) or self._compound_tail(right):
                return True
            if right[0] in LINKING and len(right) > MIN_PART and self._exact(right[1:]):
                return True
        return False

    def _compound_tail(self, word: str) -> bool:
        # Three-part compounds: "medarbejder|kompetence|profil".
        return len(word) >= 2 * MIN_PART and any(
            self._exact(word[:cut]) and self._exact(word[cut:]) for cut in range(MIN_PART, len(word) - MIN_PART + 1)
        )

    def is_word(self, word: str) -> bool:
        """A word as written: a known form or a compound of known parts (no typing errors allowed)."""
        word = word.lower()
        return self._exact(word) or self._compound(word)

    def is_known(self, word: str) -> bool:
        word = word.lower()
        if self.is_word(word):
            return True
        if _STRETCHED.search(word):  # "heeej", "taaak": a stretched letter, written once or twice
            return any(self.is_known(_STRETCHED.sub(r"\1" * n, word)) for n in (1, 2))
        return len(word) >= 4 and any(candidate in self._vocabulary for candidate in _one_edit(word))

    def is_nonsense(self, text: str) -> bool:
        """True when the text has words and none of them is known."""
        counted = [w for w in words(text) if len(w) >= MIN_LENGTH]
        return bool(counted) and not any(self.is_known(w) for w in counted)


class _LemmaTable:
    """Membership in spaCy's lemma lookup table: its keys are hashed word forms, its values lemmas."""

    def __init__(self, table) -> None:
        self._table = table
        self._lemmas = frozenset(str(value).lower() for value in table.values())

    def __contains__(self, word: str) -> bool:
        return word in self._table or word in self._lemmas


def danish_word_forms(nlp=None) -> _LemmaTable:
    """Danish word forms from spacy-lookups-data (offline). Reuses the lookup table of the project's
    spaCy pipeline when it has one (the blank Danish pipeline does), so it is held in memory once."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except Exception:  # no pipeline, or a packaged model with rule-based lemmas
        return _loaded_word_forms()
    # One membership object per table: building its set of lemmas takes about a second.
    if id(table) not in _BY_TABLE:
        _BY_TABLE[id(table)] = _LemmaTable(table)
    return _BY_TABLE[id(table)]


_BY_TABLE: dict = {}


@lru_cache(maxsize=1)
def _loaded_word_forms() -> _LemmaTable:
    from spacy.lookups import load_lookups

    return _LemmaTable(load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup"))
