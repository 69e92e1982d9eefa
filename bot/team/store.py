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
- The leader key is never typed into the chat (conversations are stored). To see the overview in the
  chat, the leader makes a *summary code* on the team page: same alphabet and length as a team code,
  only its SHA-256 stored, valid SUMMARY_CODE_MINUTES and for one use. Using it, or letting it expire,
  cuts its link to the team at once; the bare hash is kept SPENT_CODE_HOURS more, only so the chat can
  say "used or expired, make a new one" instead of "unknown code", and is then deleted.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from sqlalchemy import (Column, ForeignKey, Integer, MetaData, Table, Text, create_engine, delete, func, select,
                        update)

from .. import settings
from ..catalogue.fixed_ids import LEVEL_IDS
from ..content.team_code import CODE_ALPHABET, CODE_LENGTH, normalise_code

MIN_ANSWERS = 5
LEVELS = tuple(LEVEL_IDS)
SUMMARY_CODE_MINUTES = 15
SPENT_CODE_HOURS = 24

metadata = MetaData()
teams = Table("team_teams", metadata, Column("code_hash", Text, primary_key=True),
              Column("leader_hash", Text, nullable=False, unique=True), Column("role_id", Text, nullable=False))
answers = Table("team_answers", metadata, Column("answer_id", Text, primary_key=True),
                Column("code_hash", Text, ForeignKey("team_teams.code_hash", ondelete="CASCADE"), nullable=False))
answer_levels = Table("team_answer_levels", metadata,
                      Column("answer_id", Text, ForeignKey("team_answers.answer_id", ondelete="CASCADE"),
                             primary_key=True),
                      Column("area_id", Text, primary_key=True), Column("level_id", Text, nullable=False))
# A summary code: its hash, the team it shows (NULL once used or expired) and when it expires (seconds
# since 1970). Nothing about who made it or where it was used.
summary_codes = Table("team_summary_codes", metadata, Column("code_hash", Text, primary_key=True),
                      Column("team_hash", Text, ForeignKey("team_teams.code_hash", ondelete="CASCADE")),
                      Column("expires_at", Integer, nullable=False))


class UnknownTeam(LookupError):
    """No team has this code or leader key."""


class TooFewAnswers(Exception):
    def __init__(self, count: int, role_id: str = ""):
        super().__init__(count)
        self.count = count
        self.role_id = role_id


class UnknownSummaryCode(LookupError):
    """Not a summary code (it may be a team code)."""


class SpentSummaryCode(Exception):
    """A summary code that has been used or has expired."""


def team_db_url() -> str:
    return os.environ.get("TEAM_DB_URL") or f"sqlite:///{settings.VAR_DIR / 'team.sqlite3'}"


def _hash(secret: str) -> str:
    return hashlib.sha256((secret or "").encode("utf-8")).hexdigest()


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
class TeamRef:
    """A team found by one of its secrets; holds no secret itself."""
    code_hash: str
    role_id: str


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
    def __init__(self, url: Optional[str] = None, clock: Callable[[], float] = time.time):
        self.url = url or team_db_url()
        self.clock = clock  # seconds since 1970; tests move it to expire summary codes
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

    def team_for_leader(self, leader_key: str) -> TeamRef:
        with self.engine.connect() as conn:
            return TeamRef(*self._team_by_leader(conn, leader_key))

    def role_for_leader(self, leader_key: str) -> str:
        return self.team_for_leader(leader_key).role_id

    def count(self, leader_key: str) -> int:
        with self.engine.connect() as conn:
            code_hash, _ = self._team_by_leader(conn, leader_key)
            return self._count(conn, code_hash)

    @staticmethod
    def _count(conn, code_hash: str) -> int:
        return conn.execute(select(func.count()).select_from(answers)
                            .where(answers.c.code_hash == code_hash)).scalar_one()

    def overview(self, leader_key: str, needed: Mapping[str, str]) -> Overview:
        """Per area, how many answers are at each level and how many are below the profile (`needed`:
        area id -> level id). Raises TooFewAnswers below MIN_ANSWERS."""
        return self.overview_of(self.team_for_leader(leader_key), needed)

    def overview_of(self, team: TeamRef, needed: Mapping[str, str]) -> Overview:
        """The overview of a team found by its leader key or a summary code (see overview)."""
        with self.engine.connect() as conn:
            total = self._count(conn, team.code_hash)
            if total < MIN_ANSWERS:
                raise TooFewAnswers(total, team.role_id)
            rows = conn.execute(
                select(answer_levels.c.area_id, answer_levels.c.level_id, func.count())
                .select_from(answer_levels.join(answers, answers.c.answer_id == answer_levels.c.answer_id))
                .where(answers.c.code_hash == team.code_hash)
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
        return Overview(team.role_id, total, areas)

    # --- the summary in the chat ----------------------------------------------------------------------
    def _forget_spent(self, conn, now: int) -> None:
        """Expired codes lose their team; hashes of used or expired codes go after SPENT_CODE_HOURS."""
        conn.execute(delete(summary_codes).where(summary_codes.c.expires_at < now - SPENT_CODE_HOURS * 3600))
        conn.execute(update(summary_codes).where(summary_codes.c.expires_at <= now,
                                                 summary_codes.c.team_hash.is_not(None)).values(team_hash=None))

    def create_summary_code(self, leader_key: str) -> str:
        """A code that shows the team's summary in the chat once, within SUMMARY_CODE_MINUTES."""
        now = int(self.clock())
        with self.engine.begin() as conn:
            code_hash, _ = self._team_by_leader(conn, leader_key)
            self._forget_spent(conn, now)
            while True:  # never the same as a team code or another summary code
                code = new_team_code()
                taken = conn.execute(select(teams.c.code_hash).where(teams.c.code_hash == _code_hash(code))).first() \
                    or conn.execute(select(summary_codes.c.code_hash)
                                    .where(summary_codes.c.code_hash == _code_hash(code))).first()
                if not taken:
                    break
            conn.execute(summary_codes.insert().values(code_hash=_code_hash(code), team_hash=code_hash,
                                                       expires_at=now + SUMMARY_CODE_MINUTES * 60))
        return code

    def use_summary_code(self, code: str) -> TeamRef:
        """The team a summary code shows, and the code is spent. UnknownSummaryCode when it is not a
        summary code (it may be a team code), SpentSummaryCode when it was used or has expired."""
        now = int(self.clock())
        role = None
        with self.engine.begin() as conn:  # raise only after it: what _forget_spent did must be kept
            self._forget_spent(conn, now)
            row = conn.execute(select(summary_codes.c.team_hash)
                               .where(summary_codes.c.code_hash == _code_hash(code))).first()
            if row is not None and row.team_hash is not None:
                # Only one of two simultaneous uses gets the row: the other finds team_hash already NULL.
                used = conn.execute(update(summary_codes).where(summary_codes.c.code_hash == _code_hash(code),
                                                                summary_codes.c.team_hash == row.team_hash)
                                    .values(team_hash=None))
                if used.rowcount == 1:
                    role = conn.execute(select(teams.c.role_id)
                                        .where(teams.c.code_hash == row.team_hash)).scalar_one()
        if row is None:
            raise UnknownSummaryCode()
        if role is None:
            raise SpentSummaryCode()
        return TeamRef(row.team_hash, role)

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
