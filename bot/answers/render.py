"""Danish, chat-sized texts for knowledge-base results. Everything is plain text: lists are lines that
start with "- ", numbered lists "1. ", and nothing here is markup."""
from __future__ import annotations

import json
from typing import Iterable, List, Sequence, Tuple

from bot.answers.model import Button
from bot.kb import results as r

Listed = List[List[str]]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# Names keep their capitals when they are proper nouns (MitID, Digital Post); sentences are not cut at
# "1. november" or "dvs." (bot/content/text.py).
from bot.content.text import first_sentence, in_sentence, join_and, join_or  # noqa: E402,F401


def payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def _area_buttons(area_refs: Iterable[Tuple[str, str]], limit: int = 3) -> List[Button]:
    return [Button(f"{name}?", payload("followup", area=area_id)) for area_id, name in list(area_refs)[:limit]]


# --- roles --------------------------------------------------------------------------------------
def role_profile(role: r.RoleProfile) -> Tuple[List[str], List[Button]]:
    ranked = sorted(role.competences, key=lambda c: -c.level_position)
    top = ranked[:3]
    lines = [f"{cap(role.name)}: {first_sentence(role.summary)}"]
    lines.append(
        "Vigtigst i jobbet: "
        + join_and([f"{in_sentence(c.area_name)} ({c.level_name.lower()})" for c in top])
        + "."
    )
    lines.append("Vil du se alle 12 områder, eller vil du vide mere om et af dem?")
    buttons = [Button("Vis alle områder", payload("show_more"))]
    buttons += _area_buttons([(c.area_id, c.area_name) for c in top], limit=2)
    if role.practices:
        buttons.append(Button("Gode eksempler", payload("ask_best_practice", role=role.id)))
    return ["\n".join(lines)], buttons


def role_all_areas(role: r.RoleProfile) -> Tuple[List[str], List[Button], Listed]:
    lines = [f"Forventet niveau for en {role.name}:"]
    listed: Listed = []
    for number, c in enumerate(role.competences, start=1):
        lines.append(f"{number}. {c.area_name}: {c.level_name.lower()}")
        listed.append(["area", c.area_id])
    lines.append('Skriv fx "fortæl mere om nummer 3" for at høre, hvad det betyder i jobbet.')
    situations = ""
    if role.typical_situations:
        situations = "Typiske situationer:\n" + "\n".join(f"- {s}" for s in role.typical_situations[:3])
    return ["\n".join(lines)] + ([situations] if situations else []), [], listed


def role_area(ra: r.RoleArea) -> Tuple[List[str], List[Button]]:
    text = (
        f"En {ra.role_name} skal være på niveau {ra.level.name.lower()} i {in_sentence(ra.area_name)}.\n"
        f"I praksis: {ra.in_practice}"
    )
    buttons = [
        Button("Hvad betyder niveauet?", payload("show_more")),
        Button("Gode eksempler", payload("ask_best_practice", role=ra.role_id)),
    ]
    return [text], buttons


def role_area_more(ra: r.RoleArea, offers: Sequence[r.Offer]) -> Tuple[List[str], List[Button]]:
    lines = [f"{ra.area_name} på niveau {ra.level.name.lower()}: {ra.level_description}"]
    if offers:
        lines.append("Her kan du blive bedre:")
        lines += [f"- {o.name}: {first_sentence(o.description)}" for o in offers[:3]]
    return ["\n".join(lines)], []


# --- the competence model -----------------------------------------------------------------------
def area(info: r.AreaInfo) -> Tuple[List[str], List[Button]]:
    whose = "i KL's kompetencehjul" if info.name_from_kl else "i kompetencehjulet (navnet er vores gengivelse)"
    text = f"{info.name} hører under {in_sentence(info.dimension_name)} {whose}.\n{info.description}"
    return [text], [Button("Hvad betyder det på hvert niveau?", payload("show_more"))]


def area_levels(info: r.AreaInfo) -> Tuple[List[str], List[Button]]:
    lines = [f"{info.name} på de fire niveauer:"]
    lines += [f"- {lvl.level_name}: {lvl.description}" for lvl in info.levels]
    if info.digcomp:
        lines.append("Svarer til DigComp: " + join_and([f"{d.id} {d.name.lower()}" for d in info.digcomp[:3]]) + ".")
    return ["\n".join(lines)], []


def dimension(info: r.DimensionInfo) -> Tuple[List[str], List[Button], Listed]:
    lines = [f"{info.name} er en af kompetencehjulets fire dimensioner. {info.description}", "Den har tre områder:"]
    lines += [f"{n}. {a.name}" for n, a in enumerate(info.areas, start=1)]
    listed = [["area", a.id] for a in info.areas]
    return ["\n".join(lines)], _area_buttons([(a.id, a.name) for a in info.areas]), listed


