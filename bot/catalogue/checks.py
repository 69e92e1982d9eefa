"""Checks across entries and files: fixed structure, unique ids, references, shared synonyms."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from . import fixed_ids
from .errors import Problem
from .forms import normalise_form
from .models import (Concept, DigComp, HelpFile, LevelsFile, OffersFile, Practice, ReadinessCheck, Role, Taxonomy,
                     Wheel)


@dataclass
class Parsed:
    """What was read. A file with errors holds a lenient reading (lenient.py) and is listed in `partial`:
    its structure is not checked again, but the references in it are."""

    levels: Optional[LevelsFile] = None
    wheel: Optional[Wheel] = None
    digcomp: Optional[DigComp] = None
    taxonomy: Optional[Taxonomy] = None
    offers: Optional[OffersFile] = None
    help: Optional[HelpFile] = None
    readiness: Optional[ReadinessCheck] = None
    roles: List[Tuple[str, Role]] = field(default_factory=list)  # (file, role)
    practices: List[Tuple[str, Practice]] = field(default_factory=list)
    concepts: List[Tuple[str, Concept]] = field(default_factory=list)
    partial: Set[str] = field(default_factory=set)  # files with errors


def _names(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def check_all(parsed: Parsed) -> List[Problem]:
    problems: List[Problem] = []
    for check in (
        _check_levels,
        _check_wheel,
        _check_digcomp,
        _check_taxonomy,
        _check_offers,
        _check_help,
        _check_readiness,
        _check_roles,
        _check_role_examples,
        _check_practices,
        _check_concepts,
        _check_shared_synonyms,
        _check_source_links,
    ):
        problems.extend(check(parsed))
    return problems


def _check_source_links(parsed: Parsed) -> List[Problem]:
    """Addresses in a kilde ("Læs mere" links) must be a site's front page over https (bot/content/links.py)."""
    from bot.content.links import link_problems, links_in

    entries: List[Tuple[str, str, str]] = []
    if parsed.help is not None:
        entries += [("borgerhjaelp.yml", t.id, t.source) for t in parsed.help.topics]
    if parsed.offers is not None:
        entries += [("tilbud.yml", o.id, o.source) for o in parsed.offers.offers]
    entries += [(file, p.id, p.source) for file, p in parsed.practices]
    entries += [(file, c.id, c.source) for file, c in parsed.concepts]
    problems = []
    for file, entry, source in entries:
        for url in links_in(source or ""):
            problems += [Problem(file, entry, "kilde", message) for message in link_problems(url)]
    return problems


def _duplicates(file: str, ids: Sequence[str], what: str) -> List[Problem]:
    return [
        Problem(file, ident, "id", f"{what} '{ident}' findes {count} gange (et id må kun bruges én gang)")
        for ident, count in Counter(ids).items()
        if count > 1
    ]


def _check_levels(parsed: Parsed) -> List[Problem]:
    if parsed.levels is None or "niveauer.yml" in parsed.partial:
        return []
    file = "niveauer.yml"
    levels = parsed.levels.levels
    ids = [level.id for level in levels]
    problems = _duplicates(file, ids, "niveauet")
    for index, level in enumerate(levels):
        if level.id not in fixed_ids.LEVEL_IDS:
            problems.append(Problem(file, level.id, "id", f"ukendt niveau '{level.id}' "
                                    f"(gyldige: {_names(fixed_ids.LEVEL_IDS)})"))
            continue
        expected = fixed_ids.LEVEL_DIGCOMP[level.id]
        if list(level.digcomp_levels) != expected:
            problems.append(Problem(file, level.id, "digcomp_niveauer",
                                    f"skal være {expected} for niveauet '{level.id}'"))
    missing = [level for level in fixed_ids.LEVEL_IDS if level not in ids]
    for level in missing:
        problems.append(Problem(file, None, "niveauer", f"mangler niveauet '{level}'"))
    known = [ident for ident in ids if ident in fixed_ids.LEVEL_IDS]
    if not missing and known != list(fixed_ids.LEVEL_IDS):
        problems.append(Problem(file, None, "niveauer",
                                f"niveauerne skal stå i rækkefølgen {_names(fixed_ids.LEVEL_IDS)}"))
    return problems


