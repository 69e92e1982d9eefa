"""The citizens' readiness check, "Er du klar til det digitale?".

    questions.py  the nine questions (slot, text, buttons, which area they count in: parathedstest.yml)
    answers.py    free text and buttons -> "ja", "lidt" or "nej"
    scoring.py    points, percent and the DigCompSAT-style band
    advice.py     what to do next, drawn from the catalogue's citizen help topics and offers
                  (the knowledge base comes from bot/kb/ready.py, built from the catalogue on first use)

Everything here is plain Python, tested without Rasa; actions/readiness.py is the thin Rasa side.
"""
from .answers import is_question, parse_answer
from .questions import QUESTIONS, SLOTS, areas, question_for_slot, scored
from .scoring import Band, Score, score

__all__ = ["Band", "QUESTIONS", "SLOTS", "Score", "areas", "is_question", "parse_answer", "question_for_slot", "score",
           "scored"]
