"""Fixtures for the production profile: the local PostgreSQL and Redis (started when stopped, never
skipped), a database of our own, and the scaled-out cluster: two Rasa replicas sharing PostgreSQL and
Redis, an action server behind the load balancer's action route, and HAProxy in front; a supervisor
restarts a process that dies, as in `python -m bot.deploy up`.

Between the replicas and the action servers sits a small fault relay (FaultRelay) so the tests can
make the action server refuse connections or hang without touching the real one.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Dict, List, Tuple

import pytest

from prod_support import (
    ACTION_TIMEOUT, ALLOWED_ORIGIN, JWT_SECRET, OPERATOR_CONTACT, PG_URL, REDIS_HOST, REDIS_PORT, FaultRelay,
    ensure_postgres, ensure_redis, free_port,
)


@pytest.fixture(scope="session")
def local_services() -> None:
    ensure_postgres()
    ensure_redis()


@pytest.fixture(scope="session")
def pg_database(local_services) -> str:
    """A database of our own (parathed_test_<random>), dropped afterwards."""
    import sqlalchemy as sa

    name = f"parathed_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{PG_URL}/postgres", isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_URL}/{name}"
    finally:
        ensure_postgres()
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_target(local_services) -> Tuple[str, str]:
    """(REDIS_URL, key prefix): a key prefix of our own; its keys are deleted afterwards."""
    import redis

    url, prefix = f"redis://{REDIS_HOST}:{REDIS_PORT}/1", "parathedtest" + uuid.uuid4().hex[:8]
    yield url, prefix
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@dataclass
class Scaled:
    cluster: object
    relay: FaultRelay
    db_url: str
    redis_url: str
    redis_prefix: str
    token: str

    @property
    def proxy_url(self) -> str:
        return self.cluster.url

    @property
    def replica_urls(self) -> List[str]:
        return self.cluster.replica_urls

    def logs(self) -> Dict[str, str]:
        return {path.name: path.read_text(errors="replace") for path in sorted(self.cluster.logs.glob("*.log"))}


@pytest.fixture(scope="session")
def production_model(request):
    """The session's trained model; PRODUCTION_TEST_MODEL=<path> reuses a given one while developing."""
    from pathlib import Path

    given = os.environ.get("PRODUCTION_TEST_MODEL")
    return Path(given) if given else request.getfixturevalue("trained_model")


@pytest.fixture(scope="session")
def scaled(production_model, pg_database, redis_target, tmp_path_factory) -> Scaled:
    """Two Rasa replicas on PostgreSQL + Redis, one action server, HAProxy in front of both."""
    from bot.deploy.cluster import LocalCluster
    from bot.kb import build

    build(url=pg_database)  # the knowledge base on PostgreSQL, as in production
    redis_url, prefix = redis_target
    token = uuid.uuid4().hex + uuid.uuid4().hex
    logs = tmp_path_factory.mktemp("scaled")
    env = {
        "DEPLOY_PROFILE": "scaled",
        "TRACKER_DB_URL": pg_database,
        "KB_URL": pg_database,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "RASA_API_TOKEN": token,
        "RASA_JWT_SECRET": JWT_SECRET,
        "CORS_ORIGINS": ALLOWED_ORIGIN,
        "ACTION_TIMEOUT_SECONDS": str(ACTION_TIMEOUT),
        "SANIC_GRACEFUL_SHUTDOWN_TIMEOUT": "2",  # quicker teardown (the default waits 15 s)
        **OPERATOR_CONTACT,
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)  # settings.* read the environment when the services are built
    ports = [free_port() for _ in range(5)]
    relay = None
    cluster = LocalCluster(
        model=production_model, logs=logs, token=token,
        proxy_port=ports[0], replica_ports=ports[1:3], action_proxy_port=ports[3], action_ports=ports[4:5],
        env=env,
        # Replica 2 logs everything Rasa logs (DEBUG), so the personal-data check has something to read.
        rasa_env={1: {"LOG_LEVEL": "DEBUG"}},
    )
    try:
        relay = FaultRelay(cluster.action_proxy_port)
        cluster.action_url = relay.url
        cluster.start(timeout=420)
        cluster.supervise(report=lambda text: print(text, flush=True))
        yield Scaled(cluster, relay, pg_database, redis_url, prefix, token)
    finally:
        cluster.stop(timeout=8)
        if relay:
            relay.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def pytest_collection_modifyitems(config, items):
    """The replica-kill test runs last: the replica it kills is still loading its model afterwards."""
    items.sort(key=lambda item: getattr(getattr(item, "module", None), "__name__", "").endswith("test_replica_kill"))
