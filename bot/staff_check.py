"""Staff self-check, "Tjek dine digitale kompetencer": pick a role, rate yourself on each of the role
profile's competence areas, see the gap against the profile and get next steps (training offers and
good practices from the catalogue).

    parse_role("jeg er sosu-hjælper")            -> "sosu-hjaelper"
    parse_level("øvet") / parse_level("3")       -> "oevet" / "avanceret"
    gaps("sosu-hjaelper", {"datasikkerhed": "grundlaeggende", ...})
    result_messages("sosu-hjaelper", ratings)   -> [Message, ...]

The twelve areas are the competence wheel's fixed ids (docs/catalogue-format.md); every role profile
rates all twelve. Levels are the catalogue's four (grundlæggende, øvet, avanceret, ekspert), shown with
their names from niveauer.yml; the gap in an area is the profile's level minus your own, in steps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.catalogue.fixed_ids import AREA_IDS, LEADER_GROUP, LEVEL_IDS
from bot.content.gap_practices import next_practices
from bot.content.message import Message
from bot.content.text import first_sentences, in_sentence
from bot.kb.ready import kb_url

FORM_NAME = "staff_check_form"
ROLE_SLOT = "staff_check_role"
# The wheel's twelve areas and the four levels, in order: fixed ids of the catalogue, which the
# form's slots (domain/staff_check.yml) are named after.
AREAS: Tuple[str, ...] = tuple(AREA_IDS)
LEVELS: Tuple[str, ...] = tuple(LEVEL_IDS)
MAX_OFFERS = 3
# Training first (courses, e-learning), then tools, then self-tests; the role's own order within a type.
OFFER_TYPE_ORDER = {"kursus": 0, "e-læring": 0, "værktøj": 1, "selvtest": 2}
# The good practices for the gaps (next_practices) are shared with the team overview:
# bot/content/gap_practices.py.

_WORD = re.compile(r"[a-zæøåéü0-9-]+")


def area_slot(area_id: str) -> str:
    return f"staff_check_{area_id.replace('-', '_')}"


AREA_SLOTS: Tuple[str, ...] = tuple(area_slot(a) for a in AREAS)
SLOTS: Tuple[str, ...] = (ROLE_SLOT, *AREA_SLOTS)
_AREA_BY_SLOT = {area_slot(a): a for a in AREAS}


def area_for_slot(slot: str) -> Optional[str]:
    return _AREA_BY_SLOT.get(slot)


def _queries():
    from bot.kb import queries

    return queries


# --- reading what people type ------------------------------------------------------------------------
def _ngrams(words: Sequence[str], longest: int = 4) -> Iterable[str]:
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            yield " ".join(words[i:i + n])


def parse_role(
    text: str, entity_values: Sequence[str] = (), url: Optional[str] = None, fuzzy: bool = True
) -> Optional[str]:
    """A role id from an NLU entity, the whole text, a part of it, or (misspelt, when fuzzy) the KB's search."""
    q = _queries()
    url = kb_url(url)
    known = {ref.id for ref in q.list_roles(url=url)}
    for value in entity_values:
        role = value if value in known else q.resolve("role", value, url=url)
        if role in known:
            return role
    text = (text or "").strip()
    if not text:
        return None
    role = q.resolve("role", text, url=url)
    if role in known:
        return role
    words = _WORD.findall(text.lower())
    for gram in _ngrams(words):
        role = q.resolve("role", gram, url=url)
        if role in known:
            return role
    if not fuzzy:
        return None
    from bot.kb import search

    hits = search(text, url=url, limit=2, kinds={"role"})
    if hits and hits[0].score >= 5 and (len(hits) == 1 or hits[0].score >= 2 * hits[1].score):
        return hits[0].id
    return None


def level_words() -> Dict[str, str]:
    """{word: level id} for a self-rating: the button numbers 1-4 and the catalogue's words for the
    self-check (niveauer.yml: selvvurdering), written as parse_level splits a text into words."""
    from bot.catalogue.current import current_catalogue

    words = {str(number): level for number, level in enumerate(LEVELS, start=1)}
    for level in current_catalogue().levels:
        for word in level.self_rating:
            words.setdefault(" ".join(_WORD.findall(word.lower())), level.id)
    return words


