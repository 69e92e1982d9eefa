"""The one-machine profile (endpoints.yml) uses the same resilient tracker store: conversations land in
the SQLite file, in write-ahead-log mode. Rasa would silently keep them in memory if the store's
class could not be loaded, so this checks the file itself."""
from __future__ import annotations

import json
import sqlite3
import urllib.request
import uuid

from bot import settings


def test_endpoints_yml_names_the_resilient_store():
    text = (settings.ROOT / "endpoints.yml").read_text()
    assert "type: bot.deploy.stores.ResilientSQLTrackerStore" in text


def test_single_profile_stores_conversations_in_sqlite(rasa_stack):
    sender = f"en-maskine-{uuid.uuid4().hex}"
    request = urllib.request.Request(
        f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": "hej"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert json.load(response)
    path = rasa_stack.tracker_db_url[len("sqlite:///"):]
    with sqlite3.connect(path) as conn:
        types = [row[0] for row in conn.execute(
            "SELECT type_name FROM events WHERE sender_id = ? ORDER BY id", (sender,))]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert "user" in types and "bot" in types
    assert journal == "wal"
