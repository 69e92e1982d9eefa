"""Semantic search over the catalogue's sections (bot/kb/semantic.py) and the leader answers built on it
(bot/leadership.py). Questions here are written for these tests, not taken from the frozen leader set."""
from __future__ import annotations

import pytest

from bot.kb.semantic import ALL_KINDS, DEFINITION_KINDS, LEADER_KINDS, best_answer, semantic_search

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)


@pytest.mark.parametrize("question,expected", [
    ("Hvordan kan vi måle, om kompetenceudviklingen har virket?", "maal-effekt"),
    ("Hvad kan vi gøre internt, når der ikke er budget til kurser?", "kompetenceudvikling-uden-budget"),
    ("Hvordan får jeg mellemlederne med, når de har travlt?", "travle-mellemledere"),
    ("hvordan prioriterer vi, hvem der skal lære hvad først", "prioriter-kompetenceudvikling"),
    ("Flere medarbejdere er utrygge ved det nye fagsystem og vil ikke bruge det", "skeptiske-medarbejdere"),
    ("Hvordan får vi digitale kompetencer skrevet ind i kommunens digitaliseringsstrategi?",
     "strategi-digitale-kompetencer"),
])
def test_a_leaders_question_finds_the_right_entry_with_its_source(question, expected):
    hit = best_answer(question, kinds=LEADER_KINDS)
    assert hit is not None, semantic_search(question, kinds=LEADER_KINDS)
    assert hit.entity_id == expected
    assert hit.source and hit.text and hit.title
    assert hit.section in ("resume", "trin", "forudsaetninger", "effektmaaling")


@pytest.mark.parametrize("question", [
    "Hvad bliver vejret i weekenden?",
    "Kan du anbefale en god restaurant i Odense?",
    "Hvornår spiller landsholdet næste gang?",
    "hvordan skifter jeg dæk på min bil",
])
def test_an_unrelated_question_gets_no_answer(question):
    assert best_answer(question, kinds=LEADER_KINDS) is None
    assert best_answer(question, kinds=ALL_KINDS) is None


def test_definitions_come_from_concepts_and_offers():
    hit = best_answer("hvad menes der med digital modenhed?", kinds=DEFINITION_KINDS)
    assert (hit.kind, hit.entity_id, hit.section) == ("concept", "begreb-digital-modenhed", "definition")
    assert "egen forklaring" in hit.text.lower()
    hit = best_answer("hvad er DigCompSAT for noget", kinds=DEFINITION_KINDS)
    assert (hit.kind, hit.entity_id) == ("offer", "digcompsat")


def test_citizen_topics_are_found_when_all_kinds_are_searched():
    hit = best_answer("hvordan kan jeg få MitID?", kinds=ALL_KINDS)
    assert hit is not None and hit.kind == "help_topic" and hit.entity_id.startswith("mitid")


def test_results_are_one_per_entry_best_first():
    hits = semantic_search("ambassadører der hjælper kolleger med it", limit=5, kinds=ALL_KINDS)
    assert len({(h.kind, h.entity_id) for h in hits}) == len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_empty_question_gives_nothing():
    assert semantic_search("", kinds=ALL_KINDS) == []
    assert best_answer("   ") is None


# --- bot/leadership.py -----------------------------------------------------------------------------------
def test_leadership_reply_shows_a_section_with_buttons_for_the_others():
    from bot.leadership import leadership_reply

    message = leadership_reply("Hvordan kan vi måle, om kompetenceudviklingen har virket?")
    shown = message.response[len("utter_leadership_"):]
    assert message.response.startswith("utter_leadership_") and shown
    assert message.variables["title"] == "Mål, om kompetenceudviklingen har gjort en forskel"
    assert message.variables["source"].startswith("Generel beskrivelse af praksis")
    # a button for each of the entry's other sections, labelled as domain/leadership.yml says, in order
    labels = {"resume": "Kort fortalt", "trin": "Sådan gør I", "forudsaetninger": "Hvad kræver det?",
              "effektmaaling": "Mål effekten"}
    assert [b["title"] for b in message.buttons] == [label for key, label in labels.items() if key != shown]
    assert all("practice:maal-effekt#" in b["payload"] for b in message.buttons)
    # a button asks for another section of the same entry
    follow = leadership_reply("", item=message.buttons[0]["payload"].split('"item": "')[1].rstrip('"}'))
    assert follow.variables["title"] == message.variables["title"] and follow.response != message.response


def test_leadership_reply_is_honest_when_nothing_fits():
    from bot.leadership import leadership_reply

    message = leadership_reply("Kan du anbefale en god restaurant i Odense?")
    assert message.response == "utter_leadership_nothing" and not message.buttons and not message.variables


def test_free_question_for_citizens_only_searches_citizen_topics():
    from bot.leadership import free_question_reply

    assert free_question_reply("Hvordan kan vi måle, om kompetenceudviklingen har virket?",
                               audience="citizen") is None
    message = free_question_reply("hvordan kan jeg få MitID?", audience="citizen")
    assert message.response in ("utter_leadership_svar", "utter_leadership_trin")  # a citizen topic's sections
    assert "MitID" in message.variables["title"]


def test_a_role_question_taken_for_a_leaders_question_gets_the_role_profile_when_leaders_have_nothing():
    from bot.content.message import Message
    from bot.leadership import better_intent_when_nothing_found

    nothing = Message.from_response("utter_leadership_nothing")
    ranking = [("ask_leadership", 0.66), ("ask_role_profile", 0.15), ("readiness_stop", 0.09)]
    assert better_intent_when_nothing_found(nothing, ranking, {"role": "paedagog"}) == "ask_role_profile"
    # No role named, a different second guess, a weak one, or an answer found: the reply stands.
    assert better_intent_when_nothing_found(nothing, ranking, {"role": None}) is None
    assert better_intent_when_nothing_found(nothing, [("ask_leadership", 0.7), ("ask_best_practice", 0.2)],
                                            {"role": "paedagog"}) is None
    assert better_intent_when_nothing_found(nothing, [("ask_leadership", 0.9), ("ask_role_profile", 0.05)],
                                            {"role": "paedagog"}) is None
    found = Message("Kom i gang som leder: …")
    assert better_intent_when_nothing_found(found, ranking, {"role": "paedagog"}) is None
