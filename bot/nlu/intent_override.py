"""One intent for sure, whatever the classifiers said: used by the guards that recognise a kind of message
by its form (English, a team code) after DIET and the encoder have ranked the intents."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message

RANKING = "intent_ranking"


def overrule_intent(message: Message, name: str) -> None:
    """Set `name` with confidence 1.0 and put it first in the ranking (the rest keep their order)."""
    intent = {"name": name, "confidence": 1.0}
    ranking = [intent] + [r for r in message.get(RANKING) or [] if r.get("name") != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(RANKING, ranking[:10], add_to_output=True)
