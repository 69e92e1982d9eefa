"""The front page (/editor/) and the check of all data from it (/editor/valider)."""
from __future__ import annotations

import logging
from datetime import date, timedelta

from aiohttp import web

from bot.editor.conversations import Filters, list_conversations
from bot.editor.web.rendering import render
from bot.editor.web.state import PREFIX, blocking, get_state

logger = logging.getLogger(__name__)


async def to_editor(request: web.Request) -> web.Response:
    raise web.HTTPMovedPermanently(PREFIX + "/")


async def overview(request: web.Request) -> web.Response:
    state = get_state(request)
    since = date.today() - timedelta(days=30)
    problems, total = [], 0
    error = None
    try:
        problems, total = await blocking(
            list_conversations, state.config.tracker_db_url,
            Filters(fallback=True, low_confidence=True, negative=True, date_from=since),
            state.config.low_confidence, 8, 0)
    except Exception as exc:  # the tracker database may be unreachable
        logger.warning("Samtalerne kunne ikke læses: %s", type(exc).__name__)
        error = "Samtalerne kunne ikke læses fra tracker-databasen lige nu."
    job = state.publisher.job
    return render(request, "overview.html", title="Oversigt", problems=problems, total=total, error=error,
                  since=since, job=job)


async def validate_all(request: web.Request) -> web.Response:
    state = get_state(request)
    report = await blocking(state.store.validate, None, True)
    return render(request, "validate.html", title="Kontrol af alle data", report=report)

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p, to_editor)
    r.add_get(p + "/", overview)
    r.add_post(p + "/valider", validate_all)
