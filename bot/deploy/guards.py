"""Checks on the REST webhook's requests before Rasa reads them.

Rasa 3.6's REST channel trusts the body: a JSON array or a number gives an AttributeError and a 500, a
missing `sender` puts the message into one shared conversation called "default", and a sender id
longer than the tracker store's column (255 characters) fails when the events are written. Here such
requests get a 400 with a short Danish explanation (JSON, no stack trace); the explanations are
responses (utter_rest_*) in domain/service_texts.yml, where an editor can change them. Bodies larger than
MAX_REQUEST_BYTES are refused by Sanic itself with 413 (SANIC_REQUEST_MAX_SIZE, set by bot.stack).

Attached by bot.channels.MaskedRestInput.blueprint() as a request middleware of the REST blueprint.
"""
from __future__ import annotations

from typing import Any, Optional

MAX_SENDER_CHARS = 255  # SQLTrackerStore's events.sender_id column


def _error(message: str, status: int = 400):
    from sanic import response

    return response.json({"error": message}, status=status)


def _say(name: str, **values) -> str:
    """A response in domain/service_texts.yml (utter_rest_*): the words are content, not code."""
    from bot.content.responses import response_text

    return response_text(name, **values)


def problem(body: Any) -> Optional[str]:
    """What is wrong with a REST webhook body, in Danish; None when it can be handled."""
    if not isinstance(body, dict):
        return _say("utter_rest_not_an_object")
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        return _say("utter_rest_sender_missing")
    if len(sender) > MAX_SENDER_CHARS:
        return _say("utter_rest_sender_too_long", max_chars=MAX_SENDER_CHARS)
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        return _say("utter_rest_message_not_text")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return _say("utter_rest_metadata_not_an_object")
    return None


async def reject_malformed_rest_request(request) -> Optional[Any]:
    """Sanic request middleware for the REST webhook: a 400 for bodies Rasa cannot handle."""
    if request.method != "POST" or not request.path.endswith("/webhook"):
        return None
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - Sanic raises InvalidUsage for invalid JSON
        return _error(_say("utter_rest_invalid_json"))
    reason = problem(body)
    return _error(reason) if reason else None
