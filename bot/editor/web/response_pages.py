"""What the assistant says itself (/editor/svar): the texts in domain/*.yml, one variant at a time."""
from __future__ import annotations

from typing import Dict, List

from aiohttp import web

from bot.editor import responses_edit
from bot.editor.errors import EditError
from bot.editor.project import PathError
from bot.editor.web.rendering import error_context, redirect, render, saved_message
from bot.editor.web.state import author_of, blocking, get_state, posted_form, url


async def responses_page(request: web.Request) -> web.Response:
    state = get_state(request)
    items = await blocking(responses_edit.list_responses, state.project)
    files: Dict[str, List[responses_edit.ResponseInfo]] = {}
    for item in items:
        files.setdefault(item.file, []).append(item)
    return render(request, "responses.html", title="Svar", files=files)


def _response_address(source) -> tuple:
    number = str(source.get("nr", "0"))
    return source.get("fil", ""), source.get("navn", ""), int(number) if number.isdigit() else -1


async def response_edit_page(request: web.Request) -> web.Response:
    state = get_state(request)
    rel, name, index = _response_address(request.query)
    try:
        variant, version = await blocking(responses_edit.response_form, state.project, rel, name, index)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    return render(request, "response_form.html", title=f"Svar: {name}", rel=rel, name=name, variant=variant,
                  version=version, text=variant.text, variables=responses_edit.variables(variant.text))


async def response_edit_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    rel, name, index = _response_address(form)
    try:
        result = await blocking(
            state.store.save_with,
            lambda p: responses_edit.save_response(p, rel, name, index, form.get("version"), form.get("tekst", "")),
            f"Svar: {name} rettet", author_of(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        try:
            variant, version = responses_edit.response_form(state.project, rel, name, index)
        except (EditError, PathError):
            raise web.HTTPNotFound(text=exc.message)
        return render(request, "response_form.html", 422, title=f"Svar: {name}", rel=rel, name=name,
                      variant=variant, version=form.get("version", version), text=form.get("tekst", ""),
                      variables=responses_edit.variables(variant.text), **error_context(exc))
    return redirect(request, url("/svar"), saved_message(f"Svaret «{name}» er gemt.", result))

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/svar", responses_page)
    r.add_get(p + "/svar/rediger", response_edit_page)
    r.add_post(p + "/svar/rediger", response_edit_save)
