"""NLU data generated from the catalogue: Rasa lookups and synonyms, spaCy entity patterns."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml

from bot import settings
from bot.catalogue import load_catalogue
from bot.nlu.catalogue_data import ENTITIES, ambiguous_texts, entity_forms, entity_patterns, generate, nlu_files

MINIMAL = Path(__file__).parent / "fixtures" / "catalogue-minimal"


def parse_examples(block: str):
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


def synonyms_and_lookups(files):
    synonyms, lookups = {}, {}
    for content in files.values():
        for item in yaml.safe_load(content)["nlu"]:
            if "synonym" in item:
                for text in parse_examples(item["examples"]):
                    assert text not in synonyms, f"{text!r} maps to two values"
                    synonyms[text] = item["synonym"]
            else:
                lookups[item["lookup"]] = parse_examples(item["examples"])
    return synonyms, lookups


@pytest.fixture(scope="module")
def real_files():
    return nlu_files(load_catalogue(settings.CATALOGUE_DIR))


def test_synonyms_map_names_and_synonyms_to_canonical_ids(real_files):
    synonyms, lookups = synonyms_and_lookups(real_files)
    assert synonyms["lærer"] == "folkeskolelaerer"
    assert synonyms["folkeskolelærer"] == "folkeskolelaerer"  # the canonical name
    assert synonyms["laerer"] == "folkeskolelaerer"  # written without æ
    assert synonyms["pædagog"] == "paedagog"
    assert synonyms["pensionister"] == "aeldre"
    assert synonyms["it-færdigheder"] == "brugerkompetencer"
    assert "folkeskolelaerer" not in synonyms  # an id maps to itself without a synonym
    assert set(lookups) == set(ENTITIES)
    assert {"folkeskolelærer", "lærer", "folkeskolelaerer"} <= set(lookups["role"])
    assert "ældre" in lookups["target_group"] and "mitid" in lookups["theme"]


def test_texts_shared_across_kinds_are_given_to_the_entry_they_name(real_files):
    catalogue = load_catalogue(settings.CATALOGUE_DIR)
    synonyms, _ = synonyms_and_lookups(real_files)
    for text, owners in ambiguous_texts(catalogue).items():
        values = {value for _, value in owners}
        assert synonyms.get(text, text) in values
    forms = entity_forms(catalogue)
    per_text = {}
    for form in forms:
        per_text.setdefault(form.text, set()).add(form.value)
    assert all(len(values) == 1 for values in per_text.values())


def test_rasa_reads_the_generated_files(tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    generate(settings.CATALOGUE_DIR, tmp_path)
    data = load_data(str(tmp_path), language="da")
    assert {table["name"] for table in data.lookup_tables} == set(ENTITIES)
    assert data.entity_synonyms["lærer"] == "folkeskolelaerer"


def test_files_are_written_only_when_changed(tmp_path):
    catalogue = tmp_path / "katalog"
    shutil.copytree(MINIMAL, catalogue)
    out = tmp_path / "generated"
    written = generate(catalogue, out)
    assert sorted(p.name for p in written) == ["catalogue_lookups.yml", "catalogue_synonyms.yml"]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    time.sleep(0.01)
    assert generate(catalogue, out) == []
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    taxonomy = catalogue / "taksonomi.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("[pensionister, seniorer]",
                                                                     "[pensionister, seniorer, de gamle]"),
                        encoding="utf-8")
    (out / "catalogue_gammel.yml").write_text("version: '3.1'\n", encoding="utf-8")
    written = generate(catalogue, out)
    assert sorted(p.name for p in written) == ["catalogue_gammel.yml", "catalogue_lookups.yml", "catalogue_synonyms.yml"]
    assert not (out / "catalogue_gammel.yml").exists()
    assert "- de gamle" in (out / "catalogue_synonyms.yml").read_text(encoding="utf-8")


def test_generated_files_carry_a_danish_header(tmp_path):
    generate(MINIMAL, tmp_path)
    for path in tmp_path.iterdir():
        assert path.read_text(encoding="utf-8").startswith("# Genereret fra data/catalogue/")


# --- spaCy patterns ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def blank_da():
    import spacy

    return spacy.blank("da")


def test_entity_patterns_shape_and_stability(blank_da):
    patterns = entity_patterns(settings.CATALOGUE_DIR, nlp=blank_da)
    assert patterns == entity_patterns(settings.CATALOGUE_DIR, nlp=blank_da)
    assert {p["label"] for p in patterns} == set(ENTITIES)
    for pattern in patterns:
        assert set(pattern) == {"label", "id", "pattern"}
        assert pattern["pattern"] and all(set(t) == {"LOWER"} and t["LOWER"] == t["LOWER"].lower()
                                          for t in pattern["pattern"])
    assert {"label": "role", "id": "folkeskolelaerer", "pattern": [{"LOWER": "lærer"}]} in patterns
    assert {"label": "role", "id": "folkeskolelaerer", "pattern": [{"LOWER": "folkeskolelærer"}]} in patterns


def test_entity_ruler_finds_catalogue_entities(blank_da):
    import spacy

    nlp = spacy.blank("da")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(entity_patterns(settings.CATALOGUE_DIR, nlp=blank_da))
    doc = nlp("Jeg er Lærer og vil blive bedre til IT-færdigheder og phishing for ældre borgere".lower())
    found = {(ent.label_, ent.ent_id_) for ent in doc.ents}
    assert ("role", "folkeskolelaerer") in found
    assert ("area", "brugerkompetencer") in found
    assert ("theme", "informationssikkerhed") in found
    assert ("target_group", "aeldre") in found


def test_entity_patterns_default_to_the_real_catalogue():
    patterns = entity_patterns()
    assert any(p["id"] == "sosu-hjaelper" for p in patterns)
