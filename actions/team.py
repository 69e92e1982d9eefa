"""Sharing the self-check result anonymously with a team, and the leader's summary from a summary code
(logic in bot/team/chat.py and bot/team/summary.py)."""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.sending import send
from bot import staff_check as sc
from bot.team.chat import ShareStep, confirm, share_step
from bot.team.store import TeamStore

logger = logging.getLogger(__name__)

CODE_SLOT = "team_code"


def finished_check(tracker: Tracker) -> Dict[str, str]:
    """The levels of a finished self-check (every area answered), else {}."""
    ratings = sc.ratings_from_slots({slot: tracker.get_slot(slot) for slot in sc.AREA_SLOTS})
    return ratings if len(ratings) == len(sc.AREAS) else {}


def _answer(dispatcher: CollectingDispatcher, step: Callable[[TeamStore], ShareStep]) -> List[EventType]:
    """Say what the step decides (domain/team.yml) and remember the code it returns, if any."""
    try:
        decided = step(TeamStore())
    except Exception as exc:  # the team database is not reachable: say so, log no personal data
        logger.error("Teamoversigtens database kan ikke nås (%s)", type(exc).__name__)
        dispatcher.utter_message(response="utter_not_available")
        return [SlotSet(CODE_SLOT, None)]
    send(dispatcher, decided.messages)
    return [SlotSet(CODE_SLOT, decided.code)]


class ActionTeamShare(Action):
    """"del mit resultat med teamet", or a message with a code: the leader's summary for a summary code,
    otherwise ask for the team code, or for consent."""

    def name(self) -> Text:
        return "action_team_share"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        return _answer(dispatcher, lambda store: share_step(text, finished_check(tracker), store))


class ActionTeamShareSubmit(Action):
    """After "ja": the levels go into the team's overview, and the code is forgotten."""

    def name(self) -> Text:
        return "action_team_share_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        code = tracker.get_slot(CODE_SLOT)
        return _answer(dispatcher, lambda store: confirm(code, finished_check(tracker), store))  # code: None


class ActionTeamShareDecline(Action):
    def name(self) -> Text:
        return "action_team_share_decline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_team_share_declined")
        return [SlotSet(CODE_SLOT, None)]
