"""The staff self-check through the trained model: pick a role, rate yourself on the profile's twelve
areas, see the gap and next steps; stop, start over, an unclear answer, a question in the middle."""
from pathlib import Path

import pytest
import yaml

from bot import staff_check as sc

ROOT = Path(__file__).resolve().parent.parent


def profile(role_id):
    data = yaml.safe_load((ROOT / "data" / "catalogue" / "roller" / f"{role_id}.yml").read_text())
    return {c["område"]: c["niveau"] for c in data["kompetencer"]}


def start(conv, text="tjek mine digitale kompetencer"):
    reply = conv.reply(text)
    assert "Hvilken rolle har du?" in reply
    assert len(conv.buttons()) == 18
    return reply


def test_complete_check_shows_the_gap_and_next_steps(conversation):
    conv = conversation
    start(conv)
    reply = conv.reply("jeg er sosu-hjælper")
    assert "Godt, vi tjekker dig mod profilen for social- og sundhedshjælper" in reply
    assert "Du vurderer dig selv på fire niveauer" in reply
    assert "Område 1 af 12: Brugerkompetencer" in reply
    assert [b["title"] for b in conv.buttons()] == ["Grundlæggende", "Øvet", "Avanceret", "Ekspert"]
    needed = profile("sosu-hjaelper")
    # Meet the profile everywhere except data security (one level below) and user skills (typed).
    for i, area in enumerate(sc.AREAS):
        own = needed[area]
        if area == "datasikkerhed":
            own = "grundlaeggende"
        text = {"grundlaeggende": "Grundlæggende", "oevet": "Øvet", "avanceret": "Avanceret", "ekspert": "Ekspert"}[own]
        if area == "brugerkompetencer":
            text = {"grundlaeggende": "1", "oevet": "2", "avanceret": "3", "ekspert": "4"}[own]
        reply = conv.reply(text)
        if i + 1 < len(sc.AREAS):
            assert f"Område {i + 2} af 12" in reply, (text, reply)
    assert "Dit resultat mod profilen for social- og sundhedshjælper" in reply
    below = [a for a in sc.AREAS if a == "datasikkerhed" and needed[a] != "grundlaeggende"]
    assert f"du lever op til profilen i {12 - len(below)} af 12 områder" in reply
    if below:
        assert "Data- og informationssikkerhed: du er grundlæggende" in reply
        assert "Næste skridt:" in reply and "God praksis:" in reply
    tracker = conv.tracker()
    assert tracker.active_loop_name is None
    assert tracker.get_slot("staff_check_role") == "sosu-hjaelper"


def test_gap_and_offers_for_a_teacher_rated_lowest_everywhere(conversation):
    conv = conversation
    start(conv)
    conv.reply("Folkeskolelærer")
    for _ in sc.AREAS:
        reply = conv.reply("Grundlæggende")
    needed = profile("folkeskolelaerer")
    below = sum(1 for a in sc.AREAS if needed[a] != "grundlaeggende")
    assert f"du lever op til profilen i {12 - below} af 12 områder" in reply
    assert "Her er du under profilen:" in reply
    assert "Næste skridt:" in reply
    assert "Tag tjekket igen" in [b["title"] for b in conv.buttons()]


def test_role_named_when_starting_skips_the_role_question(conversation):
    reply = conversation.reply("tjek mine kompetencer som pædagog")
    assert "profilen for pædagog" in reply
    assert "Område 1 af 12" in reply


def test_unknown_role_and_unclear_rating_get_hints(conversation):
    conv = conversation
    start(conv)
    reply = conv.reply("astronaut")
    assert "Den rolle kender jeg ikke" in reply
    assert conv.slot("requested_slot") == "staff_check_role"
    conv.reply("sygeplejerske")
    reply = conv.reply("aner det ikke, xqzv")
    assert "Vælg et af de fire niveauer" in reply
    assert "Område 1 af 12" in reply
    assert "Område 2 af 12" in conv.reply("Øvet")


