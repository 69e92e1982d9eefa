"""Tables of the knowledge base (SQLAlchemy Core). Every table name starts with kb_ so the KB can share
a database with Rasa's tracker store. Positions keep the catalogue's order."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, Table, Text

# Bump when tables or the search index change, so existing knowledge bases are rebuilt.
SCHEMA_VERSION = "2"  # 2: kb_concepts, kb_concept_items, kb_passages

metadata = MetaData()


def _id(name: str = "id") -> Column:
    return Column(name, Text, primary_key=True)


def _ref(name: str, primary: bool = True) -> Column:
    return Column(name, Text, primary_key=primary, nullable=False)


def _text(name: str, nullable: bool = False) -> Column:
    return Column(name, Text, nullable=nullable)


def _position() -> Column:
    return Column("position", Integer, nullable=False)


meta = Table("kb_meta", metadata, _id("key"), _text("value"))

levels = Table("kb_levels", metadata, _id(), _position(), _text("name"), _text("description"),
               _text("digcomp_levels"), _text("source", True))
dimensions = Table("kb_dimensions", metadata, _id(), _position(), _text("name"), _text("description"),
                   _text("source", True))
areas = Table("kb_areas", metadata, _id(), _position(), _text("dimension_id"), _text("name"),
              Column("name_from_kl", Boolean, nullable=False), _text("description"), _text("source"))
area_levels = Table("kb_area_levels", metadata, _ref("area_id"), _ref("level_id"), _text("description"))
frameworks = Table("kb_frameworks", metadata, _id(), _text("name"), _text("description"), _text("source"))
underlying = Table("kb_underlying_competences", metadata, _id(), _position(), _text("name"), _text("description"))
digcomp_areas = Table("kb_digcomp_areas", metadata, _id(), Column("number", Integer, nullable=False),
                      _text("name"), _text("description"), _text("source", True))
digcomp_competences = Table("kb_digcomp_competences", metadata, _id(), _text("area_id"), _position(),
                            _text("name"), _text("description"), _text("source", True))
digcomp_wheel = Table("kb_digcomp_wheel", metadata, _ref("competence_id"), _ref("area_id"), _position())

roles = Table("kb_roles", metadata, _id(), _text("name"), _text("summary"), _text("source"))
role_competences = Table("kb_role_competences", metadata, _ref("role_id"), _ref("area_id"),
                         _text("level_id"), _text("in_practice"))
role_situations = Table("kb_role_situations", metadata, _ref("role_id"), Column("position", Integer, primary_key=True),
                        _text("text"))
role_practices = Table("kb_role_practices", metadata, _ref("role_id"), _ref("practice_id"), _position())
role_offers = Table("kb_role_offers", metadata, _ref("role_id"), _ref("offer_id"), _position())

themes = Table("kb_themes", metadata, _id(), _position(), _text("name"), _text("description"))
target_groups = Table("kb_target_groups", metadata, _id(), _position(), _text("name"), _text("description"))

practices = Table("kb_practices", metadata, _id(), _text("title"), _text("summary"), _text("source"))
practice_themes = Table("kb_practice_themes", metadata, _ref("practice_id"), _ref("theme_id"), _position())
practice_targets = Table("kb_practice_target_groups", metadata, _ref("practice_id"), _ref("target_group_id"),
                         _position())
# kind: "trin", "forudsaetning" or "effektmaaling"
practice_items = Table("kb_practice_items", metadata, _ref("practice_id"), _ref("kind"),
                       Column("position", Integer, primary_key=True), _text("text"))

offers = Table("kb_offers", metadata, _id(), _position(), _text("name"), _text("type"), _text("description"),
               _text("source"))
offer_targets = Table("kb_offer_target_groups", metadata, _ref("offer_id"), _ref("target_group_id"), _position())
offer_areas = Table("kb_offer_areas", metadata, _ref("offer_id"), _ref("area_id"), _position())

help_topics = Table("kb_help_topics", metadata, _id(), _position(), _text("title"), _text("answer"), _text("source"))
help_topic_themes = Table("kb_help_topic_themes", metadata, _ref("topic_id"), _ref("theme_id"), _position())
help_topic_steps = Table("kb_help_topic_steps", metadata, _ref("topic_id"), Column("position", Integer, primary_key=True),
                         _text("text"))

# borgerhjaelp.yml: the follow-up questions (facetter) and each citizen topic's answer to them
help_facets = Table("kb_help_facets", metadata, _id(), _position(), _text("question"), _text("unknown"))
help_facet_cues = Table("kb_help_facet_cues", metadata, _ref("facet_id"), Column("position", Integer, primary_key=True),
                        _text("cue"))
help_topic_facets = Table("kb_help_topic_facets", metadata, _ref("topic_id"), _ref("facet_id"), _text("answer"))

# kind: role, area, dimension, theme, target_group, level, practice, help_topic, offer;
# form: normalised name, synonym or id (and the same written without æøå).
synonyms = Table("kb_synonyms", metadata, _ref("kind"), _ref("form"), _text("entity_id"))

search_documents = Table("kb_search_documents", metadata, Column("doc_id", Integer, primary_key=True),
                         _text("kind"), _text("entity_id"), _text("title"), _text("summary"), _text("body"),
                         Column("length", Float, nullable=False))
search_postings = Table("kb_search_postings", metadata, _ref("term"),
                        Column("doc_id", Integer, primary_key=True), Column("weight", Float, nullable=False))

# begreber/<id>.yml: definitions; items are the "uddybning" points
concepts = Table("kb_concepts", metadata, _id(), _position(), _text("title"), _text("definition"), _text("source"))
concept_items = Table("kb_concept_items", metadata, _ref("concept_id"), Column("position", Integer, primary_key=True),
                      _text("text"))
concept_related = Table("kb_concept_related", metadata, _ref("concept_id"), _ref("related_id"), _position())

# Sections of entries that answer a free question on their own (semantic search, bot/kb/semantic.py).
# kind: practice, concept, help_topic, offer; section: resume, trin, forudsaetninger, effektmaaling,
# definition, uddybning, svar, beskrivelse. `text` is what the user reads; `search_text` is what is encoded.
passages = Table("kb_passages", metadata, Column("passage_id", Integer, primary_key=True), _text("kind"),
                 _text("entity_id"), _text("section"), _text("title"), _text("text"), _text("search_text"),
                 _text("source"))
