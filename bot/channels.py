"""Rasa input channels that mask personal data before Rasa sees a message.

They keep Rasa's channel names ("rest", "socketio"), so the URLs are Rasa's usual ones:
/webhooks/rest/webhook and /socket.io.

Masking happens as early as possible: the REST channel masks the text when it reads it from the
request (so even Rasa's own error log lines for a failed request hold only masked text), and both
channels mask again in the message handler (idempotent) before Rasa parses, stores, logs or forwards
the message. The kinds found ("cpr", "telefon", "email") go into the message's metadata as
`personal_data_masked`; the values themselves go nowhere.

When a CPR number was masked, the person is told, before the assistant's answer, not to share it. The
note is sent straight through the message's output channel (REST and socket.io alike), so it never
holds the placeholder or anything that looks like the number. Its words are the response
utter_cpr_removed in domain/privacy.yml, which an editor can change.

The question still gets its answer: the stored text keeps the placeholders ("[CPR-nummer]", "[navn]"),
but the understanding classifies the text with each placeholder blanked out (bot.privacy.
for_understanding; installed into Rasa's MessageProcessor by install_understanding_patch()).
"""
from __future__ import annotations

import inspect
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput

from bot.privacy import for_understanding, mask

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
TRUNCATED_NOTE = " …"
METADATA_KEY = "personal_data_masked"

CPR_NOTE_RESPONSE = "utter_cpr_removed"  # domain/privacy.yml


def _limit(text: str) -> str:
    return text[:MAX_MESSAGE_CHARS] + TRUNCATED_NOTE if len(text) > MAX_MESSAGE_CHARS else text


def _merge_kinds(*lists: Optional[List[str]]) -> List[str]:
    kinds: List[str] = []
    for values in lists:
        if not isinstance(values, (list, tuple)):
            continue
        for kind in values:
            if isinstance(kind, str) and kind not in kinds:
                kinds.append(kind)
    return kinds


def cpr_note(audience: Optional[str] = None) -> str:
    """The note about a removed CPR number: the response utter_cpr_removed (domain/privacy.yml), in the
    variant for the conversation's audience when the response has one."""
    from bot.content.responses import response_text

    return response_text(CPR_NOTE_RESPONSE, audience=audience)


def note_for(kinds: List[str], audience: Optional[str] = None) -> Optional[str]:
    """The note the person gets for what was masked (only CPR numbers get one)."""
    return cpr_note(audience) if "cpr" in kinds else None


_patched = False


def install_understanding_patch() -> None:
    """Rasa's MessageProcessor classifies the message with its placeholders blanked out; the parse
    result (and so the stored message) keeps the masked text. Blanks keep every other word where it
    was, so the entities' positions fit the stored text. Idempotent."""
    global _patched
    if _patched:
        return
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor._parse_message_with_graph

    def parse(self, message, tracker, only_output_properties=True):
        text = message.text
        neutral = for_understanding(text) if isinstance(text, str) else text
        if neutral == text:
            return original(self, message, tracker, only_output_properties)
        blanked = UserMessage(text=neutral, output_channel=message.output_channel, sender_id=message.sender_id,
                              parse_data=message.parse_data, input_channel=message.input_channel,
                              message_id=message.message_id, metadata=message.metadata)
        parse_data = original(self, blanked, tracker, only_output_properties)
        parse_data["text"] = text
        return parse_data

    MessageProcessor._parse_message_with_graph = parse
    _patched = True


def masking(
    on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[Any]]:
    """Wrap Rasa's message handler so the text is masked (and kept to a sane length) first."""
    install_understanding_patch()
    try:  # load the name lists and the catalogue's words now, not at the first message
        from bot.privacy_names import catalogue_words, names

        names(), catalogue_words()
    except Exception:  # noqa: BLE001 - masking still works from the context alone
        logger.warning("Navnelisterne kunne ikke indlæses på forhånd")

    async def handler(message: UserMessage) -> Any:
        masked = mask(_limit(message.text or ""))
        message.text = masked.text
        metadata = dict(message.metadata or {})
        kinds = _merge_kinds(metadata.get(METADATA_KEY), masked.kinds)
        if kinds:
            metadata[METADATA_KEY] = kinds
            message.metadata = metadata
        if "cpr" in kinds and message.output_channel is not None:
            try:
                from bot.handover import audience_from_metadata

                note = note_for(kinds, audience_from_metadata(metadata))
                if note:
                    await message.output_channel.send_text_message(message.sender_id, note)
            except Exception:  # the note must never stop the message itself
                logger.warning("Kunne ikke sende besked om CPR-nummer (%s)", type(message.output_channel).__name__)
        return await on_new_message(message)

    return handler


REST_METADATA_KEYS = ("audience",)  # the only thing a REST client may tell about the conversation


def _rest_audience(request) -> Optional[Dict[str, Any]]:
    """{"metadata": {"audience": "citizen"}} in a REST body, as the chat page sends it over socket.io.

    Only the keys in REST_METADATA_KEYS are kept, so a client cannot store anything else with the
    conversation (bot/handover.py reads the audience)."""
    try:
        sent = (request.json or {}).get("metadata")
    except Exception:  # a body that is not JSON is answered by the guards with a Danish 400
        return None
    if not isinstance(sent, dict):
        return None
    kept = {key: sent[key] for key in REST_METADATA_KEYS if isinstance(sent.get(key), str)}
    return kept or None


class MaskedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req) -> Optional[str]:  # type: ignore[override]
        text = super()._extract_message(req)
        if not isinstance(text, str):
            return text
        masked = mask(_limit(text))
        try:
            req.ctx.personal_data_masked = masked.kinds
        except AttributeError:  # pragma: no cover - a request object without ctx
            pass
        return masked.text

    def get_metadata(self, request) -> Optional[Dict[str, Any]]:  # type: ignore[override]
        metadata = super().get_metadata(request) or _rest_audience(request)
        kinds = getattr(getattr(request, "ctx", None), "personal_data_masked", None)
        if kinds:
            metadata = dict(metadata or {})
            metadata[METADATA_KEY] = _merge_kinds(metadata.get(METADATA_KEY), kinds)
        return metadata

    def blueprint(self, on_new_message):  # type: ignore[override]
        blueprint = super().blueprint(masking(on_new_message))
        # Malformed requests get a Danish 400 instead of a 500 (bot/deploy/guards.py).
        from bot.deploy.guards import reject_malformed_rest_request

        blueprint.middleware("request")(reject_malformed_rest_request)
        return blueprint


SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class MaskedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message):  # type: ignore[override]
        blueprint = super().blueprint(masking(on_new_message))
        self._fix_session_request()
        return blueprint

    def _fix_session_request(self) -> None:
        """Rasa 3.6 calls sio.enter_room() without await; since python-socketio 5.10 it is a coroutine,
        so with session_persistence the socket never joins its conversation's room and the replies go
        nowhere. Re-register the handler with the await, and accept only sane session ids."""
        sio = self.sio
        if sio is None:  # pragma: no cover - blueprint() always sets it
            return

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
