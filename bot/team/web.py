"""The team overview's web page, mounted on the chat page's web server under /team (setup_team).

    GET  /team            create a team (choose the role) or open an overview with the leader key
    POST /team/ny         create a team: shows the team code for the staff and the leader key, once
    POST /team/oversigt   the overview: per competence area, how the team's self-assessed levels
                          spread against the role profile (a chart and a table), and good practices
                          for the biggest gaps; nothing for fewer than 5 answers
    POST /team/opsummering  a single-use summary code (valid 15 minutes) to see a short summary in the
                          chat without typing the leader key there (bot/team/summary.py)
    POST /team/slet       delete the team's answers, or the whole team

The leader key is sent in a form body, never in a URL, so it does not end up in logs or browser history.
All text is in templates/team.html.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import jinja2
from aiohttp import web

from bot.kb import queries
from .report import team_report
from .store import LEVELS, MIN_ANSWERS, SUMMARY_CODE_MINUTES, TeamStore, TooFewAnswers, UnknownTeam

TEMPLATES = Path(__file__).resolve().parent / "templates"
STORE_KEY = web.AppKey("team_store", TeamStore)
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _page(**values) -> web.Response:
    defaults = dict(view="start", roles=[], team=None, overview=None, count=0, min_answers=MIN_ANSWERS,
                    error=None, deleted=None, role_name="", key="", levels=[], gaps=[], summary_code="",
                    minutes=SUMMARY_CODE_MINUTES)
    defaults.update(values)
    response = web.Response(text=_env.get_template("team.html").render(**defaults), content_type="text/html")
    response.headers["Cache-Control"] = "no-store"  # the overview must not stay in a shared cache
    return response


def _level_names() -> List[Dict[str, str]]:
    names = {level.id: level.name for level in queries.list_levels()}
    return [{"id": level, "name": names.get(level, level)} for level in LEVELS]


async def start(request: web.Request) -> web.Response:
    return _page(roles=queries.list_roles())


async def create(request: web.Request) -> web.Response:
    form = await request.post()
    role_id = str(form.get("role", ""))
    role = queries.get_role(role_id)
    if role is None:
        return _page(roles=queries.list_roles(), error="role")
    team = request.app[STORE_KEY].create_team(role_id)
    return _page(view="created", team=team, role_name=role.name)


async def overview(request: web.Request) -> web.Response:
    form = await request.post()
    key = str(form.get("key", "")).strip()
    store = request.app[STORE_KEY]
    try:
        report = team_report(store, store.team_for_leader(key))
    except UnknownTeam:
        return _page(roles=queries.list_roles(), error="key")
    except TooFewAnswers as exc:
        return _too_few(exc, key)
    result, names = report.overview, report.area_names
    level_names = {level["id"]: level["name"] for level in _level_names()}
    areas = [dict(name=names.get(a.area_id, a.area_id), needed=level_names.get(a.needed, ""), total=a.total,
                  below=a.below, counts=[dict(level=lv, name=level_names[lv], n=a.counts.get(lv, 0),
                                              share=round(100 * a.counts.get(lv, 0) / max(1, a.total)))
                                         for lv in LEVELS],
                  # the bars are stacked from the lowest level up, so this line parts those below the
                  # profile (left) from those who meet it (right)
                  needed_at=round(100 * a.below / a.total) if a.needed in LEVELS and a.total else None)
             for a in result.areas]
    gaps = [dict(name=names.get(a.area_id, a.area_id)) for a in report.gaps]
    return _page(view="overview", overview=result, role_name=report.role.name, key=key, levels=_level_names(),
                 areas=areas, gaps=gaps, practices=[dict(title=p.title, source=p.source) for p in report.practices])


def _too_few(exc: TooFewAnswers, key: str) -> web.Response:
    role = queries.get_role(exc.role_id)
    return _page(view="too_few", count=exc.count, key=key, role_name=role.name if role else "")


async def summary_code(request: web.Request) -> web.Response:
    """A single-use code that shows the summary in the chat, so the leader key is never typed there."""
    form = await request.post()
    key = str(form.get("key", "")).strip()
    store = request.app[STORE_KEY]
    try:
        team = store.team_for_leader(key)
        count = store.count(key)
        if count < MIN_ANSWERS:  # nothing to show in the chat either
            return _too_few(TooFewAnswers(count, team.role_id), key)
        code = store.create_summary_code(key)
    except UnknownTeam:
        return _page(roles=queries.list_roles(), error="key")
    return _page(view="summary_code", summary_code=code, key=key)


async def delete(request: web.Request) -> web.Response:
    form = await request.post()
    key = str(form.get("key", "")).strip()
    store = request.app[STORE_KEY]
    try:
        if form.get("what") == "team":
            store.delete_team(key)
            return _page(view="deleted", deleted="team")
        count = store.delete_answers(key)
    except UnknownTeam:
        return _page(roles=queries.list_roles(), error="key")
    return _page(view="deleted", deleted="answers", count=count)


def setup_team(app: web.Application, store: Optional[TeamStore] = None) -> None:
    """Adds /team to the chat page's web server (routes on the app itself, like the editor)."""
    app[STORE_KEY] = store or TeamStore()
    app.router.add_get("/team", start)
    app.router.add_post("/team/ny", create)
    app.router.add_post("/team/oversigt", overview)
    app.router.add_post("/team/opsummering", summary_code)
    app.router.add_post("/team/slet", delete)
