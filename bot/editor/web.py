"""The editor's pages under /editor on the web server (aiohttp).

    from bot.editor.web import setup_editor
    setup_editor(app, rasa_url=…, token=…)  # in bot.web.app.create_app(): mounts the editor under /editor

Every page and action needs a login (editor or admin); users management needs admin. Every
POST carries a CSRF token (form field csrf_token or header X-CSRF-Token) and, when the browser sends
one, an Origin from this site. Sessions are signed cookies (HttpOnly, SameSite=Strict, Secure on
https). Pages are plain HTML forms that work without JavaScript; editor.js only adds conveniences
(progress updates while publishing, adding and moving story steps).
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import math
import time
import urllib.parse
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import jinja2
from aiohttp import web

from bot.editor import catalogue_edit, gitrepo, responses_edit
from bot.editor import nlu as nlu_mod
from bot.editor import stories as stories_mod
from bot.editor.auth import (ROLE_LABELS, ROLES, AuthError, LoginThrottle, Signer, User, UserStore,
                             new_nonce)
from bot.editor.config import EditorConfig
from bot.editor.conversations import Filters, format_time, list_conversations, load_conversation, story_steps
from bot.privacy_store import access_entries, delete_conversation, log_access
from bot.editor.domain import INTENT_LABELS, DomainInfo, load_domain
from bot.editor.errors import EditError
from bot.editor.project import EDITABLE_DIRS, PathError, Project
from bot.editor.publish import Publisher, PublishError
from bot.editor.store import Author, SaveResult, Store

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
PREFIX = "/editor"
SESSION_COOKIE = "editor_session"
LOGIN_COOKIE = "editor_login"
FLASH_COOKIE = "editor_besked"
MAX_FORM_BYTES = 2 * 1024 * 1024
PAGE_SIZE = 50
PUBLIC = {"/login"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@dataclass
class State:
    config: EditorConfig
    project: Project
    store: Store
    users: UserStore
    signer: Signer
    throttle: LoginThrottle
    publisher: Publisher
    templates: jinja2.Environment


STATE = web.AppKey("editor_state", State)


# --- helpers ------------------------------------------------------------------------------------------------
def _state(request: web.Request) -> State:
    return request.app[STATE]


def _is_editor(request: web.Request) -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def url(path: str = "/", **query) -> str:
    query = {k: v for k, v in query.items() if not (v is None or v is False or v == "")}
    return PREFIX + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")


def _percent(value: Optional[float]) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f} %"


def _intent_label(name: Optional[str]) -> str:
    if not name:
        return "–"
    label = INTENT_LABELS.get(name)
    return f"{label} ({name})" if label else name


def make_templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=url, percent=_percent, intent_label=_intent_label, format_time=format_time,
                       role_labels=ROLE_LABELS, kinds=stories_mod.KINDS)
    env.filters["urlquote"] = lambda v: urllib.parse.quote(str(v), safe="")
    return env


def _secure(request: web.Request, config: EditorConfig) -> bool:
    if config.cookie_secure == "true":
        return True
    if config.cookie_secure == "false":
        return False
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str,
                max_age: Optional[int] = None) -> None:
    response.set_cookie(name, value, path=PREFIX, httponly=True, samesite="Strict", max_age=max_age,
                        secure=_secure(request, _state(request).config))


def _flash(response: web.StreamResponse, request: web.Request, message: str, kind: str = "ok") -> None:
    token = _state(request).signer.sign("besked", {"m": message[:600], "k": kind, "t": int(time.time())})
    _set_cookie(response, request, FLASH_COOKIE, token, max_age=120)


def _take_flash(request: web.Request) -> Optional[dict]:
    payload = _state(request).signer.unsign("besked", request.cookies.get(FLASH_COOKIE))
    if payload and time.time() - payload.get("t", 0) < 120:
        request["clear_flash"] = True
        return payload
    return None


def render(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    state = _state(request)
    user: Optional[User] = request.get("user")
    nonce = request.get("nonce")
    context.setdefault("errors", [])
    context.setdefault("error_field", None)
    body = state.templates.get_template(template).render(
        user=user,
        csrf_token=state.signer.csrf_token(nonce) if nonce else "",
        flash=_take_flash(request) if user else None,
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
        _flash(response, request, message, kind)
    return response


def _author(user: User) -> Author:
    return Author(user.username, user.name, user.git_email)


async def _blocking(func, *args, **kwargs):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))


def _saved_message(what: str, result: SaveResult) -> str:
    if not result.files:
        return "Der var intet at gemme: indholdet er uændret."
    message = f"{what} Kontrollen bestod, og ændringen er skrevet i {', '.join(result.files)}."
    if result.commit:
        message += f" Gemt i git som {result.commit}."
    elif result.commit_error:
        message += " Git-commit mislykkedes; bed en udvikler se på det."
    return message + " Husk «Træn og udgiv», før assistenten kan bruge det."


def _form(request: web.Request) -> Dict[str, str]:
    return request.get("form") or {}


def _domain(state: State) -> DomainInfo:
    return load_domain(state.project.domain_path)


# --- middlewares -------------------------------------------------------------------------------------------
@web.middleware
async def security_headers(request: web.Request, handler):
    if not _is_editor(request):
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


def _wants_json(request: web.Request) -> bool:
    return request.path.startswith(PREFIX + "/api/") or "application/json" in request.headers.get("Accept", "")


def _denied(request: web.Request, status: int, message: str):
    if _wants_json(request):
        return web.json_response({"fejl": message}, status=status,
                                 dumps=lambda o: json.dumps(o, ensure_ascii=False))
    state = _state(request)
    body = state.templates.get_template("error.html").render(
        user=request.get("user"), csrf_token="", flash=None, current=request.path, title="Ingen adgang",
        message=message, status=status, errors=[], error_field=None)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


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
    if not _is_editor(request) or request.path == PREFIX:
        return await handler(request)
    state = _state(request)
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
            return _denied(request, 403, "Forespørgslen kom ikke fra redigeringssiderne og er afvist.")
        form = await _read_form(request)
        request["form"] = form
        token = form.get("csrf_token") or request.headers.get("X-CSRF-Token")
        if path in PUBLIC:
            pre = state.signer.unsign("login", request.cookies.get(LOGIN_COOKIE))
            nonce = pre.get("n") if pre else None
        else:
            nonce = request.get("nonce")
        if user is None and path not in PUBLIC:
            return _denied(request, 401, "Du er ikke logget ind (eller din session er udløbet). Log ind igen.")
        if not state.signer.check_csrf(nonce, token):
            return _denied(request, 403, "Formularen er udløbet eller kom ikke fra redigeringssiderne "
                                         "(CSRF-kontrol). Gå tilbage, genindlæs siden, og prøv igen.")
    elif user is None and path not in PUBLIC:
        if _wants_json(request):
            return _denied(request, 401, "Du er ikke logget ind.")
        target = request.path_qs if request.method == "GET" else PREFIX + "/"
        return see_other(url("/login", next=target))
    return await handler(request)


def require_admin(handler):
    @functools.wraps(handler)
    async def wrapper(request: web.Request):
        user = request.get("user")
        if user is None or not user.is_admin:
            return _denied(request, 403, "Kun administratorer har adgang til denne side.")
        return await handler(request)

    return wrapper


# --- login --------------------------------------------------------------------------------------------------------
def _safe_next(value: Optional[str]) -> str:
    if value and value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/"


async def login_page(request: web.Request, error: Optional[str] = None, status: int = 200,
                     username: str = "") -> web.Response:
    state = _state(request)
    if request.get("user") and error is None:
        return see_other(PREFIX + "/")
    nonce = new_nonce()
    body = state.templates.get_template("login.html").render(
        user=None, csrf_token=state.signer.csrf_token(nonce), flash=None, current=request.path, title="Log ind",
        next=_safe_next(request.query.get("next") or _form(request).get("next")), error=error,
        username=username, no_users=not state.users.all(), errors=[error] if error else [], error_field=None)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    _set_cookie(response, request, LOGIN_COOKIE, state.signer.sign("login", {"n": nonce}), max_age=3600)
    return response


async def login(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    username = (form.get("username") or "").strip().lower()
    password = form.get("password") or ""
    keys = (f"user:{username}", f"ip:{request.remote}")
    if state.throttle.blocked(*keys):
        return await login_page(request, "For mange forkerte forsøg. Vent fem minutter, og prøv igen.", 429,
                                username)
    user = await _blocking(state.users.authenticate, username, password)
    if user is None:
        state.throttle.failed(*keys)
        logger.info("Mislykket login i redigeringen")
        return await login_page(request, "Forkert brugernavn eller adgangskode.", 401, username)
    state.throttle.succeeded(*keys)
    session = {"u": user.username, "iat": int(time.time()), "n": new_nonce(),
               "f": state.signer.user_fingerprint(user)}
    response = see_other(_safe_next(form.get("next")))
    _set_cookie(response, request, SESSION_COOKIE, state.signer.sign("session", session),
                max_age=int(state.config.session_hours * 3600))
    response.del_cookie(LOGIN_COOKIE, path=PREFIX)
    logger.info("%s loggede ind i redigeringen", user.username)
    return response


async def logout(request: web.Request) -> web.Response:
    response = see_other(url("/login"))
    response.del_cookie(SESSION_COOKIE, path=PREFIX)
    return response


# --- overview --------------------------------------------------------------------------------------------------------
async def overview(request: web.Request) -> web.Response:
    state = _state(request)
    since = date.today() - timedelta(days=30)
    problems, total = [], 0
    error = None
    try:
        problems, total = await _blocking(
            list_conversations, state.config.tracker_db_url,
            Filters(fallback=True, low_confidence=True, negative=True, date_from=since),
            state.config.low_confidence, 8, 0)
    except Exception as exc:  # the tracker database may be unreachable
        logger.warning("Samtalerne kunne ikke læses: %s", type(exc).__name__)
        error = "Samtalerne kunne ikke læses fra tracker-databasen lige nu."
    job = state.publisher.job
    return render(request, "overview.html", title="Oversigt", problems=problems, total=total, error=error,
                  since=since, job=job)


# --- conversations ----------------------------------------------------------------------------------------------------
def _parse_date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


async def conversations_page(request: web.Request) -> web.Response:
    state = _state(request)
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
        items, total = await _blocking(list_conversations, state.config.tracker_db_url, filters,
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
    state = _state(request)
    conversation_id = request.match_info["id"]
    conversation = await _blocking(load_conversation, state.config.tracker_db_url, conversation_id,
                                   state.config.low_confidence)
    if conversation is None:
        raise web.HTTPNotFound(text="Samtalen findes ikke.")
    return conversation


async def conversation_page(request: web.Request) -> web.Response:
    state = _state(request)
    conversation = await _conversation_or_404(request)
    # Who opened which conversation and when (never what it said): docs/privacy.md.
    await _blocking(log_access, state.config.tracker_db_url, conversation.id, request["user"].username, "read")
    domain = _domain(state)
    return render(request, "conversation.html", title="Samtale", conversation=conversation, domain=domain,
                  threshold=state.config.low_confidence)


# --- story forms (shared by the story editor and «Gem som historie») ----------------------------------------------
def _choices(domain: DomainInfo, kind: str) -> List[dict]:
    """The options of a step's select, grouped."""
    def short(text: str, limit: int = 55) -> str:
        text = " ".join((text or "").split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    groups = [
        {"label": "Brugeren skriver (intent)",
         "options": [(f"intent:{i}", _intent_label(i)) for i in domain.all_intents]},
        {"label": "Brugeren skriver et af flere intents",
         "options": [("or:", "Et af flere intents (skriv dem i feltet ved siden af)")]},
        {"label": "Assistenten svarer",
         "options": [(f"action:{r}", f"{r} – «{short(t)}»" if t else r) for r, t in domain.responses.items()]},
        {"label": "Assistenten gør (handling eller formular)",
         "options": [(f"action:{a}", a) for a in domain.actions + domain.forms]
                    + [(f"action:{a}", a) for a in ("action_default_fallback", "action_restart",
                                                    "action_deactivate_loop")]},
        {"label": "Formular", "options": [(f"active_loop:{f}", f"Formularen {f} kører") for f in domain.forms]
                                         + [("active_loop:", "Ingen formular kører (afsluttet)")]},
        {"label": "Slot sættes (værdien i feltet ved siden af)",
         "options": [(f"slot:{s}", f"Slot {s}") for s in domain.slots]},
    ]
    if kind != "test":
        groups.append({"label": "Andet", "options": [("checkpoint:", "Checkpoint (navnet i feltet ved siden af)")]})
    return groups


def _condition_choices(domain: DomainInfo) -> List[dict]:
    return [
        {"label": "Formular", "options": [(f"active_loop:{f}", f"Formularen {f} kører") for f in domain.forms]
                                         + [("active_loop:", "Ingen formular kører")]},
        {"label": "Slot har værdien (i feltet ved siden af)",
         "options": [(f"slot:{s}", f"Slot {s}") for s in domain.slots]},
    ]


def _rows(steps: Sequence[stories_mod.Step], blank: int = 3) -> List[dict]:
    rows = [{"choice": s.choice, "extra": s.extra, "text": s.text or ""} for s in steps]
    rows += [{"choice": "", "extra": "", "text": ""} for _ in range(blank)]
    return rows


def _rows_from_form(form: Dict[str, str], prefix: str) -> List[dict]:
    rows = []
    try:
        count = min(int(form.get(f"{prefix}-count", "0")), stories_mod.MAX_STEPS + 20)
    except ValueError:
        count = 0
    for number in range(1, count + 1):
        rows.append({"choice": form.get(f"{prefix}-{number}-choice", ""),
                     "extra": form.get(f"{prefix}-{number}-extra", ""),
                     "text": form.get(f"{prefix}-{number}-text", "")})
    return rows


def _steps_from_rows(rows: List[dict], domain: DomainInfo, prefix: str = "step") -> List[stories_mod.Step]:
    steps = []
    for number, row in enumerate(rows, start=1):
        try:
            step = stories_mod.step_from_choice(row["choice"], row["extra"], row["text"], domain, number)
        except EditError as exc:
            if prefix != "step":
                exc.message = exc.message.replace("Trin ", "Betingelse ", 1)
                exc.field = (exc.field or "").replace("step-", f"{prefix}-", 1)
            raise
        if step is not None:
            steps.append(step)
    return steps


def _item_from_form(form: Dict[str, str], kind: str, domain: DomainInfo) -> stories_mod.Item:
    item = stories_mod.Item(kind=kind, name=form.get("name", ""))
    item.steps = _steps_from_rows(_rows_from_form(form, "step"), domain)
    if kind == "rule":
        item.condition = _steps_from_rows(_rows_from_form(form, "cond"), domain, "cond")
        if any(s.kind not in ("slot", "active_loop") for s in item.condition):
            raise EditError("En betingelse kan kun være en formular eller et slot.", field="cond-1-choice")
        item.conversation_start = form.get("conversation_start") == "on"
        item.wait_for_user_input = form.get("wait_for_user_input") == "on"
    return item


def _story_context(domain: DomainInfo, kind: str, rows: List[dict], cond_rows: Optional[List[dict]] = None,
                   **extra) -> dict:
    return dict(domain=domain, kind=kind, rows=rows, cond_rows=cond_rows or [],
                choices=_choices(domain, kind), cond_choices=_condition_choices(domain), **extra)


def _error_context(exc: EditError) -> dict:
    return {"errors": [exc.message] + list(exc.problems), "error_field": exc.field}


# --- «Gem som historie» -----------------------------------------------------------------------------------------------
async def conversation_story_page(request: web.Request) -> web.Response:
    state = _state(request)
    conversation = await _conversation_or_404(request)
    domain = _domain(state)
    steps = story_steps(conversation, domain)
    first = next((t.text for t in conversation.turns if t.kind == "user" and not t.text.startswith("/")), "")
    return render(request, "conversation_story.html", title="Gem samtalen som historie",
                  conversation=conversation, name=f"Fra samtale: {first[:80]}", target="test",
                  **_story_context(domain, "test", _rows(steps, blank=2)))


async def conversation_story_save(request: web.Request) -> web.Response:
    state = _state(request)
    conversation = await _conversation_or_404(request)
    domain = _domain(state)
    form = _form(request)
    target = form.get("target") if form.get("target") in ("test", "story") else "test"
    rows = _rows_from_form(form, "step")
    context = dict(conversation=conversation, name=form.get("name", ""), target=target)
    if form.get("action") == "suggest":
        try:
            steps = _steps_from_rows(rows, domain)
        except EditError as exc:
            return render(request, "conversation_story.html", 422, title="Gem samtalen som historie",
                          **context, **_story_context(domain, target, rows), **_error_context(exc))
        suggested = stories_mod.suggest_steps(steps, stories_mod.rule_answers(state.project))
        return render(request, "conversation_story.html", title="Gem samtalen som historie",
                      suggested=True, **context, **_story_context(domain, target, _rows(suggested, blank=2)))
    try:
        item = _item_from_form(form, target, domain)
        if target == "story":
            for step in item.steps:
                step.text = None  # training stories use intents, not the user's words
        result = await _blocking(state.store.save_with, lambda project: stories_mod.create_item(project, item),
                                 f"{stories_mod.KINDS[target]['label']} fra en samtale: {item.name}",
                                 _author(request["user"]))
    except EditError as exc:
        return render(request, "conversation_story.html", 422, title="Gem samtalen som historie",
                      **context, **_story_context(domain, target, rows), **_error_context(exc))
    label = stories_mod.KINDS[target]["label"]
    return redirect(request, url("/historier"), _saved_message(f"{label}n «{item.name}» er gemt.", result))


# --- examples -------------------------------------------------------------------------------------------------------
async def intents_page(request: web.Request) -> web.Response:
    state = _state(request)
    domain = _domain(state)
    data = await _blocking(nlu_mod.read_nlu, state.project)
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
    state = _state(request)
    name = request.match_info["intent"]
    domain = _domain(state)
    if name not in domain.all_intents:
        raise web.HTTPNotFound(text="Intentet findes ikke.")
    data = await _blocking(nlu_mod.read_nlu, state.project)
    bucket = data.get(name) or nlu_mod.IntentExamples(name)
    return render(request, "intent.html", title=f"Eksempler: {_intent_label(name)}", intent=name, bucket=bucket,
                  domain=domain)


def _example_context(state: State, domain: DomainInfo, text: str = "", intent: str = "",
                     entity_rows: Optional[List[dict]] = None, conversation_id: str = "", turn: str = "",
                     move: bool = False, turn_info=None) -> dict:
    rows = list(entity_rows or [])
    target = max(3, len(rows) + 1)
    while len(rows) < target:
        rows.append({"text": "", "entity": "", "value": ""})
    intents = [(i, _intent_label(i)) for i in domain.intents]
    return dict(text=text, intent=intent, entity_rows=rows, intents=intents, entities=domain.entities,
                conversation_id=conversation_id, turn=turn, move=move, turn_info=turn_info)


async def example_new_page(request: web.Request) -> web.Response:
    state = _state(request)
    domain = _domain(state)
    conversation_id = request.query.get("samtale", "")
    turn_no = request.query.get("tur", "")
    text, intent, rows, info = request.query.get("tekst", ""), request.query.get("intent", ""), [], None
    if conversation_id and turn_no.isdigit():
        conversation = await _blocking(load_conversation, state.config.tracker_db_url, conversation_id,
                                       state.config.low_confidence)
        turn = conversation.user_turn(int(turn_no)) if conversation else None
        if turn is None:
            raise web.HTTPNotFound(text="Beskeden findes ikke i samtalen.")
        info = turn
        text = turn.text
        intent = turn.suggested_intent if turn.suggested_intent in domain.intents else ""
        rows = [{"text": e["text"], "entity": e["entity"],
                 "value": e["value"] if str(e.get("value")) != e["text"] else ""}
                for e in turn.entities if e.get("entity") in domain.entities]
    return render(request, "example_new.html", title="Tilføj som eksempel",
                  **_example_context(state, domain, text, intent, rows, conversation_id, turn_no, turn_info=info))


async def example_new_save(request: web.Request) -> web.Response:
    state = _state(request)
    domain = _domain(state)
    form = _form(request)
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

        result = await _blocking(state.store.save_with, build, f"Nyt eksempel på {intent}: {plain[:60]}",
                                 _author(request["user"]))
    except EditError as exc:
        context["duplicate"] = next((p.split(":", 1)[1] for p in exc.problems if p.startswith("duplicate:")), None)
        exc.problems = [p for p in exc.problems if not p.startswith("duplicate:")]
        return render(request, "example_new.html", 422, title="Tilføj som eksempel", **context,
                      **_error_context(exc))
    back = url(f"/samtaler/{urllib.parse.quote(context['conversation_id'], safe='')}") \
        if context["conversation_id"] else url(f"/eksempler/intent/{intent}")
    return redirect(request, back, _saved_message(f"«{plain}» er gemt som eksempel på {_intent_label(intent)}.",
                                                  result))


async def example_delete(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    intent, raw = form.get("intent", ""), form.get("raw", "")
    try:
        result = await _blocking(state.store.save_with, lambda p: nlu_mod.remove_example(p, intent, raw),
                                 f"Eksempel fjernet fra {intent}: {raw[:60]}", _author(request["user"]))
    except EditError as exc:
        return redirect(request, url(f"/eksempler/intent/{intent}"),
                        " ".join([exc.message] + exc.problems), kind="fejl")
    return redirect(request, url(f"/eksempler/intent/{intent}"), _saved_message("Eksemplet er fjernet.", result))


# --- stories and rules ---------------------------------------------------------------------------------------------
async def stories_page(request: web.Request) -> web.Response:
    state = _state(request)
    groups = []
    for kind, meta in stories_mod.KINDS.items():
        items = await _blocking(stories_mod.read_items, state.project, kind)
        groups.append({"kind": kind, "label": meta["plural"], "items": items})
    return render(request, "stories.html", title="Historier og regler", groups=groups)


def _kind(value: Optional[str]) -> str:
    if value not in stories_mod.KINDS:
        raise web.HTTPBadRequest(text="Ukendt type.")
    return value


async def story_new_page(request: web.Request) -> web.Response:
    state = _state(request)
    kind = _kind(request.query.get("type", "story"))
    domain = _domain(state)
    return render(request, "story_form.html", title=f"Ny {stories_mod.KINDS[kind]['label'].lower()}", mode="ny",
                  item=None, name="", version="", conversation_start=False, wait_for_user_input=True,
                  **_story_context(domain, kind, _rows([], blank=4), _rows([], blank=2)))


async def story_new_save(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    kind = _kind(form.get("type"))
    domain = _domain(state)
    try:
        item = _item_from_form(form, kind, domain)
        result = await _blocking(state.store.save_with, lambda p: stories_mod.create_item(p, item),
                                 f"Ny {stories_mod.KINDS[kind]['label'].lower()}: {item.name}", _author(request["user"]))
    except EditError as exc:
        return render(request, "story_form.html", 422, title=f"Ny {stories_mod.KINDS[kind]['label'].lower()}",
                      mode="ny", item=None, name=form.get("name", ""), version="",
                      conversation_start=form.get("conversation_start") == "on",
                      wait_for_user_input=form.get("wait_for_user_input") == "on",
                      **_story_context(domain, kind, _rows_from_form(form, "step"), _rows_from_form(form, "cond")),
                      **_error_context(exc))
    return redirect(request, url("/historier"), _saved_message(f"«{item.name}» er gemt.", result))


def _item_address(source) -> tuple:
    try:
        return (_kind(source.get("type")), source.get("fil", ""), int(source.get("nr", "")), source.get("navn", ""))
    except ValueError:
        raise web.HTTPBadRequest(text="Ugyldig adresse.")


async def story_edit_page(request: web.Request) -> web.Response:
    state = _state(request)
    kind, rel, index, name = _item_address(request.query)
    domain = _domain(state)
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
                  **_story_context(domain, kind, _rows(item.steps, blank=3), _rows(item.condition, blank=1)))


async def story_edit_save(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    kind, rel, index, old_name = _item_address(form)
    domain = _domain(state)
    version = form.get("version")
    try:
        if form.get("action") == "delete":
            result = await _blocking(state.store.save_with,
                                     lambda p: stories_mod.delete_item(p, kind, rel, index, old_name, version),
                                     f"{stories_mod.KINDS[kind]['label']} slettet: {old_name}", _author(request["user"]))
            return redirect(request, url("/historier"), _saved_message(f"«{old_name}» er slettet.", result))
        item = _item_from_form(form, kind, domain)
        result = await _blocking(state.store.save_with,
                                 lambda p: stories_mod.update_item(p, rel, index, old_name, version, item),
                                 f"{stories_mod.KINDS[kind]['label']} rettet: {item.name}", _author(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        fake = stories_mod.Item(kind=kind, name=old_name, file=rel, index=index)
        return render(request, "story_form.html", 422, title=f"{stories_mod.KINDS[kind]['label']}: {old_name}",
                      mode="ret", item=fake, name=form.get("name", ""), version=version or "",
                      conversation_start=form.get("conversation_start") == "on",
                      wait_for_user_input=form.get("wait_for_user_input") == "on",
                      **_story_context(domain, kind, _rows_from_form(form, "step"), _rows_from_form(form, "cond")),
                      **_error_context(exc))
    return redirect(request, url("/historier"), _saved_message(f"«{item.name}» er gemt.", result))


# --- catalogue ----------------------------------------------------------------------------------------------------------
async def catalogue_page(request: web.Request) -> web.Response:
    state = _state(request)
    entries = await _blocking(catalogue_edit.list_entries, state.project)
    files: Dict[str, List[catalogue_edit.Entry]] = {}
    for entry in entries:
        parts = entry.file.split("/")
        group = parts[-2] + "/" if parts[-2] in catalogue_edit.ONE_PER_FILE else parts[-1]
        files.setdefault(group, []).append(entry)
    return render(request, "catalogue.html", title="Katalog", files=files,
                  section_labels=catalogue_edit.SECTION_LABELS)


def _entry_address(source) -> tuple:
    return source.get("fil", ""), source.get("post", ""), source.get("id", "")


async def catalogue_edit_page(request: web.Request) -> web.Response:
    state = _state(request)
    rel, key, entry_id = _entry_address(request.query)
    try:
        fields, version = await _blocking(catalogue_edit.entry_form, state.project, rel, key, entry_id)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    return render(request, "catalogue_form.html", title=f"Katalog: {entry_id}", fields=fields, version=version,
                  rel=rel, key=key, entry_id=entry_id, mode="ret", values={})


async def catalogue_edit_save(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    rel, key, entry_id = _entry_address(form)
    try:
        result = await _blocking(
            state.store.save_with,
            lambda p: catalogue_edit.save_entry(p, rel, key, entry_id, form.get("version"), form),
            f"Katalog: {entry_id} rettet", _author(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        try:
            fields, version = catalogue_edit.entry_form(state.project, rel, key, entry_id)
        except (EditError, PathError):
            fields, version = [], ""
        return render(request, "catalogue_form.html", 422, title=f"Katalog: {entry_id}", fields=fields,
                      version=form.get("version", version), rel=rel, key=key, entry_id=entry_id, mode="ret",
                      values=form, **_error_context(exc))
    return redirect(request, url("/katalog"), _saved_message(f"Posten «{entry_id}» er gemt.", result))


async def catalogue_new_page(request: web.Request) -> web.Response:
    state = _state(request)
    rel, key, entry_id = _entry_address(request.query)
    try:
        fields = await _blocking(catalogue_edit.new_entry_template, state.project, rel, key, entry_id)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    return render(request, "catalogue_form.html", title="Ny post i kataloget", fields=fields, version="",
                  rel=rel, key=key, entry_id=entry_id, mode="ny", values={})


async def catalogue_new_save(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    rel, key, entry_id = _entry_address(form)
    new_id = form.get("f.id", "")
    try:
        result = await _blocking(state.store.save_with,
                                 lambda p: catalogue_edit.create_entry(p, rel, key, entry_id, form),
                                 f"Katalog: ny post {new_id}", _author(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        try:
            fields = catalogue_edit.new_entry_template(state.project, rel, key, entry_id)
        except (EditError, PathError):
            fields = []
        return render(request, "catalogue_form.html", 422, title="Ny post i kataloget", fields=fields, version="",
                      rel=rel, key=key, entry_id=entry_id, mode="ny", values=form, **_error_context(exc))
    return redirect(request, url("/katalog"), _saved_message(f"Posten «{new_id}» er oprettet.", result))


# --- responses (what the assistant says itself: domain/*.yml) ------------------------------------------------------
async def responses_page(request: web.Request) -> web.Response:
    state = _state(request)
    items = await _blocking(responses_edit.list_responses, state.project)
    files: Dict[str, List[responses_edit.ResponseInfo]] = {}
    for item in items:
        files.setdefault(item.file, []).append(item)
    return render(request, "responses.html", title="Svar", files=files)


def _response_address(source) -> tuple:
    number = str(source.get("nr", "0"))
    return source.get("fil", ""), source.get("navn", ""), int(number) if number.isdigit() else -1


async def response_edit_page(request: web.Request) -> web.Response:
    state = _state(request)
    rel, name, index = _response_address(request.query)
    try:
        variant, version = await _blocking(responses_edit.response_form, state.project, rel, name, index)
    except (EditError, PathError) as exc:
        raise web.HTTPNotFound(text=getattr(exc, "message", str(exc)))
    return render(request, "response_form.html", title=f"Svar: {name}", rel=rel, name=name, variant=variant,
                  version=version, text=variant.text, variables=responses_edit.variables(variant.text))


async def response_edit_save(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    rel, name, index = _response_address(form)
    try:
        result = await _blocking(
            state.store.save_with,
            lambda p: responses_edit.save_response(p, rel, name, index, form.get("version"), form.get("tekst", "")),
            f"Svar: {name} rettet", _author(request["user"]))
    except (EditError, PathError) as exc:
        if isinstance(exc, PathError):
            exc = EditError(str(exc))
        try:
            variant, version = responses_edit.response_form(state.project, rel, name, index)
        except (EditError, PathError):
            raise web.HTTPNotFound(text=exc.message)
        return render(request, "response_form.html", 422, title=f"Svar: {name}", rel=rel, name=name,
                      variant=variant, version=form.get("version", version), text=form.get("tekst", ""),
                      variables=responses_edit.variables(variant.text), **_error_context(exc))
    return redirect(request, url("/svar"), _saved_message(f"Svaret «{name}» er gemt.", result))


# --- validation ----------------------------------------------------------------------------------------------------
async def validate_all(request: web.Request) -> web.Response:
    state = _state(request)
    report = await _blocking(state.store.validate, None, True)
    return render(request, "validate.html", title="Kontrol af alle data", report=report)


# --- publish -----------------------------------------------------------------------------------------------------------
def _publish_context(state: State) -> dict:
    publisher = state.publisher
    current = publisher.current_models()
    history = list(reversed(publisher.history.entries()))[:20]
    return dict(job=publisher.job, current_models=current, history=history, models=publisher.available_models(),
                previous=publisher.previous_model(), rasa_urls=state.config.rasa_urls,
                commits=gitrepo.log(state.project.root, list(EDITABLE_DIRS), 10)
                if gitrepo.is_repository(state.project.root) else [])


async def publish_page(request: web.Request) -> web.Response:
    state = _state(request)
    context = await _blocking(_publish_context, state)
    return render(request, "publish.html", title="Træn og udgiv", **context)


async def publish_start(request: web.Request) -> web.Response:
    state = _state(request)
    try:
        state.publisher.start(_author(request["user"]))
    except PublishError as exc:
        return redirect(request, url("/udgiv"), exc.message, kind="fejl")
    logger.info("%s startede en udgivelse", request["user"].username)
    return redirect(request, url("/udgiv") + "#status", "Træningen er startet. Du kan følge den her.")


async def publish_rollback(request: web.Request) -> web.Response:
    state = _state(request)
    model = _form(request).get("model") or None
    try:
        state.publisher.rollback(_author(request["user"]), model, background=True)
    except PublishError as exc:
        return redirect(request, url("/udgiv"), exc.message, kind="fejl")
    logger.info("%s startede en tilbagerulning", request["user"].username)
    return redirect(request, url("/udgiv") + "#status", "Tilbagerulningen er startet. Du kan følge den her.")


async def publish_status(request: web.Request) -> web.Response:
    job = _state(request).publisher.job
    return web.json_response({"job": job.as_dict() if job else None},
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


# --- users ------------------------------------------------------------------------------------------------------------
@require_admin
async def users_page(request: web.Request) -> web.Response:
    state = _state(request)
    return render(request, "users.html", title="Brugere", users=sorted(state.users.all().values(),
                                                                       key=lambda u: u.username), roles=ROLES)


@require_admin
async def users_save(request: web.Request) -> web.Response:
    state = _state(request)
    form = _form(request)
    action, username = form.get("action"), (form.get("username") or "").strip().lower()
    me = request["user"]
    try:
        if action == "add":
            if form.get("password") != form.get("password2"):
                raise AuthError("De to adgangskoder er ikke ens.")
            await _blocking(state.users.add, username, form.get("password", ""), form.get("role", "editor"),
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
            await _blocking(state.users.set_password, username, form.get("password", ""))
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
    state = _state(request)
    form = _form(request)
    me: User = request["user"]
    try:
        if me.source != "fil":
            raise AuthError("Din bruger er sat op i EDITOR_USERS; bed driften om at skifte adgangskoden.")
        if await _blocking(state.users.authenticate, me.username, form.get("current", "")) is None:
            raise AuthError("Den nuværende adgangskode er forkert.")
        if form.get("password") != form.get("password2"):
            raise AuthError("De to nye adgangskoder er ikke ens.")
        await _blocking(state.users.set_password, me.username, form.get("password", ""))
    except AuthError as exc:
        return render(request, "account.html", 422, title="Min konto", errors=[exc.message])
    response = redirect(request, url("/login"), "Adgangskoden er skiftet. Log ind med den nye.")
    response.del_cookie(SESSION_COOKIE, path=PREFIX)
    return response


# --- the app ------------------------------------------------------------------------------------------------------------
@web.middleware
async def friendly_errors(request: web.Request, handler):
    if not _is_editor(request):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status in (400, 404, 405) and not _wants_json(request) and request.get("user"):
            message = exc.text if exc.text and not exc.text.startswith(str(exc.status)) else {
                400: "Forespørgslen kunne ikke forstås.", 404: "Siden findes ikke.",
                405: "Den handling er ikke tilladt her."}[exc.status]
            return _denied(request, exc.status, message)
        raise


@require_admin
async def conversation_delete(request: web.Request) -> web.Response:
    """An administrator deletes a conversation (every event in the tracker store); the access log
    records who and when."""
    state = _state(request)
    conversation_id = request.match_info["id"]
    deleted = await _blocking(delete_conversation, state.config.tracker_db_url, conversation_id)
    if not deleted:
        raise web.HTTPNotFound(text="Samtalen findes ikke.")
    await _blocking(log_access, state.config.tracker_db_url, conversation_id, request["user"].username, "delete")
    return redirect(request, url("/samtaler"), "Samtalen er slettet.")


@require_admin
async def access_log_page(request: web.Request) -> web.Response:
    state = _state(request)
    conversation_id = request.query.get("samtale", "").strip()
    username = request.query.get("bruger", "").strip()
    entries = await _blocking(access_entries, state.config.tracker_db_url, conversation_id or None,
                              username or None)
    return render(request, "access_log.html", title="Adgangslog", entries=entries,
                  conversation_id=conversation_id, username=username)


def setup_editor(app: web.Application, config: Optional[EditorConfig] = None,
                 publisher: Optional[Publisher] = None, store: Optional[Store] = None,
                 rasa_url: Optional[str] = None, token: Optional[str] = None) -> State:
    """Adds the editor's routes under /editor to `app` (the chat page's web server) and its
    middlewares, which only act on /editor paths. Call before the app starts.

    The routes are registered on the app itself rather than as a sub-app: the installed yarl cannot
    rebuild request.url from a Host header with a port, which aiohttp's sub-app routing needs."""
    if config is None:
        config = EditorConfig.from_env(rasa_url, token)
    project = Project(config.root, models_dir=config.models_dir)
    store = store or Store(project, config.editor_dir)
    publisher = publisher or Publisher(project, config.editor_dir, config.rasa_urls, config.rasa_token,
                                       kb_url=config.kb_url, store=store)
    state = State(config, project, store, UserStore(config.users_file, config.inline_users),
                  Signer(config.signing_secret()), LoginThrottle(), publisher, make_templates())
    app[STATE] = state
    app.middlewares.extend([security_headers, authentication, friendly_errors])

    async def stop_publishing(app: web.Application) -> None:
        publisher.cancel()

    app.on_cleanup.append(stop_publishing)

    async def to_editor(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(PREFIX + "/")

    r = app.router
    p = PREFIX
    r.add_get(p, to_editor)
    r.add_get(p + "/", overview)
    r.add_get(p + "/login", login_page)
    r.add_post(p + "/login", login)
    r.add_post(p + "/logout", logout)
    r.add_get(p + "/samtaler", conversations_page)
    r.add_get(p + "/samtaler/{id}", conversation_page)
    r.add_post(p + "/samtaler/{id}/slet", conversation_delete)
    r.add_get(p + "/adgangslog", access_log_page)
    r.add_get(p + "/samtaler/{id}/historie", conversation_story_page)
    r.add_post(p + "/samtaler/{id}/historie", conversation_story_save)
    r.add_get(p + "/eksempler", intents_page)
    r.add_get(p + "/eksempler/intent/{intent}", intent_page)
    r.add_get(p + "/eksempler/ny", example_new_page)
    r.add_post(p + "/eksempler/ny", example_new_save)
    r.add_post(p + "/eksempler/slet", example_delete)
    r.add_get(p + "/historier", stories_page)
    r.add_get(p + "/historier/ny", story_new_page)
    r.add_post(p + "/historier/ny", story_new_save)
    r.add_get(p + "/historier/rediger", story_edit_page)
    r.add_post(p + "/historier/rediger", story_edit_save)
    r.add_get(p + "/katalog", catalogue_page)
    r.add_get(p + "/katalog/rediger", catalogue_edit_page)
    r.add_post(p + "/katalog/rediger", catalogue_edit_save)
    r.add_get(p + "/katalog/ny", catalogue_new_page)
    r.add_post(p + "/katalog/ny", catalogue_new_save)
    r.add_get(p + "/svar", responses_page)
    r.add_get(p + "/svar/rediger", response_edit_page)
    r.add_post(p + "/svar/rediger", response_edit_save)
    r.add_post(p + "/valider", validate_all)
    r.add_get(p + "/udgiv", publish_page)
    r.add_post(p + "/udgiv", publish_start)
    r.add_post(p + "/udgiv/tilbage", publish_rollback)
    r.add_get(p + "/api/udgiv/status", publish_status)
    r.add_get(p + "/brugere", users_page)
    r.add_post(p + "/brugere", users_save)
    r.add_get(p + "/konto", account_page)
    r.add_post(p + "/konto", account_save)
    r.add_static(p + "/static/", STATIC, follow_symlinks=False)
    return state


def create_editor_app(config: EditorConfig, **kwargs) -> web.Application:
    """A web server with only the editor (tests, or an operator who runs it apart from the chat)."""
    app = web.Application(client_max_size=MAX_FORM_BYTES)
    setup_editor(app, config, **kwargs)
    return app
