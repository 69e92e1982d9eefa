"""Deleting conversations and logging editors' reads, in the tracker store's database.

Rasa's SQLTrackerStore keeps one row per event in the table `events` (sender_id, type_name,
timestamp, …) and has no way to delete anything. Here, with SQLAlchemy and SQL that SQLite and
PostgreSQL both understand:

- delete_conversation(): every event of one conversation (a person's "slet min samtale", or an
  administrator in the editor). The conversation's feedback (thumbs up/down) is stored as events of
  the conversation, so it goes with them.
- purge(): every event older than the retention period (CONVERSATION_RETENTION_DAYS, default 90),
  run by the Rasa server on a schedule (start_retention_task) and by `python -m bot privacy purge`.
  Access log entries older than ACCESS_LOG_RETENTION_DAYS go too.
- the access log (table `conversation_access_log`): who opened or deleted which conversation, and
  when; never what it said.

Erasure on request happens inside the Rasa server that handles the message: the action
`action_delete_conversation` sets the slot ERASE_SLOT, and the tracker store, instead of saving the
conversation, deletes all of its events (bot/deploy/stores.py calls erase_on_save()). Deleting from
another process would not be enough: the server holds the conversation in memory while it handles a
message and would write every event back when it saves it.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Union

import sqlalchemy as sa

from bot import settings

logger = logging.getLogger(__name__)

ERASE_SLOT = "samtale_slettes"
DAY = 24 * 3600

_metadata = sa.MetaData()
access_log = sa.Table(
    "conversation_access_log", _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("username", sa.String(255), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),  # "læst", "slettet"
    sa.Column("timestamp", sa.Float, nullable=False, index=True),
)
ACTIONS = {"read": "læst", "delete": "slettet"}

EngineLike = Union[str, sa.engine.Engine]


def _engine(db: EngineLike) -> sa.engine.Engine:
    if isinstance(db, sa.engine.Engine):
        return db
    return sa.create_engine(db)


def _dispose(db: EngineLike, engine: sa.engine.Engine) -> None:
    if not isinstance(db, sa.engine.Engine):
        engine.dispose()


def _has_events(connection) -> bool:
    return sa.inspect(connection).has_table("events")


def delete_conversation(db: EngineLike, sender_id: str) -> int:
    """Delete every event of the conversation; the number of events deleted."""
    engine = _engine(db)
    try:
        with engine.begin() as connection:
            if not _has_events(connection):
                return 0
            result = connection.execute(sa.text("DELETE FROM events WHERE sender_id = :sender"),
                                        {"sender": sender_id})
            return result.rowcount or 0
    finally:
        _dispose(db, engine)


@dataclass
class PurgeResult:
    events: int
    conversations: int
    log_entries: int
    cutoff: float

    def danish(self, days: int) -> str:
        if not self.events and not self.log_entries:
            return f"Ingen samtaler var ældre end {days} dage. Intet er slettet."
        text = (f"Slettet {self.events} hændelser fra {self.conversations} "
                f"{'samtale' if self.conversations == 1 else 'samtaler'} ældre end {days} dage.")
        if self.log_entries:
            text += f" Slettet {self.log_entries} linjer i adgangsloggen."
        return text


def purge(db: EngineLike, days: Optional[int] = None, now: Optional[float] = None,
          log_days: Optional[int] = None) -> PurgeResult:
    """Delete every event older than `days` (default: CONVERSATION_RETENTION_DAYS) and access log
    entries older than `log_days` (default: ACCESS_LOG_RETENTION_DAYS)."""
    days = settings.conversation_retention_days() if days is None else days
    log_days = settings.access_log_retention_days() if log_days is None else log_days
    now = time.time() if now is None else now
    cutoff = now - days * DAY
    engine = _engine(db)
    try:
        with engine.begin() as connection:
            events = conversations = entries = 0
            inspector = sa.inspect(connection)
            if days > 0 and inspector.has_table("events"):
                conversations = connection.execute(
                    sa.text("SELECT count(DISTINCT sender_id) FROM events WHERE timestamp < :cutoff"),
                    {"cutoff": cutoff}).scalar() or 0
                events = connection.execute(sa.text("DELETE FROM events WHERE timestamp < :cutoff"),
                                            {"cutoff": cutoff}).rowcount or 0
            if log_days > 0 and inspector.has_table(access_log.name):
                entries = connection.execute(
                    access_log.delete().where(access_log.c.timestamp < now - log_days * DAY)).rowcount or 0
        return PurgeResult(events, conversations, entries, cutoff)
    finally:
        _dispose(db, engine)


# --- erasure on request (inside the Rasa server's tracker store) ---------------------------------------
def erasure_requested(events: Iterable[Any]) -> bool:
    """True when the events since the person's last message set ERASE_SLOT (the action ran). Reads
    from the end, so a save costs a few events' look, however long the conversation."""
    for event in reversed(events):
        kind = getattr(event, "type_name", None)
        if kind == "user":
            return False
        if kind == "slot" and getattr(event, "key", None) == ERASE_SLOT and getattr(event, "value", None):
            return True
    return False


