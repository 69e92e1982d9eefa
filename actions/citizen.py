"""Answers to citizens' direct questions, from the catalogue's citizen help topics (bot/citizen_help.py)."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.citizen_help import NOT_AVAILABLE, TOPIC_ENTITY, answer_for

logger = logging.getLogger(__name__)


class ActionCitizenHelp(Action):
    def name(self) -> Text:
        return "action_citizen_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or ""
        topic = next((e.get("value") for e in message.get("entities") or []
                      if e.get("entity") == TOPIC_ENTITY and isinstance(e.get("value"), str)), None)
        try:
            answers = answer_for(intent, message.get("text") or "", topic=topic)
        except Exception as exc:  # KB missing or broken: a plain apology, no personal data in the log
            logger.error("Borgerhjælp kunne ikke vises for %s (%s)", intent, type(exc).__name__)
            dispatcher.utter_message(text=NOT_AVAILABLE)
            return []
        for answer in answers:
            dispatcher.utter_message(text=answer.text, buttons=answer.buttons or None)
        return []
