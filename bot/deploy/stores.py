"""Rasa tracker and lock stores that survive database restarts and several Rasa processes.

endpoints.yml (one machine) and deploy/endpoints.production.yml (scaled out) name these classes, so
every Rasa server process creates its stores from here at start-up; creating the tracker store also
installs the failure handling and the lean action path of bot.deploy.rasa_patches in that process.

ResilientSQLTrackerStore (SQLite or PostgreSQL)
    Rasa's SQLTrackerStore with: pooled connections checked before use (pool_pre_ping), so a
    PostgreSQL restart does not hand a dead connection to the next request; a small pool sized by
    SQL_POOL_SIZE/SQL_MAX_OVERFLOW (Rasa's defaults are 50 + 100 per process, more than PostgreSQL's
    default limit of 100 for a single replica); a connect timeout; and reads and writes retried with
    back-off for TRACKER_STORE_RETRY_SECONDS while the database is unreachable. Rasa's own store
    gives up at once and its FailSafeTrackerStore then falls back to memory: the conversation loses
    its history for that message and what is said is never written to the database.

    Writes stay idempotent on retry: Rasa stores only the events beyond the number already stored
    for the current session, counted in the same transaction.

AtomicRedisLockStore
    Rasa's RedisLockStore reads a conversation's ticket lock, changes it in Python and writes it
    back. Two Rasa processes that receive messages for the same conversation at the same moment can
    both draw the same ticket, process the conversation in parallel and lose or duplicate events.
    Here every read-modify-write runs as a Redis transaction (WATCH/MULTI/EXEC, retried on
    conflict), lock keys expire with their last ticket, and a waiting message polls every 50 ms
    rather than every second.

    Tickets live LOCK_LIFETIME_SECONDS (default 3 s) instead of Rasa's 60 s, and the process that
    drew a ticket renews it every quarter of that while the message waits or is processed. A
    replica that dies (SIGKILL, out of memory, a lost node) stops renewing, so its tickets expire
    within seconds and the next message of the conversation goes ahead on another replica; before,
    the conversation stood still for up to a minute. A live holder keeps the conversation to itself
    for at most Rasa's own lock lifetime (TICKET_LOCK_LIFETIME, 60 s), as before.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import time
from typing import Any, AsyncIterator, Callable, Optional, Text, Tuple

import sqlalchemy as sa
import sqlalchemy.event
import sqlalchemy.orm
import sqlalchemy.pool
from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX, LOCK_LIFETIME, LockError, LockStore, RedisLockStore,
)
from rasa.core.tracker_store import SQLTrackerStore, is_postgresql_url
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import settings
from bot.deploy import rasa_patches

logger = logging.getLogger(__name__)

# Rasa's SQLTrackerStore._event_query as plain SQL: the same rows in the same order (events of the
# latest session: from its SessionStarted timestamp on, or all when there is none). Built once; the
# ORM query costs about a millisecond per message just to compute its cache key.
_LATEST = """
    FROM events WHERE sender_id = :sender AND (
        (SELECT max(timestamp) FROM events WHERE sender_id = :sender AND type_name = :started) IS NULL
        OR timestamp >= (SELECT max(timestamp) FROM events WHERE sender_id = :sender AND type_name = :started))
