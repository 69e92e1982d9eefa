"""The editor's settings, read from the environment (docs/editor.md lists them).

EDITOR_PROJECT_ROOT   the project tree the editor reads and writes (default: this checkout)
EDITOR_USERS_FILE     users file (default var/editors.yml); EDITOR_USERS adds users inline (YAML/JSON)
EDITOR_SECRET         key that signs session cookies and CSRF tokens (default: generated in var/)
EDITOR_RASA_URLS      comma-separated Rasa servers a new model is loaded into (default RASA_URL);
                      several when Rasa runs as replicas
EDITOR_LOW_CONFIDENCE intent confidence below which a message counts as uncertain (default 0.7)
EDITOR_COOKIE_SECURE  "auto" (Secure on https), "true" or "false"
EDITOR_SESSION_HOURS  how long a login lasts (default 8)
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from bot import settings


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise SystemExit(f"Miljøvariablen {name} skal være et tal, ikke {value!r}") from exc


@dataclass
class EditorConfig:
    root: Path
    var_dir: Path
    users_file: Path
    rasa_urls: List[str]
    rasa_token: str
    tracker_db_url: str
    kb_url: Optional[str]
    low_confidence: float = 0.7
    cookie_secure: str = "auto"
    session_hours: float = 8.0
    inline_users: str = ""
    secret: Optional[str] = None
    models_dir: Optional[Path] = None
    extra_env: dict = field(default_factory=dict)

    @property
    def editor_dir(self) -> Path:
        """Runtime files of the editor: publish history, locks, staging copies, logs."""
        return self.var_dir / "editor"

    @classmethod
    def from_env(cls, rasa_url: Optional[str] = None, token: Optional[str] = None) -> "EditorConfig":
        root = Path(os.environ.get("EDITOR_PROJECT_ROOT") or settings.ROOT).resolve()
        urls = [u.strip().rstrip("/") for u in (os.environ.get("EDITOR_RASA_URLS") or "").split(",") if u.strip()]
        if not urls:
            urls = [(rasa_url or settings.rasa_url()).rstrip("/")]
        models_dir = settings.MODELS_DIR if root == settings.ROOT else root / "models"
        return cls(
            root=root,
            var_dir=settings.VAR_DIR,
            users_file=Path(os.environ.get("EDITOR_USERS_FILE") or settings.VAR_DIR / "editors.yml"),
            rasa_urls=urls,
            rasa_token=token if token is not None else settings.api_token(),
            tracker_db_url=settings.tracker_db_url(),
            kb_url=settings.kb_url(),
            low_confidence=_float("EDITOR_LOW_CONFIDENCE", 0.7),
            cookie_secure=(os.environ.get("EDITOR_COOKIE_SECURE") or "auto").strip().lower(),
            session_hours=_float("EDITOR_SESSION_HOURS", 8.0),
            inline_users=os.environ.get("EDITOR_USERS", ""),
            secret=os.environ.get("EDITOR_SECRET") or None,
            models_dir=models_dir,
        )

    def signing_secret(self) -> bytes:
        """EDITOR_SECRET, or a random key generated once in var/editor-secret (mode 600)."""
        if self.secret:
            return self.secret.encode("utf-8")
        path = self.var_dir / "editor-secret"
        if path.exists():
            return path.read_text(encoding="utf-8").strip().encode("utf-8")
        self.var_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        temp = path.with_name(".editor-secret.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(value)
        os.replace(temp, path)
        return value.encode("utf-8")
