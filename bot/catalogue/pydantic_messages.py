"""Turning pydantic's validation errors into Danish problems with file, entry and field."""
from __future__ import annotations

import typing
from typing import Any, List, Optional, Sequence, Tuple

from pydantic import BaseModel, ValidationError

from .errors import PathPart, Problem, field_path


def problems_from_validation(
    exc: ValidationError, model: type, raw: Any, file: str
) -> List[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if part != "__root__")
        entry, rest = locate_entry(raw, loc)
        message = danish_message(error, model, loc, raw)
        problems.append(Problem(file, entry, field_path(rest) or None, message))
    return problems


def locate_entry(raw: Any, loc: Sequence[PathPart]) -> Tuple[Optional[str], Tuple[PathPart, ...]]:
    """Find the innermost entry (a mapping with an id) on the path, and the path inside it.

    An item of a list without a usable id is named by its position ("nr. 3") when no enclosing entry
    has an id; otherwise the path keeps the position (e.g. "kompetencer[3].niveau").
    """
    entry = _entry_id(raw)
    start = 0
    current = raw
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            own = _entry_id(current)
            if own is not None:
                entry, start = own, index + 1
            elif entry is None:
                entry, start = f"nr. {part + 1}", index + 1
            continue
        else:
            break
        own = _entry_id(current)
        if own is not None:
            entry, start = own, index + 1
    return entry, tuple(loc[start:])


def _entry_id(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        ident = value.get("id")
        if isinstance(ident, (str, int, float)) and not isinstance(ident, bool) and str(ident).strip():
            return str(ident)
    return None


def _model_at(model: type, loc: Sequence[PathPart]) -> Optional[type]:
    """The model class that holds the last key of loc (used to list the allowed keys)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for f in current.__fields__.values() if f.alias == part), None)
        if field is None:
            return None
        current = inner_model(field.outer_type_)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def inner_model(tp: Any) -> Any:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    item = getattr(tp, "item_type", None)  # conlist
    if item is not None:
        return inner_model(item)
    for arg in typing.get_args(tp):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def _value_at(raw: Any, loc: Sequence[PathPart]) -> Any:
    current = raw
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            return None
    return current


def danish_message(error: dict, model: type, loc: Sequence[PathPart], raw: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error.missing":
        return "mangler (feltet skal udfyldes)"
    if kind == "value_error.extra":
        holder = _model_at(model, loc)
        word = getattr(holder, "unknown_key_word", "felt") if holder else "felt"
        key = loc[-1] if loc else "?"
        if holder is not None:
            allowed = ", ".join(f.alias for f in holder.__fields__.values())
            return f"ukendt {word} '{key}' (tilladte: {allowed})"
        return f"ukendt {word} '{key}'"
    if kind == "type_error.dict" or (kind == "type_error" and "expected dict" in error["msg"]):
        return "skal være en samling af felter (nøgle: værdi)"
    if kind in ("value_error", "type_error"):
        return error["msg"]  # our own validators write Danish messages
    if kind == "type_error.none.not_allowed":
        return "må ikke være tom"
    if kind == "type_error.list":
        return "skal være en liste (punkter med - eller [a, b])"
    if kind in ("type_error.integer", "value_error.number.not_integer"):
        return "skal være et heltal"
    if kind == "type_error.bool":
        return f"skal være true eller false, ikke {_value_at(raw, loc)!r}"
    if kind == "value_error.list.min_items":
        limit = ctx.get("limit_value")
        return "skal have mindst 1 punkt" if limit == 1 else f"skal have mindst {limit} punkter"
    if kind == "value_error.list.max_items":
        return f"må højst have {ctx.get('limit_value')} punkter"
    if kind.startswith("type_error"):
        return "har en forkert type"
    return "ugyldig værdi"
