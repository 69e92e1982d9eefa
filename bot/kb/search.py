"""Danish full-text search over the KB: BM25 ranking over stems, with compound splitting and trigram
matching for misspellings. Runs in Python over the index tables, so SQLite and PostgreSQL give the
same results. The index is loaded once per KB URL and fingerprint."""
from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from sqlalchemy import select

from . import schema
from .danish_stemmer import stem
from .danish_text import (
    MIN_PART,
    content_words,
    is_content_word,
    sentences,
    shorten,
    similarity,
    split_compound,
    trigrams,
    words,
)
from .engine import get_engine, require_built, resolve_url
from .results import SearchHit

K1, B = 1.2, 0.75
FUZZY_MIN = 0.45  # lowest trigram similarity accepted for a misspelt word
RARE = 2  # a term in at most this many documents also brings in close spellings
# Themes and target groups are short labels; they should not crowd out real content.
KIND_WEIGHT = {"theme": 0.6, "target_group": 0.6, "level": 0.8, "digcomp": 0.9}


@dataclass
class _Document:
    kind: str
    entity_id: str
    title: str
    summary: str
    body: str
    length: float
    _sentences: Optional[List[Tuple[str, frozenset]]] = field(default=None, repr=False, compare=False)

    def stemmed_sentences(self) -> List[Tuple[str, frozenset]]:
        """The body's sentences with their stems, worked out once per document."""
        if self._sentences is None:
            self._sentences = [(s, frozenset(stem(w) for w in content_words(s))) for s in sentences(self.body)]
        return self._sentences


