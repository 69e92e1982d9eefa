"""Fixtures for the chat page's browser tests: Debian's Chromium driven by Playwright for Python,
the web server (`python -m bot.web`) in front of the real Rasa stack, and axe-core from web/."""
from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from bot import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = settings.ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
DIST = settings.ROOT / "bot" / "web" / "static" / "dist"


def _missing(what: str) -> None:
    """Skip on a developer's machine without the browser tools; fail in CI, where they must be."""
    message = f"{what} (se docs/chat-page.md, afsnittet om tests)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Module scope: Playwright's sync API runs an event loop in this thread while it is open, which would
# stop the in-process Rasa Agent of tests collected after these.
@pytest.fixture(scope="module")
def playwright_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python er ikke installeret")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        _missing(f"Chromium findes ikke på {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def built_assets() -> Path:
    if not (DIST / "chat.js").exists() or not (DIST / "embed.js").exists():
        _missing("Chatsidens JavaScript er ikke bygget (kør `make setup` eller `npm ci && npm run build` i web/)")
    return DIST


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        _missing("axe-core mangler i web/node_modules (kør `npm ci` i web/)")
    return AXE.read_text(encoding="utf-8")


@dataclass
class ChatServer:
    url: str
    rasa_url: str
    token: str
    tracker_db_url: Optional[str] = None

    def tracker(self, conversation_id: str) -> dict:
        """The conversation as Rasa stored it (HTTP API, with the token)."""
        url = f"{self.rasa_url}/conversations/{conversation_id}/tracker?token={self.token}&include_events=ALL"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)


def _start_web(tmp_path_factory, rasa_url: str, token: str, socket_url: Optional[str] = None):
    from bot.stack import Service, wait_healthy

    port = _free_port()
    log = tmp_path_factory.mktemp("web") / "web.log"
    service = Service(
        name="webserver",
        command=[sys.executable, "-m", "bot.web"],
        health_url=f"http://127.0.0.1:{port}/healthz",
        env={
            "WEB_PORT": str(port),
            "BIND_HOST": "127.0.0.1",
            "RASA_URL": rasa_url,
            "RASA_API_TOKEN": token,
            "CHAT_SOCKET_URL": socket_url or rasa_url,
        },
        log_path=log,
    )
    service.start()
    wait_healthy([service], timeout=60)
    return service, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def chat_server(rasa_stack, built_assets, tmp_path_factory) -> ChatServer:
    """The web server in front of the real Rasa server and action server (tests/conftest.py)."""
    service, url = _start_web(tmp_path_factory, rasa_stack.rasa_url, rasa_stack.token)
    try:
        yield ChatServer(url, rasa_stack.rasa_url, rasa_stack.token, getattr(rasa_stack, "tracker_db_url", None))
    finally:
        service.stop()


@pytest.fixture(scope="session")
def chat_server_without_rasa(built_assets, tmp_path_factory) -> str:
    """A web server whose Rasa server is not running: the page must say the chat is unavailable."""
    dead = f"http://127.0.0.1:{_free_port()}"
    service, url = _start_web(tmp_path_factory, dead, "ingen-token")
    try:
        yield url
    finally:
        service.stop()


@pytest.fixture
def context(playwright_browser):
    """A fresh browser context (own sessionStorage) per test; Danish locale."""
    ctx = playwright_browser.new_context(locale="da-DK", viewport={"width": 1024, "height": 768})
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return page
