"""Content read as a user reads it (issue 13), without a trained model: teasers, names, alternatives,
the readiness result, handover per audience, "Læs mere" links, attribution and editable responses."""
import re

import pytest

from bot.content.links import link_problems, read_more, source_without_links
from bot.content.responses import response_text
from bot.content.text import first_sentences, in_sentence, join_or


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)


# --- teasers are whole sentences -----------------------------------------------------------------------
@pytest.mark.parametrize("text, first", [
    ("Alle har pligt til at modtage Digital Post siden 1. november 2014. Læs den på mit.dk.",
     "Alle har pligt til at modtage Digital Post siden 1. november 2014."),
    ("Lederen går foran i den digitale omstilling, dvs. Hun bruger selv systemerne. Mere her.",
     "Lederen går foran i den digitale omstilling, dvs. Hun bruger selv systemerne."),
    ("Brug fx. MitID-appen, bl.a. Hvis du har en smartphone. Ellers kodeviser.",
     "Brug fx. MitID-appen, bl.a. Hvis du har en smartphone."),
    ("Det er nemt. Det tager 5 minutter.", "Det er nemt."),
    ("Er du klar? Så går vi i gang.", "Er du klar?"),
])
def test_a_teaser_is_the_whole_first_sentence(text, first):
    assert first_sentences(text) == first


def test_practice_list_teasers_are_not_cut_at_a_date():
    from bot.answers import Context, Request, answer

    reply = answer(Request("ask_best_practice", {"theme": "digital-post"}, "", Context(), "staff"))
    text = reply.texts[0]
    assert "siden 1. november 2013." in text and "siden 1. november 2014." in text
    assert not re.search(r"\b(siden 1|dvs|bl\.a|fx)\.\n", text), text


def test_self_check_advice_is_not_cut_at_an_abbreviation(kb_url):
    from bot.staff_check import AREAS, LEVELS, result_messages

    steps = result_messages("leder", {a: LEVELS[0] for a in AREAS}, url=kb_url)[1].text
    for line in steps.splitlines():
        assert not re.search(r"\b(dvs|bl\.a|fx|1)\.$", line), line


# --- proper nouns keep their capitals ------------------------------------------------------------------
@pytest.mark.parametrize("name, written", [
    ("MitID", "MitID"), ("Digital Post", "Digital Post"), ("DigComp 2.2", "DigComp 2.2"), ("IT", "IT"),
    ("KL's kompetencehjul", "KL's kompetencehjul"), ("Datasikkerhed", "datasikkerhed"), ("Ledere", "ledere"),
])
def test_names_in_running_text(name, written):
    assert in_sentence(name) == written


@pytest.mark.parametrize("theme, heading", [("mitid", "om MitID:"), ("digital-post", "om Digital Post:")])
def test_practice_heading_keeps_the_proper_noun(theme, heading):
    from bot.answers import Context, Request, answer

    reply = answer(Request("ask_best_practice", {"theme": theme}, "", Context(), "staff"))
    assert reply.texts[0].splitlines()[0].endswith(heading), reply.texts[0]


# --- alternatives, roles ----------------------------------------------------------------------------------
def test_alternatives_are_joined_with_eller():
    from bot.answers import Context, Request, answer

    assert join_or(["a", "b", "c"]) == "a, b eller c"
    reply = answer(Request("ask_role_profile", {}, "", Context(), "staff"))
    assert reply.texts[0] == ("Hvilken rolle tænker du på? Skriv fx social- og sundhedsassistent, "
                              "folkeskolelærer eller socialrådgiver.")


def test_top_management_reads_naturally():
    from bot.answers import Context, Request, answer

    reply = answer(Request("ask_role_profile", {"role": "topledelse", "area": "dataanvendelse"}, "",
                           Context(), "staff"))
    assert reply.texts[0].startswith("En topleder skal være på niveau avanceret i dataanvendelse."), reply.texts
    assert "topledelse/direktion" not in reply.texts[0]


