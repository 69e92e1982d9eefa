"""Knowledge base on PostgreSQL (127.0.0.1:5432, database `test`), each test run in its own schema.

Set KB_TEST_PG_URL to use another server. A stopped local cluster is started; the tests are skipped
only when PostgreSQL is not installed on the machine at all.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot import settings
from bot.catalogue import CatalogueError
from bot.kb import build, needs_build, queries
from bot.kb import builder as build_module
from bot.kb import schema
from bot.kb.search import search

from test_kb import MINIMAL, dump  # noqa: E402 (tests/ is on sys.path under pytest)

BASE_URL = os.environ.get("KB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _can_connect() -> bool:
    try:
        engine = create_engine(BASE_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except OperationalError:
        return False


def _start_local_cluster() -> None:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions or not shutil.which("pg_ctlcluster"):
        pytest.skip("PostgreSQL er ikke installeret på denne maskine")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
                   check=False, capture_output=True)
    for _ in range(30):
        if _can_connect():
            return
        time.sleep(0.5)
    pytest.fail("PostgreSQL kunne ikke startes")


@pytest.fixture(scope="module")
def pg_schema_url():
    if not _can_connect():
        _start_local_cluster()
    schema_name = f"kb_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(BASE_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    separator = "&" if "?" in BASE_URL else "?"
    try:
        yield f"{BASE_URL}{separator}options=-csearch_path%3D{schema_name}"
    finally:
        from bot.kb.engine import dispose_engine

        dispose_engine(f"{BASE_URL}{separator}options=-csearch_path%3D{schema_name}")
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
        admin.dispose()


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    root = tmp_path / "katalog"
    shutil.copytree(MINIMAL, root)
    return root


def test_tables_live_in_the_test_schema(pg_schema_url, catalogue_copy):
    build(catalogue_copy, pg_schema_url)
    schema_name = pg_schema_url.rsplit("%3D", 1)[1]
    engine = create_engine(BASE_URL)
    with engine.connect() as conn:
        tables = {row[0] for row in conn.execute(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": schema_name})}
    engine.dispose()
    assert {t.name for t in schema.metadata.sorted_tables} == tables


def test_build_rebuild_and_broken_catalogue_on_postgres(pg_schema_url, catalogue_copy, monkeypatch):
    first = build(catalogue_copy, pg_schema_url)
    assert first.counts["roller"] == 2
    assert not needs_build(catalogue_copy, pg_schema_url)
    before = dump(pg_schema_url)
    assert build(catalogue_copy, pg_schema_url).fingerprint == first.fingerprint
    assert dump(pg_schema_url) == before  # idempotent

    # A broken catalogue: nothing is touched.
    role_file = catalogue_copy / "roller" / "paedagog.yml"
    good = role_file.read_text(encoding="utf-8")
    role_file.write_text(good.replace("tilbud: [digcompsat]", "tilbud: [findes-ikke]"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="ukendt tilbud 'findes-ikke'"):
        build(catalogue_copy, pg_schema_url)
    assert dump(pg_schema_url) == before
    role_file.write_text(good, encoding="utf-8")

    # A failure halfway through writing rolls the whole transaction back.
    def explode(conn, rows):
        conn.execute(schema.roles.insert(), [dict(id="halv", name="halv", summary="x", source="x")])
        raise RuntimeError("forbindelsen røg")

    monkeypatch.setattr(build_module, "_insert_all", explode)
    with pytest.raises(RuntimeError):
        build(catalogue_copy, pg_schema_url)
    assert dump(pg_schema_url) == before
    assert queries.get_role("paedagog", url=pg_schema_url).name == "pædagog"


def test_readers_see_old_rows_until_the_rebuild_commits(pg_schema_url, catalogue_copy, monkeypatch):
    build(catalogue_copy, pg_schema_url)
    seen_during_build = {}
    original = build_module._insert_all

    def insert_and_peek(conn, rows):
        original(conn, rows)
        # Another connection, while the builder's transaction is still open.
        seen_during_build["title"] = queries.get_practice("phishing-traening", url=pg_schema_url).title

    path = catalogue_copy / "gode-eksempler" / "phishing-traening.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("titel: Phishing-træning for medarbejdere",
                                                            "titel: Træning mod phishing"), encoding="utf-8")
    monkeypatch.setattr(build_module, "_insert_all", insert_and_peek)
    build(catalogue_copy, pg_schema_url)
    assert seen_during_build["title"] == "Phishing-træning for medarbejdere"
    assert queries.get_practice("phishing-traening", url=pg_schema_url).title == "Træning mod phishing"


def test_real_catalogue_gives_the_same_answers_on_postgres_and_sqlite(pg_schema_url, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    build(settings.CATALOGUE_DIR, sqlite_url)
    build(settings.CATALOGUE_DIR, pg_schema_url)
    assert dump(pg_schema_url) == dump(sqlite_url)
    for query in ("hvordan lærer ældre at bruge mitid", "phisingtræning", "datasikkerhed for hjemmehjælpere"):
        assert search(query, pg_schema_url, 5) == search(query, sqlite_url, 5)
    assert queries.get_role("sosu-hjaelper", url=pg_schema_url) == queries.get_role("sosu-hjaelper", url=sqlite_url)
    assert queries.find_practices(target_group="aeldre", url=pg_schema_url) == queries.find_practices(
        target_group="aeldre", url=sqlite_url)
