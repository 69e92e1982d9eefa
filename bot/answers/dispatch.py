"""From a request (intent, entities, context) to a reply: which query to run and how to answer. The words
are responses in domain/answers.yml (utter_answer_*)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, List, Optional

from bot.answers import render
from bot.answers.followup import HELP_TOPIC, role_in_text
from bot.answers.model import Context, Reply, Request
from bot.answers.ordinals import ordinal_index
from bot.catalogue.fixed_ids import CITIZEN_GROUP, STAFF_GROUP
from bot.content.message import Message, button
from bot.content.responses import response_text
from bot.kb import queries
from bot.kb.danish_stemmer import stem
from bot.kb.danish_text import content_words
from bot.kb.search import search as kb_search

PAGE_SIZE = 3
_DIGCOMP = re.compile(r"dig\s?comp", re.IGNORECASE)
_FRAMEWORK = re.compile(r"kompetencehjul|hjulet|rammen|modellen|dimensioner|niveauer", re.IGNORECASE)


def answer(req: Request) -> Reply:
    reply = _answer_one(req)
    if req.also and req.intent in _BOTH_INTENTS:
        return _and_the_other(req, reply)
    return reply


# Questions about a role or an area that may name two of them ("hvad skal sygeplejersker og pædagoger
# kunne om datasikkerhed?"): both are answered, one after the other.
_BOTH_INTENTS = frozenset({"ask_role_profile", "ask_competence_model", "followup", ""})
_BOTH_TOPICS = frozenset({"role", "role_area", "area"})


def _and_the_other(req: Request, first: Reply) -> Reply:
    """The answer for the first role (or area) and then the one for the second; the conversation goes on
    about the second, whose buttons are shown."""
    if first.context.topic not in _BOTH_TOPICS:
        return first
    second = _answer_one(replace(req, entities={**req.entities, **req.also}, also={}))
    if second.context.topic not in _BOTH_TOPICS or second.context.params == first.context.params:
        return first
    return Reply([replace(m, buttons=[]) for m in first.messages] + second.messages, second.context)


def _answer_one(req: Request) -> Reply:
    handler = {
        "ask_role_profile": _ask_role,
        "ask_competence_model": _ask_model,
        "ask_best_practice": _ask_practices,
        "followup": _followup,
        "show_more": _show_more,
        "affirm": _show_more,
        "ask_details": _details,
    }.get(req.intent, _by_entities)
    return handler(req)


# --- choosing what to answer --------------------------------------------------------------------
def _by_entities(req: Request, params: Optional[Dict[str, str]] = None, prefer: str = "") -> Reply:
    p = dict(req.entities if params is None else params)
    if p.get("role") and p.get("area"):
        return _role_area(p["role"], p["area"])
    if prefer == "practices" or (p.get("theme") or p.get("target_group")) and not p.get("role"):
        return _practices(p, req)
    if p.get("role"):
        return _role(p["role"])
    if p.get("area"):
        return _area(p["area"])
    if p.get("dimension"):
        return _dimension(p["dimension"])
    if p.get("level"):
        return _level(p["level"])
    return _search(req)


def _ask_role(req: Request) -> Reply:
    p = dict(req.entities)
    if not p.get("role") and req.context.params.get("role") and p.get("area"):
        p["role"] = req.context.params["role"]
    if not p.get("role"):
        if p.get("area"):
            return _area(p["area"])
        return _which_role()
    return _by_entities(req, p)


def _ask_model(req: Request) -> Reply:
    p = dict(req.entities)
    if p.get("role") or p.get("area") or p.get("dimension") or p.get("level"):
        return _by_entities(req, p)
    if _DIGCOMP.search(req.text):
        return _digcomp()
    if _FRAMEWORK.search(req.text) or not req.text.strip() or req.text.startswith("/"):
        return _framework()
    hits = kb_search(req.text, limit=3)
    return _search_reply(hits) if hits else _framework()


def _ask_practices(req: Request) -> Reply:
    p = {k: v for k, v in req.entities.items() if k in ("theme", "target_group", "role")}
    if p.get("role") and not (p.get("theme") or p.get("target_group")):
        return _role_practices(p["role"])
    if p.get("theme") or p.get("target_group"):
        return _practices(p, req)
    hits = kb_search(req.text, limit=3, kinds={"practice"}) if _asks_something_specific(req.text) else []
    if hits and hits[0].score > 0:
        return _search_reply(hits)
    if req.context.params.get("role"):
        return _role_practices(req.context.params["role"])
    if req.context.topic == HELP_TOPIC and req.context.params.get(HELP_TOPIC):
        # "gode eksempler på det?" after a citizen topic: practices on the topic's first theme
        topic = queries.get_help_topic(req.context.params[HELP_TOPIC])
        if topic and topic.themes:
            return _practices({"theme": topic.themes[0].id}, req)
    default = {"target_group": CITIZEN_GROUP if req.audience == "citizen" else STAFF_GROUP}
    return _practices(default, req)


# Words that only say "show me good examples" ("vis gode eksempler på kompetenceudvikling"), as stems.
# A request with nothing else in it gets the role in the conversation or the audience's list, not a
# full-text search that would match these words anywhere in the catalogue.
_GENERIC_PRACTICE_STEMS = frozenset(stem(w) for w in (
    "vis", "giv", "se", "gode", "god", "bedste", "eksempler", "eksempel", "praksis", "best", "practice",
    "inspiration", "idéer", "ideer", "forslag", "kompetenceudvikling", "kompetencer", "kompetence",
    "udvikling", "digitale", "digital", "andre", "kommuner", "kommune", "flere", "nogle",
))


def _asks_something_specific(text: str) -> bool:
    if not text or text.startswith("/"):
        return False
    return any(stem(w) not in _GENERIC_PRACTICE_STEMS for w in content_words(text))


def _followup(req: Request) -> Reply:
    ctx = req.context
    if not (req.entities.get("role") or req.entities.get("area")):
        # "og sygeplejerskerne?": an inflected role name the entity extractor did not find
        role = role_in_text(req.text, lambda kind, value: queries.resolve(kind, value)) if req.text else None
        if role:
            req.entities["role"] = role
    if not ctx.topic:
        return _by_entities(req)
    if ctx.topic == HELP_TOPIC:
        # A follow-up that names nothing after a citizen topic: ask what more, never a search listing.
        return _by_entities(req) if req.entities else _show_more(req)
    params = {**ctx.params, **req.entities}
    if ctx.topic in ("practices",) and not (req.entities.keys() - {"theme", "target_group"}):
        return _practices({k: params[k] for k in ("theme", "target_group") if params.get(k)}, req)
    if ctx.topic in ("role", "role_area", "role_practices") and (req.entities.get("role") or req.entities.get("area")):
        return _by_entities(req, {k: params[k] for k in ("role", "area") if params.get(k)})
    if req.entities:
        return _by_entities(req, req.entities)
    return _show_more(req)


# --- the answers ----------------------------------------------------------------------------------
def _which_role() -> Reply:
    """"Skriv fx …" with the staff's example roles from the catalogue (taksonomi.yml: rolleeksempler)."""
    from bot.catalogue.current import current_catalogue

    roles = current_catalogue().role_examples()
    return Reply(
        [Message(response_text("utter_answer_which_role", examples=render.join_or([r.name for r in roles])),
                 [button(render.cap(r.name), render.payload("ask_role_profile", role=r.id)) for r in roles])],
        Context(),
    )


