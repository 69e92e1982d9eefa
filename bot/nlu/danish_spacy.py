"""Rasa's SpacyNLP, fed with the project's resolved Danish pipeline (see bot.nlu.danish_nlp)."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

from bot.nlu.danish_nlp import shared_pipeline


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Rasa's SpacyNLP with the project's Danish pipeline. Provides da_core_news_sm when installed, otherwise the project's blank-Danish pipeline.

    The `model` option of SpacyNLP is not used: which pipeline is used is decided in one place.
    The class keeps the name SpacyNLP because Rasa's recipe wires SpacyTokenizer to the component
    of that name.
    """

    @staticmethod
    def load_model(spacy_model_name: Optional[Text] = None) -> SpacyModel:
        pipeline = shared_pipeline()
        return SpacyModel(model=pipeline.nlp, model_name=pipeline.fingerprint)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SpacyNLP":
        model = cls.load_model()
        return cls(model, {**cls.get_default_config(), **config})
