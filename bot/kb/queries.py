"""Read-only questions to the KB, for the custom actions. Each returns plain dataclasses (results.py)
or None when the id is unknown; `url` defaults to settings.kb_url(). Raises KnowledgeBaseMissing when
the KB has not been built."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import and_, select

from ..catalogue import fold_form, normalise_form
from . import schema as s
from .engine import KnowledgeBaseMissing, get_engine, require_built, resolve_url
from .results import (
    AreaInfo,
    AreaLevelText,
    DigCompAreaInfo,
    DigCompOverview,
    DimensionInfo,
    FrameworkOverview,
    HelpFacet,
    HelpTopic,
    LevelComparison,
    LevelInfo,
    Offer,
    Practice,
    PracticePage,
    PracticeSummary,
    Ref,
    RoleArea,
    RoleCompetence,
    RoleProfile,
)

_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def danish_sort_key(text: str) -> str:
    """Sorts æ, ø, å after z, as in a Danish dictionary."""
    return text.lower().translate(_DANISH_ORDER)


def _rows(statement, url: Optional[str]):
    url = resolve_url(url)
    require_built(url)
    with get_engine(url).connect() as conn:
        return list(conn.execute(statement))


def _one(statement, url: Optional[str]):
    rows = _rows(statement, url)
    return rows[0] if rows else None


def _refs(table, key_column, key, id_column, name_table, name_column, url) -> Tuple[Ref, ...]:
    statement = (
        select(name_table.c.id, name_column)
        .select_from(table.join(name_table, id_column == name_table.c.id))
        .where(key_column == key)
        .order_by(table.c.position)
    )
    return tuple(Ref(row[0], row[1]) for row in _rows(statement, url))


# --- levels ---------------------------------------------------------------------------------------------
def _level(row) -> LevelInfo:
    return LevelInfo(row.id, row.name, row.position, row.description,
                     tuple(int(n) for n in row.digcomp_levels.split(",") if n))


def list_levels(url: Optional[str] = None) -> List[LevelInfo]:
    return [_level(row) for row in _rows(select(s.levels).order_by(s.levels.c.position), url)]


def get_level(level_id: str, url: Optional[str] = None) -> Optional[LevelInfo]:
    row = _one(select(s.levels).where(s.levels.c.id == level_id), url)
    return _level(row) if row else None


# --- roles ----------------------------------------------------------------------------------------------
def list_roles(url: Optional[str] = None) -> List[Ref]:
    rows = _rows(select(s.roles.c.id, s.roles.c.name), url)
    return sorted((Ref(r.id, r.name) for r in rows), key=lambda ref: danish_sort_key(ref.name))


def _role_competences(role_id: str, url: Optional[str]) -> Tuple[RoleCompetence, ...]:
    rc, a, d, lv = s.role_competences, s.areas, s.dimensions, s.levels
    statement = (
        select(a.c.id, a.c.name, d.c.id.label("dimension_id"), d.c.name.label("dimension_name"),
               lv.c.id.label("level_id"), lv.c.name.label("level_name"), lv.c.position.label("level_position"),
               rc.c.in_practice)
        .select_from(rc.join(a, rc.c.area_id == a.c.id).join(d, a.c.dimension_id == d.c.id)
                     .join(lv, rc.c.level_id == lv.c.id))
        .where(rc.c.role_id == role_id)
        .order_by(a.c.position)
    )
    return tuple(RoleCompetence(*row) for row in _rows(statement, url))


def get_role(role_id: str, url: Optional[str] = None) -> Optional[RoleProfile]:
    row = _one(select(s.roles).where(s.roles.c.id == role_id), url)
    if row is None:
        return None
    situations = _rows(select(s.role_situations.c.text).where(s.role_situations.c.role_id == role_id)
                       .order_by(s.role_situations.c.position), url)
    practices = _refs(s.role_practices, s.role_practices.c.role_id, role_id, s.role_practices.c.practice_id,
                      s.practices, s.practices.c.title, url)
    offers = _refs(s.role_offers, s.role_offers.c.role_id, role_id, s.role_offers.c.offer_id,
                   s.offers, s.offers.c.name, url)
    return RoleProfile(row.id, row.name, row.summary, row.source, _role_competences(role_id, url),
                       tuple(r.text for r in situations), practices, offers)


def get_role_area(role_id: str, area_id: str, url: Optional[str] = None) -> Optional[RoleArea]:
    """The level a role needs in one area, what it means in the job, and what the level means there."""
    rc, a, d, al, r = s.role_competences, s.areas, s.dimensions, s.area_levels, s.roles
    statement = (
        select(r.c.name.label("role_name"), a.c.name.label("area_name"), a.c.description.label("area_description"),
               d.c.id.label("dimension_id"), d.c.name.label("dimension_name"), rc.c.in_practice,
               rc.c.level_id, al.c.description.label("level_description"))
        .select_from(rc.join(r, rc.c.role_id == r.c.id).join(a, rc.c.area_id == a.c.id)
                     .join(d, a.c.dimension_id == d.c.id)
                     .join(al, and_(al.c.area_id == a.c.id, al.c.level_id == rc.c.level_id)))
        .where(rc.c.role_id == role_id, rc.c.area_id == area_id)
    )
    row = _one(statement, url)
    if row is None:
        return None
    level = get_level(row.level_id, url)
    return RoleArea(role_id, row.role_name, area_id, row.area_name, row.dimension_id, row.dimension_name, level,
                    row.in_practice, row.level_description, row.area_description)


def compare_level(role_id: str, area_id: str, own_level_id: str, url: Optional[str] = None) -> Optional[LevelComparison]:
    """How a person's own level in an area compares with what their role needs."""
    role_area = get_role_area(role_id, area_id, url)
    own = get_level(own_level_id, url)
    if role_area is None or own is None:
        return None
    return LevelComparison(role_area, own, role_area.level.position - own.position)


