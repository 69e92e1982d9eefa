"""Shared fixtures: one trained model per session (reused while its fingerprint holds), the action
server, an in-process Rasa Agent, and real servers over HTTP."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from bot import settings  # noqa: E402

os.environ.update(settings.rasa_env())
# The anonymous team overview's database (bot/team/store.py): the test session's own, never var/'s.
os.environ.setdefault("TEAM_DB_URL", f"sqlite:///{tempfile.mkdtemp(prefix='team-')}/team.sqlite3")

# Contact details as an operator would configure them; tests check they reach the user.
OPERATOR_CONTACT = {
    "HANDOVER_NAME": "Borgerservice i Testkommune",
    "HANDOVER_PHONE": "70 10 20 30",
    "HANDOVER_EMAIL": "borgerservice@testkommune.example",
    "HANDOVER_HOURS": "hverdage kl. 10-15",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """Trains once per fingerprint of config, domain, training data and Danish pipeline."""
    from bot.training import train_if_needed

    return train_if_needed()


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory) -> str:
    """A knowledge base built from the real catalogue for this test session (SQLite)."""
    from bot.kb import build

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.sqlite3'}"
    build(settings.CATALOGUE_DIR, url)
    return url


@pytest.fixture(scope="session")
def action_server_url(tmp_path_factory, kb_url):
    from bot.stack import action_server, wait_healthy

    port = free_port()
    os.environ.update(OPERATOR_CONTACT)
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    service = action_server(port, log)
    service.env.update({**OPERATOR_CONTACT, "KB_URL": kb_url})
    service.start()
    try:
        wait_healthy([service], timeout=120)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        service.stop()


@pytest.fixture(scope="session")
def event_loop_session():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def agent(trained_model, action_server_url, event_loop_session):
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    async def load():
        return Agent.load(str(trained_model), action_endpoint=EndpointConfig(url=action_server_url))

    return event_loop_session.run_until_complete(load())


@dataclass
class Conversation:
    """A conversation with the in-process agent; `say` returns the bot's texts."""

    agent: object
    loop: asyncio.AbstractEventLoop
    sender: str
    metadata: Optional[Dict] = None
    last: List[Dict] = None

    def say(self, text: str) -> List[str]:
        from rasa.core.channels.channel import UserMessage

        message = UserMessage(text=text, sender_id=self.sender, metadata=self.metadata)
        self.last = self.loop.run_until_complete(self.agent.handle_message(message)) or []
        return [m.get("text", "") for m in self.last if m.get("text")]

    def reply(self, text: str) -> str:
        return "\n".join(self.say(text))

    def buttons(self) -> List[Dict]:
        return [b for m in (self.last or []) for b in m.get("buttons", [])]

    def tracker(self):
        return self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender))

    def slot(self, name: str):
        return self.tracker().get_slot(name)

    def intent(self) -> str:
        return self.tracker().latest_message.intent.get("name")


@pytest.fixture
def conversation(agent, event_loop_session):
    """A fresh staff conversation (the intranet default)."""
    return Conversation(agent, event_loop_session, sender=f"test-{uuid.uuid4().hex}")


@pytest.fixture
def citizen_conversation(agent, event_loop_session):
    """A fresh conversation from the municipality's site (audience=citizen in session metadata)."""
    return Conversation(
        agent, event_loop_session, sender=f"test-{uuid.uuid4().hex}", metadata={"audience": "citizen"}
    )


@dataclass
class RasaStack:
    rasa_url: str
    token: str
    action_url: str
    tracker_db_url: str


@pytest.fixture(scope="session")
def rasa_stack(trained_model, tmp_path_factory, kb_url) -> RasaStack:
    """The real action server and Rasa server as subprocesses, on free ports, with a fresh tracker DB."""
    from bot.stack import action_server, rasa_server, wait_healthy

    logs = tmp_path_factory.mktemp("stack")
    tracker_db_url = f"sqlite:///{logs / 'tracker.sqlite3'}"
    action_port, rasa_port = free_port(), free_port()
    token = uuid.uuid4().hex
    actions = action_server(action_port, logs / "actions.log")
    actions.env.update({**OPERATOR_CONTACT, "KB_URL": kb_url})
    action_url = f"http://127.0.0.1:{action_port}/webhook"
    rasa = rasa_server(
        trained_model, rasa_port, action_url, token, logs / "rasa.log",
        extra_env={"TRACKER_DB_URL": tracker_db_url},
    )
    actions.start()
    rasa.start()
    try:
        wait_healthy([actions, rasa], timeout=480)
        yield RasaStack(f"http://127.0.0.1:{rasa_port}", token, action_url, tracker_db_url)
    finally:
        rasa.stop()
        actions.stop()


# --- the session's model is trained while the tests that need none run --------------------------------
# Training uses about one of CI's two cores for several minutes. So the tests that need a trained model
# run last, and the training starts in a subprocess as soon as the tests are collected; the
# `trained_model` fixture then waits for it (bot/training/models.py's lock) or finds the model already there.
_background_training: Optional[subprocess.Popen] = None


def needs_trained_model(item) -> bool:
    # tests/production asks for the model with request.getfixturevalue, so it is not in fixturenames.
    return "trained_model" in getattr(item, "fixturenames", ()) or "production" in Path(str(item.fspath)).parts


def pytest_collection_modifyitems(session, config, items):
    global _background_training
    # Stable: the order within each group is kept. tests/production goes last of all: its cluster sets
    # the environment (PostgreSQL, a 2-second action timeout) for the rest of the session.
    items.sort(key=lambda item: (needs_trained_model(item), "production" in Path(str(item.fspath)).parts))
    if not any(needs_trained_model(item) for item in items) or config.option.collectonly:
        return
    settings.MODELS_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.MODELS_DIR / ".background-training.log", "w") as log:
        _background_training = subprocess.Popen(
            [sys.executable, "-c", "from bot.training import train_if_needed; train_if_needed()"],
            cwd=settings.ROOT, env={**os.environ, **settings.rasa_env()}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)


def pytest_sessionfinish(session, exitstatus):
    if _background_training is not None and _background_training.poll() is None:
        import signal

        os.killpg(_background_training.pid, signal.SIGTERM)  # with `rasa train` under it
        _background_training.wait(timeout=60)


def pytest_configure(config):
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")
    config.addinivalue_line("markers", "services: needs the local PostgreSQL/Redis servers")
