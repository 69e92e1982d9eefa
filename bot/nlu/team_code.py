"""A message with a team code in it is sharing with the team (intent team_share), whatever else the
understanding made of a string of random letters ("abcd-efgh-jkmn-pqrs" was sometimes out_of_scope, and
the person got "Det kan jeg desværre ikke svare på" instead of the consent question). A leader's summary
code has the same shape and is answered by the same action (actions/team.py)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.content.team_code import code_in
from bot.nlu.intent_override import overrule_intent

INTENT_NAME = "team_share"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TeamCodeGuard(GraphComponent):
    """Sets team_share for a message with a team code (after the intent classifiers)."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TeamCodeGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if code_in(message.get(TEXT) or ""):
                overrule_intent(message, INTENT_NAME)
        return messages
