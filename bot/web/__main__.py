"""`python -m bot.web`: serve the chat page on BIND_HOST:WEB_PORT (default 127.0.0.1:8080).

`python -m bot.web vurderinger [--ned | --op]` lists the thumbs up / down that users gave, newest
first, from the tracker store (TRACKER_DB_URL), so editors can find bad answers.
"""
from __future__ import annotations

import argparse
import logging


def serve() -> None:
    from aiohttp import web

    from bot import settings
    from bot.web.app import build_missing, create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log = logging.getLogger("bot.web")
    if build_missing():
        log.warning("Chatsidens filer mangler i bot/web/static/dist: kør `npm ci && npm run build` i web/")
    app = create_app()
    log.info("Chatsiden kører på http://%s:%d/", settings.host(), settings.web_port())
    # No access log: request lines would carry conversation ids into the log.
    web.run_app(app, host=settings.host(), port=settings.web_port(), print=None, access_log=None)


def list_ratings(value: str | None) -> None:
    from bot import settings
    from bot.web.feedback import feedback_entries

    entries = feedback_entries(settings.tracker_db_url(), value=value)
    if not entries:
        print("Ingen vurderinger fundet.")
        return
    for entry in entries:
        mark = "OP " if entry["value"] == "op" else "NED"
        print(f"{mark} {entry['timestamp']}  samtale {entry['conversation_id']}")
        if entry.get("question"):
            print(f"   Spørgsmål: {entry['question']}")
        print("   Svar: " + (entry.get("message") or "").replace("\n", "\n         "))
        print()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description="Chatsidens webserver.")
    sub = parser.add_subparsers(dest="command")
    ratings = sub.add_parser("vurderinger", help="vis brugernes vurderinger af svarene (nyeste først)")
    choice = ratings.add_mutually_exclusive_group()
    choice.add_argument("--ned", action="store_const", const="ned", dest="value", help="kun dårlige svar")
    choice.add_argument("--op", action="store_const", const="op", dest="value", help="kun gode svar")
    args = parser.parse_args()
    if args.command == "vurderinger":
        list_ratings(args.value)
    else:
        serve()


if __name__ == "__main__":
    main()
