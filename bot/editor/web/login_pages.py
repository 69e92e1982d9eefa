"""Logging in and out (/editor/login, /editor/logout)."""
from __future__ import annotations

import logging
import time
from typing import Optional

from aiohttp import web

from bot.editor.auth import new_nonce
from bot.editor.web.cookies import LOGIN_COOKIE, SESSION_COOKIE, set_cookie
from bot.editor.web.rendering import see_other
from bot.editor.web.state import PREFIX, blocking, get_state, posted_form, url

logger = logging.getLogger(__name__)


def _safe_next(value: Optional[str]) -> str:
    if value and value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/"


async def login_page(request: web.Request, error: Optional[str] = None, status: int = 200,
                     username: str = "") -> web.Response:
    state = get_state(request)
    if request.get("user") and error is None:
        return see_other(PREFIX + "/")
    nonce = new_nonce()
    body = state.templates.get_template("login.html").render(
        user=None, csrf_token=state.signer.csrf_token(nonce), flash=None, current=request.path, title="Log ind",
        next=_safe_next(request.query.get("next") or posted_form(request).get("next")), error=error,
        username=username, no_users=not state.users.all(), errors=[error] if error else [], error_field=None)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    set_cookie(response, request, LOGIN_COOKIE, state.signer.sign("login", {"n": nonce}), max_age=3600)
    return response


async def login(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    username = (form.get("username") or "").strip().lower()
    password = form.get("password") or ""
    keys = (f"user:{username}", f"ip:{request.remote}")
    if state.throttle.blocked(*keys):
        return await login_page(request, "For mange forkerte forsøg. Vent fem minutter, og prøv igen.", 429,
                                username)
    user = await blocking(state.users.authenticate, username, password)
    if user is None:
        state.throttle.failed(*keys)
        logger.info("Mislykket login i redigeringen")
        return await login_page(request, "Forkert brugernavn eller adgangskode.", 401, username)
    state.throttle.succeeded(*keys)
    session = {"u": user.username, "iat": int(time.time()), "n": new_nonce(),
               "f": state.signer.user_fingerprint(user)}
    response = see_other(_safe_next(form.get("next")))
    set_cookie(response, request, SESSION_COOKIE, state.signer.sign("session", session),
               max_age=int(state.config.session_hours * 3600))
    response.del_cookie(LOGIN_COOKIE, path=PREFIX)
    logger.info("%s loggede ind i redigeringen", user.username)
    return response


async def logout(request: web.Request) -> web.Response:
    response = see_other(url("/login"))
    response.del_cookie(SESSION_COOKIE, path=PREFIX)
    return response

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/login", login_page)
    r.add_post(p + "/login", login)
    r.add_post(p + "/logout", logout)
