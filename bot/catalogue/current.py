"""The catalogue in use (settings.CATALOGUE_DIR), for the facts that the knowledge base does not hold:
which wheel areas a theme speaks to, which intent asks for a citizen topic, and the like.

    from bot.catalogue.current import current_catalogue
    current_catalogue().themes["e-laering"].areas   # -> ["brugerkompetencer", "datasikkerhed"]

It is read again when a file changes (an editor's publish), so it stays the same catalogue the knowledge
base is built from; the files are looked at no more than once every RECHECK_SECONDS, as the answers to
one message may ask many times. A catalogue with errors is never used: the last good reading stays in use (and the
error is logged), as the knowledge base keeps its last good build; with no good reading the error is raised.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from .. import settings
from .catalogue import Catalogue
from .errors import CatalogueError
from .loader import YAML_SUFFIXES, load_catalogue

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 1.0
_clock = time.monotonic

_lock = threading.Lock()
_cache: Dict[str, Tuple[Tuple, Catalogue]] = {}
_checked_at: Dict[str, float] = {}


def _stamp(root: str) -> Tuple:
    """What changes when a file is written, added or removed: each YAML file's path, time and size."""
    found: List[Tuple[str, int, int]] = []
    folders = [root]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                folders.append(entry.path)
            elif entry.name.endswith(YAML_SUFFIXES):
                info = entry.stat()
                found.append((entry.path, info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def current_catalogue(path: Union[str, Path, None] = None) -> Catalogue:
    root = Path(path or settings.CATALOGUE_DIR)
    key = str(root)
    cached: Optional[Tuple[Tuple, Catalogue]] = _cache.get(key)
    now = _clock()
    if cached is not None and now - _checked_at.get(key, 0.0) < RECHECK_SECONDS:
        return cached[1]
    stamp = _stamp(key)
    _checked_at[key] = now
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            catalogue = load_catalogue(root)
        except CatalogueError as error:
            if cached is None:
                raise
            logger.warning("Kataloget har fejl; den sidste gyldige udgave bruges, til de er rettet:\n%s", error)
            _cache[key] = (stamp, cached[1])  # not read again until a file changes
            return cached[1]
        _cache[key] = (stamp, catalogue)
        return catalogue
