"""The catalogue in use (settings.CATALOGUE_DIR), for the facts that the knowledge base does not hold:
which wheel areas a theme speaks to, which intent asks for a citizen topic, and the like.

    from bot.catalogue.current import current_catalogue
    current_catalogue().themes["e-laering"].areas   # -> ["brugerkompetencer", "datasikkerhed"]

It is read again when a file changes (an editor's publish), so it stays the same catalogue the knowledge
base is built from. A catalogue with errors is never used: the last good reading stays in use (and the
error is logged), as the knowledge base keeps its last good build; with no good reading the error is raised.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Dict, Optional, Tuple, Union

from .. import settings
from .catalogue import Catalogue
from .errors import CatalogueError
from .loader import catalogue_files, load_catalogue

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cache: Dict[str, Tuple[Tuple, Catalogue]] = {}


def _stamp(root: Path) -> Tuple:
    """What changes when a file is written, added or removed."""
    stamp = []
    for file in catalogue_files(root):
        info = file.stat()
        stamp.append((file.relative_to(root).as_posix(), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def current_catalogue(path: Union[str, Path, None] = None) -> Catalogue:
    root = Path(path or settings.CATALOGUE_DIR)
    key = str(root)
    stamp = _stamp(root) if root.is_dir() else ()
    with _lock:
        cached: Optional[Tuple[Tuple, Catalogue]] = _cache.get(key)
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
