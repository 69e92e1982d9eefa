"""Conversations that follow the user (issue 12), through the trained model and the real action server:
follow-up questions within a citizen topic (every facet), role switches and other follow-ups after a
staff answer, role statements, checks that pause instead of trapping, and two-part messages.
Each test is a multi-turn conversation: Danish text in, the Danish reply a person would notice out."""
from __future__ import annotations

import pytest

from bot.readiness import questions as rq

N = len(rq.QUESTIONS)
SEARCH_LISTING = "Det her fandt jeg i kataloget"


def facet_answer(kb_url, topic_id: str, facet_id: str) -> str:
    """What the catalogue says for one facet of a topic (or the facet's "ukendt" answer)."""
    from bot.kb import queries

    topic = queries.get_help_topic(topic_id, url=kb_url)
    facets = {f.id: f for f in queries.list_help_facets(url=kb_url)}
    return dict(topic.facets).get(facet_id) or facets[facet_id].unknown


STARTERS = {
    "mitid-faa": "hvordan får jeg mitid?",
    "mitid-former": "hvilke slags mitid findes der?",
    "mitid-uden-smartphone": "kan jeg få mitid uden smartphone?",
    "mitid-synshandicap": "jeg ser dårligt, hvordan bruger jeg mitid?",
    "mitid-glemt-mistet": "jeg har glemt min adgangskode til mitid",
    "andres-mitid-ulovligt": "må jeg bruge min mors mitid?",
    "digital-post-laes": "hvordan læser jeg min digital post?",
    "digital-post-fritagelse": "hvordan søger man fritagelse for digital post",
    "laeseadgang": "hvordan giver jeg min datter læseadgang til min digital post?",
    "digital-fuldmagt": "hvordan giver jeg min søn en digital fuldmagt?",
    "borgerservice": "hvordan bestiller jeg tid i borgerservice?",
    "bibliotek": "har biblioteket kurser i it?",
    "svindel-beskyt-dig": "jeg har fået en mistænkelig sms om mitid",
}
FOLLOW_UPS = {
    "varighed": "gælder det for altid?",
    "hvem": "kan en anden gøre det for mig?",
    "medbring": "hvad skal jeg have med?",
    "pris": "hvad koster det?",
    "hvor": "hvor gør jeg det?",
    "fortryd": "kan jeg fortryde det?",
    "kan-ikke": "hvad hvis jeg ikke kan finde ud af det?",
}
# Every facet at least three times, every topic at least twice.
FACET_CASES = [
    ("digital-post-fritagelse", "varighed"), ("digital-post-fritagelse", "hvem"),
    ("digital-post-fritagelse", "medbring"), ("digital-post-fritagelse", "pris"),
    ("digital-post-fritagelse", "hvor"), ("digital-post-fritagelse", "fortryd"),
    ("digital-post-fritagelse", "kan-ikke"),
    ("mitid-faa", "medbring"), ("mitid-faa", "hvor"), ("mitid-faa", "pris"),
    ("mitid-former", "hvor"), ("mitid-former", "kan-ikke"),
    ("mitid-uden-smartphone", "hvor"), ("mitid-uden-smartphone", "medbring"),
    ("mitid-synshandicap", "hvor"), ("mitid-synshandicap", "kan-ikke"),
    ("mitid-glemt-mistet", "hvor"), ("mitid-glemt-mistet", "varighed"),
    ("andres-mitid-ulovligt", "hvem"), ("andres-mitid-ulovligt", "kan-ikke"),
    ("digital-post-laes", "hvor"), ("digital-post-laes", "hvem"), ("digital-post-laes", "varighed"),
    ("laeseadgang", "hvem"), ("laeseadgang", "fortryd"),
    ("digital-fuldmagt", "hvor"), ("digital-fuldmagt", "fortryd"), ("digital-fuldmagt", "pris"),
    ("borgerservice", "medbring"), ("borgerservice", "hvem"),
    ("bibliotek", "pris"), ("bibliotek", "medbring"),
    ("svindel-beskyt-dig", "fortryd"), ("svindel-beskyt-dig", "varighed"),
]


