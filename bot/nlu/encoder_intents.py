"""A second opinion on the intent from the sentence encoder, blended with DIET's.

A logistic regression on the pretrained sentence vectors (bot/nlu/encoder.py) learns the intents from
the same training examples. It is good where DIET is weak (long messages, phrasings far from the
training words) and weaker on the short, deliberately hard examples DIET has memorised; the
blend `weight * encoder + (1 - weight) * DIET` takes the best of both. It runs after DIET and
rewrites the intent and the ranking; the FallbackClassifier after it sees the blended confidence.
The regression's numbers are stored with the model as plain arrays (no pickle).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.encoder import get_encoder

ARRAYS = "encoder_intents.npz"
RANKING = "intent_ranking"


def blend(diet_ranking: List[Dict[str, Any]], encoder_probs: Dict[str, float], weight: float) -> List[Dict[str, Any]]:
    """Blended ranking, best first: weight * encoder + (1 - weight) * DIET for every intent either knows."""
    diet = {r[INTENT_NAME_KEY]: float(r[PREDICTED_CONFIDENCE_KEY]) for r in diet_ranking if r.get(INTENT_NAME_KEY)}
    names = set(diet) | set(encoder_probs)
    scored = {n: weight * encoder_probs.get(n, 0.0) + (1 - weight) * diet.get(n, 0.0) for n in names}
    return [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: round(c, 6)}
            for n, c in sorted(scored.items(), key=lambda kv: -kv[1])]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EncoderIntentBlend(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # weight of the encoder's opinion; C is the regression's inverse regularisation strength.
        return {"weight": 0.5, "C": 10.0, "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 classes: Optional[List[str]] = None, coef: Optional[np.ndarray] = None,
                 intercept: Optional[np.ndarray] = None) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._classes = classes or []
        self._coef = coef
        self._intercept = intercept

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EncoderIntentBlend":
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "EncoderIntentBlend":
        config = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as directory:
                arrays = np.load(directory / ARRAYS, allow_pickle=False)
                return cls(config, model_storage, resource, [str(c) for c in arrays["classes"]],
                           arrays["coef"], arrays["intercept"])
        except (ValueError, FileNotFoundError, KeyError):
            return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        labels = [e.get(INTENT) for e in examples]
        if len(set(labels)) < 2:
            return self._resource
        vectors = get_encoder().queries([e.get(TEXT) for e in examples])
        model = LogisticRegression(C=float(self._config["C"]), max_iter=2000, class_weight="balanced")
        model.fit(vectors, labels)
        self._classes = [str(c) for c in model.classes_]
        self._coef, self._intercept = model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / ARRAYS, classes=np.array(self._classes), coef=self._coef, intercept=self._intercept)
        return self._resource

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self._coef.T + self._intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._coef is None:
            return messages
        todo = [m for m in messages if m.get(TEXT) and m.get(INTENT)]
        if not todo:
            return messages
        probs = self.probabilities(get_encoder().queries([m.get(TEXT) for m in todo]))
        for message, row in zip(todo, probs):
            ranking = blend(message.get(RANKING) or [message.get(INTENT)],
                            dict(zip(self._classes, map(float, row))), float(self._config["weight"]))
            ranking = ranking[: int(self._config["ranking_length"])]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(RANKING, ranking, add_to_output=True)
        return messages
