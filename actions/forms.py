"""What the two self-checks' forms share (actions/readiness.py, actions/staff_check.py; actions/conversation.py
switches between them): which check ran last, the latest intent, and whether a question is asked again."""
from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

CHECK_SLOT = "check_last"  # which check ran last ("readiness" or "staff_check"), for "start forfra"
REQUESTED_SLOT = "requested_slot"
# Actions after which a form's question is not "resumed" (they start, stop or are the form itself).
NOT_INTERRUPTIONS = {
    "action_listen", "action_session_start", "action_extract_slots", "action_readiness_start",
    "action_staff_check_start", "action_check_switch_role_confirmed",
    "action_check_restart", "readiness_form", "staff_check_form", "validate_readiness_form",
    "validate_staff_check_form",
}


def latest_intent(tracker: Tracker) -> tuple:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def resumed_after_interruption(tracker: Tracker) -> bool:
    """True when something else answered the person's latest message before the form asks again."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action":
            name = event.get("name") or ""
            if name not in NOT_INTERRUPTIONS and not name.startswith("action_ask_"):
                return True
    return False


def asked_before(tracker: Tracker, marker: str) -> bool:
    """True when a question whose text contains `marker` ("Område 4 af 12:") was already asked since
    the check last started or went on for a new role (then it is asked briefly)."""
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "bot" and marker in (event.get("text") or ""):
            return True
        if kind == "action" and event.get("name") in (
            "action_readiness_start", "action_staff_check_start", "action_check_restart",
            "action_check_switch_role_confirmed",
        ):
            return False
    return False


def reset_events(slots) -> List[EventType]:
    return [SlotSet(slot, None) for slot in slots] + [SlotSet(REQUESTED_SLOT, None)]
