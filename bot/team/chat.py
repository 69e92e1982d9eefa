"""Sharing a self-check result with a team from the chat (issue 14, part 3), testable without Rasa.

After the staff self-check the assistant offers to share the result. The person writes the team code
their leader gave them, is told exactly what is stored, and says yes before anything is saved:

    step = share_step(text, ratings, store)          # "min teamkode er ABCD-EFGH-JKLM-NPQR"
    step.response, step.code                         # "utter_team_share_consent", "ABCDEFGHJKLMNPQR"
    confirm(step.code, ratings, store).response      # "utter_team_share_done" (after "ja")

Only the levels per competence area are stored with the team (bot/team/store.py): no name, no text,
no conversation id, no time. The words are responses in domain/team.yml.

A leader's summary code (made on the team page, the same shape as a team code) is looked up first: the
step then holds the summary to send (bot/team/summary.py) instead of a response name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

from bot.content.message import Message
from bot.content.team_code import code_in
from bot.team.store import TeamStore, UnknownTeam
from bot.team.summary import summary_for_code


@dataclass(frozen=True)
class ShareStep:
    messages: Tuple[Message, ...]  # what to say: a response in domain/team.yml, or the leader's summary
    code: Optional[str] = None  # the team code to remember until the person says yes or no

    @classmethod
    def saying(cls, response: str, code: Optional[str] = None) -> "ShareStep":
        return cls((Message.from_response(response),), code)

    @property
    def response(self) -> Optional[str]:
        """The response the step says first (None for the leader's summary, which is text)."""
        return self.messages[0].response if self.messages else None


def share_step(text: str, ratings: Mapping[str, str], store: TeamStore) -> ShareStep:
    """What to say when someone wants to share, or writes a code: a summary code first, then a team code."""
    code = code_in(text)
    if code is not None:
        summary = summary_for_code(code, store)
        if summary is not None:
            return ShareStep(tuple(summary))
    known = code is not None and _is_team_code(code, store)
    if not ratings:
        # Without a finished check this may well be a leader with a mistyped summary code.
        return ShareStep.saying("utter_team_code_unknown_any" if code and not known else "utter_team_share_needs_check")
    if code is None:
        return ShareStep.saying("utter_ask_team_code")
    if not known:
        return ShareStep.saying("utter_team_code_unknown")
    return ShareStep.saying("utter_team_share_consent", code)


def _is_team_code(code: str, store: TeamStore) -> bool:
    try:
        store.team_role(code)
    except UnknownTeam:
        return False
    return True


def confirm(code: Optional[str], ratings: Mapping[str, str], store: TeamStore) -> ShareStep:
    """After "ja": store the levels with the team, once."""
    if not code and not ratings:  # e.g. "ja" after the leader's summary: nothing to share
        return ShareStep.saying("utter_affirm_ack")
    if not code:
        return ShareStep.saying("utter_ask_team_code")
    if not ratings:
        return ShareStep.saying("utter_team_share_needs_check")
    try:
        store.add_answer(code, ratings)
    except UnknownTeam:  # the leader deleted the team meanwhile
        return ShareStep.saying("utter_team_code_unknown")
    return ShareStep.saying("utter_team_share_done")
