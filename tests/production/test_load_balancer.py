"""The scaled-out profile's load balancer: the real HAProxy (Debian package `haproxy`) with the
configuration bot/deploy/haproxy.py writes, in front of small stand-in replicas; and the supervisor
that starts a dead process again."""
from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections import Counter

import aiohttp
import pytest
from aiohttp import web

from bot.deploy.cluster import Supervisor
from bot.deploy.haproxy import LoadBalancer, command
from bot.stack import Service
from prod_support import free_port

ORIGIN = "https://intranet.testkommune.example"


def replica(name: str) -> web.Application:
    """Answers like a Rasa replica: health, the REST webhook, and a socket.io WebSocket that echoes."""
    app = web.Application()

    async def health(_):
        return web.Response(text="Hello from Rasa")

    async def socketio(request):
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return web.Response(text='0{"sid":"%s"}' % name)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for message in ws:
            await ws.send_str(f"{name}:{message.data}")
        return ws

    async def webhook(request):
        body = await request.json()
        await asyncio.sleep(0.01)
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


class Balancer:
    def __init__(self, tmp_path, replica_ports, check_ms: int = 300):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = LoadBalancer(listen=f"127.0.0.1:{self.port}", replicas=[f"127.0.0.1:{p}" for p in replica_ports],
                              allowed_origins=[ORIGIN], max_body=64 * 1024, check_interval_ms=check_ms).config()
        path = tmp_path / "haproxy.cfg"
        path.write_text(config)
        check = subprocess.run([*command(str(path))[:1], "-c", "-f", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        self.process = subprocess.Popen(command(str(path)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    async def ready(self, session) -> None:
        for _ in range(100):
            try:
                async with session.get(f"{self.url}/_lb/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise TimeoutError("HAProxy startede ikke")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


async def post(session, url, sender="s", **kwargs):
    async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "hej"},
                            **kwargs) as response:
        return response.status, await response.text()


def test_rest_is_spread_and_fails_over_at_once_when_a_replica_dies(tmp_path):
    async def main():
        ports = [free_port(), free_port()]
        runners = [await start(replica(name), port) for name, port in zip("AB", ports)]
        balancer = Balancer(tmp_path, ports)
        try:
            async with aiohttp.ClientSession() as session:
                await balancer.ready(session)
                await asyncio.sleep(1)  # both replicas checked once
                answers = await asyncio.gather(*(post(session, balancer.url, f"s{i}") for i in range(20)))
                assert all(status == 200 for status, _ in answers)
                served = Counter(json.loads(text)[0]["text"] for _, text in answers)
                assert set(served) == {"A", "B"}, served
                # Replica A goes away: every request is answered by B, none fails, not even before
                # the health check has noticed (a refused connection is sent to the other replica).
                await runners[0].cleanup()
                answers = [await post(session, balancer.url, f"t{i}") for i in range(10)]
                assert [(s, json.loads(t)[0]["text"]) for s, t in answers] == [(200, "B")] * 10
                # Both gone: a Danish JSON answer, not HAProxy's HTML page.
                await runners[1].cleanup()
                await asyncio.sleep(1)
                status, text = await post(session, balancer.url)
                assert status == 503 and "ikke tilgængelig" in json.loads(text)["error"]
                # A replica that comes back gets traffic again after two health checks.
                runners = [await start(replica("A2"), ports[0])]
                await asyncio.sleep(1.5)
                status, text = await post(session, balancer.url)
                assert status == 200 and json.loads(text)[0]["text"] == "A2"
        finally:
            balancer.close()
            for runner in runners:
                await runner.cleanup()

    run(main())


def test_websocket_passes_through_and_stays_on_its_replica_without_stickiness(tmp_path):
    async def main():
        ports = [free_port(), free_port()]
        runners = [await start(replica(name), port) for name, port in zip("AB", ports)]
        balancer = Balancer(tmp_path, ports)
        try:
            async with aiohttp.ClientSession() as session:
                await balancer.ready(session)
                await asyncio.sleep(1)
                seen = set()
                for _ in range(4):
                    async with session.ws_connect(f"{balancer.url}/socket.io/?EIO=4&transport=websocket",
                                                  headers={"Origin": ORIGIN}) as ws:
                        replies = []
                        for n in range(5):
                            await ws.send_str(str(n))
                            replies.append((await ws.receive(timeout=5)).data)
                    name = replies[0].split(":")[0]
                    assert replies == [f"{name}:{n}" for n in range(5)]
                    seen.add(name)
                assert seen == {"A", "B"}  # spread over both, each WebSocket on one replica
        finally:
            balancer.close()
            for runner in runners:
                await runner.cleanup()

    run(main())


def test_origin_check_no_polling_and_body_limit(tmp_path):
    async def main():
        port = free_port()
        runner = await start(replica("A"), port)
        balancer = Balancer(tmp_path, [port])
        try:
            async with aiohttp.ClientSession() as session:
                await balancer.ready(session)
                await asyncio.sleep(0.5)
                socket_url = f"{balancer.url}/socket.io/?EIO=4&transport=websocket"
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await session.ws_connect(socket_url, headers={"Origin": "https://ondsindet.example"})
                assert refused.value.status == 403
                async with session.ws_connect(socket_url) as ws:  # no Origin: not a browser
                    await ws.send_str("x")
                    assert (await ws.receive(timeout=5)).data == "A:x"
                # Long polling would need sticky sessions: refused with a Danish explanation.
                async with session.get(f"{balancer.url}/socket.io/?EIO=4&transport=polling",
                                       headers={"Origin": ORIGIN}) as response:
                    assert response.status == 400 and "long polling" in (await response.json())["error"]
                async with session.post(f"{balancer.url}/webhooks/rest/webhook",
                                        data=b"x" * (65 * 1024)) as response:
                    assert response.status == 413 and (await response.json())["error"] == "Beskeden er for stor."
                assert (await post(session, balancer.url))[0] == 200
        finally:
            balancer.close()
            await runner.cleanup()

    run(main())


def test_supervisor_restarts_a_killed_process_but_not_one_stopped_on_purpose(tmp_path):
    def service(name):
        return Service(name=name, command=[sys.executable, "-c", "import time; time.sleep(60)"],
                       health_url="", log_path=tmp_path / f"{name}.log")

    killed, stopped = service("dræbt"), service("stoppet")
    for s in (killed, stopped):
        s.start()
    reports = []
    supervisor = Supervisor([killed, stopped], delay=0.2, report=reports.append)
    supervisor.start(interval=0.1)
    try:
        first = killed.process.pid
        killed.process.send_signal(signal.SIGKILL)
        stopped.stop()
        deadline = time.monotonic() + 10
        while not (killed.running() and killed.process.pid != first) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert killed.running() and killed.process.pid != first
        time.sleep(0.5)
        assert not stopped.running()
        assert len(reports) == 1 and reports[0].startswith("dræbt stoppede (kode -9); starter den igen")
    finally:
        supervisor.stop()
        killed.stop(timeout=5)
