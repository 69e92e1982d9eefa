"""The team page over HTTP, in process (aiohttp's test client, no browser): the overview offers the summary
in the chat, and the button makes a single-use summary code instead of asking for the leader key in the
chat (bot/team/web.py, bot/team/store.py)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import re

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.team.store import MIN_ANSWERS, SpentSummaryCode, TeamStore
from bot.team.web import setup_team

CODE = re.compile(r'id="summary-code">([A-Z2-9-]{19})<')


def run(coro):
    """Own thread and event loop: Playwright's sync API (browser tests in the same session) keeps one
    running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture
def store(tmp_path, kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)
    return TeamStore(f"sqlite:///{tmp_path / 'team.sqlite3'}")


def _team_with_answers(store, n):
    team = store.create_team("sosu-assistent")
    for _ in range(n):
        store.add_answer(team.code, {"brugerkompetencer": "grundlaeggende", "datasikkerhed": "oevet"})
    return team


async def _post(store, path, data):
    app = web.Application()
    setup_team(app, store)
    async with TestClient(TestServer(app)) as client:
        response = await client.post(path, data=data)
        text = " ".join((await response.text()).split())  # as it reads, not as the template breaks lines
        return response.status, response.headers.get("Cache-Control"), text


def test_the_overview_offers_the_summary_in_the_chat(store):
    team = _team_with_answers(store, MIN_ANSWERS)
    status, _, body = run(_post(store, "/team/oversigt", {"key": team.leader_key}))
    assert status == 200 and "5 svar fra teamet for social- og sundhedsassistent" in body
    assert "Størst afstand til profilen" in body and "Brugerkompetencer" in body
    assert 'action="/team/opsummering"' in body and "Vis opsummeringen i chatten" in body
    assert "Skriv aldrig din lederkode i chatten" in body


def test_the_button_makes_a_code_that_shows_the_team_once(store):
    team = _team_with_answers(store, MIN_ANSWERS)
    status, cache, body = run(_post(store, "/team/opsummering", {"key": team.leader_key}))
    assert status == 200 and cache == "no-store"
    code = CODE.search(body).group(1)
    assert code not in (team.code, team.leader_key)
    assert "kun én gang og i 15 minutter" in body and 'href="/"' in body  # the way to the chat
    assert store.use_summary_code(code) == store.team_for_leader(team.leader_key)
    with pytest.raises(SpentSummaryCode):
        store.use_summary_code(code)
    second = CODE.search(run(_post(store, "/team/opsummering", {"key": team.leader_key}))[2]).group(1)
    assert second != code  # a new code each time


def test_no_code_under_five_answers_or_with_a_wrong_key(store):
    team = _team_with_answers(store, MIN_ANSWERS - 1)
    _, _, body = run(_post(store, "/team/opsummering", {"key": team.leader_key}))
    assert CODE.search(body) is None
    assert "har 4 svar" in body and "mindst 5" in body
    _, _, body = run(_post(store, "/team/opsummering", {"key": team.code}))  # the staff's code
    assert CODE.search(body) is None and "Lederkoden passer ikke til noget team" in body
