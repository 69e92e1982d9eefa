"""`python -m bot.deploy <command>`: the production profile's commands.

    check    is the scaled-out environment complete, are PostgreSQL and Redis reachable, does the
             connection budget fit under PostgreSQL's max_connections?
    up       the scaled-out profile on this machine: RASA_REPLICAS Rasa replicas, ACTION_REPLICAS
             action servers and the sticky proxy on PROXY_PORT (needs DEPLOY_PROFILE=scaled)
    replica  one Rasa replica in the foreground (a container's command)
    proxy    only the reverse proxy (a container's command)
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import List


ACTION_MAX_BODY = 100 * 1024 * 1024  # Sanic's own default, which the action servers keep


def _split_listen(value: str):
    host, _, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


def _check(args) -> int:
    from bot import settings
    from bot.deploy import profile

    if settings.deploy_profile() != "scaled":
        print("DEPLOY_PROFILE er ikke 'scaled': én maskine med SQLite og lås i hukommelsen (make run).")
        return 0
    budget = profile.Budget.from_settings()
    print("Forbindelser til PostgreSQL:")
    for line in budget.lines():
        print(f"  {line}")
    found = profile.check(connect=not args.offline)
    if not args.offline and not found:
        limits = profile.postgres_limits(settings.tracker_db_url())
        print(f"  PostgreSQL tillader {limits['max_connections']} (heraf {limits['reserved']} reserveret)")
    for problem in found:
        print(f"FEJL: {problem}", file=sys.stderr)
    if not found:
        print("Produktionsmiljøet er i orden.")
    return 1 if found else 0


def _proxy(args) -> int:
    from bot import settings
    from bot.deploy.proxy import Route, serve

    routes: List[Route] = []
    host, port = _split_listen(args.listen)
    redis_url = args.redis_url if args.redis_url is not None else (settings.redis_url() or None)
    routes.append(Route(host, port, args.backend, sticky=True, health_path="/", name="Rasa-proxy",
                        redis_url=redis_url or None))
    if args.actions_listen and args.action_backend:
        host, port = _split_listen(args.actions_listen)
        # Rasa sends the whole conversation with every action call: not the users' request limit.
        routes.append(Route(host, port, args.action_backend, sticky=False, health_path="/health",
                            name="handlingsproxy", max_body=ACTION_MAX_BODY))
    origins = settings.cors_origins()  # the same origins Rasa's --cors allows
    stop = asyncio.Event()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(routes, max_body=settings.max_request_bytes(), allowed_origins=origins, stop=stop)

    asyncio.run(main())
    return 0


def _replica(args) -> int:
    """Exec one Rasa replica with the profile's endpoints and environment (for containers)."""
    from bot import settings
    from bot.deploy import profile
    from bot.stack import rasa_server
    from bot.training import latest_model

    if settings.deploy_profile() == "scaled":
        found = profile.problems()
        if found:
            for problem in found:
                print(f"FEJL: {problem}", file=sys.stderr)
            return 1
    token = os.environ.get("RASA_API_TOKEN") or settings.api_token()
    model = Path(args.model) if args.model else latest_model()
    if model is None:
        print("Ingen model i models/. Træn med: python -m bot train", file=sys.stderr)
        return 1
    env = profile.replica_env() if settings.deploy_profile() == "scaled" else {}
    service = rasa_server(model, args.port or settings.rasa_port(), settings.action_endpoint_url(), token,
                          extra_env=env, endpoints=profile.endpoints_path())
    os.chdir(settings.ROOT)
    os.execvpe(service.command[0], service.command, {**os.environ, **service.env})
    return 1  # not reached


def _up(args) -> int:
    from bot import settings
    from bot.deploy import profile
    from bot.deploy.cluster import LocalCluster
    from bot.run import prepare

    if settings.deploy_profile() != "scaled":
        print("Sæt DEPLOY_PROFILE=scaled (og TRACKER_DB_URL, KB_URL, REDIS_URL, RASA_API_TOKEN, "
              "CORS_ORIGINS); se docs/deployment.md.", file=sys.stderr)
        return 1
    found = profile.check()
    for problem in found:
        print(f"FEJL: {problem}", file=sys.stderr)
    if found:
        return 1
    model = prepare()  # Danish pipeline, knowledge base in KB_URL, model
    cluster = LocalCluster(
        model=model, logs=settings.VAR_DIR / "logs" / "scaled", token=os.environ["RASA_API_TOKEN"],
        replicas=settings.rasa_replicas(), action_servers=settings.action_replicas(),
        host=settings.host(), proxy_port=settings.proxy_port(), action_proxy_port=settings.action_port(),
    )
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"· Starter {cluster.replicas} Rasa-replikaer, {cluster.action_servers} handlingsserver(e) og "
          f"proxy (logfiler i {cluster.logs}) …", flush=True)
    cluster.start()
    print(f"\nAssistenten kører skaleret ud: {cluster.url}/webhooks/rest/webhook og socket.io på {cluster.url}",
          flush=True)
    print("Stop med Ctrl-C.", flush=True)
    try:
        while not stopping:
            for service in cluster.services:
                if not service.running():
                    print(f"{service.name} stoppede; se {service.log_path}", flush=True)
            time.sleep(1)
    finally:
        cluster.stop()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.deploy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="tjek produktionsmiljøet og forbindelsesbudgettet")
    check.add_argument("--offline", action="store_true", help="tjek kun miljøvariablerne")
    check.set_defaults(func=_check)
    up = sub.add_parser("up", help="replikaer, handlingsservere og proxy på denne maskine")
    up.set_defaults(func=_up)
    replica = sub.add_parser("replica", help="én Rasa-replika i forgrunden (til containere)")
    replica.add_argument("--model", help="model (standard: den nyeste i models/)")
    replica.add_argument("--port", type=int, help="port (standard: RASA_PORT)")
    replica.set_defaults(func=_replica)
    proxy = sub.add_parser("proxy", help="reverse proxy med klæbende socket.io-sessioner")
    proxy.add_argument("--listen", required=True, help="vært:port for Rasa-trafikken")
    proxy.add_argument("--backend", action="append", required=True, help="en Rasa-replikas URL (gentag)")
    proxy.add_argument("--actions-listen", help="vært:port for handlingsservernes trafik")
    proxy.add_argument("--action-backend", action="append", help="en handlingsservers URL (gentag)")
    proxy.add_argument("--redis-url", default=None,
                       help="del socket.io-sessionerne med andre proxyer via Redis (standard: REDIS_URL)")
    proxy.set_defaults(func=_proxy)
    return parser


def main(argv=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
