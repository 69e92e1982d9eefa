"""The editor's pages under /editor on the web server (aiohttp).

    from bot.editor.web import setup_editor
    setup_editor(app, rasa_url=…, token=…)  # in bot.web.app.create_app(): mounts the editor under /editor

Every page and action needs a login (editor or admin); users management needs admin. Every
POST carries a CSRF token (form field csrf_token or header X-CSRF-Token) and, when the browser sends
one, an Origin from this site. Sessions are signed cookies (HttpOnly, SameSite=Strict, Secure on
https). Pages are plain HTML forms that work without JavaScript; editor.js only adds conveniences
(progress updates while publishing, adding and moving story steps).

The modules, bottom up (each imports only those above it in this list):

    state          State on the app, PREFIX, url(), the small request helpers
    cookies        session, login and message cookies
    rendering      templates, render(), redirect() with a message, refusals, save messages
    middleware     security headers, login and CSRF check, friendly error pages, require_admin
    story_forms    form <-> story translation shared by the story editor and «Gem som historie»
    *_pages        one module per area, each with its handlers and routes(router, prefix):
                   login, overview, conversation, example, story, catalogue, response, publish, user

setup_editor() here is the one entry point: it builds the State and registers every area's routes.
"""
from __future__ import annotations

from typing import Optional

from aiohttp import web

from bot.editor.auth import LoginThrottle, Signer, UserStore
from bot.editor.config import EditorConfig
from bot.editor.project import Project
from bot.editor.publish import Publisher
from bot.editor.store import Store
from bot.editor.web import (catalogue_pages, conversation_pages, example_pages, login_pages, overview_pages,
                            publish_pages, response_pages, story_pages, user_pages)
from bot.editor.web.middleware import MAX_FORM_BYTES, authentication, friendly_errors, security_headers
from bot.editor.web.rendering import make_templates
from bot.editor.web.state import PREFIX, STATE, STATIC, State

AREAS = (overview_pages, login_pages, conversation_pages, example_pages, story_pages, catalogue_pages,
         response_pages, publish_pages, user_pages)


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

    for area in AREAS:
        area.routes(app.router, PREFIX)
    app.router.add_static(PREFIX + "/static/", STATIC, follow_symlinks=False)
    return state


def create_editor_app(config: EditorConfig, **kwargs) -> web.Application:
    """A web server with only the editor (tests, or an operator who runs it apart from the chat)."""
    app = web.Application(client_max_size=MAX_FORM_BYTES)
    setup_editor(app, config, **kwargs)
    return app
