"""The leader's short summary of the team overview in the chat (issue 14, part 3), testable without Rasa.

The leader key is never typed into the chat, because the conversation is stored. On the team page the
leader presses "Vis opsummeringen i chatten" and gets a summary code (bot/team/store.py: one use,
SUMMARY_CODE_MINUTES), which they write in the chat. bot/team/chat.py finds the code in the message and
asks here first, before it reads the code as a team code:

    summary_for_code("ABCDEFGHJKLMNPQR", store)   -> [Message(...)]   the summary; the code is now spent
                                                   -> [Message(...)]   "used or expired, make a new one"
                                                   -> None             not a summary code

The summary: how many answered, per area how many are below the role profile's level and how many at
or above it, the areas with the biggest gap and good practices for them as buttons. These are the same
gaps and practices as on the team page (bot/team/report.py). Under MIN_ANSWERS answers it says what the
page says. The words are responses in domain/team.yml (utter_team_summary_*).
"""
from __future__ import annotations

from typing import List, Optional

from bot.content.message import Message
from bot.content.text import in_sentence, join_and

from .report import TeamReport, team_report
from .store import MIN_ANSWERS, SUMMARY_CODE_MINUTES, SpentSummaryCode, TeamStore, TooFewAnswers, UnknownSummaryCode


def _say(name: str, **values) -> str:
    from bot.content.responses import response_text

    return response_text(name, **values)


def summary_for_code(code: str, store: TeamStore, url: Optional[str] = None) -> Optional[List[Message]]:
    """The reply to a summary code, or None when `code` is not one (it may be a team code)."""
    try:
        team = store.use_summary_code(code)
    except UnknownSummaryCode:
        return None
    except SpentSummaryCode:
        return [Message(_say("utter_team_summary_code_spent", minutes=SUMMARY_CODE_MINUTES))]
    try:
        report = team_report(store, team, url)
    except TooFewAnswers as exc:
        from bot.kb import queries
        from bot.kb.ready import kb_url

        role = queries.get_role(exc.role_id, url=kb_url(url))
        return [Message(_say("utter_team_summary_too_few", role=role.name if role else "", count=exc.count,
                             min_answers=MIN_ANSWERS))]
    return summary_messages(report, url)


def summary_messages(report: TeamReport, url: Optional[str] = None) -> List[Message]:
    from bot.content.payloads import detail_item, payload
    from bot.kb import queries
    from bot.kb.ready import kb_url

    level_names = {level.id: level.name for level in queries.list_levels(url=kb_url(url))}
    name = lambda area_id: report.area_names.get(area_id, area_id)  # noqa: E731
    answered = [a for a in report.overview.areas if a.total and a.needed]  # areas not in the check are left out
    below = sorted((a for a in answered if a.below), key=lambda a: -a.below / a.total)
    lines = [_say("utter_team_summary_heading", role=report.role.name, answers=report.overview.answers)]
    for area in below:
        lines.append(_say("utter_team_summary_area", area=name(area.area_id), below=area.below,
                          needed=in_sentence(level_names.get(area.needed, area.needed)),
                          meets=area.total - area.below))
    met = [a for a in answered if not a.below]
    if not below:
        lines.append(_say("utter_team_summary_all_met"))
    elif met:
        lines.append(_say("utter_team_summary_others_met", areas=join_and([in_sentence(name(a.area_id)) for a in met])))
    buttons = []
    if report.gaps:
        lines.append("")
        gaps = _say("utter_team_summary_gaps", areas=join_and([in_sentence(name(a.area_id)) for a in report.gaps]))
        if report.practices:  # the buttons come right after this line
            gaps += " " + _say("utter_team_summary_practices")
            buttons = [{"title": p.title, "payload": payload("ask_details", item=detail_item("practice", p.id))}
                       for p in report.practices]
        lines.append(gaps)
    return [Message("\n".join(lines), buttons), Message(_say("utter_team_summary_code_used"))]