def test_stop_and_start_over(conversation):
    conv = conversation
    start(conv)
    conv.reply("jurist")
    conv.reply("Øvet")
    reply = conv.reply("start forfra")
    assert "Vi starter forfra" in reply and "Hvilken rolle har du?" in reply
    assert conv.slot("staff_check_role") is None
    conv.reply("bogholder")
    reply = conv.reply("stop")
    assert "Kompetencetjekket er stoppet" in reply
    tracker = conv.tracker()
    assert tracker.active_loop_name is None
    assert all(tracker.get_slot(s) is None for s in sc.SLOTS)


def test_a_question_in_the_middle_and_back(conversation):
    conv = conversation
    start(conv)
    conv.reply("bibliotekar")
    reply = conv.reply("hvad kan du hjælpe med?")
    assert "Skal vi fortsætte med spørgsmål 1 af 12 i kompetencetjekket?" in reply
    assert conv.tracker().active_loop_name is None
    reply = conv.reply("/check_continue")
    assert "Tilbage til tjekket. Område 1 af 12" in reply
    assert conv.tracker().active_loop_name == sc.FORM_NAME


def test_switching_to_the_citizens_check(conversation):
    conv = conversation
    start(conv)
    conv.reply("it-medarbejder")
    reply = conv.reply("er jeg klar til det digitale?")
    assert "Spørgsmål 1 af" in reply
    assert conv.tracker().active_loop_name == "readiness_form"


def test_sharing_the_result_with_a_team_asks_for_consent_first(conversation):
    """Issue 14: after the check, the team code from the leader, what is stored, a yes, and only then
    one anonymous answer in the team's overview (bot/team/chat.py)."""
    from bot.team.store import TeamStore

    store = TeamStore()  # TEAM_DB_URL: the test session's own database (tests/conftest.py)
    team = store.create_team("folkeskolelaerer")
    conv = conversation
    start(conv)
    conv.reply("Folkeskolelærer")
    for _ in sc.AREAS:
        reply = conv.reply("Øvet")
    assert "Har din leder givet dig en teamkode?" in reply
    assert "/team_share" in [b["payload"] for b in conv.buttons()]
    assert "Skriv den teamkode" in conv.reply("/team_share")
    reply = conv.reply(team.code.lower())  # as it was typed, without capitals
    assert "Jeg gemmer ikke dit navn" in reply and "mindst 5" in reply
    assert store.count(team.leader_key) == 0  # nothing before the yes
    assert "lagt anonymt i teamets oversigt" in conv.reply("ja")
    assert store.count(team.leader_key) == 1
    assert conv.slot("team_code") is None  # the code is forgotten again


def test_a_wrong_team_code_and_a_no_store_nothing(conversation):
    from bot.team.store import TeamStore

    store = TeamStore()
    team = store.create_team("folkeskolelaerer")
    conv = conversation
    start(conv)
    conv.reply("Folkeskolelærer")
    for _ in sc.AREAS:
        conv.reply("Grundlæggende")
    assert "Den teamkode kender jeg ikke" in conv.reply("min teamkode er ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    assert "Vil du dele dit resultat?" in conv.reply(f"teamkoden er {team.code}")
    assert "Jeg har ikke gemt noget" in conv.reply("nej tak")
    assert store.count(team.leader_key) == 0


@pytest.mark.parametrize("message", ["vis teamoversigten for {code}", "{code}"])
def test_a_leaders_summary_code_gives_the_summary_in_the_chat_once(conversation, message):
    """Issue 14: the code made on the team page (never the leader key) gives the summary through the trained
    model, and works only once."""
    from bot.team.store import TeamStore

    store = TeamStore()
    team = store.create_team("folkeskolelaerer")
    for level in ("grundlaeggende", "grundlaeggende", "oevet", "oevet", "avanceret"):
        store.add_answer(team.code, {area: level for area in sc.AREAS})
    code = store.create_summary_code(team.leader_key)  # as the team page shows it: ABCD-EFGH-JKLM-NPQR
    reply = conversation.reply(message.format(code=code))
    assert "Opsummering af teamoversigten for folkeskolelærer: 5 har delt deres kompetencetjek." in reply, reply
    assert "Størst afstand til profilen:" in reply
    assert conversation.buttons(), "gode eksempler for de største huller som knapper"
    assert "brugt eller udløbet" in conversation.reply(message.format(code=code))
