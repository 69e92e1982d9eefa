"""Personal data in the editor: every opened conversation is logged (who and when, not what), an
administrator sees the log and can delete a conversation (docs/privacy.md)."""
from __future__ import annotations

import sqlalchemy as sa

from editor_support import EDITOR_PASSWORD, csrf_from


def _events(tracker, sender):
    with tracker.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()


def test_opening_a_conversation_is_logged_and_an_administrator_sees_the_log(editor):
    bo = editor.session("bo", EDITOR_PASSWORD)
    assert bo.get(editor.url + "/editor/samtaler/samtale-ned").status_code == 200
    anne = editor.session()
    log = anne.get(editor.url + "/editor/adgangslog")
    assert log.status_code == 200
    assert "<td>bo</td><td>læst</td><td><code>samtale-ned</code></td>" in log.text
    assert "datasikkerhed" not in log.text  # who and when, never what the conversation said
    only_bo = anne.get(editor.url + "/editor/adgangslog", params={"bruger": "bo"}).text
    assert only_bo.count("<td>læst</td>") == 1
    assert "Adgangslog" in anne.get(editor.url + "/editor/").text  # in the administrator's menu


def test_an_editor_cannot_see_the_log_or_delete_a_conversation(editor, tracker):
    bo = editor.session("bo", EDITOR_PASSWORD)
    assert bo.get(editor.url + "/editor/adgangslog").status_code == 403
    page = bo.get(editor.url + "/editor/samtaler/samtale-ned").text
    assert "Slet samtalen" not in page
    response = bo.post(editor.url + "/editor/samtaler/samtale-ned/slet", data={"csrf_token": csrf_from(page)},
                       allow_redirects=False)
    assert response.status_code == 403 and "Kun administratorer" in response.text
    assert _events(tracker, "samtale-ned") > 0


def test_an_administrator_deletes_a_conversation_with_its_feedback(editor, tracker):
    anne = editor.session()
    page = anne.get(editor.url + "/editor/samtaler/samtale-ned").text
    assert "Slet samtalen" in page
    response = anne.post(editor.url + "/editor/samtaler/samtale-ned/slet", data={"csrf_token": csrf_from(page)},
                         allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/editor/samtaler"
    assert _events(tracker, "samtale-ned") == 0  # the messages and the thumbs down are gone
    assert _events(tracker, "samtale-fin") > 0
    listing = anne.get(editor.url + "/editor/samtaler").text
    assert "Samtalen er slettet." in listing and "2 samtaler" in listing
    assert anne.get(editor.url + "/editor/samtaler/samtale-ned").status_code == 404
    log = anne.get(editor.url + "/editor/adgangslog", params={"samtale": "samtale-ned"}).text
    assert "<td>anne</td><td>slettet</td>" in log and "<td>anne</td><td>læst</td>" in log


def test_reading_a_conversation_on_the_command_line_is_logged_too(project, tmp_path, tracker):
    from test_editor_cli import run

    from bot.privacy_store import access_entries

    shown = run(project, tmp_path, "show", "samtale-ned", tracker=tracker)
    assert shown.returncode == 0, shown.stderr
    entries = access_entries(tracker.url, sender_id="samtale-ned")
    assert len(entries) == 1 and entries[0].username.startswith("kommandolinjen") and entries[0].action == "læst"
