"""`python -m bot run`: prepare everything and run the assistant in the foreground until Ctrl-C."""
from __future__ import annotations

import logging
import signal
import time
from typing import List

from bot import settings
from bot.stack import Service, action_server, rasa_server, wait_healthy, web_server

logger = logging.getLogger(__name__)


def prepare() -> "Path":  # noqa: F821
    """Danish pipeline, knowledge base and model, each rebuilt only when its sources changed."""
    from bot.nlu.danish_nlp import shared_pipeline
    from bot.training import train_if_needed

    print(f"· {shared_pipeline().describe()}", flush=True)
    build_knowledge_base()
    return train_if_needed()


def build_knowledge_base() -> None:
    """Rebuild the KB when the catalogue changed. A broken catalogue leaves the old KB serving."""
    from bot.catalogue import CatalogueError
    from bot.kb import build, needs_build

    url = settings.kb_url()
    if not needs_build(settings.CATALOGUE_DIR, url):
        print("· Vidensbasen er opdateret.", flush=True)
        return
    print("· Bygger vidensbasen fra kataloget …", flush=True)
    try:
        build(settings.CATALOGUE_DIR, url)
    except CatalogueError as error:
        print(f"\nKataloget har fejl, så vidensbasen blev ikke bygget igen:\n{error}\n", flush=True)
        if not _kb_exists(url):
            raise SystemExit("Der er ingen tidligere vidensbase at bruge. Ret fejlene og prøv igen.")
        print("· Den tidligere vidensbase bruges, indtil fejlene er rettet.", flush=True)


def _kb_exists(url: str) -> bool:
    from bot.kb import KnowledgeBaseMissing, queries

    try:
        return bool(queries.list_roles(url=url))
    except KnowledgeBaseMissing:
        return False


def run() -> int:
    model = prepare()
    logs = settings.VAR_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    token = settings.api_token()
    services: List[Service] = [
        action_server(settings.action_port(), logs / "actions.log"),
        rasa_server(model, settings.rasa_port(), settings.action_endpoint_url(), token, logs / "rasa.log"),
    ]
    web = web_server(settings.web_port(), settings.rasa_url(), logs / "web.log")
    if web:
        services.append(web)

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"· Starter servere (logfiler i {logs}) …", flush=True)
    try:
        for service in services:
            service.start()
        wait_healthy(services, timeout=600)
        rasa = settings.rasa_url()
        print("\nAssistenten kører.", flush=True)
        if web:
            print(f"  Chat i browseren:  http://localhost:{settings.web_port()}/", flush=True)
        print(f"  REST:              {rasa}/webhooks/rest/webhook", flush=True)
        print(f"  Chat i terminalen: make shell", flush=True)
        print(f"  HTTP-API'et kræver token (se {settings.VAR_DIR / 'api-token'} eller RASA_API_TOKEN).",
              flush=True)
        print("  Stop med Ctrl-C.\n", flush=True)
        while not stopping:
            for service in services:
                if not service.running():
                    print(f"{service.name} stoppede uventet; se {service.log_path}", flush=True)
                    return 1
            time.sleep(0.5)
        return 0
    finally:
        print("\nStopper …", flush=True)
        for service in reversed(services):
            service.stop()
        print("Stoppet.", flush=True)
