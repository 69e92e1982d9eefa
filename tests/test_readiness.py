"""The readiness check without Rasa: questions, reading answers, scoring against hand-computed results,
the advice drawn from the catalogue, and how a message in the middle of a check is treated."""
import re
from pathlib import Path

import pytest
import yaml

from bot.readiness import questions as rq
from bot.readiness.advice import plan, result_messages
from bot.readiness.answers import is_question, parse_answer
from bot.readiness.scoring import BANDS, band_for, percent_of, score
from bot.readiness.turn import INTERRUPTIONS, classify
from catalogue_edits import edited_catalogue  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parent.parent
KEYS = [q.key for q in rq.scored()]  # enhed, internet, mitid, digital_post, selvbetjening, booking, svindel, hjaelp
ENGLISH = re.compile(r"\b(the|and|you|your|please|sorry|hello|score|level|result)\b", re.IGNORECASE)


def answers(*values, hjaelper="ja"):
    assert len(values) == len(KEYS)
    out = dict(zip(KEYS, values))
    out["hjaelper"] = hjaelper
    return out


# --- questions ------------------------------------------------------------------------------------------
def test_nine_plain_questions_eight_scored_in_five_areas():
    assert 8 <= len(rq.QUESTIONS) <= 10
    assert len(rq.scored()) == 8
    assert {q.area for q in rq.scored()} == {a.id for a in rq.areas()}
    assert [a.name for a in rq.areas()] == ["udstyr og internet", "MitID", "Digital Post og selvbetjening",
                                            "at undgå svindel", "at finde hjælp"]
    for q in rq.QUESTIONS:
        words = q.text.split()
        assert len(words) <= 18, f"for langt spørgsmål: {q.text}"
        assert q.text.endswith("?")
        assert len(q.buttons) == 3
        assert [parse_answer(title) for title in q.buttons] == ["ja", "lidt", "nej"], q.buttons
        assert not ENGLISH.search(q.text + q.hint)


def test_the_questions_cover_what_the_issue_asks_for():
    text = " ".join(q.text for q in rq.QUESTIONS).lower()
    for topic in ("computer", "internet", "mitid", "digital post", "borger.dk", "bestille en tid i borgerservice",
                  "falsk", "hjælp"):
        assert topic in text, topic


def test_ask_text_counts_and_says_when_it_comes_back():
    first = rq.QUESTIONS[0]
    assert rq.ask_text(first) == f"Spørgsmål 1 af {len(rq.QUESTIONS)}: {first.text}"
    assert rq.ask_text(first, resumed=True).startswith("Tilbage til testen. Spørgsmål 1 af")


# --- reading answers ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ja", "ja"), ("ja tak", "ja"), ("jo da", "ja"), ("jaa", "ja"), ("JA!", "ja"), ("sagtens", "ja"),
    ("jeg har en iPad", "ja"), ("det kan jeg godt", "ja"), ("selvfølgelig", "ja"),
    ("Lidt", "lidt"), ("lit", "lidt"), ("Med hjælp", "lidt"), ("Nogle gange", "lidt"), ("Ikke altid", "lidt"),
    ("kun med hjælp fra min datter", "lidt"), ("ja, men det er svært", "lidt"), ("nogenlunde", "lidt"),
    ("min søn hjælper mig", "lidt"), ("ikke så godt", "lidt"), ("både og", "lidt"),
    ("Nej", "nej"), ("nej tak", "nej"), ("næ", "nej"), ("det har jeg ikke", "nej"), ("jeg har ingen computer", "nej"),
    ("ved ikke", "nej"), ("aldrig", "nej"), ("nej slet ikke", "nej"), ("det tror jeg ikke", "nej"),
    ("nej, jeg ved ikke hvor jeg kan få hjælp", "nej"),
    ("xqzv", None), ("hvad er MitID?", None), ("stop", None), ("start forfra", None), ("tak", None), ("", None),
])
def test_parse_answer(text, expected):
    assert parse_answer(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("hvordan får jeg mitid?", True), ("hvad er digital post", True), ("kan jeg få hjælp til det", True),
    ("må jeg bruge min mors mitid", True), ("ja?", False), ("lidt?", False), ("ja", False),
    ("jeg har en computer", False), ("nej", False),
])
def test_is_question(text, expected):
    assert is_question(text) is expected