def test_top_management_is_not_told_to_ask_their_leader(kb_url):
    from bot.staff_check import AREAS, LEVELS, result_messages

    steps = result_messages("topledelse", {a: LEVELS[0] for a in AREAS}, url=kb_url)[1].text
    assert "din leder" not in steps
    assert steps.endswith("Tal med HR eller digitaliseringsenheden om, hvad der passer bedst til dig.")
    staff = result_messages("sosu-assistent", {a: LEVELS[0] for a in AREAS}, url=kb_url)[1].text
    assert "Tal med din leder" in staff


# --- the readiness result is written for the citizen --------------------------------------------------------
def test_readiness_with_help_is_written_for_the_citizen_not_the_helper(kb_url):
    from bot.readiness.advice import result_messages

    answers = {"enhed": "ja", "internet": "ja", "mitid": "lidt", "digital_post": "ja", "selvbetjening": "ja",
               "booking": "ja", "svindel": "ja", "hjaelp": "ja", "hjaelper": "ja"}
    text = "\n\n".join(m.text for m in result_messages(answers, url=kb_url))
    assert "Du må ikke bruge andres MitID" not in text
    assert "Vil du hjælpe en pårørende" not in text
    assert "Digital Fuldmagt" in text and "ordne ting for dig" in text
    assert not re.search(r"\bpoint\b|%|\bniveau\b|Øvet|Avanceret", text), text


# --- handover and out of scope per audience ----------------------------------------------------------------
def test_staff_handover_goes_to_hr_or_the_digitalisation_unit(monkeypatch):
    from bot.handover import handover_reply

    for key in ("STAFF_HANDOVER_NAME", "STAFF_HANDOVER_PHONE", "STAFF_HANDOVER_EMAIL", "STAFF_HANDOVER_HOURS",
                "STAFF_HANDOVER_URL"):
        monkeypatch.delenv(key, raising=False)
    reply = handover_reply("staff")
    text = response_text(reply.response, audience="staff", **reply.variables)
    assert text.startswith("Du er velkommen til at kontakte HR eller digitaliseringsenheden.")
    assert "borgerservice" not in text.lower() and "dit CPR-nummer" not in text


def test_staff_handover_is_configurable(monkeypatch):
    from bot.handover import handover_reply

    monkeypatch.setenv("STAFF_HANDOVER_NAME", "Digitaliseringsenheden i Testkommune")
    monkeypatch.setenv("STAFF_HANDOVER_EMAIL", "digital@testkommune.example")
    reply = handover_reply("staff")
    text = response_text(reply.response, audience="staff", **reply.variables)
    assert text.splitlines()[:2] == ["Du er velkommen til at kontakte Digitaliseringsenheden i Testkommune.",
                                     "E-mail: digital@testkommune.example"]


def test_citizen_handover_goes_to_borgerservice_with_the_cpr_warning(monkeypatch):
    from bot.handover import handover_reply

    monkeypatch.setenv("HANDOVER_NAME", "Borgerservice i Testkommune")
    monkeypatch.setenv("HANDOVER_PHONE", "70 10 20 30")
    for unset in ("HANDOVER_EMAIL", "HANDOVER_HOURS", "HANDOVER_URL"):  # tests/conftest.py sets some
        monkeypatch.delenv(unset, raising=False)
    reply = handover_reply("citizen")
    text = response_text(reply.response, audience="citizen", **reply.variables)
    assert text == ("Du er velkommen til at kontakte Borgerservice i Testkommune.\nTelefon: 70 10 20 30\n"
                    "Skriv ikke dit CPR-nummer her i chatten.")


def test_out_of_scope_per_audience():
    citizen = response_text("utter_out_of_scope", audience="citizen")
    staff = response_text("utter_out_of_scope", audience="staff")
    assert "borgerservice" in citizen and "medarbejdere" not in citizen and "kompetenceprofil" not in citizen
    assert "HR eller digitaliseringsenheden" in staff and "borgerservice" not in staff


