"""Follow-ups within the topic (bot/answers/followup.py), facets in the catalogue and pausing a check
(bot/check_pause.py): the logic behind the conversations in test_followup_conversation.py, without a model."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import check_pause as cp
from bot.answers import Context, Request, answer
from bot.answers.followup import (
    base_forms,
    citizen_followup,
    facet_of,
    is_followup,
    named_topics,
    resolve_inflected,
    role_in_text,
    role_statement,
)
from bot.catalogue import CatalogueError, fixed_ids, load_catalogue
from bot.citizen_help import chosen_topic
from bot.kb import queries

MINIMAL = Path(__file__).parent / "fixtures" / "catalogue-minimal"


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)
    return kb_url


@pytest.fixture
def facets(kb_url):
    return queries.list_help_facets(url=kb_url)


def resolve(kind, value):
    return queries.resolve(kind, value)


# --- the catalogue -------------------------------------------------------------------------------------
def test_every_facet_is_defined_once_with_a_question_and_an_answer_for_unknown():
    catalogue = load_catalogue()
    assert list(catalogue.help_facets) == fixed_ids.FACETS
    for facet in catalogue.help_facets.values():
        assert facet.question.endswith("?") and facet.cues and "borgerservice" in facet.unknown + " borgerservice"


def test_every_citizen_topic_answers_at_least_two_facets_and_the_exemption_all_it_has_facts_for():
    catalogue = load_catalogue()
    for topic in catalogue.help_topics.values():
        assert len(topic.facets) >= 2, topic.id
    exemption = catalogue.help_topics["digital-post-fritagelse"].facets
    assert "1. november" in exemption["varighed"] and "fuldmagt" in exemption["hvem"]


def _broken_help(tmp_path, text: str) -> Path:
    root = tmp_path / "katalog"
    shutil.copytree(MINIMAL, root)
    path = root / "borgerhjaelp.yml"
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return root


FACETS_HEAD = """facetter:
  - id: varighed
    spørgsmål: Hvor længe gælder det?
    signalord: [hvor længe]
    ukendt: Spørg i borgerservice.
