"""The sticky reverse proxy (bot/deploy/proxy.py) against small stand-in replicas, in one process."""
from __future__ import annotations

import asyncio
import json
from collections import Counter

import aiohttp
import pytest
from aiohttp import web

from bot.deploy.proxy import Proxy
from prod_support import free_port


def replica(name: str) -> web.Application:
    """Answers like a Rasa replica: health, an engine.io handshake with its own sid, the webhook."""
    counter = iter(range(10_000))
    app = web.Application()

    async def health(_):
        return web.Response(text="Hello from Rasa")

    async def socketio(request):
        if request.headers.get("Upgrade", "").lower() == "websocket":
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            async for message in ws:
                await ws.send_str(f"{name}:{message.data}")
            return ws
        sid = request.query.get("sid")
        if not sid:
            return web.Response(text='0{"sid":"%s-%d","upgrades":["websocket"],"pingInterval":25000}'
                                % (name, next(counter)))
        return web.Response(text=f"{name}|{sid}")

    async def webhook(request):
        body = await request.json()
        return web.json_response([{"recipient_id": body["sender"], "text": name}])

    app.router.add_get("/", health)
    app.router.add_route("*", "/socket.io/", socketio)
    app.router.add_post("/webhooks/rest/webhook", webhook)
    return app


async def start(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


async def _cluster(**proxy_options):
    ports = [free_port(), free_port()]
    runners = [await start(replica(name), port) for name, port in zip("AB", ports)]
    proxy = Proxy([f"http://127.0.0.1:{p}" for p in ports], health_interval=0.2, **proxy_options)
    proxy_port = free_port()
    proxy_runner = await start(proxy.app(), proxy_port)
    return f"http://127.0.0.1:{proxy_port}", proxy, runners, proxy_runner


async def _second_proxy(first: Proxy, **proxy_options):
    proxy = Proxy([b.url for b in first.backends], health_interval=0.2, **proxy_options)
    port = free_port()
    return f"http://127.0.0.1:{port}", proxy, await start(proxy.app(), port)


async def _close(runners, proxy_runner):
    await proxy_runner.cleanup()
    for runner in runners:
        await runner.cleanup()


def test_socketio_sessions_stick_to_the_replica_that_made_them():
    async def scenario():
        url, proxy, runners, proxy_runner = await _cluster()
        try:
            async with aiohttp.ClientSession() as client:
                for _ in range(6):
                    async with client.get(f"{url}/socket.io/?EIO=4&transport=polling") as r:
                        sid = json.loads((await r.text())[1:])["sid"]
                    owners = set()
                    for _ in range(10):
                        async with client.get(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}") as r:
                            owners.add((await r.text()).split("|")[0])
                    assert owners == {sid.split("-")[0]}
                    async with client.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket&sid={sid}") as ws:
                        await ws.send_str("2probe")
                        assert (await ws.receive()).data == f"{sid.split('-')[0]}:2probe"
            assert len(proxy.sessions) == 6
        finally:
            await _close(runners, proxy_runner)

    run(scenario())


@pytest.mark.services
def test_two_proxies_share_socketio_sessions_through_redis(redis_target, monkeypatch):
    redis_url, prefix = redis_target
    monkeypatch.setenv("REDIS_KEY_PREFIX", prefix)

    async def scenario():
        url, proxy, runners, proxy_runner = await _cluster(redis_url=redis_url)
        other_url, other, other_runner = await _second_proxy(proxy, redis_url=redis_url)
        try:
            async with aiohttp.ClientSession() as client:
                for _ in range(4):
                    async with client.get(f"{url}/socket.io/?EIO=4&transport=polling") as r:
                        sid = json.loads((await r.text())[1:])["sid"]
                    for _ in range(5):  # the other proxy has never seen this session
                        async with client.get(f"{other_url}/socket.io/?EIO=4&transport=polling&sid={sid}") as r:
                            assert (await r.text()).split("|")[0] == sid.split("-")[0]
        finally:
            await other_runner.cleanup()
            await _close(runners, proxy_runner)

    run(scenario())


def test_rest_is_spread_and_fails_over_when_a_replica_goes_away():
    async def scenario():
        url, proxy, runners, proxy_runner = await _cluster()
        try:
            async with aiohttp.ClientSession() as client:
                async def post(i):
                    async with client.post(f"{url}/webhooks/rest/webhook",
                                           json={"sender": f"s{i}", "message": "hej"}) as r:
                        assert r.status == 200
                        return (await r.json())[0]["text"]

                served = Counter(await asyncio.gather(*(post(i) for i in range(40))))
                assert set(served) == {"A", "B"}
                await runners[1].cleanup()  # replica B stops
                served = Counter([await post(i) for i in range(10)])
                assert served == Counter({"A": 10})
                await asyncio.sleep(0.5)
                assert [b.healthy for b in proxy.backends] == [True, False]
        finally:
            await _close(runners[:1], proxy_runner)

    run(scenario())


def test_all_replicas_down_gives_503_in_danish():
    async def scenario():
        url, proxy, runners, proxy_runner = await _cluster()
        for runner in runners:
            await runner.cleanup()
        try:
            async with aiohttp.ClientSession() as client:
                async with client.post(f"{url}/webhooks/rest/webhook", json={"sender": "s", "message": "hej"}) as r:
                    assert r.status == 503
                    assert "ikke tilgængelig" in (await r.json())["error"]
        finally:
            await proxy_runner.cleanup()

    run(scenario())


def test_origin_check_and_body_limit():
    async def scenario():
        url, proxy, runners, proxy_runner = await _cluster(
            allowed_origins=["https://www.kommune.example"], max_body=1024)
        try:
            async with aiohttp.ClientSession() as client:
                socketio = f"{url}/socket.io/?EIO=4&transport=polling"
                async with client.get(socketio, headers={"Origin": "https://ondsindet.example"}) as r:
                    assert r.status == 403
                async with client.get(socketio, headers={"Origin": "https://www.kommune.example"}) as r:
                    assert r.status == 200
                async with client.get(socketio) as r:  # not a browser: no Origin header
                    assert r.status == 200
                async with client.post(f"{url}/webhooks/rest/webhook",
                                       json={"sender": "s", "message": "x" * 5000}) as r:
                    assert r.status == 413
        finally:
            await _close(runners, proxy_runner)

    run(scenario())
