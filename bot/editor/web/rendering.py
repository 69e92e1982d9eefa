"""Pages and answers: the Jinja templates, redirects with a message, refusals, save messages."""
from __future__ import annotations

import json
import urllib.parse
from typing import Optional

import jinja2
from aiohttp import web

from bot.editor import stories as stories_mod
from bot.editor.auth import ROLE_LABELS, User
from bot.editor.conversations import format_time
from bot.editor.domain import INTENT_LABELS
from bot.editor.errors import EditError
from bot.editor.store import SaveResult
from bot.editor.web.cookies import FLASH_COOKIE, flash, take_flash
from bot.editor.web.state import PREFIX, TEMPLATES, get_state, url


def percent(value: Optional[float]) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f} %"


def intent_label(name: Optional[str]) -> str:
    if not name:
        return "–"
    label = INTENT_LABELS.get(name)
    return f"{label} ({name})" if label else name


def make_templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=url, percent=percent, intent_label=intent_label, format_time=format_time,
                       role_labels=ROLE_LABELS, kinds=stories_mod.KINDS)
    env.filters["urlquote"] = lambda v: urllib.parse.quote(str(v), safe="")
    return env


def render(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    state = get_state(request)
    user: Optional[User] = request.get("user")
    nonce = request.get("nonce")
    context.setdefault("errors", [])
    context.setdefault("error_field", None)
    body = state.templates.get_template(template).render(
        user=user,
        csrf_token=state.signer.csrf_token(nonce) if nonce else "",
        flash=take_flash(request) if user else None,
        current=request.path,
        **context,
    )
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    if request.get("clear_flash"):
        response.del_cookie(FLASH_COOKIE, path=PREFIX)
    return response


def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def redirect(request: web.Request, location: str, message: Optional[str] = None, kind: str = "ok") -> web.Response:
    response = see_other(location)
    if message:
        flash(response, request, message, kind)
    return response


def wants_json(request: web.Request) -> bool:
    return request.path.startswith(PREFIX + "/api/") or "application/json" in request.headers.get("Accept", "")


def denied(request: web.Request, status: int, message: str):
    if wants_json(request):
        return web.json_response({"fejl": message}, status=status,
                                 dumps=lambda o: json.dumps(o, ensure_ascii=False))
    state = get_state(request)
    body = state.templates.get_template("error.html").render(
        user=request.get("user"), csrf_token="", flash=None, current=request.path, title="Ingen adgang",
        message=message, status=status, errors=[], error_field=None)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def saved_message(what: str, result: SaveResult) -> str:
    if not result.files:
        return "Der var intet at gemme: indholdet er uændret."
    message = f"{what} Kontrollen bestod, og ændringen er skrevet i {', '.join(result.files)}."
    if result.commit:
        message += f" Gemt i git som {result.commit}."
    elif result.commit_error:
        message += " Git-commit mislykkedes; bed en udvikler se på det."
    return message + " Husk «Træn og udgiv», før assistenten kan bruge det."


def error_context(exc: EditError) -> dict:
    return {"errors": [exc.message] + list(exc.problems), "error_field": exc.field}
