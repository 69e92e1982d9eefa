"""Pausing a check (issue 12): which check a form is, and where it would go on.

    check_of_form("readiness_form")                   -> "readiness"
    next_question("readiness", {"readiness_enhed": "ja", ...}) -> (2, 9)
    next_question("staff_check", {"staff_check_role": "paedagog", ...}) -> (1, 12)

A question in the middle of a check is answered, then the check stops asking and offers to go on
("Skal vi fortsætte med spørgsmål 4 af 9?"). The answers stay until the person goes on or stops.

This module belongs to both checks, so it sits above them: it reads their form names and slots
(bot/readiness, bot/staff_check.py), and no feature imports it (docs/architecture.md,
tests/test_architecture.py).
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional, Tuple

from bot import staff_check as sc
from bot.readiness import questions as rq

_FORMS: Dict[str, str] = {"readiness": rq.FORM_NAME, "staff_check": sc.FORM_NAME}


def check_of_form(form: Optional[str]) -> Optional[str]:
    return next((check for check, name in _FORMS.items() if name == form), None)


def form_of(check: str) -> str:
    return _FORMS[check]


def slots_of(check: str) -> Tuple[str, ...]:
    return rq.SLOTS if check == "readiness" else sc.SLOTS


def next_question(check: str, slots: Mapping[str, Optional[str]]) -> Tuple[int, int]:
    """(number of the next unanswered question, number of questions) of a check."""
    if check == "readiness":
        questions = rq.SLOTS
    else:
        questions = sc.AREA_SLOTS  # the role comes first and is not numbered
    for number, slot in enumerate(questions, start=1):
        if slots.get(slot) is None:
            return number, len(questions)
    return len(questions), len(questions)