def _role(role_id: str) -> Reply:
    role = queries.get_role(role_id)
    if role is None:
        return _unknown()
    return Reply(render.role_profile(role), Context(topic="role", params={"role": role_id}))


def _role_area(role_id: str, area_id: str) -> Reply:
    ra = queries.get_role_area(role_id, area_id)
    if ra is None:
        return _unknown()
    return Reply(render.role_area(ra), Context(topic="role_area", params={"role": role_id, "area": area_id}))


def _area(area_id: str) -> Reply:
    info = queries.get_area(area_id)
    if info is None:
        return _unknown()
    return Reply(render.area(info), Context(topic="area", params={"area": area_id}))


def _dimension(dimension_id: str) -> Reply:
    info = queries.get_dimension(dimension_id)
    if info is None:
        return _unknown()
    messages, listed = render.dimension(info)
    return Reply(messages, Context(topic="dimension", params={"dimension": dimension_id}, listed=listed))


def _level(level_id: str) -> Reply:
    info = queries.get_level(level_id)
    if info is None:
        return _unknown()
    return Reply(render.level(info, queries.list_levels()), Context(topic="level", params={"level": level_id}))


def _framework() -> Reply:
    messages, listed = render.framework(queries.framework_overview())
    return Reply(messages, Context(topic="framework", listed=listed))


