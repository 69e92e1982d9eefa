"""Pydantic models, one per catalogue file (see docs/catalogue-format.md).

Attribute names are English; the Danish keys of the YAML files are the field aliases. Models check what
can be checked inside one value (types, required fields, non-empty text, id pattern, list lengths, known
levels). Checks across entries and files live in bot/catalogue/checks.py.
"""
from __future__ import annotations

import re
from typing import ClassVar, Dict, List, Optional

from pydantic import BaseModel, Extra, Field, conlist

LEVEL_IDS = ("grundlaeggende", "oevet", "avanceret", "ekspert")
OFFER_TYPES = ("selvtest", "kursus", "e-læring", "værktøj")
_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DIGCOMP_ID_RE = re.compile(r"^[1-5]\.[1-9]$")


class Text(str):
    """Non-empty text; surrounding whitespace is removed."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise TypeError("skal være tekst")
        text = str(value).strip()
        if not text:
            raise ValueError("må ikke være tom")
        return text


class Id(str):
    """Lowercase id without æøå: letters a-z, digits and single hyphens."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError("id skal være tekst")
        text = str(value)
        if not _ID_RE.match(text):
            raise ValueError(
                f"ugyldigt id {text!r} (kun små bogstaver a-z, tal og bindestreg; æ skrives ae, "
                "ø skrives oe og å skrives aa)"
            )
        return text


class DigCompId(str):
    """DigComp competence number such as "2.4"."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        text = str(value) if isinstance(value, (str, float)) and not isinstance(value, bool) else None
        if text is None or not _DIGCOMP_ID_RE.match(text):
            raise ValueError(f"ugyldigt DigComp-nummer {value!r} (skal skrives som \"2.4\" i anførselstegn)")
        return text


class LevelId(str):
    """One of the four level ids."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        if value not in LEVEL_IDS:
            raise ValueError(f"ukendt niveau {value!r} (gyldige: {', '.join(LEVEL_IDS)})")
        return str(value)


class OfferType(str):
    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        if value not in OFFER_TYPES:
            raise ValueError(f"ukendt type {value!r} (gyldige: {', '.join(OFFER_TYPES)})")
        return str(value)


class DigCompLevel(int):
    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
            raise ValueError(f"ugyldigt DigComp-niveau {value!r} (skal være et heltal fra 1 til 8)")
        return int(value)


class Model(BaseModel):
    # Word used in the message for an unknown key (shown with the allowed keys).
    unknown_key_word: ClassVar[str] = "felt"

    class Config:
        extra = Extra.forbid
        frozen = True


# niveauer.yml
class Level(Model):
    id: Id
    name: Text = Field(alias="navn")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    # Words a person may answer with in the staff self-check ("ok", "meget god"), besides the name and
    # synonyms; not entities, so they may be ordinary words (bot/staff_check.py: parse_level)
    self_rating: List[Text] = Field(default_factory=list, alias="selvvurdering")
    description: Text = Field(alias="beskrivelse")
    digcomp_levels: conlist(DigCompLevel, min_items=1) = Field(alias="digcomp_niveauer")
    source: Optional[Text] = Field(None, alias="kilde")


class LevelsFile(Model):
    levels: conlist(Level, min_items=1) = Field(alias="niveauer")


# kompetencehjulet.yml
class AreaLevels(Model):
    """What an area means at each of the four levels; all four are required, nothing else allowed."""

    unknown_key_word: ClassVar[str] = "niveau"
    grundlaeggende: Text
    oevet: Text
    avanceret: Text
    ekspert: Text

    def get(self, level_id: str) -> str:
        return getattr(self, level_id)


class Area(Model):
    id: Id
    name: Text = Field(alias="navn")
    name_from_kl: bool = Field(alias="navn_fra_kl")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    description: Text = Field(alias="beskrivelse")
    levels: AreaLevels = Field(alias="niveauer")
    source: Text = Field(alias="kilde")


class Dimension(Model):
    id: Id
    name: Text = Field(alias="navn")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    description: Text = Field(alias="beskrivelse")
    areas: conlist(Area, min_items=1) = Field(alias="områder")
    source: Optional[Text] = Field(None, alias="kilde")


