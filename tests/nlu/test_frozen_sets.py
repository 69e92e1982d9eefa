"""The frozen test sets (tests/nlu/realistic.yml and tests/nlu/leader_questions.yml) stay honest:
they parse, use only known intents, entity values and catalogue ids, and never share a sentence with
the training data or the held-out set. Needs no trained model."""
from collections import Counter

import pytest
import yaml

from bot import settings
from bot.catalogue import KINDS, load_catalogue
from bot.eval import data

REALISTIC_PATH = settings.TESTS_DIR / "nlu" / "realistic.yml"
LEADER_PATH = settings.TESTS_DIR / "nlu" / "leader_questions.yml"

# Planned, must exist once implemented: intents fixed for the whole team before the sets were frozen
# (issues 11, 12, 14, 15; ask_facet and check_continue were being added to domain/conversation.yml).
# A label that is neither in the domain nor here is a mistake.
PLANNED_INTENTS = frozenset({
    "inform_role",
    "ask_leadership",
    "ask_definition",
    "ask_training_offers",
    "delete_conversation",
    "ask_facet",
    "check_continue",
})

# The intents the set was written for when it was frozen (2026-12-01): each has at least
# MIN_PER_INTENT messages. An intent added later is not a reason to edit the frozen set.
FROZEN_INTENTS = frozenset({
    "ask_role_profile", "ask_competence_model", "ask_best_practice", "followup", "show_more", "ask_details",
    "citizen_mitid_get", "citizen_mitid_types", "citizen_mitid_no_smartphone", "citizen_mitid_visual",
    "citizen_mitid_lost", "citizen_digital_post_read", "citizen_digital_post_exemption",
    "citizen_relative_help", "citizen_where_help", "citizen_book_borgerservice", "citizen_courses",
    "citizen_fraud", "citizen_personal_data",
    "greet", "goodbye", "thank", "bot_challenge", "ask_help", "out_of_scope", "speak_english",
    "human_handoff", "affirm", "deny",
    "readiness_start", "readiness_stop", "readiness_restart", "staff_check_start",
}) | PLANNED_INTENTS

# Planned catalogue entries for leaders (issue 14), fixed for the whole team before the sets were frozen.
PLANNED_ENTRY_IDS = frozenset({
    "leder-kom-i-gang",
    "kortlaeg-kompetencer",
    "prioriter-kompetenceudvikling",
    "kompetenceudvikling-uden-budget",
    "maal-effekt",
    "skeptiske-medarbejdere",
    "travle-mellemledere",
    "strategi-digitale-kompetencer",
    "initiativ-7-3",
    "begreb-digital-parathed",
    "begreb-digital-inklusion",
    "begreb-digital-modenhed",
})

ISSUE_14_QUESTIONS = (
    "Hvor begynder jeg som ny leder, hvis min afdeling skal blive bedre digitalt?",
    "Hvordan finder vi ud af, hvilke it-færdigheder folk mangler?",
    "Kan vi se, om kurserne har gjort en forskel?",
    "Nogle i teamet er imod nye systemer – hvad gør jeg?",
)

MIN_REALISTIC = 280
MIN_PER_INTENT = 4
MIN_LEADER_ANSWERABLE = 50
MIN_LEADER_UNANSWERABLE = 12


@pytest.fixture(scope="module")
def realistic():
    return data.load_examples([REALISTIC_PATH])


