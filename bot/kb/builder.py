"""Building the KB from the catalogue: validate first, then replace the whole KB atomically.

SQLite: the KB is written to a temporary file next to the target and moved over it with os.replace, so
a reader opens either the old or the new file, never a half-written one. Other databases (PostgreSQL):
everything happens in one transaction (PostgreSQL's DDL is transactional), so readers see the old
content until the commit. A catalogue with errors raises CatalogueError before anything is touched.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Union

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Connection

from ..catalogue import Catalogue, catalogue_fingerprint, load_catalogue
from .danish_stemmer import STEMMER
from . import schema
from .engine import dispose_engine, is_sqlite, read_meta, resolve_url, safe_url, sqlite_path
from .rows import catalogue_rows

PathLike = Union[str, Path, None]


@dataclass
class BuildResult:
    url: str  # password masked
    fingerprint: str
    built: bool  # False when skipped because the KB was up to date
    counts: Dict[str, int] = field(default_factory=dict)
    warnings: List[str] = field(default_factory=list)


def kb_fingerprint(catalogue_dir: PathLike = None) -> str:
    """Fingerprint of the catalogue files and the KB schema version."""
    digest = hashlib.sha256(f"kb-schema:{schema.SCHEMA_VERSION}\n".encode())
    digest.update(f"{STEMMER}\n".encode())  # the search postings hold its stems
    digest.update(catalogue_fingerprint(catalogue_dir).encode())
    return digest.hexdigest()


def needs_build(catalogue_dir: PathLike = None, url: Optional[str] = None) -> bool:
    """True when the KB is missing or was built from other catalogue files or another schema version."""
    return read_meta(resolve_url(url)).get("fingerprint") != kb_fingerprint(catalogue_dir)


def build(catalogue_dir: PathLike = None, url: Optional[str] = None) -> BuildResult:
    """Validate the catalogue and (re)build the KB. Raises CatalogueError (KB untouched) on a broken catalogue."""
    url = resolve_url(url)
    catalogue = load_catalogue(catalogue_dir)
    fingerprint = kb_fingerprint(catalogue.path)
    rows = catalogue_rows(catalogue)
    rows[schema.meta] = [
        dict(key="fingerprint", value=fingerprint),
        dict(key="schema_version", value=schema.SCHEMA_VERSION),
    ]
    if is_sqlite(url):
        _build_sqlite(url, rows)
    else:
        _build_in_transaction(url, rows)
    _forget_caches(url)
    return BuildResult(safe_url(url), fingerprint, True, summary_counts(catalogue, rows), list(catalogue.warnings))


def ensure_built(catalogue_dir: PathLike = None, url: Optional[str] = None) -> BuildResult:
    """Build only when needs_build(); for startup of the action server."""
    url = resolve_url(url)
    if needs_build(catalogue_dir, url):
        return build(catalogue_dir, url)
    return BuildResult(safe_url(url), read_meta(url)["fingerprint"], False)


def summary_counts(catalogue: Catalogue, rows) -> Dict[str, int]:
    return {
        "roller": len(catalogue.roles),
        "kompetenceområder": len(catalogue.areas),
        "dimensioner": len(catalogue.dimensions),
        "niveauer": len(catalogue.levels),
        "DigComp-kompetencer": len(catalogue.digcomp_competences),
        "gode eksempler": len(catalogue.practices),
        "tilbud": len(catalogue.offers),
        "borgeremner": len(catalogue.help_topics),
        "temaer": len(catalogue.themes),
        "målgrupper": len(catalogue.target_groups),
        "synonymer": len(rows[schema.synonyms]),
        "søgedokumenter": len(rows[schema.search_documents]),
    }


def _insert_all(conn: Connection, rows) -> None:
    for table in schema.metadata.sorted_tables:
        if rows.get(table):
            conn.execute(table.insert(), rows[table])


def _build_sqlite(url: str, rows) -> None:
    target = sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    engine = create_engine(f"sqlite:///{temp}", future=True)
    try:
        schema.metadata.create_all(engine)
        with engine.begin() as conn:
            _insert_all(conn, rows)
        engine.dispose()
        os.replace(temp, target)
    finally:
        engine.dispose()
        if temp.exists():
            temp.unlink()


def _build_in_transaction(url: str, rows) -> None:
    engine = create_engine(url, future=True)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # One builder at a time; readers are never blocked by this lock.
                conn.execute(text("SELECT pg_advisory_xact_lock(4711003)"))
            existing = set(inspect(conn).get_table_names())
            wanted = {table.name for table in schema.metadata.sorted_tables}
            version = None
            if schema.meta.name in existing:
                version = conn.execute(
                    select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
                ).scalar()
            if version == schema.SCHEMA_VERSION and wanted <= existing:
                # Same tables: replace the rows. Readers keep seeing the old rows until the commit.
                for table in reversed(schema.metadata.sorted_tables):
                    conn.execute(table.delete())
            else:
                schema.metadata.drop_all(conn, checkfirst=True)
                schema.metadata.create_all(conn)
            _insert_all(conn, rows)
    finally:
        engine.dispose()


def _forget_caches(url: str) -> None:
    dispose_engine(url)
    from .search import forget_index

    forget_index(url)
