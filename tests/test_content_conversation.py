"""Issue 13 through the trained model: content read as a staff member or a citizen reads it."""
import re


def test_digcompsat_is_explained_not_answered_with_the_digcomp_overview(conversation):
    reply = conversation.reply("hvad er DigCompSAT?")
    assert reply.startswith("En selvtest fra EU-Kommissionens forskningscenter JRC") or reply.startswith("DigCompSAT"), reply
    assert "82 spørgsmål" in reply
    assert "5 områder og 21 kompetencer" not in reply


def test_digital_parathed_is_explained_not_the_readiness_check(citizen_conversation):
    reply = citizen_conversation.reply("hvad betyder digital parathed?")
    assert reply.startswith("Digital parathed"), reply
    assert "Spørgsmål 1 af" not in reply
    assert citizen_conversation.tracker().active_loop_name is None


def test_initiative_7_3_is_explained(conversation):
    reply = conversation.reply("hvad er initiativ 7.3?")
    assert reply.startswith("Initiativ 7.3"), reply


def test_training_offers_can_be_listed_on_their_own(conversation):
    reply = conversation.reply("hvilke kurser findes der?")
    assert reply.startswith("Kurser, værktøjer og selvtests"), reply
    assert re.search(r"^1\. ", reply, re.M)


def test_citizen_answer_has_a_read_more_link_to_the_official_front_page(citizen_conversation):
    reply = citizen_conversation.reply("hvordan får jeg mitid?")
    assert reply.endswith("Læs mere: https://www.mitid.dk"), reply


def test_practice_heading_keeps_mitid_capitalised(conversation):
    # The button's payload (the heading's rendering is under test here, not the understanding).
    reply = conversation.reply('/ask_best_practice{"theme": "mitid"}')
    assert "om MitID" in reply and "mitID" not in reply, reply


def test_stopping_the_readiness_check_is_a_response_an_editor_can_change(citizen_conversation):
    citizen_conversation.reply("er jeg klar til det digitale?")
    reply = citizen_conversation.reply("stop")
    assert reply.startswith("Testen er stoppet, og dine svar er slettet."), reply
    assert "Tag testen igen" in [b["title"] for b in citizen_conversation.buttons()]