# --- citizen topics: every facet -----------------------------------------------------------------------
@pytest.mark.parametrize("topic_id, facet_id", FACET_CASES)
def test_a_follow_up_is_answered_within_the_citizen_topic(citizen_conversation, kb_url, topic_id, facet_id):
    conv = citizen_conversation
    conv.reply(STARTERS[topic_id])
    assert conv.slot("kb_context")["params"].get("help_topic") == topic_id
    reply = conv.reply(FOLLOW_UPS[facet_id])
    assert facet_answer(kb_url, topic_id, facet_id) in reply
    assert SEARCH_LISTING not in reply


def test_exemption_then_does_it_last_forever_quoted_in_the_issue(citizen_conversation):
    conv = citizen_conversation
    first = conv.reply("hvordan søger man fritagelse for digital post")
    assert "fritagelse" in first.lower()
    reply = conv.reply("gælder det for altid?")
    assert reply.startswith("Fritagelse for Digital Post: Nej, fritagelsen gælder ikke for altid.")
    assert "1. november" in reply and SEARCH_LISTING not in reply
    assert any(b["title"] == "Kan en anden gøre det for mig?" for b in conv.buttons())


def test_a_facet_button_asks_the_next_facet(citizen_conversation, kb_url):
    conv = citizen_conversation
    conv.reply("hvordan søger man fritagelse for digital post")
    conv.reply("gælder det for altid?")
    button = next(b for b in conv.buttons() if b["title"] == "Kan en anden gøre det for mig?")
    assert facet_answer(kb_url, "digital-post-fritagelse", "hvem") in conv.reply(button["payload"])


def test_a_relative_asking_two_follow_ups_for_their_mother_stays_in_the_topic(citizen_conversation, kb_url):
    # Found by talking to the assistant: the second follow-up got "Hvad handler dit spørgsmål om?".
    conv = citizen_conversation
    conv.reply("min mor har ik nogen smartphone kan hun stadig faa mitid")
    assert conv.slot("kb_context")["params"].get("help_topic") == "mitid-uden-smartphone"
    assert facet_answer(kb_url, "mitid-uden-smartphone", "hvor") in conv.reply("hvor skal hun gå hen")
    reply = conv.reply("kan jeg gøre det for hende")
    assert facet_answer(kb_url, "mitid-uden-smartphone", "hvem") in reply
    assert "Hvad handler dit spørgsmål om" not in reply


def test_do_we_both_need_mitid_after_power_of_attorney(citizen_conversation):
    conv = citizen_conversation
    conv.reply("hvordan giver jeg min søn en digital fuldmagt?")
    reply = conv.reply("skal vi begge have mitid?")
    assert "Mindst én af jer to skal have MitID" in reply


def test_several_follow_ups_in_a_row_stay_in_the_topic(citizen_conversation, kb_url):
    conv = citizen_conversation
    conv.reply("hvordan søger man fritagelse for digital post")
    assert facet_answer(kb_url, "digital-post-fritagelse", "varighed") in conv.reply("hvor længe gælder det?")
    assert facet_answer(kb_url, "digital-post-fritagelse", "hvem") in conv.reply("kan min datter gøre det for mig?")
    assert facet_answer(kb_url, "digital-post-fritagelse", "hvor") in conv.reply("hvor skal jeg henvende mig?")


def test_a_new_topic_after_a_follow_up_is_a_new_question(citizen_conversation, kb_url):
    from bot.kb import queries

    conv = citizen_conversation
    conv.reply("hvordan søger man fritagelse for digital post")
    conv.reply("gælder det for altid?")
    reply = conv.reply("hvordan får jeg mitid?")
    assert queries.get_help_topic("mitid-faa", url=kb_url).answer in reply
    assert conv.slot("kb_context")["params"].get("help_topic") == "mitid-faa"


def test_giving_a_relative_access_after_reading_digital_post(citizen_conversation):
    conv = citizen_conversation
    conv.reply("hvordan læser jeg min digital post?")
    reply = conv.reply("hvordan giver jeg min datter adgang til min post?")
    assert "læseadgang" in reply.lower()


def test_giving_a_son_access_after_the_exemption_is_help_from_a_relative(citizen_conversation):
    citizen_conversation.reply("hvordan søger man fritagelse for digital post")
    reply = citizen_conversation.reply("hvordan giver jeg min søn adgang?")
    assert not reply.startswith("Fritagelse for Digital Post: Ja."), reply
    assert "læseadgang" in reply.lower() or "fuldmagt" in reply.lower(), reply