def _check_wheel(parsed: Parsed) -> List[Problem]:
    file = "kompetencehjulet.yml"
    if parsed.wheel is None or file in parsed.partial:
        return []
    wheel = parsed.wheel
    dimension_ids = [d.id for d in wheel.dimensions]
    problems = _duplicates(file, dimension_ids, "dimensionen")
    for dimension in wheel.dimensions:
        expected = fixed_ids.WHEEL.get(dimension.id)
        if expected is None:
            problems.append(Problem(file, dimension.id, "id", f"ukendt dimension '{dimension.id}' "
                                    f"(gyldige: {_names(fixed_ids.WHEEL)})"))
            continue
        area_ids = [a.id for a in dimension.areas]
        for area_id in area_ids:
            if area_id not in expected:
                problems.append(Problem(file, area_id, "id", f"ukendt område '{area_id}' i dimensionen "
                                        f"'{dimension.id}' (gyldige: {_names(expected)})"))
        for area_id in expected:
            if area_id not in area_ids:
                problems.append(Problem(file, dimension.id, "områder", f"mangler området '{area_id}'"))
        if len(area_ids) != 3:
            problems.append(Problem(file, dimension.id, "områder",
                                    f"skal have præcis 3 områder (har {len(area_ids)})"))
    for dimension_id in fixed_ids.WHEEL:
        if dimension_id not in dimension_ids:
            problems.append(Problem(file, None, "dimensioner", f"mangler dimensionen '{dimension_id}'"))
    all_areas = [a.id for d in wheel.dimensions for a in d.areas]
    problems += _duplicates(file, all_areas, "området")
    problems += _duplicates(file, [u.id for u in wheel.underlying], "kompetencen")
    return problems


def _check_digcomp(parsed: Parsed) -> List[Problem]:
    file = "digcomp.yml"
    if parsed.digcomp is None or file in parsed.partial:
        return []
    areas = parsed.digcomp.areas
    ids = [a.id for a in areas]
    problems = _duplicates(file, ids, "området")
    for area in areas:
        if area.id not in fixed_ids.DIGCOMP:
            problems.append(Problem(file, area.id, "id", f"ukendt DigComp-område '{area.id}' "
                                    f"(gyldige: {_names(fixed_ids.DIGCOMP)})"))
            continue
        number, count = fixed_ids.DIGCOMP[area.id]
        if area.number != number:
            problems.append(Problem(file, area.id, "nummer", f"skal være {number}"))
        expected = [f"{number}.{k}" for k in range(1, count + 1)]
        actual = [c.id for c in area.competences]
        if actual != expected:
            problems.append(Problem(file, area.id, "kompetencer", f"skal være kompetencerne {_names(expected)} "
                                    f"i den rækkefølge (har: {_names(actual)})"))
        known = _known_areas(parsed)
        if known is not None:
            for competence in area.competences:
                for index, area_id in enumerate(competence.wheel_areas):
                    if area_id not in known:
                        problems.append(Problem(file, competence.id, f"kompetencehjulet[{index + 1}]",
                                                f"ukendt område '{area_id}' (gyldige: {_names(known)})"))
    for area_id in fixed_ids.DIGCOMP:
        if area_id not in ids:
            problems.append(Problem(file, None, "områder", f"mangler DigComp-området '{area_id}'"))
    total = sum(len(a.competences) for a in areas)
    if total != 21 and all(a in ids for a in fixed_ids.DIGCOMP):
        problems.append(Problem(file, None, "områder", f"DigComp 2.2 har 21 kompetencer (filen har {total})"))
    return problems


def _check_taxonomy(parsed: Parsed) -> List[Problem]:
    if parsed.taxonomy is None:
        return []
    file = "taksonomi.yml"
    problems = _duplicates(file, [t.id for t in parsed.taxonomy.themes], "temaet") + _duplicates(
        file, [g.id for g in parsed.taxonomy.target_groups], "målgruppen"
    )
    areas = _known_areas(parsed)
    for theme in parsed.taxonomy.themes:
        problems += _references(file, theme.id, "områder", getattr(theme, "areas", None) or [], areas, "område",
                                f"gyldige: {_names(areas)}")
    return problems


