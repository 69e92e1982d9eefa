"""The production profile, chosen by environment variables (DEPLOY_PROFILE=scaled).

- what a scaled-out deployment must have in its environment, checked before anything starts;
- the environment and endpoints file of a Rasa replica;
- the PostgreSQL connection budget: every process's pool added up must stay under max_connections.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from bot import settings

PRODUCTION_ENDPOINTS = settings.ROOT / "deploy" / "endpoints.production.yml"
SINGLE_ENDPOINTS = settings.ROOT / "endpoints.yml"
MIN_TOKEN_CHARS = 24
MIN_JWT_SECRET_CHARS = 32


def endpoints_path() -> Path:
    return PRODUCTION_ENDPOINTS if settings.deploy_profile() == "scaled" else SINGLE_ENDPOINTS


def _backend(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).get_backend_name()
    except Exception:  # noqa: BLE001
        return ""


def problems(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """What is missing or unsafe in a scaled-out environment, in Danish (empty when all is well)."""
    env = os.environ if env is None else env
    found: List[str] = []
    for name, what in (("TRACKER_DB_URL", "samtalelageret"), ("KB_URL", "vidensbasen")):
        value = env.get(name, "")
        if not value:
            found.append(f"{name} mangler: PostgreSQL-URL til {what}, fx postgresql://bruger:kode@db:5432/parathed")
        elif _backend(value) != "postgresql":
            found.append(f"{name} skal pege på PostgreSQL, når flere processer deler den (ikke {_backend(value) or 'en ugyldig URL'})")
    redis_url = env.get("REDIS_URL", "")
    if not redis_url.startswith(("redis://", "rediss://")):
        found.append("REDIS_URL mangler eller er ugyldig: fx redis://:kode@redis:6379/1 (låse for samtaler på tværs af replikaer)")
    prefix = env.get("REDIS_KEY_PREFIX", "parathed")
    if not prefix.isalnum():
        found.append("REDIS_KEY_PREFIX må kun indeholde bogstaver og cifre")
    token = env.get("RASA_API_TOKEN", "")
    if len(token) < MIN_TOKEN_CHARS:
        found.append(f"RASA_API_TOKEN mangler eller er for kort (mindst {MIN_TOKEN_CHARS} tegn); "
                     "i produktion kommer hemmeligheder kun fra miljøet")
    jwt = env.get("RASA_JWT_SECRET", "")
    if jwt and len(jwt) < MIN_JWT_SECRET_CHARS:
        found.append(f"RASA_JWT_SECRET er for kort (mindst {MIN_JWT_SECRET_CHARS} tegn)")
    origins = [o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()]
    if not origins:
        found.append("CORS_ORIGINS mangler: de hjemmesider (origins), der må bruge chatten, fx https://www.kommune.dk")
    elif "*" in origins:
        found.append("CORS_ORIGINS må ikke være '*' i produktion")
    return found


def replica_env(action_url: Optional[str] = None) -> Dict[str, str]:
    """Environment of one Rasa replica in the scaled profile (endpoints.production.yml reads it)."""
    return {
        **settings.rasa_env(),
        "DEPLOY_PROFILE": "scaled",
        "ACTION_ENDPOINT_URL": action_url or settings.action_endpoint_url(),
        "TRACKER_DB_URL": settings.tracker_db_url(),
        "REDIS_URL": settings.redis_url(),
        "REDIS_KEY_PREFIX": settings.redis_key_prefix(),
        "SQL_POOL_SIZE": str(settings.sql_pool_size()),
        "SQL_MAX_OVERFLOW": str(settings.sql_max_overflow()),
        "SANIC_REQUEST_MAX_SIZE": str(settings.max_request_bytes()),
        "ACTION_TIMEOUT_SECONDS": str(settings.action_timeout_seconds()),
        "TRACKER_STORE_RETRY_SECONDS": str(settings.tracker_store_retry_seconds()),
    }


@dataclass
class Budget:
    """Most connections each kind of process can open to PostgreSQL, and their sum."""

    rasa_replicas: int
    sanic_workers: int
    pool_size: int
    max_overflow: int
    action_replicas: int
    action_workers: int
    kb_pool: int
    other: int = 5  # web/editor, `python -m bot kb build`, an operator's psql

    @classmethod
    def from_settings(cls, rasa_replicas: Optional[int] = None, action_replicas: Optional[int] = None) -> "Budget":
        return cls(
            rasa_replicas=rasa_replicas or settings.rasa_replicas(),
            sanic_workers=settings.sanic_workers(),
            pool_size=settings.sql_pool_size(),
            max_overflow=settings.sql_max_overflow(),
            action_replicas=action_replicas or settings.action_replicas(),
            action_workers=settings.action_workers(),
            kb_pool=settings.kb_pool_connections(),
        )

    @property
    def rasa(self) -> int:
        return self.rasa_replicas * self.sanic_workers * (self.pool_size + self.max_overflow)

    @property
    def actions(self) -> int:
        return self.action_replicas * self.action_workers * self.kb_pool

    @property
    def total(self) -> int:
        return self.rasa + self.actions + self.other

    def fits(self, max_connections: int, reserved: int = 3) -> bool:
        return self.total <= max_connections - reserved

    def lines(self) -> List[str]:
        return [
            f"Rasa: {self.rasa_replicas} replika(er) × {self.sanic_workers} worker(s) × "
            f"({self.pool_size} + {self.max_overflow}) forbindelser = {self.rasa}",
            f"Handlingsservere: {self.action_replicas} × {self.action_workers} worker(s) × "
            f"{self.kb_pool} forbindelser til vidensbasen = {self.actions}",
            f"Andet (webserver, redaktør, vedligehold): {self.other}",
            f"I alt højst {self.total} forbindelser",
        ]


def postgres_limits(url: str) -> Dict[str, int]:
    """max_connections and superuser_reserved_connections of the server behind `url`."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            return {
                "max_connections": int(conn.execute(sa.text("SHOW max_connections")).scalar()),
                "reserved": int(conn.execute(sa.text("SHOW superuser_reserved_connections")).scalar()),
            }
    finally:
        engine.dispose()


def redis_ok(url: str) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        return bool(client.ping())
    finally:
        client.close()


def check(env: Optional[Mapping[str, str]] = None, connect: bool = True) -> List[str]:
    """Problems with the scaled-out environment, including the services and the connection budget."""
    found = problems(env)
    if found or not connect:
        return found
    budget = Budget.from_settings()
    try:
        limits = postgres_limits(settings.tracker_db_url())
    except Exception as exc:  # noqa: BLE001
        return [f"PostgreSQL (TRACKER_DB_URL) svarer ikke: {type(exc).__name__}"]
    if not budget.fits(limits["max_connections"], limits["reserved"]):
        found.append(
            f"For mange forbindelser: højst {budget.total}, men PostgreSQL tillader "
            f"{limits['max_connections']} − {limits['reserved']} reserverede. Sænk SQL_POOL_SIZE/"
            "SQL_MAX_OVERFLOW, antallet af replikaer, eller hæv max_connections (eller brug PgBouncer)."
        )
    try:
        if not redis_ok(settings.redis_url()):
            found.append("Redis (REDIS_URL) svarer ikke på PING")
    except Exception as exc:  # noqa: BLE001
        found.append(f"Redis (REDIS_URL) svarer ikke: {type(exc).__name__}")
    return found
