"""Roles, areas and themes are found in the forms people write them (bot/nlu/inflected_entities.py,
part of the project's Danish spaCy pipeline)."""
from __future__ import annotations

import pytest

from bot.nlu.danish_nlp import shared_pipeline


def entities(text: str):
    doc = shared_pipeline().nlp(text.lower())
    return [(ent.label_, ent.ent_id_) for ent in doc.ents]


@pytest.mark.parametrize("text, expected", [
    ("vi er sygeplejerskerne på plejecentret, hvad skal vi kunne", ("role", "sygeplejerske")),
    ("og sygeplejerskerne?", ("role", "sygeplejerske")),
    ("pædagogerne i vuggestuen", ("role", "paedagog")),
    ("hvad med skolelærerne", ("role", "folkeskolelaerer")),
    ("bibliotekarerne vil gerne vide det", ("role", "bibliotekar")),
    ("vores socialrådgivere", ("role", "socialraadgiver")),
    ("hjemmehjælperne", ("role", "sosu-hjaelper")),
    ("social- og sundhedsassistenterne", ("role", "sosu-assistent")),
    ("jeg er sygeplejeske", ("role", "sygeplejerske")),  # one typing error
    ("hvad skal en socialrådgver kunne", ("role", "socialraadgiver")),
    ("hvad skal en paedagog kunne", ("role", "paedagog")),  # without æøå
    ("hvad med informationssikkerheden", ("theme", "informationssikkerhed")),
    ("it-sikkerheden", ("area", "datasikkerhed")),
    ("de digitale ambassadører", ("theme", "digitale-ambassadoerer")),
    # A hyphenated name written with a space or together, also inflected.
    ("hvad skal sosu hjælperne kunne", ("role", "sosu-hjaelper")),
    ("hvad skal en sosuhjælper kunne", ("role", "sosu-hjaelper")),
    ("vores it medarbejdere", ("role", "it-medarbejder")),
])
def test_inflected_compound_and_misspelt_names_are_found(text, expected):
    assert expected in entities(text)


@pytest.mark.parametrize("text", [
    "et hjælpemiddel til min far",  # "middel" is a level only on its own
    "mine naboer har en vaskemaskine",
    "hvad koster en pizza",
])
def test_ordinary_words_are_not_taken_for_names(text):
    found = entities(text)
    assert ("level", "middel") not in found and not any(label == "role" for label, _ in found), found
