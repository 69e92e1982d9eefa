"""Conversations that follow the user (issue 12): follow-ups within the topic, role statements, and
checks that pause instead of trapping. The logic is in bot/answers/followup.py and bot/check_pause.py;
every sentence is a domain response (domain/conversation.yml) or catalogue text."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import CONTEXT_SLOT, USER_ROLE_SLOT, catalogue_answer, request_from
from actions.forms import CHECK_SLOT, REQUESTED_SLOT, latest_intent, reset_events
from actions.sending import send
from bot import check_pause as cp
from bot import staff_check as sc
from bot.answers import Context, Request, answer
from bot.answers.followup import (
    HELP_TOPIC,
    citizen_followup,
    facet_choices,
    facet_without_topic,
    resolve_inflected,
    role_in_text,
    subject_of_its_own,
)
from bot.citizen_help import likely_topics
from bot.content.citizen_topics import INTENTS as CITIZEN_INTENTS, topic_button
from bot.content.message import Message
from bot.kb import queries
from bot.content.team_code import code_in

logger = logging.getLogger(__name__)

PAUSED_SLOT = "check_paused"
PENDING_ROLE_SLOT = "pending_role"
# When the understanding was unsure (or the message was a bare follow-up), the next intents it
# considered are tried, if they are ones a follow-up can be: the general understanding.
# (Only intents that answer from the topic; a question of its own would give a search listing.)
FALLBACK_CATALOGUE_INTENTS = ("followup", "show_more", "ask_details")
FALLBACK_MIN_CONFIDENCE = 0.15


def _topic_entity(tracker: Tracker) -> Optional[str]:
    from actions.citizen import topic_entity

    return topic_entity(tracker)


def answer_within_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """A facet of the citizen topic in the conversation, when the message asks one; None otherwise."""
    ctx = Context.from_slot(tracker.get_slot(CONTEXT_SLOT))
    if ctx.topic != HELP_TOPIC:
        return None
    message = tracker.latest_message or {}
    intent, _ = latest_intent(tracker)
    try:
        facet_answer = citizen_followup(message.get("text") or "", intent or "", ctx.topic, ctx.params,
                                        topic_entity=_topic_entity(tracker))
    except Exception as exc:  # KB missing or broken: answer the question as a new one instead
        logger.error("Opfølgning kunne ikke findes (%s)", type(exc).__name__)
        return None
    if facet_answer is None:
        return None
    send(dispatcher, [facet_answer])
    return [SlotSet(CONTEXT_SLOT, ctx.to_slot())]


def ranked_intents(tracker: Tracker) -> List[tuple]:
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    return [(r.get("name"), float(r.get("confidence") or 0.0)) for r in ranking]


def _send_facet_choices(dispatcher: CollectingDispatcher, ctx: Context) -> bool:
    try:
        choices = facet_choices(ctx.topic, ctx.params)
    except Exception as exc:  # KB missing or broken: ask which topic instead
        logger.error("Facetterne kunne ikke findes (%s)", type(exc).__name__)
        return False
    if choices is None:
        return False
    send(dispatcher, [choices])
    return True


class ActionTopicFollowup(Action):
    """A follow-up (ask_facet) or an unsure understanding (nlu_fallback): within the topic first, then
    the next intent the understanding considered, then "which topic?" or "say it another way"."""

    def name(self) -> Text:
        return "action_topic_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if code_in(text):  # a team code, which the understanding cannot read: sharing with the team
            return [FollowupAction("action_team_share")]
        within = answer_within_topic(dispatcher, tracker)
        if within is not None:
            return within
        intent, _ = latest_intent(tracker)
        ctx = Context.from_slot(tracker.get_slot(CONTEXT_SLOT))
        for name, confidence in ranked_intents(tracker):
            if name in (intent, "nlu_fallback", "ask_facet") or confidence < FALLBACK_MIN_CONFIDENCE:
                continue
            if name in CITIZEN_INTENTS and intent == "ask_facet":
                from actions.citizen import citizen_answer

                return citizen_answer(dispatcher, tracker, intent=name)
            if name in FALLBACK_CATALOGUE_INTENTS and ctx.topic:
                return catalogue_answer(dispatcher, tracker, intent=name)
            break
        if intent == "nlu_fallback":
            # Unsure, but most likely a citizen question (a long letter, say): offer what it may be about.
            topics = likely_topics(ranked_intents(tracker))
            if topics:
                dispatcher.utter_message(response="utter_did_you_mean", buttons=[topic_button(t) for t in topics])
                return []
        try:
            asks_facet = intent == "ask_facet" or facet_without_topic(text) is not None
        except Exception:
            asks_facet = False
        if asks_facet and not ctx.topic and subject_of_its_own(text):
            # "jeg skal have fornyet mit pas, hvad koster det": a question about something else.
            dispatcher.utter_message(response="utter_out_of_scope")
        elif intent == "ask_facet" and _send_facet_choices(dispatcher, ctx):
            pass  # the topic is known, the facet was not: its questions as buttons
        elif asks_facet and (intent == "ask_facet" or not ctx.topic):
            # A follow-up without a topic to follow ("hvad koster det?" first): ask which topic.
            dispatcher.utter_message(response="utter_facet_which_topic")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []


# --- role statements ------------------------------------------------------------------------------------
def role_from_message(tracker: Tracker) -> Optional[str]:
    request = request_from(tracker)
    if request.entities.get("role"):
        return request.entities["role"]
    text = request.text
    resolve = lambda kind, value: queries.resolve(kind, value)  # noqa: E731
    role = role_in_text(text, resolve)
    if role:
        return role
    try:
        return sc.parse_role(text, fuzzy=True)
    except Exception:
        return None


def _role_name(role_id: str) -> str:
    role = queries.get_role(role_id)
    return role.name if role else role_id


class ActionInformRole(Action):
    """"jeg er pædagog": remember the role, show its profile and offer the self-check (not start it)."""

    def name(self) -> Text:
        return "action_inform_role"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        role = role_from_message(tracker)
        if not role:
            dispatcher.utter_message(response="utter_role_unknown")
            return []
        reply = answer(Request(intent="ask_role_profile", entities={"role": role},
                               context=Context.from_slot(tracker.get_slot(CONTEXT_SLOT))))
        send(dispatcher, reply.messages + [Message.from_response("utter_offer_self_check", role_name=_role_name(role))])
        return [SlotSet(USER_ROLE_SLOT, role), SlotSet(CONTEXT_SLOT, reply.context.to_slot())]


# --- checks that pause instead of trapping -----------------------------------------------------------------
def _check_name(domain: Dict[Text, Any], check: str) -> str:
    try:
        return domain["responses"][f"utter_check_name_{check}"][0]["text"]
    except (KeyError, IndexError, TypeError):
        return ""


def _slots(tracker: Tracker, check: str) -> Dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in cp.slots_of(check)}


class ActionCheckPause(Action):
    """After a question in the middle of a check: stop asking, keep the answers, offer to go on."""

    def name(self) -> Text:
        return "action_check_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        check = cp.check_of_form(tracker.active_loop_name) or tracker.get_slot(PAUSED_SLOT)
        if not check:
            return []
        number, total = cp.next_question(check, _slots(tracker, check))
        dispatcher.utter_message(response="utter_check_paused", number=number, total=total,
                                 check_name=_check_name(domain, check))
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(PAUSED_SLOT, check)]


class ActionCheckResume(Action):
    """"fortsæt": go on with the paused check where it was (the form asks the next question briefly)."""

    def name(self) -> Text:
        return "action_check_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        check = tracker.get_slot(PAUSED_SLOT)
        if not check:
            dispatcher.utter_message(response="utter_check_nothing_paused")
            return []
        return [SlotSet(PAUSED_SLOT, None), SlotSet(PENDING_ROLE_SLOT, None), SlotSet(CHECK_SLOT, check),
                FollowupAction(cp.form_of(check))]


class ActionCheckEnd(Action):
    """"stop" or "nej" to going on: end a paused check and delete its answers."""

    def name(self) -> Text:
        return "action_check_end"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        check = tracker.get_slot(PAUSED_SLOT)
        if not check:
            dispatcher.utter_message(response="utter_readiness_nothing_to_stop")
            return []
        dispatcher.utter_message(response="utter_check_ended", check_name=_check_name(domain, check))
        return reset_events(cp.slots_of(check)) + [SlotSet(PAUSED_SLOT, None), SlotSet(PENDING_ROLE_SLOT, None)]


class ActionCheckRoleSwitch(Action):
    """A role named in the middle of the self-check: ask whether to start over for that role."""

    def name(self) -> Text:
        return "action_check_role_switch"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        role = role_from_message(tracker)
        events: List[EventType] = [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(PAUSED_SLOT, "staff_check")]
        if not role or role == tracker.get_slot(sc.ROLE_SLOT):
            number, total = cp.next_question("staff_check", _slots(tracker, "staff_check"))
            dispatcher.utter_message(response="utter_check_paused", number=number, total=total,
                                     check_name=_check_name(domain, "staff_check"))
            return events
        dispatcher.utter_message(response="utter_check_confirm_role_switch", role_name=_role_name(role))
        return events + [SlotSet(PENDING_ROLE_SLOT, role)]


class ActionCheckSwitchRoleConfirmed(Action):
    """Yes to starting over: the self-check starts again for the new role."""

    def name(self) -> Text:
        return "action_check_switch_role_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        role = tracker.get_slot(PENDING_ROLE_SLOT)
        if not role:
            dispatcher.utter_message(response="utter_check_nothing_paused")
            return []
        dispatcher.utter_message(response="utter_check_role_switched", role_name=_role_name(role))
        return reset_events(sc.SLOTS) + [
            SlotSet(sc.ROLE_SLOT, role), SlotSet(USER_ROLE_SLOT, role), SlotSet(PENDING_ROLE_SLOT, None),
            SlotSet(PAUSED_SLOT, None), SlotSet(CHECK_SLOT, "staff_check"), FollowupAction(sc.FORM_NAME),
        ]