# --- scoring, against results computed by hand ----------------------------------------------------------
@pytest.mark.parametrize("values, points, percent, band", [
    (["ja"] * 8, 16, 100, "avanceret"),
    (["nej"] * 8, 0, 0, "lav"),
    (["ja", "ja", "lidt", "nej", "ja", "lidt", "nej", "ja"], 10, 63, "oevet"),  # 62.5 % rounds up
    (["lidt"] * 4 + ["nej"] * 4, 4, 25, "lav"),
    (["ja"] + ["lidt"] * 3 + ["nej"] * 4, 5, 31, "grundlaeggende"),  # 31.25 %
    (["ja"] * 3 + ["lidt"] + ["nej"] * 4, 7, 44, "grundlaeggende"),  # 43.75 %
    (["ja"] * 4 + ["nej"] * 4, 8, 50, "oevet"),
    (["ja"] * 6 + ["nej"] * 2, 12, 75, "oevet"),
    (["ja"] * 6 + ["lidt", "nej"], 13, 81, "avanceret"),  # 81.25 %
    (["lidt"] * 8, 8, 50, "oevet"),
])
def test_score_matches_hand_computed_results(values, points, percent, band):
    result = score(answers(*values))
    assert (result.points, result.max_points, result.percent, result.band.id) == (points, 16, percent, band)


def test_score_per_area_by_hand():
    result = score(answers("ja", "ja", "lidt", "nej", "ja", "lidt", "nej", "ja"))
    by_area = {a.area: (a.points, a.max_points, a.percent, a.band.id) for a in result.areas}
    assert by_area == {
        "adgang": (4, 4, 100, "avanceret"),
        "mitid": (1, 2, 50, "oevet"),
        "post-selvbetjening": (3, 6, 50, "oevet"),
        "sikkerhed": (0, 2, 0, "lav"),
        "hjaelp": (2, 2, 100, "avanceret"),
    }
    assert [a.area for a in result.strong_areas] == ["adgang", "hjaelp"]
    assert [a.area for a in result.weak_areas] == ["sikkerhed"]


def test_the_areas_and_where_a_question_counts_are_the_catalogues(edited_catalogue):
    """An editor renames an area and lets the booking question count under finding help."""
    edited_catalogue("parathedstest.yml", "navn: at finde hjælp", "navn: at vide, hvor du får hjælp")
    edited_catalogue("parathedstest.yml", "  - id: booking          # bestiller selv en tid i borgerservice\n"
                                          "    område: post-selvbetjening",
                     "  - id: booking          # bestiller selv en tid i borgerservice\n    område: hjaelp")
    result = score(answers("ja", "ja", "lidt", "nej", "ja", "lidt", "nej", "ja"))
    by_area = {a.area: (a.points, a.max_points) for a in result.areas}
    assert by_area["post-selvbetjening"] == (2, 4) and by_area["hjaelp"] == (3, 4)
    text = result_messages(answers("ja", "ja", "ja", "ja", "ja", "nej", "ja", "nej"), url=edited_catalogue.url)[0].text
    assert "Du kan få hjælp til at vide, hvor du får hjælp." in text


def test_the_helper_question_does_not_count():
    base = answers("ja", "lidt", "nej", "ja", "lidt", "nej", "ja", "lidt", hjaelper="ja")
    other = dict(base, hjaelper="nej")
    assert score(base) == score(other)


def test_only_answered_questions_count():
    result = score({"enhed": "ja", "internet": "lidt", "mitid": "nej"})
    assert (result.points, result.max_points, result.percent) == (3, 6, 50)


def test_bands_are_digcompsat_limits_without_gaps():
    assert [(b.id, b.low, b.high) for b in BANDS] == [
        ("lav", 0, 29), ("grundlaeggende", 30, 47), ("oevet", 48, 80), ("avanceret", 81, 100)]
    for pct in range(101):
        band_for(pct)
    assert band_for(29).id == "lav" and band_for(30).id == "grundlaeggende"
    assert band_for(47).id == "grundlaeggende" and band_for(48).id == "oevet"
    assert band_for(80).id == "oevet" and band_for(81).id == "avanceret"


@pytest.mark.parametrize("points, top, expected", [(1, 3, 33), (1, 6, 17), (5, 8, 63), (0, 0, 0), (2, 2, 100)])
def test_percent_rounds_half_up(points, top, expected):
    assert percent_of(points, top) == expected


