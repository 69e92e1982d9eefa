"""The knowledge base for the conversation features (readiness, citizen help, staff check), built on first use.

The KB is built from the catalogue by `python -m bot kb build` or `make run`. The action server may
start before that (tests, a fresh checkout), so the first query builds it when it is missing or out of
date; after that each process trusts it (an editor's publish rebuilds it atomically).
"""
from __future__ import annotations

import logging
import threading
from typing import Optional, Set

from bot import settings

logger = logging.getLogger(__name__)

_checked: Set[str] = set()
_lock = threading.Lock()


def kb_url(url: Optional[str] = None) -> str:
    """The KB's URL, built from the catalogue if this process has not checked it yet."""
    url = url or settings.kb_url()
    if url in _checked:
        return url
    with _lock:
        if url not in _checked:
            from bot.kb import ensure_built

            result = ensure_built(url=url)
            if result.built:
                logger.info("Vidensbasen blev bygget fra kataloget.")
            _checked.add(url)
    return url
