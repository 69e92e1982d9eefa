"""Stories, rules and test stories (/editor/historier): list, create, edit, delete."""
from __future__ import annotations

from typing import Optional

from aiohttp import web

from bot.editor import stories as stories_mod
from bot.editor.errors import EditError
from bot.editor.project import PathError
from bot.editor.web.rendering import error_context, redirect, render, saved_message
from bot.editor.web.state import author_of, blocking, current_domain, get_state, posted_form, url
from bot.editor.web.story_forms import item_from_form, rows_from_form, step_rows, story_context


async def stories_page(request: web.Request) -> web.Response:
    state = get_state(request)
    groups = []
    for kind, meta in stories_mod.KINDS.items():
        items = await blocking(stories_mod.read_items, state.project, kind)
        groups.append({"kind": kind, "label": meta["plural"], "items": items})
    return render(request, "stories.html", title="Historier og regler", groups=groups)


def _kind(value: Optional[str]) -> str:
    if value not in stories_mod.KINDS:
        raise web.HTTPBadRequest(text="Ukendt type.")
    return value


async def story_new_page(request: web.Request) -> web.Response:
    state = get_state(request)
    kind = _kind(request.query.get("type", "story"))
    domain = current_domain(state)
    return render(request, "story_form.html", title=f"Ny {stories_mod.KINDS[kind]['label'].lower()}", mode="ny",
                  item=None, name="", version="", conversation_start=False, wait_for_user_input=True,
                  **story_context(domain, kind, step_rows([], blank=4), step_rows([], blank=2)))


async def story_new_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    kind = _kind(form.get("type"))
    domain = current_domain(state)
    try:
        item = item_from_form(form, kind, domain)
        result = await blocking(state.store.save_with, lambda p: stories_mod.create_item(p, item),
                                f"Ny {stories_mod.KINDS[kind]['label'].lower()}: {item.name}",
                                author_of(request["user"]))
    except EditError as exc:
        return render(request, "story_form.html", 422, title=f"Ny {stories_mod.KINDS[kind]['label'].lower()}",
                      mode="ny", item=None, name=form.get("name", ""), version="",
                      conversation_start=form.get("conversation_start") == "on",
                      wait_for_user_input=form.get("wait_for_user_input") == "on",
                      **story_context(domain, kind, rows_from_form(form, "step"), rows_from_form(form, "cond")),
                      **error_context(exc))
    return redirect(request, url("/historier"), saved_message(f"«{item.name}» er gemt.", result))


def _item_address(source) -> tuple:
    try:
        return (_kind(source.get("type")), source.get("fil", ""), int(source.get("nr", "")), source.get("navn", ""))
    except ValueError:
        raise web.HTTPBadRequest(text="Ugyldig adresse.")


async def story_edit_page(request: web.Request) -> web.Response:
    state = get_state(request)
    kind, rel, index, name = _item_address(request.query)
    domain = current_domain(state)
    try:
        rel = state.project.check_editable(rel, under=(stories_mod.KINDS[kind]["dir"],))
        item = stories_mod.get_item(state.project, kind, rel, index)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    if item.name != name:
        raise web.HTTPNotFound(text="Den findes ikke længere samme sted.")
    version = stories_mod.file_version(state.project.read(rel))
    return render(request, "story_form.html", title=f"{stories_mod.KINDS[kind]['label']}: {item.name}",
                  mode="ret", item=item, name=item.name, version=version,
                  conversation_start=item.conversation_start, wait_for_user_input=item.wait_for_user_input,
                  **story_context(domain, kind, step_rows(item.steps, blank=3), step_rows(item.condition, blank=1)))


async def story_edit_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    kind, rel, index, old_name = _item_address(form)
    domain = current_domain(state)
    version = form.get("version")
    try:
        if form.get("action") == "delete":
            result = await blocking(state.store.save_with,
                                    lambda p: stories_mod.delete_item(p, kind, rel, index, old_name, version),
                                    f"{stories_mod.KINDS[kind]['label']} slettet: {old_name}",
                                    author_of(request["user"]))
            return redirect(request, url("/historier"), saved_message(f"«{old_name}» er slettet.", result))
        item = item_from_form(form, kind, domain)
        result = await blocking(state.store.save_with,
                                lambda p: stories_mod.update_item(p, rel, index, old_name, version, item),
                                f"{stories_mod.KINDS[kind]['label']} rettet: {item.name}", author_of(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        fake = stories_mod.Item(kind=kind, name=old_name, file=rel, index=index)
        return render(request, "story_form.html", 422, title=f"{stories_mod.KINDS[kind]['label']}: {old_name}",
                      mode="ret", item=fake, name=form.get("name", ""), version=version or "",
                      conversation_start=form.get("conversation_start") == "on",
                      wait_for_user_input=form.get("wait_for_user_input") == "on",
                      **story_context(domain, kind, rows_from_form(form, "step"), rows_from_form(form, "cond")),
                      **error_context(exc))
    return redirect(request, url("/historier"), saved_message(f"«{item.name}» er gemt.", result))

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/historier", stories_page)
    r.add_get(p + "/historier/ny", story_new_page)
    r.add_post(p + "/historier/ny", story_new_save)
    r.add_get(p + "/historier/rediger", story_edit_page)
    r.add_post(p + "/historier/rediger", story_edit_save)
