"""The first conversation, in Danish, through the trained model in-process."""
import re

import pytest

ENGLISH_WORDS = re.compile(r"\b(the|and|you|your|please|sorry|hello|help me|I am|I'm)\b", re.IGNORECASE)


def assert_danish(text: str) -> None:
    assert text.strip(), "tomt svar"
    assert not ENGLISH_WORDS.search(text), f"engelsk i svaret: {text!r}"


def test_greeting_for_staff_offers_competence_help(conversation):
    reply = conversation.reply("hej")
    assert_danish(reply)
    assert reply.startswith("Hej")
    assert "kompetence" in reply
    assert conversation.buttons(), "hilsenen skal foreslå spørgsmål som knapper"


def test_greeting_for_citizens_is_plain_and_about_mitid(citizen_conversation):
    reply = citizen_conversation.reply("goddag")
    assert_danish(reply)
    assert "MitID" in reply and "Digital Post" in reply
    assert citizen_conversation.slot("audience") == "citizen"


def test_goodbye(conversation):
    reply = conversation.reply("farvel")
    assert any(w in reply for w in ("Farvel", "god dag"))


def test_thanks(conversation):
    reply = conversation.reply("mange tak for hjælpen")
    assert any(w in reply for w in ("Selv tak", "så lidt"))


@pytest.mark.parametrize("text", ["er du en robot?", "taler jeg med et menneske?"])
def test_bot_challenge(conversation, text):
    reply = conversation.reply(text)
    assert "robot" in reply and "ikke et menneske" in reply


def test_what_can_you_do_for_staff(conversation):
    reply = conversation.reply("hvad kan du hjælpe med?")
    assert "Kompetenceprofilen" in reply and "datasikkerhed" in reply


def test_what_can_you_do_for_citizens(citizen_conversation):
    reply = citizen_conversation.reply("hvad kan du hjælpe med?")
    assert "MitID" in reply and "borgerservice" in reply


def test_out_of_scope_is_a_polite_no_with_alternatives(conversation):
    reply = conversation.reply("hvad bliver vejret i morgen?")
    assert "desværre ikke" in reply
    assert "MitID" in reply  # says what it can do instead


def test_gibberish_asks_to_rephrase(conversation):
    reply = conversation.reply("xqzv plorb grunkel?")
    assert_danish(reply)
    assert any(w in reply for w in ("anden måde", "andre ord"))


def test_english_gets_a_danish_answer_and_one_english_line(conversation):
    reply = conversation.reply("Hello, can you help me with my digital post?")
    danish, english = reply.rsplit("\n", 1)
    assert "Jeg taler kun dansk" in danish
    assert_danish(danish)
    # The only English in the product: one line, so an English speaker knows where to go.
    assert english == "I only speak Danish. For help in English, contact HR or the digitalisation unit."


def test_english_speaking_citizen_is_sent_to_borgerservice(citizen_conversation):
    reply = citizen_conversation.reply("Hello, can you help me with my digital post?")
    assert reply.endswith("I only speak Danish. For help in English, contact borgerservice in your municipality.")


def test_human_handoff_gives_operator_contact(citizen_conversation):
    reply = citizen_conversation.reply("jeg vil tale med et menneske")
    assert "Borgerservice i Testkommune" in reply
    assert "70 10 20 30" in reply
    assert "CPR-nummer" in reply


def test_staff_handoff_goes_to_hr_or_the_digitalisation_unit_not_borgerservice(conversation):
    # The intranet's default contact (STAFF_HANDOVER_NAME in bot/settings.py), never the citizens' one.
    reply = conversation.reply("jeg vil tale med et menneske")
    assert reply.startswith("Du er velkommen til at kontakte HR eller digitaliseringsenheden.")
    assert "Borgerservice" not in reply and "borgerservice" not in reply
    assert "Skriv ikke dit CPR-nummer" not in reply


@pytest.mark.parametrize("text", ["er du et menneske?", "er du en robot?", "taler jeg med et menneske?"])
def test_bot_challenge_is_unambiguous(conversation, text):
    reply = conversation.reply(text)
    assert reply.startswith("Jeg er en chatrobot, ikke et menneske."), reply
    assert not reply.startswith("Ja")


def test_staff_greeting_and_help_offer_the_self_check(conversation):
    conversation.reply("hej")
    assert "/staff_check_start" in [b["payload"] for b in conversation.buttons()]
    reply = conversation.reply("hvad kan du hjælpe med?")
    assert "tjek af dine egne digitale kompetencer" in reply


def test_out_of_scope_for_citizens_points_to_borgerservice_not_staff_profiles(citizen_conversation):
    reply = citizen_conversation.reply("hvad bliver vejret i morgen?")
    assert "desværre ikke" in reply and "borgerservice" in reply
    assert "medarbejdere" not in reply and "kompetenceprofil" not in reply