# --- the competence wheel and DigComp --------------------------------------------------------------------
def get_area(area_id: str, url: Optional[str] = None) -> Optional[AreaInfo]:
    a, d = s.areas, s.dimensions
    row = _one(select(a, d.c.name.label("dimension_name")).select_from(a.join(d, a.c.dimension_id == d.c.id))
               .where(a.c.id == area_id), url)
    if row is None:
        return None
    al, lv = s.area_levels, s.levels
    levels = _rows(select(lv.c.id, lv.c.name, al.c.description).select_from(al.join(lv, al.c.level_id == lv.c.id))
                   .where(al.c.area_id == area_id).order_by(lv.c.position), url)
    dw, dc = s.digcomp_wheel, s.digcomp_competences
    digcomp = _rows(select(dc.c.id, dc.c.name).select_from(dw.join(dc, dw.c.competence_id == dc.c.id))
                    .where(dw.c.area_id == area_id).order_by(dc.c.id), url)
    offers = _refs(s.offer_areas, s.offer_areas.c.area_id, area_id, s.offer_areas.c.offer_id, s.offers,
                   s.offers.c.name, url)
    return AreaInfo(row.id, row.name, bool(row.name_from_kl), row.dimension_id, row.dimension_name,
                    row.description, row.source, tuple(AreaLevelText(*level) for level in levels),
                    tuple(Ref(*c) for c in digcomp), offers)


def _dimension(row, url) -> DimensionInfo:
    areas = _rows(select(s.areas.c.id, s.areas.c.name).where(s.areas.c.dimension_id == row.id)
                  .order_by(s.areas.c.position), url)
    return DimensionInfo(row.id, row.name, row.description, tuple(Ref(*a) for a in areas))


def get_dimension(dimension_id: str, url: Optional[str] = None) -> Optional[DimensionInfo]:
    row = _one(select(s.dimensions).where(s.dimensions.c.id == dimension_id), url)
    return _dimension(row, url) if row else None


