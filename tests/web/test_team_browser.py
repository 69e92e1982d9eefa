"""The team overview page in a real browser (Chromium via Playwright): a leader creates a team, nothing
is shown under 5 answers, the chart shows the spread from 5, and the leader deletes the answers.
The staff's answers are added through the store here (sharing from the chat: tests/test_team_chat.py)."""
from __future__ import annotations

import asyncio
import os
import socket
import threading
from pathlib import Path

import pytest
from aiohttp import web

from bot.team.store import TeamStore
from bot.team.web import setup_team

SCREENSHOT_DIR = Path(os.environ.get("TEAM_SCREENSHOT_DIR", "/tmp"))


@pytest.fixture(scope="module")
def team_server(kb_url, tmp_path_factory):
    os.environ["KB_URL"] = kb_url
    store = TeamStore(f"sqlite:///{tmp_path_factory.mktemp('team') / 'team.sqlite3'}")
    app = web.Application()
    setup_team(app, store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", store
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.run_until_complete(runner.cleanup())


def _answer(store, code, level):
    store.add_answer(code, {"brugerkompetencer": level, "datasikkerhed": "oevet", "dataanvendelse": "grundlaeggende"})


def test_leader_creates_team_sees_nothing_under_five_then_the_chart_and_deletes(team_server, page):
    url, store = team_server
    page.goto(f"{url}/team")
    page.select_option("#role", "sosu-assistent")
    page.click("text=Opret team")
    code = page.inner_text("#team-code").strip()
    key = page.inner_text("#leader-key").strip()
    assert len(code) == 19 and len(key) >= 30

    for level in ("oevet", "oevet", "avanceret", "grundlaeggende"):
        _answer(store, code, level)
    page.click("text=Vis oversigt")
    status = page.inner_text("[role=status]")
    assert "4 svar" in status and "mindst 5" in status
    assert page.locator("#chart").count() == 0

    _answer(store, code, "ekspert")
    page.goto(f"{url}/team")
    page.fill("#key", key)
    page.click("text=Vis oversigt")
    assert "5 svar fra teamet for social- og sundhedsassistent" in page.inner_text("main")
    assert page.locator("#chart .row").count() == 12
    bar = page.locator("#chart .row", has_text="Brugerkompetencer")
    widths = bar.locator(".seg").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert len(widths) == 4 and all(w > 0 for w in widths)
    assert bar.locator(".need").count() == 1
    assert "Størst afstand til profilen" in page.inner_text("main")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "team-overview.png"), full_page=True)

    page.click("text=Slet alle svar")
    assert "5 svar er slettet" in page.inner_text("[role=status]")
    page.goto(f"{url}/team")
    page.fill("#key", key)
    page.click("text=Vis oversigt")
    assert "0 svar" in page.inner_text("[role=status]")
    assert not page.js_errors


def test_a_wrong_leader_key_shows_nothing(team_server, page):
    url, _ = team_server
    page.goto(f"{url}/team")
    page.fill("#key", "gæt-en-kode")
    page.click("text=Vis oversigt")
    assert "Lederkoden passer ikke" in page.inner_text("[role=alert]")


def test_the_summary_button_gives_a_code_for_the_chat(team_server, page):
    """The leader never types the leader key into the chat: the button gives a single-use code, and that
    code gives the summary in the chat once (bot/team/summary.py)."""
    from bot.team.chat import share_step

    url, store = team_server
    team = store.create_team("sosu-assistent")
    for level in ("oevet", "oevet", "avanceret", "grundlaeggende", "ekspert"):
        _answer(store, team.code, level)
    page.goto(f"{url}/team")
    page.fill("#key", team.leader_key)
    page.click("text=Vis oversigt")
    page.click("text=Vis opsummeringen i chatten")
    code = page.inner_text("#summary-code").strip()
    assert len(code) == 19 and code not in (team.code, team.leader_key)
    assert "15 minutter" in page.inner_text("main")
    page.click("text=Tilbage til oversigten")
    assert "5 svar fra teamet" in page.inner_text("main")
    assert not page.js_errors

    summary = "\n".join(m.text for m in share_step(code, {}, store).messages)
    assert "5 har delt" in summary and "Størst afstand til profilen" in summary
    assert "brugt eller udløbet" in "\n".join(m.text for m in share_step(code, {}, store).messages)
