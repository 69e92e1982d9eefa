"""Helpers for the production tests: HTTP calls, reading the tracker store, the fault relay."""
from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from typing import Dict, List, Optional, Tuple

PG_URL = "postgresql://postgres@127.0.0.1:5432"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
JWT_SECRET = "jwt-" + uuid.uuid4().hex + uuid.uuid4().hex
ALLOWED_ORIGIN = "https://intranet.testkommune.example"
ACTION_TIMEOUT = 2.0
# Contact details as an operator sets them (the same as tests/conftest.py's).
OPERATOR_CONTACT = {
    "HANDOVER_NAME": "Borgerservice i Testkommune",
    "HANDOVER_PHONE": "70 10 20 30",
    "HANDOVER_EMAIL": "borgerservice@testkommune.example",
    "HANDOVER_HOURS": "hverdage kl. 10-15",
}


def _pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", _pg_version(), "main", action],
                   check=True, timeout=120, capture_output=True)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pg_ready() -> bool:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(f"{PG_URL}/postgres", poolclass=sa.pool.NullPool,
                                  connect_args={"connect_timeout": 2})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} blev ikke klar inden for {timeout:.0f} s")
        time.sleep(0.3)


def ensure_postgres() -> None:
    if not pg_ready():
        pg_ctl("start")
        wait_for(pg_ready, 60, "PostgreSQL")


def ensure_redis() -> None:
    if _port_open(REDIS_HOST, REDIS_PORT):
        return
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", str(REDIS_PORT),
         "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
        check=True, timeout=30,
    )
    wait_for(lambda: _port_open(REDIS_HOST, REDIS_PORT), 30, "Redis")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FaultRelay:
    """A TCP relay between the Rasa replicas and the action servers that can misbehave on request.

    mode "pass": forward bytes; "hang": accept and read but never answer; "down": stop listening,
    so connections are refused, as when the action server is not running."""

    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.mode = "pass"
        self._loop = asyncio.new_event_loop()
        self._server: Optional[asyncio.AbstractServer] = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.set_mode("pass")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    async def _handle(self, reader, writer) -> None:
        if self.mode == "hang":
            try:
                while await reader.read(65536):
                    pass
            finally:
                writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return

        async def pipe(src, dst) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def _listen(self, on: bool) -> None:
        if on and self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
        elif not on and self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def set_mode(self, mode: str) -> None:
        self._call(self._listen(mode != "down"))
        self.mode = mode

    def close(self) -> None:
        self._call(self._listen(False))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)



# -- HTTP helpers --------------------------------------------------------------------------------

def post_json(url: str, payload, timeout: float = 60, raw: Optional[bytes] = None,
              headers: Optional[Dict[str, str]] = None) -> Tuple[int, object, str]:
    """(status, parsed JSON or None, body text); never raises for HTTP errors."""
    data = raw if raw is not None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    text = body.decode("utf-8", "replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return status, parsed, text


def say(base_url: str, sender: str, message: str, metadata: Optional[dict] = None, timeout: float = 60) -> List[str]:
    payload = {"sender": sender, "message": message}
    if metadata:
        payload["metadata"] = metadata
    status, replies, text = post_json(f"{base_url}/webhooks/rest/webhook", payload, timeout=timeout)
    assert status == 200, f"HTTP {status}: {text[:300]}"
    return [r.get("text", "") for r in replies if r.get("text")]


def stored_events(db_url: str, sender: Optional[str] = None) -> List[tuple]:
    """(id, sender_id, type_name, timestamp, data) rows of Rasa's events table, in id order."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            query = "SELECT id, sender_id, type_name, timestamp, data FROM events"
            params = {}
            if sender is not None:
                query += " WHERE sender_id = :sender"
                params["sender"] = sender
            return [tuple(row) for row in conn.execute(sa.text(query + " ORDER BY id"), params)]
    finally:
        engine.dispose()


def tracker_events(base_url: str, token: str, sender: str) -> List[dict]:
    url = f"{base_url}/conversations/{sender}/tracker?token={token}&include_events=ALL"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["events"]

