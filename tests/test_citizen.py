"""Answers to citizens' direct questions, rendered from the catalogue (bot/citizen_help.py), without Rasa."""
import json
import re

import pytest

from bot.citizen_help import answer_for
from bot.content.citizen_topics import INTENTS, relative_topic, topic_intents, topic_payload
from bot.content.text import first_sentences
from catalogue_edits import edited_catalogue  # noqa: F401 - a fixture

CONTACT = {"name": "Borgerservice i Testkommune", "phone": "70 10 20 30", "email": "borgerservice@testkommune.example",
           "hours": "hverdage kl. 10-15", "url": ""}
NO_CONTACT = {"name": "", "phone": "", "email": "", "hours": "", "url": ""}
ENGLISH = re.compile(r"\b(the|and|you|your|please|sorry|hello|click)\b", re.IGNORECASE)


def text_of(messages):
    return "\n".join(m.text for m in messages)


def topic(kb_url, topic_id):
    from bot.kb import queries

    return queries.get_help_topic(topic_id, url=kb_url)


@pytest.mark.parametrize("intent", sorted(INTENTS))
def test_every_intent_gets_a_plain_danish_answer_from_the_catalogue(kb_url, intent):
    messages = answer_for(intent, url=kb_url, contact=NO_CONTACT, booking_url="")
    text = text_of(messages)
    assert text.strip()
    assert not ENGLISH.search(text), text
    assert "du" in text.lower().split() or "dig" in text.lower().split() or "din" in text.lower().split()
    # Short sentences: plain language for everyone. (The longest, 34 words, is the catalogue's list of
    # grounds for exemption.)
    sentences = [s for s in re.split(r"[.!?\n]", text) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 35


@pytest.mark.parametrize("intent, topic_id, must", [
    ("citizen_mitid_get", "mitid-faa", ["borgerservice", "pas"]),
    ("citizen_mitid_types", "mitid-former", ["kodeviser", "kodeoplæser", "chip"]),
    ("citizen_mitid_no_smartphone", "mitid-uden-smartphone", ["kodeviser"]),
    ("citizen_mitid_visual", "mitid-synshandicap", ["kodeoplæser"]),
    ("citizen_mitid_lost", "mitid-glemt-mistet", ["spærre", "mitid.dk"]),
    ("citizen_digital_post_read", "digital-post-laes", ["mit.dk", "e-Boks"]),
    ("citizen_digital_post_exemption", "digital-post-fritagelse", ["fritagelse", "1. november", "borgerservice"]),
    ("citizen_fraud", "svindel-beskyt-dig", ["adgangskode"]),
    ("citizen_courses", "bibliotek", ["kurser"]),
])
def test_answer_is_the_topics_answer_and_steps(kb_url, intent, topic_id, must):
    found = topic(kb_url, topic_id)
    text = text_of(answer_for(intent, url=kb_url))
    assert found.answer in text
    for i, step in enumerate(found.steps, 1):
        assert f"{i}. {step}" in text
    for word in must:
        assert word in text, word


@pytest.mark.parametrize("text, expected", [
    ("må jeg bruge min mors mitid?", "andres-mitid-ulovligt"),
    ("kan jeg låne min mands MitID", "andres-mitid-ulovligt"),
    ("er det ulovligt at logge på for min far", "andres-mitid-ulovligt"),
    ("hvordan giver jeg fuldmagt til min søn", "digital-fuldmagt"),
    ("kan min datter ordne ting for mig", "digital-fuldmagt"),
    ("kan min datter læse min digitale post", "laeseadgang"),
    ("læseadgang", "laeseadgang"),
    ("kan min familie hjælpe mig med det digitale", None),
])
def test_relative_help_picks_the_right_topic(text, expected):
    assert relative_topic(text) == expected


def test_relative_help_in_general_names_all_three_and_that_borrowing_mitid_is_illegal(kb_url):
    messages = answer_for("citizen_relative_help", "kan min familie hjælpe mig med det digitale", url=kb_url)
    text = text_of(messages)
    assert "Læseadgang" in text and "Digital Fuldmagt" in text
    assert "ulovligt at bruge en andens MitID" in text
    titles = [b["title"] for b in messages[0].buttons]
    assert "Læseadgang til Digital Post" in titles and "Digital Fuldmagt" in titles


def test_read_access_answer_also_says_never_to_use_their_mitid(kb_url):
    text = text_of(answer_for("citizen_relative_help", "kan min søn læse min post", url=kb_url))
    assert topic(kb_url, "laeseadgang").answer in text
    assert "ulovligt" in text


def test_a_button_topic_wins_over_the_words(kb_url):
    text = text_of(answer_for("citizen_relative_help", "/citizen_relative_help", topic="digital-fuldmagt", url=kb_url))
    assert topic(kb_url, "digital-fuldmagt").answer in text


def test_booking_gives_the_operators_contact_details(kb_url):
    text = text_of(answer_for("citizen_book_borgerservice", url=kb_url, contact=CONTACT,
                              booking_url="https://testkommune.example/bestil-tid"))
    assert topic(kb_url, "borgerservice").answer in text
    for value in ("Borgerservice i Testkommune", "70 10 20 30", "hverdage kl. 10-15",
                  "https://testkommune.example/bestil-tid"):
        assert value in text
    assert "Skriv ikke dit CPR-nummer" in text


def test_booking_without_configured_contact_points_to_the_municipality(kb_url):
    text = text_of(answer_for("citizen_book_borgerservice", url=kb_url, contact=NO_CONTACT, booking_url=""))
    assert "kommunens hjemmeside" in text
    assert "Telefon:" not in text


def test_where_to_get_help_names_borgerservice_and_the_library(kb_url):
    messages = answer_for("citizen_where_help", url=kb_url, contact=CONTACT, booking_url="")
    text = text_of(messages)
    assert "borgerservice" in text.lower() and "bibliotek" in text.lower()
    assert "70 10 20 30" in text
    assert any("Bestil tid" in b["title"] for b in messages[0].buttons)


def test_unknown_intent_gets_a_polite_fallback(kb_url):
    assert "borgerservice" in text_of(answer_for("something_else", url=kb_url))


def test_topic_payload_is_an_intent_with_the_topic_entity():
    for topic_id, intent in topic_intents().items():
        payload = topic_payload(topic_id)
        match = re.fullmatch(r"/(\w+)(\{.*\})", payload)
        assert match and match.group(1) == intent
        assert json.loads(match.group(2)) == {"citizen_topic": topic_id}


def test_first_sentences():
    assert first_sentences("Én. To er her. Tre!", 2) == "Én. To er her."
    assert first_sentences("Fra 1. november 2014 gælder det. Næste.", 1) == "Fra 1. november 2014 gælder det."


# --- two questions in one message ----------------------------------------------------------------------
@pytest.mark.parametrize("text, answered, others", [
    ("hvordan får jeg mitid og hvordan læser jeg digital post", "mitid-faa", ["digital-post-laes"]),
    ("jeg har mistet mit mitid, og hvordan bliver jeg fritaget for digital post", "mitid-glemt-mistet",
     ["digital-post-fritagelse"]),
    # one question, or a second one in the same family or about no topic: nothing more to offer
    ("hvordan får jeg mitid uden smartphone", "mitid-uden-smartphone", []),
    ("hvordan bliver jeg fritaget for digital post, og hvad koster det", "digital-post-fritagelse", []),
    ("hvordan får jeg mitid? og hvordan får jeg mitid uden smartphone?", "mitid-faa", []),
    # thanks, then one question: answered with a broader topic, still only one question
    ("tak for det. kan jeg få hjælp på biblioteket?", "borgerservice", []),
    ("tak for det. kan jeg få hjælp på biblioteket?", None, []),
    # the answered topic is not named in the message: the first question is taken as the one answered
    ("kan jeg få hjælp på biblioteket? og hvordan læser jeg digital post", "borgerservice", ["digital-post-laes"]),
])
def test_the_other_questions_in_a_message(kb_url, text, answered, others):
    from bot.citizen_help import other_questions

    assert other_questions(text, answered, url=kb_url) == others


def test_the_buttons_under_an_answer_are_the_topics_se_ogsaa(kb_url):
    """borgerhjaelp.yml: se_også. Read straight from the file, the buttons under each topic's answer."""
    from pathlib import Path

    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "catalogue" / "borgerhjaelp.yml")
                          .read_text(encoding="utf-8"))
    for entry in data["emner"]:
        messages = answer_for(entry["intent"], topic=entry["id"], url=kb_url, contact=NO_CONTACT, booking_url="")
        assert [b["payload"] for b in messages[-1].buttons] == [topic_payload(t) for t in entry["se_også"]], entry["id"]