def _digcomp() -> Reply:
    return Reply(render.digcomp(queries.digcomp_overview()), Context(topic="digcomp"))


def _practices(params: Dict[str, str], req: Request, offset: int = 0) -> Reply:
    theme, target = params.get("theme"), params.get("target_group")
    page = queries.find_practices(theme=theme, target_group=target, offset=offset, limit=PAGE_SIZE)
    messages, listed = render.practice_page(page, _practices_heading(page, theme, target))
    clean = {k: v for k, v in (("theme", theme), ("target_group", target)) if v}
    return Reply(messages, Context(topic="practices", params=clean, listed=listed, offset=offset))


def _practices_heading(page, theme: Optional[str], target: Optional[str]) -> str:
    """"Her er 3 af 7 gode eksempler om <tema> for <målgruppe>:" from its responses."""
    about = ""
    if theme:
        about += " " + response_text("utter_answer_practices_about_theme",
                                     theme=render.in_sentence(_name("theme", theme)))
    if target:
        about += " " + response_text("utter_answer_practices_about_target_group",
                                     target_group=render.in_sentence(_name("target_group", target)))
    if page.total > len(page.items):
        count = response_text("utter_answer_practices_count", shown=len(page.items), total=page.total)
    else:
        count = str(page.total)
    name = "utter_answer_practices_heading" if page.total != 1 else "utter_answer_practices_heading_one"
    return response_text(name, count=count, about=about)


def _role_practices(role_id: str) -> Reply:
    role = queries.get_role(role_id)
    if role is None:
        return _unknown()
    lines = [response_text("utter_answer_role_practices_heading", role=role.name)]
    listed = []
    for number, ref in enumerate(role.practices, start=1):
        lines.append(f"{number}. {ref.name}")
        listed.append(["practice", ref.id])
    if role.offers:
        lines.append(response_text("utter_answer_role_offers", offers=render.join_and([o.name for o in role.offers])))
    lines.append(response_text("utter_answer_hint_first"))
    buttons = render.more_about_buttons(listed[:3])
    return Reply([Message("\n".join(lines), buttons)],
                 Context(topic="role_practices", params={"role": role_id}, listed=listed))


def _show_more(req: Request) -> Reply:
    ctx = req.context
    p = ctx.params
    if ctx.topic == "practices":
        page_start = ctx.offset + PAGE_SIZE
        reply = _practices(p, req, offset=page_start)
        if not reply.context.listed:
            return Reply([Message(response_text("utter_answer_practices_no_more"))], ctx)
        return reply
    if ctx.topic == "role" and not ctx.expanded:
        messages, listed = render.role_all_areas(queries.get_role(p["role"]))
        return Reply(messages, Context(topic="role", params=p, listed=listed, expanded=True))
    if ctx.topic == "role_area" and not ctx.expanded:
        ra = queries.get_role_area(p["role"], p["area"])
        offers = queries.offers_for(role_id=p["role"], area_id=p["area"])
        return Reply(render.role_area_more(ra, offers), Context(topic="role_area", params=p, expanded=True))
    if ctx.topic == "area" and not ctx.expanded:
        return Reply(render.area_levels(queries.get_area(p["area"])), Context(topic="area", params=p, expanded=True))
    if ctx.topic == "framework" and not ctx.expanded:
        return Reply(render.framework_more(queries.framework_overview()),
                     Context(topic="framework", listed=ctx.listed, expanded=True))
    return Reply([Message(response_text("utter_answer_what_more"))], ctx)


