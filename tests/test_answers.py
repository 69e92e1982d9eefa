"""bot.answers without Rasa: which answer a question gets, follow-ups and ordinals."""
import pytest

from bot.answers import Context, Request, answer
from bot.answers.ordinals import ordinal_index


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)


@pytest.mark.parametrize(
    "text, length, expected",
    [
        ("fortæl mere om den første", 3, 0),
        ("nummer to", 3, 1),
        ("den sidste", 3, 2),
        ("mere om nr. 3", 3, 2),
        ("den tredje", 2, None),
        ("fortæl om punkt 2", 5, 1),
        ("den anden", 4, 1),
        ("hvad er datasikkerhed", 3, None),
    ],
)
def test_ordinals(text, length, expected):
    assert ordinal_index(text, length) == expected


def ask(intent, entities=None, text="", context=None, audience="staff"):
    return answer(Request(intent, entities or {}, text, context or Context(), audience))


def test_role_profile_then_all_areas_then_details():
    reply = ask("ask_role_profile", {"role": "bibliotekar"})
    assert reply.texts[0].startswith("Bibliotekar:")
    assert reply.context.topic == "role"
    listing = ask("show_more", context=reply.context)
    assert len(listing.context.listed) == 12
    detail = ask("ask_details", text="den sidste", context=listing.context)
    assert detail.context.params == {"role": "bibliotekar", "area": "forankring-forandring"}


def test_follow_up_replaces_role_and_keeps_area():
    first = ask("ask_role_profile", {"role": "folkeskolelaerer", "area": "datasikkerhed"})
    follow = ask("followup", {"role": "paedagog"}, "og hvad med en pædagog?", first.context)
    assert follow.context.params == {"role": "paedagog", "area": "datasikkerhed"}
    assert follow.texts[0].startswith("En pædagog skal være på niveau")


def test_follow_up_without_context_answers_the_entity():
    reply = ask("followup", {"area": "dataanvendelse"}, "hvad med dataanvendelse?")
    assert reply.context.topic == "area"


def test_practices_page_through_all_without_repeats():
    reply = ask("ask_best_practice", {"target_group": "aeldre"})
    seen = [item for _, item in reply.context.listed]
    total = int(reply.texts[0].split(" af ")[1].split()[0])
    while len(seen) < total:
        reply = ask("show_more", context=reply.context)
        seen += [item for _, item in reply.context.listed]
    assert len(seen) == len(set(seen)) == total
    done = ask("show_more", context=reply.context)
    assert "ikke flere" in done.texts[0]


def test_practice_details_by_title_words():
    listing = ask("ask_best_practice", {"theme": "mitid"})
    titles = listing.texts[0]
    assert "Kurser i MitID og Digital Post" in titles
    detail = ask("ask_details", text="fortæl mere om kurserne i mitid", context=listing.context)
    assert detail.texts[0].startswith("Kurser i MitID og Digital Post")


def test_unknown_question_searches_the_catalogue():
    reply = ask("ask_best_practice", text="hvordan træner vi phisingangreb")
    assert reply.context.topic in ("search", "practices")
    assert "phishing" in " ".join(reply.texts).lower()


def test_a_general_request_for_examples_uses_the_role_in_the_conversation():
    profile = ask("ask_role_profile", {"role": "sosu-assistent", "area": "datasikkerhed"})
    reply = ask("ask_best_practice", text="vis gode eksempler på kompetenceudvikling", context=profile.context)
    assert reply.context.topic == "role_practices"
    assert reply.context.params == {"role": "sosu-assistent"}


def test_a_general_request_for_examples_without_a_role_lists_the_staff_examples():
    reply = ask("ask_best_practice", text="har I nogle gode eksempler?")
    assert reply.context.topic == "practices"
    assert "for medarbejdere" in reply.texts[0]


def test_ask_role_without_role_asks_which():
    reply = ask("ask_role_profile", text="hvilke digitale kompetencer skal jeg have?")
    assert reply.texts[0].startswith("Hvilken rolle")
    buttons = reply.messages[-1].buttons
    assert len(buttons) == 3 and all(b["payload"].startswith("/ask_role_profile") for b in buttons)


def test_citizens_default_practices_are_for_citizens():
    reply = ask("ask_best_practice", text="/ask_best_practice", audience="citizen")
    assert "for borgere" in reply.texts[0]


def test_context_round_trips_through_a_slot_value():
    context = ask("ask_role_profile", {"role": "jurist"}).context
    assert Context.from_slot(context.to_slot()) == context
    assert Context.from_slot({"unknown": 1}) == Context()
    assert Context.from_slot(None) == Context()


def test_two_roles_in_one_question_get_both_answers():
    reply = answer(Request("ask_role_profile", {"role": "sygeplejerske", "area": "datasikkerhed"},
                           "hvad skal sygeplejersker og pædagoger kunne om datasikkerhed?",
                           also={"role": "paedagog"}))
    assert len(reply.texts) == 2
    assert reply.texts[0].startswith("En sygeplejerske skal være på niveau")
    assert reply.texts[1].startswith("En pædagog skal være på niveau") and "informationssikkerhed" in reply.texts[1]
    assert not reply.messages[0].buttons and reply.messages[1].buttons  # the buttons go under the last answer
    # The conversation goes on about the last one answered: "hvad vil det sige?" explains its level.
    assert reply.context.params == {"role": "paedagog", "area": "datasikkerhed"}


def test_two_areas_for_one_role_get_both_answers():
    reply = answer(Request("ask_role_profile", {"role": "paedagog", "area": "datasikkerhed"},
                           "hvad skal en pædagog kunne om datasikkerhed og digital kommunikation?",
                           also={"area": "digital-kommunikation"}))
    assert len(reply.texts) == 2
    assert "informationssikkerhed" in reply.texts[0] and "kommunikation" in reply.texts[1].lower()