def parse_level(text: str, url: Optional[str] = None) -> Optional[str]:
    """A level id for a self-rating (button, name, synonym, 1-4 or a word for the self-check), None when
    unclear.

    Longer phrases win over shorter ones ("ikke så god" over "god"); among phrases of the same length
    the catalogue's level names and synonyms win over the self-check's words ("lidt øvet" is øvet)."""
    words = _WORD.findall((text or "").lower())
    if not words:
        return None
    q = _queries()
    url = kb_url(url)
    plain = level_words()
    for n in range(min(3, len(words)), 0, -1):
        grams = [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
        for gram in grams:
            level = q.resolve("level", gram, url=url)
            if level in LEVELS:
                return level
        for gram in grams:
            if gram in plain:
                return plain[gram]
    return None


# --- questions ---------------------------------------------------------------------------------------------
def role_buttons(url: Optional[str] = None) -> List[Dict[str, str]]:
    roles = _queries().list_roles(url=kb_url(url))
    return [{"title": ref.name[:1].upper() + ref.name[1:], "payload": ref.name} for ref in roles]


def level_buttons(url: Optional[str] = None) -> List[Dict[str, str]]:
    """One button per level with its name from the catalogue (niveauer.yml); a button sends the name,
    which parse_level reads back."""
    levels = [level for level in _queries().list_levels(url=kb_url(url)) if level.id in LEVELS]
    return [{"title": level.name, "payload": level.name} for level in levels]


def _say(name: str, **values) -> str:
    """A response in domain/content.yml or domain/staff_check_texts.yml (utter_staff_check_*): the words
    are content, not code."""
    from bot.content.responses import response_text

    return response_text(name, audience="staff", **values)


def role_question(resumed: bool = False) -> str:
    return _say("utter_staff_check_role_question_resumed" if resumed else "utter_staff_check_role_question")


def role_unclear() -> str:
    return _say("utter_staff_check_role_unclear")


def level_unclear() -> str:
    return _say("utter_staff_check_level_unclear")
# "Stopped" and "start again" are responses in domain/content.yml (utter_staff_check_stopped, _restart).


def levels_explained(url: Optional[str] = None) -> str:
    lines = [_say("utter_staff_check_levels_heading")]
    for level in _queries().list_levels(url=kb_url(url)):
        lines.append(f"- {level.name}: {first_sentences(level.description, 1)}")
    return "\n".join(lines)


def area_marker(area_id: str) -> str:
    """The words that start (after an optional prefix) the question for an area: "Område 4 af 12:"."""
    return _say("utter_staff_check_area_marker", number=AREAS.index(area_id) + 1, total=len(AREAS))


def area_question(role_id: str, area_id: str, resumed: bool = False, url: Optional[str] = None,
                  brief: bool = False) -> str:
    """The question for one area; `brief` (asked before) leaves out the explanation of the levels and
    the profile's example, so a repeated question is short."""
    q = _queries()
    url = kb_url(url)
    role_area = q.get_role_area(role_id, area_id, url=url)
    prefix = _say("utter_staff_check_resumed") if resumed else ""
    marker = area_marker(area_id)
    if role_area is None or brief:  # asked before, or a role without this area (every profile has all twelve)
        area = q.get_area(area_id, url=url)
        return _say("utter_staff_check_area_question_brief", prefix=prefix, marker=marker,
                    area=area.name if area else area_id)
    text = _say("utter_staff_check_area_question", prefix=prefix, marker=marker, area=role_area.area_name,
                dimension=role_area.dimension_name, role=role_area.role_name, in_practice=role_area.in_practice)
    if area_id == AREAS[0] and not resumed:
        text = f"{levels_explained(url)}\n\n{text}"
    return text


def role_confirmation(role_id: str, url: Optional[str] = None) -> str:
    role = _queries().get_role(role_id, url=kb_url(url))
    return _say("utter_staff_check_role_confirmation", role=role.name, n=len(AREAS))


# --- the gap and next steps ----------------------------------------------------------------------------
@dataclass(frozen=True)
class AreaGap:
    area_id: str
    area_name: str
    needed: str  # level id the profile asks for
    own: str  # the person's own level id
    gap: int  # steps below the profile (negative: above)

    @property
    def below(self) -> bool:
        return self.gap > 0

    @property
    def above(self) -> bool:
        return self.gap < 0


def gaps(role_id: str, ratings: Mapping[str, str], url: Optional[str] = None) -> List[AreaGap]:
    """One AreaGap per rated area, in wheel order."""
    role = _queries().get_role(role_id, url=kb_url(url))
    if role is None:
        raise ValueError(f"ukendt rolle: {role_id}")
    out = []
    for competence in role.competences:
        own = ratings.get(competence.area_id)
        if own not in LEVELS:
            continue
        gap = LEVELS.index(competence.level_id) - LEVELS.index(own)
        out.append(AreaGap(competence.area_id, competence.area_name, competence.level_id, own, gap))
    return out


def _by_size(area_gaps: Sequence[AreaGap]) -> List[AreaGap]:
    return sorted((g for g in area_gaps if g.below), key=lambda g: (-g.gap, AREAS.index(g.area_id)))


def next_offers(role_id: str, gap_areas: Sequence[str], url: Optional[str] = None) -> List:
    """Training offers for the gap areas, biggest gap first: the role's own offers for an area come first,
    and only offers that fit the role's audience (bot/content/role_offers.py: fits_role)."""
    from bot.content.role_offers import fits_role

    q = _queries()
    url = kb_url(url)
    chosen, seen = [], set()
    own = [o.id for o in q.offers_for(role_id=role_id, url=url)]
    for area_id in gap_areas:
        offers = sorted(q.offers_for(role_id=role_id, area_id=area_id, url=url),
                        key=lambda o: OFFER_TYPE_ORDER.get(o.type, 9))
        for offer in offers:
            if offer.id not in seen and any(a.id == area_id for a in offer.areas) and fits_role(offer, role_id, own):
                chosen.append((offer, area_id))
                seen.add(offer.id)
                break
        if len(chosen) >= MAX_OFFERS:
            break
    return chosen


def level_name(level_id: str, url: Optional[str] = None) -> str:
    """The level's name from the catalogue as it reads inside a sentence ("øvet")."""
    level = _queries().get_level(level_id, url=kb_url(url))
    return in_sentence(level.name) if level else level_id


def result_messages(role_id: str, ratings: Mapping[str, str], url: Optional[str] = None) -> List[Message]:
    q = _queries()
    url = kb_url(url)
    role = q.get_role(role_id, url=url)
    area_gaps = gaps(role_id, ratings, url)
    below = _by_size(area_gaps)
    above = [g for g in area_gaps if g.above]
    meets = len(area_gaps) - len(below)
    lines = [_say("utter_staff_check_result_summary", role=role.name, meets=meets, total=len(area_gaps))]
    if below:
        lines.append("")
        lines.append(_say("utter_staff_check_below_heading"))
        for g in below:
            name = "utter_staff_check_below_one_level" if g.gap == 1 else "utter_staff_check_below_levels"
            lines.append("- " + _say(name, area=g.area_name, own=level_name(g.own, url),
                                     needed=level_name(g.needed, url), gap=g.gap))
    if above:
        lines.append("")
        if len(above) > 4:
            lines.append(_say("utter_staff_check_above_many", count=len(above)))
        else:
            lines.append(_say("utter_staff_check_above", areas="; ".join(g.area_name for g in above)))
    messages = [Message("\n".join(lines))]

    if below:
        gap_areas = [g.area_id for g in below]
        steps = [_say("utter_staff_check_next_steps_heading")]
        for offer, area_id in next_offers(role_id, gap_areas, url):
            area_name = next(g.area_name for g in below if g.area_id == area_id)
            steps.append("- " + _say("utter_staff_check_offer", offer=offer.name, type=offer.type, area=area_name,
                                     description=first_sentences(offer.description, 1)))
        for practice in next_practices(role_id, gap_areas, url):
            steps.append("- " + _say("utter_staff_check_practice", title=practice.title,
                                     summary=first_sentences(practice.summary, 1)))
        # Leaders (top management too) are not told to ask "din leder": they talk to the staff contact
        # (STAFF_HANDOVER_NAME, by default HR or the digitalisation unit).
        from bot.settings import handover_contact
        from bot.content.role_offers import role_audience

        if LEADER_GROUP in role_audience(role_id):
            who = handover_contact("staff")["name"] or _say("utter_staff_check_contact_fallback")
        else:
            who = _say("utter_staff_check_your_leader")
        if len(steps) == 1:
            steps.append("- " + _say("utter_staff_check_talk_no_offers", who=who))
        else:
            steps.append(_say("utter_staff_check_talk", who=who))
        messages.append(Message("\n".join(steps), [restart_button()]))
    else:
        steps = [_say("utter_staff_check_all_met")]
        practice = q.get_practice("digitale-ambassadoerer", url=url)
        if practice is not None:
            steps.append(_say("utter_staff_check_help_others", title=practice.title,
                              summary=first_sentences(practice.summary, 1)))
        offer = q.get_offer("digital-ambassadoer-uddannelse", url=url)
        if offer is not None:
            steps.append(f"- {offer.name} ({offer.type}): {first_sentences(offer.description, 1)}")
        messages.append(Message("\n".join(steps), [restart_button()]))
    return messages


def restart_button() -> Dict[str, str]:
    return {"title": _say("utter_staff_check_button_restart"), "payload": "/staff_check_start"}


def ratings_from_slots(slots: Mapping[str, Optional[str]]) -> Dict[str, str]:
    return {area: slots.get(area_slot(area)) for area in AREAS if slots.get(area_slot(area)) in LEVELS}
