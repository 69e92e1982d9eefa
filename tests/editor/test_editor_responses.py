"""The editor's page for replies (issue 13): an editor changes what the assistant says, in domain/*.yml."""
from __future__ import annotations

import html
import re

import pytest

from editor_support import csrf_from
from bot.editor import responses_edit
from bot.editor.errors import EditError


def test_every_response_is_listed_with_its_variants(project):
    listed = {(r.file, r.name): r for r in responses_edit.list_responses(project)}
    greet = listed[("domain/core.yml", "utter_greet")]
    assert [v.condition for v in greet.variants] == ["audience = citizen", ""]
    assert "Tjek mine kompetencer" in greet.variants[1].buttons
    assert ("domain/content.yml", "utter_handover") in listed


def test_an_edit_changes_only_that_text_and_keeps_the_file_as_it_was(project):
    variant, version = responses_edit.response_form(project, "domain/core.yml", "utter_thank", 0)
    before = project.read("domain/core.yml")
    changes = responses_edit.save_response(project, "domain/core.yml", "utter_thank", 0, version,
                                           "Selv tak! Skriv endelig, hvis der er mere.")
    after = changes["domain/core.yml"]
    assert after == before.replace('"Selv tak! Er der andet, jeg kan hjælpe med?"',
                                   '"Selv tak! Skriv endelig, hvis der er mere."', 1)


def test_the_variables_the_code_fills_must_stay(project):
    _, version = responses_edit.response_form(project, "domain/content.yml", "utter_read_more", 0)
    with pytest.raises(EditError) as refused:
        responses_edit.save_response(project, "domain/content.yml", "utter_read_more", 0, version, "Læs mere her")
    assert "{url}" in refused.value.message
    with pytest.raises(EditError):
        responses_edit.save_response(project, "domain/content.yml", "utter_read_more", 0, version, "  ")


def test_only_domain_files_can_be_edited_here(project):
    from bot.editor.project import PathError

    with pytest.raises(PathError):
        responses_edit.response_form(project, "config.yml", "utter_thank", 0)


def test_edit_a_reply_in_the_browser_form(editor):
    session = editor.session()
    url = "/editor/svar/rediger?fil=domain/core.yml&navn=utter_iamabot&nr=0"
    listing = session.get(editor.url + "/editor/svar")
    assert listing.status_code == 200 and "utter_iamabot" in listing.text
    form = session.get(editor.url + url).text
    version = re.search(r'name="version" value="([^"]+)"', form).group(1)
    text = html.unescape(re.search(r'<textarea id="tekst"[^>]*>([^<]*)</textarea>', form).group(1))
    assert text.startswith("Jeg er en chatrobot, ikke et menneske.")
    data = {"csrf_token": csrf_from(form), "fil": "domain/core.yml", "navn": "utter_iamabot", "nr": "0",
            "version": version, "tekst": "Jeg er en chatrobot, ikke et menneske. Skriv \"menneske\" for at få en medarbejder."}
    saved = session.post(editor.url + "/editor/svar/rediger", data=data, allow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    assert 'Skriv \\"menneske\\" for at få en medarbejder."' in editor.project.read("domain/core.yml")
    stale = session.post(editor.url + "/editor/svar/rediger", data={**data, "tekst": "Noget andet."},
                         allow_redirects=False)
    assert stale.status_code == 422 and "ændret, siden du åbnede" in stale.text


def test_the_store_refuses_any_other_change_to_the_domain(project, tmp_path):
    from bot.editor.project import PathError
    from bot.editor.store import Author, Store

    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    before = project.read("domain/core.yml")
    with pytest.raises(PathError):
        store.save({"domain/core.yml": before.replace("  - bot_challenge\n", "", 1)}, "nej",
                   Author("anne", "Anne Jensen", "anne@kommune.example"))
    assert project.read("domain/core.yml") == before
