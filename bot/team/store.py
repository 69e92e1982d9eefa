"""Storage of anonymous team answers and the overview built from them.

Privacy by design:
- A team has two secrets. The *team code* (16 characters from a 31-letter alphabet, about 79 bits) is
  shared with the staff so they can add their result; the *leader key* (secrets.token_urlsafe(24)) lets
  only the leader see the overview and delete answers. Only SHA-256 hashes of both are stored, so a copy
  of the database gives no working codes. Neither can be guessed.
- An answer holds the team, the role and one level per competence area, nothing else: no name, no free
  text, no conversation id, no time stamp (rows are not even ordered by arrival: the answer id is random).
- The overview refuses to show anything for fewer than MIN_ANSWERS answers (TooFewAnswers).
- The leader can delete all the team's answers, or the whole team.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Tuple

from sqlalchemy import Column, ForeignKey, MetaData, Table, Text, create_engine, delete, func, select

from .. import settings

MIN_ANSWERS = 5
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
CODE_LENGTH = 16
LEVELS = ("grundlaeggende", "oevet", "avanceret", "ekspert")

metadata = MetaData()
teams = Table("team_teams", metadata, Column("code_hash", Text, primary_key=True),
              Column("leader_hash", Text, nullable=False, unique=True), Column("role_id", Text, nullable=False))
answers = Table("team_answers", metadata, Column("answer_id", Text, primary_key=True),
                Column("code_hash", Text, ForeignKey("team_teams.code_hash", ondelete="CASCADE"), nullable=False))
answer_levels = Table("team_answer_levels", metadata,
                      Column("answer_id", Text, ForeignKey("team_answers.answer_id", ondelete="CASCADE"),
                             primary_key=True),
                      Column("area_id", Text, primary_key=True), Column("level_id", Text, nullable=False))


class UnknownTeam(LookupError):
    """No team has this code or leader key."""


class TooFewAnswers(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def team_db_url() -> str:
    return os.environ.get("TEAM_DB_URL") or f"sqlite:///{settings.VAR_DIR / 'team.sqlite3'}"


def _hash(secret: str) -> str:
    return hashlib.sha256((secret or "").encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """Team codes are read case-insensitively and without spaces or hyphens ("abcd-efgh ..." works)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    return _hash(normalise_code(code))


def new_team_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


@dataclass(frozen=True)
class NewTeam:
    code: str  # give it to the staff
    leader_key: str  # keep it: it shows the overview and deletes answers


@dataclass(frozen=True)
class AreaSpread:
    area_id: str
    needed: Optional[str]  # the role profile's level, when known
    counts: Dict[str, int]  # level id -> number of answers at that level
    below: int  # answers below the profile's level

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Overview:
    role_id: str
    answers: int
    areas: List[AreaSpread]

    def biggest_gaps(self, limit: int = 3) -> List[AreaSpread]:
        ranked = sorted((a for a in self.areas if a.below), key=lambda a: -a.below / max(1, a.total))
        return ranked[:limit]