def _known_areas(parsed: Parsed) -> List[str]:
    """Areas of the wheel; the fixed twelve when kompetencehjulet.yml could not be read in full."""
    if parsed.wheel is None or "kompetencehjulet.yml" in parsed.partial:
        found = [a.id for d in parsed.wheel.dimensions for a in d.areas] if parsed.wheel else []
        return fixed_ids.AREA_IDS + [a for a in found if a not in fixed_ids.AREA_IDS]
    return [a.id for d in parsed.wheel.dimensions for a in d.areas]


def _references(
    file: str, entry: str, field_name: str, values: Sequence[str], known: Optional[Iterable[str]], what: str,
    where: str, also_known: Iterable[str] = (),
) -> List[Problem]:
    problems = []
    for ident, count in Counter(values).items():
        if count > 1:
            problems.append(Problem(file, entry, field_name, f"'{ident}' står {count} gange"))
    if known is None:
        return problems
    known_set = set(known) | set(also_known)
    for index, ident in enumerate(values):
        if ident not in known_set:
            problems.append(Problem(file, entry, f"{field_name}[{index + 1}]", f"ukendt {what} '{ident}' ({where.format(id=ident)})"))
    return problems


def _taxonomy_ids(parsed: Parsed, kind: str) -> Optional[List[str]]:
    if parsed.taxonomy is None:
        return None
    entries = parsed.taxonomy.themes if kind == "themes" else parsed.taxonomy.target_groups
    return [e.id for e in entries]


def _check_offers(parsed: Parsed) -> List[Problem]:
    if parsed.offers is None:
        return []
    file = "tilbud.yml"
    offers = parsed.offers.offers
    problems = _duplicates(file, [o.id for o in offers], "tilbuddet")
    groups, areas = _taxonomy_ids(parsed, "groups"), _known_areas(parsed)
    for offer in offers:
        problems += _references(file, offer.id, "målgrupper", offer.target_groups, groups, "målgruppe",
                                "findes ikke i taksonomi.yml")
        problems += _references(file, offer.id, "områder", offer.areas, areas, "område",
                                f"gyldige: {_names(areas or [])}")
    return problems


def _check_help(parsed: Parsed) -> List[Problem]:
    if parsed.help is None:
        return []
    file = "borgerhjaelp.yml"
    topics = parsed.help.topics
    problems = _duplicates(file, [t.id for t in topics], "emnet")
    themes = _taxonomy_ids(parsed, "themes")
    topic_ids = [t.id for t in topics]
    for topic in topics:
        problems += _references(file, topic.id, "temaer", topic.themes, themes, "tema", "findes ikke i taksonomi.yml")
        intent = getattr(topic, "intent", None)
        if intent is not None and intent not in fixed_ids.CITIZEN_INTENTS:
            problems.append(Problem(file, topic.id, "intent", f"ukendt intent '{intent}' "
                                    f"(gyldige: {_names(fixed_ids.CITIZEN_INTENTS)})"))
        related = getattr(topic, "related", None) or []
        problems += _references(file, topic.id, "se_også", related, topic_ids, "emne",
                                "findes ikke i borgerhjaelp.yml")
        if topic.id in related:
            problems.append(Problem(file, topic.id, "se_også", "et emne kan ikke henvise til sig selv"))
    problems += _check_help_facets(parsed.help)
    return problems


