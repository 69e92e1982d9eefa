"""A copy of the real catalogue that a test changes as an editor would, in use for that test: the
settings point at it, and the knowledge base at its own SQLite file, built from the copy on first use.

    from catalogue_edits import edited_catalogue   # noqa: F401 (a fixture)

    def test_x(edited_catalogue):
        edited_catalogue("niveauer.yml", "navn: Øvet", "navn: Øvede")
        ... something(url=edited_catalogue.url)
"""
from __future__ import annotations

import shutil

import pytest

from bot import settings


@pytest.fixture
def edited_catalogue(tmp_path, monkeypatch):
    root = tmp_path / "catalogue"
    shutil.copytree(settings.CATALOGUE_DIR, root)
    monkeypatch.setattr(settings, "CATALOGUE_DIR", root)
    monkeypatch.setattr("bot.catalogue.current.RECHECK_SECONDS", 0.0)  # an edit is seen at once

    def edit(file: str, old: str, new: str, count: int = 1) -> None:
        """Replace text in one catalogue file (do every edit before the first query)."""
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    edit.root = root
    edit.url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    return edit