def digcomp_overview(url: Optional[str] = None) -> DigCompOverview:
    framework = _one(select(s.frameworks).where(s.frameworks.c.id == "digcomp"), url)
    dc = s.digcomp_competences
    competences: Dict[str, List[Ref]] = {}
    for row in _rows(select(dc.c.area_id, dc.c.id, dc.c.name).order_by(dc.c.area_id, dc.c.position), url):
        competences.setdefault(row.area_id, []).append(Ref(row.id, row.name))
    areas = tuple(
        DigCompAreaInfo(row.id, row.number, row.name, row.description, tuple(competences.get(row.id, [])))
        for row in _rows(select(s.digcomp_areas).order_by(s.digcomp_areas.c.number), url)
    )
    return DigCompOverview(framework.name, framework.description, framework.source, areas)


def framework_overview(url: Optional[str] = None) -> FrameworkOverview:
    """The competence wheel (dimensions with areas), the four levels, underlying competences and DigComp."""
    wheel = _one(select(s.frameworks).where(s.frameworks.c.id == "kompetencehjulet"), url)
    dimensions = tuple(_dimension(row, url) for row in _rows(select(s.dimensions).order_by(s.dimensions.c.position), url))
    underlying = tuple(Ref(r.id, r.name) for r in _rows(select(s.underlying).order_by(s.underlying.c.position), url))
    return FrameworkOverview(wheel.name, wheel.description, wheel.source, dimensions, tuple(list_levels(url)),
                             underlying, digcomp_overview(url))


# --- practices ------------------------------------------------------------------------------------------
def _practice_tags(url: Optional[str]) -> Dict[str, Tuple[List[str], List[str]]]:
    tags: Dict[str, Tuple[List[str], List[str]]] = {}
    for row in _rows(select(s.practices.c.id), url):
        tags[row.id] = ([], [])
    for row in _rows(select(s.practice_themes).order_by(s.practice_themes.c.practice_id,
                                                        s.practice_themes.c.position), url):
        tags[row.practice_id][0].append(row.theme_id)
    for row in _rows(select(s.practice_targets).order_by(s.practice_targets.c.practice_id,
                                                         s.practice_targets.c.position), url):
        tags[row.practice_id][1].append(row.target_group_id)
    return tags


def _tag_score(wanted: Optional[str], tags: Sequence[str]) -> int:
    """2 when the wanted tag is the practice's first (main) tag, 1 when listed, 0 when not."""
    if wanted is None or wanted not in tags:
        return 0
    return 2 if tags[0] == wanted else 1


def find_practices(
    theme: Optional[str] = None,
    target_group: Optional[str] = None,
    offset: int = 0,
    limit: int = 3,
    url: Optional[str] = None,
) -> PracticePage:
    """Good practices with the theme and/or target group (ids), best first, one page at a time.

    Ranking: the practices whose main (first) theme/target group is the wanted one come first, then the
    most focused ones (fewest themes and target groups), then by title. When nothing has both the
    theme and the target group, the page holds practices with either, and `exact` is False.
    """
    tags = _practice_tags(url)

    def matches(ids: Tuple[List[str], List[str]], need_both: bool) -> bool:
        has_theme = theme is None or theme in ids[0]
        has_group = target_group is None or target_group in ids[1]
        return (has_theme and has_group) if need_both else (
            (theme is not None and theme in ids[0]) or (target_group is not None and target_group in ids[1]))

    chosen = [pid for pid, ids in tags.items() if matches(ids, True)]
    exact = True
    if not chosen and theme is not None and target_group is not None:
        chosen = [pid for pid, ids in tags.items() if matches(ids, False)]
        exact = False
    titles = {row.id: row for row in _rows(select(s.practices.c.id, s.practices.c.title, s.practices.c.summary), url)}

    def rank(pid: str):
        themes, groups = tags[pid]
        score = _tag_score(theme, themes) + _tag_score(target_group, groups)
        return (-score, len(themes) + len(groups), danish_sort_key(titles[pid].title), pid)

    ordered = sorted(chosen, key=rank)
    offset = max(0, offset)
    page = ordered[offset: offset + max(0, limit)]
    items = tuple(PracticeSummary(pid, titles[pid].title, titles[pid].summary, tuple(tags[pid][0]), tuple(tags[pid][1]))
                  for pid in page)
    return PracticePage(items, len(ordered), offset, limit, exact)


