"""Chat-sized messages (bot.content.message.Message) for knowledge-base results. The words are responses
in domain/answers.yml (utter_answer_*), filled here with catalogue data (issue 13). Everything is plain
text: lists are lines that start with "- ", numbered lists "1. ", and nothing here is markup. A result
with buttons has them on its last message."""
from __future__ import annotations

from typing import Dict, Iterable, List, Sequence, Tuple

from bot.content.message import Message, button
from bot.content.payloads import detail_item, payload  # button payloads, shared with the team overview
from bot.content.responses import response_text
from bot.kb import results as r

Listed = List[List[str]]
Button = Dict[str, str]  # {"title", "payload"}, as Rasa takes it


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# Names keep their capitals when they are proper nouns (MitID, Digital Post); sentences are not cut at
# "1. november" or "dvs." (bot/content/text.py).
from bot.content.text import first_sentence, in_sentence, join_and, join_or  # noqa: E402,F401


def more_about_buttons(listed: Listed) -> List[Button]:
    """"Mere om nr. 1", ... for the items listed, each opening its details."""
    return [button(response_text("utter_answer_button_more_about", number=n),
                   payload("ask_details", item=detail_item(kind, item_id)))
            for n, (kind, item_id) in enumerate(listed, start=1)]


def _area_buttons(area_refs: Iterable[Tuple[str, str]], limit: int = 3) -> List[Button]:
    return [button(f"{name}?", payload("followup", area=area_id)) for area_id, name in list(area_refs)[:limit]]


# --- roles --------------------------------------------------------------------------------------
def role_profile(role: r.RoleProfile) -> List[Message]:
    ranked = sorted(role.competences, key=lambda c: -c.level_position)
    top = ranked[:3]
    lines = [f"{cap(role.name)}: {first_sentence(role.summary)}"]
    areas = join_and([f"{in_sentence(c.area_name)} ({c.level_name.lower()})" for c in top])
    lines.append(response_text("utter_answer_role_top_areas", areas=areas))
    lines.append(response_text("utter_answer_role_ask_more"))
    buttons = [button(response_text("utter_answer_button_all_areas"), payload("show_more"))]
    buttons += _area_buttons([(c.area_id, c.area_name) for c in top], limit=2)
    if role.practices:
        practices = payload("ask_best_practice", role=role.id)
        buttons.append(button(response_text("utter_answer_button_practices"), practices))
    return [Message("\n".join(lines), buttons)]


def role_all_areas(role: r.RoleProfile) -> Tuple[List[Message], Listed]:
    lines = [response_text("utter_answer_role_levels_heading", role=role.name)]
    listed: Listed = []
    for number, c in enumerate(role.competences, start=1):
        lines.append(f"{number}. {c.area_name}: {c.level_name.lower()}")
        listed.append(["area", c.area_id])
    lines.append(response_text("utter_answer_role_levels_hint"))
    situations = ""
    if role.typical_situations:
        situations = "\n".join([response_text("utter_answer_role_situations")]
                               + [f"- {s}" for s in role.typical_situations[:3]])
    return [Message(text) for text in ["\n".join(lines)] + ([situations] if situations else [])], listed


def role_area(ra: r.RoleArea) -> List[Message]:
    text = response_text("utter_answer_role_area", role=ra.role_name, level=ra.level.name.lower(),
                         area=in_sentence(ra.area_name), in_practice=ra.in_practice)
    buttons = [
        button(response_text("utter_answer_button_what_level_means"), payload("show_more")),
        button(response_text("utter_answer_button_practices"), payload("ask_best_practice", role=ra.role_id)),
    ]
    return [Message(text, buttons)]


def role_area_more(ra: r.RoleArea, offers: Sequence[r.Offer]) -> List[Message]:
    lines = [response_text("utter_answer_role_area_level", area=ra.area_name, level=ra.level.name.lower(),
                           description=ra.level_description)]
    if offers:
        lines.append(response_text("utter_answer_role_area_offers"))
        lines += [f"- {o.name}: {first_sentence(o.description)}" for o in offers[:3]]
    return [Message("\n".join(lines))]


# --- the competence model -----------------------------------------------------------------------
def area(info: r.AreaInfo) -> List[Message]:
    name = "utter_answer_area_kl" if info.name_from_kl else "utter_answer_area_own"
    text = response_text(name, area=info.name, dimension=in_sentence(info.dimension_name), description=info.description)
    return [Message(text, [button(response_text("utter_answer_button_each_level"), payload("show_more"))])]


def area_levels(info: r.AreaInfo) -> List[Message]:
    lines = [response_text("utter_answer_area_levels_heading", area=info.name)]
    lines += [f"- {lvl.level_name}: {lvl.description}" for lvl in info.levels]
    if info.digcomp:
        competences = join_and([f"{d.id} {d.name.lower()}" for d in info.digcomp[:3]])
        lines.append(response_text("utter_answer_area_digcomp", competences=competences))
    return [Message("\n".join(lines))]


