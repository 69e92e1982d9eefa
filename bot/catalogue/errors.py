"""Problems found in the catalogue, reported in Danish with file, entry and field."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Union

PathPart = Union[str, int]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the catalogue.

    file: path relative to the catalogue folder, e.g. "roller/paedagog.yml".
    entry: the id of the entry (post) the problem is in, or "nr. 3" when it has no usable id, or None
        for the file's top level.
    field: dotted path inside the entry, list positions counted from 1, e.g. "kompetencer[4].niveau".
    message: what is wrong, in Danish.
    line: line number in the file (from 1) when known.
    """

    file: str
    entry: Optional[str]
    field: Optional[str]
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", linje {self.line}"
        if self.entry is not None:
            where += f", post {_quote_entry(self.entry)}"
        if self.field:
            where += f", felt '{self.field}'"
        return f"{where}: {self.message}"


def _quote_entry(entry: str) -> str:
    return entry if entry.startswith("nr. ") else f"'{entry}'"


def field_path(parts: Sequence[PathPart]) -> str:
    """('kompetencer', 3, 'niveau') -> 'kompetencer[4].niveau' (positions shown from 1)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class CatalogueError(Exception):
    """The catalogue has problems. `problems` lists every one; str() gives one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(self.text())

    def text(self) -> str:
        count = len(self.problems)
        head = "Kataloget har 1 fejl:" if count == 1 else f"Kataloget har {count} fejl:"
        return "\n".join([head] + [f"- {problem}" for problem in self.problems])

    def __str__(self) -> str:
        return self.text()
