"""Starting and stopping the assistant's servers: action server, Rasa server and web server.

Used by `python -m bot run` and by the tests that talk to real servers over HTTP.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from bot import settings
from bot.training import rasa_bin

logger = logging.getLogger(__name__)


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: str
    env: Dict[str, str] = field(default_factory=dict)
    log_path: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            self.command,
            cwd=settings.ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping reaches its children
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except Exception:
            return False

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        tail = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        return f"; sidste linjer i {self.log_path}:\n" + "\n".join(tail)

    def stop(self, timeout: float = 15) -> None:
        if not self.running():
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def base_env() -> Dict[str, str]:
    """Environment for the Rasa server: endpoints.yml reads these."""
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ACTION_ENDPOINT_URL": settings.action_endpoint_url(),
        "TRACKER_DB_URL": settings.tracker_db_url(),
        # Sanic refuses larger request bodies with 413 (its default is 100 MB).
        "SANIC_REQUEST_MAX_SIZE": str(settings.max_request_bytes()),
        **settings.rasa_env(),
    }


def action_server(port: int, log_path: Optional[Path] = None) -> Service:
    return Service(
        name="handlingsserver",
        command=[sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/health",
        # Rasa sends the action server the whole conversation on every call, so the user-facing
        # request limit must not apply here (Sanic's own default of 100 MB does).
        env={k: v for k, v in base_env().items() if k != "SANIC_REQUEST_MAX_SIZE"},
        log_path=log_path,
    )


def rasa_server(
    model: Path, port: int, action_url: str, token: str, log_path: Optional[Path] = None,
    extra_env: Optional[Dict[str, str]] = None, endpoints: Optional[Path] = None,
) -> Service:
    env = {**base_env(), "ACTION_ENDPOINT_URL": action_url, **(extra_env or {})}
    command = [
        rasa_bin(), "run",
        "--model", str(model),
        "--endpoints", str(endpoints or settings.ROOT / "endpoints.yml"),
        "--credentials", str(settings.ROOT / "credentials.yml"),
        "--port", str(port),
        "--interface", settings.host(),
        "--enable-api",
        "--auth-token", token,
        "--cors", *settings.cors_origins(),
    ]
    if settings.jwt_secret():  # the HTTP API also accepts JWTs signed with this secret
        command += ["--jwt-secret", settings.jwt_secret(), "--jwt-method", settings.jwt_method()]
    return Service(
        name="Rasa-server",
        command=command,
        health_url=f"http://127.0.0.1:{port}/",
        env=env,
        log_path=log_path,
    )


def web_server(port: int, rasa_url: str, log_path: Optional[Path] = None) -> Optional[Service]:
    if not (settings.ROOT / "bot" / "web" / "__main__.py").exists():
        return None
    return Service(
        name="webserver",
        command=[sys.executable, "-m", "bot.web"],
        health_url=f"http://127.0.0.1:{port}/healthz",
        env={**base_env(), "WEB_PORT": str(port), "RASA_URL": rasa_url},
        log_path=log_path,
    )


def wait_healthy(services: List[Service], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending:
        for service in list(pending):
            if not service.running():
                raise RuntimeError(f"{service.name} stoppede under opstart{service.log_tail()}")
            if service.healthy():
                pending.remove(service)
        if pending and time.monotonic() > deadline:
            names = ", ".join(s.name for s in pending)
            tails = "".join(s.log_tail() for s in pending)
            raise TimeoutError(f"{names} svarede ikke inden for {timeout:.0f} sekunder{tails}")
        if pending:
            time.sleep(0.5)


def model_loaded(rasa_url: str, token: str) -> bool:
    import json

    try:
        with urllib.request.urlopen(f"{rasa_url}/status?token={token}", timeout=2) as response:
            status = json.load(response)
        return bool(status.get("model_file"))
    except Exception:
        return False