def _check_help_facets(help_file: HelpFile) -> List[Problem]:
    """Every facet id, in the list of facets and in each topic, must be one of fixed_ids.FACETS."""
    file = "borgerhjaelp.yml"
    known = fixed_ids.FACETS
    defined = [facet.id for facet in help_file.facets]
    problems = _duplicates(file, defined, "facetten")
    for facet in help_file.facets:
        if facet.id not in known:
            problems.append(Problem(file, facet.id, "facetter",
                                    f"ukendt facet '{facet.id}' (gyldige: {_names(known)})"))
    for topic in help_file.topics:
        for facet_id in topic.facets:
            if facet_id not in known:
                problems.append(Problem(file, topic.id, "facetter",
                                        f"ukendt facet '{facet_id}' (gyldige: {_names(known)})"))
            elif facet_id not in defined:
                problems.append(Problem(file, topic.id, "facetter",
                                        f"facetten '{facet_id}' står ikke i listen facetter øverst i filen"))
    return problems


def _check_readiness(parsed: Parsed) -> List[Problem]:
    """The questions are the fixed ones in the fixed order (the form in domain/readiness.yml asks them
    so); each question's area is one of the file's areas, and every area has a question."""
    if parsed.readiness is None:
        return []
    file = "parathedstest.yml"
    areas = [a.id for a in parsed.readiness.areas or []]
    questions = [q for q in parsed.readiness.questions or [] if q.id is not None]
    ids = [q.id for q in questions]
    problems = _duplicates(file, areas, "området") + _duplicates(file, ids, "spørgsmålet")
    known = fixed_ids.READINESS_QUESTIONS
    for question in questions:
        if question.id not in known:
            problems.append(Problem(file, question.id, "id", f"ukendt spørgsmål '{question.id}' "
                                    f"(gyldige: {_names(known)})"))
        if question.area is not None and question.area not in areas:
            problems.append(Problem(file, question.id, "område", f"ukendt område '{question.area}' "
                                    f"(gyldige: {_names(areas)})"))
    missing = [ident for ident in known if ident not in ids]
    for ident in missing:
        problems.append(Problem(file, None, "spørgsmål", f"mangler spørgsmålet '{ident}'"))
    if not missing and [ident for ident in ids if ident in known] != list(known):
        problems.append(Problem(file, None, "spørgsmål", f"spørgsmålene skal stå i rækkefølgen {_names(known)}"))
    asked = {q.area for q in questions}
    for area in parsed.readiness.areas or []:
        if area.id is not None and area.id not in asked:
            problems.append(Problem(file, area.id, "id", f"området '{area.id}' har ingen spørgsmål "
                                    "(giv et spørgsmål området, eller slet det)"))
    return problems


def _file_id_problem(file: str, ident: str) -> List[Problem]:
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem != ident:
        return [Problem(file, ident, "id", f"id'et '{ident}' passer ikke til filnavnet (filen skal hedde {ident}.yml)")]
    return []


def _check_roles(parsed: Parsed) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, str] = {}
    areas = _known_areas(parsed)
    practice_ids = [p.id for _, p in parsed.practices]
    offer_ids = [o.id for o in parsed.offers.offers] if parsed.offers is not None else None
    groups = _taxonomy_ids(parsed, "groups")
    for file, role in parsed.roles:
        if role.id is None:
            continue
        problems += _file_id_problem(file, role.id)
        if role.id in seen:
            problems.append(Problem(file, role.id, "id", f"rollen '{role.id}' findes også i {seen[role.id]}"))
        seen.setdefault(role.id, file)
        problems += _check_role_areas(file, role, areas)
        problems += _references(file, role.id, "gode_eksempler", role.practices, practice_ids, "godt eksempel",
                                "der er ingen fil gode-eksempler/{id}.yml")
        problems += _references(file, role.id, "tilbud", role.offers, offer_ids, "tilbud", "findes ikke i tilbud.yml")
        problems += _references(file, role.id, "målgrupper", getattr(role, "target_groups", None) or [], groups,
                                "målgruppe", "findes ikke i taksonomi.yml")
    return problems


