"""Session start (audience from the chat page) and handing over to a person."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.sending import send
from bot.handover import audience_from_metadata, handover_reply


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        # Carry slots over from the previous session, as Rasa's default action does.
        for key, value in tracker.slots.items():
            if value is not None and key != "session_started_metadata":
                events.append(SlotSet(key, value))
        metadata = tracker.get_slot("session_started_metadata") or {}
        if metadata.get("audience") or not tracker.get_slot("audience"):
            events.append(SlotSet("audience", audience_from_metadata(metadata)))
        events.append(ActionExecuted("action_listen"))
        return events


class ActionHumanHandoff(Action):
    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send(dispatcher, [handover_reply(tracker.get_slot("audience") or "staff")])  # domain/content.yml
        return []
