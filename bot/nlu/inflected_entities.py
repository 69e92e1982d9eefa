"""Catalogue names in every form people write them: inflected, in compounds and with typing errors.

The entity ruler (bot/nlu/danish_nlp.py) finds the catalogue's names and synonyms as written. This spaCy
component runs after it and looks at each remaining word of four letters or more:

1. its lemma from the lookup lemmatizer ("sygeplejerskerne" -> "sygeplejerske");
2. the word without a Danish inflection ending ("pædagogerne" -> "pædagog", "lærerne" -> "lærer",
   "sosu'erne" -> "sosu");
3. the head of a compound ("skolelærerne" -> "lærer", "vuggestuepædagog" -> "pædagog"), for names of
   five letters or more;
4. one typing error (two for words of nine letters or more) from a one-word name ("sygeplejeske",
   "socialrådgver"), found through an index of deletions (the SymSpell idea), so it costs a few
   dictionary look-ups per word.

Only one-word names take part (multi-word names are the ruler's). A form that two entries share is
left out, as in bot/nlu/catalogue_data.py. Values are the catalogue's ids, like the ruler's.
"""
from __future__ import annotations

import re
from itertools import combinations
from typing import Dict, Iterable, List, Optional, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

Target = Tuple[str, str]  # (entity label, catalogue id)

# Endings of Danish nouns (plural, definite, genitive), longest first; "'erne" for "sosu'erne".
ENDINGS = ("'ernes", "'erne", "'ere", "'er", "ernes", "enes", "erne", "ene", "ers", "nes", "ens", "ets",
           "er", "ne", "en", "et", "es", "e", "s", "'s")
MIN_WORD = 4
WORDLIKE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)  # "it-sikkerheden", "sosu'erne"
# Levels ("middel", "avanceret") are ordinary words inside compounds ("hjælpemiddel"): exact forms only.
COMPOUND_LABELS = frozenset({"role", "area", "theme", "target_group", "dimension"})
MIN_HEAD = 5
LONG_WORD = 9


def _deletions(word: str, depth: int) -> Set[str]:
    out = {word}
    for n in range(1, depth + 1):
        for positions in combinations(range(len(word)), n):
            out.add("".join(c for i, c in enumerate(word) if i not in positions))
    return out


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent transpositions)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


class FormIndex:
    """One-word names and synonyms -> (label, id), with a deletion index for typing errors; names of
    several words by their first word, so their last word may be inflected ("digitale ambassadører")."""

    def __init__(self, forms: Iterable[Tuple[str, str, str]],
                 phrases: Iterable[Tuple[str, str, Tuple[str, ...]]] = ()) -> None:
        owners: Dict[str, Set[Target]] = {}
        for label, value, text in forms:
            owners.setdefault(text.lower(), set()).add((label, value))
        self.exact: Dict[str, Target] = {t: next(iter(o)) for t, o in owners.items() if len(o) == 1}
        self.phrases: Dict[str, List[Tuple[Tuple[str, ...], Target]]] = {}
        for label, value, tokens in phrases:
            self.phrases.setdefault(tokens[0], []).append((tokens, (label, value)))
        self._deleted: Dict[str, Set[str]] = {}
        for text in self.exact:
            if len(text) >= MIN_WORD:
                for variant in _deletions(text, self._depth(text)):
                    self._deleted.setdefault(variant, set()).add(text)

    @staticmethod
    def _depth(word: str) -> int:
        return 2 if len(word) >= LONG_WORD else 1

    def phrase_at(self, words: List[str], i: int) -> Optional[Tuple[int, Target]]:
        """A several-word name starting at words[i] whose last word may be inflected: (length, target)."""
        for tokens, target in sorted(self.phrases.get(words[i], []), key=lambda p: -len(p[0])):
            n = len(tokens)
            if words[i:i + n - 1] == list(tokens[:-1]) and i + n <= len(words):
                if tokens[-1] in self._stems(words[i + n - 1]):
                    return n, target
        return None

    def _stems(self, word: str) -> List[str]:
        stems = [word]
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_WORD - 1:
                stems.append(word[: -len(ending)])
        return stems

    def _typo(self, word: str) -> Optional[str]:
        if len(word) < MIN_HEAD:
            return None
        depth = self._depth(word)
        candidates: Set[str] = set()
        for variant in _deletions(word, depth):
            candidates |= self._deleted.get(variant, set())
        scored = sorted((_distance(word, c), c) for c in candidates
                        if abs(len(c) - len(word)) <= depth and len(c) >= MIN_HEAD)
        scored = [(d, c) for d, c in scored if d <= self._depth(c)]
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]
                          and self.exact[scored[0][1]] != self.exact[scored[1][1]]):
            return None  # nothing close, or two different names equally close
        return scored[0][1]

    def find(self, word: str, lemma: str = "") -> Optional[Target]:
        word = word.lower()
        if len(word) < MIN_WORD:
            return None
        for candidate in [word, lemma.lower(), *self._stems(word)]:
            if candidate in self.exact:
                return self.exact[candidate]
        # The head of a compound: the longest one-word name the word (or its stem) ends with.
        for stem in self._stems(word):
            for cut in range(1, len(stem) - MIN_HEAD + 1):
                head = stem[cut:]
                if head in self.exact and len(stem[:cut]) >= 2 and self.exact[head][0] in COMPOUND_LABELS:
                    return self.exact[head]
        for stem in self._stems(word):
            found = self._typo(stem)
            if found and self.exact[found][0] in COMPOUND_LABELS:
                return self.exact[found]
        return None


