"""Deleting conversations from the tracker store (bot/privacy_store.py and the tracker store of
bot/deploy/stores.py), on SQLite and on the local PostgreSQL (127.0.0.1:5432; skipped when
PostgreSQL is not installed): "slet min samtale", the retention job and the editors' access log."""
from __future__ import annotations

import asyncio
import time
import uuid

import pytest
import sqlalchemy as sa

from bot import settings
from bot.privacy_store import (
    DAY, ERASE_SLOT, access_entries, delete_conversation, log_access, purge, start_retention_task,
)

from test_kb_postgres import BASE_URL, _can_connect, _start_local_cluster  # noqa: E402


@pytest.fixture(scope="module")
def postgres_url():
    if not _can_connect():
        _start_local_cluster()
    name = f"privacy_{uuid.uuid4().hex[:10]}"
    base = sa.engine.make_url(BASE_URL)
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield str(base.set(database=name))
    with admin.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="module")
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(settings.DOMAIN_PATH))


def _store(domain, url):
    from bot.deploy.stores import ResilientSQLTrackerStore

    return ResilientSQLTrackerStore(domain, host=url, install_rasa_patches=False)


def _conversation(domain, sender, when, texts=("hej", "hvordan får jeg mitid?")):
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [ActionExecuted("action_session_start", timestamp=when), SessionStarted(timestamp=when),
              ActionExecuted("action_listen", timestamp=when)]
    for i, text in enumerate(texts):
        events += [UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=when + i),
                   BotUttered("Hej!", timestamp=when + i), ActionExecuted("action_listen", timestamp=when + i)]
    return DialogueStateTracker.from_events(sender, events, domain.slots)


def _count(url, sender=None):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if sender is None:
                return connection.execute(sa.text("SELECT count(*) FROM events")).scalar()
            return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"),
                                      {"s": sender}).scalar()
    finally:
        engine.dispose()


def test_slet_min_samtale_deletes_every_event_of_the_conversation_instead_of_saving_it(db_url, domain):
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    store = _store(domain, db_url)
    mine, other = f"mig-{uuid.uuid4().hex}", f"anden-{uuid.uuid4().hex}"
    now = time.time()

    async def scenario():
        await store.save(_conversation(domain, mine, now))
        await store.save(_conversation(domain, other, now))
        tracker = await store.retrieve(mine)
        # What the Rasa server holds in memory after "slet min samtale" → "ja" → the action:
        tracker.update_with_events([
            UserUttered("/affirm", {"name": "affirm", "confidence": 1.0}),
            ActionExecuted("action_delete_conversation"), BotUttered("Din samtale er nu slettet."),
            SlotSet(ERASE_SLOT, True), ActionExecuted("action_listen"),
        ], domain)
        await store.save(tracker)
        return await store.retrieve(mine)

    after = asyncio.run(scenario())
    assert after is None  # nothing of the conversation is left, not even the deletion itself
    assert _count(db_url, mine) == 0
    assert _count(db_url, other) > 0  # other conversations are untouched


def test_a_conversation_goes_on_normally_after_it_was_deleted(db_url, domain):
    from rasa.shared.core.events import SlotSet, UserUttered

    store = _store(domain, db_url)
    sender = f"igen-{uuid.uuid4().hex}"

    async def scenario():
        tracker = _conversation(domain, sender, time.time())
        tracker.update_with_events([UserUttered("ja"), SlotSet(ERASE_SLOT, True)], domain)
        await store.save(tracker)
        await store.save(_conversation(domain, sender, time.time(), texts=("ny besked",)))
        return await store.retrieve(sender)

    tracker = asyncio.run(scenario())
    assert [e.text for e in tracker.events if e.type_name == "user"] == ["ny besked"]


def test_the_retention_period_deletes_old_conversations_and_keeps_new_ones(db_url, domain):
    store = _store(domain, db_url)
    old, recent = f"gammel-{uuid.uuid4().hex}", f"ny-{uuid.uuid4().hex}"
    now = time.time()

    async def scenario():
        await store.save(_conversation(domain, old, now - 91 * DAY))
        await store.save(_conversation(domain, recent, now - 89 * DAY))

    asyncio.run(scenario())
    result = purge(db_url, days=90, now=now)
    assert _count(db_url, old) == 0 and _count(db_url, recent) > 0
    assert result.conversations == 1 and result.events == 9
    assert result.danish(90) == "Slettet 9 hændelser fra 1 samtale ældre end 90 dage."
    assert purge(db_url, days=90, now=now).danish(90) == "Ingen samtaler var ældre end 90 dage. Intet er slettet."


def test_the_running_server_deletes_old_conversations_on_a_schedule(db_url, domain, monkeypatch):
    monkeypatch.setenv("RETENTION_CHECK_MINUTES", "0.005")  # every 0.3 s
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "30")
    old = f"gammel-{uuid.uuid4().hex}"

    async def server():
        store = _store(domain, db_url)
        await store.save(_conversation(domain, old, time.time() - 31 * DAY))
        assert _count(db_url, old) > 0
        task = start_retention_task(store.engine)
        assert task is not None
        for _ in range(50):
            await asyncio.sleep(0.1)
            if _count(db_url, old) == 0:
                break
        task.cancel()
        return _count(db_url, old)

    assert asyncio.run(server()) == 0


def test_the_purge_command_tells_in_danish_what_it_deleted(db_url, domain, monkeypatch, capsys):
    from bot.__main__ import main

    store = _store(domain, db_url)
    asyncio.run(store.save(_conversation(domain, f"gammel-{uuid.uuid4().hex}", time.time() - 100 * DAY)))
    monkeypatch.setenv("TRACKER_DB_URL", db_url)
    assert main(["privacy", "purge"]) == 0
    out = capsys.readouterr().out
    assert "Slettet 9 hændelser fra 1 samtale ældre end 90 dage." in out


def test_the_access_log_records_who_read_what_and_when_but_not_the_content(db_url, domain):
    sender = f"læst-{uuid.uuid4().hex}"
    before = time.time()
    log_access(db_url, sender, "anne", "read")
    log_access(db_url, sender, "bo", "delete")
    entries = access_entries(db_url, sender_id=sender)
    assert [(e.username, e.action) for e in entries] == [("bo", "slettet"), ("anne", "læst")]
    assert all(before - 1 <= e.timestamp <= time.time() + 1 for e in entries)
    assert [e.sender_id for e in access_entries(db_url, username="anne")] == [sender]


def test_deleting_a_conversation_that_does_not_exist_deletes_nothing(db_url):
    assert delete_conversation(db_url, "findes-ikke") == 0


def test_only_the_latest_turn_can_ask_for_erasure():
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

    from bot.privacy_store import erasure_requested

    asked = [UserUttered("ja"), ActionExecuted("action_delete_conversation"), SlotSet(ERASE_SLOT, True),
             ActionExecuted("action_listen")]
    assert erasure_requested(asked)
    assert not erasure_requested(asked + [UserUttered("hej igen")])
    assert not erasure_requested([UserUttered("ja"), SlotSet(ERASE_SLOT, None)])
    assert not erasure_requested([UserUttered("slet min samtale"), SlotSet("feedback", {"value": "ned"})])
