"""Leaders, HR and digitalisation chiefs (issue 14): thin actions; the logic is in bot/leadership.py and
bot/training_offers.py, every sentence in domain/leadership.yml or the catalogue."""
import logging
import threading
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.sending import send
from bot.answers.model import Context
from bot.kb import queries
from bot.leadership import better_intent_when_nothing_found, definition_reply, leadership_reply
from bot.training_offers import offers_in_conversation

logger = logging.getLogger(__name__)


def _warm_up() -> None:
    """Load the passage vectors when the action server starts, not at the first leader's question."""
    try:
        from bot.kb.semantic import get_passage_index

        get_passage_index()
    except Exception as exc:  # the KB may not be built yet; the first question will try again
        logger.info("Semantisk søgning ikke forberedt ved start: %s", type(exc).__name__)


threading.Thread(target=_warm_up, name="leader-search-warm-up", daemon=True).start()


def _entity(tracker: Tracker, kind: str) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities", []):
        if entity.get("entity") == kind and entity.get("value"):
            return str(entity["value"])
    return None


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


class ActionLeadershipAnswer(Action):
    def name(self) -> Text:
        return "action_leadership_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        reply = leadership_reply(_text(tracker), _entity(tracker, "item"))
        from actions.conversation import ranked_intents

        better = better_intent_when_nothing_found(reply, ranked_intents(tracker), {"role": _entity(tracker, "role")})
        if better:
            from actions.catalogue import catalogue_answer

            return catalogue_answer(dispatcher, tracker, intent=better)
        send(dispatcher, [reply])
        return []


class ActionDefinitionAnswer(Action):
    def name(self) -> Text:
        return "action_definition_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        send(dispatcher, [definition_reply(_text(tracker), _entity(tracker, "item"))])
        return []


class ActionTrainingOffers(Action):
    def name(self) -> Text:
        return "action_training_offers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        def resolved(kind: str, *values: Optional[str]) -> Optional[str]:
            return next((queries.resolve(kind, v) for v in values if v and queries.resolve(kind, v)), None)

        theme = _entity(tracker, "theme")  # "informationssikkerhed" is a theme and an area's synonym
        reply = offers_in_conversation(resolved("target_group", _entity(tracker, "target_group")),
                                       resolved("area", _entity(tracker, "area"), theme),
                                       resolved("role", _entity(tracker, "role")),
                                       Context.from_slot(tracker.get_slot("kb_context")).params)
        send(dispatcher, reply.messages())
        return [SlotSet("kb_context", Context(topic="offers", listed=reply.listed).to_slot())]
