"""How the Rasa server runs custom actions: a Danish apology when the action server fails, and a
lean hot path. Installed once per Rasa process by bot.deploy.stores (endpoints.yml loads it).

Rasa 3.6 itself, when the action server is down or slow:
- connection refused → logs an error and the user gets no answer at all;
- a hung action server → the request waits for rasa.core.constants.DEFAULT_REQUEST_TIMEOUT (5 minutes).
With this module:
- every custom action call is bounded by ACTION_TIMEOUT_SECONDS (default 5 s);
- a failed call (refused, timeout, 5xx, an invalid answer) becomes a polite Danish apology stored in
  the conversation as a normal bot message, and the conversation goes on; the next message is
  handled normally once the action server is back;
- action_session_start falls back to Rasa's built-in session start (plus the audience slot from the
  chat page's metadata), so a new conversation can still start while the action server is down;
- a rejection by the action server (HTTP 400, ActionExecutionRejection) is left to Rasa, as before.

A message sent again is answered once: the chat page and REST clients may send a message id in the
message's metadata (`message_id`, 8-64 letters, digits, "-" or "_"). When a message with an id the
conversation already holds arrives again (the user pressed "Send igen" because the answer was lost
with a replica that died, or a client retried after an HTTP error), the stored answer is sent again
and nothing is processed or stored a second time. This runs inside the conversation's lock.

Hot path: Rasa validates every action server response with jsonschema.validate(), which re-checks the
schema itself on every call and then tries every event against all 23 event schemas of a oneOf (tens
of milliseconds per action call, more than the action server needs to answer). Here the validators are
built once and each event is checked against the one schema its "event" field names: the same events
are accepted and rejected (tests/production/test_profile.py compares with Rasa's own check).
Reading a tracker also looked up every stored event's class by walking all Event subclasses; the
answers are now remembered. Slots are copied (for every tracker the policies create) without
copy.copy()'s generic detour; the copy is the same.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import re
from typing import Any, Dict, List, Optional

logger = logging.getLogger(__name__)

_installed = False

MESSAGE_ID_KEY = "message_id"
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def failure_text() -> str:
    """The reply when a message could not be handled at all (e.g. the database is unreachable); the words
    are in domain/service_texts.yml."""
    from bot.content.responses import response_text

    return response_text("utter_technical_failure")


def apology_text(audience: Optional[str] = None) -> str:
    """The apology the user reads when the action server cannot answer, with the contact for the
    conversation's audience (borgerservice for citizens, HR or the digitalisation unit for staff). The
    words are in domain/service_texts.yml."""
    from bot.content.responses import response_text
    from bot.handover import handover_reply
    from bot.settings import handover_contact

    audience = "citizen" if audience == "citizen" else "staff"  # the intranet is the default
    name = handover_reply(audience).variables["contact_name"]
    phone = handover_contact(audience).get("phone")
    if phone:
        return response_text("utter_action_failed_apology", audience=audience, contact_name=name, phone=phone)
    return response_text("utter_action_failed_apology_no_phone", audience=audience, contact_name=name)


@functools.lru_cache(maxsize=1)
def _validators():
    """Validators built and checked once: the response without its events, and one per event type.

    Rasa's schema checks every event against a oneOf of 23 event schemas, i.e. against all 23 of them.
    Each alternative fixes "event" to its own constant, so only the alternative named by the event's
    "event" field can match: checking that one alone accepts and rejects exactly the same events."""
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    base = {k: v for k, v in EVENT_SCHEMA.items() if k != "oneOf"}
    by_type = {}
    for alternative in EVENT_SCHEMA["oneOf"]:
        name = alternative["properties"]["event"]["const"]
        by_type[name] = cls({"allOf": [base, alternative]})
    return cls(outer), by_type, cls(EVENT_SCHEMA)


def _validate_action_result(self, result: Dict[str, Any]) -> bool:
    """Same acceptance as RemoteAction._validate_action_result, with validators built once."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    outer, by_type, full = _validators()
    error = best_match(outer.iter_errors(result))
    if error is None and isinstance(result, dict) and isinstance(result.get("events"), list):
        for event in result["events"]:
            kind = event.get("event") if isinstance(event, dict) else None
            validator = by_type.get(kind) if isinstance(kind, str) else None
            # Unknown or missing event types: let the full schema name the problem.
            error = best_match((validator or full).iter_errors(event))
            if error is None and validator is None:  # pragma: no cover - full schema rejects these
                error = next(iter(full.iter_errors(event)), None)
            if error is not None:
                break
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


async def _session_start_without_action_server(output_channel, nlg, tracker, domain) -> List[Any]:
    """Rasa's built-in session start, plus the audience slot the project's own action would set."""
    from rasa.core.actions.action import ActionSessionStart
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted, SlotSet

    events = await ActionSessionStart().run(output_channel, nlg, tracker, domain)
    if any(slot.name == "audience" for slot in domain.slots):
        try:
            from bot.handover import audience_from_metadata

            metadata = tracker.get_slot("session_started_metadata") or {}
            if metadata.get("audience") or not tracker.get_slot("audience"):
                audience = SlotSet("audience", audience_from_metadata(metadata))
                listen = [i for i, e in enumerate(events)
                          if isinstance(e, ActionExecuted) and e.action_name == ACTION_LISTEN_NAME]
                position = listen[-1] if listen else len(events)
                events.insert(position, audience)
        except Exception:  # pragma: no cover - never let the fallback itself fail the session start
            logger.warning("Kunne ikke sætte målgruppen ved sessionsstart uden handlingsserver.")
    return events


