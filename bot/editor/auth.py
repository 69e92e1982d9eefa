"""Editors and admins: users, password hashes (Argon2id via argon2-cffi), signed session cookies and
CSRF tokens.

Users come from var/editors.yml (EDITOR_USERS_FILE) and, read-only, from EDITOR_USERS (the same
structure as YAML or JSON). No user exists until one is created; there is no default password.

    brugere:
      anne:
        navn: Anne Jensen
        email: anne@kommune.example      # git author of Anne's changes (optional)
        rolle: editor                     # editor or admin
        adgangskode: $argon2id$v=19$m=65536,t=3,p=4$...

Sessions are stateless: a cookie with {user, issued, nonce, password fingerprint} signed with
HMAC-SHA256 (EDITOR_SECRET or var/editor-secret). Changing a user's password or role ends their
sessions. The CSRF token is an HMAC of the session's nonce, sent in every form (or the
X-CSRF-Token header) and compared in constant time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("editor", "admin")
ROLE_LABELS = {"editor": "redaktør", "admin": "administrator"}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # argon2id, the library's current recommended parameters
# Compared against when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))
FILE_HEADER = (
    "# Brugere af redigeringssiderne (/editor). Adgangskoder er gemt som Argon2id-hash.\n"
    "# Opret og ret med: python -m bot editor user add NAVN --role editor|admin\n"
)


class AuthError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class User:
    username: str
    name: str
    role: str
    password_hash: str
    email: str = ""
    source: str = "fil"  # "fil" (editable) or "miljø" (EDITOR_USERS, read-only)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def git_email(self) -> str:
        return self.email or f"{self.username}@redaktoer.invalid"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_new_password(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Adgangskoden skal have mindst {MIN_PASSWORD} tegn.")
    if password.casefold() == username.casefold() or password.casefold() in ("adgangskode123", "password1234"):
        raise AuthError("Vælg en adgangskode, der er sværere at gætte.")


def _users_from(data, source: str) -> Dict[str, User]:
    users: Dict[str, User] = {}
    if not isinstance(data, dict):
        return users
    entries = data.get("brugere", data.get("users", data))
    if not isinstance(entries, dict):
        return users
    for username, entry in entries.items():
        if not isinstance(entry, dict):
            continue
        username = str(username).strip().lower()
        role = str(entry.get("rolle") or entry.get("role") or "editor")
        password_hash = str(entry.get("adgangskode") or entry.get("password_hash") or "")
        if role not in ROLES or not password_hash.startswith("$argon2"):
            continue  # an incomplete entry never grants access
        users[username] = User(username, str(entry.get("navn") or entry.get("name") or username), role,
                               password_hash, str(entry.get("email") or ""), source)
    return users


class UserStore:
    def __init__(self, path: Path, inline: str = ""):
        self.path = Path(path)
        self.inline = inline
        self._lock = threading.Lock()

    def _file_data(self) -> dict:
        if not self.path.exists():
            return {}
        data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        return data if isinstance(data, dict) else {}

    def all(self) -> Dict[str, User]:
        users = _users_from(self._file_data(), "fil")
        if self.inline.strip():
            try:
                inline = yaml.safe_load(self.inline)
            except yaml.YAMLError as exc:
                raise AuthError(f"EDITOR_USERS kan ikke læses: {exc}") from exc
            for name, user in _users_from(inline, "miljø").items():
                users[name] = user
        return users

    def get(self, username: str) -> Optional[User]:
        return self.all().get((username or "").strip().lower())

    def authenticate(self, username: str, password: str) -> Optional[User]:
        user = self.get(username)
        try:
            _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if user is None:
            return None
        if user.source == "fil" and _HASHER.check_needs_rehash(user.password_hash):
            try:
                self._update(user.username, adgangskode=hash_password(password))
            except OSError:
                pass
        return user

    # --- changes (the users file only) ------------------------------------------------------------------
    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = FILE_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=4096)
        temp = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, self.path)

    def _update(self, username: str, **fields) -> None:
        with self._lock:
            data = self._file_data()
            entries = data.setdefault("brugere", {})
            entries.setdefault(username, {}).update(fields)
            self._write(data)

    def add(self, username: str, password: str, role: str = "editor", name: str = "", email: str = "",
            replace: bool = False) -> User:
        username = (username or "").strip().lower()
        if not USERNAME.match(username):
            raise AuthError("Brugernavnet skal være 2-40 tegn: små bogstaver a-z, tal, punktum, bindestreg "
                            "eller understregning.")
        if role not in ROLES:
            raise AuthError("Rollen skal være editor eller admin.")
        existing = self.get(username)
        if existing and existing.source == "miljø":
            raise AuthError(f"{username} er sat op i EDITOR_USERS og kan ikke ændres her.")
        if existing and not replace:
            raise AuthError(f"Brugeren {username} findes allerede.")
        check_new_password(username, password)
        with self._lock:
            data = self._file_data()
            entries = data.setdefault("brugere", {})
            entries[username] = {"navn": name.strip() or username, "rolle": role,
                                 "adgangskode": hash_password(password)}
            if email.strip():
                entries[username]["email"] = email.strip()
            self._write(data)
        return self.get(username)

    def set_password(self, username: str, password: str) -> None:
        user = self._editable(username)
        check_new_password(user.username, password)
        self._update(user.username, adgangskode=hash_password(password))

    def set_role(self, username: str, role: str) -> None:
        if role not in ROLES:
            raise AuthError("Rollen skal være editor eller admin.")
        user = self._editable(username)
        self._update(user.username, rolle=role)

    def remove(self, username: str) -> None:
        user = self._editable(username)
        with self._lock:
            data = self._file_data()
            data.get("brugere", {}).pop(user.username, None)
            self._write(data)

    def _editable(self, username: str) -> User:
        user = self.get(username)
        if user is None:
            raise AuthError(f"Brugeren {username} findes ikke.")
        if user.source == "miljø":
            raise AuthError(f"{user.username} er sat op i EDITOR_USERS og kan ikke ændres her.")
        return user


# --- signed values (sessions, CSRF) ----------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    def __init__(self, secret: bytes):
        self.secret = secret

    def mac(self, purpose: str, value: str) -> str:
        return hmac.new(self.secret, f"{purpose}|{value}".encode("utf-8"), hashlib.sha256).hexdigest()

    def sign(self, purpose: str, payload: dict) -> str:
        body = _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        return f"{body}.{self.mac(purpose, body)}"

    def unsign(self, purpose: str, token: Optional[str]) -> Optional[dict]:
        if not token or "." not in token or len(token) > 8192:
            return None
        body, mac = token.rsplit(".", 1)
        if not hmac.compare_digest(mac, self.mac(purpose, body)):
            return None
        try:
            payload = json.loads(_unb64(body).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        return payload if isinstance(payload, dict) else None

    def user_fingerprint(self, user: User) -> str:
        """Changes when the password or the role changes, which ends the user's sessions."""
        return self.mac("bruger", f"{user.username}|{user.role}|{user.password_hash}")[:16]

    def csrf_token(self, nonce: str) -> str:
        return self.mac("csrf", nonce)

    def check_csrf(self, nonce: Optional[str], token: Optional[str]) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(self.csrf_token(nonce), token)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


class LoginThrottle:
    """After 5 failed logins for a user name or an address within 15 minutes, wait 5 minutes."""

    def __init__(self, limit: int = 5, window: float = 900, lockout: float = 300):
        self.limit, self.window, self.lockout = limit, window, lockout
        self._failures: Dict[str, List[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                recent = [t for t in self._failures.get(key, []) if now - t < self.window]
                self._failures[key] = recent
                if len(recent) >= self.limit and now - recent[-1] < self.lockout:
                    return True
        return False

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, []).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
