"""Turning a validated catalogue into rows for every KB table (deterministic order, no timestamps)."""
from __future__ import annotations

from typing import Dict, List

from sqlalchemy import Table

from ..catalogue import KINDS, Catalogue, fold_form, normalise_form
from . import schema
from .passages import catalogue_passages
from .search_index import documents, postings


def catalogue_rows(catalogue: Catalogue) -> Dict[Table, List[dict]]:
    rows: Dict[Table, List[dict]] = {table: [] for table in schema.metadata.sorted_tables}

    for position, level in enumerate(catalogue.levels):
        rows[schema.levels].append(dict(id=level.id, position=position, name=level.name,
                                        description=level.description,
                                        digcomp_levels=",".join(map(str, level.digcomp_levels)), source=level.source))
    wheel = catalogue.wheel
    rows[schema.frameworks].append(dict(id="kompetencehjulet", name=wheel.name, description=wheel.description,
                                        source=wheel.source))
    area_position = 0
    for position, dimension in enumerate(wheel.dimensions):
        rows[schema.dimensions].append(dict(id=dimension.id, position=position, name=dimension.name,
                                            description=dimension.description, source=dimension.source))
        for area in dimension.areas:
            rows[schema.areas].append(dict(id=area.id, position=area_position, dimension_id=dimension.id,
                                           name=area.name, name_from_kl=area.name_from_kl,
                                           description=area.description, source=area.source))
            area_position += 1
            for level in catalogue.levels:
                rows[schema.area_levels].append(dict(area_id=area.id, level_id=level.id,
                                                     description=area.levels.get(level.id)))
    for position, competence in enumerate(wheel.underlying):
        rows[schema.underlying].append(dict(id=competence.id, position=position, name=competence.name,
                                            description=competence.description))

    digcomp = catalogue.digcomp
    rows[schema.frameworks].append(dict(id="digcomp", name=digcomp.name, description=digcomp.description,
                                        source=digcomp.source))
    for area in digcomp.areas:
        rows[schema.digcomp_areas].append(dict(id=area.id, number=area.number, name=area.name,
                                               description=area.description, source=area.source))
        for position, competence in enumerate(area.competences):
            rows[schema.digcomp_competences].append(dict(id=competence.id, area_id=area.id, position=position,
                                                         name=competence.name, description=competence.description,
                                                         source=competence.source))
            for index, area_id in enumerate(competence.wheel_areas):
                rows[schema.digcomp_wheel].append(dict(competence_id=competence.id, area_id=area_id,
                                                       position=index))

    for table, entries in ((schema.themes, catalogue.taxonomy.themes),
                           (schema.target_groups, catalogue.taxonomy.target_groups)):
        for position, entry in enumerate(entries):
            rows[table].append(dict(id=entry.id, position=position, name=entry.name, description=entry.description))

    for role in catalogue.roles.values():
        rows[schema.roles].append(dict(id=role.id, name=role.name, summary=role.summary, source=role.source))
        for competence in role.competences:
            rows[schema.role_competences].append(dict(role_id=role.id, area_id=competence.area,
                                                      level_id=competence.level, in_practice=competence.in_practice))
        for position, text in enumerate(role.typical_situations):
            rows[schema.role_situations].append(dict(role_id=role.id, position=position, text=text))
        for position, practice_id in enumerate(role.practices):
            rows[schema.role_practices].append(dict(role_id=role.id, practice_id=practice_id, position=position))
        for position, offer_id in enumerate(role.offers):
            rows[schema.role_offers].append(dict(role_id=role.id, offer_id=offer_id, position=position))

    for practice in catalogue.practices.values():
        rows[schema.practices].append(dict(id=practice.id, title=practice.title, summary=practice.summary,
                                           source=practice.source))
        for position, theme_id in enumerate(practice.themes):
            rows[schema.practice_themes].append(dict(practice_id=practice.id, theme_id=theme_id, position=position))
        for position, group_id in enumerate(practice.target_groups):
            rows[schema.practice_targets].append(dict(practice_id=practice.id, target_group_id=group_id,
                                                      position=position))
        for kind, items in (("trin", practice.steps), ("forudsaetning", practice.prerequisites),
                            ("effektmaaling", practice.impact_measures)):
            for position, text in enumerate(items):
                rows[schema.practice_items].append(dict(practice_id=practice.id, kind=kind, position=position,
                                                        text=text))

    for position, offer in enumerate(catalogue.offers.values()):
        rows[schema.offers].append(dict(id=offer.id, position=position, name=offer.name, type=offer.type,
                                        description=offer.description, source=offer.source))
        for index, group_id in enumerate(offer.target_groups):
            rows[schema.offer_targets].append(dict(offer_id=offer.id, target_group_id=group_id, position=index))
        for index, area_id in enumerate(offer.areas):
            rows[schema.offer_areas].append(dict(offer_id=offer.id, area_id=area_id, position=index))

    for position, topic in enumerate(catalogue.help_topics.values()):
        rows[schema.help_topics].append(dict(id=topic.id, position=position, title=topic.title, answer=topic.answer,
                                             source=topic.source))
        for index, theme_id in enumerate(topic.themes):
            rows[schema.help_topic_themes].append(dict(topic_id=topic.id, theme_id=theme_id, position=index))
        for index, text in enumerate(topic.steps):
            rows[schema.help_topic_steps].append(dict(topic_id=topic.id, position=index, text=text))
        for facet_id, answer in topic.facets.items():
            rows[schema.help_topic_facets].append(dict(topic_id=topic.id, facet_id=facet_id, answer=answer))
    for position, facet in enumerate(catalogue.help_facets.values()):
        rows[schema.help_facets].append(dict(id=facet.id, position=position, question=facet.question,
                                             unknown=facet.unknown))
        for index, cue in enumerate(facet.cues):
            rows[schema.help_facet_cues].append(dict(facet_id=facet.id, position=index, cue=cue))

    for position, concept in enumerate(catalogue.concepts.values()):
        rows[schema.concepts].append(dict(id=concept.id, position=position, title=concept.title,
                                          definition=concept.definition, source=concept.source))
        for index, text in enumerate(concept.details):
            rows[schema.concept_items].append(dict(concept_id=concept.id, position=index, text=text))
        for index, related_id in enumerate(concept.related):
            rows[schema.concept_related].append(dict(concept_id=concept.id, related_id=related_id, position=index))
    for passage_id, passage in enumerate(catalogue_passages(catalogue)):
        rows[schema.passages].append(dict(passage_id=passage_id, **passage.__dict__))

    rows[schema.synonyms] = synonym_rows(catalogue)

    docs = documents(catalogue)
    for doc_id, (doc, weights) in enumerate(zip(docs, postings(docs))):
        rows[schema.search_documents].append(dict(doc_id=doc_id, kind=doc.kind, entity_id=doc.entity_id,
                                                  title=doc.title, summary=doc.summary, body=doc.body,
                                                  length=round(sum(weights.values()), 6)))
        for term, weight in weights.items():
            rows[schema.search_postings].append(dict(term=term, doc_id=doc_id, weight=round(weight, 6)))
    return rows


def synonym_rows(catalogue: Catalogue) -> List[dict]:
    rows = []
    for kind in KINDS:
        table: Dict[str, str] = {}
        # Exact forms first, so that a form written without æøå never hides another entry's real form.
        for normalise in (normalise_form, fold_form):
            for entity_id, forms in catalogue.surface_forms(kind).items():
                for form in [entity_id, *forms]:
                    key = normalise(form)
                    if key:
                        table.setdefault(key, entity_id)
        rows.extend(dict(kind=kind, form=form, entity_id=entity_id) for form, entity_id in sorted(table.items()))
    return rows
