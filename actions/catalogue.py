"""Answers from the knowledge base: role profiles, competence areas, the framework, best practices."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Context, Request, answer
from bot.answers.model import KINDS
from bot.kb import queries

CONTEXT_SLOT = "kb_context"


def request_from(tracker: Tracker) -> Request:
    message = tracker.latest_message or {}
    entities: Dict[str, str] = {}
    for entity in message.get("entities", []):
        kind, value = entity.get("entity"), entity.get("value")
        if kind == "item" and value:
            entities["item"] = str(value)
        elif kind in KINDS and value and kind not in entities:
            # Values are ids when they come from the catalogue's synonyms; resolve() also accepts
            # a name or a synonym DIET found, and ids that two kinds share.
            resolved = queries.resolve(kind, str(value))
            if resolved:
                entities[kind] = resolved
    return Request(
        intent=(message.get("intent") or {}).get("name") or "",
        entities=entities,
        text=message.get("text") or "",
        context=Context.from_slot(tracker.get_slot(CONTEXT_SLOT)),
        audience=tracker.get_slot("audience") or "staff",
    )


class ActionCatalogueAnswer(Action):
    def name(self) -> Text:
        return "action_catalogue_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        reply = answer(request_from(tracker))
        buttons = [b.to_dict() for b in reply.buttons]
        for index, text in enumerate(reply.texts):
            last = index == len(reply.texts) - 1
            dispatcher.utter_message(text=text, buttons=buttons if last and buttons else None)
        return [SlotSet(CONTEXT_SLOT, reply.context.to_slot())]
