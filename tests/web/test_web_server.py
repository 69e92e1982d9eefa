"""The web server over HTTP, in process: the page, the embed script and the feedback API against a
small fake of Rasa's tracker API (the browser tests use the real Rasa server)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
from typing import Any, Dict, List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web import app as webapp
from bot.web.config import WebConfig

TOKEN = "test-token"


def run(coro):
    """Runs the test in its own thread and event loop: Playwright's sync API (the browser tests in
    the same session) keeps an event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


class FakeRasa:
    """GET /conversations/{id}/tracker and POST …/tracker/events, as Rasa's HTTP API has them."""

    def __init__(self) -> None:
        self.events: Dict[str, List[dict]] = {
            "abc123": [
                {"event": "user", "text": "hvad kan du hjælpe med?"},
                {"event": "bot", "text": "Jeg kan hjælpe med MitID."},
            ]
        }
        self.posted: List[Any] = []

    def app(self) -> web.Application:
        app = web.Application()

        async def tracker(request: web.Request) -> web.Response:
            if request.query.get("token") != TOKEN:
                return web.json_response({"status": "failure"}, status=401)
            cid = request.match_info["cid"]
            return web.json_response({"sender_id": cid, "events": self.events.get(cid, [])})

        async def append(request: web.Request) -> web.Response:
            if request.query.get("token") != TOKEN:
                return web.json_response({"status": "failure"}, status=401)
            body = await request.json()
            self.posted.append((request.match_info["cid"], body))
            return web.json_response({"sender_id": request.match_info["cid"]})

        app.router.add_get("/conversations/{cid}/tracker", tracker)
        app.router.add_post("/conversations/{cid}/tracker/events", append)
        return app


async def _with_servers(test, rasa_up: bool = True, socket_url: str = ""):
    fake = FakeRasa()
    rasa_server = TestServer(fake.app())
    await rasa_server.start_server()
    rasa_url = str(rasa_server.make_url("")).rstrip("/")
    if not rasa_up:
        await rasa_server.close()
    config = WebConfig(rasa_url=rasa_url, socket_url=socket_url, frame_ancestors="*", rasa_port=5005)
    client = TestClient(TestServer(webapp.create_app(config, token=TOKEN)))
    await client.start_server()
    try:
        await test(client, fake)
    finally:
        await client.close()
        if rasa_up:
            await rasa_server.close()


@pytest.fixture
def built(monkeypatch, tmp_path):
    """Pretend the assets are built, so these tests do not need npm."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "chat.js").write_text("/* chat */")
    (dist / "embed.js").write_text("/* embed */")
    monkeypatch.setattr(webapp, "DIST_DIR", dist)
    return dist


def test_page_has_audience_config_and_a_strict_csp(built):
    async def test(client, fake):
        response = await client.get("/")
        assert response.status == 200
        body = await response.text()
        assert '<html lang="da">' in body
        assert 'data-audience="staff"' in body
        assert 'data-rasa-port="5005"' in body
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "ws://127.0.0.1:5005" in csp

        citizen = await (await client.get("/?audience=citizen&embed=1")).text()
        assert 'data-audience="citizen"' in citizen and 'data-embed="true"' in citizen
        assert "MitID" in citizen

    run(_with_servers(test))


def test_query_values_never_reach_the_page_unchecked(built):
    async def test(client, fake):
        body = await (await client.get('/?audience="><script>alert(1)</script>&storage=<b>')).text()
        assert "<script>alert" not in body
        assert 'data-audience="staff"' in body and 'data-storage="session"' in body

    run(_with_servers(test))


def test_configured_socket_url_is_in_page_and_csp(built):
    async def test(client, fake):
        response = await client.get("/")
        assert 'data-socket-url="https://rasa.kommune.example"' in await response.text()
        assert "wss://rasa.kommune.example" in response.headers["Content-Security-Policy"]

    run(_with_servers(test, socket_url="https://rasa.kommune.example"))


def test_embed_script_and_health(built):
    async def test(client, fake):
        response = await client.get("/embed.js")
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert (await (await client.get("/healthz")).json())["status"] == "ok"

    run(_with_servers(test))


def test_missing_build_is_explained(monkeypatch, tmp_path):
    monkeypatch.setattr(webapp, "DIST_DIR", tmp_path / "nothing")

    async def test(client, fake):
        response = await client.get("/")
        assert response.status == 503
        assert "npm run build" in await response.text()

    run(_with_servers(test))


def test_feedback_is_appended_to_the_conversation(built):
    async def test(client, fake):
        response = await client.post(
            "/api/feedback",
            json={"conversation_id": "abc123", "message": "Jeg kan hjælpe med MitID.", "value": "ned"},
        )
        assert response.status == 201, await response.text()
        [(cid, event)] = fake.posted
        assert cid == "abc123"
        assert event["event"] == "slot" and event["name"] == "feedback"
        assert event["value"]["value"] == "ned"
        assert event["value"]["message"] == "Jeg kan hjælpe med MitID."
        assert event["value"]["question"] == "hvad kan du hjælpe med?"

    run(_with_servers(test))


@pytest.mark.parametrize(
    "body, status",
    [
        ({"conversation_id": "abc123", "message": "Jeg kan hjælpe med MitID.", "value": "meh"}, 400),
        ({"conversation_id": "abc 123", "message": "Jeg kan hjælpe med MitID.", "value": "op"}, 400),
        ({"conversation_id": "abc123", "value": "op"}, 400),
        ({"conversation_id": "abc123", "message": "Det har jeg aldrig sagt.", "value": "op"}, 404),
        ({"conversation_id": "ukendt", "message": "Jeg kan hjælpe med MitID.", "value": "op"}, 404),
    ],
)
def test_feedback_rejects_bad_input(built, body, status):
    async def test(client, fake):
        response = await client.post("/api/feedback", json=body)
        assert response.status == status
        assert (await response.json())["error"]
        assert fake.posted == []

    run(_with_servers(test))


def test_feedback_needs_json_and_a_small_body(built):
    async def test(client, fake):
        assert (await client.post("/api/feedback", data="value=op")).status == 415
        response = await client.post(
            "/api/feedback", data="{not json", headers={"Content-Type": "application/json"}
        )
        assert response.status == 400
        big = json.dumps({"conversation_id": "abc123", "value": "op", "message": "x" * 20000})
        response = await client.post("/api/feedback", data=big, headers={"Content-Type": "application/json"})
        assert response.status == 413

    run(_with_servers(test))


def test_feedback_when_rasa_is_down_is_a_502(built):
    async def test(client, fake):
        response = await client.post(
            "/api/feedback",
            json={"conversation_id": "abc123", "message": "Jeg kan hjælpe med MitID.", "value": "op"},
        )
        assert response.status == 502
        assert "ikke gemt" in (await response.json())["error"]

    run(_with_servers(test, rasa_up=False))