def dimension(info: r.DimensionInfo) -> Tuple[List[Message], Listed]:
    lines = [response_text("utter_answer_dimension", dimension=info.name, description=info.description)]
    lines += [f"{n}. {a.name}" for n, a in enumerate(info.areas, start=1)]
    listed = [["area", a.id] for a in info.areas]
    return [Message("\n".join(lines), _area_buttons([(a.id, a.name) for a in info.areas]))], listed


def level(info: r.LevelInfo, all_levels: Sequence[r.LevelInfo]) -> List[Message]:
    groups = "-".join(str(n) for n in (info.digcomp_levels[0], info.digcomp_levels[-1])) if info.digcomp_levels else ""
    text = response_text("utter_answer_level", level=info.name, number=info.position + 1, count=len(all_levels),
                         description=info.description)
    if groups:
        text += "\n" + response_text("utter_answer_level_digcomp", groups=groups)
    return [Message(text)]


def framework(info: r.FrameworkOverview) -> Tuple[List[Message], Listed]:
    lines = [first_sentence(info.description), response_text("utter_answer_framework_heading")]
    listed: Listed = []
    for number, d in enumerate(info.dimensions, start=1):
        lines.append(f"{number}. {d.name}: {join_and([a.name for a in d.areas])}")
        listed.append(["dimension", d.id])
    levels = join_and([lvl.name.lower() for lvl in info.levels])
    lines.append(response_text("utter_answer_framework_levels", levels=levels))
    buttons = [button(d.name, payload("ask_competence_model", dimension=d.id)) for d in info.dimensions]
    return [Message("\n".join(lines), buttons)], listed


def framework_more(info: r.FrameworkOverview) -> List[Message]:
    underlying = join_and([u.name.lower() for u in info.underlying])
    lines = [
        response_text("utter_answer_framework_underlying", competences=underlying),
        response_text("utter_answer_framework_digcomp", digcomp=info.digcomp.name, count=len(info.digcomp.areas),
                      areas=join_and([a.name.lower() for a in info.digcomp.areas])),
    ]
    return [Message("\n".join(lines))]


def digcomp(info: r.DigCompOverview) -> List[Message]:
    total = sum(len(a.competences) for a in info.areas)
    lines = [response_text("utter_answer_digcomp", digcomp=info.name, areas=len(info.areas), competences=total)]
    lines += [response_text("utter_answer_digcomp_area", number=a.number, area=a.name, count=len(a.competences))
              for a in info.areas]
    return [Message("\n".join(lines))]


# --- best practices -----------------------------------------------------------------------------
def practice_page(page: r.PracticePage, heading: str) -> Tuple[List[Message], Listed]:
    if not page.items:
        return [Message(response_text("utter_answer_practices_none"))], []
    first = page.offset + 1
    last = page.offset + len(page.items)
    if page.offset == 0:
        lines = [heading]
    else:
        lines = [response_text("utter_answer_practices_page", first=first, last=last, total=page.total)]
    if not page.exact and page.offset == 0:
        lines.append(response_text("utter_answer_practices_nearest"))
    listed: Listed = []
    for number, item in enumerate(page.items, start=1):
        lines.append(f"{number}. {item.title}: {first_sentence(item.summary)}")
        listed.append(["practice", item.id])
    buttons = more_about_buttons(listed)
    if page.has_more:
        lines.append(response_text("utter_answer_practices_hint_more"))
        buttons.append(button(response_text("utter_answer_button_show_more"), payload("show_more")))
    else:
        lines.append(response_text("utter_answer_hint_first"))
    return [Message("\n".join(lines), buttons)], listed


def practice(p: r.Practice) -> List[Message]:
    lines = [f"{p.title}", p.summary, response_text("utter_answer_practice_steps")]
    lines += [f"{n}. {step}" for n, step in enumerate(p.steps, start=1)]
    more = []
    if p.prerequisites:
        more.append(_with_list("utter_answer_practice_prerequisites", p.prerequisites))
    if p.impact_measures:
        more.append(_with_list("utter_answer_practice_impact", p.impact_measures))
    from bot.content.links import read_more_line, source_without_links

    more.append(response_text("utter_answer_source", source=source_without_links(p.source)))
    link = read_more_line(p.source)  # the front page the kilde names, shown as a link on the chat page
    if link:
        more.append(link)
    return [Message("\n".join(lines)), Message("\n\n".join(more))]


def _with_list(heading: str, items: Sequence[str]) -> str:
    return "\n".join([response_text(heading)] + [f"- {x}" for x in items])


def search_results(hits) -> Tuple[List[Message], Listed]:
    lines = [response_text("utter_answer_search_heading")]
    listed: Listed = []
    for number, hit in enumerate(hits, start=1):
        lines.append(f"{number}. {hit.title}")
        listed.append([hit.kind, hit.id])
    lines.append(response_text("utter_answer_hint_first"))
    return [Message("\n".join(lines))], listed