def test_an_editor_changes_the_buttons_under_a_topic(edited_catalogue):
    edited_catalogue("borgerhjaelp.yml", "se_også: [mitid-former, mitid-uden-smartphone]", "se_også: [bibliotek]")
    url = edited_catalogue.url
    messages = answer_for("citizen_mitid_get", url=url, contact=NO_CONTACT, booking_url="")
    assert [b["title"] for b in messages[0].buttons] == ["Hjælp og kurser på biblioteket"]
    assert messages[0].buttons[0]["payload"] == '/citizen_courses{"citizen_topic": "bibliotek"}'


def test_every_intent_a_topic_may_have_is_a_citizen_intent_in_the_domain():
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain" / "citizen.yml").read_text())
    assert set(INTENTS) <= set(domain["intents"])
    assert set(topic_intents().values()) <= set(INTENTS)


def test_contact_without_a_name_is_borgerservice_from_the_domain(kb_url):
    contact = dict(NO_CONTACT, phone="70 10 20 30")
    text = text_of(answer_for("citizen_book_borgerservice", url=kb_url, contact=contact, booking_url=""))
    assert "Sådan kontakter du borgerservice:\nTelefon: 70 10 20 30" in text


# --- an unsure understanding offers what the message may be about -----------------------------------------
def test_likely_topics_are_the_citizen_guesses_of_an_unsure_understanding():
    from bot.citizen_help import likely_topics
    from bot.content.citizen_topics import intent_topics

    ranking = [("nlu_fallback", 0.4), ("citizen_digital_post_read", 0.25), ("citizen_relative_help", 0.24),
               ("ask_details", 0.10)]
    assert likely_topics(ranking) == [intent_topics()["citizen_digital_post_read"],
                                      intent_topics()["citizen_relative_help"]]
    # The best guess is not a citizen question, or no guess is likely enough: nothing to offer.
    assert likely_topics([("nlu_fallback", 0.4), ("out_of_scope", 0.3), ("citizen_mitid_get", 0.2)]) == []
    assert likely_topics([("nlu_fallback", 0.4), ("citizen_mitid_get", 0.1)]) == []