# --- advice -------------------------------------------------------------------------------------------------
def test_plan_no_mitid_no_device_gives_mitid_without_smartphone_and_exemption():
    topics = plan(answers("nej", "nej", "nej", "nej", "nej", "nej", "nej", "nej", hjaelper="ja"))
    assert topics[:4] == ["mitid-faa", "mitid-uden-smartphone", "digital-post-fritagelse", "laeseadgang"]
    assert {"bibliotek", "digital-fuldmagt", "borgerservice", "svindel-beskyt-dig"} <= set(topics)
    assert len(topics) == len(set(topics))


def test_plan_without_anyone_to_help_leaves_out_read_access_and_power_of_attorney():
    topics = plan(answers("nej", "nej", "nej", "nej", "nej", "nej", "nej", "nej", hjaelper="nej"))
    assert "laeseadgang" not in topics and "digital-fuldmagt" not in topics
    assert "borgerservice" in topics


def test_plan_mitid_only_with_help_gets_power_of_attorney_written_for_the_citizen():
    # "Du må ikke bruge andres MitID" is written for the helper; the citizen gets Digital Fuldmagt.
    topics = plan(answers("ja", "ja", "lidt", "ja", "ja", "ja", "ja", "ja"))
    assert topics == ["digital-fuldmagt"]


def test_plan_reads_post_with_help_gets_how_to_read_and_read_access():
    assert plan(answers("ja", "ja", "ja", "lidt", "ja", "ja", "ja", "ja", hjaelper="ja")) == [
        "digital-post-laes", "laeseadgang"]


def test_plan_cannot_read_post_but_has_access_gets_how_to_read():
    assert plan(answers("ja", "ja", "ja", "nej", "ja", "ja", "ja", "ja", hjaelper="nej"))[0] == "digital-post-laes"


def test_plan_fraud_booking_and_help():
    assert plan(answers("ja", "ja", "ja", "ja", "ja", "nej", "lidt", "nej")) == [
        "borgerservice", "svindel-beskyt-dig", "bibliotek"]


def test_plan_all_yes_is_empty():
    assert plan(answers(*["ja"] * 8)) == []


def test_result_messages_draw_on_the_catalogue(kb_url):
    from bot.kb import queries

    values = answers("nej", "nej", "nej", "nej", "nej", "nej", "nej", "nej", hjaelper="ja")
    messages = result_messages(values, url=kb_url)
    summary = messages[0].text
    assert summary.startswith("Tak for dine svar. Du har brug for hjælp til det digitale.")
    assert "point" not in summary and "%" not in summary and "niveau" not in summary
    mitid = queries.get_help_topic("mitid-faa", url=kb_url)
    assert mitid.answer in messages[1].text and messages[1].text.startswith("Det kan du gøre nu:")
    assert mitid.steps[0] in messages[1].text
    assert queries.get_help_topic("mitid-uden-smartphone", url=kb_url).answer in messages[2].text
    exemption = queries.get_help_topic("digital-post-fritagelse", url=kb_url)
    assert exemption.answer in messages[3].text  # when exemption is possible, and how to apply
    payloads = [b["payload"] for b in messages[-1].buttons]
    assert "/readiness_start" in payloads
    assert any("laeseadgang" in p for p in payloads) and any("bibliotek" in p for p in payloads)
    for message in messages:
        assert not ENGLISH.search(message.text), message.text


def test_result_messages_when_everything_is_yes(kb_url):
    messages = result_messages(answers(*["ja"] * 8), url=kb_url)
    assert "point" not in messages[0].text and "%" not in messages[0].text
    assert "godt klar" in messages[0].text
    assert "Det Digitale Kompetencehjul" in messages[1].text


def test_button_payloads_use_intents_and_topics_that_exist(kb_url):
    from bot.content.citizen_topics import topic_intents
    from bot.kb import queries

    domain = yaml.safe_load((ROOT / "domain" / "citizen.yml").read_text())
    for topic, intent in topic_intents().items():
        assert intent in domain["intents"]
        assert queries.get_help_topic(topic, url=kb_url) is not None, topic