def get_practice(practice_id: str, url: Optional[str] = None) -> Optional[Practice]:
    row = _one(select(s.practices).where(s.practices.c.id == practice_id), url)
    if row is None:
        return None
    themes = _refs(s.practice_themes, s.practice_themes.c.practice_id, practice_id, s.practice_themes.c.theme_id,
                   s.themes, s.themes.c.name, url)
    groups = _refs(s.practice_targets, s.practice_targets.c.practice_id, practice_id,
                   s.practice_targets.c.target_group_id, s.target_groups, s.target_groups.c.name, url)
    items: Dict[str, List[str]] = {"trin": [], "forudsaetning": [], "effektmaaling": []}
    for item in _rows(select(s.practice_items).where(s.practice_items.c.practice_id == practice_id)
                      .order_by(s.practice_items.c.kind, s.practice_items.c.position), url):
        items[item.kind].append(item.text)
    roles = _rows(select(s.roles.c.id, s.roles.c.name)
                  .select_from(s.role_practices.join(s.roles, s.role_practices.c.role_id == s.roles.c.id))
                  .where(s.role_practices.c.practice_id == practice_id).order_by(s.roles.c.id), url)
    return Practice(row.id, row.title, row.summary, row.source, themes, groups, tuple(items["trin"]),
                    tuple(items["forudsaetning"]), tuple(items["effektmaaling"]),
                    tuple(Ref(r.id, r.name) for r in roles))


# --- offers and citizen help -------------------------------------------------------------------------------
def _offer(row, url) -> Offer:
    groups = _refs(s.offer_targets, s.offer_targets.c.offer_id, row.id, s.offer_targets.c.target_group_id,
                   s.target_groups, s.target_groups.c.name, url)
    areas = _refs(s.offer_areas, s.offer_areas.c.offer_id, row.id, s.offer_areas.c.area_id, s.areas,
                  s.areas.c.name, url)
    return Offer(row.id, row.name, row.type, row.description, row.source, groups, areas)


def get_offer(offer_id: str, url: Optional[str] = None) -> Optional[Offer]:
    row = _one(select(s.offers).where(s.offers.c.id == offer_id), url)
    return _offer(row, url) if row else None


def offers_for(role_id: Optional[str] = None, area_id: Optional[str] = None, url: Optional[str] = None) -> List[Offer]:
    """Courses, tools and self-tests.

    role only: the role's offers in the role's order. area only: offers that cover the area. Both: the
    role's offers that cover the area, then other offers that cover it; if none cover it, the role's
    offers. Neither: every offer.
    """
    all_offers = {row.id: row for row in _rows(select(s.offers).order_by(s.offers.c.position), url)}
    role_ids: List[str] = []
    if role_id is not None:
        role_ids = [r.offer_id for r in _rows(select(s.role_offers.c.offer_id).where(s.role_offers.c.role_id == role_id)
                                              .order_by(s.role_offers.c.position), url)]
    area_ids: List[str] = []
    if area_id is not None:
        covering = {r.offer_id for r in _rows(select(s.offer_areas.c.offer_id).where(s.offer_areas.c.area_id == area_id), url)}
        area_ids = [oid for oid in all_offers if oid in covering]
    if role_id is not None and area_id is not None:
        chosen = [oid for oid in role_ids if oid in area_ids] + [oid for oid in area_ids if oid not in role_ids]
        chosen = chosen or role_ids
    elif role_id is not None:
        chosen = role_ids
    elif area_id is not None:
        chosen = area_ids
    else:
        chosen = list(all_offers)
    return [_offer(all_offers[oid], url) for oid in chosen if oid in all_offers]


