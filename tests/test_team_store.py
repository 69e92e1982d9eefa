"""The anonymous team overview's storage (bot/team/store.py): under 5 answers nothing is shown, answers
carry nothing that identifies a person, codes cannot be guessed, and the leader can delete."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from bot.team import MIN_ANSWERS, TeamStore, TooFewAnswers, UnknownTeam
from bot.team.store import answer_levels, answers, normalise_code

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
