"""Sends messages without a single known word to the fallback (logic in bot/nlu/known_words.py).

Runs after DIET and the entity extractors and before FallbackClassifier: for a message like
"xqzv plorb grunkel" it sets the intent's confidence to 0, so FallbackClassifier predicts
nlu_fallback and the assistant asks the person to say it another way, and it drops DIET's guessed
entities. The words of the training data are learnt at training time and stored with the model.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_VALUE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.known_words import KnownWords, danish_word_forms, words

VOCABULARY_FILE = "vocabulary.json"
KEPT_EXTRACTORS = ("CatalogueEntityExtractor",)  # the catalogue's exact names are real words


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True, model_from="SpacyNLP"
)
class NonsenseGuard(GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [spacy_utils.SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Intents whose messages are not Danish on purpose (English text is answered in Danish).
        return {"keep_intents": ["speak_english"]}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[List[str]] = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._vocabulary = sorted(set(vocabulary or []))
        self._known: Optional[KnownWords] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "NonsenseGuard":
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "NonsenseGuard":
        vocabulary: List[str] = []
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            pass
        return cls({**cls.get_default_config(), **config}, model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData, model: SpacyModel) -> Resource:
        found = set()
        for example in training_data.training_examples:
            found.update(words(example.get(TEXT) or ""))
            for entity in example.get(ENTITIES) or []:
                found.update(words(str(entity.get(ENTITY_ATTRIBUTE_VALUE, ""))))
        for synonym, value in training_data.entity_synonyms.items():
            found.update(words(synonym) + words(str(value)))
        self._vocabulary = sorted(found)
        with self._storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(self._vocabulary, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def _known_words(self, model: SpacyModel) -> KnownWords:
        if self._known is None:
            self._known = KnownWords(danish_word_forms(model.model), self._vocabulary)
        return self._known

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        keep = set(self._config.get("keep_intents") or [])
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT)
            if not text or not intent or intent.get("name") in keep:
                continue
            if not self._known_words(model).is_nonsense(text):
                continue
            message.set(INTENT, {**intent, "confidence": 0.0}, add_to_output=True)
            entities = [e for e in message.get(ENTITIES) or [] if e.get("extractor") in KEPT_EXTRACTORS]
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