"""
_LATEST_SESSION = sa.text("SELECT data" + _LATEST + "ORDER BY id")
_COUNT_LATEST_SESSION = sa.text("SELECT count(*)" + _LATEST)
_ALL_SESSIONS = sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id")

# Errors that mean "the database is not reachable right now", worth retrying.
_TRANSIENT = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, _TRANSIENT):
        return True
    return isinstance(exc, sa.exc.DBAPIError) and bool(exc.connection_invalidated)


def engine_kwargs(url: Any) -> dict:
    """create_engine() arguments for the tracker store."""
    kwargs: dict = {}
    if sa.engine.make_url(str(url)).get_backend_name() == "sqlite":
        # One long-lived connection instead of SQLAlchemy 1.4's NullPool (a new connection per query).
        kwargs.update(poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=2,
                      connect_args={"check_same_thread": False, "timeout": 10})
    elif is_postgresql_url(url):
        connect_args = {"connect_timeout": 3, "application_name": "parathed-rasa"}
        schema = os.environ.get("POSTGRESQL_SCHEMA")
        if schema:
            connect_args["options"] = f"-csearch_path={schema}"
        kwargs.update(
            pool_pre_ping=True,
            pool_size=settings.sql_pool_size(),
            max_overflow=settings.sql_max_overflow(),
            pool_timeout=10,
            pool_recycle=1800,
            connect_args=connect_args,
        )
    return kwargs


def _sqlite_wal(dbapi_connection, _record) -> None:
    """Write-ahead log with synchronous=NORMAL: a commit costs ~0.3 ms instead of ~3-10 ms (an fsync
    of the rollback journal each time). Safe against a crashing process; on power loss the last
    commits before the crash may be lost (documented in docs/deployment.md)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class ResilientSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with pre-pinged, bounded pools and retries while the database is away."""

    def __init__(self, domain=None, host: Optional[Text] = None, install_rasa_patches: bool = True,
                 **kwargs: Any) -> None:
        try:
            self._setup(domain, host, install_rasa_patches, **kwargs)
        except (AttributeError, ImportError) as exc:
            # Rasa would swallow these two and silently keep the conversations in memory instead.
            raise RuntimeError(f"Samtalelageret kunne ikke oprettes: {type(exc).__name__}: {exc}") from exc

    def _setup(self, domain, host, install_rasa_patches: bool, **kwargs: Any) -> None:
        if install_rasa_patches:  # the Rasa server creates its tracker store once, at start-up
            rasa_patches.install()
        super().__init__(domain=domain, host=host, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, **engine_kwargs(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_wal)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        logger.info("Samtalelager: %s (%s)", type(self).__name__, url.get_backend_name())
        if install_rasa_patches:  # the Rasa server: delete conversations past their retention period
            from bot.privacy_store import start_retention_task

            start_retention_task(self.engine)

    async def _retrying(self, what: str, attempt: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + settings.tracker_store_retry_seconds()
        delay = 0.1
        while True:
            try:
                return await attempt()
            except Exception as exc:  # noqa: BLE001
                if not _transient(exc) or time.monotonic() + delay > deadline:
                    raise
                logger.warning("Samtalelageret kunne ikke %s (%s); prøver igen om %.1f s.",
                               what, type(getattr(exc, "orig", None) or exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool):
        async def read():
            with self.session_scope() as session:
                query = _ALL_SESSIONS if fetch_events_from_all_sessions else _LATEST_SESSION
                rows = session.execute(query, {"sender": sender_id, "started": SessionStarted.type_name})
                events = [json.loads(data) for (data,) in rows]
            if self.domain and events:
                return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            return None

        return await self._retrying("læse", read)

    def _additional_events(self, session, tracker: DialogueStateTracker):
        """The tracker's events beyond those already stored for its latest session."""
        stored = session.execute(_COUNT_LATEST_SESSION, {"sender": tracker.sender_id,
                                                         "started": SessionStarted.type_name}).scalar()
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def keys(self):
        parent = super().keys
        return await self._retrying("læse", parent)

    async def save(self, tracker: DialogueStateTracker) -> None:
        from bot.privacy_store import erase_on_save, erasure_requested

        if erasure_requested(tracker.events):  # "slet min samtale": delete it instead of saving it
            async def erase() -> None:
                erase_on_save(self.engine, tracker)

            await self._retrying("slette", erase)
            return
        await self.stream_events(tracker)  # once; only the database write is retried

        async def write() -> None:
            self._write_new_events(tracker)

        await self._retrying("gemme", write)

    def _write_new_events(self, tracker: DialogueStateTracker) -> None:
        """SQLTrackerStore.save without the event broker: store the events not yet stored, in one
        INSERT with many rows (the ORM's one object per event costs more than the database)."""
        from rasa.shared.nlu.constants import INTENT_NAME_KEY

        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                })
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()