def level(info: r.LevelInfo, all_levels: Sequence[r.LevelInfo]) -> Tuple[List[str], List[Button]]:
    groups = "-".join(str(n) for n in (info.digcomp_levels[0], info.digcomp_levels[-1])) if info.digcomp_levels else ""
    text = f"{info.name} er niveau {info.position + 1} af {len(all_levels)}. {info.description}"
    if groups:
        text += f"\nDet svarer til DigComp-niveau {groups}."
    return [text], []


def framework(info: r.FrameworkOverview) -> Tuple[List[str], List[Button], Listed]:
    lines = [first_sentence(info.description), "Hjulet har fire dimensioner med tre områder hver:"]
    listed: Listed = []
    for number, d in enumerate(info.dimensions, start=1):
        lines.append(f"{number}. {d.name}: {join_and([a.name for a in d.areas])}")
        listed.append(["dimension", d.id])
    lines.append("Niveauerne er " + join_and([lvl.name.lower() for lvl in info.levels]) + ".")
    buttons = [Button(d.name, payload("ask_competence_model", dimension=d.id)) for d in info.dimensions]
    return ["\n".join(lines)], buttons, listed


def framework_more(info: r.FrameworkOverview) -> Tuple[List[str], List[Button]]:
    lines = ["Bag de digitale kompetencer ligger nogle grundlæggende kompetencer: "
             + join_and([u.name.lower() for u in info.underlying]) + "."]
    lines.append(
        f"For borgere bruges EU's {info.digcomp.name} med {len(info.digcomp.areas)} områder: "
        + join_and([a.name.lower() for a in info.digcomp.areas]) + "."
    )
    return ["\n".join(lines)], []


def digcomp(info: r.DigCompOverview) -> Tuple[List[str], List[Button]]:
    total = sum(len(a.competences) for a in info.areas)
    lines = [f"{info.name} er EU's ramme for borgeres digitale kompetencer: {len(info.areas)} områder og {total} kompetencer."]
    lines += [f"{a.number}. {a.name} ({len(a.competences)} kompetencer)" for a in info.areas]
    return ["\n".join(lines)], []


# --- best practices -----------------------------------------------------------------------------
def practice_page(page: r.PracticePage, heading: str) -> Tuple[List[str], List[Button], Listed]:
    if not page.items:
        return ["Jeg fandt ingen gode eksempler om det. Prøv fx \"digitale ambassadører\" eller \"hjælp til ældre\"."], [], []
    first = page.offset + 1
    last = page.offset + len(page.items)
    lines = [heading if page.offset == 0 else f"Eksempel {first}-{last} af {page.total}:"]
    if not page.exact and page.offset == 0:
        lines.append("Intet passede på det hele, så her er de nærmeste:")
    listed: Listed = []
    for number, item in enumerate(page.items, start=1):
        lines.append(f"{number}. {item.title}: {first_sentence(item.summary)}")
        listed.append(["practice", item.id])
    buttons = [Button(f"Mere om nr. {n}", payload("ask_details", item=f"practice:{pid}"))
               for n, (_, pid) in enumerate(listed, start=1)]
    if page.has_more:
        lines.append('Skriv "fortæl mere om den første" eller "vis flere".')
        buttons.append(Button("Vis flere", payload("show_more")))
    else:
        lines.append('Skriv fx "fortæl mere om den første".')
    return ["\n".join(lines)], buttons, listed


def practice(p: r.Practice) -> Tuple[List[str], List[Button]]:
    lines = [f"{p.title}", p.summary, "Sådan gør I:"]
    lines += [f"{n}. {step}" for n, step in enumerate(p.steps, start=1)]
    more = []
    if p.prerequisites:
        more.append("Det kræver:\n" + "\n".join(f"- {x}" for x in p.prerequisites))
    if p.impact_measures:
        more.append("Sådan kan I måle effekten:\n" + "\n".join(f"- {x}" for x in p.impact_measures))
    from bot.content.links import read_more_line, source_without_links

    more.append(f"Kilde: {source_without_links(p.source)}")
    link = read_more_line(p.source)  # the front page the kilde names, shown as a link on the chat page
    if link:
        more.append(link)
    return ["\n".join(lines), "\n\n".join(more)], []


def search_results(hits) -> Tuple[List[str], List[Button], Listed]:
    lines = ["Det her fandt jeg i kataloget:"]
    listed: Listed = []
    for number, hit in enumerate(hits, start=1):
        lines.append(f"{number}. {hit.title}")
        listed.append([hit.kind, hit.id])
    lines.append('Skriv fx "fortæl mere om den første".')
    return ["\n".join(lines)], [], listed
