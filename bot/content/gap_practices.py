"""Good practices for the biggest gaps against a role profile, shared by the staff self-check
(bot/staff_check.py: one person's gaps) and the leaders' team overview (bot/team/report.py: the team's).

    next_practices("sosu-assistent", ["datasikkerhed", "dataanvendelse"])   -> [Practice, Practice]
    theme_areas()["informationssikkerhed"]                                 -> ("datasikkerhed", ...)

Practices are tagged with themes, not wheel areas; which areas a theme speaks to is the catalogue's
(taksonomi.yml: a theme's områder), so that is how "the matching good practices" for a gap are found.
The gap areas come biggest first, and a practice that speaks to a bigger gap comes first.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from bot.kb.ready import kb_url

MAX_PRACTICES = 2


def theme_areas() -> Dict[str, Tuple[str, ...]]:
    """{theme id: the wheel areas it speaks to}, in the catalogue's order of themes."""
    from bot.catalogue.current import current_catalogue

    return {theme.id: tuple(theme.areas) for theme in current_catalogue().themes.values()}


def next_practices(role_id: str, gap_areas: Sequence[str], url: Optional[str] = None) -> List:
    """Good practices whose themes speak to the gap areas: the role's own practices first."""
    from bot.kb import queries as q

    url = kb_url(url)
    role = q.get_role(role_id, url=url)
    wanted = list(gap_areas)
    areas_of = theme_areas()

    def relevance(practice) -> Optional[int]:
        best = None
        for theme in practice.themes:
            for area_id in areas_of.get(theme.id, ()):
                if area_id in wanted:
                    rank = wanted.index(area_id)
                    best = rank if best is None else min(best, rank)
        return best

    candidates = []
    for position, ref in enumerate(role.practices):
        practice = q.get_practice(ref.id, url=url)
        rank = relevance(practice) if practice else None
        if rank is not None:
            candidates.append((0, rank, position, practice))
    if len(candidates) < MAX_PRACTICES:
        themes = [t for t, areas in areas_of.items() if any(a in wanted for a in areas)]
        own = {ref.id for ref in role.practices}
        for theme in themes:
            page = q.find_practices(theme=theme, limit=5, url=url)
            for item in page.items:
                if item.id in own or any(c[3].id == item.id for c in candidates):
                    continue
                practice = q.get_practice(item.id, url=url)
                rank = relevance(practice)
                if rank is not None:
                    candidates.append((1, rank, 0, practice))
    candidates.sort(key=lambda c: (c[1], c[0], c[2]))
    return [c[3] for c in candidates[:MAX_PRACTICES]]