class UnderlyingCompetence(Model):
    id: Id
    name: Text = Field(alias="navn")
    description: Text = Field(alias="beskrivelse")
    source: Optional[Text] = Field(None, alias="kilde")


class Wheel(Model):
    name: Text = Field(alias="navn")
    description: Text = Field(alias="beskrivelse")
    source: Text = Field(alias="kilde")
    dimensions: conlist(Dimension, min_items=1) = Field(alias="dimensioner")
    underlying: List[UnderlyingCompetence] = Field(alias="underliggende_kompetencer")


# digcomp.yml
class DigCompCompetence(Model):
    id: DigCompId
    name: Text = Field(alias="navn")
    description: Text = Field(alias="beskrivelse")
    wheel_areas: List[Id] = Field(default_factory=list, alias="kompetencehjulet")
    source: Optional[Text] = Field(None, alias="kilde")


class DigCompArea(Model):
    id: Id
    number: int = Field(alias="nummer")
    name: Text = Field(alias="navn")
    description: Text = Field(alias="beskrivelse")
    competences: conlist(DigCompCompetence, min_items=1) = Field(alias="kompetencer")
    source: Optional[Text] = Field(None, alias="kilde")


class DigComp(Model):
    name: Text = Field(alias="navn")
    description: Text = Field(alias="beskrivelse")
    source: Text = Field(alias="kilde")
    areas: conlist(DigCompArea, min_items=1) = Field(alias="områder")


# taksonomi.yml
class TaxonomyEntry(Model):
    id: Id
    name: Text = Field(alias="navn")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    description: Text = Field(alias="beskrivelse")
    source: Optional[Text] = Field(None, alias="kilde")


class Theme(TaxonomyEntry):
    # The wheel's areas the theme speaks to: the staff self-check finds good practices for a gap in an
    # area through their themes (bot/staff_check.py). May be empty.
    areas: List[Id] = Field(default_factory=list, alias="områder")


class TargetGroup(TaxonomyEntry):
    # Roles (ids in roller/) named as examples of the group, in this order: those of the staff group
    # (fixed_ids.STAFF_GROUP) are offered as "Skriv fx ..." and as buttons when a person asks about a role
    # without naming one (bot/answers/dispatch.py). Each must be a role of the group. May be empty.
    role_examples: List[Id] = Field(default_factory=list, alias="rolleeksempler")


class Taxonomy(Model):
    themes: conlist(Theme, min_items=1) = Field(alias="temaer")
    target_groups: conlist(TargetGroup, min_items=1) = Field(alias="målgrupper")


# roller/<id>.yml
class RoleCompetence(Model):
    area: Id = Field(alias="område")
    level: LevelId = Field(alias="niveau")
    in_practice: Text = Field(alias="i_praksis")


class Role(Model):
    id: Id
    name: Text = Field(alias="navn")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    # The target groups (taksonomi.yml) the role belongs to, e.g. ledere: which training offers fit the
    # role, and who a leader is told to talk to (bot/training_offers.py, bot/staff_check.py)
    target_groups: conlist(Id, min_items=1) = Field(alias="målgrupper")
    summary: Text = Field(alias="resume")
    competences: conlist(RoleCompetence, min_items=1) = Field(alias="kompetencer")
    typical_situations: conlist(Text, min_items=3, max_items=5) = Field(alias="typiske_situationer")
    practices: List[Id] = Field(alias="gode_eksempler")
    offers: List[Id] = Field(alias="tilbud")
    source: Text = Field(alias="kilde")

    def competence(self, area_id: str) -> Optional[RoleCompetence]:
        return next((c for c in self.competences if c.area == area_id), None)


# gode-eksempler/<id>.yml
class Practice(Model):
    id: Id
    title: Text = Field(alias="titel")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    summary: Text = Field(alias="resume")
    target_groups: conlist(Id, min_items=1) = Field(alias="målgrupper")
    themes: conlist(Id, min_items=1) = Field(alias="temaer")
    steps: conlist(Text, min_items=3, max_items=6) = Field(alias="trin")
    prerequisites: conlist(Text, min_items=1) = Field(alias="forudsætninger")
    impact_measures: conlist(Text, min_items=1) = Field(alias="effektmåling")
    source: Text = Field(alias="kilde")