def test_good_examples_after_a_citizen_topic(conversation):
    conv = conversation
    conv.reply("hvordan søger man fritagelse for digital post")
    reply = conv.reply("gode eksempler på det?")
    assert "gode eksempler" in reply.lower() and SEARCH_LISTING not in reply


def test_a_facet_without_a_topic_asks_which_topic(citizen_conversation):
    reply = citizen_conversation.reply("hvad koster det?")
    assert "Hvad handler dit spørgsmål om?" in reply
    assert SEARCH_LISTING not in reply


# --- staff answers: role switches, the level, good examples, ordinals, leadership --------------------------
def test_role_switch_then_what_does_it_mean_quoted_in_the_issue(conversation):
    conv = conversation
    first = conv.reply("hvad skal en socialrådgiver kunne om dataanvendelse")
    assert first.startswith("En socialrådgiver skal være på niveau") and "dataanvendelse" in first
    second = conv.reply("og lærerne?")
    assert second.startswith("En folkeskolelærer skal være på niveau") and "dataanvendelse" in second
    third = conv.reply("hvad vil det sige?")
    assert third.startswith("Dataanvendelse på niveau")
    assert SEARCH_LISTING not in third and "MitID" not in third


@pytest.mark.parametrize("follow_up, role_name", [
    ("og sygeplejerskerne?", "sygeplejerske"),
    ("og pædagogerne?", "pædagog"),
    ("hvad med lederne?", "leder/mellemleder"),
    ("og direktionen?", "topleder"),  # the catalogue's name reads naturally: "En topleder skal ..."
    ("og bibliotekarerne?", "bibliotekar"),
])
def test_inflected_role_switch_keeps_the_area(conversation, follow_up, role_name):
    conv = conversation
    conv.reply("hvad skal en socialrådgiver kunne om datasikkerhed?")
    reply = conv.reply(follow_up)
    assert reply.startswith(f"En {role_name} skal være på niveau"), reply
    assert "informationssikkerhed" in reply


def test_what_does_it_mean_after_a_role_and_area(conversation):
    conv = conversation
    conv.reply("hvad skal en pædagog kunne om datasikkerhed?")
    reply = conv.reply("hvad betyder det i praksis")
    assert reply.startswith("Data- og informationssikkerhed på niveau")


def test_good_examples_for_the_role_in_the_conversation(conversation):
    conv = conversation
    conv.reply("hvad skal en sosu-assistent kunne om brugerkompetencer?")
    reply = conv.reply("gode eksempler på det?")
    assert reply.startswith("Gode eksempler for en social- og sundhedsassistent")


def test_the_second_of_the_good_examples(conversation):
    conv = conversation
    conv.reply("hvilke gode eksempler passer til sosu-assistenter")
    reply = conv.reply("den anden")
    assert "Sådan gør I:" in reply


def test_all_areas_then_the_second(conversation):
    conv = conversation
    conv.reply("hvilke kompetencer skal en bibliotekar have")
    conv.reply("vis alle områder")
    reply = conv.reply("den anden")
    assert reply.startswith("En bibliotekar skal være på niveau") and "dataanvendelse" in reply


def test_switch_from_a_staff_role_to_leadership(conversation):
    conv = conversation
    conv.reply("hvad skal en sygeplejerske kunne digitalt?")
    reply = conv.reply("og for en leder?")
    assert reply.startswith("Leder/mellemleder:")


def test_a_citizen_facet_after_a_staff_answer_is_no_search_listing(conversation):
    conv = conversation
    conv.reply("hvad skal en pædagog kunne om datasikkerhed?")
    reply = conv.reply("hvad koster det?")
    assert SEARCH_LISTING not in reply


# --- role statements ---------------------------------------------------------------------------------
@pytest.mark.parametrize("statement, role_id, heading", [
    ("jeg er pædagog", "paedagog", "Pædagog:"),
    ("jeg arbejder som pædagog", "paedagog", "Pædagog:"),
    ("jeg arbejder som sosu-assistent", "sosu-assistent", "Social- og sundhedsassistent:"),
    ("vi er sygeplejerskerne på plejecentret", "sygeplejerske", "Sygeplejerske:"),
    ("jeg er bibliotekar", "bibliotekar", "Bibliotekar:"),
])
def test_a_role_statement_gives_the_profile_and_offers_the_check(conversation, statement, role_id, heading):
    conv = conversation
    reply = conv.reply(statement)
    assert reply.startswith(heading), reply
    assert "Vil du se, hvor du selv står i forhold til profilen" in reply
    assert any(b["title"] == "Tjek mig selv" for b in conv.buttons())
    assert "Hvilken rolle har du?" not in reply and "Område 1 af 12" not in reply
    assert conv.tracker().active_loop_name is None
    assert conv.slot("user_role") == role_id


