"""Conversations (/editor/samtaler): the list, one conversation, «Gem som historie», and for
administrators deleting a conversation and the access log (docs/privacy.md)."""
from __future__ import annotations

import logging
import math
from datetime import date, timedelta
from typing import Optional

from aiohttp import web

from bot.editor import stories as stories_mod
from bot.editor.conversations import Filters, list_conversations, load_conversation, story_steps
from bot.editor.errors import EditError
from bot.editor.web.middleware import require_admin
from bot.editor.web.rendering import error_context, redirect, render, saved_message
from bot.editor.web.state import author_of, blocking, current_domain, get_state, posted_form, url
from bot.editor.web.story_forms import item_from_form, rows_from_form, step_rows, steps_from_rows, story_context
from bot.privacy_store import access_entries, delete_conversation, log_access

logger = logging.getLogger(__name__)

PAGE_SIZE = 50


def _parse_date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


async def conversations_page(request: web.Request) -> web.Response:
    state = get_state(request)
    q = request.query
    filters = Filters(
        search=(q.get("q") or "").strip()[:200],
        fallback=q.get("fallback") == "1",
        low_confidence=q.get("lav") == "1",
        negative=q.get("ned") == "1",
        date_from=_parse_date(q.get("fra")),
        date_to=_parse_date(q.get("til")),
    )
    if not q:  # the first visit shows the last 30 days (a big tracker store is read in one pass)
        filters.date_from = date.today() - timedelta(days=30)
    errors = []
    if q.get("fra") and not filters.date_from:
        errors.append("Datoen «fra» skal skrives som ÅÅÅÅ-MM-DD.")
    if q.get("til") and not filters.date_to:
        errors.append("Datoen «til» skal skrives som ÅÅÅÅ-MM-DD.")
    try:
        page = max(1, int(q.get("side", "1")))
    except ValueError:
        page = 1
    items, total, error = [], 0, None
    try:
        items, total = await blocking(list_conversations, state.config.tracker_db_url, filters,
                                      state.config.low_confidence, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    except Exception as exc:
        logger.warning("Samtalerne kunne ikke læses: %s", type(exc).__name__)
        error = "Samtalerne kunne ikke læses fra tracker-databasen lige nu. Prøv igen om lidt."
    pages = max(1, math.ceil(total / PAGE_SIZE))
    base_query = {k: v for k, v in q.items() if k != "side"}
    return render(request, "conversations.html", title="Samtaler", items=items, total=total, page=page,
                  pages=pages, filters=filters, query=base_query, error=error, errors=errors,
                  threshold=state.config.low_confidence)


async def _conversation_or_404(request: web.Request):
    state = get_state(request)
    conversation_id = request.match_info["id"]
    conversation = await blocking(load_conversation, state.config.tracker_db_url, conversation_id,
                                  state.config.low_confidence)
    if conversation is None:
        raise web.HTTPNotFound(text="Samtalen findes ikke.")
    return conversation


async def conversation_page(request: web.Request) -> web.Response:
    state = get_state(request)
    conversation = await _conversation_or_404(request)
    # Who opened which conversation and when (never what it said): docs/privacy.md.
    await blocking(log_access, state.config.tracker_db_url, conversation.id, request["user"].username, "read")
    domain = current_domain(state)
    return render(request, "conversation.html", title="Samtale", conversation=conversation, domain=domain,
                  threshold=state.config.low_confidence)


@require_admin
async def conversation_delete(request: web.Request) -> web.Response:
    """An administrator deletes a conversation (every event in the tracker store); the access log
    records who and when."""
    state = get_state(request)
    conversation_id = request.match_info["id"]
    deleted = await blocking(delete_conversation, state.config.tracker_db_url, conversation_id)
    if not deleted:
        raise web.HTTPNotFound(text="Samtalen findes ikke.")
    await blocking(log_access, state.config.tracker_db_url, conversation_id, request["user"].username, "delete")
    return redirect(request, url("/samtaler"), "Samtalen er slettet.")


@require_admin
async def access_log_page(request: web.Request) -> web.Response:
    state = get_state(request)
    conversation_id = request.query.get("samtale", "").strip()
    username = request.query.get("bruger", "").strip()
    entries = await blocking(access_entries, state.config.tracker_db_url, conversation_id or None,
                             username or None)
    return render(request, "access_log.html", title="Adgangslog", entries=entries,
                  conversation_id=conversation_id, username=username)


async def conversation_story_page(request: web.Request) -> web.Response:
    state = get_state(request)
    conversation = await _conversation_or_404(request)
    domain = current_domain(state)
    steps = story_steps(conversation, domain)
    first = next((t.text for t in conversation.turns if t.kind == "user" and not t.text.startswith("/")), "")
    return render(request, "conversation_story.html", title="Gem samtalen som historie",
                  conversation=conversation, name=f"Fra samtale: {first[:80]}", target="test",
                  **story_context(domain, "test", step_rows(steps, blank=2)))


async def conversation_story_save(request: web.Request) -> web.Response:
    state = get_state(request)
    conversation = await _conversation_or_404(request)
    domain = current_domain(state)
    form = posted_form(request)
    target = form.get("target") if form.get("target") in ("test", "story") else "test"
    rows = rows_from_form(form, "step")
    context = dict(conversation=conversation, name=form.get("name", ""), target=target)
    if form.get("action") == "suggest":
        try:
            steps = steps_from_rows(rows, domain)
        except EditError as exc:
            return render(request, "conversation_story.html", 422, title="Gem samtalen som historie",
                          **context, **story_context(domain, target, rows), **error_context(exc))
        suggested = stories_mod.suggest_steps(steps, stories_mod.rule_answers(state.project))
        return render(request, "conversation_story.html", title="Gem samtalen som historie",
                      suggested=True, **context, **story_context(domain, target, step_rows(suggested, blank=2)))
    try:
        item = item_from_form(form, target, domain)
        if target == "story":
            for step in item.steps:
                step.text = None  # training stories use intents, not the user's words
        result = await blocking(state.store.save_with, lambda project: stories_mod.create_item(project, item),
                                f"{stories_mod.KINDS[target]['label']} fra en samtale: {item.name}",
                                author_of(request["user"]))
    except EditError as exc:
        return render(request, "conversation_story.html", 422, title="Gem samtalen som historie",
                      **context, **story_context(domain, target, rows), **error_context(exc))
    label = stories_mod.KINDS[target]["label"]
    return redirect(request, url("/historier"), saved_message(f"{label}n «{item.name}» er gemt.", result))

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/samtaler", conversations_page)
    r.add_get(p + "/samtaler/{id}", conversation_page)
    r.add_post(p + "/samtaler/{id}/slet", conversation_delete)
    r.add_get(p + "/adgangslog", access_log_page)
    r.add_get(p + "/samtaler/{id}/historie", conversation_story_page)
    r.add_post(p + "/samtaler/{id}/historie", conversation_story_save)
