"""Tells an English message from a Danish one, so English speakers get the one line that tells them
where to get help (speak_english) instead of a Danish answer to what the words mean.

The multilingual sentence encoder reads "how do I get MitID" as a question about getting MitID, which
is right in meaning but wrong for the person, who may not read the Danish answer. A message is taken
as English when most of its words are common English words (spaCy's English stop words plus a few
chat words) and they outnumber the words that are only Danish (spacy-lookups-data's Danish forms that
are not also English). Names like "MitID" and "Digital Post" are neither.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_override import overrule_intent
from bot.nlu.known_words import danish_word_forms, words

INTENT_NAME = "speak_english"
# Chat words that are not stop words in spaCy's English list.
CHAT_WORDS = frozenset({"hello", "hi", "hey", "thanks", "thank", "please", "morning", "evening", "sorry",
                        "english", "speak", "help", "need", "want", "understand", "danish", "language",
                        "bye", "goodbye", "yes", "hours", "opening", "appointment"})
# English words Danes write in Danish chat too ("hey", "bye", "yes please"): no sign of English alone.
LOAN_WORDS = frozenset({"hey", "hi", "bye", "yes", "ok", "okay", "sorry", "please", "super", "nice", "cool"})
MIN_SHARE = 0.5


@lru_cache(maxsize=1)
def english_words() -> FrozenSet[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | CHAT_WORDS


def looks_english(text: str, danish_forms: object) -> bool:
    found = words(text)
    if not found:
        return False
    english = [w for w in found if w in english_words() and w not in LOAN_WORDS]
    if not english or (len(english) == 1 and english[0] in danish_forms):  # type: ignore[operator]
        return False  # "hey", "bye bye", "mitid former" (one word that is Danish too)
    danish_only = [w for w in found if w not in english_words() and w in danish_forms]  # type: ignore[operator]
    return len(english) / len(found) >= MIN_SHARE and len(english) > len(danish_only)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False, model_from="SpacyNLP"
)
class EnglishGuard(GraphComponent):
    """Sets speak_english for a message that looks English (after the intent classifiers)."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [spacy_utils.SpacyNLP]

    def __init__(self) -> None:
        self._forms = None  # the Danish word forms, looked up once (building the set takes about a second)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EnglishGuard":
        return cls()

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        if self._forms is None:
            self._forms = danish_word_forms(model.model)
        forms = self._forms
        for message in messages:
            text = message.get(TEXT)
            if text and looks_english(text, forms):
                overrule_intent(message, INTENT_NAME)
        return messages
