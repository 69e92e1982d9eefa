"""Danish stems from the Snowball project's own Danish algorithm (PyPI `snowballstemmer`).

It cuts inflection endings so that "ambassadører", "ambassadøren" and "ambassadør" meet in one stem.
Input is expected in lowercase. `snowballstemmer` is the pure-Python code generated from the
algorithm's official definition (snowballstem.org/algorithms/danish) by the Snowball project; no
compiler is needed in the server image. The stems are stored in the knowledge base's search postings,
so STEMMER is part of the knowledge base's fingerprint: another stemmer version rebuilds the index.
"""
from __future__ import annotations

import functools
from importlib.metadata import version

import snowballstemmer

STEMMER = f"snowballstemmer {version('snowballstemmer')} danish"

_danish = snowballstemmer.stemmer("danish")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one lowercase Danish word."""
    return _danish.stemWord(word)
