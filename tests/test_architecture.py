"""How the parts of bot/ may depend on each other (docs/architecture.md, «Regler, huset holder»), read from
the source with ast, so an import that breaks a rule fails here with the file and line that make it.
Imports inside functions count too: they run as soon as the function does.

- A feature (citizen help, the two checks, leaders, training offers, the team overview, the knowledge
  base's answers, the handover) uses only itself and the shared kit, never another feature.
- The shared kit (bot/content, bot/kb, bot/catalogue, bot/nlu, bot/settings.py) uses only the shared kit.
- bot/check_pause.py pauses and resumes either check, so it sits above the two checks: it reads their
  form names and slots (bot/readiness, bot/staff_check) and the shared kit, and no feature imports it.
- The outer parts (the channel, privacy, the web server, the editor, deployment, training, measuring,
  start-up) may use any part.
- No import circle between two modules of bot/, in any part.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set

ROOT = Path(__file__).resolve().parent.parent

FEATURES = {"citizen_help", "readiness", "staff_check", "leadership", "training_offers", "team", "answers", "handover"}
SHARED = {"content", "kb", "catalogue", "nlu", "settings"}
ABOVE_CHECKS = {"check_pause": {"readiness", "staff_check"}}
OUTER = {"channels", "privacy", "privacy_cli", "privacy_names", "privacy_store", "web", "editor", "deploy",
         "training", "eval", "bench", "run", "shell", "stack", "__main__"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path, package: str = "bot") -> Dict[str, Dict[str, int]]:
    """{module: {module of the same package it imports: line}} for every .py file under root/package."""
    paths = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}
    graph: Dict[str, Dict[str, int]] = {}
    for name, path in paths.items():
        own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: Dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # from .store import …, from .. import settings
                    base = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # from bot import settings: the module bot.settings; from bot.kb import queries: bot.kb.queries
                targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in paths else source
                           for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in paths:
                    target = target.rpartition(".")[0]  # bot.kb.queries.get_role -> bot.kb.queries
                # A module's own packages are imported before it anyway; the package itself says nothing.
                if target and target != name and not name.startswith(target + ".") and target != package:
                    found.setdefault(target, node.lineno)
        graph[name] = found
    return graph


def part_of(module: str) -> str:
    """bot.kb.queries -> "kb", bot.citizen_help -> "citizen_help" ("" for bot itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def rule_breaks(graph: Dict[str, Dict[str, int]]) -> List[str]:
    """One line per import that breaks a rule of the house (the module docstring), with its file and line."""
    problems = []
    for module, imports in sorted(graph.items()):
        part = part_of(module)
        if part in FEATURES:
            allowed, rule = SHARED | {part}, "en funktion bruger kun sig selv og det fælles (bot/content, bot/kb …)"
        elif part in SHARED:
            allowed, rule = SHARED, "det fælles bruger kun det fælles"
        elif part in ABOVE_CHECKS:
            allowed, rule = SHARED | ABOVE_CHECKS[part] | {part}, "pausen bruger kun de to tjek og det fælles"
        else:
            continue
        for target, line in sorted(imports.items()):
            if part_of(target) not in allowed:
                problems.append(f"{module} (linje {line}) importerer {target}: {rule}")
    return problems


def circles(graph: Dict[str, Dict[str, int]]) -> List[List[str]]:
    """The groups of modules that import each other, directly or round a circle (Tarjan's algorithm)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, {}):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def describe(group: List[str], graph: Dict[str, Dict[str, int]]) -> str:
    edges = [f"  {a} (linje {graph[a][b]}) importerer {b}" for a in group for b in sorted(graph[a]) if b in group]
    return "\n".join([", ".join(group), *edges])


def _write(root: Path, files: Dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_the_checks_catch_a_feature_import_and_a_circle(tmp_path):
    """The reader and the rules on a small made-up bot/: imports inside functions, relative imports and
    `from package import module` are all seen, and what breaks a rule is named with its line."""
    _write(tmp_path, {
        "bot/__init__.py": "",
        "bot/settings.py": "",
        "bot/content/__init__.py": "",
        "bot/content/text.py": "from bot import settings\n\ndef f():\n    from bot.team import report\n",
        "bot/team/__init__.py": "",
        "bot/citizen_help.py": "from bot.content.text import x\n",
        "bot/readiness/__init__.py": "from .advice import plan\n",
        "bot/readiness/advice.py": "import re\n\ndef plan():\n    from bot.citizen_help import topic_button\n",
        "bot/staff_check.py": "from bot.readiness import advice\n",
        "bot/check_pause.py": "from bot import staff_check\nfrom bot.readiness import questions\n",
        "bot/leadership.py": "from bot.content import text\nfrom bot import check_pause\n",
        "bot/kb/__init__.py": "",
        "bot/kb/queries.py": "from bot.kb import engine\n",
        "bot/kb/engine.py": "def f():\n    from ..kb import queries\n",
    })
    graph = import_graph(tmp_path)
    assert graph["bot.content.text"] == {"bot.settings": 1, "bot.team": 4}
    assert graph["bot.readiness"] == {"bot.readiness.advice": 1}
    assert rule_breaks(graph) == [
        "bot.content.text (linje 4) importerer bot.team: det fælles bruger kun det fælles",
        "bot.leadership (linje 2) importerer bot.check_pause: "
        "en funktion bruger kun sig selv og det fælles (bot/content, bot/kb …)",
        "bot.readiness.advice (linje 4) importerer bot.citizen_help: "
        "en funktion bruger kun sig selv og det fælles (bot/content, bot/kb …)",
        "bot.staff_check (linje 1) importerer bot.readiness.advice: "
        "en funktion bruger kun sig selv og det fælles (bot/content, bot/kb …)",
    ]
    assert circles(graph) == [["bot.kb.engine", "bot.kb.queries"]]


def test_every_part_of_bot_has_its_place_in_the_rules():
    """A new part of bot/ is placed in FEATURES, SHARED, ABOVE_CHECKS or OUTER (and in docs/architecture.md),
    so the rules below also hold for it."""
    placed = FEATURES | SHARED | set(ABOVE_CHECKS) | OUTER
    parts = {part_of(module) for module in import_graph(ROOT)} - {""}
    assert not parts - placed, f"ikke placeret i tests/test_architecture.py: {sorted(parts - placed)}"
    assert not placed - parts, f"findes ikke længere i bot/: {sorted(placed - parts)}"


def test_features_use_the_shared_kit_not_each_other():
    problems = rule_breaks(import_graph(ROOT))
    assert not problems, "Imports, der bryder husets regler (docs/architecture.md):\n" + "\n".join(problems)


def test_no_import_circle_in_bot():
    graph = import_graph(ROOT)
    found = circles(graph)
    assert not found, "Moduler i bot/, der importerer hinanden i ring:\n" + "\n".join(describe(g, graph) for g in found)
