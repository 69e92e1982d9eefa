"""Both ways the Danish spaCy pipeline is resolved: da_core_news_sm installed, or the project's own."""
import sys
import textwrap

import pytest
import spacy

from bot.nlu import danish_nlp


def test_without_packaged_model_builds_blank_danish_with_lookup_lemmas(monkeypatch):
    monkeypatch.setattr(danish_nlp, "packaged_model_available", lambda: False)
    pipeline = danish_nlp.resolve(patterns_provider=lambda: [])
    assert pipeline.name == danish_nlp.BUILT_PIPELINE
    assert pipeline.nlp.lang == "da"
    doc = pipeline.nlp("sygeplejersker bruger computerne")
    assert [t.lemma_ for t in doc] == ["sygeplejerske", "bruge", "computer"]
    assert "projektets egen" in pipeline.describe()


def test_catalogue_patterns_become_entities_with_canonical_ids():
    patterns = [{"label": "role", "id": "folkeskolelaerer", "pattern": [{"LOWER": "lærer"}]}]
    pipeline = danish_nlp.resolve(patterns_provider=lambda: patterns, prefer_packaged=False)
    doc = pipeline.nlp("hvad skal en lærer kunne")
    assert [(e.label_, e.ent_id_) for e in doc.ents] == [("role", "folkeskolelaerer")]


def test_fingerprint_follows_the_patterns():
    one = danish_nlp.resolve(patterns_provider=lambda: [], prefer_packaged=False)
    patterns = [{"label": "role", "id": "jurist", "pattern": "jurist"}]
    two = danish_nlp.resolve(patterns_provider=lambda: patterns, prefer_packaged=False)
    assert one.fingerprint != two.fingerprint


@pytest.fixture
def fake_packaged_model(tmp_path, monkeypatch):
    """An installed package named da_core_news_sm (a real spaCy package layout, tiny content)."""
    package = tmp_path / "da_core_news_sm"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent("""
        import spacy

        def load(**overrides):
            nlp = spacy.blank("da")
            nlp.meta["name"] = "core_news_sm"
            nlp.meta["version"] = "3.4.0"
            nlp.meta["marker"] = "packaged"
            return nlp
    """))
    dist = tmp_path / "da_core_news_sm-3.4.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: da_core_news_sm\nVersion: 3.4.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    sys.modules.pop("da_core_news_sm", None)


def test_installed_packaged_model_is_preferred(fake_packaged_model):
    assert danish_nlp.packaged_model_available()
    pipeline = danish_nlp.resolve(patterns_provider=lambda: [])
    assert pipeline.name == danish_nlp.PACKAGED_MODEL
    assert pipeline.nlp.meta["marker"] == "packaged"
    assert "installeret pakke" in pipeline.describe()

