"""The validated catalogue as one object, with lookups by id and by name or synonym."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

from . import fixed_ids
from .forms import fold_form, normalise_form
from .models import (
    Area,
    Concept,
    DigComp,
    DigCompCompetence,
    Dimension,
    HelpFacet,
    HelpTopic,
    Level,
    Offer,
    Practice,
    ReadinessCheck,
    Role,
    TargetGroup,
    Taxonomy,
    Theme,
    Wheel,
)

# Kinds of entries that have names and synonyms, as used by lookups and NLU data.
KINDS = ("role", "area", "dimension", "theme", "target_group", "level", "practice", "help_topic", "offer")
# The kinds that are entities in messages (NLU entity names); their values are catalogue ids.
ENTITY_KINDS = ("role", "area", "dimension", "level", "theme", "target_group")


@dataclass
class Catalogue:
    path: Path
    levels: Tuple[Level, ...]
    wheel: Wheel
    digcomp: DigComp
    taxonomy: Taxonomy
    roles: Dict[str, Role]
    practices: Dict[str, Practice]
    offers: Dict[str, Offer]
    help_topics: Dict[str, HelpTopic]
    # borgerhjaelp.yml: facetter, the follow-up questions a citizen topic answers (id -> facet)
    help_facets: Dict[str, HelpFacet] = field(default_factory=dict)
    # begreber/: definitions (digital parathed, initiativ 7.3, ...); not a KIND, so no NLU entity
    concepts: Dict[str, Concept] = field(default_factory=dict)
    # parathedstest.yml: the readiness check's areas and which area each question counts in
    readiness: Optional[ReadinessCheck] = None
    fingerprint: str = ""
    # Warnings that do not stop the catalogue from being used (e.g. an entry the format requires is
    # still missing while the content is being written).
    warnings: List[str] = field(default_factory=list)

    # --- by id ---------------------------------------------------------------------------------
    @cached_property
    def levels_by_id(self) -> Dict[str, Level]:
        return {level.id: level for level in self.levels}

    @cached_property
    def dimensions(self) -> Dict[str, Dimension]:
        return {dimension.id: dimension for dimension in self.wheel.dimensions}

    @cached_property
    def areas(self) -> Dict[str, Area]:
        """The twelve wheel areas in wheel order."""
        return {area.id: area for dimension in self.wheel.dimensions for area in dimension.areas}

    @cached_property
    def area_dimension(self) -> Dict[str, str]:
        return {area.id: dimension.id for dimension in self.wheel.dimensions for area in dimension.areas}

    @cached_property
    def themes(self) -> Dict[str, Theme]:
        return {theme.id: theme for theme in self.taxonomy.themes}

    @cached_property
    def target_groups(self) -> Dict[str, TargetGroup]:
        return {group.id: group for group in self.taxonomy.target_groups}

    @cached_property
    def digcomp_competences(self) -> Dict[str, DigCompCompetence]:
        return {c.id: c for area in self.digcomp.areas for c in area.competences}

    def role(self, role_id: str) -> Optional[Role]:
        return self.roles.get(role_id)

    def role_examples(self, target_group: str = fixed_ids.STAFF_GROUP) -> List[Role]:
        """The roles named as examples of a target group, in the catalogue's order (taksonomi.yml:
        rolleeksempler); the staff group's are offered when a person has not said which role."""
        group = self.target_groups.get(target_group)
        return [self.roles[r] for r in (group.role_examples if group else []) if r in self.roles]

    @cached_property
    def leader_groups(self) -> FrozenSet[str]:
        """The target groups whose entries are for leaders: the leaders' group (fixed_ids.LEADER_GROUP) and
        the other groups of the roles in it (roller/<id>.yml: målgrupper), e.g. hr for the HR chief and
        digitaliseringsansvarlige for the digitalisation chief. The staff group is never one of them."""
        groups = {group for role in self.roles.values() if fixed_ids.LEADER_GROUP in role.target_groups
                  for group in role.target_groups}
        return frozenset(groups | {fixed_ids.LEADER_GROUP}) - {fixed_ids.STAFF_GROUP}

    def practices_for(self, theme: Optional[str] = None, target_group: Optional[str] = None) -> List[Practice]:
        return [
            practice
            for practice in self.practices.values()
            if (theme is None or theme in practice.themes)
            and (target_group is None or target_group in practice.target_groups)
        ]

    # --- names and synonyms ---------------------------------------------------------------------
    def entries(self, kind: str) -> Dict[str, object]:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {KINDS}")
        return {
            "role": self.roles,
            "area": self.areas,
            "dimension": self.dimensions,
            "theme": self.themes,
            "target_group": self.target_groups,
            "level": self.levels_by_id,
            "practice": self.practices,
            "help_topic": self.help_topics,
            "offer": self.offers,
        }[kind]

    def display_name(self, kind: str, entry_id: str) -> str:
        entry = self.entries(kind)[entry_id]
        return getattr(entry, "name", None) or getattr(entry, "title")

    def surface_forms(self, kind: str) -> Dict[str, List[str]]:
        """id -> [name, synonym, ...] as written in the catalogue (duplicates removed, name first)."""
        out: Dict[str, List[str]] = {}
        for entry_id, entry in self.entries(kind).items():
            forms: List[str] = []
            seen = set()
            for form in [self.display_name(kind, entry_id), *getattr(entry, "synonyms", [])]:
                key = normalise_form(form)
                if key and key not in seen:
                    seen.add(key)
                    forms.append(form)
            out[entry_id] = forms
        return out

    @cached_property
    def _lookup(self) -> Dict[str, Tuple[Dict[str, str], Dict[str, str]]]:
        tables = {}
        for kind in KINDS:
            exact: Dict[str, str] = {}
            folded: Dict[str, str] = {}
            for entry_id, forms in self.surface_forms(kind).items():
                for form in [entry_id, *forms]:
                    exact.setdefault(normalise_form(form), entry_id)
                    folded.setdefault(fold_form(form), entry_id)
            tables[kind] = (exact, folded)
        return tables

    def synonym_map(self, kind: str) -> Dict[str, str]:
        """Normalised id, name and synonyms -> id, for one kind."""
        return dict(self._lookup[kind][0])

    def resolve(self, kind: str, text: str) -> Optional[str]:
        """Id of the entry whose id, name or synonym is `text` (case, hyphens and æ/ae ignored)."""
        if text is None:
            return None
        exact, folded = self._lookup[kind]
        return exact.get(normalise_form(text)) or folded.get(fold_form(text))