def erase_on_save(engine: sa.engine.Engine, tracker) -> bool:
    """Called by the tracker store instead of saving: when the conversation asked to be deleted,
    delete all of its events and return True (the caller then saves nothing)."""
    if not erasure_requested(tracker.events):
        return False
    deleted = delete_conversation(engine, tracker.sender_id)
    logger.info("En samtale blev slettet på brugerens anmodning (%d hændelser).", deleted)
    return True


# --- the retention job in the running server ----------------------------------------------------------
_task: Optional[asyncio.Task] = None


async def _retention_loop(engine: sa.engine.Engine, interval: float) -> None:
    loop = asyncio.get_running_loop()
    while True:
        try:
            result = await loop.run_in_executor(None, purge, engine)
            if result.events or result.log_entries:
                logger.info("Opbevaringsperiode: %s", result.danish(settings.conversation_retention_days()))
        except Exception as exc:  # noqa: BLE001 - the next round tries again
            logger.warning("Gamle samtaler kunne ikke slettes (%s); prøver igen senere.", type(exc).__name__)
        await asyncio.sleep(interval)


def start_retention_task(engine: sa.engine.Engine) -> Optional[asyncio.Task]:
    """Start the scheduled deletion of old conversations in the running event loop (once per process).
    Every Rasa server process runs it; deleting what is already deleted does no harm."""
    global _task
    interval = settings.retention_check_minutes() * 60
    if settings.conversation_retention_days() <= 0 or interval <= 0:
        logger.warning("Sletning af gamle samtaler er slået fra (CONVERSATION_RETENTION_DAYS=0).")
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None  # not inside a server (a command, a test): nothing to schedule
    if _task is not None and not _task.done() and _task.get_loop() is loop:
        return _task
    _task = loop.create_task(_retention_loop(engine, interval))
    return _task


# --- the access log -----------------------------------------------------------------------------------
@dataclass
class AccessEntry:
    sender_id: str
    username: str
    action: str
    timestamp: float

    @property
    def when(self) -> str:
        from datetime import datetime

        return datetime.fromtimestamp(self.timestamp).strftime("%d.%m.%Y kl. %H:%M:%S")


def log_access(db: EngineLike, sender_id: str, username: str, action: str = "read",
               now: Optional[float] = None) -> None:
    """Record that `username` read (or deleted) the conversation `sender_id`."""
    engine = _engine(db)
    try:
        _metadata.create_all(engine, tables=[access_log], checkfirst=True)
        with engine.begin() as connection:
            connection.execute(access_log.insert().values(
                sender_id=sender_id, username=username, action=ACTIONS.get(action, action),
                timestamp=time.time() if now is None else now))
    finally:
        _dispose(db, engine)


def access_entries(db: EngineLike, sender_id: Optional[str] = None, username: Optional[str] = None,
                   limit: int = 500) -> List[AccessEntry]:
    """The newest entries first, optionally for one conversation or one editor."""
    engine = _engine(db)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(access_log.name):
                return []
            query = access_log.select().order_by(access_log.c.timestamp.desc(), access_log.c.id.desc())
            if sender_id:
                query = query.where(access_log.c.sender_id == sender_id)
            if username:
                query = query.where(access_log.c.username == username)
            rows = connection.execute(query.limit(limit)).fetchall()
        return [AccessEntry(r.sender_id, r.username, r.action, r.timestamp) for r in rows]
    finally:
        _dispose(db, engine)
