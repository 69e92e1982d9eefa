"""Each save is a git commit with the editor as author, when the project is a git repository.

Only the saved files are committed (`git commit -- <files>`), so other uncommitted work in the same
checkout is never swept into an editor's commit."""
from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path
from typing import List, Optional, Sequence

logger = logging.getLogger(__name__)

COMMITTER_NAME = "Redigeringsværktøjet"
COMMITTER_EMAIL = "redigering@parathed.invalid"


def _git(root: Path, *args: str, env: Optional[dict] = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, check=check, timeout=60)


def is_repository(root: Path) -> bool:
    try:
        result = _git(root, "rev-parse", "--show-toplevel", check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and Path(result.stdout.strip()).resolve() == Path(root).resolve()


def head(root: Path) -> Optional[str]:
    try:
        result = _git(root, "rev-parse", "--short", "HEAD", check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def commit(root: Path, files: Sequence[str], message: str, author_name: str, author_email: str) -> Optional[str]:
    """Commits exactly `files` (relative paths); returns the short commit id, or None when nothing
    changed. Raises RuntimeError with git's message when git refuses."""
    env = {}
    configured = _git(root, "config", "user.email", check=False).stdout.strip()
    if not configured:
        env.update(GIT_COMMITTER_NAME=COMMITTER_NAME, GIT_COMMITTER_EMAIL=COMMITTER_EMAIL)
    try:
        _git(root, "add", "--", *files, env=env)
        staged = _git(root, "diff", "--cached", "--name-only", "--", *files, env=env).stdout.split()
        if not staged:
            return None
        _git(root, "commit", "--quiet", "--no-verify", "-m", message,
             f"--author={author_name} <{author_email}>", "--", *files, env=env)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError((exc.stderr or exc.stdout or str(exc)).strip()) from exc
    return head(root)


def log(root: Path, paths: Sequence[str], limit: int = 30) -> List[dict]:
    """Recent commits that touched `paths`: [{id, author, date, message}]."""
    try:
        result = _git(root, "log", f"-{limit}", "--format=%h%x1f%an%x1f%aI%x1f%s", "--", *paths, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    entries = []
    for line in result.stdout.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 4:
            entries.append(dict(zip(("id", "author", "date", "message"), parts)))
    return entries