def test_yes_to_the_offer_starts_the_check_for_that_role(conversation):
    conv = conversation
    conv.reply("jeg arbejder som pædagog")
    reply = conv.reply("ja")
    assert "Godt, vi tjekker dig mod profilen for pædagog" in reply
    assert "Område 1 af 12" in reply
    assert conv.tracker().active_loop_name == "staff_check_form"


def test_the_offer_button_starts_the_check_for_that_role(conversation):
    conv = conversation
    conv.reply("jeg er sygeplejerske")
    button = next(b for b in conv.buttons() if b["title"] == "Tjek mig selv")
    reply = conv.reply(button["payload"])
    assert "profilen for sygeplejerske" in reply and "Område 1 af 12" in reply


def test_no_to_the_offer_starts_nothing(conversation):
    conv = conversation
    conv.reply("jeg er pædagog")
    conv.reply("nej tak")
    assert conv.tracker().active_loop_name is None


def test_a_stated_role_is_used_by_a_later_question(conversation):
    conv = conversation
    conv.reply("jeg er lærer")
    reply = conv.reply("hvad med datasikkerhed?")
    assert reply.startswith("En folkeskolelærer skal være på niveau")


# --- checks that never trap ------------------------------------------------------------------------------
def start_staff_check(conv, role="bibliotekar"):
    conv.reply("tjek mine digitale kompetencer")
    reply = conv.reply(role)
    assert "Område 1 af 12" in reply
    return reply


def test_staff_check_a_question_is_answered_and_the_check_offers_to_go_on(conversation):
    conv = conversation
    start_staff_check(conv)
    conv.reply("Øvet")
    reply = conv.reply("hvad er datasikkerhed?")
    assert "Data- og informationssikkerhed hører under" in reply
    assert "Skal vi fortsætte med spørgsmål 2 af 12 i kompetencetjekket?" in reply
    assert conv.tracker().active_loop_name is None
    reply = conv.reply("ja")
    assert "Tilbage til tjekket. Område 2 af 12" in reply
    assert "Du vurderer dig selv på fire niveauer" not in reply
    assert conv.slot("staff_check_brugerkompetencer") == "oevet"


def test_staff_check_a_new_role_restarts_after_a_yes(conversation):
    conv = conversation
    start_staff_check(conv, "bibliotekar")
    conv.reply("Øvet")
    reply = conv.reply("jeg er lærer")
    assert "Vil du starte kompetencetjekket forfra med profilen for folkeskolelærer?" in reply
    assert "Du vurderer dig selv på fire niveauer" not in reply
    reply = conv.reply("ja")
    assert "Vi starter forfra med profilen for folkeskolelærer" in reply
    assert "Område 1 af 12" in reply
    assert conv.slot("staff_check_role") == "folkeskolelaerer"
    assert conv.slot("staff_check_brugerkompetencer") is None
    assert conv.tracker().active_loop_name == "staff_check_form"


def test_staff_check_a_new_role_and_no_goes_on_with_the_old_one(conversation):
    conv = conversation
    start_staff_check(conv, "bibliotekar")
    conv.reply("jeg arbejder som sygeplejerske")
    reply = conv.reply("nej")
    assert "Område 1 af 12" in reply
    assert conv.slot("staff_check_role") == "bibliotekar"


def test_staff_check_an_unclear_answer_repeats_the_question_briefly(conversation):
    conv = conversation
    first = start_staff_check(conv)
    assert "Du vurderer dig selv på fire niveauer" in first
    reply = conv.reply("tja hmm")
    assert "Område 1 af 12: Brugerkompetencer." in reply
    assert "Du vurderer dig selv på fire niveauer" not in reply


def test_staff_check_no_to_going_on_ends_it(conversation):
    conv = conversation
    start_staff_check(conv)
    conv.reply("hvad er kompetencehjulet?")
    reply = conv.reply("nej")
    assert "Jeg har stoppet kompetencetjekket og slettet dine svar" in reply
    assert conv.slot("staff_check_role") is None and conv.slot("check_paused") is None


