"""The shapes that go in and out of bot.answers.answer: a Request in, a Reply out (the messages, in the
bot's one message type bot.content.message.Message, and the Context the conversation remembers)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

from bot.catalogue import ENTITY_KINDS as KINDS  # the entities the knowledge base understands
from bot.content.message import Message


@dataclass
class Context:
    """What the last answer was about, kept between turns (Rasa slot `kb_context`)."""

    topic: Optional[str] = None  # role, role_area, area, dimension, level, framework, digcomp, practices, practice, search
    params: Dict[str, str] = field(default_factory=dict)  # kind -> id used for that answer
    listed: List[List[str]] = field(default_factory=list)  # [[kind, id], ...] numbered in the last list
    offset: int = 0  # where the last page of practices started
    expanded: bool = False  # the "vis mere" part of the last answer has been shown

    def to_slot(self) -> dict:
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Optional[dict]) -> "Context":
        if not isinstance(value, dict):
            return cls()
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except TypeError:
            return cls()


@dataclass
class Request:
    intent: str
    entities: Dict[str, str]  # kind -> catalogue id, already resolved
    text: str = ""
    context: Context = field(default_factory=Context)
    audience: str = "staff"
    # A second role or area asked about in the same question ("sygeplejersker og pædagoger"): kind -> id.
    also: Dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    messages: List[Message]  # sent one after the other (actions/sending.py); buttons on the last one
    context: Context = field(default_factory=Context)

    @property
    def texts(self) -> List[str]:
        """What the person reads, message by message."""
        return [message.text for message in self.messages]
