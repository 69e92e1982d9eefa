"""Users (/editor/brugere, administrators only) and one's own account (/editor/konto)."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.editor.auth import ROLE_LABELS, ROLES, AuthError, User
from bot.editor.web.cookies import SESSION_COOKIE
from bot.editor.web.middleware import require_admin
from bot.editor.web.rendering import redirect, render
from bot.editor.web.state import PREFIX, blocking, get_state, posted_form, url

logger = logging.getLogger(__name__)


@require_admin
async def users_page(request: web.Request) -> web.Response:
    state = get_state(request)
    return render(request, "users.html", title="Brugere", users=sorted(state.users.all().values(),
                                                                       key=lambda u: u.username), roles=ROLES)


@require_admin
async def users_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    action, username = form.get("action"), (form.get("username") or "").strip().lower()
    me = request["user"]
    try:
        if action == "add":
            if form.get("password") != form.get("password2"):
                raise AuthError("De to adgangskoder er ikke ens.")
            await blocking(state.users.add, username, form.get("password", ""), form.get("role", "editor"),
                           form.get("name", ""), form.get("email", ""))
            message = f"Brugeren {username} er oprettet."
        elif action == "role":
            if username == me.username:
                raise AuthError("Du kan ikke ændre din egen rolle.")
            state.users.set_role(username, form.get("role", ""))
            message = f"{username} er nu {ROLE_LABELS.get(form.get('role'), form.get('role'))}."
        elif action == "password":
            if form.get("password") != form.get("password2"):
                raise AuthError("De to adgangskoder er ikke ens.")
            await blocking(state.users.set_password, username, form.get("password", ""))
            message = f"{username} har fået en ny adgangskode."
        elif action == "remove":
            if username == me.username:
                raise AuthError("Du kan ikke slette dig selv.")
            state.users.remove(username)
            message = f"Brugeren {username} er slettet."
        else:
            raise AuthError("Ukendt handling.")
    except AuthError as exc:
        return redirect(request, url("/brugere"), exc.message, kind="fejl")
    logger.info("Brugerændring (%s) udført af %s", action, me.username)
    return redirect(request, url("/brugere"), message)


async def account_page(request: web.Request) -> web.Response:
    return render(request, "account.html", title="Min konto")


async def account_save(request: web.Request) -> web.Response:
    state = get_state(request)
    form = posted_form(request)
    me: User = request["user"]
    try:
        if me.source != "fil":
            raise AuthError("Din bruger er sat op i EDITOR_USERS; bed driften om at skifte adgangskoden.")
        if await blocking(state.users.authenticate, me.username, form.get("current", "")) is None:
            raise AuthError("Den nuværende adgangskode er forkert.")
        if form.get("password") != form.get("password2"):
            raise AuthError("De to nye adgangskoder er ikke ens.")
        await blocking(state.users.set_password, me.username, form.get("password", ""))
    except AuthError as exc:
        return render(request, "account.html", 422, title="Min konto", errors=[exc.message])
    response = redirect(request, url("/login"), "Adgangskoden er skiftet. Log ind med den nye.")
    response.del_cookie(SESSION_COOKIE, path=PREFIX)
    return response

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/brugere", users_page)
    r.add_post(p + "/brugere", users_save)
    r.add_get(p + "/konto", account_page)
    r.add_post(p + "/konto", account_save)
