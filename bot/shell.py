"""`make shell`: chat with the assistant in the terminal (Rasa's shell with our action server)."""
from __future__ import annotations

import subprocess

from bot import settings
from bot.run import prepare
from bot.stack import action_server, base_env, wait_healthy
from bot.training import rasa_bin


def shell() -> int:
    model = prepare()
    logs = settings.VAR_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    actions = action_server(settings.action_port(), logs / "actions.log")
    actions.start()
    try:
        wait_healthy([actions])
        print("Skriv til assistenten. Afslut med /stop eller Ctrl-C.", flush=True)
        command = [
            rasa_bin(), "shell", "--model", str(model),
            "--endpoints", str(settings.ROOT / "endpoints.yml"),
            "--port", str(settings.rasa_port()), "--quiet",
        ]
        import os

        return subprocess.call(command, cwd=settings.ROOT, env={**os.environ, **base_env()})
    except KeyboardInterrupt:
        return 0
    finally:
        actions.stop()
