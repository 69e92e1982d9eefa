"""Errors the editor shows to editors (Danish, precise, never a stack trace)."""
from __future__ import annotations

from typing import List, Optional


class EditError(Exception):
    """An edit that cannot be made as asked; nothing has been written."""

    def __init__(self, message: str, field: Optional[str] = None, problems: Optional[List[str]] = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = problems or []


class ConflictError(EditError):
    """The file changed since the editor opened it."""
