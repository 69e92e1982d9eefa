"""Building the search index from the catalogue: one document per entry, weighted stems per document.

Weights: titles and names count 3, synonyms 2, summaries 1.5, other text 1. Parts of compound words
found in the catalogue's own vocabulary ("informations|sikkerhed") are indexed at half weight, so that
"sikkerhed" also finds "informationssikkerhed".
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Set, Tuple

from ..catalogue import Catalogue
from .danish_stemmer import stem
from .danish_text import MIN_PART, content_words, split_compound

TITLE, SYNONYM, SUMMARY, BODY = 3.0, 2.0, 1.5, 1.0
COMPOUND_PART = 0.5
MIN_COMPOUND = 7  # only words at least this long are split


@dataclass
class SearchDocument:
    kind: str
    entity_id: str
    title: str
    summary: str
    fields: List[Tuple[str, float]] = field(default_factory=list)
    snippet_texts: List[str] = field(default_factory=list)

    def add(self, weight: float, *texts: str, snippet: bool = True) -> None:
        """Index texts with a weight; running text (not names, synonyms or labels) may be shown as snippet."""
        for text in texts:
            if text:
                self.fields.append((text, weight))
                if snippet and weight <= SUMMARY:
                    self.snippet_texts.append(text)

    @property
    def body(self) -> str:
        return "\n".join(self.snippet_texts)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def documents(catalogue: Catalogue) -> List[SearchDocument]:
    docs: List[SearchDocument] = []
    theme_names = {t.id: t.name for t in catalogue.taxonomy.themes}
    group_names = {g.id: g.name for g in catalogue.taxonomy.target_groups}
    area_names = {a.id: a.name for a in catalogue.areas.values()}

    wheel = catalogue.wheel
    doc = SearchDocument("framework", "kompetencehjulet", wheel.name, wheel.description)
    doc.add(TITLE, wheel.name, "KL's kompetencehjul")
    doc.add(SUMMARY, wheel.description)
    doc.add(BODY, *(d.name for d in wheel.dimensions), snippet=False)
    docs.append(doc)
    digcomp = catalogue.digcomp
    doc = SearchDocument("framework", "digcomp", digcomp.name, digcomp.description)
    doc.add(TITLE, digcomp.name)
    doc.add(SUMMARY, digcomp.description)
    doc.add(BODY, *(a.name for a in digcomp.areas), snippet=False)
    docs.append(doc)

    for role in catalogue.roles.values():
        doc = SearchDocument("role", role.id, _capitalise(role.name), role.summary)
        doc.add(TITLE, role.name)
        doc.add(SYNONYM, *role.synonyms)
        doc.add(SUMMARY, role.summary)
        doc.add(BODY, *role.typical_situations, *(c.in_practice for c in role.competences))
        docs.append(doc)
    for dimension in catalogue.wheel.dimensions:
        doc = SearchDocument("dimension", dimension.id, dimension.name, dimension.description)
        doc.add(TITLE, dimension.name)
        doc.add(SYNONYM, *dimension.synonyms)
        doc.add(SUMMARY, dimension.description)
        doc.add(BODY, *(area.name for area in dimension.areas), snippet=False)
        docs.append(doc)
        for area in dimension.areas:
            doc = SearchDocument("area", area.id, area.name, area.description)
            doc.add(TITLE, area.name)
            doc.add(SYNONYM, *area.synonyms)
            doc.add(SUMMARY, area.description)
            doc.add(BODY, *(area.levels.get(level.id) for level in catalogue.levels))
            docs.append(doc)
    for level in catalogue.levels:
        doc = SearchDocument("level", level.id, level.name, level.description)
        doc.add(TITLE, level.name)
        doc.add(SYNONYM, *level.synonyms)
        doc.add(SUMMARY, level.description)
        docs.append(doc)
    for area in catalogue.digcomp.areas:
        for competence in area.competences:
            title = f"DigComp {competence.id} {competence.name}"
            doc = SearchDocument("digcomp", competence.id, title, competence.description)
            doc.add(TITLE, competence.name)
            doc.add(SUMMARY, competence.description)
            doc.add(BODY, area.name, *(area_names[a] for a in competence.wheel_areas if a in area_names),
                    snippet=False)
            docs.append(doc)
    for practice in catalogue.practices.values():
        doc = SearchDocument("practice", practice.id, practice.title, practice.summary)
        doc.add(TITLE, practice.title)
        doc.add(SYNONYM, *practice.synonyms)
        doc.add(SUMMARY, practice.summary)
        doc.add(BODY, *(theme_names.get(t, "") for t in practice.themes), snippet=False)
        doc.add(BODY, *(group_names.get(g, "") for g in practice.target_groups), snippet=False)
        doc.add(BODY, *practice.steps, *practice.prerequisites, *practice.impact_measures)
        docs.append(doc)
    for offer in catalogue.offers.values():
        doc = SearchDocument("offer", offer.id, offer.name, offer.description)
        doc.add(TITLE, offer.name)
        doc.add(SUMMARY, offer.description)
        doc.add(BODY, offer.type, *(group_names.get(g, "") for g in offer.target_groups), snippet=False)
        doc.add(BODY, *(area_names.get(a, "") for a in offer.areas), snippet=False)
        docs.append(doc)
    for topic in catalogue.help_topics.values():
        doc = SearchDocument("help_topic", topic.id, topic.title, topic.answer)
        doc.add(TITLE, topic.title)
        doc.add(SYNONYM, *topic.synonyms)
        doc.add(SUMMARY, topic.answer)
        doc.add(BODY, *topic.steps)
        doc.add(BODY, *(theme_names.get(t, "") for t in topic.themes), snippet=False)
        docs.append(doc)
    for kind, entries in (("theme", catalogue.taxonomy.themes), ("target_group", catalogue.taxonomy.target_groups)):
        for entry in entries:
            doc = SearchDocument(kind, entry.id, entry.name, entry.description)
            doc.add(TITLE, entry.name)
            doc.add(SYNONYM, *entry.synonyms)
            doc.add(SUMMARY, entry.description)
            docs.append(doc)
    return docs


def vocabulary(docs: List[SearchDocument]) -> Tuple[Set[str], Set[str]]:
    """Words and stems that occur in the catalogue (used to recognise compound parts)."""
    surface: Set[str] = set()
    for doc in docs:
        for text, _ in doc.fields:
            surface.update(w for w in content_words(text) if len(w) >= MIN_PART and not w.isdigit())
    return surface, {stem(w) for w in surface}


def postings(docs: List[SearchDocument]) -> List[Dict[str, float]]:
    """For each document, stem -> weighted term frequency."""
    surface, stems = vocabulary(docs)

    def known(part: str) -> bool:
        return part in surface or stem(part) in stems

    split_cache: Dict[str, List[str]] = {}
    result = []
    for doc in docs:
        weights: Dict[str, float] = defaultdict(float)
        for text, weight in doc.fields:
            for word in content_words(text):
                weights[stem(word)] += weight
                if len(word) >= MIN_COMPOUND:
                    if word not in split_cache:
                        split_cache[word] = split_compound(word, lambda p: p != word and known(p)) or []
                    for part in split_cache[word]:
                        weights[stem(part)] += weight * COMPOUND_PART
        result.append(dict(sorted(weights.items())))
    return result
