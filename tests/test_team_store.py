"""The anonymous team overview's storage (bot/team/store.py): under 5 answers nothing is shown, answers
carry nothing that identifies a person, codes cannot be guessed, the leader can delete, and a summary
code for the chat works once and for 15 minutes."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from bot.team import MIN_ANSWERS, TeamStore, TooFewAnswers, UnknownTeam
from bot.team.store import (SPENT_CODE_HOURS, SUMMARY_CODE_MINUTES, SpentSummaryCode, UnknownSummaryCode, answer_levels,
                            answers, normalise_code, summary_codes)

NEEDED = {"brugerkompetencer": "avanceret", "datasikkerhed": "oevet"}


@pytest.fixture
def store(tmp_path):
    return TeamStore(f"sqlite:///{tmp_path / 'team.sqlite3'}")


def _answer(store, code, user, data):
    store.add_answer(code, {"brugerkompetencer": user, "datasikkerhed": data})


def test_nothing_is_shown_below_five_answers_and_the_spread_from_five(store):
    team = store.create_team("sosu-assistent")
    for n in range(MIN_ANSWERS - 1):
        _answer(store, team.code, "oevet", "oevet")
    with pytest.raises(TooFewAnswers) as info:
        store.overview(team.leader_key, NEEDED)
    assert info.value.count == 4
    _answer(store, team.code, "ekspert", "grundlaeggende")
    overview = store.overview(team.leader_key, NEEDED)
    assert overview.answers == 5 and overview.role_id == "sosu-assistent"
    user = next(a for a in overview.areas if a.area_id == "brugerkompetencer")
    assert user.counts == {"grundlaeggende": 0, "oevet": 4, "avanceret": 0, "ekspert": 1}
    assert user.below == 4  # four are øvet, the profile asks for avanceret
    data = next(a for a in overview.areas if a.area_id == "datasikkerhed")
    assert data.below == 1
    assert overview.biggest_gaps()[0].area_id == "brugerkompetencer"


def test_an_answer_stores_levels_and_nothing_else(store):
    team = store.create_team("paedagog")
    _answer(store, team.code, "oevet", "avanceret")
    assert {c["name"] for c in inspect(store.engine).get_columns("team_answers")} == {"answer_id", "code_hash"}
    assert {c["name"] for c in inspect(store.engine).get_columns("team_answer_levels")} == {"answer_id", "area_id", "level_id"}
    with store.engine.connect() as conn:
        row = conn.execute(select(answers)).one()
        assert re.fullmatch(r"[0-9a-f]{32}", row.answer_id)  # random, not a conversation id or a time
        assert row.code_hash != normalise_code(team.code)  # the code itself is not stored
        assert {r.level_id for r in conn.execute(select(answer_levels))} == {"oevet", "avanceret"}


def test_codes_cannot_be_guessed_and_a_wrong_code_is_refused(store):
    codes = {store.create_team("leder").code for _ in range(50)}
    assert len(codes) == 50
    code = next(iter(codes))
    assert re.fullmatch(r"([A-Z2-9]{4}-){3}[A-Z2-9]{4}", code)
    assert store.team_role(code.lower().replace("-", " ")) == "leder"  # typed loosely, still found
    with pytest.raises(UnknownTeam):
        store.add_answer("AAAA-AAAA-AAAA-AAAA", {"datasikkerhed": "oevet"})
    with pytest.raises(UnknownTeam):
        store.overview(code, NEEDED)  # the staff's code does not open the leader's overview


def test_the_leader_can_delete_the_answers_and_the_team(store):
    team = store.create_team("jurist")
    for _ in range(6):
        _answer(store, team.code, "oevet", "oevet")
    assert store.delete_answers(team.leader_key) == 6
    assert store.count(team.leader_key) == 0
    store.delete_team(team.leader_key)
    with pytest.raises(UnknownTeam):
        store.team_role(team.code)
    with store.engine.connect() as conn:
        assert conn.execute(select(answer_levels)).all() == []


def test_unknown_levels_are_not_stored(store):
    team = store.create_team("bogholder")
    with pytest.raises(ValueError):
        store.add_answer(team.code, {"datasikkerhed": "Jens Hansen"})


# --- summary codes: the leader's way to see the overview in the chat without typing the leader key ------
class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clocked(tmp_path):
    clock = Clock()
    return TeamStore(f"sqlite:///{tmp_path / 'team.sqlite3'}", clock=clock), clock


def test_a_summary_code_works_once(clocked):
    store, _ = clocked
    team = store.create_team("paedagog")
    code = store.create_summary_code(team.leader_key)
    assert re.fullmatch(r"([A-Z2-9]{4}-){3}[A-Z2-9]{4}", code) and code != team.code
    found = store.use_summary_code(code.lower())  # typed loosely, like a team code
    assert found.role_id == "paedagog" and found == store.team_for_leader(team.leader_key)
    with pytest.raises(SpentSummaryCode):
        store.use_summary_code(code)


def test_a_summary_code_expires_after_15_minutes_and_is_then_forgotten(clocked):
    store, clock = clocked
    team = store.create_team("paedagog")
    fresh, stale = store.create_summary_code(team.leader_key), store.create_summary_code(team.leader_key)
    clock.now += SUMMARY_CODE_MINUTES * 60 - 1
    assert store.use_summary_code(fresh).role_id == "paedagog"
    clock.now += 1
    with pytest.raises(SpentSummaryCode):
        store.use_summary_code(stale)
    with store.engine.connect() as conn:  # neither spent code leads to the team any more
        assert [r.team_hash for r in conn.execute(select(summary_codes))] == [None, None]
    clock.now += SPENT_CODE_HOURS * 3600 + 1
    with pytest.raises(UnknownSummaryCode):
        store.use_summary_code(stale)
    with store.engine.connect() as conn:
        assert conn.execute(select(summary_codes)).all() == []


def test_summary_codes_and_the_other_secrets_do_not_open_each_other(clocked):
    store, _ = clocked
    team = store.create_team("paedagog")
    with pytest.raises(UnknownTeam):
        store.create_summary_code(team.code)  # the staff's code cannot make one
    code = store.create_summary_code(team.leader_key)
    with pytest.raises(UnknownSummaryCode):
        store.use_summary_code(team.code)  # a team code is not a summary code
    with pytest.raises(UnknownTeam):
        store.team_role(code)  # nor the other way round: it cannot add answers
    with pytest.raises(UnknownTeam):
        store.overview(code, NEEDED)  # and it is not a leader key
    with store.engine.connect() as conn:
        assert conn.execute(select(summary_codes.c.code_hash)).scalar_one() != normalise_code(code)


def test_deleting_the_team_deletes_its_summary_codes(clocked):
    store, _ = clocked
    team = store.create_team("paedagog")
    code = store.create_summary_code(team.leader_key)
    store.delete_team(team.leader_key)
    with pytest.raises(UnknownSummaryCode):
        store.use_summary_code(code)
