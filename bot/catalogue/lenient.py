"""A best-effort reading of an entry that failed validation, so references in it can still be checked.

When a role has one bad level, its practice and offer references are still worth checking: the editor
should get every problem in one go. The result mimics the model's attributes; values that would not
validate are left out (they are reported already).
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Optional

from .models import Id
from .pydantic_messages import inner_model


def lenient(model: type, raw: Any) -> Optional[SimpleNamespace]:
    if not isinstance(raw, dict):
        return None
    values = {"lenient": True}
    for name, field in model.__fields__.items():
        value = raw.get(field.alias)
        inner = inner_model(field.outer_type_)
        is_list = _is_list(field)
        if inner is not None and is_list:
            items = [lenient(inner, item) for item in value] if isinstance(value, list) else []
            value = [item for item in items if item is not None and _has_valid_id(inner, item)]
        elif inner is not None:
            value = lenient(inner, value)
        elif is_list:
            value = [item for item in value if _valid_item(field, item)] if isinstance(value, list) else []
        elif name == "id":
            value = value if _valid_id(value) else None
        elif not isinstance(value, (str, int, float, bool)):
            value = None
        values[name] = value
    if "id" in model.__fields__ and values.get("id") is None:
        return None
    return SimpleNamespace(**values)


def _is_list(field) -> bool:
    return field.shape != 1  # anything but pydantic's SHAPE_SINGLETON is a list here


def _valid_id(value: Any) -> bool:
    try:
        Id.validate(value)
        return True
    except (TypeError, ValueError):
        return False


def _valid_item(field, item: Any) -> bool:
    if field.type_ is Id:
        return _valid_id(item)
    return isinstance(item, str) and bool(item.strip())


def _has_valid_id(model: type, item: SimpleNamespace) -> bool:
    return "id" not in model.__fields__ or getattr(item, "id", None) is not None
