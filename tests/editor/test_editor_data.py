"""The editor's data layer: tidy YAML edits, the project's own checks, saving (validate first, nothing
written on failure, a commit per save), conversations from the tracker store, users and sessions."""
from __future__ import annotations

import difflib
import glob

import pytest

from bot import settings
from bot.editor import catalogue_edit, nlu, stories, yamlio
from bot.editor.auth import AuthError, LoginThrottle, Signer, UserStore
from bot.editor.checks import run_checks
from bot.editor.conversations import Filters, list_conversations, load_conversation, story_steps
from bot.editor.domain import load_domain
from bot.editor.errors import ConflictError, EditError
from bot.editor.project import PathError, Project
from bot.editor.store import Author, Store, ValidationFailed

from editor_support import git, tree_state

AUTHOR = Author("anne", "Anne Jensen", "anne@kommune.example")


def changed_lines(project: Project, changes):
    out = []
    for rel, text in changes.items():
        old = (project.read(rel) or "").splitlines()
        out += [line for line in difflib.unified_diff(old, text.splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return out


# --- YAML -------------------------------------------------------------------------------------------------------------
def test_every_editable_file_round_trips_byte_identical():
    files = [p for pattern in ("data/nlu/*.yml", "data/stories/*.yml", "data/rules/*.yml", "tests/stories/*.yml",
                               "data/catalogue/**/*.yml") for p in glob.glob(str(settings.ROOT / pattern), recursive=True)]
    assert files
    for path in files:
        text = open(path, encoding="utf-8").read()
        assert yamlio.dump(yamlio.load(text)) == text, path


# --- NLU examples ------------------------------------------------------------------------------------------------------
def test_annotation_round_trip():
    raw = 'hvad skal en [lærer](role) kunne om [it]{"entity": "area", "value": "brugerkompetencer"}?'
    plain, entities = nlu.parse_annotated(raw)
    assert plain == "hvad skal en lærer kunne om it?"
    assert [(e.text_in(plain), e.entity, e.value) for e in entities] == [
        ("lærer", "role", None), ("it", "area", "brugerkompetencer")]
    assert nlu.annotate(plain, entities) == raw


def test_add_example_changes_one_line_in_the_intents_file(project):
    changes = nlu.add_example(project, "ask_help", "hvad går du egentlig ud på")
    assert changed_lines(project, changes) == ["+      - hvad går du egentlig ud på"]


def test_add_example_with_entities(project):
    domain = load_domain(project.domain_path)
    plain = "hvad skal en pædagog kunne om gdpr"
    entities = nlu.entities_from_rows(plain, [("pædagog", "role", ""), ("gdpr", "area", "datasikkerhed")],
                                      domain.entities)
    changes = nlu.add_example(project, "ask_role_profile", plain, entities)
    assert changed_lines(project, changes) == [
        '+      - hvad skal en [pædagog](role) kunne om [gdpr]{"entity": "area", "value": "datasikkerhed"}']


def test_entity_rows_are_checked():
    with pytest.raises(EditError, match="står ikke i eksemplet"):
        nlu.entities_from_rows("hej med dig", [("lærer", "role", "")], ["role"])
    with pytest.raises(EditError, match="findes ikke i domænet"):
        nlu.entities_from_rows("hej lærer", [("lærer", "rolle", "")], ["role"])


def test_an_example_under_another_intent_is_refused_or_moved(project):
    with pytest.raises(EditError, match="allerede et eksempel på intentet «greet»"):
        nlu.add_example(project, "ask_help", "Hej!")
    changes = nlu.add_example(project, "ask_help", "hej", move=True)
    assert sorted(changed_lines(project, changes)) == ["+      - hej", "-      - hej"]


def test_an_intent_without_examples_gets_a_block_in_the_editors_file(project):
    core = project.read("data/nlu/core.yml")
    start = core.index("  - intent: speak_english")
    end = core.index("  - intent:", start + 10)
    yamlio.atomic_write(project.path("data/nlu/core.yml"), core[:start] + core[end:])
    changes = nlu.add_example(project, "speak_english", "can you speak english")
    assert list(changes) == ["data/nlu/editor.yml"]
    assert changes["data/nlu/editor.yml"].endswith(
        "nlu:\n  - intent: speak_english\n    examples: |\n      - can you speak english\n")


# --- stories and rules ---------------------------------------------------------------------------------------------------
def test_every_story_and_rule_is_read_and_written_back_unchanged(project):
    for kind in stories.KINDS:
        for item in stories.read_items(project, kind):
            data = yamlio.load(project.read(item.file))
            raw = data["rules" if kind == "rule" else "stories"][item.index]
            if item.editable:
                assert yamlio.plain(raw) == yamlio.plain(item.to_yaml()), (item.file, item.name)


def test_create_and_edit_a_story(project):
    domain = load_domain(project.domain_path)
    item = stories.Item("story", "spørger hvad den kan", steps=[
        stories.step_from_choice("intent:ask_help", "", "", domain, 1),
        stories.step_from_choice("action:utter_help", "", "", domain, 2)])
    changes = stories.create_item(project, item)
    assert list(changes) == ["data/stories/editor.yml"]
    text = changes["data/stories/editor.yml"]
    assert "  - story: spørger hvad den kan\n    steps:\n      - intent: ask_help\n      - action: utter_help\n" in text
    for rel, content in changes.items():
        yamlio.atomic_write(project.path(rel), content)
    created = stories.read_items(project, "story")[0]
    version = stories.file_version(project.read(created.file))
    created.steps.append(stories.Step("intent", "thank"))
    created.steps.append(stories.Step("action", "utter_thank"))
    changes = stories.update_item(project, created.file, created.index, created.name, version, created)
    assert changed_lines(project, changes) == ["+      - intent: thank", "+      - action: utter_thank"]
    with pytest.raises(ConflictError):
        stories.update_item(project, created.file, created.index, created.name, "forkert-version", created)


def test_step_choices_are_checked_against_the_domain(project):
    domain = load_domain(project.domain_path)
    with pytest.raises(EditError, match="Trin 3: handlingen «utter_findes_ikke» findes ikke"):
        stories.step_from_choice("action:utter_findes_ikke", "", "", domain, 3)
    step = stories.step_from_choice("intent:ask_role_profile", "role=paedagog, area", "", domain, 1)
    assert step.entities == [("role", "paedagog"), ("area", None)]
    assert stories.step_from_choice("slot:audience", "citizen", "", domain, 2).value == "citizen"


def test_suggested_answers_come_from_the_rules(project):
    steps = [stories.Step("intent", "ask_help", text="hvad går du ud på"), stories.Step("action", "utter_ask_rephrase")]
    suggested = stories.suggest_steps(steps, stories.rule_answers(project))
    assert [(s.kind, s.name) for s in suggested] == [("intent", "ask_help"), ("action", "utter_help")]


# --- checks ---------------------------------------------------------------------------------------------------------------
def test_the_real_project_passes_the_own_checks():
    assert [str(p) for p in run_checks(Project(settings.ROOT))] == []


def _write(project, rel, text):
    yamlio.atomic_write(project.path(rel), text)


def test_checks_find_an_example_under_two_intents(project):
    _write(project, "data/nlu/ekstra.yml", 'version: "3.1"\nnlu:\n  - intent: goodbye\n    examples: |\n      - Hej\n')
    messages = [str(p) for p in run_checks(project)]
    assert any("står under både «goodbye»" in m and "«greet»" in m for m in messages), messages


def test_checks_find_stories_inconsistent_with_the_domain_or_the_rules(project):
    _write(project, "data/stories/ekstra.yml", 'version: "3.1"\nstories:\n'
           "  - story: ukendt\n    steps:\n      - intent: findes_ikke\n      - action: utter_help\n"
           "  - story: modsiger reglen\n    steps:\n      - intent: greet\n      - action: utter_goodbye\n")
    messages = [str(p) for p in run_checks(project)]
    assert any("intentet «findes_ikke» står ikke i domænet" in m for m in messages), messages
    assert any("efter «greet» svarer assistenten altid med «utter_greet»" in m for m in messages), messages


def test_checks_report_catalogue_problems(project):
    path = project.path("data/catalogue/tilbud.yml")
    path.write_text(path.read_text(encoding="utf-8").replace("    type: selvtest", "    type: noget-andet", 1), encoding="utf-8")
    messages = [str(p) for p in run_checks(project)]
    assert any(m.startswith("data/catalogue/tilbud.yml") for m in messages), messages


# --- the store -------------------------------------------------------------------------------------------------------------
def test_save_writes_and_commits_with_the_editor_as_author(project, tmp_path):
    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    result = store.save(nlu.add_example(project, "ask_help", "hvad går du egentlig ud på"), "Nyt eksempel", AUTHOR)
    assert result.files == ["data/nlu/core.yml"] and result.commit
    assert "- hvad går du egentlig ud på" in project.read("data/nlu/core.yml")
    log = git(project.root, "log", "-1", "--format=%an <%ae>|%s", "--name-only")
    assert log.startswith("Anne Jensen <anne@kommune.example>|Nyt eksempel") and "data/nlu/core.yml" in log
    assert git(project.root, "status", "--porcelain").strip() == ""


def test_a_failed_validation_writes_nothing(project, tmp_path):
    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    before = tree_state(project.root)
    head = git(project.root, "rev-parse", "HEAD")
    bad = {"data/stories/editor.yml": 'version: "3.1"\nstories:\n  - story: x\n    steps:\n'
                                      "      - intent: greet\n      - action: utter_findes_ikke\n"}
    with pytest.raises(ValidationFailed) as failure:
        store.save(bad, "Dårlig ændring", AUTHOR)
    assert "Ændringen blev ikke gemt" in failure.value.message
    assert any("utter_findes_ikke" in p for p in failure.value.problems)
    assert tree_state(project.root) == before
    assert git(project.root, "rev-parse", "HEAD") == head


def test_paths_outside_the_data_folders_are_refused(project, tmp_path):
    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    for rel in ("config.yml", "domain/core.yml", "../udenfor.yml", "data/nlu/generated/catalogue_lookups.yml"):
        with pytest.raises(PathError):
            store.save({rel: "x: 1\n"}, "nej", AUTHOR)


def test_rasa_data_validate_runs_on_the_staging_copy(project, tmp_path):
    """A story conflict only Rasa's own check finds (inside a form, where our rule check steps aside)."""
    store = Store(project, tmp_path / "var" / "editor", run_rasa=True)
    before = tree_state(project.root)
    start = ("      - intent: readiness_start\n      - action: action_readiness_start\n"
             "      - action: readiness_form\n      - active_loop: readiness_form\n      - intent: affirm\n")
    conflict = {"data/stories/editor.yml": 'version: "3.1"\nstories:\n'
                f"  - story: a\n    steps:\n{start}      - action: readiness_form\n"
                f"  - story: b\n    steps:\n{start}      - action: utter_goodbye\n"}
    with pytest.raises(ValidationFailed) as failure:
        store.save(conflict, "Modstridende historier", AUTHOR)
    assert any("Historier modsiger hinanden efter intentet 'affirm'" in p for p in failure.value.problems), \
        failure.value.problems
    assert tree_state(project.root) == before


# --- catalogue ----------------------------------------------------------------------------------------------------------------
def _flat(fields, out):
    for f in fields:
        if f.kind == "group":
            _flat(f.children, out)
        elif f.kind == "bool":
            if f.value:
                out[f.name] = "on"
        else:
            out[f.name] = "" if f.value is None else str(f.value)
    return out


def test_catalogue_entries_save_unchanged_when_nothing_changed(project):
    entries = catalogue_edit.list_entries(project)
    assert len(entries) > 100
    for entry in entries:
        fields, version = catalogue_edit.entry_form(project, entry.file, entry.key, entry.id)
        changes = catalogue_edit.save_entry(project, entry.file, entry.key, entry.id, version, _flat(fields, {}))
        assert changes[entry.file] == project.read(entry.file), entry


def test_catalogue_edit_changes_only_the_edited_field(project):
    fields, version = catalogue_edit.entry_form(project, "data/catalogue/tilbud.yml", "tilbud.1", "digcompsat")
    form = _flat(fields, {})
    form["f.målgrupper"] = "medarbejdere\nledere"
    changes = catalogue_edit.save_entry(project, "data/catalogue/tilbud.yml", "tilbud.1", "digcompsat", version, form)
    assert changed_lines(project, changes) == ["-    målgrupper: [medarbejdere, borgere]",
                                               "+    målgrupper: [medarbejdere, ledere]"]


def test_a_broken_catalogue_edit_is_refused(project, tmp_path):
    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    fields, version = catalogue_edit.entry_form(project, "data/catalogue/tilbud.yml", "tilbud.1", "digcompsat")
    form = _flat(fields, {})
    form["f.type"] = "tryllestav"
    before = tree_state(project.root)
    with pytest.raises(ValidationFailed) as failure:
        store.save(catalogue_edit.save_entry(project, "data/catalogue/tilbud.yml", "tilbud.1", "digcompsat",
                                             version, form), "Katalog", AUTHOR)
    assert any("tilbud.yml" in p for p in failure.value.problems)
    assert tree_state(project.root) == before


# --- conversations --------------------------------------------------------------------------------------------------------------
def test_conversation_list_and_filters(tracker):
    everything, total = list_conversations(tracker.url, Filters())
    assert total == 3
    fallback, _ = list_conversations(tracker.url, Filters(fallback=True))
    assert [c.id for c in fallback] == ["samtale-fallback"]
    negative, _ = list_conversations(tracker.url, Filters(negative=True))
    assert [c.id for c in negative] == ["samtale-ned"]
    low, _ = list_conversations(tracker.url, Filters(low_confidence=True), low_threshold=0.7)
    assert {c.id for c in low} == {"samtale-fallback", "samtale-ned"}
    found, _ = list_conversations(tracker.url, Filters(search="LÆRER"))
    assert [c.id for c in found] == ["samtale-ned"]
    from datetime import date, timedelta

    none, total = list_conversations(tracker.url, Filters(date_to=date.today() - timedelta(days=2)))
    assert total == 0


def test_missing_tracker_table_gives_an_empty_list(tmp_path):
    assert list_conversations(f"sqlite:///{tmp_path / 'tom.sqlite3'}", Filters()) == ([], 0)


def test_one_conversation_turn_by_turn(tracker, project):
    conversation = load_conversation(tracker.url, "samtale-ned")
    user = conversation.user_turn(1)
    assert user.intent == "ask_role_profile" and user.confidence == pytest.approx(0.62) and user.low
    assert [(e["text"], e["entity"]) for e in user.entities] == [("lærer", "role"), ("datasikkerhed", "area")]
    assert [t.kind for t in conversation.turns].count("feedback") == 1
    fallback = load_conversation(tracker.url, "samtale-fallback").user_turn(1)
    assert fallback.fallback and fallback.suggested_intent == "ask_help"
    domain = load_domain(project.domain_path)
    steps = story_steps(load_conversation(tracker.url, "samtale-fallback"), domain, {1: "ask_help"})
    assert [(s.kind, s.name, s.text) for s in steps] == [
        ("intent", "ask_help", "hvad går du egentlig ud på"), ("action", "utter_ask_rephrase", None)]


# --- users and sessions --------------------------------------------------------------------------------------------------------
def test_users_are_stored_with_argon2_hashes(tmp_path):
    store = UserStore(tmp_path / "editors.yml")
    with pytest.raises(AuthError, match="mindst 10 tegn"):
        store.add("anne", "kort", "editor")
    store.add("anne", "en-lang-god-kode", "admin", "Anne Jensen")
    text = (tmp_path / "editors.yml").read_text()
    assert "$argon2id$" in text and "en-lang-god-kode" not in text
    assert (tmp_path / "editors.yml").stat().st_mode & 0o777 == 0o600
    assert store.authenticate("anne", "en-lang-god-kode").role == "admin"
    assert store.authenticate("anne", "forkert-kode-123") is None
    assert store.authenticate("ukendt", "en-lang-god-kode") is None
    with pytest.raises(AuthError, match="findes allerede"):
        store.add("anne", "en-anden-god-kode", "editor")


def test_users_from_the_environment_are_read_only(tmp_path):
    from bot.editor.auth import hash_password

    inline = '{"cecilie": {"rolle": "editor", "adgangskode": "%s"}, "uden-kode": {"rolle": "admin"}}' % hash_password(
        "cecilies-gode-kode")
    store = UserStore(tmp_path / "editors.yml", inline)
    assert set(store.all()) == {"cecilie"}
    assert store.authenticate("cecilie", "cecilies-gode-kode")
    with pytest.raises(AuthError, match="EDITOR_USERS"):
        store.set_password("cecilie", "en-helt-ny-kode")


def test_signed_values_and_csrf_tokens():
    signer = Signer(b"hemmelig")
    token = signer.sign("session", {"u": "anne"})
    assert signer.unsign("session", token) == {"u": "anne"}
    assert signer.unsign("login", token) is None  # another purpose
    body, mac = token.rsplit(".", 1)
    assert signer.unsign("session", body + "." + mac[:-1] + ("0" if mac[-1] != "0" else "1")) is None
    assert Signer(b"en-anden").unsign("session", token) is None
    assert signer.check_csrf("n1", signer.csrf_token("n1"))
    assert not signer.check_csrf("n1", signer.csrf_token("n2"))
    assert not signer.check_csrf("n1", "")


def test_login_throttle():
    throttle = LoginThrottle(limit=3)
    for _ in range(3):
        assert not throttle.blocked("user:anne")
        throttle.failed("user:anne")
    assert throttle.blocked("user:anne")
    throttle.succeeded("user:anne")
    assert not throttle.blocked("user:anne")


def test_the_fingerprint_matches_training():
    """The editor's project is what bot.training trains: the real checkout has the real paths and the
    real fingerprint."""
    from bot.training import REAL_PROJECT, fingerprint

    editors = Project(settings.ROOT)
    for path in ("root", "config_path", "domain_path", "test_stories_dir", "generated_nlu_dir"):
        assert getattr(editors, path) == getattr(REAL_PROJECT, path), path
    assert editors.training_dirs() == REAL_PROJECT.training_dirs()
    assert editors.catalogue_dir == settings.ROOT / "data" / "catalogue"
    assert fingerprint(editors) == fingerprint()
