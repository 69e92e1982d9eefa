"""Leader content in the catalogue (issue 14): the entries exist, are sourced, and the begreber/ folder
is validated with clear Danish errors."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot import settings
from bot.catalogue import CatalogueError, load_catalogue

MINIMAL = Path(__file__).parent / "fixtures" / "catalogue-minimal"
LEADER_PRACTICES = [
    "leder-kom-i-gang", "kortlaeg-kompetencer", "prioriter-kompetenceudvikling", "kompetenceudvikling-uden-budget",
    "maal-effekt", "skeptiske-medarbejdere", "travle-mellemledere", "strategi-digitale-kompetencer",
]
CONCEPTS = ["initiativ-7-3", "begreb-digital-parathed", "begreb-digital-inklusion", "begreb-digital-modenhed"]
LEADER_GROUPS = {"ledere", "hr", "digitaliseringsansvarlige"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(settings.CATALOGUE_DIR)


def test_every_leader_entry_is_there_for_leaders_with_a_source(catalogue):
    for practice_id in LEADER_PRACTICES:
        practice = catalogue.practices[practice_id]
        assert LEADER_GROUPS & set(practice.target_groups), practice_id
        assert practice.source.strip(), practice_id
        assert 3 <= len(practice.steps) <= 6
    for concept_id in CONCEPTS:
        concept = catalogue.concepts[concept_id]
        assert concept.definition and concept.source


def test_own_definitions_say_so(catalogue):
    """A definition written by the project must not pass for KL's or JRC's wording."""
    for concept_id in ("begreb-digital-parathed", "begreb-digital-inklusion", "begreb-digital-modenhed"):
        concept = catalogue.concepts[concept_id]
        assert concept.source.startswith("Egen forklaring"), concept_id
        assert "egen forklaring" in concept.definition.lower(), concept_id
    assert "egne ord" in catalogue.concepts["initiativ-7-3"].source


def test_figures_in_leader_content_carry_a_year(catalogue):
    """A percentage or count in a definition or its details is given with the year it is from."""
    for concept in catalogue.concepts.values():
        for text in (concept.definition, *concept.details):
            if re.search(r"\d+ ?%", text):
                assert re.search(r"\b(19|20)\d\d\b", text), text


def test_initiative_describes_its_three_tracks(catalogue):
    details = " ".join(catalogue.concepts["initiativ-7-3"].details)
    for track in ("Spor 1", "Spor 2", "Spor 3"):
        assert track in details
    assert "COK" in details
    assert "COK" in catalogue.practices["samarbejde-konsulenthuse"].summary


def _minimal_with(tmp_path, concept_text: str) -> Path:
    root = tmp_path / "katalog"
    shutil.copytree(MINIMAL, root)
    (root / "begreber").mkdir()
    (root / "begreber" / "begreb-test.yml").write_text(concept_text, encoding="utf-8")
    return root


GOOD = """id: begreb-test
titel: Testbegreb
definition: Et begreb til en test.
relaterede: [phishing-traening]
målgrupper: [medarbejdere]
kilde: Egen forklaring
"""


def test_minimal_catalogue_without_concepts_still_loads():
    assert load_catalogue(MINIMAL).concepts == {}


def test_a_valid_concept_loads(tmp_path):
    catalogue = load_catalogue(_minimal_with(tmp_path, GOOD))
    assert catalogue.concepts["begreb-test"].related == ["phishing-traening"]


@pytest.mark.parametrize("old,new,expected", [
    ("relaterede: [phishing-traening]", "relaterede: [findes-ikke]",
     "felt 'relaterede[1]': ukendt godt eksempel eller tilbud 'findes-ikke'"),
    ("målgrupper: [medarbejdere]", "målgrupper: [chefer]", "felt 'målgrupper[1]': ukendt målgruppe 'chefer'"),
    ("id: begreb-test", "id: andet-navn", "passer ikke til filnavnet"),
    ("definition: Et begreb til en test.\n", "", "definition"),
])
def test_a_broken_concept_is_reported_in_danish(tmp_path, old, new, expected):
    root = _minimal_with(tmp_path, GOOD.replace(old, new))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    assert "begreber/begreb-test.yml" in str(info.value)
    assert expected in str(info.value)
