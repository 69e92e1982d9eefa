"""The catalogue fields that hold what the code used to (issue 13) on the editor's catalogue page: each
has a help text that says what it does, an editor can change it, and the check refuses a reference that
does not resolve (nothing is written)."""
from __future__ import annotations

import re

import pytest

from bot.catalogue import load_catalogue
from bot.editor import catalogue_edit
from bot.editor.store import Store, ValidationFailed

from editor_support import tree_state
from test_editor_data import AUTHOR, _flat, changed_lines

HELP_TOPICS = "data/catalogue/borgerhjaelp.yml"
TAXONOMY = "data/catalogue/taksonomi.yml"
READINESS = "data/catalogue/parathedstest.yml"


def _entry(project, file: str, entry_id: str):
    return next(e for e in catalogue_edit.list_entries(project) if e.file == file and e.id == entry_id)


def _form(project, file: str, entry_id: str):
    entry = _entry(project, file, entry_id)
    fields, version = catalogue_edit.entry_form(project, entry.file, entry.key, entry.id)
    return entry, fields, version


def _help_of(fields, name: str) -> str:
    for f in fields:
        if f.name == name:
            return f.help
        found = _help_of(f.children, name)
        if found:
            return found
    return ""


def _save(store, project, file: str, entry_id: str, **values):
    entry, fields, version = _form(project, file, entry_id)
    form = {**_flat(fields, {}), **{f"f.{k.replace('__', '.')}": v for k, v in values.items()}}
    changes = catalogue_edit.save_entry(project, entry.file, entry.key, entry.id, version, form)
    lines = changed_lines(project, changes)
    store.save(changes, f"Katalog: {entry_id} rettet", AUTHOR)
    return lines


@pytest.fixture
def store(project, tmp_path):
    return Store(project, tmp_path / "var" / "editor", run_rasa=False)


@pytest.mark.parametrize("file, entry_id, field, words", [
    (HELP_TOPICS, "mitid-faa", "f.intent", "citizen_mitid_get, citizen_mitid_types"),
    (HELP_TOPICS, "mitid-faa", "f.se_også", "vises som knapper under svaret"),
    (TAXONOMY, "medarbejdere", "f.rolleeksempler", "»Skriv fx …«"),
    (TAXONOMY, "e-laering", "f.områder", "Kompetencetjekket finder gode eksempler"),
    ("data/catalogue/roller/paedagog.yml", "paedagog", "f.målgrupper", "hvem kompetencetjekket beder den tale med"),
    ("data/catalogue/niveauer.yml", "oevet", "f.selvvurdering", "svare med for niveauet i kompetencetjekket"),
    (READINESS, "hjaelper", "f.område", "Tomt: spørgsmålet tæller ikke med i resultatet"),
    (READINESS, "adgang", "f.navn", "inde i en sætning i resultatet"),
])
def test_the_moved_fields_say_what_they_do(project, file, entry_id, field, words):
    _, fields, _ = _form(project, file, entry_id)
    assert words in _help_of(fields, field)


def test_an_editor_changes_the_buttons_under_a_citizen_answer_and_an_unknown_topic_is_refused(project, store):
    lines = _save(store, project, HELP_TOPICS, "mitid-faa", se_også="mitid-former\nmitid-uden-smartphone\nbibliotek")
    assert lines == ["-    se_også: [mitid-former, mitid-uden-smartphone]",
                     "+    se_også: [mitid-former, mitid-uden-smartphone, bibliotek]"]
    assert load_catalogue(project.catalogue_dir).help_topics["mitid-faa"].related[-1] == "bibliotek"
    before = tree_state(project.root)
    with pytest.raises(ValidationFailed) as failure:
        _save(store, project, HELP_TOPICS, "mitid-faa", se_også="mitid-former\nbiblioteket")
    assert any("post 'mitid-faa', felt 'se_også[2]': ukendt emne 'biblioteket'" in p for p in failure.value.problems), \
        failure.value.problems
    with pytest.raises(ValidationFailed) as failure:
        _save(store, project, HELP_TOPICS, "mitid-faa", intent="citizen_mitid")
    assert any("felt 'intent': ukendt intent 'citizen_mitid'" in p for p in failure.value.problems)
    assert tree_state(project.root) == before


def test_an_editor_changes_the_example_roles_and_a_role_outside_the_group_is_refused(project, store):
    lines = _save(store, project, TAXONOMY, "medarbejdere", rolleeksempler="sygeplejerske\npaedagog")
    assert lines == ["-    rolleeksempler: [sosu-assistent, folkeskolelaerer, socialraadgiver]",
                     "+    rolleeksempler: [sygeplejerske, paedagog]"]
    before = tree_state(project.root)
    with pytest.raises(ValidationFailed) as failure:
        _save(store, project, TAXONOMY, "medarbejdere", rolleeksempler="sygeplejerske\nleder\nlaerer")
    problems = "\n".join(failure.value.problems)
    assert "felt 'rolleeksempler[2]': rollen 'leder' hører ikke til målgruppen 'medarbejdere'" in problems
    assert "felt 'rolleeksempler[3]': ukendt rolle 'laerer'" in problems
    assert tree_state(project.root) == before


def test_an_editor_makes_the_helper_question_count_and_takes_it_back(project, store):
    original = project.read(READINESS)
    assert _save(store, project, READINESS, "hjaelper", område="hjaelp") == ["-    område: null",
                                                                              "+    område: hjaelp"]
    assert load_catalogue(project.catalogue_dir).readiness.questions[-1].area == "hjaelp"
    with pytest.raises(ValidationFailed) as failure:
        _save(store, project, READINESS, "hjaelper", område="hjaelpere")
    assert any("post 'hjaelper', felt 'område': ukendt område 'hjaelpere' (gyldige: adgang, mitid" in p
               for p in failure.value.problems), failure.value.problems
    _save(store, project, READINESS, "hjaelper", område="")
    assert project.read(READINESS) == original
    assert load_catalogue(project.catalogue_dir).readiness.questions[-1].area is None


def test_concepts_are_entries_of_their_own(project):
    entry = _entry(project, "data/catalogue/begreber/initiativ-7-3.yml", "initiativ-7-3")
    assert entry.section == "begreber"
    fields, version = catalogue_edit.entry_form(project, entry.file, entry.key, entry.id)
    form = _flat(fields, {})
    form["f.målgrupper"] = "ledere\nhr"
    changes = catalogue_edit.save_entry(project, entry.file, entry.key, entry.id, version, form)
    assert changed_lines(project, changes) == ["-målgrupper: [ledere, hr, digitaliseringsansvarlige]",
                                               "+målgrupper: [ledere, hr]"]


def test_the_catalogue_page_says_what_each_file_holds(editor):
    session = editor.session()
    listing = session.get(editor.url + "/editor/katalog").text
    heading = listing.index("<h2>parathedstest.yml</h2>")
    assert re.match(r"<h2>parathedstest.yml</h2>\s*<p class=\"hint\">Borgernes parathedstest: testens områder",
                    listing[heading:])
    assert "<h2>begreber/</h2>" in listing
    form = session.get(editor.url + "/editor/katalog/rediger", params={
        "fil": READINESS, "post": _entry(editor.project, READINESS, "hjaelper").key, "id": "hjaelper"}).text
    assert 'id="f.område-hjaelp">Det område i parathedstesten, spørgsmålet tæller i' in form
    assert re.search(r'<input type="text" id="f.område" name="f.område" value=""', form)
