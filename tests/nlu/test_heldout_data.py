"""The held-out test data: separate from the training data, covering every intent and entity, and
annotated so that every entity's value can be told. Also the training data's own rules."""
import pytest

from bot.eval import data


@pytest.fixture(scope="module")
def training():
    return data.training_examples()


@pytest.fixture(scope="module")
def heldout():
    return data.heldout_examples()


@pytest.fixture(scope="module")
def domain():
    return data.domain_intents_and_entities()


def test_heldout_never_overlaps_training_data(training, heldout):
    shared = data.overlap(training, heldout)
    assert not shared, "Testeksempler, der også står i træningsdata: " + "; ".join(
        f"»{h.text}« ({t.source})" for h, t in shared
    )


def test_overlap_ignores_case_punctuation_and_spacing():
    a = data.Example("Hvad er DATASIKKERHED?", "x", (), "a")
    b = data.Example("hvad  er datasikkerhed", "y", (), "b")
    assert data.overlap([a], [b]) == [(b, a)]


def test_heldout_covers_every_intent(heldout, domain):
    intents, _ = domain
    missing = set(intents) - {e.intent for e in heldout}
    assert not missing, f"Intentioner uden testeksempler: {sorted(missing)}"
    unknown = {e.intent for e in heldout} - set(intents)
    assert not unknown, f"Testdata bruger intentioner, der ikke står i domænet: {sorted(unknown)}"


def test_heldout_covers_every_entity(heldout, domain):
    _, entities = domain
    needed = set(entities) - set(data.ENTITIES_WITHOUT_EXAMPLES)
    assert set(data.CATALOGUE_ENTITIES) <= needed
    covered = {ent.entity for e in heldout for ent in e.entities}
    assert needed <= covered, f"Entiteter uden testeksempler: {sorted(needed - covered)}"


def test_heldout_entity_values_are_catalogue_ids(heldout, training, domain):
    intents, entities = domain
    problems = data.check_heldout(heldout, training, intents, entities, data.catalogue_values())
    assert problems.ok, "\n".join(problems.errors)


def test_heldout_has_several_examples_per_intent(heldout):
    counts = {}
    for e in heldout:
        counts[e.intent] = counts.get(e.intent, 0) + 1
    few = {i: n for i, n in counts.items() if n < 8}
    assert not few, f"For få testeksempler: {few}"


def test_training_data_rules(training, domain):
    """At least 20 examples per intent, and no example under two intents."""
    intents, _ = domain
    problems = data.check_training(training, intents)
    assert problems.ok, "\n".join(problems.errors)


def test_training_entity_annotations_use_catalogue_entities(training, domain):
    _, entities = domain
    used = {ent.entity for e in training for ent in e.entities}
    assert used <= set(entities)
    assert set(data.CATALOGUE_ENTITIES) <= used
