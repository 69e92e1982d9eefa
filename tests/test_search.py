"""Danish full-text search: text normalisation, and ranking on the real catalogue with realistic queries."""
from __future__ import annotations

import pytest

from bot import settings
from bot.kb import build
from bot.kb.danish_stemmer import stem
from bot.kb.danish_text import content_words, split_compound, words
from bot.kb.search import search


# --- text normalisation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "forms",
    [
        ("ambassadør", "ambassadører", "ambassadøren", "ambassadørerne"),
        ("borger", "borgere", "borgerne", "borgeren"),
        ("kompetence", "kompetencer", "kompetencerne"),
        ("hjemmehjælper", "hjemmehjælpere", "hjemmehjælperen"),
        ("oplæring", "oplæringen"),
    ],
)
def test_inflected_forms_share_a_stem(forms):
    assert len({stem(form) for form in forms}) == 1


def test_words_keep_danish_letters_and_split_hyphens():
    assert words("IT-caféer på Bibliotekerne, æøå!") == ["it", "cafeer", "itcafeer", "på",
                                                       "bibliotekerne", "æøå"]
    assert content_words("hvordan lærer ældre at bruge MitID") == ["lærer", "ældre", "bruge", "mitid"]


def test_compounds_split_into_known_words_with_linking_letters():
    known = {"digitale", "ambassadører", "information", "sikkerhed", "velfærd", "teknologi"}.__contains__
    assert split_compound("digitaleambassadører", known) == ["digitale", "ambassadører"]
    assert split_compound("informationssikkerhed", known) == ["information", "sikkerhed"]
    assert split_compound("velfærdsteknologi", known) == ["velfærd", "teknologi"]
    assert split_compound("kattekilling", known) is None


# --- ranking on the real catalogue -------------------------------------------------------------------
@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'kb.sqlite3'}"
    build(settings.CATALOGUE_DIR, url)
    return url


def ranked(query: str, url: str, limit: int = 5):
    return [(hit.kind, hit.id) for hit in search(query, url, limit)]


@pytest.mark.parametrize(
    "query, expected, within",
    [
        ("hvordan lærer ældre at bruge mitid", ("practice", "kurser-mitid-digital-post"), 3),
        ("hvordan lærer ældre at bruge mitid", ("practice", "frivillige-it-hjaelpere-aeldre"), 3),
        ("phisingtræning", ("practice", "phishing-traening"), 3),  # misspelt compound
        ("velfærdsteknologi oplæring", ("practice", "velfaerdsteknologi-oplaering"), 1),
        ("datasikkerhed for hjemmehjælpere", ("role", "sosu-hjaelper"), 3),
        ("datasikkerhed for hjemmehjælpere", ("area", "datasikkerhed"), 3),
        ("digitaleambassadører", ("practice", "digitale-ambassadoerer"), 3),  # compound written together
        ("fritagelse for digital post", ("help_topic", "digital-post-fritagelse"), 1),
        ("jeg har mistet min telefon og kan ikke bruge mitid", ("help_topic", "mitid-glemt-mistet"), 1),
        ("hvad er kompetencehjulet", ("framework", "kompetencehjulet"), 1),
        ("hvad er digcomp", ("framework", "digcomp"), 1),
        ("it cafe på biblioteket", ("practice", "it-cafe-bibliotek"), 2),  # no accent
        ("klarsprogskursus", ("offer", "klarsprog-kursus"), 1),
        ("superbrugere i fagsystemer", ("practice", "superbrugere-fagsystemer"), 1),
        ("måling af digital modenhed", ("practice", "maaling-digital-modenhed"), 1),
        ("læseadgang til min mors digitale post", ("help_topic", "laeseadgang"), 2),
        ("hjælp til tosprogede borgere", ("practice", "hjaelp-til-tosprogede"), 1),
        ("sikkerhed", ("area", "datasikkerhed"), 3),  # part of a compound
        ("hvad skal en pædagog kunne", ("role", "paedagog"), 1),
    ],
)
def test_expected_entry_ranks_high(kb, query, expected, within):
    hits = ranked(query, kb, within)
    assert expected in hits, f"{query!r}: {hits}"


def test_mit_id_written_apart_finds_mitid(kb):
    assert all(kind == "help_topic" and "mitid" in ident for kind, ident in ranked("mit id", kb, 3))


def test_hits_have_title_snippet_and_descending_scores(kb):
    hits = search("phishing", kb, 5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert hit.title and hit.snippet and len(hit.snippet) <= 202
    assert "phishing" in hits[0].snippet.lower()


def test_nothing_to_search_for(kb):
    assert search("", kb) == []
    assert search("og det er", kb) == []  # stop words only
    assert search("xyzqwv", kb) == []


def test_kinds_filter(kb):
    hits = search("mitid", kb, 3, kinds={"practice"})
    assert hits and all(hit.kind == "practice" for hit in hits)
