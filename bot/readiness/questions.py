"""The questions of "Er du klar til det digitale?", in the order they are asked.

Each answer is "ja", "lidt" or "nej". The buttons send plain words (their title), so a button and a
typed answer go the same way through answers.parse_answer. Eight questions count in the score, in five
areas; the last one (is there someone you trust who can help) does not: it only decides which advice
fits (read access and power of attorney need a person to give them to).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

ANSWERS = ("ja", "lidt", "nej")
FORM_NAME = "readiness_form"


@dataclass(frozen=True)
class Area:
    id: str
    name: str  # plain Danish, shown to citizens


AREAS: Tuple[Area, ...] = (
    Area("adgang", "udstyr og internet"),
    Area("mitid", "MitID"),
    Area("post-selvbetjening", "Digital Post og selvbetjening"),
    Area("sikkerhed", "at undgå svindel"),
    Area("hjaelp", "at finde hjælp"),
)
AREA_BY_ID: Dict[str, Area] = {area.id: area for area in AREAS}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    buttons: Tuple[str, str, str]  # titles for ja, lidt, nej (also what the button sends)
    area: Optional[str]  # None: does not count in the score
    hint: str  # one short sentence that explains the question if the answer was unclear

    @property
    def slot(self) -> str:
        return f"readiness_{self.key}"

    @property
    def scored(self) -> bool:
        return self.area is not None


QUESTIONS: Tuple[Question, ...] = (
    Question(
        "enhed",
        "Bruger du en computer, en tablet eller en smartphone?",
        ("Ja", "Lidt", "Nej"),
        "adgang",
        "En smartphone er en mobiltelefon med skærm, hvor du kan bruge apps.",
    ),
    Question(
        "internet",
        "Har du internet, der virker, derhjemme eller på telefonen?",
        ("Ja", "Nogle gange", "Nej"),
        "adgang",
        "Svar ja, hvis du kan gå på nettet, når du har brug for det.",
    ),
    Question(
        "mitid",
        "Har du MitID, og kan du selv logge på med det?",
        ("Ja", "Med hjælp", "Nej"),
        "mitid",
        "MitID er det, du bruger til at logge på fx borger.dk og din netbank.",
    ),
    Question(
        "digital_post",
        "Kan du selv læse din Digital Post, fx på mit.dk eller i e-Boks?",
        ("Ja", "Med hjælp", "Nej"),
        "post-selvbetjening",
        "Digital Post er breve fra kommunen og andre offentlige steder, som du læser på nettet.",
    ),
    Question(
        "selvbetjening",
        "Kan du selv bruge borger.dk, fx til at søge om noget eller se dine oplysninger?",
        ("Ja", "Med hjælp", "Nej"),
        "post-selvbetjening",
        "På borger.dk kan du selv ordne mange ting med det offentlige.",
    ),
    Question(
        "booking",
        "Kan du selv bestille en tid i borgerservice, fx på kommunens hjemmeside?",
        ("Ja", "Med hjælp", "Nej"),
        "post-selvbetjening",
        "Borgerservice er kommunens sted, hvor du kan få personlig hjælp.",
    ),
    Question(
        "svindel",
        "Kan du se, om en sms, en mail eller et opkald er falsk og vil snyde dig?",
        ("Ja", "Ikke altid", "Nej"),
        "sikkerhed",
        "Svindlere sender fx falske beskeder for at få fat i dit MitID eller dine penge.",
    ),
    Question(
        "hjaelp",
        "Ved du, hvor du kan få hjælp, hvis du går i stå med noget digitalt?",
        ("Ja", "Lidt", "Nej"),
        "hjaelp",
        "Svar ja, hvis du ved, hvor du kan spørge, fx på biblioteket eller i borgerservice.",
    ),
    Question(
        "hjaelper",
        "Har du en, du stoler på, som kan hjælpe dig med det digitale, fx i familien?",
        ("Ja", "Nogle gange", "Nej"),
        None,
        "Det kan fx være en datter, en søn, en nabo eller en god ven.",
    ),
)

SLOTS: Tuple[str, ...] = tuple(q.slot for q in QUESTIONS)
SCORED: Tuple[Question, ...] = tuple(q for q in QUESTIONS if q.scored)
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
    from bot.content.responses import response_text  # the words are in domain/content.yml

    prefix = response_text("utter_readiness_resumed") if resumed else ""
    return response_text("utter_readiness_question", prefix=prefix, number=number_of(q), total=len(QUESTIONS),
                         question=q.text)


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
UNCLEAR = "Det forstod jeg ikke helt. Svar ja, lidt eller nej. {hint}"


def unclear_text(q: Question) -> str:
    return UNCLEAR.format(hint=q.hint)
