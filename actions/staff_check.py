"""Staff self-check, "Tjek dine digitale kompetencer" (logic in bot/staff_check.py)."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import (
    CHECK_SLOT,
    REQUESTED_SLOT,
    asked_before,
    latest_intent,
    reset_events,
    resumed_after_interruption,
)
from actions.sending import send
from bot import staff_check as sc
from bot.readiness.turn import RESTART_INTENT, SMALL_TALK, classify

logger = logging.getLogger(__name__)


def _entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [e.get("value") for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == entity and isinstance(e.get("value"), str)]


class ValidateStaffCheckForm(FormValidationAction):
    """Reads the role (button, free text or NLU entity `role`) and each self-rating."""

    def name(self) -> Text:
        return "validate_staff_check_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        text = (tracker.latest_message or {}).get("text") or ""
        intent, confidence = latest_intent(tracker)
        try:
            if requested is None:
                # Activation: "tjek mine kompetencer som pædagog" already names the role.
                role = None
                if not tracker.get_slot(sc.ROLE_SLOT):
                    role = sc.parse_role(text, _entity_values(tracker, "role"), fuzzy=False)
                    # The role the person already told ("jeg er pædagog") when the message names none.
                    role = role or tracker.get_slot("user_role")
                if not role:
                    return []
                dispatcher.utter_message(text=sc.role_confirmation(role))
                return [SlotSet(sc.ROLE_SLOT, role)]
            if requested == sc.ROLE_SLOT:
                entities = _entity_values(tracker, "role")
                turn = classify(text, intent, confidence, lambda t: sc.parse_role(t, entities))
                unclear = sc.role_unclear()
            elif sc.area_for_slot(requested):
                turn = classify(text, intent, confidence, sc.parse_level)
                unclear = sc.level_unclear()
            else:
                return []
        except Exception as exc:
            logger.error("Kompetencetjekket kunne ikke læse svaret (%s)", type(exc).__name__)
            dispatcher.utter_message(response="utter_not_available")
            return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        if turn.kind == "answer":
            events: List[EventType] = [SlotSet(requested, turn.value)]
            if requested == sc.ROLE_SLOT:
                dispatcher.utter_message(text=sc.role_confirmation(turn.value))
            return events
        if turn.kind == "interrupt":
            return []
        dispatcher.utter_message(text=SMALL_TALK.get(intent) or unclear,
                                 buttons=sc.level_buttons() if requested != sc.ROLE_SLOT else None)
        return [SlotSet(requested, None)]


def _validator(slot: str):
    def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: Dict[Text, Any]) -> Dict[Text, Any]:
        if slot == sc.ROLE_SLOT:
            return {slot: value if isinstance(value, str) and value else None}
        return {slot: value if value in sc.LEVELS else None}

    return validate


for _slot in sc.SLOTS:
    setattr(ValidateStaffCheckForm, f"validate_{_slot}", _validator(_slot))


class ActionAskStaffCheckRole(Action):
    def name(self) -> Text:
        return f"action_ask_{sc.ROLE_SLOT}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        try:
            buttons = sc.role_buttons()
        except Exception as exc:
            logger.error("Rollerne kunne ikke hentes (%s)", type(exc).__name__)
            buttons = []
        dispatcher.utter_message(text=sc.role_question(resumed_after_interruption(tracker)), buttons=buttons or None)
        return []


class _AskStaffCheckArea(Action, ABC):
    @abstractmethod
    def area_id(self) -> str:
        ...

    def name(self) -> Text:
        return f"action_ask_{sc.area_slot(self.area_id())}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        role = tracker.get_slot(sc.ROLE_SLOT)
        try:
            text = sc.area_question(role, self.area_id(), resumed=resumed_after_interruption(tracker),
                                    brief=asked_before(tracker, sc.area_marker(self.area_id())))
        except Exception as exc:
            logger.error("Spørgsmålet kunne ikke vises (%s)", type(exc).__name__)
            dispatcher.utter_message(response="utter_not_available")
            return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        dispatcher.utter_message(text=text, buttons=sc.level_buttons())
        return []


def _ask_class(area_id: str):
    name = "AskStaffCheck_" + area_id.replace("-", "_")
    return type(name, (_AskStaffCheckArea,), {"area_id": lambda self, a=area_id: a})


ASK_ACTIONS = [_ask_class(area_id) for area_id in sc.AREAS]


class ActionStaffCheckStart(Action):
    def name(self) -> Text:
        return "action_staff_check_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        restarting = intent == RESTART_INTENT or (
            intent == "staff_check_start" and tracker.active_loop_name == sc.FORM_NAME
        )
        if restarting:
            dispatcher.utter_message(response="utter_staff_check_restart")
        return reset_events(sc.SLOTS) + [SlotSet(CHECK_SLOT, "staff_check")]


class ActionStaffCheckStop(Action):
    def name(self) -> Text:
        return "action_staff_check_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        if intent not in ("goodbye", "readiness_start"):
            dispatcher.utter_message(response="utter_staff_check_stopped")
        return [ActiveLoop(None)] + reset_events(sc.SLOTS)


class ActionStaffCheckResult(Action):
    def name(self) -> Text:
        return "action_staff_check_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        role = tracker.get_slot(sc.ROLE_SLOT)
        ratings = sc.ratings_from_slots({slot: tracker.get_slot(slot) for slot in sc.AREA_SLOTS})
        try:
            send(dispatcher, sc.result_messages(role, ratings))
            dispatcher.utter_message(response="utter_team_share_offer")  # domain/team.yml
        except Exception as exc:
            logger.error("Resultatet af kompetencetjekket kunne ikke vises (%s)", type(exc).__name__)
            dispatcher.utter_message(response="utter_not_available")
        return []
