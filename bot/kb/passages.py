"""Sections of catalogue entries as passages for the semantic search (bot/kb/semantic.py).

A passage is one section of one entry that can answer a question on its own: a practice's resume, trin,
forudsætninger and effektmåling; a concept's definition and uddybning; a citizen topic's svar and trin;
an offer's beskrivelse. `text` is shown to the user as written in the catalogue (lists as numbered or
dashed lines); `search_text` is what the encoder sees: the entry's title and synonyms, then the section.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence

from ..catalogue import Catalogue

# Sections whose items are steps in order (numbered) rather than a set of points (dashed).
ORDERED = {"trin"}


@dataclass(frozen=True)
class Passage:
    kind: str
    entity_id: str
    section: str
    title: str
    text: str
    search_text: str
    source: str


def _items(section: str, items: Sequence[str]) -> str:
    if section in ORDERED:
        return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))
    return "\n".join(f"- {item}" for item in items)


def _passage(kind: str, entity_id: str, section: str, title: str, synonyms: Sequence[str], body, source: str) -> Passage:
    text = body if isinstance(body, str) else _items(section, body)
    plain = body if isinstance(body, str) else " ".join(body)
    head = title + (f" ({', '.join(synonyms)})" if synonyms else "")
    return Passage(kind, entity_id, section, title, text, f"{head}. {plain}", source)


def catalogue_passages(catalogue: Catalogue) -> List[Passage]:
    out: List[Passage] = []
    for practice in catalogue.practices.values():
        for section, body in (("resume", practice.summary), ("trin", practice.steps),
                              ("forudsaetninger", practice.prerequisites), ("effektmaaling", practice.impact_measures)):
            out.append(_passage("practice", practice.id, section, practice.title, practice.synonyms, body,
                                practice.source))
    for concept in catalogue.concepts.values():
        out.append(_passage("concept", concept.id, "definition", concept.title, concept.synonyms, concept.definition,
                            concept.source))
        if concept.details:
            out.append(_passage("concept", concept.id, "uddybning", concept.title, concept.synonyms, concept.details,
                                concept.source))
    for topic in catalogue.help_topics.values():
        out.append(_passage("help_topic", topic.id, "svar", topic.title, topic.synonyms, topic.answer, topic.source))
        out.append(_passage("help_topic", topic.id, "trin", topic.title, topic.synonyms, topic.steps, topic.source))
    for offer in catalogue.offers.values():
        out.append(_passage("offer", offer.id, "beskrivelse", offer.name, [], offer.description, offer.source))
    return out