def _details(req: Request) -> Reply:
    ctx = req.context
    item = req.entities.get("item")
    if item and ":" in item:
        kind, item_id = item.split(":", 1)
        return _detail_of(kind, item_id, ctx)
    if ctx.listed:
        index = ordinal_index(req.text, len(ctx.listed))
        if index is None:
            index = _by_title(req.text, ctx.listed)
        if index is not None:
            kind, item_id = ctx.listed[index]
            return _detail_of(kind, item_id, ctx)
    hits = kb_search(req.text, limit=1, kinds={"practice"}) if req.text and not req.text.startswith("/") else []
    if hits:
        return _detail_of(hits[0].kind, hits[0].id, ctx)
    return Reply([Message(response_text("utter_answer_which_one"))], ctx)


def _detail_of(kind: str, item_id: str, ctx: Context) -> Reply:
    if kind == "practice":
        p = queries.get_practice(item_id)
        if p is None:
            return _unknown()
        return Reply(render.practice(p), Context(topic="practice", params={}, listed=ctx.listed, offset=ctx.offset))
    if kind == "area":
        role = ctx.params.get("role")
        reply = _role_area(role, item_id) if role else _area(item_id)
        reply.context.listed = ctx.listed
        return reply
    if kind == "dimension":
        return _dimension(item_id)
    if kind == "role":
        return _role(item_id)
    if kind == "level":
        return _level(item_id)
    if kind == "offer":
        offer = queries.get_offer(item_id)
        if offer:
            text = response_text("utter_answer_offer", offer=offer.name, type=offer.type, description=offer.description)
            return Reply([Message(text + "\n" + response_text("utter_answer_source", source=offer.source))], ctx)
    if kind == "help_topic":
        topic = queries.get_help_topic(item_id)
        if topic:
            steps = "\n".join(f"{n}. {s}" for n, s in enumerate(topic.steps, start=1))
            return Reply([Message(topic.answer + ("\n" + steps if steps else ""))], ctx)
    return _unknown()


def _by_title(text: str, listed: List[List[str]]) -> Optional[int]:
    words = {w for w in re.findall(r"[a-zæøå]{4,}", text.lower())}
    best, best_score = None, 0
    for index, (kind, item_id) in enumerate(listed):
        title = _title(kind, item_id).lower()
        score = sum(1 for w in words if w in title)
        if score > best_score:
            best, best_score = index, score
    return best


def _title(kind: str, item_id: str) -> str:
    if kind == "practice":
        p = queries.get_practice(item_id)
        return p.title if p else ""
    if kind == "area":
        a = queries.get_area(item_id)
        return a.name if a else ""
    return item_id


def _name(kind: str, item_id: str) -> str:
    refs = queries.list_themes() if kind == "theme" else queries.list_target_groups()
    return next((ref.name for ref in refs if ref.id == item_id), item_id)


def _search(req: Request) -> Reply:
    hits = kb_search(req.text, limit=3) if req.text and not req.text.startswith("/") else []
    if not hits:
        return _unknown()
    return _search_reply(hits)


def _search_reply(hits) -> Reply:
    messages, listed = render.search_results(hits)
    return Reply(messages, Context(topic="search", listed=listed))


def _unknown() -> Reply:
    return Reply([Message(response_text("utter_answer_not_found"))], Context())
