"""The chat page's link to Rasa in a real browser (Chromium through Playwright) against the real Rasa
server: socket.io over WebSocket only, the REST fallback where a WebSocket cannot open, and "Send
igen" for a message whose answer was lost."""
from __future__ import annotations

import json
import re

import pytest

from test_chat_browser import ask, bot_texts, conversation_id, open_chat, user_texts, wait_for_bot_messages

pytestmark = pytest.mark.browser


def _allow_page_origin(page, chat_server, seen):
    """Rasa in the test answers CORS only for its default origins; add the page's own origin to the
    REST answers (what CORS_ORIGINS does in production) and note each request body."""
    cors = {"access-control-allow-origin": chat_server.url, "access-control-allow-headers": "content-type",
            "access-control-allow-methods": "POST, OPTIONS"}

    def handle(route):
        if route.request.method == "OPTIONS":
            route.fulfill(status=204, headers=cors)
            return
        seen.append(json.loads(route.request.post_data or "{}"))
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, **cors})

    page.route(re.compile(r"/webhooks/rest/webhook"), handle)


def test_uses_websocket_only(page, chat_server):
    urls = []
    page.on("websocket", lambda ws: urls.append(ws.url))
    polling = []
    page.on("request", lambda r: polling.append(r.url) if "transport=polling" in r.url else None)
    open_chat(page, chat_server)
    assert urls and all("transport=websocket" in u for u in urls)
    assert not polling


def test_falls_back_to_rest_when_a_websocket_cannot_open(page, chat_server):
    page.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: ws.close())  # a proxy without WebSockets
    seen = []
    _allow_page_origin(page, chat_server, seen)
    open_chat(page, chat_server)  # the greeting came over REST
    assert "Hej" in bot_texts(page)[0]
    ask(page, "hvad kan du hjælpe med?")
    assert "kompetence" in bot_texts(page)[-1].lower()
    cid = conversation_id(page)
    assert [b["message"] for b in seen] == ["/greet", "hvad kan du hjælpe med?"]
    assert {b["sender"] for b in seen} == {cid}
    assert all(b["metadata"]["audience"] == "staff" and b["metadata"]["message_id"] for b in seen)
    stored = [e for e in chat_server.tracker(cid)["events"] if e["event"] == "user"]
    assert [e["text"] for e in stored][-1] == "hvad kan du hjælpe med?"
    # No warning or error left standing once REST works.
    assert page.locator("#chat-status").get_attribute("data-kind") in ("", "info")


def test_a_message_without_answer_is_explained_and_can_be_sent_again_once(page, chat_server):
    """The REST answer to a message is lost (as when the replica dies mid-answer): the page says so in
    Danish, "Send igen" sends it again with the same id, the answer comes, and the conversation
    holds the message once."""
    page.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: ws.close())
    seen = []
    _allow_page_origin(page, chat_server, seen)
    lost = {"done": False}

    def lose_first_answer(route):
        body = json.loads(route.request.post_data or "{}")
        if body.get("message") == "hvad kan du hjælpe med?" and not lost["done"]:
            lost["done"] = True
            route.fetch()          # the server handles and stores the message ...
            route.abort("failed")  # ... but the answer never reaches the page
            return
        route.fallback()

    page.route(re.compile(r"/webhooks/rest/webhook"), lose_first_answer)
    open_chat(page, chat_server)
    page.fill("#chat-input", "hvad kan du hjælpe med?")
    page.press("#chat-input", "Enter")
    page.get_by_text("Din besked fik ikke noget svar").wait_for(timeout=30_000)
    resend = page.get_by_role("button", name="Send igen")
    before = page.locator(".message-bot").count()
    resend.click()
    wait_for_bot_messages(page, before + 1)
    assert "kompetence" in bot_texts(page)[-1].lower()
    assert resend.is_hidden()
    assert user_texts(page) == ["hvad kan du hjælpe med?"]  # shown once
    cid = conversation_id(page)
    stored = [e["text"] for e in chat_server.tracker(cid)["events"] if e["event"] == "user"]
    assert stored.count("hvad kan du hjælpe med?") == 1  # handled and stored once
