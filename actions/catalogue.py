"""Answers from the knowledge base: role profiles, competence areas, the framework, best practices."""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.sending import send
from bot.answers import Context, Request, answer
from bot.answers.followup import resolve_inflected, role_statement
from bot.answers.entity_order import chosen_entities
from bot.answers.model import KINDS
from bot.kb import queries

CONTEXT_SLOT = "kb_context"
USER_ROLE_SLOT = "user_role"


def request_from(tracker: Tracker, intent: Optional[str] = None) -> Request:
    message = tracker.latest_message or {}
    # With several roles (or areas, …) the one in the question wins over the context before it.
    # Values are ids when they come from the catalogue's synonyms; resolve() also accepts a name or a
    # synonym DIET found, and ids that two kinds share; inflected names ("sygeplejerskerne") are tried
    # without their ending.
    entities, also = chosen_entities(
        message.get("entities", []), message.get("text") or "", KINDS,
        lambda kind, value: resolve_inflected(kind, value, lambda k, v: queries.resolve(k, v)))
    return Request(
        intent=intent or (message.get("intent") or {}).get("name") or "",
        entities=entities,
        text=message.get("text") or "",
        context=Context.from_slot(tracker.get_slot(CONTEXT_SLOT)),
        audience=tracker.get_slot("audience") or "staff",
        also=also,
    )


def catalogue_answer(dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str] = None) -> List[EventType]:
    """Answer from the catalogue (a follow-up within a citizen topic first) and remember the topic."""
    from actions.conversation import answer_within_topic

    within = answer_within_topic(dispatcher, tracker)
    if within is not None:
        return within
    request = request_from(tracker, intent)
    reply = answer(request)
    send(dispatcher, reply.messages)
    events: List[EventType] = [SlotSet(CONTEXT_SLOT, reply.context.to_slot())]
    # "jeg er pædagog, hvad skal jeg kunne om datasikkerhed?": the role part is remembered too.
    if request.entities.get("role") and role_statement(request.text):
        events.append(SlotSet(USER_ROLE_SLOT, request.entities["role"]))
    return events


class ActionCatalogueAnswer(Action):
    def name(self) -> Text:
        return "action_catalogue_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return catalogue_answer(dispatcher, tracker)