def test_staff_check_something_else_after_the_pause_is_answered_and_the_check_can_go_on(conversation):
    conv = conversation
    start_staff_check(conv)
    conv.reply("Avanceret")
    conv.reply("hvad er kompetencehjulet?")
    reply = conv.reply("hvad skal en jurist kunne om datasikkerhed?")
    assert reply.startswith("En jurist skal være på niveau")
    reply = conv.reply("fortsæt testen")
    assert "Område 2 af 12" in reply
    assert conv.tracker().active_loop_name == "staff_check_form"


def test_readiness_a_question_is_answered_and_the_test_offers_to_go_on(citizen_conversation, kb_url):
    from bot.kb import queries

    conv = citizen_conversation
    conv.reply("er jeg klar til det digitale?")
    conv.reply("ja")
    reply = conv.reply("hvordan får jeg mitid?")
    assert queries.get_help_topic("mitid-faa", url=kb_url).answer in reply
    assert f"Skal vi fortsætte med spørgsmål 2 af {N} i testen?" in reply
    reply = conv.reply("ja")
    assert f"Spørgsmål 2 af {N}: {rq.QUESTIONS[1].text}" in reply


def test_readiness_rather_something_else_ends_the_test(citizen_conversation):
    conv = citizen_conversation
    conv.reply("er jeg klar til det digitale?")
    conv.reply("ja")
    reply = conv.reply("jeg vil hellere spørge om noget andet")
    assert "Spørgsmål 2" not in reply
    assert conv.tracker().active_loop_name is None


def test_readiness_stop_after_the_pause_ends_it(citizen_conversation):
    conv = citizen_conversation
    conv.reply("er jeg klar til det digitale?")
    conv.reply("hvor kan jeg få hjælp?")
    reply = conv.reply("stop")
    assert "Jeg har stoppet testen og slettet dine svar" in reply


def test_readiness_a_follow_up_during_the_pause_stays_in_the_topic(citizen_conversation, kb_url):
    conv = citizen_conversation
    conv.reply("er jeg klar til det digitale?")
    conv.reply("hvordan søger man fritagelse for digital post")
    reply = conv.reply("gælder det for altid?")
    assert facet_answer(kb_url, "digital-post-fritagelse", "varighed") in reply
    reply = conv.reply("fortsæt testen")
    assert f"Spørgsmål 1 af {N}" in reply


def test_go_on_when_nothing_is_paused(citizen_conversation):
    assert "Der er ikke noget tjek i gang" in citizen_conversation.reply("fortsæt testen")


# --- two-part messages ---------------------------------------------------------------------------------------
def test_greeting_and_a_question_answers_the_question(citizen_conversation, kb_url):
    from bot.kb import queries

    conv = citizen_conversation
    reply = conv.reply("hej, kan jeg få mitid selvom jeg ikke har en smartphone?")
    assert queries.get_help_topic("mitid-uden-smartphone", url=kb_url).answer in reply


def test_thanks_and_a_new_question_answers_the_question(citizen_conversation):
    conv = citizen_conversation
    conv.reply("hvordan får jeg mitid?")
    reply = conv.reply("tak for det. kan jeg blive fritaget for digital post?")
    assert "fritagelse" in reply.lower() and "Selv tak" not in reply


def test_greeting_and_a_staff_question(conversation):
    reply = conversation.reply("hej! hvad skal en bogholder kunne om dataanvendelse?")
    assert reply.startswith("En bogholder skal være på niveau")


def test_role_and_a_question_answers_the_question_and_remembers_the_role(conversation):
    conv = conversation
    reply = conv.reply("jeg er pædagog, hvad skal jeg kunne om datasikkerhed?")
    assert reply.startswith("En pædagog skal være på niveau")
    assert conv.slot("user_role") == "paedagog"


# --- the understanding of inflected role names (the entity extractor, not the fallback in the actions) -----
@pytest.mark.parametrize("text, role_id", [
    ("og juristerne?", "jurist"),
    ("hvad med bogholderne?", "bogholder"),
    ("og dataanalytikerne?", "dataanalytiker"),
])
def test_the_understanding_finds_inflected_role_names(agent, event_loop_session, text, role_id):
    parsed = event_loop_session.run_until_complete(agent.parse_message(text))
    assert any(e["entity"] == "role" and e["value"] == role_id for e in parsed["entities"]), parsed["entities"]
