"""Citizens' direct questions through the trained model: the right catalogue topic, in plain Danish.
Some phrasings are not in the training data, to check that the model generalises."""
import pytest


def topic(kb_url, topic_id):
    from bot.kb import queries

    return queries.get_help_topic(topic_id, url=kb_url)


@pytest.mark.parametrize("text, topic_id", [
    ("hvordan får jeg mitid?", "mitid-faa"),
    ("Hvordan får man fat i et MitID?", "mitid-faa"),
    ("jeg har glemt min adgangskode til mitid", "mitid-glemt-mistet"),
    ("jeg har mistet min mobil, hvad gør jeg med mitid", "mitid-glemt-mistet"),
    ("kan jeg få mitid uden smartphone", "mitid-uden-smartphone"),
    ("jeg har ikke nogen smartphone, kan jeg så have mitid?", "mitid-uden-smartphone"),
    ("jeg er svagtseende, hvordan bruger jeg mitid", "mitid-synshandicap"),
    ("hvilke slags mitid findes der", "mitid-former"),
    ("hvordan læser jeg min digitale post?", "digital-post-laes"),
    ("kan jeg blive fritaget for digital post?", "digital-post-fritagelse"),
    ("jeg vil gerne have mine breve på papir", "digital-post-fritagelse"),
    ("jeg har fået en sms der vil have min mitid kode", "svindel-beskyt-dig"),
    ("er der it-kurser på biblioteket?", "bibliotek"),
])
def test_direct_questions_get_the_catalogue_answer(citizen_conversation, kb_url, text, topic_id):
    reply = citizen_conversation.reply(text)
    assert topic(kb_url, topic_id).answer in reply, (citizen_conversation.intent(), reply)
    assert "Sådan gør du:" in reply


@pytest.mark.parametrize("text, topic_id", [
    ("må jeg bruge min mors mitid?", "andres-mitid-ulovligt"),
    ("hvordan giver jeg min søn fuldmagt?", "digital-fuldmagt"),
    ("kan min datter læse min digitale post?", "laeseadgang"),
])
def test_letting_a_relative_help(citizen_conversation, kb_url, text, topic_id):
    reply = citizen_conversation.reply(text)
    assert topic(kb_url, topic_id).answer in reply, (citizen_conversation.intent(), reply)
    assert "ulovligt" in reply  # using another person's MitID is illegal, always said


def test_relative_help_in_general(citizen_conversation):
    reply = citizen_conversation.reply("kan min familie hjælpe mig med det digitale?")
    assert "Læseadgang" in reply and "Digital Fuldmagt" in reply and "ulovligt" in reply


def test_where_to_get_help_and_booking_give_the_operators_contact(citizen_conversation):
    reply = citizen_conversation.reply("hvor kan jeg få hjælp?")
    assert "borgerservice" in reply.lower() and "bibliotek" in reply.lower()
    assert "70 10 20 30" in reply
    reply = citizen_conversation.reply("hvordan bestiller jeg tid i borgerservice?")
    assert "Bestil tid" in reply or "bestille tid" in reply
    assert "Borgerservice i Testkommune" in reply and "hverdage kl. 10-15" in reply
    assert "Skriv ikke dit CPR-nummer" in reply


def test_handing_over_to_a_person(citizen_conversation):
    reply = citizen_conversation.reply("jeg vil gerne tale med en medarbejder")
    assert "Borgerservice i Testkommune" in reply
    assert "borgerservice@testkommune.example" in reply


def test_a_topic_button_gives_that_topic(citizen_conversation, kb_url):
    reply = citizen_conversation.reply('/citizen_relative_help{"citizen_topic": "laeseadgang"}')
    assert topic(kb_url, "laeseadgang").answer in reply


def test_the_greeting_buttons_lead_to_answers(citizen_conversation, kb_url):
    citizen_conversation.reply("hej")
    payloads = [b["payload"] for b in citizen_conversation.buttons()]
    assert "hvordan får jeg mitid?" in payloads
    assert topic(kb_url, "mitid-faa").answer in citizen_conversation.reply("hvordan får jeg mitid?")
    reply = citizen_conversation.reply("hvor kan jeg få hjælp?")
    assert "bibliotek" in reply.lower()


def test_only_personal_data_gets_a_polite_no_need(citizen_conversation):
    # What the channel leaves of "mit cpr er 010190-1234" (bot/channels.py masks before Rasa).
    reply = citizen_conversation.reply("mit cpr er [CPR-nummer]")
    assert "Du behøver ikke give mig dine personlige oplysninger" in reply
    assert "[CPR-nummer]" not in reply


def test_a_question_with_personal_data_in_it_is_still_answered(citizen_conversation, kb_url):
    reply = citizen_conversation.reply("mit cpr er [CPR-nummer], hvordan får jeg mitid?")
    assert topic(kb_url, "mitid-faa").answer in reply
    assert "[CPR-nummer]" not in reply


def test_two_questions_in_one_message_answer_one_and_offer_the_other(citizen_conversation, kb_url):
    reply = citizen_conversation.reply("hej, hvordan får jeg mitid og hvordan læser jeg min digital post?")
    assert "Du stillede også et andet spørgsmål" in reply
    offer = citizen_conversation.last[-1]  # the last message offers the question not answered yet
    payloads = [b["payload"] for b in offer["buttons"]]
    assert len(payloads) == 1 and payloads[0].startswith(("/citizen_mitid_get", "/citizen_digital_post_read")), offer
    other = "digital-post-laes" if payloads[0].startswith("/citizen_digital_post_read") else "mitid-faa"
    answered = "mitid-faa" if other == "digital-post-laes" else "digital-post-laes"
    assert topic(kb_url, answered).answer in reply and topic(kb_url, other).answer not in reply
    follow = citizen_conversation.reply(offer["buttons"][0]["payload"])
    assert topic(kb_url, other).answer in follow and "Du stillede også" not in follow


LETTER = ("Hej. Jeg er 82 år og min mand døde sidste år, han tog sig altid af det med computeren. Nu får jeg "
          "breve i e-boks som jeg ikke kan åbne, og min søn bor i Aarhus. Hvad gør jeg? Mvh Inge")


def test_a_long_letter_about_letters_in_e_boks_gets_digital_post_help(citizen_conversation):
    """Understood, or offered as the likely topics: never "which topic?" as if nothing was said."""
    reply = citizen_conversation.reply(LETTER)
    titles = [b["title"] for b in citizen_conversation.buttons()]
    assert "Hvad handler dit spørgsmål om" not in reply
    assert "Digital Post" in reply or any("Digital Post" in title for title in titles), (reply, titles)
