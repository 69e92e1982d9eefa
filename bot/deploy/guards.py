"""Checks on the REST webhook's requests before Rasa reads them.

Rasa 3.6's REST channel trusts the body: a JSON array or a number gives an AttributeError and a 500, a
missing `sender` puts the message into one shared conversation called "default", and a sender id
longer than the tracker store's column (255 characters) fails when the events are written. Here such
requests get a 400 with a short Danish explanation (JSON, no stack trace). Bodies larger than
MAX_REQUEST_BYTES are refused by Sanic itself with 413 (SANIC_REQUEST_MAX_SIZE, set by bot.stack).

Attached by bot.channels.MaskedRestInput.blueprint() as a request middleware of the REST blueprint.
"""
from __future__ import annotations

from typing import Any, Optional

MAX_SENDER_CHARS = 255  # SQLTrackerStore's events.sender_id column


def _error(message: str, status: int = 400):
    from sanic import response

    return response.json({"error": message}, status=status)


def problem(body: Any) -> Optional[str]:
    """What is wrong with a REST webhook body, in Danish; None when it can be handled."""
    if not isinstance(body, dict):
        return "Forespørgslen skal være et JSON-objekt med felterne \"sender\" og \"message\"."
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        return "Feltet \"sender\" mangler eller er tomt; det skal være samtalens id som tekst."
    if len(sender) > MAX_SENDER_CHARS:
        return f"Feltet \"sender\" må højst være {MAX_SENDER_CHARS} tegn."
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        return "Feltet \"message\" skal være tekst."
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return "Feltet \"metadata\" skal være et JSON-objekt."
    return None


async def reject_malformed_rest_request(request) -> Optional[Any]:
    """Sanic request middleware for the REST webhook: a 400 for bodies Rasa cannot handle."""
    if request.method != "POST" or not request.path.endswith("/webhook"):
        return None
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - Sanic raises InvalidUsage for invalid JSON
        return _error("Forespørgslen er ikke gyldig JSON.")
    reason = problem(body)
    return _error(reason) if reason else None
