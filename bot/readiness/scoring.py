"""Scoring in the style of DigCompSAT (JRC): the score is the average of the items, shown as a percent,
and the percent falls in one of four bands: lav 0-29 %, grundlæggende 30-47 %, øvet 48-80 %,
avanceret 81-100 % (the bands and their limits as the catalogue's offer `digcompsat` describes them).

Each scored question gives 2 points for "ja", 1 for "lidt" and 0 for "nej" (DigCompSAT's scale from
"I don't know how" to "with confidence" squeezed to three steps). Percent = points / (2 × answered
questions), rounded half up to a whole percent, and the band is read from the whole percent. The same
is done per area (the average of that area's questions).

Worked example: ja, ja, lidt, nej, ja, lidt, nej, ja -> 2+2+1+0+2+1+0+2 = 10 of 16 points = 62.5 %
-> 63 % -> øvet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Mapping, Tuple

from .questions import areas, scored

POINTS: Dict[str, int] = {"ja": 2, "lidt": 1, "nej": 0}
MAX_POINTS_PER_QUESTION = 2


@dataclass(frozen=True)
class Band:
    """A band has no name or text here: the citizen never sees points, percentages or band names, only
    the band's plain summary, the response utter_readiness_result_<id> (bot/readiness/advice.py)."""

    id: str  # same ids as the catalogue's levels where they exist
    low: int  # inclusive percent limits
    high: int


BANDS: Tuple[Band, ...] = (
    Band("lav", 0, 29),  # needs help with most things
    Band("grundlaeggende", 30, 47),  # manages some things, needs help with several
    Band("oevet", 48, 80),  # manages most things alone
    Band("avanceret", 81, 100),  # ready for the digital
)


def band_for(percent: int) -> Band:
    for band in BANDS:
        if band.low <= percent <= band.high:
            return band
    raise ValueError(f"procent uden for 0-100: {percent}")


def percent_of(points: int, max_points: int) -> int:
    """Whole percent, rounded half up (62.5 -> 63), without floating point."""
    if max_points <= 0:
        return 0
    return (200 * points + max_points) // (2 * max_points)


@dataclass(frozen=True)
class AreaScore:
    area: str
    name: str
    points: int
    max_points: int
    percent: int
    band: Band


@dataclass(frozen=True)
class Score:
    points: int
    max_points: int
    percent: int
    band: Band
    areas: Tuple[AreaScore, ...]  # in the catalogue's order of areas, only areas with answers

    def area(self, area_id: str) -> AreaScore:
        return next(a for a in self.areas if a.area == area_id)

    @property
    def strong_areas(self) -> Tuple[AreaScore, ...]:
        return tuple(a for a in self.areas if a.band.id == "avanceret")

    @property
    def weak_areas(self) -> Tuple[AreaScore, ...]:
        return tuple(a for a in self.areas if a.band.id in ("lav", "grundlaeggende"))


def score(answers: Mapping[str, str]) -> Score:
    """answers: {question key: "ja"|"lidt"|"nej"}. Unscored and unanswered questions are left out."""
    points = max_points = 0
    per_area: Dict[str, Tuple[int, int]] = {}
    for question in scored():
        value = answers.get(question.key)
        if value not in POINTS:
            continue
        points += POINTS[value]
        max_points += MAX_POINTS_PER_QUESTION
        area_id = question.area
        got, top = per_area.get(area_id, (0, 0))
        per_area[area_id] = (got + POINTS[value], top + MAX_POINTS_PER_QUESTION)
    found = []
    for area in areas():
        if area.id in per_area:
            got, top = per_area[area.id]
            pct = percent_of(got, top)
            found.append(AreaScore(area.id, area.name, got, top, pct, band_for(pct)))
    pct = percent_of(points, max_points)
    return Score(points, max_points, pct, band_for(pct), tuple(found))
