"""The questions of "Er du klar til det digitale?", in the order they are asked.

Each answer is "ja", "lidt" or "nej". The buttons send plain words (their title), so a button and a
typed answer go the same way through answers.parse_answer. Eight questions count in the score, in five
areas; the last one (is there someone you trust who can help) does not: it only decides which advice
fits (read access and power of attorney need a person to give them to).

The questions' words (the questions, their button titles and hints) are responses in
domain/readiness_texts.yml; the areas, their names and which area each question counts in are the
catalogue's (parathedstest.yml). An editor can change both. The questions themselves and their order are
fixed (fixed_ids.READINESS_QUESTIONS): the form in domain/readiness.yml asks them in that order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.catalogue.fixed_ids import READINESS_QUESTIONS

ANSWERS = ("ja", "lidt", "nej")
FORM_NAME = "readiness_form"


def _check():
    """The readiness check in the catalogue in use (parathedstest.yml)."""
    from bot.catalogue.current import current_catalogue

    return current_catalogue().readiness


def _say(name: str, **values) -> str:
    """A response in domain/readiness_texts.yml or domain/content.yml: the words are content, not code."""
    from bot.content.responses import response_text

    return response_text(name, audience="citizen", **values)


@dataclass(frozen=True)
class Area:
    id: str
    name: str  # plain Danish as it stands inside a sentence, shown to citizens


def areas() -> Tuple[Area, ...]:
    """The check's areas in the catalogue's order (parathedstest.yml: områder)."""
    return tuple(Area(area.id, area.name) for area in _check().areas)


@dataclass(frozen=True)
class Question:
    key: str  # the catalogue's id with _ for - ("digital_post"): the slot and the responses are named by it

    @property
    def area(self) -> Optional[str]:
        """The area the question counts in (parathedstest.yml); None: it does not count in the score."""
        wanted = self.key.replace("_", "-")
        return next((q.area for q in _check().questions if q.id == wanted), None)

    @property
    def text(self) -> str:
        return _say(f"utter_readiness_question_{self.key}")

    @property
    def buttons(self) -> Tuple[str, ...]:
        """Titles for ja, lidt, nej (also what the button sends)."""
        return tuple(_say(f"utter_readiness_button_{self.key}_{answer}") for answer in ANSWERS)

    @property
    def hint(self) -> str:
        """One short sentence that explains the question if the answer was unclear."""
        return _say(f"utter_readiness_hint_{self.key}")

    @property
    def slot(self) -> str:
        return f"readiness_{self.key}"

    @property
    def scored(self) -> bool:
        return self.area is not None


QUESTIONS: Tuple[Question, ...] = tuple(Question(ident.replace("-", "_")) for ident in READINESS_QUESTIONS)

SLOTS: Tuple[str, ...] = tuple(q.slot for q in QUESTIONS)


def scored() -> Tuple[Question, ...]:
    """The questions that count in the score (those with an area in the catalogue)."""
    return tuple(q for q in QUESTIONS if q.scored)

_BY_SLOT: Dict[str, Question] = {q.slot: q for q in QUESTIONS}
_BY_KEY: Dict[str, Question] = {q.key: q for q in QUESTIONS}


def question_for_slot(slot: str) -> Optional[Question]:
    return _BY_SLOT.get(slot)


def question(key: str) -> Question:
    return _BY_KEY[key]


def number_of(q: Question) -> int:
    return QUESTIONS.index(q) + 1


def ask_text(q: Question, resumed: bool = False) -> str:
    """'Spørgsmål 3 af 9: …' (after a question in between: 'Tilbage til testen. …')."""
    prefix = _say("utter_readiness_resumed") if resumed else ""
    return _say("utter_readiness_question", prefix=prefix, number=number_of(q), total=len(QUESTIONS), question=q.text)


def buttons(q: Question) -> List[Dict[str, str]]:
    return [{"title": title, "payload": title} for title in q.buttons]


def answers_from_slots(slots: Dict[str, Optional[str]]) -> Dict[str, str]:
    """{question key: "ja"|"lidt"|"nej"} for the answered questions."""
    out: Dict[str, str] = {}
    for q in QUESTIONS:
        value = slots.get(q.slot)
        if value in ANSWERS:
            out[q.key] = value
    return out


# The introduction, "start again" and "stopped" are responses in domain/content.yml
# (utter_readiness_intro, utter_readiness_restart, utter_readiness_stopped).
def unclear_text(q: Question) -> str:
    return _say("utter_readiness_unclear", hint=q.hint)
