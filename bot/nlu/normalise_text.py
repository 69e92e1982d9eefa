"""Two Rasa components around the NLU pipeline: read the normalised text, keep the person's own text.

`NormaliseText` (first in the pipeline) replaces a message's text with what bot/nlu/spelling.py reads
("kan jeg faa hjaelp" -> "kan jeg få hjælp") and keeps the original. Every later component (spaCy,
the count features, the sentence encoder, DIET, the entity extractors) reads the normalised text.
`RestoreText` (last in the pipeline) puts the original text back and moves the entities' start and end
to the original text, so the tracker store, the logs and the editor show exactly what was written.

Training data is not rewritten: it is written in standard Danish. The words of the training data and
the catalogue's names (through the generated synonyms) are learnt at training time and stored with the
model; they are the words typing errors are corrected towards.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_VALUE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.known_words import danish_word_forms
from bot.nlu.spelling import Normalised, Speller, vocabulary_counts

VOCABULARY_FILE = "vocabulary.json"
ORIGINAL = "original_text"  # message key of the person's own text (not part of the output)
NORMALISED = "normalised"  # message key of the Normalised object (edits for mapping back)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class NormaliseText(GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return []

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Dict[str, int]] = None) -> None:
        self._storage = model_storage
        self._resource = resource
        self._vocabulary = dict(vocabulary or {})
        self._speller: Optional[Speller] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "NormaliseText":
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "NormaliseText":
        vocabulary: Dict[str, int] = {}
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            pass
        return cls(model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [example.get(TEXT) or "" for example in training_data.training_examples]
        for example in training_data.training_examples:
            texts.extend(str(e.get(ENTITY_ATTRIBUTE_VALUE, "")) for e in example.get(ENTITIES) or [])
        for synonym, value in training_data.entity_synonyms.items():
            texts.extend([synonym, str(value)])
        for table in training_data.lookup_tables:
            elements = table.get("elements")
            texts.extend(elements if isinstance(elements, list) else [])
        self._vocabulary = vocabulary_counts(texts)
        with self._storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(
                json.dumps(self._vocabulary, ensure_ascii=False, sort_keys=True), encoding="utf-8"
            )
        return self._resource

    def _get_speller(self) -> Speller:
        if self._speller is None:
            from bot.nlu.danish_nlp import shared_pipeline

            self._speller = Speller(danish_word_forms(shared_pipeline().nlp), self._vocabulary)
        return self._speller

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        speller = self._get_speller()
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            normalised = speller.normalise(text)
            if normalised.edits:
                message.set(ORIGINAL, text)
                message.set(NORMALISED, normalised)
                message.set(TEXT, normalised.text)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class RestoreText(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RestoreText":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            normalised: Optional[Normalised] = message.get(NORMALISED)
            if normalised is None:
                continue
            entities = []
            for entity in message.get(ENTITIES) or []:
                if "start" in entity and "end" in entity:
                    start, end = normalised.to_original(entity["start"], entity["end"])
                    entity = {**entity, "start": start, "end": end}
                entities.append(entity)
            message.set(TEXT, normalised.original)
            message.set(ENTITIES, entities, add_to_output=True)
            message.set(NORMALISED, None)
            message.set(ORIGINAL, None)
        return messages
