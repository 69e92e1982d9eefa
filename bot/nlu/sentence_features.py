"""Dense sentence features from the pretrained sentence encoder (bot/nlu/encoder.py) for DIET.

The encoder gives one vector per message (multilingual-e5-small, 384 dimensions), which carries the
meaning of long, misspelled and unusual phrasings that the count features of the training words
miss. It is added as a *sentence* feature only: DIET combines it with the sparse sentence features of
the CountVectorsFeaturizers and, since the dimensions differ, projects both to its concat dimension.
No sequence features are added (a copy of the sentence vector per token would only cost memory).

The text the encoder reads is the normalised text the rest of the pipeline reads (see
bot/nlu/normaliser.py).
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.encoder import check_trained_with, get_encoder

BATCH = 64
ENCODER_FILE = "encoder.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the sentence encoder's vector of a message's text as a dense sentence feature.

    "Training" only records which encoder made the vectors; a model loaded on a machine with another
    encoder stops with a clear message instead of answering from meaningless features."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["numpy"]

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage = None,
                 resource: Resource = None) -> None:
        super().__init__(name, config)
        self._storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SentenceEncoderFeaturizer":
        try:
            with model_storage.read_from(resource) as directory:
                trained_with = json.loads((directory / ENCODER_FILE).read_text(encoding="utf-8"))["name"]
        except (ValueError, KeyError, FileNotFoundError):
            trained_with = ""
        check_trained_with(trained_with)
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        with self._storage.write_to(self._resource) as directory:
            (directory / ENCODER_FILE).write_text(json.dumps({"name": get_encoder().name}), encoding="utf-8")
        return self._resource

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        encoder = get_encoder()
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            vectors = encoder.queries([m.get(TEXT) for m in batch])
            for message, vector in zip(batch, vectors):
                message.add_features(
                    Features(
                        np.asarray(vector, dtype=np.float32)[None, :],
                        FEATURE_TYPE_SENTENCE,
                        TEXT,
                        self._identifier,
                    )
                )

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data
