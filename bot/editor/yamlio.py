"""Round-trip YAML with ruamel.yaml, set up so that the project's files come out byte-identical where
nothing changed (comments, quotes, block scalars, flow lists and blank lines are kept)."""
from __future__ import annotations

import io
import os
import re
import textwrap
from pathlib import Path
from typing import Any, Optional

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

__all__ = [
    "CommentedMap", "CommentedSeq", "FoldedScalarString", "LiteralScalarString", "YAMLError",
    "atomic_write", "dump", "folded", "load", "tidy_entries",
]


def _represent_none(representer, data):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(type(None), _represent_none)
    return y


def load(text: str) -> Any:
    return yaml().load(text)


def dump(data: Any) -> str:
    out = io.StringIO()
    yaml().dump(data, out)
    return out.getvalue()


def folded(text: str, width: int = 100, indent: int = 0) -> FoldedScalarString:
    """A `>-` block like the catalogue's long texts, folded at about `width` characters."""
    text = " ".join(text.split())
    value = FoldedScalarString(text)
    positions = []
    offset = 0
    for line in textwrap.wrap(text, width=max(40, width - indent), break_long_words=False,
                              break_on_hyphens=False)[:-1]:
        offset += len(line)
        positions.append(offset)
        offset += 1  # the space the fold replaces
    value.fold_pos = positions
    return value


_ENTRY = re.compile(r"^(\s{0,2})- (story|rule|intent|synonym|regex|lookup): ")


def tidy_entries(text: str) -> str:
    """A blank line before each top-level story, rule or intent block (the project's style)."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if _ENTRY.match(line) and out:
            previous = out[-1]
            if previous.strip() and not previous.rstrip().endswith(":") and not previous.lstrip().startswith("#"):
                out.append("")
        out.append(line)
    return "\n".join(out)


def atomic_write(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.editor-tmp")
    with open(temp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    if path.exists():
        os.chmod(temp, path.stat().st_mode & 0o777)
    os.replace(temp, path)


def parse_error_message(rel: str, exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" (linje {mark.line + 1})" if mark is not None else ""
    return f"{rel}{where} er ikke gyldig YAML: {getattr(exc, 'problem', None) or exc}"


def plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts, lists and strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def load_file(path: Path) -> Optional[Any]:
    if not Path(path).exists():
        return None
    return load(Path(path).read_text(encoding="utf-8"))


def fast_load(text: str) -> Any:
    """Read-only parsing with PyYAML's C loader (much faster than the round-trip loader)."""
    import yaml as pyyaml

    loader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
    return pyyaml.load(text, Loader=loader)


def fast_load_file(path: Path) -> Optional[Any]:
    if not Path(path).exists():
        return None
    return fast_load(Path(path).read_text(encoding="utf-8"))


def fast_dump(data: Any) -> str:
    import yaml as pyyaml

    return pyyaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096, indent=2)


def check_parses(text: str) -> None:
    """Raises YAMLError (PyYAML's or ruamel's) when `text` is not YAML."""
    fast_load(text)
