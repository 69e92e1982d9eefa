"""The web server on WEB_PORT (default 8080): the chat page, the embed script and feedback.

Routes
  GET  /               the chat page; ?audience=citizen for the municipality's site,
                       ?embed=1 inside the embed iframe, ?storage=local to keep the conversation
  GET  /embed.js       the embed script (one <script> tag on an intranet page)
  GET  /eksempel       a sample intranet page with the embed snippet
  GET  /static/…       built assets (bot/web/static/dist, made by `npm run build` in web/)
  POST /api/feedback   thumbs up / down, stored in the conversation's tracker in Rasa
  GET  /healthz        {"status": "ok"}
  /team                the leaders' anonymous team overview (bot/team/web.py)
"""
from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path
from string import Template
from typing import Optional
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot import settings
from bot.web.config import WebConfig
from bot.web.feedback import FeedbackError, RasaUnavailable, parse_request, store_feedback
from bot.web.texts import EMBED_GLOBAL, embed_texts, feedback_error, page_texts, script_texts

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
DIST_DIR = STATIC_DIR / "dist"
TEMPLATES = HERE / "templates"
MAX_BODY = 16 * 1024

_HOSTNAME = re.compile(r"^[A-Za-z0-9.-]{1,253}$")

CONFIG_KEY = web.AppKey("config", WebConfig)
HTTP_KEY = web.AppKey("http", aiohttp.ClientSession)
TOKEN_KEY = web.AppKey("token", str)


def build_missing() -> bool:
    return not (DIST_DIR / "chat.js").exists() or not (DIST_DIR / "embed.js").exists()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def socket_sources(config: WebConfig, request: web.Request) -> list[str]:
    """The origins the page may connect to for socket.io (http(s) for polling, ws(s) for WebSocket)."""
    if config.socket_url:
        origin = _origin(config.socket_url)
    else:
        # request.host is the Host header ("name:port"); request.url is avoided on purpose (the
        # installed yarl refuses to rebuild it from a host with a port).
        host = (request.host or "").rsplit(":", 1)[0] if not (request.host or "").endswith("]") else ""
        if not _HOSTNAME.match(host):
            host = "localhost"
        scheme = "https" if request.scheme == "https" else "http"
        origin = f"{scheme}://{host}:{config.rasa_port}"
    ws = "wss" + origin[5:] if origin.startswith("https") else "ws" + origin[4:]
    return [origin, ws]


def page_csp(config: WebConfig, request: web.Request) -> str:
    directives = {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": " ".join(["'self'", *socket_sources(config, request)]),
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": config.frame_ancestors,
    }
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def render_page(config: WebConfig, audience: str, embed: bool, storage: str) -> str:
    """The chat page; its words are responses in domain/chat_page.yml (bot/web/texts.py), read each time."""
    template = Template((TEMPLATES / "index.html").read_text(encoding="utf-8"))
    esc = html.escape
    return template.substitute(
        {key: esc(text) for key, text in page_texts(audience).items()},
        strings=esc(json.dumps(script_texts(audience), ensure_ascii=False)),
        audience=esc(audience),
        socket_url=esc(config.socket_url),
        rasa_port=esc(str(config.rasa_port)),
        storage=esc(storage),
        embed="true" if embed else "false",
    )


async def chat_page(request: web.Request) -> web.Response:
    config = request.app[CONFIG_KEY]
    if build_missing():  # only on a developer's machine: the image and `make run` build it
        raise web.HTTPServiceUnavailable(
            text="Chatsiden er ikke bygget endnu. Kør `make run` (eller `npm ci && npm run build` i web/).",
        )
    query = request.rel_url.query
    audience = "citizen" if query.get("audience") == "citizen" else "staff"
    embed = query.get("embed") in ("1", "true")
    storage = "local" if query.get("storage") == "local" else "session"
    body = render_page(config, audience, embed, storage)
    response = web.Response(text=body, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = page_csp(config, request)
    response.headers["Cache-Control"] = "no-cache"
    return response


async def example_page(request: web.Request) -> web.Response:
    body = (TEMPLATES / "eksempel.html").read_text(encoding="utf-8")
    response = web.Response(text=body, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'; "
        "base-uri 'none'; frame-ancestors 'self'"
    )
    return response


async def embed_script(request: web.Request) -> web.StreamResponse:
    path = DIST_DIR / "embed.js"
    if not path.exists():
        raise web.HTTPServiceUnavailable(text="embed.js er ikke bygget endnu.")
    # The script's words come from domain/chat_page.yml, so an editor's change reaches intranet pages too.
    words = json.dumps(embed_texts(), ensure_ascii=False)
    script = f"window.{EMBED_GLOBAL} = {words};\n" + path.read_text(encoding="utf-8")
    return web.Response(text=script, content_type="text/javascript", charset="utf-8", headers={
        "Cache-Control": "public, max-age=300",
        "Cross-Origin-Resource-Policy": "cross-origin",
    })


def _json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def feedback(request: web.Request) -> web.Response:
    if request.content_type != "application/json":
        return _json_error(415, feedback_error("utter_chat_feedback_not_json"))
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _json_error(413, feedback_error("utter_chat_feedback_too_large"))
    try:
        raw = await request.content.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return _json_error(413, feedback_error("utter_chat_feedback_too_large"))
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(400, feedback_error("utter_rest_invalid_json"))
    try:
        parsed = parse_request(data)
        event = await store_feedback(
            request.app[HTTP_KEY], request.app[CONFIG_KEY].rasa_url, request.app[TOKEN_KEY], parsed
        )
    except FeedbackError as exc:
        return _json_error(exc.status, exc.message)
    except RasaUnavailable as exc:
        logger.warning("Feedback kunne ikke gemmes: Rasa svarede ikke som ventet (%s)", exc)
        return _json_error(502, feedback_error("utter_chat_feedback_not_saved"))
    logger.info("Feedback gemt: %s", parsed.value)
    return web.json_response({"status": "gemt", "value": event["value"]["value"]}, status=201)


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "build": not build_missing()})


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


async def _http_client(app: web.Application):
    timeout = aiohttp.ClientTimeout(total=10)
    app[HTTP_KEY] = aiohttp.ClientSession(timeout=timeout)
    yield
    await app[HTTP_KEY].close()


def create_app(config: Optional[WebConfig] = None, token: Optional[str] = None) -> web.Application:
    app = web.Application(middlewares=[security_headers], client_max_size=MAX_BODY)
    app[CONFIG_KEY] = config or WebConfig.from_env()
    app[TOKEN_KEY] = token if token is not None else settings.api_token()
    app.cleanup_ctx.append(_http_client)
    app.router.add_get("/", chat_page)
    app.router.add_get("/eksempel", example_page)
    app.router.add_get("/embed.js", embed_script)
    app.router.add_post("/api/feedback", feedback)
    app.router.add_get("/healthz", health)
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    app.router.add_static("/static/", STATIC_DIR, follow_symlinks=False)
    from bot.editor.web import setup_editor  # the editor's pages under /editor (bot/editor, docs/editor.md)

    setup_editor(app, rasa_url=app[CONFIG_KEY].rasa_url, token=app[TOKEN_KEY])
    from bot.team.web import setup_team  # the leaders' anonymous team overview under /team (bot/team)

    setup_team(app)
    return app
