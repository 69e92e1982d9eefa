"""Entities for the catalogue's names and synonyms, found by the Danish pipeline's entity ruler.

The ruler (bot/nlu/danish_nlp.py) knows every name and synonym in the catalogue, so a synonym an editor
adds is recognised as soon as the model is reloaded, even before DIET has seen an example of it. Its
values are the catalogue's canonical ids. Where DIET found an entity at the same place, the ruler's
entity replaces it, so each span is reported once.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.utils import spacy_utils
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.catalogue import ENTITY_KINDS as CATALOGUE_ENTITIES


def _overlaps(a: Dict[Text, Any], b: Dict[Text, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def merge_entities(found: List[Dict[Text, Any]], existing: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """Ruler entities win over other extractors' entities at the same place."""
    kept = [e for e in existing if not any(_overlaps(e, f) for f in found)]
    return sorted(kept + found, key=lambda e: e["start"])


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class CatalogueEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [spacy_utils.SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entities": list(CATALOGUE_ENTITIES)}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._labels = set(config.get("entities") or CATALOGUE_ENTITIES)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CatalogueEntityExtractor":
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            doc = message.get(SPACY_DOCS[TEXT]) or model.model(text.lower())
            found = [
                {
                    "entity": ent.label_,
                    "value": ent.ent_id_ or ent.text,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "confidence": 1.0,
                }
                for ent in doc.ents
                if ent.label_ in self._labels
            ]
            if not found:
                continue
            found = self.add_extractor_name(found)
            message.set(ENTITIES, merge_entities(found, message.get(ENTITIES, [])), add_to_output=True)
        return messages