def patterns_to_forms(patterns: Iterable[dict]):
    """Entity-ruler patterns -> one-word forms (label, id, text) and phrases (label, id, tokens)."""
    words, phrases = [], []
    for pattern in patterns:
        tokens = pattern.get("pattern")
        if not isinstance(tokens, list) or not all("LOWER" in t for t in tokens):
            continue
        target = (pattern["label"], pattern.get("id") or tokens[0]["LOWER"])
        if len(tokens) == 1:
            words.append((*target, tokens[0]["LOWER"]))
        elif len(tokens[-1]["LOWER"]) >= MIN_WORD:
            phrases.append((*target, tuple(t["LOWER"] for t in tokens)))
    return words, phrases


class InflectedEntities:
    """spaCy pipe: adds entities for words the ruler did not find as written."""

    def __init__(self, index: FormIndex, labels: Optional[Set[str]] = None) -> None:
        self.index = index
        self.labels = labels

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        words = [token.lower_ for token in doc]
        new: List[Span] = []
        for token in doc:
            if token.i in taken:
                continue
            phrase = self.index.phrase_at(words, token.i) if token.lower_ in self.index.phrases else None
            if phrase and not taken.intersection(range(token.i, token.i + phrase[0])):
                (label, value) = phrase[1]
                new.append(Span(doc, token.i, token.i + phrase[0], label=label, span_id=value))
                taken.update(range(token.i, token.i + phrase[0]))
                continue
            if not WORDLIKE.fullmatch(token.text) or token.is_stop or len(token.text) < MIN_WORD:
                continue
            found = self.index.find(token.text, token.lemma_)
            if found and (self.labels is None or found[0] in self.labels):
                label, value = found
                new.append(Span(doc, token.i, token.i + 1, label=label, span_id=value))
        if new:
            doc.ents = filter_spans(list(doc.ents) + new)
        return doc


def add_to_pipeline(nlp: Language, patterns: List[dict]) -> None:
    words, phrases = patterns_to_forms(patterns)
    if words or phrases:
        nlp.add_pipe("catalogue_inflections", last=True, config={})
        nlp.get_pipe("catalogue_inflections").index = FormIndex(words, phrases)


# No annotations on the factory: spaCy's config validation cannot read postponed (string) annotations.
def _make(nlp, name):  # type: ignore[no-untyped-def]
    return InflectedEntities(FormIndex([]))


Language.factory("catalogue_inflections", func=_make)
