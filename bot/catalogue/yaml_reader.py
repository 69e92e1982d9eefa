"""Reading catalogue YAML safely and predictably.

The loader is PyYAML's safe loader with three changes that suit hand-written Danish content:
- dates stay text ("2024-02-01" is not turned into a date),
- only true/false are booleans (YAML 1.1 would read "ja"-like words such as yes/no/on/off as booleans),
- a key written twice in the same mapping is reported instead of silently keeping the last one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional, Tuple

import yaml


class _CatalogueLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys: List[Tuple[str, int]] = []

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                self.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Drop the timestamp resolver and the YAML 1.1 booleans; keep everything else.
_CatalogueLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CatalogueLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class YamlResult:
    data: Any = None
    # (message in Danish, line from 1 or None)
    errors: List[Tuple[str, Optional[int]]] = field(default_factory=list)


# PyYAML's messages are English; editors get a Danish explanation of the common ones.
_EXPLANATIONS = [
    ("mapping values are not allowed", "kolon et sted, hvor det ikke er tilladt (sæt teksten i anførselstegn, "
     "hvis den indeholder kolon og mellemrum, eller tjek indrykningen)"),
    ("could not find expected ':'", "der mangler et kolon efter en nøgle, eller indrykningen er forkert"),
    ("cannot start any token", "tegnet kan ikke stå her (tabulator er ikke tilladt; brug mellemrum)"),
    ("expected ',' or ']'", "en liste i [ ] er ikke lukket rigtigt"),
    ("expected ',' or '}'", "en samling i { } er ikke lukket rigtigt"),
    ("expected <block end>", "forkert indrykning"),
    ("expected <block mapping start>", "forkert indrykning"),
    ("unexpected end of stream", "filen slutter, før anførselstegn eller parenteser er lukket"),
    ("found undefined alias", "ukendt henvisning med * (skriv teksten i anførselstegn, hvis den begynder med *)"),
    ("found unknown escape character", "ugyldig tegnkombination med \\ i tekst i dobbelte anførselstegn"),
]


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, danish in _EXPLANATIONS:
        if english in problem:
            return danish
    return "tjek indrykning, kolon og anførselstegn"


def read_yaml(path: Path) -> YamlResult:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return YamlResult(errors=[("filen er ikke gemt som UTF-8", None)])
    loader = _CatalogueLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return YamlResult(errors=[(f"YAML-syntaksfejl: {_explain(exc)}", line)])
    except yaml.YAMLError:  # pragma: no cover - unmarked errors are rare
        return YamlResult(errors=[("YAML-syntaksfejl (tjek indrykning, kolon og anførselstegn)", None)])
    finally:
        loader.dispose()
    errors = [(f"nøglen '{key}' står to gange", line) for key, line in loader.duplicate_keys]
    return YamlResult(data=data, errors=errors)