def test_the_only_english_is_one_line_for_english_speakers():
    english = re.compile(r"\b(the|and|you|your|please|only|help|contact|speak)\b", re.IGNORECASE)
    from bot.content.responses import responses

    for name, variants in responses().items():
        for variant in variants:
            lines = [line for line in (variant.get("text") or "").splitlines() if english.search(line)]
            if name == "utter_speak_danish":
                assert len(lines) == 1 and lines[0].startswith("I only speak Danish. For help in English, contact ")
            else:
                assert not lines, (name, lines)


# --- "Læs mere" links -------------------------------------------------------------------------------------
def test_read_more_only_to_front_pages_named_in_the_source():
    assert read_more("mitid.dk (https://www.mitid.dk)") == "https://www.mitid.dk"
    assert read_more("Folkebibliotekerne; Digitaliseringsstyrelsen") is None
    assert read_more("borger.dk (https://www.borger.dk/familie/fuldmagt)") is None  # no deep links
    assert link_problems("https://www.borger.dk/familie/fuldmagt")
    assert link_problems("http://digst.dk")
    assert source_without_links("borger.dk, Digital Fuldmagt (https://www.borger.dk); mitid.dk (https://www.mitid.dk)") \
        == "borger.dk, Digital Fuldmagt; mitid.dk"


def test_every_address_in_the_catalogue_is_a_front_page():
    from bot.catalogue.checks import _check_source_links
    from bot.catalogue.loader import load_catalogue

    load_catalogue()  # raises on any problem, the link check included
    from bot.catalogue.checks import Parsed
    from bot.catalogue.models import HelpFile

    bad = HelpFile.parse_obj({"emner": [{"id": "x", "titel": "X", "intent": "citizen_fraud", "svar": "Svar.", "trin": ["Et trin."],
                                         "kilde": "borger.dk (https://www.borger.dk/selvbetjening/x)"}]})
    problems = _check_source_links(Parsed(help=bad))
    assert problems and "forside" in problems[0].message


def test_citizen_answer_ends_with_a_read_more_link_from_its_source(kb_url):
    from bot.citizen_help import answer_for

    text = answer_for("citizen_mitid_get", url=kb_url)[0].text
    assert text.endswith("\n\nLæs mere: https://www.mitid.dk")
    fuldmagt = answer_for("citizen_relative_help", topic="digital-fuldmagt", url=kb_url)[0].text
    assert "Læs mere: https://www.borger.dk" in fuldmagt


def test_practice_shows_source_and_read_more_link():
    from bot.answers import render
    from bot.kb import queries

    texts = [message.text for message in render.practice(queries.get_practice("unge-digital-post"))]
    assert "Kilde: digst.dk, Digital Post (obligatorisk fra 15 år siden 1. november 2014)" in texts[1]
    assert texts[1].endswith("Læs mere: https://digst.dk")


# --- attribution ----------------------------------------------------------------------------------------------
def test_our_own_wording_is_never_credited_to_kl_or_jrc():
    from bot.catalogue.loader import load_catalogue

    catalogue = load_catalogue()
    wheel = catalogue.wheel
    for dimension in wheel.dimensions:
        assert "vores egen" in dimension.source, dimension.source
        for area in dimension.areas:
            assert "vores egen formulering" in area.source, (area.id, area.source)
    for area in catalogue.digcomp.areas:
        assert "vores egen" in area.source
        for competence in area.competences:
            assert "vores egen" in competence.source, competence.source


def test_the_technical_apology_names_the_contact_for_the_audience(monkeypatch):
    """When the action server fails (bot/deploy/rasa_patches.py), staff are not sent to borgerservice."""
    from bot.deploy.rasa_patches import apology_text

    monkeypatch.setenv("HANDOVER_NAME", "Borgerservice i Testkommune")
    monkeypatch.setenv("HANDOVER_PHONE", "70 10 20 30")
    citizen, staff = apology_text("citizen"), apology_text("staff")
    assert citizen.endswith("kontakte Borgerservice i Testkommune på telefon 70 10 20 30.")
    assert staff.endswith("kontakte HR eller digitaliseringsenheden.") and "Borgerservice" not in staff
    assert apology_text(None) == staff  # the intranet is the default
