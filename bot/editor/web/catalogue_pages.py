"""The catalogue (/editor/katalog): its entries as forms, edit and create."""
from __future__ import annotations

from typing import Dict, List

from aiohttp import web

from bot.editor import catalogue_edit
from bot.editor.errors import EditError
from bot.editor.project import PathError
from bot.editor.web.rendering import error_context, redirect, render, saved_message
from bot.editor.web.state import author_of, blocking, get_state, posted_form, url


async def catalogue_page(request: web.Request) -> web.Response:
    state = get_state(request)
    entries = await blocking(catalogue_edit.list_entries, state.project)
    files: Dict[str, List[catalogue_edit.Entry]] = {}
    for entry in entries:
        parts = entry.file.split("/")
        group = parts[-2] + "/" if parts[-2] in catalogue_edit.ONE_PER_FILE else parts[-1]
        files.setdefault(group, []).append(entry)
    return render(request, "catalogue.html", title="Katalog", files=files,
                  section_labels=catalogue_edit.SECTION_LABELS, file_help=catalogue_edit.FILE_HELP)


def _entry_address(source) -> tuple:
    return source.get("fil", ""), source.get("post", ""), source.get("id", "")


async def catalogue_edit_page(request: web.Request) -> web.Response:
    state = get_state(request)
    rel, key, entry_id = _entry_address(request.query)
    try:
        fields, version = await blocking(catalogue_edit.entry_form, state.project, rel, key, entry_id)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    return render(request, "catalogue_form.html", title=f"Katalog: {entry_id}", fields=fields, version=version,
                  rel=rel, key=key, entry_id=entry_id, mode="ret", values={})


async def catalogue_edit_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    rel, key, entry_id = _entry_address(form)
    try:
        result = await blocking(
            state.store.save_with,
            lambda p: catalogue_edit.save_entry(p, rel, key, entry_id, form.get("version"), form),
            f"Katalog: {entry_id} rettet", author_of(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        try:
            fields, version = catalogue_edit.entry_form(state.project, rel, key, entry_id)
        except (EditError, PathError):
            fields, version = [], ""
        return render(request, "catalogue_form.html", 422, title=f"Katalog: {entry_id}", fields=fields,
                      version=form.get("version", version), rel=rel, key=key, entry_id=entry_id, mode="ret",
                      values=form, **error_context(exc))
    return redirect(request, url("/katalog"), saved_message(f"Posten «{entry_id}» er gemt.", result))


async def catalogue_new_page(request: web.Request) -> web.Response:
    state = get_state(request)
    rel, key, entry_id = _entry_address(request.query)
    try:
        fields = await blocking(catalogue_edit.new_entry_template, state.project, rel, key, entry_id)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    return render(request, "catalogue_form.html", title="Ny post i kataloget", fields=fields, version="",
                  rel=rel, key=key, entry_id=entry_id, mode="ny", values={})


async def catalogue_new_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    rel, key, entry_id = _entry_address(form)
    new_id = form.get("f.id", "")
    try:
        result = await blocking(state.store.save_with,
                                lambda p: catalogue_edit.create_entry(p, rel, key, entry_id, form),
                                f"Katalog: ny post {new_id}", author_of(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        try:
            fields = catalogue_edit.new_entry_template(state.project, rel, key, entry_id)
        except (EditError, PathError):
            fields = []
        return render(request, "catalogue_form.html", 422, title="Ny post i kataloget", fields=fields, version="",
                      rel=rel, key=key, entry_id=entry_id, mode="ny", values=form, **error_context(exc))
    return redirect(request, url("/katalog"), saved_message(f"Posten «{new_id}» er oprettet.", result))

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/katalog", catalogue_page)
    r.add_get(p + "/katalog/rediger", catalogue_edit_page)
    r.add_post(p + "/katalog/rediger", catalogue_edit_save)
    r.add_get(p + "/katalog/ny", catalogue_new_page)
    r.add_post(p + "/katalog/ny", catalogue_new_save)