def _where(exc: BaseException) -> str:
    """File and line where an exception was raised, for a log line without any message text."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{frame.filename.rsplit('/site-packages/', 1)[-1]}:{frame.lineno}"


def _install_message_guard() -> None:
    """Agent.handle_message: a failure (lock store, tracker store, a bug) gives a polite Danish reply.

    Rasa's REST channel would otherwise answer [] and log the user's text with the stack trace; the
    socket.io channel would answer nothing. The log line here names the error type and where it was
    raised, never the message or the exception's text (which may quote SQL parameters)."""
    from rasa.core.agent import Agent

    original = Agent.handle_message

    async def handle_message(self, message):  # type: ignore[no-untyped-def]
        try:
            return await original(self, message)
        except Exception as exc:  # noqa: BLE001
            logger.error("En besked kunne ikke behandles: %s (%s).", type(exc).__name__, _where(exc))
            channel = getattr(message, "output_channel", None)
            if channel is not None:
                try:
                    await channel.send_text_message(message.sender_id, failure_text())
                except Exception:  # noqa: BLE001
                    logger.warning("Kunne heller ikke sende undskyldningen (%s).", type(channel).__name__)
            return None

    handle_message.__doc__ = original.__doc__
    Agent.handle_message = handle_message


def message_id(metadata: Any) -> Optional[str]:
    """The client's id for a message (metadata["message_id"]), when it is a sane one."""
    value = metadata.get(MESSAGE_ID_KEY) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and _MESSAGE_ID.match(value) else None


def answers_to(events: List[Any], wanted: str) -> Optional[List[Dict[str, Any]]]:
    """The bot's replies to the stored user message with id `wanted`, as output-channel responses;
    None when the conversation holds no such message."""
    from rasa.shared.core.events import BotUttered, UserUttered

    replies: List[Dict[str, Any]] = []
    for event in reversed(events):
        if isinstance(event, BotUttered):
            replies.append({"text": event.text, **{k: v for k, v in (event.data or {}).items() if v}})
        elif isinstance(event, UserUttered):
            if message_id(event.metadata) == wanted:
                return [r for r in reversed(replies) if r.get("text") or len(r) > 1]
            replies = []
    return None


def _install_resend_replay() -> None:
    """MessageProcessor.handle_message (inside the conversation's lock): a message whose id the
    conversation already holds gets its stored answer again instead of being processed twice."""
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor.handle_message

    async def handle_message(self, message):  # type: ignore[no-untyped-def]
        wanted = message_id(message.metadata)
        if wanted is not None:
            tracker = await self.tracker_store.retrieve(message.sender_id)
            replies = answers_to(list(tracker.events), wanted) if tracker is not None else None
            if replies is not None:
                logger.info("En besked blev sendt igen; det gemte svar sendes uden ny behandling.")
                channel = message.output_channel
                for reply in replies:
                    await channel.send_response(message.sender_id, dict(reply))
                return channel.messages if isinstance(channel, CollectingOutputChannel) else None
        return await original(self, message)

    handle_message.__doc__ = original.__doc__
    MessageProcessor.handle_message = handle_message


def _install_event_type_cache() -> None:
    """Event.resolve_by_type walks all Event subclasses (with inspect.isabstract) for every event of
    every tracker read from the store: ~30 class walks per stored event. Remember the answers."""
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    found: Dict[str, Any] = {}

    def resolve_by_type(type_name, default=None):  # type: ignore[no-untyped-def]
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    resolve_by_type.__doc__ = original.__doc__
    Event.resolve_by_type = staticmethod(resolve_by_type)


def _slot_copy(self):  # type: ignore[no-untyped-def]
    """What copy.copy() does for a plain object (new instance, same __dict__), without its detour
    through __reduce_ex__: Rasa copies every slot of the domain for every tracker it creates, and the
    policies create several trackers per message."""
    new = self.__class__.__new__(self.__class__)
    new.__dict__.update(self.__dict__)
    return new


def _install_fast_slot_copy() -> None:
    from rasa.shared.core.slots import Slot

    if "__copy__" not in Slot.__dict__:
        Slot.__copy__ = _slot_copy


def install() -> None:
    """Patch RemoteAction, Agent.handle_message, MessageProcessor.handle_message, Event.resolve_by_type,
    Slot copying and PUT /model's loading (bot/deploy/model_loading.py) once."""
    global _installed
    if _installed:
        return
    _install_message_guard()
    _install_resend_replay()
    _install_event_type_cache()
    _install_fast_slot_copy()
    from bot.deploy.model_loading import install as load_new_models_in_background

    load_new_models_in_background()  # «Træn og udgiv» swaps the model without a pause in the answers
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.core.constants import ACTION_SESSION_START_NAME
    from rasa.shared.core.events import BotUttered

    from bot import settings

    original_run = RemoteAction.run

    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        timeout = settings.action_timeout_seconds()
        try:
            return await asyncio.wait_for(original_run(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure gets the same polite answer
            reason = "svarede ikke inden for %.0f sekunder" % timeout if isinstance(
                exc, asyncio.TimeoutError) else type(exc).__name__
            if self.name() == ACTION_SESSION_START_NAME:
                logger.error("Handlingsserveren kunne ikke starte samtalen (%s); bruger Rasas egen "
                             "sessionsstart.", reason)
                return await _session_start_without_action_server(output_channel, nlg, tracker, domain)
            logger.error("Handlingen %s fejlede (%s); brugeren får en undskyldning.", self.name(), reason)
            audience = tracker.get_slot("audience") if "audience" in tracker.slots else None
            return [BotUttered(text=apology_text(audience), metadata={"action_failed": self.name()})]

    run.__doc__ = RemoteAction.run.__doc__
    RemoteAction.run = run
    RemoteAction._validate_action_result = _validate_action_result
    _installed = True
    logger.info("Handlingskald: tidsgrænse %.0f s med dansk undskyldning ved fejl.",
                settings.action_timeout_seconds())