# begreber/<id>.yml (optional folder): short definitions of concepts and initiatives
class Concept(Model):
    id: Id
    title: Text = Field(alias="titel")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    definition: Text = Field(alias="definition")  # 2-4 sentences; say when it is our own wording
    details: conlist(Text, max_items=6) = Field(default_factory=list, alias="uddybning")
    related: List[Id] = Field(default_factory=list, alias="relaterede")  # ids of good practices or offers
    target_groups: conlist(Id, min_items=1) = Field(alias="målgrupper")
    source: Text = Field(alias="kilde")


# tilbud.yml
class Offer(Model):
    id: Id
    name: Text = Field(alias="navn")
    type: OfferType
    description: Text = Field(alias="beskrivelse")
    target_groups: conlist(Id, min_items=1) = Field(alias="målgrupper")
    areas: List[Id] = Field(default_factory=list, alias="områder")
    source: Text = Field(alias="kilde")


class OffersFile(Model):
    offers: conlist(Offer, min_items=1) = Field(alias="tilbud")


# borgerhjaelp.yml
class HelpFacet(Model):
    """Something people ask next about a citizen topic ("hvor længe gælder det?"); ids: fixed_ids.FACETS."""

    id: Id
    question: Text = Field(alias="spørgsmål")  # short, shown on a button
    cues: conlist(Text, min_items=1) = Field(alias="signalord")  # words that ask for this facet
    unknown: Text = Field(alias="ukendt")  # the answer for a topic that has no answer for this facet


class HelpTopic(Model):
    id: Id
    title: Text = Field(alias="titel")
    synonyms: List[Text] = Field(default_factory=list, alias="synonymer")
    themes: List[Id] = Field(default_factory=list, alias="temaer")
    # The citizens' question (intent, fixed_ids.CITIZEN_INTENTS) the topic answers; a button for the
    # topic asks with it. The first topic with an intent is the one a plain question gets.
    intent: Text = Field(alias="intent")
    # Topics offered as buttons under the answer (ids in this file)
    related: List[Id] = Field(default_factory=list, alias="se_også")
    answer: Text = Field(alias="svar")
    steps: conlist(Text, min_items=1) = Field(alias="trin")
    # facet id -> the answer to that follow-up question about this topic
    facets: Dict[Id, Text] = Field(default_factory=dict, alias="facetter")
    source: Text = Field(alias="kilde")


class HelpFile(Model):
    facets: List[HelpFacet] = Field(default_factory=list, alias="facetter")
    topics: conlist(HelpTopic, min_items=1) = Field(alias="emner")


# parathedstest.yml: the citizens' readiness check (bot/readiness/); its words are in domain/readiness_texts.yml
class ReadinessArea(Model):
    id: Id
    name: Text = Field(alias="navn")  # as it stands inside a sentence: lower case unless a name


class ReadinessQuestion(Model):
    id: Id  # fixed_ids.READINESS_QUESTIONS, in that order
    area: Optional[Id] = Field(None, alias="område")  # None: the question does not count in the result


class ReadinessCheck(Model):
    areas: conlist(ReadinessArea, min_items=1) = Field(alias="områder")
    questions: conlist(ReadinessQuestion, min_items=1) = Field(alias="spørgsmål")


# Which model each file is read with. Folders hold one entry per file.
SINGLE_FILES: Dict[str, type] = {
    "niveauer.yml": LevelsFile,
    "kompetencehjulet.yml": Wheel,
    "digcomp.yml": DigComp,
    "taksonomi.yml": Taxonomy,
    "tilbud.yml": OffersFile,
    "borgerhjaelp.yml": HelpFile,
    "parathedstest.yml": ReadinessCheck,
}
FOLDERS: Dict[str, type] = {
    "roller": Role,
    "gode-eksempler": Practice,
    "begreber": Concept,
}
# Folders a catalogue may leave out (an older catalogue without them is still valid).
OPTIONAL_FOLDERS = ("begreber",)
