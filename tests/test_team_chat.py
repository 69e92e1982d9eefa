"""Sharing the self-check result with a team from the chat (bot/team/chat.py), and the leader's summary from a
summary code (bot/team/summary.py), without Rasa."""
import asyncio
import time

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


# --- the leader's summary from a summary code (bot/team/summary.py) -------------------------------------
TEAM_LEVELS = {  # social- og sundhedsassistent: the profile asks for øvet in brugerkompetencer and dataanvendelse
    "brugerkompetencer": ["oevet", "oevet", "avanceret", "grundlaeggende", "ekspert"],  # 1 below
    "dataanvendelse": ["grundlaeggende"] * 4 + ["oevet"],  # 4 below: the biggest gap
    "datasikkerhed": ["ekspert"] * 5,
}


class Clock:
    def __init__(self) -> None:
        self.now = time.time()  # the action's own store reads the real clock

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def leader(tmp_path, kb_url, monkeypatch):
    """A team of five who shared, and the clock of its store."""
    monkeypatch.setenv("KB_URL", kb_url)
    clock = Clock()
    store = TeamStore(f"sqlite:///{tmp_path / 'team.sqlite3'}", clock=clock)
    team = store.create_team("sosu-assistent")
    for n in range(5):
        store.add_answer(team.code, {area: levels[n] for area, levels in TEAM_LEVELS.items()})
    return store, team, clock


def _text(step):
    return "\n".join(m.text for m in step.messages)


def test_a_summary_code_gives_the_leader_a_short_summary_once(leader):
    from bot.content.gap_practices import next_practices

    store, team, _ = leader
    code = store.create_summary_code(team.leader_key)
    step = share_step(f"vis teamoversigten for {code}", {}, store)
    text = _text(step)
    assert "social- og sundhedsassistent: 5 har delt" in text
    assert "- Dataanvendelse: 4 under profilens niveau (øvet), 1 på eller over" in text
    assert "- Brugerkompetencer: 1 under profilens niveau (øvet), 4 på eller over" in text
    assert text.index("Dataanvendelse") < text.index("Brugerkompetencer")  # the biggest gap first
    assert "Alle er på eller over profilens niveau i data- og informationssikkerhed" in text
    assert "Størst afstand til profilen: dataanvendelse og brugerkompetencer." in text
    # the same good practices as the team page, each a button that opens it
    expected = next_practices("sosu-assistent", ["dataanvendelse", "brugerkompetencer"])
    buttons = step.messages[0].buttons
    assert expected and [b["title"] for b in buttons] == [p.title for p in expected]
    assert buttons[0]["payload"] == f'/ask_details{{"item": "practice:{expected[0].id}"}}'
    assert step.code is None  # nothing to remember in the conversation
    assert confirm(step.code, {}, store).response == "utter_affirm_ack"  # "ja" afterwards shares nothing
    again = _text(share_step(code, {}, store))
    assert "brugt eller udløbet" in again and "Lav en ny på teamsiden" in again


def test_a_summary_code_is_looked_up_before_a_team_code(leader):
    """A leader who has taken the check themselves gets the summary, not the question about sharing."""
    store, team, _ = leader
    code = store.create_summary_code(team.leader_key)
    step = share_step(code, RATINGS, store)
    assert step.response is None and "5 har delt" in _text(step)
    assert store.count(team.leader_key) == 5  # nothing was added to the team


def test_an_expired_summary_code_and_under_five_answers(leader):
    store, team, clock = leader
    late = store.create_summary_code(team.leader_key)
    clock.now += 15 * 60
    text = _text(share_step(late, {}, store))
    assert "brugt eller udløbet" in text and "15 minutter" in text and "5 har delt" not in text

    store.delete_answers(team.leader_key)
    store.add_answer(team.code, {"datasikkerhed": "oevet"})
    text = _text(share_step(store.create_summary_code(team.leader_key), {}, store))
    assert "har 1 svar" in text and "Oversigten vises først, når mindst 5 har svaret" in text
    assert "Dataanvendelse" not in text


def test_a_code_that_is_neither_says_so_to_someone_without_a_check(store):
    assert share_step("ZZZZ-ZZZZ-ZZZZ-ZZZZ", {}, store).response == "utter_team_code_unknown_any"
    assert share_step("ZZZZ-ZZZZ-ZZZZ-ZZZZ", RATINGS, store).response == "utter_team_code_unknown"


def _tracker(text):
    from rasa_sdk import Tracker

    return Tracker("leder", {}, {"text": text, "intent": {"name": "nlu_fallback"}, "intent_ranking": []}, [], False,
                   None, {}, "action_listen")


def test_the_actions_send_the_summary_for_a_pasted_code(leader, monkeypatch):
    """The fallback hands a message with a code to action_team_share, which sends the summary."""
    from rasa_sdk.events import FollowupAction
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionTopicFollowup
    from actions.team import ActionTeamShare

    store, team, _ = leader
    monkeypatch.setenv("TEAM_DB_URL", store.url)
    code = store.create_summary_code(team.leader_key)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionTopicFollowup().run(dispatcher, _tracker(code), {}))
    assert events == [FollowupAction("action_team_share")] and dispatcher.messages == []
    asyncio.run(ActionTeamShare().run(dispatcher, _tracker(code), {}))
    assert "5 har delt" in dispatcher.messages[0]["text"] and dispatcher.messages[0]["buttons"]
    assert "Koden er nu brugt" in dispatcher.messages[1]["text"]


def test_a_message_with_a_team_code_is_sharing_with_the_team_whatever_the_classifiers_guessed():
    from rasa.shared.nlu.training_data.message import Message as RasaMessage

    from bot.nlu.team_code import TeamCodeGuard

    typed = RasaMessage(data={"text": "k7mq-2xpz-hn4r-wd9e", "intent": {"name": "out_of_scope", "confidence": 0.93},
                              "intent_ranking": [{"name": "out_of_scope", "confidence": 0.93}]})
    other = RasaMessage(data={"text": "hvad koster et pas", "intent": {"name": "out_of_scope", "confidence": 0.9}})
    TeamCodeGuard().process([typed, other])
    assert typed.get("intent") == {"name": "team_share", "confidence": 1.0}
    assert [r["name"] for r in typed.get("intent_ranking")] == ["team_share", "out_of_scope"]
    assert other.get("intent")["name"] == "out_of_scope"
