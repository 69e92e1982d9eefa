"""Every sentence a user reads is content (domain responses or the catalogue), never a literal in actions/
(issue 13). An AST check: actions may pick a response and fill it, but not write Danish themselves."""
import ast
import re
from pathlib import Path

ACTIONS = Path(__file__).resolve().parent.parent / "actions"
# Two or more words with letters: a sentence or a label, not an id like "utter_x" or "/intent".
WORDS = re.compile(r"[A-Za-zÆØÅæøå]+[ ,.!?:]+[A-Za-zÆØÅæøå]+")
LOGGING = {"debug", "info", "warning", "error", "exception", "critical"}


def _literal_text(node) -> str:
    """The literal words in an expression (strings, f-strings and sums of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_literal_text(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + " " + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + " " + _literal_text(node.orelse)
    if isinstance(node, ast.BoolOp):
        return " ".join(_literal_text(v) for v in node.values)
    return ""


def literal_sentences(source: str):
    """(line, text) for each literal sentence an action could send: the text= of utter_message, button
    titles written in code, and module-level string constants."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "utter_message":
            for keyword in node.keywords:
                if keyword.arg in ("text", "buttons"):
                    for inner in ast.walk(keyword.value):
                        if isinstance(inner, ast.Dict):
                            for key, value in zip(inner.keys, inner.values):
                                if isinstance(key, ast.Constant) and key.value == "title":
                                    text = _literal_text(value)
                                    if WORDS.search(text):
                                        found.append((node.lineno, text))
                    text = _literal_text(keyword.value)
                    if WORDS.search(text):
                        found.append((node.lineno, text))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            text = _literal_text(node.value)
            if WORDS.search(text):
                found.append((node.lineno, text))
    return sorted(found)


def test_the_check_catches_a_literal_sentence():
    code = ('X = "Tak for nu."\n'
            'def run(d):\n'
            '    d.utter_message(text="Det kan jeg ikke.")\n'
            '    d.utter_message(text=f"Hej {navn}, velkommen.")\n'
            '    d.utter_message(response="utter_x", buttons=[{"title": "Vis flere eksempler", "payload": "/x"}])\n'
            '    d.utter_message(response="utter_ok", name=navn)\n'
            '    logger.error("Kunne ikke hente svaret (%s)", "x")\n')
    assert [line for line, _ in literal_sentences(code)] == [1, 3, 4, 5]


def test_actions_send_no_literal_danish():
    problems = []
    for path in sorted(ACTIONS.glob("*.py")):
        for line, text in literal_sentences(path.read_text(encoding="utf-8")):
            problems.append(f"{path.name}:{line}: {text!r}")
    assert not problems, "Tekst i actions/ skal ligge i domain/*.yml eller kataloget:\n" + "\n".join(problems)
