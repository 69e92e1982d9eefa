"""The web server over HTTP, in process: the page, the embed script and the feedback API against a
small fake of Rasa's tracker API (the browser tests use the real Rasa server)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import html
import json
import re
from typing import Any, Dict, List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot import settings
from bot.web import app as webapp
from bot.web.config import WebConfig
from domain_edits import edited_domain  # noqa: F401 - a fixture

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


def _embed_texts(script: str) -> Dict[str, Dict[str, str]]:
    """The words the served embed script starts with (window.__parathedEmbedTexts = {...};)."""
    found = re.match(r"window\.__parathedEmbedTexts = (\{.*?\});\n", script)
    assert found, script[:200]
    return json.loads(found.group(1))


def test_the_embed_scripts_words_are_the_editors(built, domain):
    """The launcher button and the frame title on an intranet page come from domain/chat_page.yml."""
    async def test(client, fake):
        before = _embed_texts(await (await client.get("/embed.js")).text())
        assert before["staff"] == {"label": "Chat med assistenten",
                                   "frameTitle": "Chat med digital parathed-assistenten"}
        domain('- text: "Chat med assistenten"', '- text: "Spørg assistenten"')
        script = await (await client.get("/embed.js")).text()
        assert _embed_texts(script)["citizen"]["label"] == "Spørg assistenten"
        assert script.endswith("/* embed */")  # the built script follows its words

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


# --- the page's words are responses in domain/chat_page.yml (issue 13) ------------------------------------
def _script_texts(body: str) -> Dict[str, str]:
    """The texts the page gives its script (data-strings on <main id="chat">), as the browser reads them."""
    found = re.search(r' data-strings="([^"]*)"', body)
    assert found, "siden har ingen data-strings"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture
def domain(edited_domain):
    """edit(old, new) changes domain/chat_page.yml as the editor's responses page would."""
    return lambda old, new: edited_domain("chat_page.yml", old, new)


def test_each_audience_gets_its_title_and_introduction(built):
    async def test(client, fake):
        staff = await (await client.get("/")).text()
        assert "<title>Digital parathed-assistenten – chat for medarbejdere</title>" in staff
        assert ('<p class="chat-intro">Spørg om digitale kompetencer i dit job, kompetenceprofiler og gode '
                "erfaringer fra andre kommuner.</p>") in staff
        citizen = await (await client.get("/?audience=citizen")).text()
        assert "<title>Digital parathed-assistenten – chat</title>" in citizen
        assert ('<p class="chat-intro">Få hjælp til det digitale, for eksempel MitID, Digital Post og hvor du '
                "kan få hjælp.</p>") in citizen
        for body in (staff, citizen):
            assert '<h1 id="chat-title">Digital parathed-assistenten</h1>' in body
            assert '<button type="submit" class="chat-send">Send</button>' in body
            assert _script_texts(body)["noAnswer"] == ("Din besked fik ikke noget svar. Tryk på »Send igen« "
                                                       "for at sende den igen.")

    run(_with_servers(test))


def test_an_editors_change_shows_on_the_page(built, domain):
    domain("Få hjælp til det digitale, for eksempel MitID",
           "Få hjælp til MitID, Digital Post og meget mere, for eksempel MitID")
    domain('- text: "Send"', '- text: "Send beskeden"')
    domain('- text: "Send igen"', '- text: "Prøv at sende igen"')

    async def test(client, fake):
        citizen = await (await client.get("/?audience=citizen")).text()
        assert '<p class="chat-intro">Få hjælp til MitID, Digital Post og meget mere, for eksempel MitID' in citizen
        assert '<button type="submit" class="chat-send">Send beskeden</button>' in citizen
        assert _script_texts(citizen)["resend"] == "Prøv at sende igen"
        staff = await (await client.get("/")).text()
        assert "Spørg om digitale kompetencer i dit job" in staff  # the other audience's variant is as it was
        assert _script_texts(staff)["resend"] == "Prøv at sende igen"

    run(_with_servers(test))


def test_an_editors_quotes_and_markup_stay_text(built, domain):
    domain('- text: "Samtale"', """- text: 'Samtale "<script>x</script>'""")
    domain('- text: "Forbinder til assistenten …"', """- text: 'Forbinder "</main><script>x</script>'""")

    async def test(client, fake):
        body = await (await client.get("/")).text()
        assert "<script>x" not in body
        assert "Samtale &quot;&lt;script&gt;" in body
        assert _script_texts(body)["connecting"] == 'Forbinder "</main><script>x</script>'

    run(_with_servers(test))


def test_the_feedback_apis_explanations_follow_the_editor(built, domain):
    domain("så vurderingen blev ikke gemt.", "så din vurdering er ikke gemt.")

    async def test(client, fake):
        response = await client.post(
            "/api/feedback",
            json={"conversation_id": "abc123", "message": "Jeg kan hjælpe med MitID.", "value": "op"},
        )
        assert response.status == 502
        assert (await response.json())["error"] == "Assistenten kan ikke nås lige nu, så din vurdering er ikke gemt."

    run(_with_servers(test, rasa_up=False))


def test_every_text_the_script_shows_comes_with_the_page():
    from bot.web.texts import SCRIPT

    used = set()
    for path in (settings.ROOT / "web" / "src").glob("*.js"):
        # render.js gets the texts as an argument: strings.opensInNewWindow
        used |= set(re.findall(r"\b(?:STRINGS|strings)\.(?!js\b)([A-Za-z]+)", path.read_text(encoding="utf-8")))
    assert used == set(SCRIPT)
