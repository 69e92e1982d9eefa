"""The one message type the bot answers in. Every feature (the knowledge base's answers and follow-ups,
citizen help, the readiness check, the staff check, leaders' questions, training offers) gives its
answer as Messages, and actions/sending.py sends them, one chat message each.

A message is either a text that bot/ has put together from domain responses and catalogue text:

    Message("Sådan får du MitID …", [button("MitID uden smartphone", "/citizen_…")])

or a response in domain/*.yml that Rasa fills with variables (choosing the variant for the audience):

    Message.from_response("utter_leadership_trin", [button("Kort fortalt", "/ask_leadership{…}")],
                          title=..., section=..., source=...)

Buttons are in Rasa's own shape ({"title", "payload"}) and come after the response's own buttons, if it
has any. message.to_dict() is what Rasa gets: {"text": ...} or {"response": ..., <variables>}, with
"buttons" only when there are some.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional


@dataclass
class Message:
    text: str = ""
    buttons: List[Dict[str, str]] = field(default_factory=list)
    response: Optional[str] = None  # a response in domain/*.yml; then `text` is not used
    variables: Dict[str, Any] = field(default_factory=dict)  # filled into the response

    @classmethod
    def from_response(cls, response: str, buttons: Iterable[Dict[str, str]] = (), **variables: Any) -> "Message":
        return cls(buttons=list(buttons), response=response, variables=dict(variables))

    def to_dict(self) -> Dict:
        out: Dict = {"response": self.response, **self.variables} if self.response else {"text": self.text}
        if self.buttons:
            out["buttons"] = self.buttons
        return out


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}

