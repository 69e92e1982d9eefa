"""What a message in the middle of a check is: an answer, something else the assistant should handle
first (a question, "stop", "start forfra", asking for a person), or an unclear answer.

Used by both checks (readiness and staff). The form's validation action turns the result into events:
an answer fills the requested slot; an interruption fills nothing, so Rasa's form rejects, a rule
answers, and the check pauses and offers to go on where it was (action_check_pause); an unclear
answer gets a hint and the same question again, asked briefly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from bot.content.citizen_topics import INTENTS as CITIZEN_INTENTS

from .answers import is_question

STOP_INTENT = "readiness_stop"
RESTART_INTENT = "readiness_restart"
START_INTENTS = ("readiness_start", "staff_check_start")
# Intents with a rule that handles them in the middle of a check (data/rules/readiness.yml and
# data/rules/staff_check.yml), after which the check goes on (or stops, for stop and goodbye).
# The catalogue's questions (domain/catalogue.yml) are answered by action_catalogue_answer.
CATALOGUE_INTENTS = ("ask_role_profile", "ask_competence_model", "ask_best_practice")
INTERRUPTIONS = frozenset({
    *CITIZEN_INTENTS, *CATALOGUE_INTENTS, STOP_INTENT, RESTART_INTENT, *START_INTENTS,
    "human_handoff", "ask_help", "bot_challenge", "goodbye", "out_of_scope", "speak_english",
    # A role statement, a follow-up about a topic, a role switch ("og lærerne?"): answered, then the
    # check pauses and offers to go on (actions/conversation.py).
    "inform_role", "ask_facet", "followup",
    # Leaders' questions, definitions and training offers (data/rules/leadership.yml).
    "ask_leadership", "ask_definition", "ask_training_offers",
})
# Words that confirm a stop/restart intent even when the text also reads as an answer ("nej, stop").
_CONTROL_WORDS = re.compile(r"\b(stop+e?|afbryd\w*|annull?[eé]r\w*|forfra|nulstil\w*|start\w*|begynd\w*)\b", re.IGNORECASE)
CONTROL_CONFIDENCE = 0.6

class _SmallTalk:
    """Short, friendly replies to a greeting or thanks in the middle of a check (then the question again):
    responses utter_check_small_talk_<intent> in domain/content.yml. SMALL_TALK.get(intent) -> text or None."""

    INTENTS = ("thank", "greet")

    def get(self, intent, default=None):
        if intent not in self.INTENTS:
            return default
        from bot.content.responses import response_text

        return response_text(f"utter_check_small_talk_{intent}")


SMALL_TALK = _SmallTalk()


@dataclass(frozen=True)
class Turn:
    kind: str  # "answer", "interrupt" or "unclear"
    value: Optional[str] = None  # the parsed answer for "answer"

    @property
    def is_answer(self) -> bool:
        return self.kind == "answer"


def classify(text: str, intent: Optional[str], confidence: float, parse: Callable[[str], Optional[str]]) -> Turn:
    """Decide what the latest message is, given its intent and a parser for the current question."""
    intent = intent or ""
    value = parse(text)
    if intent in (STOP_INTENT, RESTART_INTENT, *START_INTENTS) and confidence >= CONTROL_CONFIDENCE:
        if value is None or _CONTROL_WORDS.search(text or ""):
            return Turn("interrupt")
    question = is_question(text)
    if value is not None and not question:
        return Turn("answer", value)
    if intent in INTERRUPTIONS:
        return Turn("interrupt")
    # A question nobody answers ("hvad betyder øvet?" with an unknown intent) is not an answer either.
    return Turn("unclear")
