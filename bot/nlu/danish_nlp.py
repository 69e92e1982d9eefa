"""The project's Danish spaCy pipeline, resolved in one place.

`da_core_news_sm` is used when it is installed. Otherwise the project builds its own pipeline from
spaCy's blank Danish language (Danish tokenizer rules and stop words) with the lookup lemmatizer from
spacy-lookups-data. Either way an entity ruler with the catalogue's names and synonyms is added. Nothing
is downloaded at run time.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, List, Optional

import spacy
from spacy.language import Language

logger = logging.getLogger(__name__)

PACKAGED_MODEL = "da_core_news_sm"
BUILT_PIPELINE = "da_blank_lookup"


@dataclass
class DanishPipeline:
    nlp: Language
    name: str  # which pipeline: PACKAGED_MODEL or BUILT_PIPELINE
    fingerprint: str  # changes whenever the pipeline's behaviour may change

    def describe(self) -> str:
        if self.name == PACKAGED_MODEL:
            return f"dansk spaCy-pipeline: {PACKAGED_MODEL} (installeret pakke)"
        return (
            f"dansk spaCy-pipeline: projektets egen ({BUILT_PIPELINE}: spaCy's tomme danske sprog "
            f"med opslagslemmatisering fra spacy-lookups-data); {PACKAGED_MODEL} er ikke installeret"
        )


def packaged_model_available() -> bool:
    return spacy.util.is_package(PACKAGED_MODEL)


def _catalogue_patterns() -> List[dict]:
    """EntityRuler patterns from the catalogue; empty while the catalogue or its loader is missing."""
    from bot.nlu.catalogue_data import entity_patterns

    try:
        return list(entity_patterns())
    except Exception as exc:  # a broken catalogue must not stop the assistant from starting
        logger.warning("Katalogets entitetsmønstre kunne ikke indlæses: %s", exc)
        return []


def build_blank_pipeline() -> Language:
    """spaCy's blank Danish with the lookup lemmatizer (tables from spacy-lookups-data, offline)."""
    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def _add_entity_ruler(nlp: Language, patterns: List[dict]) -> None:
    if not patterns:
        return
    # Our patterns are matched on lower-cased tokens; with a packaged model they run after its NER
    # and may overwrite its entities for the catalogue's names.
    ruler = nlp.add_pipe("entity_ruler", name="catalogue_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(patterns)
    # Then the same names inflected, in compounds and with typing errors (bot/nlu/inflected_entities.py).
    from bot.nlu.inflected_entities import add_to_pipeline

    add_to_pipeline(nlp, patterns)


def resolve(
    patterns_provider: Callable[[], List[dict]] = _catalogue_patterns,
    prefer_packaged: Optional[bool] = None,
) -> DanishPipeline:
    """Load da_core_news_sm when installed, else build the project's own pipeline."""
    use_packaged = packaged_model_available() if prefer_packaged is None else prefer_packaged
    if use_packaged:
        nlp = spacy.load(PACKAGED_MODEL, disable=["parser"])
        name = PACKAGED_MODEL
        version = nlp.meta.get("version", "?")
    else:
        nlp = build_blank_pipeline()
        name = BUILT_PIPELINE
        version = spacy.__version__
    patterns = patterns_provider()
    _add_entity_ruler(nlp, patterns)
    digest = hashlib.sha256(
        json.dumps(patterns, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:12]
    pipeline = DanishPipeline(nlp=nlp, name=name, fingerprint=f"{name}-{version}-{digest}")
    logger.info("Bruger %s", pipeline.describe())
    return pipeline


@lru_cache(maxsize=1)
def shared_pipeline() -> DanishPipeline:
    """One pipeline per process (the Rasa component and the knowledge base share it)."""
    return resolve()
