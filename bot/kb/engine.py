"""Database engines for the KB, one per URL, and reading the KB's metadata."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict, Optional

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool
from sqlalchemy.exc import DBAPIError, NoSuchTableError, OperationalError, ProgrammingError

from .. import settings
from . import schema

_engines: Dict[str, Engine] = {}
_lock = threading.Lock()


class KnowledgeBaseMissing(RuntimeError):
    """The KB has not been built (or cannot be reached)."""

    def __init__(self, url: str, detail: str = ""):
        super().__init__(
            f"Vidensbasen findes ikke eller kan ikke læses ({safe_url(url)}). "
            "Byg den med: python -m bot kb build" + (f" ({detail})" if detail else "")
        )


def resolve_url(url: Optional[str]) -> str:
    return url or settings.kb_url()


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).__repr__()  # SQLAlchemy masks the password as ***
    except Exception:  # pragma: no cover - a URL SQLAlchemy cannot parse
        return "<ugyldig URL>"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ValueError(f"KB_URL skal pege på en SQLite-fil, ikke {safe_url(url)}")
    return Path(database)


def get_engine(url: Optional[str] = None) -> Engine:
    url = resolve_url(url)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            # SQLite: no pooled connections, so every read opens the file that is there now (a rebuild
            # replaces the file). Servers: check pooled connections before use.
            kwargs = {"poolclass": NullPool} if is_sqlite(url) else {"pool_pre_ping": True}
            engine = create_engine(url, future=True, **kwargs)
            _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def read_meta(url: Optional[str] = None) -> Dict[str, str]:
    """The KB's metadata (fingerprint, schema version); empty when the KB does not exist."""
    url = resolve_url(url)
    if is_sqlite(url) and not sqlite_path(url).exists():
        return {}
    try:
        with get_engine(url).connect() as conn:
            return {row.key: row.value for row in conn.execute(select(schema.meta))}
    except (OperationalError, ProgrammingError, NoSuchTableError):
        return {}
    except DBAPIError as exc:  # pragma: no cover - e.g. server unreachable
        raise KnowledgeBaseMissing(url, type(exc.orig).__name__) from exc


def require_built(url: Optional[str] = None) -> str:
    """The KB's fingerprint; raises KnowledgeBaseMissing when it has not been built."""
    url = resolve_url(url)
    fingerprint = read_meta(url).get("fingerprint")
    if not fingerprint:
        raise KnowledgeBaseMissing(url)
    return fingerprint
