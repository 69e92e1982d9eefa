"""Plain result types returned by the KB's query functions (no Rasa, no SQLAlchemy objects)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional, Tuple


class _Result:
    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Ref(_Result):
    """A named entry: id and its display name (or title)."""

    id: str
    name: str


@dataclass(frozen=True)
class LevelInfo(_Result):
    id: str
    name: str
    position: int  # 0 = grundlæggende ... 3 = ekspert
    description: str
    digcomp_levels: Tuple[int, ...]


@dataclass(frozen=True)
class RoleCompetence(_Result):
    area_id: str
    area_name: str
    dimension_id: str
    dimension_name: str
    level_id: str
    level_name: str
    level_position: int
    in_practice: str


@dataclass(frozen=True)
class RoleProfile(_Result):
    id: str
    name: str
    summary: str
    source: str
    competences: Tuple[RoleCompetence, ...]  # the twelve areas in wheel order
    typical_situations: Tuple[str, ...]
    practices: Tuple[Ref, ...]  # good practices, in the role's order
    offers: Tuple[Ref, ...]

    def competence(self, area_id: str) -> Optional[RoleCompetence]:
        return next((c for c in self.competences if c.area_id == area_id), None)


@dataclass(frozen=True)
class RoleArea(_Result):
    role_id: str
    role_name: str
    area_id: str
    area_name: str
    dimension_id: str
    dimension_name: str
    level: LevelInfo  # the level the role needs in this area
    in_practice: str  # what it means in this job
    level_description: str  # what the area means at that level (from the wheel)
    area_description: str


@dataclass(frozen=True)
class LevelComparison(_Result):
    role_area: RoleArea
    own_level: LevelInfo
    gap: int  # role's level position minus own position: > 0 means below the role's level

    @property
    def meets(self) -> bool:
        return self.gap <= 0


@dataclass(frozen=True)
class AreaLevelText(_Result):
    level_id: str
    level_name: str
    description: str


@dataclass(frozen=True)
class AreaInfo(_Result):
    id: str
    name: str
    name_from_kl: bool  # False: our own Danish rendering, not KL's wording
    dimension_id: str
    dimension_name: str
    description: str
    source: str
    levels: Tuple[AreaLevelText, ...]
    digcomp: Tuple[Ref, ...]  # DigComp competences that fit the area (id "1.1", name)
    offers: Tuple[Ref, ...]


@dataclass(frozen=True)
class DimensionInfo(_Result):
    id: str
    name: str
    description: str
    areas: Tuple[Ref, ...]


@dataclass(frozen=True)
class DigCompAreaInfo(_Result):
    id: str
    number: int
    name: str
    description: str
    competences: Tuple[Ref, ...]


@dataclass(frozen=True)
class DigCompOverview(_Result):
    name: str
    description: str
    source: str
    areas: Tuple[DigCompAreaInfo, ...]


@dataclass(frozen=True)
class FrameworkOverview(_Result):
    name: str
    description: str
    source: str
    dimensions: Tuple[DimensionInfo, ...]
    levels: Tuple[LevelInfo, ...]
    underlying: Tuple[Ref, ...]  # underlying competences (reading and writing, ...)
    digcomp: DigCompOverview


@dataclass(frozen=True)
class PracticeSummary(_Result):
    id: str
    title: str
    summary: str
    themes: Tuple[str, ...]  # theme ids
    target_groups: Tuple[str, ...]  # target group ids


@dataclass(frozen=True)
class PracticePage(_Result):
    items: Tuple[PracticeSummary, ...]
    total: int  # all matches, for "vis flere"
    offset: int
    limit: int
    exact: bool  # False: nothing matched both theme and target group, so these match either

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def next_offset(self) -> Optional[int]:
        return self.offset + len(self.items) if self.has_more else None


@dataclass(frozen=True)
class Practice(_Result):
    id: str
    title: str
    summary: str
    source: str
    themes: Tuple[Ref, ...]
    target_groups: Tuple[Ref, ...]
    steps: Tuple[str, ...]
    prerequisites: Tuple[str, ...]
    impact_measures: Tuple[str, ...]
    roles: Tuple[Ref, ...]  # roles that list this practice


@dataclass(frozen=True)
class Offer(_Result):
    id: str
    name: str
    type: str  # selvtest, kursus, e-læring, værktøj
    description: str
    source: str
    target_groups: Tuple[Ref, ...]
    areas: Tuple[Ref, ...]


@dataclass(frozen=True)
class HelpTopic(_Result):
    id: str
    title: str
    answer: str
    steps: Tuple[str, ...]
    source: str
    themes: Tuple[Ref, ...]
    facets: Tuple[Tuple[str, str], ...] = ()  # (facet id, answer) in the catalogue's order


@dataclass(frozen=True)
class HelpFacet(_Result):
    id: str
    question: str
    unknown: str
    cues: Tuple[str, ...]


@dataclass(frozen=True)
class SearchHit(_Result):
    kind: str  # role, area, dimension, level, digcomp, practice, offer, help_topic, theme, target_group
    id: str
    title: str
    snippet: str
    score: float
