"""Every sentence a user reads is content (domain responses or the catalogue), never a literal in actions/
or in the code that writes answers from the knowledge base (issue 13). An AST check: the code picks a
response and fills it; the only words it may hold are docstrings, log messages, exception messages, regular
expressions, the keys of a dict literal (words people type, mapped to an id) and HTTP header values, which no
user reads. Layout without words, like f"{number}. {title}", stays in the code, and so do names without a
space, like "chat.js"."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = ROOT / "actions"
# Modules in bot/ that put together what the user reads; their words are responses too.
WRITERS = [ROOT / "bot" / "answers" / "render.py", ROOT / "bot" / "answers" / "dispatch.py",
           ROOT / "bot" / "citizen_help.py", ROOT / "bot" / "staff_check.py",
           ROOT / "bot" / "readiness" / "questions.py", ROOT / "bot" / "team" / "summary.py",
           ROOT / "bot" / "readiness" / "advice.py", ROOT / "bot" / "readiness" / "scoring.py",
           ROOT / "bot" / "readiness" / "turn.py", ROOT / "bot" / "training_offers.py", ROOT / "bot" / "handover.py",
           ROOT / "bot" / "check_pause.py", ROOT / "bot" / "content" / "contact.py",
           ROOT / "bot" / "content" / "responses.py", ROOT / "bot" / "content" / "citizen_topics.py",
           # the chat's entry: the note about a removed CPR number and the REST guards' explanations
           ROOT / "bot" / "channels.py", ROOT / "bot" / "deploy" / "guards.py",
           # the chat page: its title, introduction, labels, the script's texts and the feedback API's answers
           ROOT / "bot" / "web" / "app.py", ROOT / "bot" / "web" / "texts.py"]
# Two or more words with a space between them: a sentence or a label, not an id like "utter_x", "/intent",
# "kb_context" or a file name like "index.html".
WORDS = re.compile(r"[A-Za-zÆØÅæøå]+[,.!?:]*\s+[A-Za-zÆØÅæøå]+")
LOGGING = {"debug", "info", "warning", "error", "exception", "critical"}
LETTER = re.compile(r"[A-Za-zÆØÅæøå]")


def literal_sentences(source: str):
    """(line, text) for each string literal with words in it, apart from docstrings, log calls, raised
    exceptions, regular expressions, dict keys and HTTP header values."""
    tree = ast.parse(source)
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOGGING:
            allowed.update(id(inner) for inner in ast.walk(node))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            allowed.update(id(inner) for inner in ast.walk(node.args[0]))  # a pattern, not a text
        if isinstance(node, ast.Raise) and node.exc is not None:
            allowed.update(id(inner) for inner in ast.walk(node.exc))  # for the log, not the user
        if isinstance(node, ast.Dict):
            allowed.update(id(key) for key in node.keys if key is not None)  # what is looked up, not shown
        # HTTP headers: headers={"Cache-Control": "public, max-age=300"}, response.headers["X"] = "…"
        if isinstance(node, ast.keyword) and node.arg == "headers":
            allowed.update(id(inner) for inner in ast.walk(node.value))
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
                and isinstance(node.targets[0].value, ast.Attribute) and node.targets[0].value.attr == "headers"):
            allowed.update(id(inner) for inner in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.JoinedStr):  # an f-string: its words with "x" for each {value}
            allowed.update(id(part) for part in node.values)
            text = "".join(p.value if isinstance(p, ast.Constant) else "x" for p in node.values)
            if not any(isinstance(p, ast.Constant) and LETTER.search(p.value) for p in node.values):
                continue  # only layout around the values: "x. x: x"
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
            '    logger.error("Kunne ikke hente svaret (%s)", "x")\n'
            '    lines = [f"{n}. {title}: {summary}", f"Kilde: {kilde}"]\n'
            '    pattern = re.compile(r"dig\\s?comp|kompetencehjul")\n'
            '    words = {"slet ikke": "lav", "lidt": "lav"}\n'
            '    raise ValueError(f"ukendt rolle: {rolle}")\n'
            '    return {"title": "Tag tjekket igen", "payload": "/x"}\n'
            'page = TEMPLATES / "index.html"\n'
            'r = web.FileResponse(p, headers={"Cache-Control": "public, max-age=300"})\n'
            'r.headers["Cache-Control"] = "no-cache, no-store"\n'
            'r = web.Response(text="Tak for din vurdering.", headers={"X": "y"})\n')
    assert [line for line, _ in literal_sentences(code)] == [2, 4, 5, 6, 8, 10, 14, 18]


def test_actions_send_no_literal_danish():
    problems = []
    for path in sorted(ACTIONS.glob("*.py")):
        for line, text in literal_sentences(path.read_text(encoding="utf-8")):
            problems.append(f"{path.name}:{line}: {text!r}")
    assert not problems, "Tekst i actions/ skal ligge i domain/*.yml eller kataloget:\n" + "\n".join(problems)


def test_bot_modules_that_write_answers_hold_no_literal_danish():
    problems = []
    for path in WRITERS:
        for line, text in literal_sentences(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert not problems, "Tekst i bot/ skal ligge i domain/*.yml eller kataloget:\n" + "\n".join(problems)
