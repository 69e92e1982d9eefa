"""`python -m bot.deploy <command>`: the production profile's commands.

    check    is the scaled-out environment complete, are PostgreSQL and Redis reachable, does the
             connection budget fit under PostgreSQL's max_connections?
    up       the scaled-out profile on this machine: RASA_REPLICAS Rasa replicas, ACTION_REPLICAS
             action servers and HAProxy on PROXY_PORT/ACTION_PORT (needs DEPLOY_PROFILE=scaled);
             a process that dies is started again
    replica  one Rasa replica in the foreground (a container's command)
    lb-config  the HAProxy configuration for given replicas and action servers (docker-compose)
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path


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


def _lb_config(args) -> int:
    from bot import settings
    from bot.deploy.haproxy import LoadBalancer

    balancer = LoadBalancer(
        listen=args.listen, replicas=args.backend, actions_listen=args.actions_listen or "",
        action_servers=args.action_backend or [], allowed_origins=settings.cors_origins(),
        max_body=settings.max_request_bytes(), resolver=args.resolver or "",
    )
    text = balancer.config()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
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
          f"HAProxy (logfiler i {cluster.logs}) …", flush=True)
    cluster.start()
    cluster.supervise(report=lambda text: print(text, flush=True))  # a process that dies starts again
    print(f"\nAssistenten kører skaleret ud: {cluster.url}/webhooks/rest/webhook og socket.io på {cluster.url}",
          flush=True)
    print("Stop med Ctrl-C.", flush=True)
    try:
        while not stopping:
            time.sleep(0.5)
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
    up = sub.add_parser("up", help="replikaer, handlingsservere og HAProxy på denne maskine")
    up.set_defaults(func=_up)
    replica = sub.add_parser("replica", help="én Rasa-replika i forgrunden (til containere)")
    replica.add_argument("--model", help="model (standard: den nyeste i models/)")
    replica.add_argument("--port", type=int, help="port (standard: RASA_PORT)")
    replica.set_defaults(func=_replica)
    lb = sub.add_parser("lb-config", help="HAProxy-konfigurationen (til docker-compose)")
    lb.add_argument("--listen", required=True, help="vært:port for chatten og HTTP-API'et")
    lb.add_argument("--backend", action="append", required=True, help="en Rasa-replika, vært:port (gentag)")
    lb.add_argument("--actions-listen", help="vært:port for replikaernes kald til handlingsserverne")
    lb.add_argument("--action-backend", action="append", help="en handlingsserver, vært:port (gentag)")
    lb.add_argument("--resolver", help="DNS-server til navnene, vært:port (Docker: 127.0.0.11:53)")
    lb.add_argument("--out", help="skriv til denne fil (standard: standard output)")
    lb.set_defaults(func=_lb_config)
    return parser


def main(argv=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