def _lock_ttl_ms(lock: TicketLock) -> int:
    latest = max((ticket.expires for ticket in lock.tickets), default=time.time())
    return max(1000, int((latest - time.time() + 1) * 1000))


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket operations are atomic across processes.

    endpoints: lock_store: {type: bot.deploy.stores.AtomicRedisLockStore, url: redis://…/1,
    key_prefix: parathed}; `url` may also be a plain host name with `port`, `db`, `password`.
    """

    poll_seconds = 0.05

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        import redis

        options = dict(endpoint_config.kwargs if endpoint_config else {})
        options.update(kwargs)
        url = (endpoint_config.url if endpoint_config else None) or options.pop("url", None) \
            or settings.redis_url() or "redis://127.0.0.1:6379/1"
        socket_timeout = float(options.pop("socket_timeout", 5))
        key_prefix = options.pop("key_prefix", None)
        if "://" in url:
            self.red = redis.Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=3)
        else:
            self.red = redis.Redis(
                host=url, port=int(options.pop("port", 6379)), db=int(options.pop("db", 1)),
                username=options.pop("username", None), password=options.pop("password", None),
                ssl=bool(options.pop("use_ssl", False)), socket_timeout=socket_timeout,
                socket_connect_timeout=3,
            )
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        if key_prefix:
            self._set_key_prefix(str(key_prefix))
        LockStore.__init__(self)

    def _atomically(self, conversation_id: Text, change: Callable[[TicketLock], Tuple[Any, bool]]) -> Any:
        """Apply `change` to the stored lock in one Redis transaction; it returns (result, keep)."""
        key = self.key_prefix + conversation_id

        def transaction(pipe) -> Any:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else self.create_lock(conversation_id)
            result, keep = change(lock)
            pipe.multi()
            if keep:
                pipe.set(key, lock.dumps(), px=_lock_ttl_ms(lock))
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._atomically(conversation_id, lambda lock: (lock.issue_ticket(lock_lifetime), True))
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: Text) -> None:
        def change(lock: TicketLock):
            lock.remove_expired_tickets()
            return None, bool(lock.tickets)

        if self.get_lock(conversation_id):
            self._atomically(conversation_id, change)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: TicketLock):
            lock.remove_ticket_for(ticket_number)
            return None, bool(lock.tickets)

        self._atomically(conversation_id, change)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finish_serving deletes the key in the same transaction when nobody else is waiting.
        self.finish_serving(conversation_id, ticket_number)

    def renew_ticket(self, conversation_id: Text, ticket_number: int, lifetime: float) -> bool:
        """Move the ticket's expiry to `lifetime` seconds from now; False when it is gone already."""
        def change(lock: TicketLock):
            for ticket in lock.tickets:
                if ticket.number == ticket_number:
                    ticket.expires = time.time() + lifetime
                    return True, True
            return False, bool(lock.tickets)

        return self._atomically(conversation_id, change)

    async def _keep_ticket(self, conversation_id: Text, ticket_number: int, lifetime: float,
                           longest: float) -> None:
        """Renew the ticket every lifetime/4 seconds, for at most `longest` seconds in all."""
        started = time.monotonic()
        while time.monotonic() - started + lifetime < longest:
            await asyncio.sleep(lifetime / 4)
            try:
                if not self.renew_ticket(conversation_id, ticket_number, lifetime):
                    logger.error("En samtales lås udløb, før den blev fornyet; en anden replika kan "
                                 "have overtaget samtalen.")
                    return
            except Exception as exc:  # noqa: BLE001 - Redis away: the next round tries again
                logger.warning("Kunne ikke forny en samtales lås (%s).", type(exc).__name__)

    @contextlib.asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: Optional[float] = None) -> AsyncIterator[TicketLock]:
        """Rasa's LockStore.lock with a short ticket lifetime that this process keeps renewing."""
        lifetime = min(lock_lifetime_seconds(), lock_lifetime)
        poll = self.poll_seconds if wait_time_in_seconds is None else wait_time_in_seconds
        ticket = self.issue_ticket(conversation_id, lifetime)
        keeper = asyncio.ensure_future(self._keep_ticket(conversation_id, ticket, lifetime, lock_lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, poll)
        finally:
            keeper.cancel()
            self.cleanup(conversation_id, ticket)


def lock_lifetime_seconds() -> float:
    """How long a conversation's lock outlives a Rasa process that died holding it (LOCK_LIFETIME_SECONDS)."""
    return max(1.0, settings._float("LOCK_LIFETIME_SECONDS", 3.0))
