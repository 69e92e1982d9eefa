"""A leader's question near the catalogue's topics gets leader entries as suggestions: entries for the
catalogue's leader groups (the leaders' roles' målgrupper), never the citizens' entries."""
import pytest


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)


def test_suggestions_are_entries_for_leaders_hr_and_digitalisation_chiefs():
    from bot.kb.search import search
    from bot.leadership import _suggestions

    text = "hvordan kommer vi i gang med digital kompetenceudvikling"
    found = [hit.id for hit in search(text, limit=12, kinds={"practice"})]
    assert "virksomheder-digital-post" in found  # a citizens' entry the words match
    suggested = [b["payload"] for b in _suggestions(text, "ask_leadership")]
    assert suggested == [
        '/ask_leadership{"item": "practice:leder-kom-i-gang#resume"}',
        '/ask_leadership{"item": "practice:prioriter-kompetenceudvikling#resume"}',
        '/ask_leadership{"item": "practice:samarbejde-uddannelsesinstitutioner#resume"}',
    ]
