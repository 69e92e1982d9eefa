"""`python -m bot editor …`, run as a user would run it, on a copy of the project."""
from __future__ import annotations

import os
import subprocess
import sys

from bot import settings

from editor_support import git, tree_state


def run(project, tmp_path, *args, stdin=None, tracker=None):
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "EDITOR_PROJECT_ROOT": str(project.root),
           "EDITOR_AUTHOR": "anne", "RASA_API_TOKEN": "t", "RASA_URL": "http://127.0.0.1:9",
           **settings.rasa_env()}
    if tracker is not None:
        env["TRACKER_DB_URL"] = tracker.url
    return subprocess.run([sys.executable, "-m", "bot", "editor", *args], cwd=settings.ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=600)


def test_user_add_reads_the_password_and_stores_a_hash(project, tmp_path):
    weak = run(project, tmp_path, "user", "add", "anne", "--role", "admin", "--password-stdin", stdin="kort\n")
    assert weak.returncode == 1 and "mindst 10 tegn" in weak.stderr
    made = run(project, tmp_path, "user", "add", "anne", "--role", "admin", "--full-name", "Anne Jensen",
               "--email", "anne@kommune.example", "--password-stdin", stdin="en-lang-god-kode\n")
    assert made.returncode == 0, made.stderr
    assert "Brugeren anne (administrator) er gemt" in made.stdout
    text = (tmp_path / "var" / "editors.yml").read_text()
    assert "$argon2id$" in text and "en-lang-god-kode" not in text
    listed = run(project, tmp_path, "user", "list")
    assert "anne\tadministrator\tAnne Jensen" in listed.stdout


def test_add_example_validate_and_commit(project, tmp_path):
    run(project, tmp_path, "user", "add", "anne", "--full-name", "Anne Jensen", "--email", "anne@kommune.example",
        "--password-stdin", stdin="en-lang-god-kode\n")
    added = run(project, tmp_path, "add-example", "--intent", "ask_role_profile",
                "hvad skal en pædagog kunne om gdpr", "--entity", "pædagog=role", "--entity", "gdpr=area:datasikkerhed")
    assert added.returncode == 0, added.stderr
    assert "Gemt: data/nlu/catalogue.yml" in added.stdout and "Commit:" in added.stdout
    assert '- hvad skal en [pædagog](role) kunne om [gdpr]{"entity": "area", "value": "datasikkerhed"}' in \
        project.read("data/nlu/catalogue.yml")
    assert git(project.root, "log", "-1", "--format=%an <%ae>").strip() == "Anne Jensen <anne@kommune.example>"
    before = tree_state(project.root)
    refused = run(project, tmp_path, "add-example", "--intent", "ask_help", "hej")
    assert refused.returncode == 1 and "allerede et eksempel på intentet «greet»" in refused.stderr
    assert tree_state(project.root) == before


def test_conversations_and_save_story(project, tmp_path, tracker):
    listed = run(project, tmp_path, "conversations", "--fallback", tracker=tracker)
    assert listed.returncode == 0 and listed.stdout.startswith("1 samtale")
    assert "samtale-fallback" in listed.stdout and "ikke forstået 1" in listed.stdout
    shown = run(project, tmp_path, "show", "samtale-fallback", tracker=tracker)
    assert "[1] Bruger: hvad går du egentlig ud på" in shown.stdout and "IKKE FORSTÅET" in shown.stdout
    saved = run(project, tmp_path, "save-story", "samtale-fallback", "--intent", "1=ask_help", "--name",
                "spørger hvad den går ud på", tracker=tracker)
    assert saved.returncode == 0, saved.stderr
    assert ("  - story: spørger hvad den går ud på\n    steps:\n      - user: |\n          hvad går du egentlig ud på\n"
            "        intent: ask_help\n      - action: utter_help\n") in project.read("tests/stories/editor.yml")


def test_validate_the_whole_project(project, tmp_path):
    result = run(project, tmp_path, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Alt er i orden" in result.stdout
