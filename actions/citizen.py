"""Answers to citizens' direct questions, from the catalogue's citizen help topics (bot/citizen_help.py)."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.sending import send
from bot.answers import Context
from bot.answers.followup import HELP_TOPIC
from bot.citizen_help import answer_for, chosen_topic, other_questions
from bot.content.citizen_topics import TOPIC_ENTITY, topic_button

logger = logging.getLogger(__name__)

CONTEXT_SLOT = "kb_context"


def topic_entity(tracker: Tracker) -> Optional[str]:
    message = tracker.latest_message or {}
    return next((e.get("value") for e in message.get("entities") or []
                 if e.get("entity") == TOPIC_ENTITY and isinstance(e.get("value"), str)), None)


def citizen_answer(dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str] = None) -> List[EventType]:
    """Answer a citizen's question (a follow-up within the topic first) and remember the topic."""
    from actions.conversation import answer_within_topic

    within = answer_within_topic(dispatcher, tracker)
    if within is not None:
        return within
    message = tracker.latest_message or {}
    intent = intent or (message.get("intent") or {}).get("name") or ""
    text = message.get("text") or ""
    topic = topic_entity(tracker)
    try:
        answers = answer_for(intent, text, topic=topic)
    except Exception as exc:  # KB missing or broken: a plain apology, no personal data in the log
        logger.error("Borgerhjælp kunne ikke vises for %s (%s)", intent, type(exc).__name__)
        dispatcher.utter_message(response="utter_not_available")
        return []
    send(dispatcher, answers)
    remembered = chosen_topic(intent, text, topic)
    others = [] if text.startswith("/") else other_questions(text, remembered)  # a button asks one thing
    if others:
        dispatcher.utter_message(response="utter_also_asked", buttons=[topic_button(o) for o in others])
    context = Context(topic=HELP_TOPIC, params={HELP_TOPIC: remembered}) if remembered else Context()
    return [SlotSet(CONTEXT_SLOT, context.to_slot())]


class ActionCitizenHelp(Action):
    def name(self) -> Text:
        return "action_citizen_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return citizen_answer(dispatcher, tracker)
