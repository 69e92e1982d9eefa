"""The editor's state on the web app and the small request helpers every page module uses.

The bottom of bot/editor/web: it imports no other module of the package."""
from __future__ import annotations

import asyncio
import functools
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Dict

import jinja2
from aiohttp import web

from bot.editor.auth import LoginThrottle, Signer, User, UserStore
from bot.editor.config import EditorConfig
from bot.editor.domain import DomainInfo, load_domain
from bot.editor.project import Project
from bot.editor.publish import Publisher
from bot.editor.store import Author, Store

EDITOR_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = EDITOR_DIR / "templates"
STATIC = EDITOR_DIR / "static"
PREFIX = "/editor"


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


def get_state(request: web.Request) -> State:
    return request.app[STATE]


def is_editor(request: web.Request) -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def url(path: str = "/", **query) -> str:
    query = {k: v for k, v in query.items() if not (v is None or v is False or v == "")}
    return PREFIX + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")


def posted_form(request: web.Request) -> Dict[str, str]:
    """The POST's fields, read (and CSRF-checked) by the authentication middleware."""
    return request.get("form") or {}


def current_domain(state: State) -> DomainInfo:
    return load_domain(state.project.domain_path)


def author_of(user: User) -> Author:
    return Author(user.username, user.name, user.git_email)


async def blocking(func, *args, **kwargs):
    """Runs a blocking call (files, git, the tracker database) in the default executor."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))
