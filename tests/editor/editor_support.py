"""Helpers for the editor's tests: a copy of the project as its own git repository, a tracker store
with Rasa's schema, and the editor served on a free port."""
from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from bot import settings
from bot.editor.project import Project

PASSWORD = "Rigtig-god-kode-2026"
EDITOR_PASSWORD = "Redaktoerens-kode-77"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def copy_project(target: Path, with_git: bool = True) -> Project:
    """A copy of the real project's content (what the editor reads and writes), as its own git repo."""
    project = Project(settings.ROOT).snapshot(target)
    if with_git:
        git(target, "init", "-q")
        git(target, "config", "user.name", "Test")
        git(target, "config", "user.email", "test@example.invalid")
        git(target, "add", ".")
        git(target, "commit", "-q", "-m", "Kopi af projektet")
    return Project(target, models_dir=target / "models")


def tree_state(root: Path) -> Dict[str, bytes]:
    """Every file's bytes under data/ and tests/stories/ (to prove nothing was written)."""
    state = {}
    for base in ("data", "tests/stories"):
        for path in sorted((root / base).rglob("*")):
            if path.is_file() and "generated" not in path.parts:
                state[str(path.relative_to(root))] = path.read_bytes()
    return state


# --- a tracker store with Rasa's schema (the `events` table of SQLTrackerStore) ----------------------------------
class TrackerDB:
    def __init__(self, path: Path):
        import sqlalchemy as sa

        self.url = f"sqlite:///{path}"
        self.engine = sa.create_engine(self.url)
        with self.engine.begin() as connection:
            connection.execute(sa.text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                "action_name VARCHAR(255), data TEXT)"))
        self.clock = time.time() - 3600

    def _add(self, sender: str, event: dict, intent: Optional[str] = None, action: Optional[str] = None) -> None:
        import sqlalchemy as sa

        self.clock += 1
        event.setdefault("timestamp", self.clock)
        with self.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (:s, :t, :ts, :i, :a, :d)"),
                dict(s=sender, t=event["event"], ts=event["timestamp"], i=intent, a=action, d=json.dumps(event)))

    def start(self, sender: str) -> None:
        self._add(sender, {"event": "action", "name": "action_session_start"}, action="action_session_start")
        self._add(sender, {"event": "session_started"})
        self._add(sender, {"event": "action", "name": "action_listen"}, action="action_listen")

    def user(self, sender: str, text: str, intent: str, confidence: float, entities: List[dict] = (),
             ranking: Optional[List[tuple]] = None) -> None:
        ranking = ranking or [(intent, confidence)]
        parse = {"intent": {"name": intent, "confidence": confidence}, "entities": list(entities), "text": text,
                 "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}
        self._add(sender, {"event": "user", "text": text, "parse_data": parse, "input_channel": "rest"},
                  intent=intent)

    def bot(self, sender: str, action: str, text: str) -> None:
        self._add(sender, {"event": "action", "name": action, "policy": "RulePolicy", "confidence": 1.0},
                  action=action)
        self._add(sender, {"event": "bot", "text": text, "metadata": {"utter_action": action}})
        self._add(sender, {"event": "action", "name": "action_listen"}, action="action_listen")

    def feedback(self, sender: str, value: str, message: str) -> None:
        self._add(sender, {"event": "slot", "name": "feedback",
                           "value": {"value": value, "message": message, "question": None}}, action="feedback")


# --- the editor on a free port ----------------------------------------------------------------------------------------
@dataclass
class EditorServer:
    url: str
    project: Project
    config: object
    state: object
    app: object = None

    def session(self, username: Optional[str] = "anne", password: str = PASSWORD):
        """A requests session, logged in unless username is None."""
        import requests

        session = requests.Session()
        if username:
            response = session.get(self.url + "/editor/login")
            token = csrf_from(response.text)
            response = session.post(self.url + "/editor/login", data={
                "csrf_token": token, "username": username, "password": password, "next": "/editor/"},
                allow_redirects=False)
            assert response.status_code == 303, response.text[:500]
        return session


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "ingen CSRF-token på siden"
    return match.group(1)


def start_editor(tmp_path: Path, project: Project, tracker_url: str, rasa_urls: List[str], token: str = "t",
                 run_rasa: bool = False, publisher=None, extra_users=True):
    from aiohttp import web

    from bot.editor.auth import UserStore
    from bot.editor.config import EditorConfig
    from bot.editor.store import Store
    from bot.editor.web import setup_editor

    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    users = UserStore(var / "editors.yml")
    if extra_users and not users.get("anne"):
        users.add("anne", PASSWORD, "admin", "Anne Jensen", "anne@kommune.example")
        users.add("bo", EDITOR_PASSWORD, "editor", "Bo Hansen")
    config = EditorConfig(root=project.root, var_dir=var, users_file=var / "editors.yml", rasa_urls=rasa_urls,
                          rasa_token=token, tracker_db_url=tracker_url, kb_url=None, secret="test-hemmelighed-" * 3,
                          models_dir=project.models_dir)
    store = Store(project, config.editor_dir, run_rasa=run_rasa)
    port = free_port()
    ready = threading.Event()
    holder = {}

    def serve():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = web.Application()
        holder["state"] = setup_editor(app, config, store=store, publisher=publisher)
        holder["app"] = app
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        holder["loop"], holder["runner"] = loop, runner
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(30), "redigeringsserveren startede ikke"
    server = EditorServer(f"http://127.0.0.1:{port}", project, config, holder["state"], holder["app"])

    def stop():
        holder["loop"].call_soon_threadsafe(holder["loop"].stop)
        thread.join(timeout=10)

    return server, stop


