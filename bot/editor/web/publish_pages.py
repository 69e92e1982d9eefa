"""Train and publish (/editor/udgiv): start, roll back, and the job's status as JSON for editor.js."""
from __future__ import annotations

import json
import logging

from aiohttp import web

from bot.editor import gitrepo
from bot.editor.project import EDITABLE_DIRS
from bot.editor.publish import PublishError
from bot.editor.web.rendering import redirect, render
from bot.editor.web.state import State, author_of, blocking, get_state, posted_form, url

logger = logging.getLogger(__name__)


def _publish_context(state: State) -> dict:
    publisher = state.publisher
    current = publisher.current_models()
    history = list(reversed(publisher.history.entries()))[:20]
    return dict(job=publisher.job, current_models=current, history=history, models=publisher.available_models(),
                previous=publisher.previous_model(), rasa_urls=state.config.rasa_urls,
                commits=gitrepo.log(state.project.root, list(EDITABLE_DIRS), 10)
                if gitrepo.is_repository(state.project.root) else [])


async def publish_page(request: web.Request) -> web.Response:
    state = get_state(request)
    context = await blocking(_publish_context, state)
    return render(request, "publish.html", title="Træn og udgiv", **context)


async def publish_start(request: web.Request) -> web.Response:
    state = get_state(request)
    try:
        state.publisher.start(author_of(request["user"]))
    except PublishError as exc:
        return redirect(request, url("/udgiv"), exc.message, kind="fejl")
    logger.info("%s startede en udgivelse", request["user"].username)
    return redirect(request, url("/udgiv") + "#status", "Træningen er startet. Du kan følge den her.")


async def publish_rollback(request: web.Request) -> web.Response:
    state = get_state(request)
    model = posted_form(request).get("model") or None
    try:
        state.publisher.rollback(author_of(request["user"]), model, background=True)
    except PublishError as exc:
        return redirect(request, url("/udgiv"), exc.message, kind="fejl")
    logger.info("%s startede en tilbagerulning", request["user"].username)
    return redirect(request, url("/udgiv") + "#status", "Tilbagerulningen er startet. Du kan følge den her.")


async def publish_status(request: web.Request) -> web.Response:
    job = get_state(request).publisher.job
    return web.json_response({"job": job.as_dict() if job else None},
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))

def routes(r: web.UrlDispatcher, p: str) -> None:
    r.add_get(p + "/udgiv", publish_page)
    r.add_post(p + "/udgiv", publish_start)
    r.add_post(p + "/udgiv/tilbage", publish_rollback)
    r.add_get(p + "/api/udgiv/status", publish_status)
