"""Sharing the self-check result with a team from the chat (bot/team/chat.py), without Rasa."""
import pytest

from bot.staff_check import AREAS, LEVELS
from bot.team.chat import code_in, confirm, share_step
from bot.team.store import TeamStore

RATINGS = {area: LEVELS[1] for area in AREAS}


@pytest.fixture
def store(tmp_path):
    return TeamStore(f"sqlite:///{tmp_path / 'team.sqlite3'}")


@pytest.mark.parametrize("text, code", [
    ("min teamkode er ABCD-EFGH-JKLM-NPQR", "ABCDEFGHJKLMNPQR"),
    ("abcd efgh jklm npqr", "ABCDEFGHJKLMNPQR"),
    ("teamkode: WXYZ2345ABCDEFGH", "WXYZ2345ABCDEFGH"),
    ("Koden er qrst-uvwx-yz23-4567, tak", "QRSTUVWXYZ234567"),
    # not a code: a long Danish word, a CPR-like number, a code with letters the alphabet leaves out
    ("jeg arbejder med digitaliseringen", None),
    ("medarbejderkompetencerne", None),
    ("ABCD-EFGH-IJKL-MNOP", None),
    ("hvad skal jeg kunne", None),
])
def test_a_team_code_is_found_in_what_people_write(text, code):
    assert code_in(text) == code


def test_nothing_is_stored_before_the_person_says_yes(store):
    team = store.create_team("paedagog")
    step = share_step(f"min teamkode er {team.code}", RATINGS, store)
    assert step.response == "utter_team_share_consent" and step.code
    assert store.count(team.leader_key) == 0
    assert confirm(step.code, RATINGS, store).response == "utter_team_share_done"
    assert store.count(team.leader_key) == 1


def test_a_wrong_code_or_no_finished_check_stores_nothing(store):
    team = store.create_team("paedagog")
    assert share_step("min kode er ZZZZ-ZZZZ-ZZZZ-ZZZZ", RATINGS, store).response == "utter_team_code_unknown"
    assert share_step(f"kode {team.code}", {}, store).response == "utter_team_share_needs_check"
    assert share_step("del mit resultat med teamet", RATINGS, store).response == "utter_ask_team_code"
    assert confirm(None, RATINGS, store).response == "utter_ask_team_code"
    assert store.count(team.leader_key) == 0