"""


def test_a_facet_id_that_is_not_known_is_a_clear_danish_error(tmp_path):
    root = _broken_help(tmp_path, FACETS_HEAD.replace("id: varighed", "id: levetid"))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    assert "ukendt facet 'levetid'" in str(info.value)


def test_a_topic_answering_an_unknown_facet_is_a_clear_danish_error(tmp_path):
    root = _broken_help(tmp_path, FACETS_HEAD)
    path = root / "borgerhjaelp.yml"
    text = path.read_text(encoding="utf-8").replace(
        "    kilde: mitid.dk", "    facetter:\n      pris: Det er gratis.\n      hvem: Kun dig.\n    kilde: mitid.dk", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    message = str(info.value)
    assert "facetten 'pris' står ikke i listen facetter" in message
    assert "facetten 'hvem' står ikke i listen facetter" in message


def test_a_catalogue_without_facets_still_loads():
    assert load_catalogue(MINIMAL).help_facets == {}


# --- which facet a question asks for -----------------------------------------------------------------
@pytest.mark.parametrize("text, facet", [
    ("gælder det for altid?", "varighed"),
    ("hvor længe gælder fritagelsen", "varighed"),
    ("udløber den?", "varighed"),
    ("hvem kan gøre det for mig?", "hvem"),
    ("skal vi begge have mitid?", "hvem"),
    ("kan min datter søge for mig", "hvem"),
    ("hvad skal jeg have med?", "medbring"),
    ("skal jeg medbringe legitimation", "medbring"),
    ("hvad koster det?", "pris"),
    ("er det gratis", "pris"),
    ("hvor gør jeg det?", "hvor"),
    ("hvor skal jeg henvende mig", "hvor"),
    ("kan jeg fortryde?", "fortryd"),
    ("hvordan fjerner jeg det igen", "fortryd"),
    ("hvad hvis jeg ikke kan?", "kan-ikke"),
    ("hvad hvis jeg ikke har et pas", "kan-ikke"),
])
def test_facet_of_a_follow_up(facets, text, facet):
    assert facet_of(text, facets) == facet


@pytest.mark.parametrize("text", ["hvad er kompetencehjulet", "hej", "passer det?"])
def test_no_facet_in_other_messages(facets, text):
    assert facet_of(text, facets) is None


@pytest.mark.parametrize("text, other", [
    ("hvad koster det?", False),
    ("hvad koster det for mig", False),
    ("hvor lang tid tager det?", False),
    ("jeg skal have fornyet mit pas, hvad koster det", True),
    ("hvor lang tid tager det at få det", False),
    ("hvor længe gælder fritagelsen", False),
    ("skal vi begge have mitid?", False),
    ("hvad koster en billet til bussen", True),
    ("hvor længe er svømmehallen åben", True),
])
def test_a_facet_question_about_a_subject_of_its_own(kb_url, text, other):
    from bot.answers.followup import subject_of_its_own

    assert subject_of_its_own(text, url=kb_url) is other


def test_a_message_naming_another_topic_is_a_new_question(kb_url):
    forms = queries.help_topic_forms(url=kb_url)
    assert "digital-fuldmagt" in named_topics("hvordan giver jeg fuldmagt", forms)
    assert not is_followup("kan jeg give fuldmagt for mig", "citizen_relative_help", "digital-post-fritagelse",
                           None, forms)
    assert is_followup("hvem kan gøre det for mig?", "citizen_relative_help", "digital-post-fritagelse", None, forms)
    assert is_followup("gælder det for altid?", "ask_facet", "digital-post-fritagelse", None, forms)
    assert not is_followup("gælder det for altid?", "ask_facet", "digital-post-fritagelse", "mitid-faa", forms)
    # giving a relative access is the relative-help topic, whichever intent it was taken for
    for intent in ("citizen_relative_help", "ask_facet"):
        assert not is_followup("hvordan giver jeg min søn adgang?", intent, "digital-post-fritagelse", None, forms)
    assert is_followup("kan min datter søge for mig", "ask_facet", "digital-post-fritagelse", None, forms)


def test_citizen_follow_up_answers_from_the_topic_in_memory(kb_url):
    reply = citizen_followup("gælder det for altid?", "ask_facet", "help_topic",
                             {"help_topic": "digital-post-fritagelse"}, url=kb_url)
    assert reply.text.startswith("Fritagelse for Digital Post: Nej, fritagelsen gælder ikke for altid.")
    assert "1. november" in reply.text
    assert reply.buttons and all(b["title"].endswith("?") for b in reply.buttons)


def test_a_facet_the_topic_has_no_facts_for_says_where_to_ask(kb_url):
    reply = citizen_followup("hvad koster det?", "ask_facet", "help_topic", {"help_topic": "digital-fuldmagt"},
                             url=kb_url)
    assert reply.text.startswith("Digital Fuldmagt:") and "borgerservice" in reply.text


def test_no_follow_up_without_a_citizen_topic(kb_url):
    assert citizen_followup("hvad koster det?", "ask_facet", "role", {"role": "paedagog"}, url=kb_url) is None
    assert citizen_followup("hvad koster det?", "ask_facet", None, {}, url=kb_url) is None


def test_the_topic_a_citizen_answer_is_remembered_by():
    assert chosen_topic("citizen_digital_post_exemption") == "digital-post-fritagelse"
    assert chosen_topic("citizen_relative_help", "kan jeg give min søn fuldmagt") == "digital-fuldmagt"
    assert chosen_topic("citizen_relative_help", "hvordan kan familien hjælpe") is None
    assert chosen_topic("citizen_where_help") == "borgerservice"


# --- roles, also inflected --------------------------------------------------------------------------
def test_base_forms_of_inflected_role_names():
    assert "sygeplejerske" in base_forms("sygeplejerskerne")
    assert "lærer" in base_forms("lærerne")
    assert "pædagog" in base_forms("pædagogerne")


@pytest.mark.parametrize("value, role", [
    ("sygeplejerskerne", "sygeplejerske"), ("lærerne", "folkeskolelaerer"), ("pædagogerne", "paedagog"),
    ("lederne", "leder"), ("socialrådgiverne", "socialraadgiver"), ("sosu-assistenterne", "sosu-assistent"),
    ("direktionen", "topledelse"),
])
def test_inflected_role_names_resolve(value, role):
    assert resolve_inflected("role", value, resolve) == role


def test_role_in_a_short_follow_up():
    assert role_in_text("og sygeplejerskerne?", resolve) == "sygeplejerske"
    assert role_in_text("hvad med lederne?", resolve) == "leder"
    assert role_in_text("og hvad så?", resolve) is None


def test_role_statements():
    assert role_statement("jeg er pædagog") and role_statement("jeg arbejder som sosu-assistent")
    assert role_statement("vi er sygeplejerskerne på plejecentret")
    assert not role_statement("hvad skal en pædagog kunne")


def test_follow_up_switches_to_an_inflected_role_with_the_same_area():
    first = answer(Request("ask_role_profile", {"role": "socialraadgiver", "area": "dataanvendelse"}))
    reply = answer(Request("followup", {}, text="og sygeplejerskerne?", context=first.context))
    assert reply.texts[0].startswith("En sygeplejerske skal være på niveau")
    assert "dataanvendelse" in reply.texts[0]


def test_good_examples_after_a_citizen_topic_are_about_that_topic():
    ctx = Context(topic="help_topic", params={"help_topic": "digital-post-fritagelse"})
    reply = answer(Request("ask_best_practice", {}, text="gode eksempler på det?", context=ctx))
    assert "gode eksempler om digital post" in reply.texts[0].lower() or "om digital post" in reply.texts[0]


def test_a_bare_follow_up_after_a_citizen_topic_is_never_a_search_listing():
    ctx = Context(topic="help_topic", params={"help_topic": "digital-post-fritagelse"})
    reply = answer(Request("followup", {}, text="og hvad så?", context=ctx))
    assert "Det her fandt jeg i kataloget" not in reply.texts[0]


# --- pausing a check -----------------------------------------------------------------------------------
def test_where_a_paused_check_goes_on():
    assert cp.check_of_form("readiness_form") == "readiness"
    assert cp.check_of_form("staff_check_form") == "staff_check"
    assert cp.check_of_form(None) is None
    answered = {"readiness_enhed": "ja", "readiness_internet": "ja", "readiness_mitid": "lidt"}
    assert cp.next_question("readiness", answered) == (4, 9)
    staff = {"staff_check_role": "paedagog", "staff_check_brugerkompetencer": "oevet"}
    assert cp.next_question("staff_check", staff) == (2, 12)
    assert cp.form_of("staff_check") == "staff_check_form"


def test_a_question_naming_its_own_topic_is_not_a_facet_of_the_last_one(kb_url):
    ctx = {"help_topic": "mitid-faa"}
    assert citizen_followup("må min datter bruge mit mitid?", "citizen_relative_help", "help_topic", ctx,
                            url=kb_url) is None
    assert citizen_followup("kan min datter gøre det for mig?", "citizen_relative_help", "help_topic", ctx,
                            url=kb_url) is not None


def test_a_follow_up_whose_question_is_not_recognised_gets_the_topics_own_questions(kb_url):
    from bot.answers.followup import facet_choices

    choices = facet_choices("help_topic", {"help_topic": "mitid-uden-smartphone"}, url=kb_url)
    assert choices.text.startswith("MitID uden smartphone: Hvad vil du gerne vide?")
    topic = queries.get_help_topic("mitid-uden-smartphone", url=kb_url)
    questions = {f.id: f.question for f in queries.list_help_facets(url=kb_url)}
    assert [b["title"] for b in choices.buttons] == [questions[fid] for fid, _ in topic.facets][:4]
    assert facet_choices(None, {}, url=kb_url) is None  # no topic: the caller asks which topic


@pytest.mark.parametrize("text", ["kan jeg gøre det for hende", "kan jeg ordne det for ham", "på hendes vegne"])
def test_doing_it_for_someone_else_is_the_who_facet(facets, text):
    assert facet_of(text, facets) == "hvem"
