"""The editor's cookies: session, login form nonce and the one-shot message shown after a redirect."""
from __future__ import annotations

import time
from typing import Optional

from aiohttp import web

from bot.editor.config import EditorConfig
from bot.editor.web.state import PREFIX, get_state

SESSION_COOKIE = "editor_session"
LOGIN_COOKIE = "editor_login"
FLASH_COOKIE = "editor_besked"


def _secure(request: web.Request, config: EditorConfig) -> bool:
    if config.cookie_secure == "true":
        return True
    if config.cookie_secure == "false":
        return False
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str,
               max_age: Optional[int] = None) -> None:
    response.set_cookie(name, value, path=PREFIX, httponly=True, samesite="Strict", max_age=max_age,
                        secure=_secure(request, get_state(request).config))


def flash(response: web.StreamResponse, request: web.Request, message: str, kind: str = "ok") -> None:
    token = get_state(request).signer.sign("besked", {"m": message[:600], "k": kind, "t": int(time.time())})
    set_cookie(response, request, FLASH_COOKIE, token, max_age=120)


def take_flash(request: web.Request) -> Optional[dict]:
    payload = get_state(request).signer.unsign("besked", request.cookies.get(FLASH_COOKIE))
    if payload and time.time() - payload.get("t", 0) < 120:
        request["clear_flash"] = True
        return payload
    return None