@dataclass
class SearchIndex:
    documents: Dict[int, _Document]
    postings: Dict[str, Dict[int, float]]  # term -> doc_id -> weight
    average_length: float
    _trigrams: Dict[str, Set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, url: str) -> "SearchIndex":
        with get_engine(url).connect() as conn:
            documents = {
                row.doc_id: _Document(row.kind, row.entity_id, row.title, row.summary, row.body, row.length)
                for row in conn.execute(select(schema.search_documents))
            }
            postings: Dict[str, Dict[int, float]] = defaultdict(dict)
            for row in conn.execute(select(schema.search_postings)):
                postings[row.term][row.doc_id] = row.weight
        average = sum(d.length for d in documents.values()) / max(1, len(documents))
        return cls(documents, dict(postings), average)

    # --- query terms ----------------------------------------------------------------------------------
    def _known(self, part: str) -> bool:
        return stem(part) in self.postings

    def _fuzzy(self, term: str, limit: int = 2) -> List[Tuple[str, float]]:
        if len(term) < 4:
            return []
        if not self._trigrams:
            self._trigrams = {t: trigrams(t) for t in self.postings if len(t) >= 3}
        wanted = trigrams(term)
        scored = []
        for candidate, grams in self._trigrams.items():
            if abs(len(candidate) - len(term)) > max(3, len(term) // 2):
                continue
            score = similarity(wanted, grams)
            if score >= FUZZY_MIN:
                scored.append((score, candidate))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(candidate, score) for score, candidate in scored[:limit]]

    def _with_neighbours(self, term: str) -> List[Tuple[str, float]]:
        """An exact term, plus close spellings when the term is rare (it may be a known misspelling)."""
        terms = [(term, 1.0)]
        if len(self.postings.get(term, {})) <= RARE:
            terms += [(other, score * 0.8) for other, score in self._fuzzy(term, 2) if other != term]
        return terms

    def query_terms(self, word: str) -> List[Tuple[str, float]]:
        """The index terms a query word stands for, with weights (1.0 for an exact match)."""
        term = stem(word)
        if term in self.postings:
            return self._with_neighbours(term)
        parts = split_compound(word, self._known)
        if parts:
            return [t for p in parts for t in self._with_neighbours(stem(p))]
        fuzzy = self._fuzzy(term)
        if fuzzy:
            return fuzzy
        # A misspelt compound: each part exact or close enough.
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_terms = [(stem(head), 1.0)] if self._known(head) else self._fuzzy(stem(head), 1)
            tail_terms = [(stem(tail), 1.0)] if self._known(tail) else self._fuzzy(stem(tail), 1)
            if head_terms and tail_terms and len(head) >= 4 and len(tail) >= 4:
                return head_terms + tail_terms
        return []

    # --- ranking --------------------------------------------------------------------------------------
    def query_words(self, query: str) -> List[str]:
        """Content words of the query, plus two neighbouring words written together when the catalogue
        knows them that way ("mit id" -> "mitid", "e boks" -> "eboks")."""
        all_words = words(query)
        found: List[str] = []
        index = 0
        while index < len(all_words):
            word = all_words[index]
            if index + 1 < len(all_words):
                joined = word + all_words[index + 1]
                if len(joined) >= 5 and stem(joined) in self.postings:
                    found.append(joined)
                    index += 2
                    continue
            if is_content_word(word):
                found.append(word)
            index += 1
        return list(dict.fromkeys(found))

    def search(self, query: str, limit: int = 5, kinds: Optional[Set[str]] = None) -> List[SearchHit]:
        concepts = self.query_words(query)
        if not concepts:
            return []
        count = len(self.documents)
        scores: Dict[int, float] = defaultdict(float)
        matched: Dict[int, Set[int]] = defaultdict(set)
        query_stems: Set[str] = set()
        for index, word in enumerate(concepts):
            terms = self.query_terms(word)
            for term, weight in terms:
                query_stems.add(term)
                postings = self.postings.get(term, {})
                idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
                for doc_id, tf in postings.items():
                    norm = K1 * (1 - B + B * self.documents[doc_id].length / self.average_length)
                    scores[doc_id] += weight * idf * tf * (K1 + 1) / (tf + norm)
                    matched[doc_id].add(index)
        hits = []
        for doc_id, score in scores.items():
            doc = self.documents[doc_id]
            if kinds is not None and doc.kind not in kinds:
                continue
            coverage = len(matched[doc_id]) / len(concepts)
            final = score * (0.4 + 0.6 * coverage) * KIND_WEIGHT.get(doc.kind, 1.0)
            hits.append((final, doc_id))
        hits.sort(key=lambda item: (-item[0], item[1]))
        return [
            SearchHit(self.documents[d].kind, self.documents[d].entity_id, self.documents[d].title,
                      _snippet(self.documents[d], query_stems), round(score, 4))
            for score, d in hits[:limit]
        ]


def _snippet(doc: _Document, query_stems: Set[str], limit: int = 200) -> str:
    """The sentence that mentions most of the query, or the summary."""
    best, best_count = doc.summary, 0
    for sentence, stems in doc.stemmed_sentences():
        count = len(stems & query_stems)
        if count > best_count:
            best, best_count = sentence, count
    return shorten(best, limit)


_cache: Dict[str, Tuple[str, SearchIndex]] = {}
_cache_lock = threading.Lock()


def get_index(url: Optional[str] = None) -> SearchIndex:
    url = resolve_url(url)
    fingerprint = require_built(url)
    with _cache_lock:
        cached = _cache.get(url)
        if cached and cached[0] == fingerprint:
            return cached[1]
    index = SearchIndex.load(url)
    with _cache_lock:
        _cache[url] = (fingerprint, index)
    return index


def forget_index(url: str) -> None:
    with _cache_lock:
        _cache.pop(url, None)


def search(query: str, url: Optional[str] = None, limit: int = 5, kinds: Optional[Set[str]] = None) -> List[SearchHit]:
    """Best matches for a Danish query across the whole catalogue, best first.

    kinds: keep only these kinds (e.g. {"practice", "help_topic"}).
    """
    return get_index(url).search(query, limit=limit, kinds=kinds)
