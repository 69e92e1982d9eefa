"""Domain responses for text that bot/ puts together (issue 13): the words live in domain/*.yml, where an
editor can change them, and code only picks and fills them.

    response_text("utter_read_more", url="https://www.mitid.dk")   -> "Læs mere: https://www.mitid.dk"
    response_text("utter_handover", audience="citizen", contact_name=..., contact_details=...)

A response's variant is chosen as Rasa chooses it for the slot `audience`: the first variant whose
conditions all hold, else the first one without conditions. {name} is filled from the keyword arguments;
a name without a value is left empty. The files are read again when one of them changes, so a published
edit is used without restarting the action server.
"""
from __future__ import annotations

import string
import threading
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot import settings

_lock = threading.Lock()
_cache: Dict[str, object] = {"key": None, "responses": {}}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _files(path: Path) -> List[Path]:
    return sorted(path.glob("*.yml")) if path.is_dir() else [path]


def responses(domain_path: Optional[Path] = None) -> Dict[str, List[dict]]:
    path = Path(domain_path or settings.DOMAIN_PATH)
    files = _files(path)
    key: Tuple = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    with _lock:
        if _cache["key"] != key:
            merged: Dict[str, List[dict]] = {}
            for file in files:
                data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
                merged.update(data.get("responses") or {})
            _cache.update(key=key, responses=merged)
        return _cache["responses"]  # type: ignore[return-value]


def _holds(variant: dict, slots: Dict[str, Optional[str]]) -> bool:
    return all(c.get("type") == "slot" and slots.get(c.get("name")) == c.get("value")
               for c in variant.get("condition") or [])


def response_text(name: str, audience: Optional[str] = None, domain_path: Optional[Path] = None,
                  **values: object) -> str:
    variants = responses(domain_path).get(name)
    if not variants:
        raise KeyError(f"svaret {name} findes ikke i domain/")
    slots = {"audience": audience}
    conditional = [v for v in variants if v.get("condition") and _holds(v, slots)]
    plain = [v for v in variants if not v.get("condition")]
    chosen = (conditional or plain or variants)[0]
    return string.Formatter().vformat(chosen.get("text") or "", (), _Blank({k: str(v) for k, v in values.items()}))
