"""A small reverse proxy in front of several Rasa replicas (or action servers), on aiohttp.

- socket.io is sticky: the proxy reads the engine.io session id (sid) from the handshake answer and
  sends every later request of that session (long-polling and the websocket upgrade) to the replica
  that created it. No cookies, so it also works when the chat is embedded on another site. A session
  whose replica has gone away is sent elsewhere; engine.io answers "unknown session" and the client
  reconnects by itself (the conversation itself lives in PostgreSQL, so nothing is lost).
- Everything else (the REST webhook, the HTTP API) goes to the healthy replica with the fewest
  requests in flight. A replica that refuses the connection is marked down and the request is sent
  to the next one (nothing reached the refused replica, so this is safe for POST too).
- Replicas are health-checked every few seconds and come back by themselves.
- Bodies larger than --max-body are refused with 413; socket.io requests from a browser Origin that
  is not in CORS_ORIGINS are refused with 403 (browsers do not apply CORS to websockets).
- No access log: paths and bodies may hold what people typed. Errors are logged without them.
- Several proxies in front of the same replicas (e.g. two pods) share the sid → replica map through
  Redis when --redis-url is given (REDIS_URL in the scaled profile).

    python -m bot.deploy proxy --listen 127.0.0.1:5005 --backend http://127.0.0.1:5101 \
        --backend http://127.0.0.1:5102
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional

import aiohttp
from aiohttp import web

logger = logging.getLogger(__name__)

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
    "transfer-encoding", "upgrade", "host", "content-length",
}
SID = re.compile(r'"sid"\s*:\s*"([^"]+)"')
SOCKETIO_PREFIX = "/socket.io"


@dataclass
class Backend:
    url: str
    healthy: bool = True
    in_flight: int = 0
    served: int = 0
    down_since: Optional[float] = None

    def mark_down(self) -> None:
        if self.healthy:
            logger.warning("Replika %s svarer ikke; sender trafikken til de andre.", self.url)
        self.healthy = False
        self.down_since = self.down_since or time.monotonic()

    def mark_up(self) -> None:
        if not self.healthy:
            logger.info("Replika %s svarer igen.", self.url)
        self.healthy = True
        self.down_since = None


@dataclass
class SessionMap:
    """engine.io sid → backend, bounded and expiring (sessions are short-lived)."""

    ttl: float = 3600.0
    limit: int = 100_000
    _items: "OrderedDict[str, tuple]" = field(default_factory=OrderedDict)

    def get(self, sid: str) -> Optional[str]:
        item = self._items.get(sid)
        if item is None:
            return None
        url, expires = item
        if expires < time.monotonic():
            self._items.pop(sid, None)
            return None
        self._items.move_to_end(sid)
        self._items[sid] = (url, time.monotonic() + self.ttl)
        return url

    def put(self, sid: str, url: str) -> None:
        self._items[sid] = (url, time.monotonic() + self.ttl)
        self._items.move_to_end(sid)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Proxy:
    def __init__(
        self,
        backends: Iterable[str],
        *,
        sticky: bool = True,
        max_body: int = 64 * 1024,
        allowed_origins: Optional[List[str]] = None,
        health_path: str = "/",
        health_interval: float = 2.0,
        name: str = "proxy",
        redis_url: Optional[str] = None,
    ) -> None:
        self.backends = [Backend(url.rstrip("/")) for url in backends]
        if not self.backends:
            raise ValueError("Proxyen skal have mindst én replika")
        self.sticky = sticky
        self.max_body = max_body
        self.allowed_origins = [o.rstrip("/") for o in (allowed_origins or []) if o and o != "*"]
        self.health_path = health_path
        self.health_interval = health_interval
        self.name = name
        self.sessions = SessionMap()
        # With several proxies in front of the same replicas, they share the sid → replica map here.
        self.redis_url = redis_url
        self._redis = None
        self._rr = itertools.count()
        self._session: Optional[aiohttp.ClientSession] = None
        self._health_task: Optional[asyncio.Task] = None

    # -- application -------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=self.max_body)
        app.router.add_get("/_proxy/health", self.status)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_startup.append(self._start)
        app.on_cleanup.append(self._stop)
        return app

    async def _start(self, _app) -> None:
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=None, connect=3, sock_read=120),
            auto_decompress=False,
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=30),
        )
        self._health_task = asyncio.create_task(self._health_loop())
        if self.redis_url:
            import redis.asyncio

            self._redis = redis.asyncio.Redis.from_url(self.redis_url, socket_timeout=1, socket_connect_timeout=1)

    async def _stop(self, _app) -> None:
        if self._health_task:
            self._health_task.cancel()
        if self._session:
            await self._session.close()
        if self._redis is not None:
            await self._redis.close()

    async def status(self, _request: web.Request) -> web.Response:
        return web.json_response({
            "name": self.name,
            "sticky_sessions": len(self.sessions),
            "backends": [{"url": b.url, "healthy": b.healthy, "in_flight": b.in_flight, "served": b.served}
                         for b in self.backends],
        })

    # -- choosing a backend ------------------------------------------------------------------
    def _least_loaded(self, exclude: Iterable[Backend] = ()) -> Optional[Backend]:
        excluded = set(id(b) for b in exclude)
        candidates = [b for b in self.backends if b.healthy and id(b) not in excluded]
        if not candidates:  # all look down: try the ones not tried yet anyway
            candidates = [b for b in self.backends if id(b) not in excluded]
        if not candidates:
            return None
        start = next(self._rr) % len(candidates)
        rotated = candidates[start:] + candidates[:start]
        return min(rotated, key=lambda b: b.in_flight)

    def _by_url(self, url: Optional[str]) -> Optional[Backend]:
        return next((b for b in self.backends if b.url == url), None)

    async def _sticky_backend(self, request: web.Request) -> Optional[Backend]:
        if not (self.sticky and request.path.startswith(SOCKETIO_PREFIX)):
            return None
        sid = request.query.get("sid")
        if not sid:
            return None
        url = self.sessions.get(sid)
        if url is None and self._redis is not None:
            try:
                shared = await self._redis.get(self._sid_key(sid))
            except Exception:  # noqa: BLE001 - without Redis the session may land elsewhere and reconnect
                shared = None
            if shared:
                url = shared.decode()
                self.sessions.put(sid, url)
        backend = self._by_url(url)
        return backend if backend is not None and backend.healthy else None

    def _sid_key(self, sid: str) -> str:
        from bot.settings import redis_key_prefix

        return f"{redis_key_prefix()}:socketio-sid:{sid}"

    async def _remember(self, sid: str, backend: Backend) -> None:
        self.sessions.put(sid, backend.url)
        if self._redis is not None:
            try:
                await self._redis.set(self._sid_key(sid), backend.url, ex=int(self.sessions.ttl))
            except Exception:  # noqa: BLE001
                logger.warning("%s: kunne ikke dele socket.io-sessionen via Redis.", self.name)

    def _origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if not origin or not self.allowed_origins or not request.path.startswith(SOCKETIO_PREFIX):
            return True
        return origin.rstrip("/") in self.allowed_origins

    # -- forwarding --------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        if not self._origin_allowed(request):
            return web.json_response({"error": "Denne hjemmeside må ikke bruge chatten."}, status=403)
        if request.content_length is not None and request.content_length > self.max_body:
            return web.json_response({"error": "Beskeden er for stor."}, status=413)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.json_response({"error": "Beskeden er for stor."}, status=413)
        sticky = await self._sticky_backend(request)
        tried: List[Backend] = []
        backend = sticky or self._least_loaded()
        while backend is not None:
            tried.append(backend)
            try:
                if request.headers.get("Upgrade", "").lower() == "websocket":
                    return await self._websocket(request, backend)
                return await self._forward(request, backend, body)
            except (aiohttp.ClientConnectorError, aiohttp.ServerDisconnectedError) as exc:
                # Refused or closed before answering: nothing was processed, try the next replica.
                backend.mark_down()
                logger.warning("%s: %s på %s; prøver en anden replika.", self.name, type(exc).__name__, backend.url)
                backend = self._least_loaded(exclude=tried)
            except asyncio.TimeoutError:
                logger.error("%s: %s svarede ikke i tide.", self.name, backend.url)
                return web.json_response({"error": "Assistenten svarede ikke i tide. Prøv igen."}, status=504)
        return web.json_response({"error": "Assistenten er ikke tilgængelig lige nu. Prøv igen om lidt."},
                                 status=503)

    def _upstream_headers(self, request: web.Request) -> Dict[str, str]:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        peer = request.remote or ""
        previous = request.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = f"{previous}, {peer}" if previous else peer
        headers["X-Forwarded-Proto"] = request.scheme
        headers["X-Forwarded-Host"] = request.host
        return headers

    async def _forward(self, request: web.Request, backend: Backend, body: bytes) -> web.Response:
        assert self._session is not None
        backend.in_flight += 1
        try:
            async with self._session.request(
                request.method, backend.url + request.rel_url.raw_path_qs,
                headers=self._upstream_headers(request), data=body if body else None,
                allow_redirects=False,
            ) as upstream:
                payload = await upstream.read()
                headers = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
                backend.served += 1
                if self.sticky and request.path.startswith(SOCKETIO_PREFIX) and "sid" not in request.query:
                    match = SID.search(payload[:512].decode("utf-8", "replace"))
                    if match:
                        await self._remember(match.group(1), backend)
                return web.Response(status=upstream.status, headers=headers, body=payload)
        finally:
            backend.in_flight -= 1

    async def _websocket(self, request: web.Request, backend: Backend) -> web.StreamResponse:
        assert self._session is not None
        headers = {k: v for k, v in self._upstream_headers(request).items()
                   if not k.lower().startswith("sec-websocket")}
        upstream = await self._session.ws_connect(
            backend.url + request.rel_url.raw_path_qs, headers=headers, autoping=False, max_msg_size=self.max_body,
        )
        client = web.WebSocketResponse(autoping=False, max_msg_size=self.max_body)
        await client.prepare(request)
        backend.in_flight += 1

        async def pump(source, target) -> None:
            async for message in source:
                if message.type == aiohttp.WSMsgType.TEXT:
                    await target.send_str(message.data)
                elif message.type == aiohttp.WSMsgType.BINARY:
                    await target.send_bytes(message.data)
                elif message.type == aiohttp.WSMsgType.PING:
                    await target.ping(message.data)
                elif message.type == aiohttp.WSMsgType.PONG:
                    await target.pong(message.data)
                else:
                    break

        try:
            tasks = [asyncio.create_task(pump(client, upstream)), asyncio.create_task(pump(upstream, client))]
            _done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
        finally:
            backend.in_flight -= 1
            await upstream.close()
            await client.close()
        return client

    # -- health ------------------------------------------------------------------------------
    async def check(self) -> None:
        assert self._session is not None

        async def probe(backend: Backend) -> None:
            try:
                async with self._session.get(backend.url + self.health_path,
                                             timeout=aiohttp.ClientTimeout(total=2)) as response:
                    (backend.mark_up if response.status < 500 else backend.mark_down)()
            except (aiohttp.ClientError, asyncio.TimeoutError):
                backend.mark_down()

        await asyncio.gather(*(probe(b) for b in self.backends))

    async def _health_loop(self) -> None:
        while True:
            try:
                await self.check()
            except Exception:  # noqa: BLE001 - the loop must survive anything
                logger.exception("Sundhedstjek fejlede")
            await asyncio.sleep(self.health_interval)


@dataclass
class Route:
    host: str
    port: int
    backends: List[str]
    sticky: bool = True
    health_path: str = "/"
    name: str = "proxy"
    redis_url: Optional[str] = None
    max_body: Optional[int] = None  # default: serve()'s; the action route needs far more


async def serve(routes: List[Route], *, max_body: int, allowed_origins: Optional[List[str]] = None,
                ready: Optional[asyncio.Event] = None, stop: Optional[asyncio.Event] = None) -> None:
    """Run one proxy per route until `stop` is set (or forever)."""
    runners = []
    try:
        for route in routes:
            proxy = Proxy(route.backends, sticky=route.sticky, max_body=route.max_body or max_body,
                          allowed_origins=allowed_origins, health_path=route.health_path, name=route.name,
                          redis_url=route.redis_url)
            runner = web.AppRunner(proxy.app(), access_log=None, handle_signals=False)
            await runner.setup()
            await web.TCPSite(runner, route.host, route.port).start()
            runners.append(runner)
            logger.info("%s lytter på %s:%d → %s", route.name, route.host, route.port, ", ".join(route.backends))
        if ready:
            ready.set()
        await (stop.wait() if stop else asyncio.Event().wait())
    finally:
        for runner in runners:
            await runner.cleanup()
