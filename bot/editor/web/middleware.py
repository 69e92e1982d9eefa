"""The editor's middlewares (they act only on /editor paths) and the admin-only decorator.

security_headers sets CSP and friends; authentication finds the session's user, reads a POST's form and
checks its CSRF token and Origin; friendly_errors turns 400/404/405 into a Danish page."""
from __future__ import annotations

import functools
import time
import urllib.parse
from typing import Dict

from aiohttp import web

from bot.editor.web.cookies import LOGIN_COOKIE, SESSION_COOKIE
from bot.editor.web.rendering import denied, see_other, wants_json
from bot.editor.web.state import PREFIX, get_state, is_editor, url

MAX_FORM_BYTES = 2 * 1024 * 1024
PUBLIC = {"/login"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@web.middleware
async def security_headers(request: web.Request, handler):
    if not is_editor(request):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if not request.path.startswith(PREFIX + "/static/"):
        response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    return response


def _origin_ok(request: web.Request) -> bool:
    """A browser's Origin (or Referer) must be this site; the CSRF token is checked as well."""
    origin = request.headers.get("Origin")
    if origin is None:
        origin = request.headers.get("Referer")
        if not origin:
            return True  # neither header (some clients); the CSRF token still has to match
    if origin == "null":
        return False
    return urllib.parse.urlsplit(origin).netloc == request.host


async def _read_form(request: web.Request) -> Dict[str, str]:
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return {}
    if request.content_length is not None and request.content_length > MAX_FORM_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_FORM_BYTES, actual_size=request.content_length)
    data = await request.clone(client_max_size=MAX_FORM_BYTES).post()
    form: Dict[str, str] = {}
    for key in data.keys():
        values = [v for v in data.getall(key) if isinstance(v, str)]
        if values:
            form[key] = values[-1] if len(values) == 1 else "\n".join(values)
    return form


@web.middleware
async def authentication(request: web.Request, handler):
    if not is_editor(request) or request.path == PREFIX:
        return await handler(request)
    state = get_state(request)
    path = request.path[len(PREFIX):] or "/"
    if path.startswith("/static/"):
        return await handler(request)
    session = state.signer.unsign("session", request.cookies.get(SESSION_COOKIE))
    user = None
    if session:
        candidate = state.users.get(session.get("u", ""))
        fresh = time.time() - float(session.get("iat", 0)) < state.config.session_hours * 3600
        if candidate and fresh and session.get("f") == state.signer.user_fingerprint(candidate):
            user = candidate
            request["user"] = user
            request["nonce"] = session.get("n")
    if request.method not in SAFE_METHODS:
        if not _origin_ok(request):
            return denied(request, 403, "Forespørgslen kom ikke fra redigeringssiderne og er afvist.")
        form = await _read_form(request)
        request["form"] = form
        token = form.get("csrf_token") or request.headers.get("X-CSRF-Token")
        if path in PUBLIC:
            pre = state.signer.unsign("login", request.cookies.get(LOGIN_COOKIE))
            nonce = pre.get("n") if pre else None
        else:
            nonce = request.get("nonce")
        if user is None and path not in PUBLIC:
            return denied(request, 401, "Du er ikke logget ind (eller din session er udløbet). Log ind igen.")
        if not state.signer.check_csrf(nonce, token):
            return denied(request, 403, "Formularen er udløbet eller kom ikke fra redigeringssiderne "
                                        "(CSRF-kontrol). Gå tilbage, genindlæs siden, og prøv igen.")
    elif user is None and path not in PUBLIC:
        if wants_json(request):
            return denied(request, 401, "Du er ikke logget ind.")
        target = request.path_qs if request.method == "GET" else PREFIX + "/"
        return see_other(url("/login", next=target))
    return await handler(request)


@web.middleware
async def friendly_errors(request: web.Request, handler):
    if not is_editor(request):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status in (400, 404, 405) and not wants_json(request) and request.get("user"):
            message = exc.text if exc.text and not exc.text.startswith(str(exc.status)) else {
                400: "Forespørgslen kunne ikke forstås.", 404: "Siden findes ikke.",
                405: "Den handling er ikke tilladt her."}[exc.status]
            return denied(request, exc.status, message)
        raise


def require_admin(handler):
    @functools.wraps(handler)
    async def wrapper(request: web.Request):
        user = request.get("user")
        if user is None or not user.is_admin:
            return denied(request, 403, "Kun administratorer har adgang til denne side.")
        return await handler(request)

    return wrapper