def _check_role_examples(parsed: Parsed) -> List[Problem]:
    """A target group's rolleeksempler are roles of that group; the staff group has at least one (they
    are offered as "Skriv fx ..." when a person asks about a role without naming one)."""
    if parsed.taxonomy is None:
        return []
    file = "taksonomi.yml"
    roles = {role.id: role for _, role in parsed.roles if role.id is not None}
    problems: List[Problem] = []
    for group in parsed.taxonomy.target_groups:
        if group.id is None:
            continue
        examples = getattr(group, "role_examples", None) or []
        problems += _references(file, group.id, "rolleeksempler", examples, roles, "rolle",
                                "der er ingen fil roller/{id}.yml")
        for index, role_id in enumerate(examples):
            role = roles.get(role_id)
            if role is not None and group.id not in (getattr(role, "target_groups", None) or []):
                problems.append(Problem(file, group.id, f"rolleeksempler[{index + 1}]",
                                        f"rollen '{role_id}' hører ikke til målgruppen '{group.id}' "
                                        f"(se målgrupper i roller/{role_id}.yml)"))
        if group.id == fixed_ids.STAFF_GROUP and not examples and file not in parsed.partial:
            problems.append(Problem(file, group.id, "rolleeksempler",
                                    "mangler mindst én rolle: rollerne nævnes som eksempler, når nogen spørger om "
                                    "en rolle uden at sige hvilken (»Skriv fx …«)"))
    return problems


def _check_role_areas(file: str, role: Role, areas: Optional[List[str]]) -> List[Problem]:
    if areas is None:
        return []
    problems = []
    listed = [c.area for c in role.competences]
    for index, area_id in enumerate(listed):
        if area_id not in areas:
            problems.append(Problem(file, role.id, f"kompetencer[{index + 1}].område",
                                    f"ukendt område '{area_id}' (gyldige: {_names(areas)})"))
    for area_id, count in Counter(listed).items():
        if count > 1 and area_id in areas:
            problems.append(Problem(file, role.id, "kompetencer", f"området '{area_id}' står {count} gange"))
    for area_id in areas:
        if area_id not in listed:
            problems.append(Problem(file, role.id, "kompetencer",
                                    f"mangler området '{area_id}' (alle {len(areas)} områder skal have et niveau)"))
    return problems


def _check_practices(parsed: Parsed) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, str] = {}
    themes, groups = _taxonomy_ids(parsed, "themes"), _taxonomy_ids(parsed, "groups")
    for file, practice in parsed.practices:
        if practice.id is None:
            continue
        problems += _file_id_problem(file, practice.id)
        if practice.id in seen:
            problems.append(Problem(file, practice.id, "id",
                                    f"det gode eksempel '{practice.id}' findes også i {seen[practice.id]}"))
        seen.setdefault(practice.id, file)
        problems += _references(file, practice.id, "målgrupper", practice.target_groups, groups, "målgruppe",
                                "findes ikke i taksonomi.yml")
        problems += _references(file, practice.id, "temaer", practice.themes, themes, "tema",
                                "findes ikke i taksonomi.yml")
    return problems


def _check_concepts(parsed: Parsed) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, str] = {}
    groups = _taxonomy_ids(parsed, "groups")
    practice_ids = [p.id for _, p in parsed.practices]
    offer_ids = [o.id for o in parsed.offers.offers] if parsed.offers is not None else []
    for file, concept in parsed.concepts:
        if concept.id is None:
            continue
        problems += _file_id_problem(file, concept.id)
        if concept.id in seen:
            problems.append(Problem(file, concept.id, "id", f"begrebet '{concept.id}' findes også i {seen[concept.id]}"))
        elif concept.id in practice_ids:
            problems.append(Problem(file, concept.id, "id", f"id'et '{concept.id}' bruges også af et godt eksempel"))
        seen.setdefault(concept.id, file)
        problems += _references(file, concept.id, "målgrupper", concept.target_groups, groups, "målgruppe",
                                "findes ikke i taksonomi.yml")
        problems += _references(file, concept.id, "relaterede", concept.related, practice_ids + offer_ids,
                                "godt eksempel eller tilbud", "hverken gode-eksempler/{id}.yml eller i tilbud.yml")
    return problems


# --- names and synonyms shared by two entries of the same kind ---------------------------------------
@dataclass
class _Form:
    text: str
    file: str
    entry: str
    field: str
    primary: bool  # id or name: reported against the synonym that clashes with it, not the other way