# --- a message in the middle of a check ---------------------------------------------------------------------
@pytest.mark.parametrize("text, intent, confidence, kind, value", [
    ("ja", "affirm", 0.99, "answer", "ja"),
    ("lidt", "nlu_fallback", 0.3, "answer", "lidt"),
    ("nej, jeg har ikke mitid", "citizen_mitid_get", 0.8, "answer", "nej"),  # an answer that mentions MitID
    ("hvordan får jeg mitid?", "citizen_mitid_get", 0.95, "interrupt", None),
    ("nej, hvordan får jeg det?", "citizen_mitid_get", 0.7, "interrupt", None),
    ("stop", "readiness_stop", 0.99, "interrupt", None),
    ("nej stop", "readiness_stop", 0.9, "interrupt", None),
    ("start forfra", "readiness_restart", 0.99, "interrupt", None),
    ("Nogle gange", "readiness_restart", 0.7, "answer", "lidt"),  # a wrong intent does not stop the check
    ("jeg vil tale med et menneske", "human_handoff", 0.9, "interrupt", None),
    ("xqzv plorb", "nlu_fallback", 0.2, "unclear", None),
    ("tak", "thank", 0.9, "unclear", None),
    ("hvad betyder det?", "nlu_fallback", 0.3, "unclear", None),
])
def test_classify_turns(text, intent, confidence, kind, value):
    turn = classify(text, intent, confidence, parse_answer)
    assert (turn.kind, turn.value) == (kind, value)


def _rules(name):
    return yaml.safe_load((ROOT / "data" / "rules" / name).read_text())["rules"]


def _intents_handled_in(form, rules):
    handled = set()
    for rule in rules:
        conditions = rule.get("condition") or []
        if {"active_loop": form} not in conditions:
            continue
        first = rule["steps"][0]
        if "intent" in first:
            handled.add(first["intent"])
        for alternative in first.get("or", []):
            handled.add(alternative["intent"])
    return handled


@pytest.mark.parametrize("form, rules_file", [("readiness_form", "readiness.yml"), ("staff_check_form", "staff_check.yml")])
def test_every_interruption_has_a_rule_in_the_form(form, rules_file):
    handled = _intents_handled_in(form, _rules(rules_file))
    assert INTERRUPTIONS <= handled, INTERRUPTIONS - handled


def test_domain_matches_the_questions():
    domain = yaml.safe_load((ROOT / "domain" / "readiness.yml").read_text())
    assert domain["forms"]["readiness_form"]["required_slots"] == list(rq.SLOTS)
    for slot in rq.SLOTS:
        assert slot in domain["slots"]
        assert f"action_ask_{slot}" in domain["actions"]
        assert domain["slots"][slot]["influence_conversation"] is False


def test_ask_actions_are_registered_for_every_question():
    import actions.readiness as ar

    names = {cls().name() for cls in ar.ASK_ACTIONS}
    assert names == {f"action_ask_{slot}" for slot in rq.SLOTS}


# --- training data ------------------------------------------------------------------------------------------
def _examples(path):
    out = {}
    for item in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in item:
            out[item["intent"]] = [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip()[2:])
                                   for line in item["examples"].splitlines() if line.strip().startswith("- ")]
    return out


OWN_NLU = ["citizen.yml", "readiness.yml", "staff_check.yml"]


def test_every_own_intent_has_at_least_twenty_examples_and_the_right_prefix():
    for name in OWN_NLU:
        for intent, examples in _examples(ROOT / "data" / "nlu" / name).items():
            assert intent.split("_")[0] in ("citizen", "readiness", "staff"), intent
            assert len(examples) >= 20, f"{intent}: {len(examples)} eksempler"
            assert len(set(e.lower() for e in examples)) == len(examples), f"dubletter i {intent}"


def test_no_example_is_used_by_two_intents():
    def norm(text):
        return re.sub(r"[^\wæøå ]", "", text.lower()).strip()

    owner = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for intent, examples in _examples(path).items():
            for example in examples:
                key = norm(example)
                assert owner.setdefault(key, intent) == intent, f"»{example}« i både {owner[key]} og {intent}"


def test_every_topic_and_offer_the_advice_names_is_one_the_catalogue_must_have():
    """The advice names citizen topics by id; those ids are required entries of the catalogue
    (fixed_ids), so an editor cannot remove one without the catalogue's check saying so."""
    import itertools

    from bot.catalogue import fixed_ids
    from bot.readiness.advice import READY_OFFER

    named = set()
    for values in itertools.product(("ja", "lidt", "nej"), repeat=len(KEYS) + 1):
        named.update(plan(answers(*values[:-1], hjaelper=values[-1])))
    assert named <= set(fixed_ids.HELP_TOPICS), named - set(fixed_ids.HELP_TOPICS)
    assert "svindel-beskyt-dig" in named and READY_OFFER in fixed_ids.OFFERS