def get_help_topic(topic_id: str, url: Optional[str] = None) -> Optional[HelpTopic]:
    row = _one(select(s.help_topics).where(s.help_topics.c.id == topic_id), url)
    if row is None:
        return None
    steps = _rows(select(s.help_topic_steps.c.text).where(s.help_topic_steps.c.topic_id == topic_id)
                  .order_by(s.help_topic_steps.c.position), url)
    themes = _refs(s.help_topic_themes, s.help_topic_themes.c.topic_id, topic_id, s.help_topic_themes.c.theme_id,
                   s.themes, s.themes.c.name, url)
    facets = _rows(select(s.help_topic_facets.c.facet_id, s.help_topic_facets.c.answer)
                   .where(s.help_topic_facets.c.topic_id == topic_id), url)
    order = {ref.id: n for n, ref in enumerate(list_help_facets(url))}
    ordered = tuple(sorted(((r.facet_id, r.answer) for r in facets), key=lambda fa: order.get(fa[0], len(order))))
    return HelpTopic(row.id, row.title, row.answer, tuple(r.text for r in steps), row.source, themes, ordered)


def list_help_facets(url: Optional[str] = None) -> List[HelpFacet]:
    """The follow-up questions citizen topics answer (borgerhjaelp.yml: facetter), with their cue words."""
    cues: Dict[str, List[str]] = {}
    for r in _rows(select(s.help_facet_cues.c.facet_id, s.help_facet_cues.c.cue)
                   .order_by(s.help_facet_cues.c.facet_id, s.help_facet_cues.c.position), url):
        cues.setdefault(r.facet_id, []).append(r.cue)
    return [HelpFacet(r.id, r.question, r.unknown, tuple(cues.get(r.id, ())))
            for r in _rows(select(s.help_facets).order_by(s.help_facets.c.position), url)]


def help_topic_forms(url: Optional[str] = None) -> Dict[str, str]:
    """Normalised names and synonyms of the citizen topics -> topic id (to see whether a message names one)."""
    return {r.form: r.entity_id for r in _rows(select(s.synonyms.c.form, s.synonyms.c.entity_id)
                                                .where(s.synonyms.c.kind == "help_topic"), url)}


def list_help_topics(url: Optional[str] = None) -> List[Ref]:
    return [Ref(r.id, r.title) for r in _rows(select(s.help_topics.c.id, s.help_topics.c.title)
                                               .order_by(s.help_topics.c.position), url)]


def list_themes(url: Optional[str] = None) -> List[Ref]:
    return [Ref(r.id, r.name) for r in _rows(select(s.themes.c.id, s.themes.c.name).order_by(s.themes.c.position), url)]


def list_target_groups(url: Optional[str] = None) -> List[Ref]:
    return [Ref(r.id, r.name) for r in _rows(select(s.target_groups.c.id, s.target_groups.c.name)
                                              .order_by(s.target_groups.c.position), url)]


def resolve(kind: str, text: Optional[str], url: Optional[str] = None) -> Optional[str]:
    """Id for an entity value that may be an id, a name or a synonym (any case; æøå or ae/oe/aa).

    kind: role, area, dimension, theme, target_group, level, practice, help_topic, offer.
    """
    if not text:
        return None
    syn = s.synonyms
    for form in (normalise_form(text), fold_form(text)):
        row = _one(select(syn.c.entity_id).where(syn.c.kind == kind, syn.c.form == form), url)
        if row:
            return row.entity_id
    return None


__all__ = [
    "KnowledgeBaseMissing", "compare_level", "danish_sort_key", "digcomp_overview", "find_practices",
    "framework_overview", "get_area", "get_dimension", "get_help_topic", "get_level", "get_offer", "get_practice",
    "get_role", "get_role_area", "help_topic_forms", "list_help_facets", "list_help_topics", "list_levels", "list_roles", "list_target_groups",
    "list_themes", "offers_for", "resolve",
]
