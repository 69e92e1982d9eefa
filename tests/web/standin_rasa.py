"""A stand-in for the Rasa server, for working on the chat page without training a model.

It mounts Rasa's own socket.io channel (rasa.core.channels.socketio.SocketIOInput, configured as
in credentials.yml) on a Sanic app, answers with canned Danish replies instead of a model, and
offers the two tracker endpoints the feedback API uses. The browser tests run against the real
Rasa server (the `rasa_stack` fixture); this is only for development:

    .venv/bin/python tests/web/standin_rasa.py --port 5005 --token dev
    WEB_PORT=8080 RASA_API_TOKEN=dev .venv/bin/python -m bot.web
"""
from __future__ import annotations

import argparse
import inspect
import re
import time
import uuid
from typing import Any, Dict, List

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Sanic, response
from sanic.request import Request

TRACKERS: Dict[str, List[Dict[str, Any]]] = {}


def _event(kind: str, **fields: Any) -> Dict[str, Any]:
    return {"event": kind, "timestamp": time.time(), **fields}


GREETING = {
    "staff": (
        "Hej! Jeg er digital parathed-assistenten. Jeg kan fortælle om digitale kompetencer i dit job.",
        [("Hvad kan du hjælpe med?", "/ask_help"), ("Kompetencehjulet", "Hvad er kompetencehjulet?")],
    ),
    "citizen": (
        "Hej! Jeg kan hjælpe dig med det digitale, for eksempel MitID og Digital Post.",
        [("Hjælp til MitID", "Hvordan får jeg hjælp til MitID?"), ("Digital Post", "Hvad er Digital Post?")],
    ),
}


async def reply(message: UserMessage) -> None:
    events = TRACKERS.setdefault(message.sender_id, [])
    events.append(_event("user", text=message.text, metadata=message.metadata or {}))
    audience = (message.metadata or {}).get("audience", "staff")
    out = message.output_channel
    text = message.text or ""
    if text == "/greet":
        greeting, buttons = GREETING.get(audience, GREETING["staff"])
        answer = greeting
        await out.send_text_with_buttons(message.sender_id, answer, [{"title": t, "payload": p} for t, p in buttons])
    elif text == "/ask_help":
        answer = "Jeg kan hjælpe med:\n- digitale kompetencer i dit job\n- gode erfaringer fra andre kommuner"
        await out.send_text_message(message.sender_id, answer)
    else:
        answer = f"Du skrev: {text}\n\nLæs mere på https://www.borger.dk."
        await out.send_text_message(message.sender_id, answer)
    events.append(_event("bot", text=answer))


SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


def fix_session_request(channel: SocketIOInput) -> None:
    """Rasa 3.6 calls sio.enter_room() without await; python-socketio >= 5.10 made it a coroutine,
    so with session_persistence the socket never joins the conversation's room and the bot's
    replies go nowhere. Re-register the handler with the await (the same fix as in
    bot/channels.py) and accept only sane session ids."""
    sio = channel.sio

    @sio.on("session_request", namespace=channel.namespace)
    async def session_request(sid: str, data: Any) -> None:
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
            session_id = uuid.uuid4().hex
        if channel.session_persistence:
            joined = sio.enter_room(sid, session_id, namespace=channel.namespace)
            if inspect.isawaitable(joined):
                await joined
        await sio.emit("session_confirm", session_id, room=sid, namespace=channel.namespace)


def create_app(token: str) -> Sanic:
    app = Sanic("standin_rasa")
    channel = SocketIOInput(
        user_message_evt="user_uttered",
        bot_message_evt="bot_uttered",
        session_persistence=True,
        metadata_key="customData",
    )
    app.blueprint(channel.blueprint(reply), url_prefix="/webhooks/socketio")
    fix_session_request(channel)

    def allowed(request: Request) -> bool:
        return request.args.get("token") == token

    @app.get("/conversations/<cid>/tracker")
    async def tracker(request: Request, cid: str):
        if not allowed(request):
            return response.json({"status": "failure"}, status=401)
        return response.json({"sender_id": cid, "events": TRACKERS.get(cid, [])})

    @app.post("/conversations/<cid>/tracker/events")
    async def events(request: Request, cid: str):
        if not allowed(request):
            return response.json({"status": "failure"}, status=401)
        body = request.json
        TRACKERS.setdefault(cid, []).extend(body if isinstance(body, list) else [body])
        return response.json({"sender_id": cid, "events": TRACKERS[cid]})

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--token", default="dev")
    args = parser.parse_args()
    create_app(args.token).run(host="127.0.0.1", port=args.port, access_log=False)
