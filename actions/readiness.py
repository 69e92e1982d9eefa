"""The citizens' readiness check, "Er du klar til det digitale?" (logic in bot/readiness/)."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import CHECK_SLOT, REQUESTED_SLOT, latest_intent, reset_events, resumed_after_interruption
from actions.sending import send
from bot.readiness import questions as rq
from bot.readiness.advice import result_messages
from bot.readiness.answers import parse_answer
from bot.readiness.turn import RESTART_INTENT, SMALL_TALK, classify

logger = logging.getLogger(__name__)


class ValidateReadinessForm(FormValidationAction):
    """Reads each answer (buttons or free text) for the question being asked."""

    def name(self) -> Text:
        return "validate_readiness_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        question = rq.question_for_slot(requested) if requested else None
        if question is None:
            return []
        intent, confidence = latest_intent(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        turn = classify(text, intent, confidence, parse_answer)
        if turn.kind == "answer":
            return [SlotSet(requested, turn.value)]
        if turn.kind == "interrupt":
            return []
        dispatcher.utter_message(text=SMALL_TALK.get(intent) or rq.unclear_text(question))
        return [SlotSet(requested, None)]


def _validator(slot: str):
    def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: Dict[Text, Any]) -> Dict[Text, Any]:
        return {slot: value if value in rq.ANSWERS else None}

    return validate


for _slot in rq.SLOTS:
    setattr(ValidateReadinessForm, f"validate_{_slot}", _validator(_slot))


class _AskReadinessQuestion(Action, ABC):
    @abstractmethod
    def question_key(self) -> str:
        ...

    def name(self) -> Text:
        return f"action_ask_{rq.question(self.question_key()).slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        question = rq.question(self.question_key())
        dispatcher.utter_message(
            text=rq.ask_text(question, resumed=resumed_after_interruption(tracker)), buttons=rq.buttons(question)
        )
        return []


def _ask_class(key: str):
    return type(f"AskReadiness_{key}", (_AskReadinessQuestion,), {"question_key": lambda self, k=key: k})


ASK_ACTIONS = [_ask_class(q.key) for q in rq.QUESTIONS]


class ActionReadinessStart(Action):
    """Clears earlier answers and introduces the check (or says it starts over)."""

    def name(self) -> Text:
        return "action_readiness_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        restarting = intent == RESTART_INTENT or (
            intent == "readiness_start" and tracker.active_loop_name == rq.FORM_NAME
        )
        if restarting:  # the words are in domain/content.yml
            dispatcher.utter_message(response="utter_readiness_restart")
        else:
            dispatcher.utter_message(response="utter_readiness_intro", n=len(rq.QUESTIONS))
        return reset_events(rq.SLOTS) + [SlotSet(CHECK_SLOT, "readiness")]


class ActionReadinessStop(Action):
    def name(self) -> Text:
        return "action_readiness_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        if intent not in ("goodbye", "staff_check_start"):
            dispatcher.utter_message(response="utter_readiness_stopped")
        return [ActiveLoop(None)] + reset_events(rq.SLOTS)


class ActionReadinessResult(Action):
    def name(self) -> Text:
        return "action_readiness_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        answers = rq.answers_from_slots({slot: tracker.get_slot(slot) for slot in rq.SLOTS})
        try:
            send(dispatcher, result_messages(answers))
        except Exception as exc:  # the KB is missing or broken: say so plainly, log no personal data
            logger.error("Resultatet af testen kunne ikke vises (%s)", type(exc).__name__)
            dispatcher.utter_message(response="utter_not_available")
        return []


class ActionCheckRestart(Action):
    """"Start forfra" outside a check: start the check that ran last again, or ask which one."""

    def name(self) -> Text:
        return "action_check_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        from bot import staff_check as sc

        last = tracker.get_slot(CHECK_SLOT)
        if last == "readiness":
            dispatcher.utter_message(response="utter_readiness_restart")
            return reset_events(rq.SLOTS) + [FollowupAction(rq.FORM_NAME)]
        if last == "staff_check":
            dispatcher.utter_message(response="utter_staff_check_restart")
            return reset_events(sc.SLOTS) + [FollowupAction(sc.FORM_NAME)]
        dispatcher.utter_message(response="utter_check_restart_which")
        return []
