"""NLU examples per intent (/editor/eksempler): browse, search, add (also from a conversation), delete."""
from __future__ import annotations

import urllib.parse
from typing import List, Optional

from aiohttp import web

from bot.editor import nlu as nlu_mod
from bot.editor.conversations import load_conversation
from bot.editor.domain import DomainInfo
from bot.editor.errors import EditError
from bot.editor.web.rendering import error_context, intent_label, redirect, render, saved_message
from bot.editor.web.state import State, author_of, blocking, current_domain, get_state, posted_form, url


async def intents_page(request: web.Request) -> web.Response:
    state = get_state(request)
    domain = current_domain(state)
    data = await blocking(nlu_mod.read_nlu, state.project)
    query = (request.query.get("q") or "").strip()
    matches = []
    if query:
        needle = nlu_mod.normalise(query)
        matches = [ex for bucket in data.values() for ex in bucket.examples if needle in nlu_mod.normalise(ex.plain)]
    intents = [{"name": name, "count": len(data[name].examples) if name in data else 0,
                "example": data[name].examples[0].plain if name in data and data[name].examples else "",
                "files": data[name].files if name in data else []}
               for name in domain.intents]
    return render(request, "intents.html", title="Eksempler", intents=intents, query=query, matches=matches[:100])


async def intent_page(request: web.Request) -> web.Response:
    state = get_state(request)
    name = request.match_info["intent"]
    domain = current_domain(state)
    if name not in domain.all_intents:
        raise web.HTTPNotFound(text="Intentet findes ikke.")
    data = await blocking(nlu_mod.read_nlu, state.project)
    bucket = data.get(name) or nlu_mod.IntentExamples(name)
    return render(request, "intent.html", title=f"Eksempler: {intent_label(name)}", intent=name, bucket=bucket,
                  domain=domain)


def _example_context(state: State, domain: DomainInfo, text: str = "", intent: str = "",
                     entity_rows: Optional[List[dict]] = None, conversation_id: str = "", turn: str = "",
                     move: bool = False, turn_info=None) -> dict:
    rows = list(entity_rows or [])
    target = max(3, len(rows) + 1)
    while len(rows) < target:
        rows.append({"text": "", "entity": "", "value": ""})
    intents = [(i, intent_label(i)) for i in domain.intents]
    return dict(text=text, intent=intent, entity_rows=rows, intents=intents, entities=domain.entities,
                conversation_id=conversation_id, turn=turn, move=move, turn_info=turn_info)


async def example_new_page(request: web.Request) -> web.Response:
    state = get_state(request)
    domain = current_domain(state)
    conversation_id = request.query.get("samtale", "")
    turn_no = request.query.get("tur", "")
    text, intent, rows, info = request.query.get("tekst", ""), request.query.get("intent", ""), [], None
    if conversation_id and turn_no.isdigit():
        conversation = await blocking(load_conversation, state.config.tracker_db_url, conversation_id,
                                      state.config.low_confidence)
        turn = conversation.user_turn(int(turn_no)) if conversation else None
        if turn is None:
            raise web.HTTPNotFound(text="Beskeden findes ikke i samtalen.")
        info = turn
        text = turn.text
        intent = turn.suggested_intent if turn.suggested_intent in domain.intents else ""
        known = await blocking(_catalogue_knows, state.project)
        rows = [{"text": e["text"], "entity": e["entity"],
                 "value": e["value"] if str(e.get("value")) != e["text"] else ""}
                for e in turn.entities if e.get("entity") in domain.entities and known(e["entity"], e.get("value"))]
    return render(request, "example_new.html", title="Tilføj som eksempel",
                  **_example_context(state, domain, text, intent, rows, conversation_id, turn_no, turn_info=info))


def _catalogue_knows(project):
    """known(entity, value): False for a catalogue entity whose value is no entry of the catalogue (a guess
    of the understanding, such as role=»repertoire«), which is not offered as an annotation."""
    from bot.catalogue import ENTITY_KINDS, CatalogueError, load_catalogue

    try:
        catalogue = load_catalogue(project.catalogue_dir)
    except CatalogueError:
        return lambda entity, value: True
    return lambda entity, value: entity not in ENTITY_KINDS or catalogue.resolve(entity, str(value or "")) is not None


async def example_new_save(request: web.Request) -> web.Response:
    state = get_state(request)
    domain = current_domain(state)
    form = posted_form(request)
    text, intent = form.get("text", ""), form.get("intent", "")
    move = form.get("move") == "on"
    rows = [{"text": form.get(f"ent-{n}-text", ""), "entity": form.get(f"ent-{n}-entity", ""),
             "value": form.get(f"ent-{n}-value", "")} for n in range(1, 21) if f"ent-{n}-text" in form]
    context = _example_context(state, domain, text, intent, rows, form.get("samtale", ""), form.get("tur", ""), move)
    try:
        plain = nlu_mod.clean_text(text)
        entities = nlu_mod.entities_from_rows(plain, [(r["text"], r["entity"], r["value"]) for r in rows],
                                              domain.entities)
        if intent not in domain.intents:
            raise EditError("Vælg det intent, beskeden hører til.", field="intent")

        def build(project):
            return nlu_mod.add_example(project, intent, plain, entities, move=move, known_intents=domain.intents)

        result = await blocking(state.store.save_with, build, f"Nyt eksempel på {intent}: {plain[:60]}",
                                author_of(request["user"]))
    except EditError as exc:
        context["duplicate"] = next((p.split(":", 1)[1] for p in exc.problems if p.startswith("duplicate:")), None)
        exc.problems = [p for p in exc.problems if not p.startswith("duplicate:")]
        return render(request, "example_new.html", 422, title="Tilføj som eksempel", **context,
                      **error_context(exc))
    back = url(f"/samtaler/{urllib.parse.quote(context['conversation_id'], safe='')}") \
        if context["conversation_id"] else url(f"/eksempler/intent/{intent}")
    return redirect(request, back, saved_message(f"«{plain}» er gemt som eksempel på {intent_label(intent)}.",
                                                 result))


async def example_delete(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    intent, raw = form.get("intent", ""), form.get("raw", "")
    try:
        result = await blocking(state.store.save_with, lambda p: nlu_mod.remove_example(p, intent, raw),
                                f"Eksempel fjernet fra {intent}: {raw[:60]}", author_of(request["user"]))
    except EditError as exc:
        return redirect(request, url(f"/eksempler/intent/{intent}"),
                        " ".join([exc.message] + exc.problems), kind="fejl")
    return redirect(request, url(f"/eksempler/intent/{intent}"), saved_message("Eksemplet er fjernet.", result))

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/eksempler", intents_page)
    r.add_get(p + "/eksempler/intent/{intent}", intent_page)
    r.add_get(p + "/eksempler/ny", example_new_page)
    r.add_post(p + "/eksempler/ny", example_new_save)
    r.add_post(p + "/eksempler/slet", example_delete)