@pytest.fixture(scope="module")
def leader_questions():
    return yaml.safe_load(LEADER_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def domain():
    return data.domain_intents_and_entities()


@pytest.fixture(scope="module")
def catalogue_ids():
    catalogue = load_catalogue()
    return {entry_id for kind in KINDS for entry_id in catalogue.entries(kind)}


# --- realistic.yml -------------------------------------------------------------------------------------
def test_realistic_set_parses_and_is_large(realistic):
    assert len(realistic) >= MIN_REALISTIC, f"{REALISTIC_PATH.name} har kun {len(realistic)} beskeder"
    assert all(e.text.strip() and e.intent for e in realistic)


def test_realistic_intents_exist_in_domain_or_are_planned(realistic, domain):
    intents, _ = domain
    unknown = {e.intent for e in realistic} - set(intents) - PLANNED_INTENTS
    assert not unknown, f"Ukendte intentioner (hverken i domænet eller planlagt): {sorted(unknown)}"


def test_realistic_covers_every_intent_it_was_frozen_for(realistic):
    counts = Counter(e.intent for e in realistic)
    few = {i: counts.get(i, 0) for i in FROZEN_INTENTS if counts.get(i, 0) < MIN_PER_INTENT}
    assert not few, f"Intentioner med under {MIN_PER_INTENT} beskeder: {few}"


def test_realistic_entity_values_are_catalogue_ids(realistic, domain):
    _, entities = domain
    table = data.catalogue_values()
    problems = []
    for e in realistic:
        for ent in e.entities:
            if ent.entity not in entities:
                problems.append(f"»{e.text}«: entiteten {ent.entity} står ikke i domænet")
            elif ent.entity not in data.CATALOGUE_ENTITIES:
                problems.append(f"»{e.text}«: {ent.entity} annoteres ikke i tekst")
            elif data.gold_value(ent, table) is None:
                problems.append(f"»{e.text}«: [{ent.text}]({ent.entity}={ent.value}) er ikke et katalog-id")
    assert not problems, "\n".join(problems)


def test_realistic_never_shares_a_sentence_with_training_or_heldout(realistic):
    """Training data includes data/nlu/generated/ when it exists (load_examples reads folders recursively)."""
    others = data.training_examples() + data.heldout_examples()
    shared = data.overlap(others, realistic)
    assert not shared, "Beskeder i det frosne testsæt, der også står i træningsdata eller heldout: " + "; ".join(
        f"»{r.text}« ({o.source})" for r, o in shared
    )


def test_realistic_gives_each_sentence_one_intent(realistic):
    assert not data.ambiguous(realistic)
    counts = Counter(data.normalise(e.text) for e in realistic)
    assert not [t for t, n in counts.items() if n > 1], "Samme besked står flere gange"


def test_overlap_check_catches_a_copied_sentence(realistic):
    """The freeze check would fail if a realistic message were copied into training data."""
    copied = data.Example(realistic[0].text.upper() + "  ", "x", (), "data/nlu/ny.yml")
    assert data.overlap([copied], realistic)


# --- leader_questions.yml --------------------------------------------------------------------------------
def test_leader_questions_parse(leader_questions):
    assert isinstance(leader_questions, list)
    for item in leader_questions:
        assert set(item) == {"question", "expected"}, item
        assert isinstance(item["question"], str) and item["question"].strip(), item
        assert isinstance(item["expected"], list) and all(isinstance(i, str) for i in item["expected"]), item
    answerable = [q for q in leader_questions if q["expected"]]
    unanswerable = [q for q in leader_questions if not q["expected"]]
    assert len(answerable) >= MIN_LEADER_ANSWERABLE
    assert len(unanswerable) >= MIN_LEADER_UNANSWERABLE
    questions = [data.normalise(q["question"]) for q in leader_questions]
    assert len(questions) == len(set(questions)), "Samme spørgsmål står flere gange"


def test_leader_questions_include_the_issue_examples(leader_questions):
    questions = {q["question"] for q in leader_questions}
    missing = [q for q in ISSUE_14_QUESTIONS if q not in questions]
    assert not missing, f"Mangler issue 14's spørgsmål: {missing}"


def test_leader_expected_ids_exist_or_are_planned(leader_questions, catalogue_ids):
    unknown = sorted({i for q in leader_questions for i in q["expected"]} - catalogue_ids - PLANNED_ENTRY_IDS)
    assert not unknown, f"Forventede id'er, der hverken findes i kataloget eller er planlagt: {unknown}"
