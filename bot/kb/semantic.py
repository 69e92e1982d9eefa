"""Semantic search over the catalogue's sections (kb_passages) with the sentence encoder.

    from bot.kb.semantic import best_answer, semantic_search
    hit = best_answer("Kan vi se, om kurserne har gjort en forskel?")
    hit.title, hit.section, hit.text, hit.source     # or None: nothing in the catalogue matches well

Each section of an entry (a practice's resume, trin, forudsætninger and effektmåling; a concept's
definition and uddybning; a citizen topic's svar and trin; an offer's beskrivelse) is one passage
(bot/kb/passages.py). Passage vectors are computed once per process and KB fingerprint, on first use
(about 220 passages x 384 floats, well under 1 MB), and kept in memory. Encoding the long sections is
slow (about two minutes for the whole catalogue on a busy 2-core machine), so the vectors are also kept
on disk in VAR_DIR/passage-vectors/, keyed by the encoder and a hash of each passage's text: a new
process, or a KB rebuilt after a small edit, only encodes the sections that changed. A question is encoded, compared
with every passage (a dot product: the vectors are L2-normalised), and the best section of each entry
is ranked. The score is the cosine similarity minus the question's mean similarity to all passages:
e5's cosines are high for any Danish text (0.80-0.95), and an unrelated question is close to everything
a little, while a question the catalogue answers stands out from its own background. Measured on the
leader set, this relative score separates answerable from unanswerable questions much better than the
raw cosine (docs/leader-search.md). Below THRESHOLD the honest answer is "det har jeg ikke noget om": the threshold was chosen
by measuring on tests/nlu/leader_questions.yml (docs/leader-search.md, `python -m bot.kb.semantic_eval`).
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np
from sqlalchemy import select

from .. import settings
from . import schema
from .engine import get_engine, require_built, resolve_url

# Relative score (cosine minus the question's mean cosine to all passages) below which the best section
# is not shown. Chosen on tests/nlu/leader_questions.yml (docs/leader-search.md).
THRESHOLD = 0.060
# Between this and THRESHOLD a question is near the catalogue's topics without a clear answer: the
# leader is offered the entries that may fit instead of an answer (bot/leadership.py).
SUGGEST_THRESHOLD = 0.045
# Kinds a leader's question is answered from: good practices and definitions. Courses and tools have
# their own intent (ask_training_offers); citizen topics (help_topic) answer citizens.
LEADER_KINDS = frozenset({"practice", "concept"})
DEFINITION_KINDS = frozenset({"concept", "offer"})
ALL_KINDS = frozenset({"practice", "concept", "offer", "help_topic"})

logger = logging.getLogger(__name__)


def _vector_file(encoder_name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in encoder_name)
    return settings.VAR_DIR / "passage-vectors" / f"{safe}.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def encode_passages(texts: List[str]) -> np.ndarray:
    """Passage vectors for `texts`, from the disk cache where possible; new ones are encoded and saved."""
    from bot.nlu.encoder import get_encoder

    encoder = get_encoder()
    path = _vector_file(encoder.name)
    known: Dict[str, np.ndarray] = {}
    try:
        with np.load(path) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"]))
    except (OSError, KeyError, ValueError):
        known = {}
    keys = [_key(t) for t in texts]
    missing = [t for t, k in zip(texts, keys) if k not in known or known[k].shape != (encoder.dim,)]
    if missing:
        logger.info("Semantisk søgning: koder %d afsnit (%d fra disken)", len(missing), len(texts) - len(missing))
        for text, vector in zip(missing, encoder.passages(missing)):
            known[_key(text)] = vector
        wanted = set(keys)
        keep = [k for k in known if k in wanted]  # drop sections that no longer exist
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(temp, keys=np.array(keep), vectors=np.stack([known[k] for k in keep]).astype(np.float32))
            os.replace(temp, path)
        except OSError as exc:  # a read-only disk only costs time
            logger.warning("Semantisk søgning: kunne ikke gemme vektorerne (%s)", exc)
    if not texts:
        return np.zeros((0, encoder.dim), np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)


@dataclass(frozen=True)
class SemanticHit:
    kind: str  # practice, concept, offer, help_topic
    entity_id: str
    section: str  # resume, trin, forudsaetninger, effektmaaling, definition, uddybning, svar, beskrivelse
    title: str
    text: str  # the section as the user reads it
    source: str
    score: float  # relative score: cosine minus the question's mean cosine to all passages
    similarity: float  # the cosine itself


@dataclass
class PassageIndex:
    rows: List[Tuple[str, str, str, str, str, str]]  # kind, entity_id, section, title, text, source
    vectors: np.ndarray  # (n, dim) float32, L2-normalised

    def section(self, kind: str, entity_id: str, section: str) -> Optional[SemanticHit]:
        """One named section of one entry (for "vis trinene" after an answer), or None."""
        for row in self.rows:
            if row[:3] == (kind, entity_id, section):
                return SemanticHit(*row, score=1.0, similarity=1.0)
        return None

    def sections_of(self, kind: str, entity_id: str) -> List[str]:
        return [row[2] for row in self.rows if row[:2] == (kind, entity_id)]

    @classmethod
    def load(cls, url: str) -> "PassageIndex":
        with get_engine(url).connect() as conn:
            found = list(conn.execute(select(schema.passages).order_by(schema.passages.c.passage_id)))
        rows = [(r.kind, r.entity_id, r.section, r.title, r.text, r.source) for r in found]
        vectors = encode_passages([r.search_text for r in found])
        return cls(rows, np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, query: str, limit: int = 3, kinds: Iterable[str] = ALL_KINDS) -> List[SemanticHit]:
        """The best section of each entry, best entries first."""
        from bot.nlu.encoder import get_encoder

        if not query or not query.strip() or not self.rows:
            return []
        wanted = set(kinds)
        similarities = self.vectors @ get_encoder().queries([query])[0]
        scores = similarities - float(similarities.mean())
        best: Dict[Tuple[str, str], Tuple[float, int]] = {}
        for index in np.argsort(-scores):
            kind, entity_id = self.rows[index][0], self.rows[index][1]
            if kind in wanted and (kind, entity_id) not in best:
                best[(kind, entity_id)] = (float(scores[index]), int(index))
                if len(best) >= limit:
                    break
        hits = []
        for score, index in sorted(best.values(), key=lambda item: -item[0]):
            kind, entity_id, section, title, text, source = self.rows[index]
            hits.append(SemanticHit(kind, entity_id, section, title, text, source, round(score, 4),
                                    round(float(similarities[index]), 4)))
        return hits


_cache: Dict[str, Tuple[str, PassageIndex]] = {}
_lock = threading.Lock()


def get_passage_index(url: Optional[str] = None) -> PassageIndex:
    """The passages and their vectors for the KB at `url`; encoded once per process and KB fingerprint."""
    url = resolve_url(url)
    fingerprint = require_built(url)
    with _lock:
        cached = _cache.get(url)
        if cached and cached[0] == fingerprint:
            return cached[1]
        index = PassageIndex.load(url)  # under the lock: two threads never encode the same KB twice
        _cache[url] = (fingerprint, index)
        return index


def semantic_search(query: str, url: Optional[str] = None, limit: int = 3,
                    kinds: Iterable[str] = ALL_KINDS) -> List[SemanticHit]:
    """The best-matching entries for a free question, each with its best section, best first."""
    return get_passage_index(url).search(query, limit=limit, kinds=kinds)


def best_answer(query: str, url: Optional[str] = None, kinds: Iterable[str] = ALL_KINDS,
                threshold: Optional[float] = None) -> Optional[SemanticHit]:
    """The best-matching section, or None when its score is below the threshold (nothing matches well)."""
    hits = semantic_search(query, url=url, limit=1, kinds=kinds)
    limit = THRESHOLD if threshold is None else threshold
    return hits[0] if hits and hits[0].score >= limit else None