class TeamStore:
    def __init__(self, url: Optional[str] = None):
        self.url = url or team_db_url()
        if self.url.startswith("sqlite:///"):
            os.makedirs(os.path.dirname(self.url[len("sqlite:///"):]) or ".", exist_ok=True)
        self.engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            from sqlalchemy import event

            @event.listens_for(self.engine, "connect")
            def _fk(dbapi_connection, _):  # ON DELETE CASCADE needs this in SQLite
                dbapi_connection.execute("PRAGMA foreign_keys=ON")
        metadata.create_all(self.engine)

    # --- leader ---------------------------------------------------------------------------------------
    def create_team(self, role_id: str) -> NewTeam:
        team = NewTeam(new_team_code(), secrets.token_urlsafe(24))
        with self.engine.begin() as conn:
            conn.execute(teams.insert().values(code_hash=_code_hash(team.code), leader_hash=_hash(team.leader_key),
                                               role_id=role_id))
        return team

    def _team_by_leader(self, conn, leader_key: str) -> Tuple[str, str]:
        row = conn.execute(select(teams.c.code_hash, teams.c.role_id)
                           .where(teams.c.leader_hash == _hash(leader_key))).first()
        if row is None:
            raise UnknownTeam()
        return row.code_hash, row.role_id

    def role_for_leader(self, leader_key: str) -> str:
        with self.engine.connect() as conn:
            return self._team_by_leader(conn, leader_key)[1]

    def count(self, leader_key: str) -> int:
        with self.engine.connect() as conn:
            code_hash, _ = self._team_by_leader(conn, leader_key)
            return conn.execute(select(func.count()).select_from(answers)
                                .where(answers.c.code_hash == code_hash)).scalar_one()

    def overview(self, leader_key: str, needed: Mapping[str, str]) -> Overview:
        """Per area, how many answers are at each level and how many are below the profile (`needed`:
        area id -> level id). Raises TooFewAnswers below MIN_ANSWERS."""
        with self.engine.connect() as conn:
            code_hash, role_id = self._team_by_leader(conn, leader_key)
            total = conn.execute(select(func.count()).select_from(answers)
                                 .where(answers.c.code_hash == code_hash)).scalar_one()
            if total < MIN_ANSWERS:
                raise TooFewAnswers(total)
            rows = conn.execute(
                select(answer_levels.c.area_id, answer_levels.c.level_id, func.count())
                .select_from(answer_levels.join(answers, answers.c.answer_id == answer_levels.c.answer_id))
                .where(answers.c.code_hash == code_hash)
                .group_by(answer_levels.c.area_id, answer_levels.c.level_id)).all()
        counts: Dict[str, Dict[str, int]] = {}
        for area_id, level_id, n in rows:
            counts.setdefault(area_id, {level: 0 for level in LEVELS})[level_id] = n
        areas = []
        for area_id in list(needed) + [a for a in counts if a not in needed]:
            spread = counts.get(area_id, {level: 0 for level in LEVELS})
            need = needed.get(area_id)
            below = sum(n for level, n in spread.items() if need and LEVELS.index(level) < LEVELS.index(need))
            areas.append(AreaSpread(area_id, need, spread, below))
        return Overview(role_id, total, areas)

    def delete_answers(self, leader_key: str) -> int:
        with self.engine.begin() as conn:
            code_hash, _ = self._team_by_leader(conn, leader_key)
            ids = [r.answer_id for r in conn.execute(select(answers.c.answer_id).where(answers.c.code_hash == code_hash))]
            if ids:
                conn.execute(delete(answer_levels).where(answer_levels.c.answer_id.in_(ids)))
                conn.execute(delete(answers).where(answers.c.answer_id.in_(ids)))
            return len(ids)

    def delete_team(self, leader_key: str) -> None:
        self.delete_answers(leader_key)
        with self.engine.begin() as conn:
            conn.execute(delete(teams).where(teams.c.leader_hash == _hash(leader_key)))

    # --- staff ----------------------------------------------------------------------------------------
    def team_role(self, code: str) -> str:
        """The role of the team a code belongs to; UnknownTeam for a wrong code."""
        with self.engine.connect() as conn:
            row = conn.execute(select(teams.c.role_id).where(teams.c.code_hash == _code_hash(code))).first()
        if row is None:
            raise UnknownTeam()
        return row.role_id

    def add_answer(self, code: str, ratings: Mapping[str, str]) -> None:
        """Add one self-check result: area id -> level id. Only known levels are stored; nothing else."""
        levels = {area: level for area, level in ratings.items() if level in LEVELS}
        if not levels:
            raise ValueError("no ratings")
        with self.engine.begin() as conn:
            row = conn.execute(select(teams.c.code_hash).where(teams.c.code_hash == _code_hash(code))).first()
            if row is None:
                raise UnknownTeam()
            answer_id = uuid.uuid4().hex
            conn.execute(answers.insert().values(answer_id=answer_id, code_hash=row.code_hash))
            conn.execute(answer_levels.insert(), [dict(answer_id=answer_id, area_id=a, level_id=lv)
                                                  for a, lv in levels.items()])
