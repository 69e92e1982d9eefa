"""Thumbs up / down on the assistant's answers, stored with the conversation.

The chat page posts {conversation_id, message (the answer's text) or message_index, value}. We
look the answer up in the conversation's tracker through Rasa's HTTP API and append a `slot`
event for slot `feedback` whose value is

    {"value": "op" | "ned", "message": <the answer>, "question": <what the user wrote before it>,
     "timestamp": <ISO 8601, UTC>}

so editors find bad answers by searching the tracker store for feedback events with value "ned".
Only answers that really are in the conversation can be rated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, List, Optional

VALUES = ("op", "ned")
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
MAX_MESSAGE_CHARS = 5000
FEEDBACK_SLOT = "feedback"


class FeedbackError(Exception):
    """Bad input or an answer that is not in the conversation; `status` is the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class FeedbackRequest:
    conversation_id: str
    value: str
    message: Optional[str] = None
    message_index: Optional[int] = None


@dataclass(frozen=True)
class Answer:
    text: str
    question: Optional[str]


def parse_request(data: Any) -> FeedbackRequest:
    """Validates the JSON body; raises FeedbackError(400) with a Danish message."""
    if not isinstance(data, dict):
        raise FeedbackError(400, "Forespørgslen skal være et JSON-objekt.")
    conversation_id = data.get("conversation_id")
    if not isinstance(conversation_id, str) or not CONVERSATION_ID.match(conversation_id):
        raise FeedbackError(400, "conversation_id mangler eller er ugyldigt.")
    value = data.get("value")
    if value not in VALUES:
        raise FeedbackError(400, 'value skal være "op" eller "ned".')
    message = data.get("message")
    index = data.get("message_index")
    if message is not None and index is not None:
        raise FeedbackError(400, "Angiv enten message eller message_index, ikke begge.")
    if message is None and index is None:
        raise FeedbackError(400, "Angiv message (svarets tekst) eller message_index.")
    if message is not None:
        if not isinstance(message, str) or not message.strip():
            raise FeedbackError(400, "message skal være en tekst.")
        if len(message) > MAX_MESSAGE_CHARS:
            raise FeedbackError(400, "message er for lang.")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
        raise FeedbackError(400, "message_index skal være et helt tal, 0 eller større.")
    return FeedbackRequest(conversation_id, value, message, index)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def answers_in(events: Iterable[dict]) -> List[List[Answer]]:
    """Groups the tracker's bot messages into turns: the bot messages between two user messages.

    The socket.io channel splits a bot message on blank lines, and the page joins the parts of a
    turn again, so a rating may name one bot message or a whole turn.
    """
    turns: List[List[Answer]] = []
    question: Optional[str] = None
    current: Optional[List[Answer]] = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            question = event.get("text")
            current = None
        elif kind == "bot":
            text = event.get("text")
            if not isinstance(text, str) or not text.strip():
                continue
            if current is None:
                current = []
                turns.append(current)
            current.append(Answer(text, question))
    return turns


def find_answer(events: List[dict], request: FeedbackRequest) -> Answer:
    """The rated answer, as stored in the tracker; FeedbackError(404) when it is not there."""
    turns = answers_in(events)
    if request.message_index is not None:
        flat = [answer for turn in turns for answer in turn]
        if request.message_index >= len(flat):
            raise FeedbackError(404, "Svaret findes ikke i samtalen.")
        return flat[request.message_index]
    wanted = _normalise(request.message or "")
    # Newest first: the same answer may occur twice, and the newest is the one on the screen.
    for turn in reversed(turns):
        joined = "\n\n".join(answer.text for answer in turn)
        if _normalise(joined) == wanted:
            return Answer(joined, turn[0].question)
        for answer in reversed(turn):
            if _normalise(answer.text) == wanted:
                return answer
    raise FeedbackError(404, "Svaret findes ikke i samtalen.")


def slot_event(request: FeedbackRequest, answer: Answer, now: Optional[datetime] = None) -> dict:
    """The `slot` event that stores the rating in the conversation."""
    now = now or datetime.now(timezone.utc)
    value = {
        "value": request.value,
        "message": answer.text,
        "question": answer.question,
        "timestamp": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    return {"event": "slot", "name": FEEDBACK_SLOT, "value": value, "timestamp": now.timestamp()}


class RasaUnavailable(Exception):
    """Rasa's HTTP API could not be reached or refused the request."""


async def store_feedback(session: Any, rasa_url: str, token: str, request: FeedbackRequest) -> dict:
    """Looks the answer up in the tracker and appends the feedback event. Returns the event.

    `session` is an aiohttp.ClientSession.
    """
    import asyncio

    import aiohttp

    base = f"{rasa_url}/conversations/{request.conversation_id}/tracker"
    params = {"token": token}
    try:
        async with session.get(base, params={**params, "include_events": "ALL"}) as response:
            if response.status != 200:
                raise RasaUnavailable(f"tracker: HTTP {response.status}")
            tracker = await response.json()
        events = tracker.get("events") or []
        answer = find_answer(events, request)
        event = slot_event(request, answer)
        async with session.post(f"{base}/events", params=params, json=event) as response:
            if response.status != 200:
                raise RasaUnavailable(f"events: HTTP {response.status}")
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        raise RasaUnavailable(type(exc).__name__) from exc
    return event


def feedback_entries(tracker_db_url: str, value: Optional[str] = None, limit: int = 200) -> List[dict]:
    """Ratings stored in Rasa's SQL tracker store, newest first: what editors review.

    Each entry: {conversation_id, value, message, question, timestamp}. `value` filters on "op" or
    "ned". Reads the `events` table that Rasa's SQLTrackerStore writes (SQLite or PostgreSQL).
    """
    import json

    import sqlalchemy as sa

    engine = sa.create_engine(tracker_db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT sender_id, data FROM events WHERE type_name = 'slot' AND action_name = :slot "
                    "ORDER BY timestamp DESC, id DESC"
                ),
                {"slot": FEEDBACK_SLOT},
            )
            entries: List[dict] = []
            for sender_id, data in rows:
                rating = (json.loads(data or "{}") or {}).get("value")
                if not isinstance(rating, dict) or rating.get("value") not in VALUES:
                    continue
                if value and rating["value"] != value:
                    continue
                entries.append({"conversation_id": sender_id, **{k: rating.get(k) for k in
                                ("value", "message", "question", "timestamp")}})
                if len(entries) >= limit:
                    break
            return entries
    finally:
        engine.dispose()
