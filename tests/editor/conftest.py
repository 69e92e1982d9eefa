"""Fixtures for the editor's tests. Every test works on a temporary COPY of the project tree
(config.yml, domain/, data/, tests/stories/), never on the real data/."""
from __future__ import annotations

import pytest

from editor_support import TrackerDB, copy_project, start_editor
from bot.editor.project import Project


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path / "projekt")


@pytest.fixture
def tracker(tmp_path) -> TrackerDB:
    """Three conversations: one the assistant did not understand, one with a thumbs down, one fine."""
    db = TrackerDB(tmp_path / "tracker.sqlite3")
    db.start("samtale-fallback")
    db.user("samtale-fallback", "hvad går du egentlig ud på", "nlu_fallback", 0.41,
            ranking=[("nlu_fallback", 0.5), ("ask_help", 0.41), ("bot_challenge", 0.3)])
    db.bot("samtale-fallback", "utter_ask_rephrase", "Undskyld, det forstod jeg ikke helt.")
    db.start("samtale-ned")
    db.user("samtale-ned", "hvad skal en lærer kunne om datasikkerhed", "ask_role_profile", 0.62,
            entities=[{"entity": "role", "start": 13, "end": 18, "value": "folkeskolelaerer", "extractor": "x"},
                      {"entity": "area", "start": 28, "end": 41, "value": "datasikkerhed", "extractor": "x"}])
    db.bot("samtale-ned", "action_catalogue_answer", "En folkeskolelærer skal ...")
    db.feedback("samtale-ned", "ned", "En folkeskolelærer skal ...")
    db.start("samtale-fin")
    db.user("samtale-fin", "/greet", "greet", 1.0)
    db.bot("samtale-fin", "utter_greet", "Hej!")
    db.user("samtale-fin", "tak for hjælpen", "thank", 0.99)
    db.bot("samtale-fin", "utter_thank", "Selv tak!")
    return db


@pytest.fixture
def editor(tmp_path, project, tracker):
    server, stop = start_editor(tmp_path, project, tracker.url, ["http://127.0.0.1:9"])
    try:
        yield server
    finally:
        stop()
