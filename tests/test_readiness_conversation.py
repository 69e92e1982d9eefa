"""The readiness check through the trained model (in-process agent, real action server): every path of
the form: complete, a question in the middle (answered, then an offer to go on) and back, stop, an unclear answer, start over."""
import re

import pytest

from bot.readiness import questions as rq

ENGLISH = re.compile(r"\b(the|and|you|your|please|sorry|hello)\b", re.IGNORECASE)
N = len(rq.QUESTIONS)


def start(conv, text="er jeg klar til det digitale?"):
    reply = conv.reply(text)
    assert "Lad os se, hvor klar du er til det digitale" in reply
    assert f"Spørgsmål 1 af {N}: {rq.QUESTIONS[0].text}" in reply
    assert [b["title"] for b in conv.buttons()] == list(rq.QUESTIONS[0].buttons)
    return reply


def answer_all(conv, answers):
    reply = ""
    for i, text in enumerate(answers):
        reply = conv.reply(text)
        if i + 1 < len(answers):
            assert f"Spørgsmål {i + 2} af {N}" in reply, (text, reply)
    return reply


def test_complete_check_with_buttons_and_free_text(citizen_conversation):
    conv = citizen_conversation
    start(conv)
    # enhed ja (2), internet lidt (1), mitid lidt (1), digital post nej (0), borger.dk ja (2), booking lidt (1),
    # svindel lidt (1), hjælp ja (2) = 10 of 16 = 62.5 % -> 63 % -> øvet. The helper question does not count.
    result = answer_all(conv, ["Ja", "Nogle gange", "Med hjælp", "nej", "jeg kan godt selv", "Med hjælp",
                               "Ikke altid", "Ja", "Nej"])
    # Written for the citizen, not an exam: no points, percentages or level names.
    assert "Tak for dine svar. Du klarer meget selv." in result
    assert not re.search(r"point|%|niveau", result), result
    # Advice they can act on, from the catalogue, written for the one who needs help (not the helper's
    # warning "Du må ikke bruge andres MitID"): let someone you trust help with Digital Fuldmagt, how to
    # read Digital Post, help at the library; the rest as buttons.
    assert "Det kan du gøre nu:" in result
    assert "Digital Fuldmagt" in result and "give en anden lov til at ordne ting for dig" in result
    assert "Du må ikke bruge andres MitID" not in result and "Vil du hjælpe en pårørende" not in result
    assert "Sådan læser du din Digital Post" in result
    assert "Få hjælp på biblioteket" in result
    assert "Første skridt:" in result
    titles = [b["title"] for b in conv.buttons()]
    assert "Pas på svindel" in titles and "Tag testen igen" in titles
    tracker = conv.tracker()
    assert tracker.active_loop_name is None
    assert [tracker.get_slot(s) for s in rq.SLOTS] == ["ja", "lidt", "lidt", "nej", "ja", "lidt", "lidt", "ja", "nej"]
    assert not ENGLISH.search(result)


def test_everything_yes_is_ready(citizen_conversation):
    start(citizen_conversation, "test om jeg er klar til det digitale")
    result = answer_all(citizen_conversation, ["ja"] * N)
    assert "point" not in result and "%" not in result
    assert "Du er godt klar til det digitale" in result


def test_a_question_in_the_middle_is_answered_and_the_test_goes_on(citizen_conversation, kb_url):
    from bot.kb import queries

    conv = citizen_conversation
    start(conv)
    assert f"Spørgsmål 2 af {N}" in conv.reply("ja")
    reply = conv.reply("hvordan får jeg mitid?")
    assert queries.get_help_topic("mitid-faa", url=kb_url).answer in reply
    # The test pauses and offers to go on where it was; it never traps the person in the form.
    assert f"Skal vi fortsætte med spørgsmål 2 af {N} i testen?" in reply
    assert conv.tracker().active_loop_name is None
    reply = conv.reply("ja")
    assert f"Tilbage til testen. Spørgsmål 2 af {N}: {rq.QUESTIONS[1].text}" in reply
    assert conv.tracker().active_loop_name == rq.FORM_NAME
    reply = conv.reply("må min datter bruge mit mitid?")
    assert "ulovligt" in reply and f"Skal vi fortsætte med spørgsmål 2 af {N}" in reply
    assert f"Spørgsmål 2 af {N}" in conv.reply("/check_continue")
    reply = conv.reply("nej")
    assert f"Spørgsmål 3 af {N}" in reply
    assert conv.slot("readiness_internet") == "nej"


def test_asking_for_a_person_in_the_middle_gives_the_contact_and_goes_on(citizen_conversation):
    conv = citizen_conversation
    start(conv)
    reply = conv.reply("jeg vil tale med et menneske")
    assert "Borgerservice i Testkommune" in reply and "70 10 20 30" in reply
    assert f"Skal vi fortsætte med spørgsmål 1 af {N}" in reply
    assert f"Tilbage til testen. Spørgsmål 1 af {N}" in conv.reply("ja")


@pytest.mark.parametrize("word", ["stop", "afbryd"])
def test_stop_at_any_time(citizen_conversation, word):
    conv = citizen_conversation
    start(conv)
    conv.reply("ja")
    conv.reply("lidt")
    reply = conv.reply(word)
    assert "Testen er stoppet" in reply
    tracker = conv.tracker()
    assert tracker.active_loop_name is None
    assert all(tracker.get_slot(s) is None for s in rq.SLOTS)
    # After stopping, "ja" is just a yes, not an answer to a question.
    assert "Spørgsmål" not in conv.reply("ja")


def test_an_unclear_answer_gets_a_hint_and_the_same_question(citizen_conversation):
    conv = citizen_conversation
    start(conv)
    reply = conv.reply("xqzv plorb grunkel")
    assert "Det forstod jeg ikke helt. Svar ja, lidt eller nej." in reply
    assert rq.QUESTIONS[0].hint in reply
    assert f"Spørgsmål 1 af {N}" in reply
    assert conv.slot("requested_slot") == rq.SLOTS[0]
    assert conv.slot(rq.SLOTS[0]) is None
    assert f"Spørgsmål 2 af {N}" in conv.reply("ja")


def test_start_over_in_the_middle(citizen_conversation):
    conv = citizen_conversation
    start(conv)
    conv.reply("ja")
    conv.reply("nej")
    reply = conv.reply("start forfra")
    assert "Vi starter forfra" in reply
    assert f"Spørgsmål 1 af {N}" in reply
    tracker = conv.tracker()
    assert tracker.active_loop_name == rq.FORM_NAME
    assert all(tracker.get_slot(s) is None for s in rq.SLOTS)


def test_start_over_after_the_result(citizen_conversation):
    conv = citizen_conversation
    start(conv)
    answer_all(conv, ["nej"] * N)
    reply = conv.reply("start forfra")
    assert f"Spørgsmål 1 af {N}" in reply
    assert conv.tracker().active_loop_name == rq.FORM_NAME
    result = answer_all(conv, ["ja"] * N)
    assert "Tak for dine svar. Du er godt klar til det digitale." in result  # no points (issue 13)


def test_the_result_button_starts_the_test_again(citizen_conversation):
    conv = citizen_conversation
    start(conv)
    answer_all(conv, ["ja"] * N)
    start(conv, "/readiness_start")


def test_stop_when_nothing_is_running(citizen_conversation):
    assert "ikke noget at stoppe" in citizen_conversation.reply("stop")
