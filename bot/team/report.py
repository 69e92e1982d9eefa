"""What a leader sees of a team, the same on the team page and in the chat: the overview against the
role profile, the areas with the biggest gap, and good practices for those gaps.

    report = team_report(store, store.team_for_leader(key))       # the page
    report = team_report(store, store.use_summary_code(code))      # the chat (bot/team/summary.py)
    report.gaps, report.practices, report.area_names

Raises TooFewAnswers below MIN_ANSWERS, like the store.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from .store import AreaSpread, Overview, TeamRef, TeamStore


@dataclass(frozen=True)
class TeamReport:
    role: object  # the role profile from the knowledge base (bot.kb.results.RoleProfile)
    overview: Overview
    area_names: Dict[str, str]  # area id -> name
    gaps: List[AreaSpread]  # the 1-3 areas with the largest share below the profile
    practices: List  # good practices from the catalogue for those areas (bot.content.gap_practices)


def needed_levels(role) -> Dict[str, str]:
    """The role profile's level per area: area id -> level id."""
    return {c.area_id: c.level_id for c in role.competences}


def team_report(store: TeamStore, team: TeamRef, url: Optional[str] = None) -> TeamReport:
    from bot.content.gap_practices import next_practices
    from bot.kb import queries
    from bot.kb.ready import kb_url

    url = kb_url(url)
    role = queries.get_role(team.role_id, url=url)
    overview = store.overview_of(team, needed_levels(role))
    gaps = overview.biggest_gaps()
    practices = next_practices(team.role_id, [a.area_id for a in gaps], url) if gaps else []
    names = {c.area_id: c.area_name for c in role.competences}
    return TeamReport(role, overview, names, gaps, practices)
