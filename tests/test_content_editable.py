"""Every sentence a user reads is content (domain responses or the catalogue), never a literal in actions/
(issue 13). An AST check: actions pick a response and fill it; the only words they may hold are
docstrings and log messages (which no user reads)."""
import ast
import re
from pathlib import Path

ACTIONS = Path(__file__).resolve().parent.parent / "actions"
# Two or more words: a sentence or a label, not an id like "utter_x", "/intent" or "kb_context".
WORDS = re.compile(r"[A-Za-zÆØÅæøå]+[ ,.!?:]+[A-Za-zÆØÅæøå]+")
LOGGING = {"debug", "info", "warning", "error", "exception", "critical"}


def literal_sentences(source: str):
    """(line, text) for each string literal with words in it, apart from docstrings and log calls."""
    tree = ast.parse(source)
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOGGING:
            allowed.update(id(inner) for inner in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.JoinedStr):  # an f-string: its words with "x" for each {value}
            allowed.update(id(part) for part in node.values)
            text = "".join(p.value if isinstance(p, ast.Constant) else "x" for p in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if WORDS.search(text):
            found.append((node.lineno, text))
    return sorted(found)


def test_the_check_catches_a_literal_sentence():
    code = ('"""Modulets beskrivelse."""\n'
            'X = "Tak for nu."\n'
            'def run(d):\n'
            '    d.utter_message(text="Det kan jeg ikke.")\n'
            '    d.utter_message(text=f"Hej {navn}, velkommen.")\n'
            '    d.utter_message(response="utter_x", buttons=[{"title": "Vis flere eksempler", "payload": "/x"}])\n'
            '    d.utter_message(response="utter_ok", name=navn)\n'
            '    prefix = "Tilbage til testen. " if igen else ""\n'
            '    logger.error("Kunne ikke hente svaret (%s)", "x")\n')
    assert [line for line, _ in literal_sentences(code)] == [2, 4, 5, 6, 8]


def test_actions_send_no_literal_danish():
    problems = []
    for path in sorted(ACTIONS.glob("*.py")):
        for line, text in literal_sentences(path.read_text(encoding="utf-8")):
            problems.append(f"{path.name}:{line}: {text!r}")
    assert not problems, "Tekst i actions/ skal ligge i domain/*.yml eller kataloget:\n" + "\n".join(problems)