def _forms_by_kind(parsed: Parsed) -> Dict[str, List[_Form]]:
    kinds: Dict[str, List[_Form]] = {}

    def add(kind: str, file: str, entry, name_field: str) -> None:
        forms = kinds.setdefault(kind, [])
        if entry.id is None:
            return
        forms.append(_Form(entry.id, file, entry.id, "id", True))
        name = getattr(entry, "name", None) or getattr(entry, "title", None)
        if isinstance(name, str):
            forms.append(_Form(name, file, entry.id, name_field, True))
        for index, synonym in enumerate(getattr(entry, "synonyms", None) or []):
            forms.append(_Form(synonym, file, entry.id, f"synonymer[{index + 1}]", False))

    if parsed.levels:
        for level in parsed.levels.levels:
            add("niveau", "niveauer.yml", level, "navn")
            # the self-check's words may not name another level either
            for index, word in enumerate(getattr(level, "self_rating", None) or []):
                if level.id is not None:
                    kinds["niveau"].append(_Form(word, "niveauer.yml", level.id, f"selvvurdering[{index + 1}]", False))
    if parsed.wheel:
        for dimension in parsed.wheel.dimensions:
            add("dimension", "kompetencehjulet.yml", dimension, "navn")
            for area in dimension.areas:
                add("område", "kompetencehjulet.yml", area, "navn")
    if parsed.taxonomy:
        for theme in parsed.taxonomy.themes:
            add("tema", "taksonomi.yml", theme, "navn")
        for group in parsed.taxonomy.target_groups:
            add("målgruppe", "taksonomi.yml", group, "navn")
    if parsed.help:
        for topic in parsed.help.topics:
            add("emne", "borgerhjaelp.yml", topic, "titel")
    for file, role in parsed.roles:
        add("rolle", file, role, "navn")
    for file, practice in parsed.practices:
        add("godt eksempel", file, practice, "titel")
    for file, concept in parsed.concepts:
        add("begreb", file, concept, "titel")
    return kinds


def _check_shared_synonyms(parsed: Parsed) -> List[Problem]:
    problems = []
    for kind, forms in _forms_by_kind(parsed).items():
        owner: Dict[str, str] = {}
        ordered = [f for f in forms if f.primary] + [f for f in forms if not f.primary]
        for form in ordered:
            key = normalise_form(form.text)
            if not key:
                continue
            first = owner.setdefault(key, form.entry)
            if first != form.entry:
                problems.append(Problem(form.file, form.entry, form.field,
                                        f"'{form.text}' bruges også af {kind} '{first}' "
                                        "(et navn eller synonym må kun høre til én post)"))
    return problems


# --- completeness: entries the format requires; reported as warnings ----------------------------------
def missing_required_entries(parsed: Parsed) -> List[str]:
    warnings = []

    def report(what: str, required: Sequence[str], present: Iterable[str], where: str) -> None:
        missing = [ident for ident in required if ident not in set(present)]
        if missing:
            warnings.append(f"{where}: mangler {what} {_names(missing)}")

    if parsed.taxonomy is not None:
        report("temaerne", fixed_ids.THEMES, [t.id for t in parsed.taxonomy.themes], "taksonomi.yml")
        report("målgrupperne", fixed_ids.TARGET_GROUPS, [g.id for g in parsed.taxonomy.target_groups],
               "taksonomi.yml")
    report("rollerne", fixed_ids.ROLES, [r.id for _, r in parsed.roles], "roller/")
    report("de gode eksempler", fixed_ids.PRACTICES, [p.id for _, p in parsed.practices], "gode-eksempler/")
    report("begreberne", fixed_ids.CONCEPTS, [c.id for _, c in parsed.concepts], "begreber/")
    if parsed.offers is not None:
        report("tilbuddene", fixed_ids.OFFERS, [o.id for o in parsed.offers.offers], "tilbud.yml")
    if parsed.help is not None:
        report("emnerne", fixed_ids.HELP_TOPICS, [t.id for t in parsed.help.topics], "borgerhjaelp.yml")
    return warnings
