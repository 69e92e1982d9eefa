"""The staff self-check without Rasa: reading the role and the ratings, the gap against the role's
profile (checked against the catalogue's YAML by hand), and the next steps."""
from pathlib import Path

import pytest
import yaml

from bot import staff_check as sc
from bot.content import gap_practices as gp
from bot.readiness.turn import classify
from catalogue_edits import edited_catalogue  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parent.parent


def level_names():
    """{level id: name} straight from the catalogue file."""
    data = yaml.safe_load((ROOT / "data" / "catalogue" / "niveauer.yml").read_text())
    return {level["id"]: level["navn"] for level in data["niveauer"]}


def profile(role_id):
    """{area: level} straight from the catalogue file, to check the KB-based code against."""
    data = yaml.safe_load((ROOT / "data" / "catalogue" / "roller" / f"{role_id}.yml").read_text())
    return {c["område"]: c["niveau"] for c in data["kompetencer"]}


@pytest.mark.parametrize("text, expected", [
    ("Social- og sundhedshjælper", "sosu-hjaelper"),
    ("jeg er sosu-hjælper", "sosu-hjaelper"),
    ("hjemmehjælper", "sosu-hjaelper"),
    ("Lærer", "folkeskolelaerer"),
    ("jeg arbejder som pædagog i en børnehave", "paedagog"),
    ("sygeplejeske", "sygeplejerske"),  # misspelt
    ("HR-chef", "hr-chef"),
    ("blabla", None),
    ("", None),
])
def test_parse_role(kb_url, text, expected):
    assert sc.parse_role(text, url=kb_url) == expected


def test_parse_role_prefers_the_nlu_entity(kb_url):
    assert sc.parse_role("noget andet", ["sosu-assistent"], url=kb_url) == "sosu-assistent"
    assert sc.parse_role("noget andet", ["lærer"], url=kb_url) == "folkeskolelaerer"


def test_parse_role_without_fuzzy_matching_does_not_guess(kb_url):
    assert sc.parse_role("tjek mine digitale kompetencer", url=kb_url, fuzzy=False) is None
    assert sc.parse_role("tjek mine kompetencer som pædagog", url=kb_url, fuzzy=False) == "paedagog"


@pytest.mark.parametrize("text, expected", [
    ("Grundlæggende", "grundlaeggende"), ("Øvet", "oevet"), ("Avanceret", "avanceret"), ("Ekspert", "ekspert"),
    ("1", "grundlaeggende"), ("4", "ekspert"), ("basis", "grundlaeggende"), ("rutineret", "oevet"),
    ("jeg er en ekspert", "ekspert"), ("lidt øvet", "oevet"), ("ikke så god", "grundlaeggende"),
    ("meget god", "avanceret"), ("ovet", "oevet"), ("ved ikke", None), ("hvad betyder det", None),
])
def test_parse_level(kb_url, text, expected):
    assert sc.parse_level(text, url=kb_url) == expected


def test_gaps_against_the_profile_by_hand(kb_url):
    needed = profile("sosu-hjaelper")
    ratings = {area: "grundlaeggende" for area in sc.AREAS}
    ratings["brugerkompetencer"] = "ekspert"
    result = {g.area_id: g for g in sc.gaps("sosu-hjaelper", ratings, url=kb_url)}
    assert set(result) == set(sc.AREAS)
    for area, gap in result.items():
        expected = sc.LEVELS.index(needed[area]) - sc.LEVELS.index(ratings[area])
        assert gap.gap == expected, area
        assert gap.needed == needed[area]
    assert result["brugerkompetencer"].above
    below = [a for a in sc.AREAS if needed[a] != "grundlaeggende" and a != "brugerkompetencer"]
    assert sorted(g.area_id for g in result.values() if g.below) == sorted(below)


def test_result_shows_the_gap_and_next_steps_from_the_catalogue(kb_url):
    from bot.kb import queries

    needed = profile("sosu-assistent")
    ratings = dict(needed)
    ratings["datasikkerhed"] = "grundlaeggende"  # the profile asks more
    messages = sc.result_messages("sosu-assistent", ratings, url=kb_url)
    summary, steps = messages[0].text, messages[1].text
    assert "du lever op til profilen i 11 af 12 områder" in summary
    level = level_names()[needed["datasikkerhed"]].lower()
    assert f"Data- og informationssikkerhed: du er grundlæggende, profilen er {level}" in summary
    assert steps.startswith("Næste skridt:")
    # Training offers that cover the area, and a good practice whose themes speak to it.
    offers = [o for o in queries.offers_for("sosu-assistent", "datasikkerhed", url=kb_url)]
    assert any(o.name in steps for o in offers)
    assert "God praksis:" in steps
    practices = gp.next_practices("sosu-assistent", ["datasikkerhed"], url=kb_url)
    taxonomy = yaml.safe_load((ROOT / "data" / "catalogue" / "taksonomi.yml").read_text())
    theme_areas = {theme["id"]: theme.get("områder", []) for theme in taxonomy["temaer"]}
    assert practices and all(
        any("datasikkerhed" in theme_areas.get(t.id, ()) for t in p.themes) for p in practices)
    assert messages[1].buttons == [sc.restart_button()]


def test_next_offers_prefer_training_and_cover_the_gap_area(kb_url):
    chosen = sc.next_offers("sosu-hjaelper", ["datasikkerhed", "teknologi-faglighed"], url=kb_url)
    assert [area for _, area in chosen] == ["datasikkerhed", "teknologi-faglighed"]
    for offer, area in chosen:
        assert area in [a.id for a in offer.areas]
        assert offer.type in ("kursus", "e-læring")


def test_result_without_gaps_suggests_helping_others(kb_url):
    ratings = {area: "ekspert" for area in sc.AREAS}
    messages = sc.result_messages("paedagog", ratings, url=kb_url)
    assert "12 af 12" in messages[0].text
    assert "over profilen i 12 områder" in messages[0].text
    assert "digitale ambassadører" in messages[1].text.lower()


def test_area_question_explains_the_levels_first_and_uses_the_profile(kb_url):
    from bot.kb import queries

    first = sc.area_question("sosu-hjaelper", "brugerkompetencer", url=kb_url)
    assert first.startswith("Du vurderer dig selv på fire niveauer:")
    assert "Område 1 af 12: Brugerkompetencer" in first
    practice = queries.get_role_area("sosu-hjaelper", "brugerkompetencer", url=kb_url).in_practice
    assert practice in first
    later = sc.area_question("sosu-hjaelper", "datasikkerhed", resumed=True, url=kb_url)
    assert later.startswith("Tilbage til tjekket. Område 3 af 12")
    assert "fire niveauer" not in later


def test_role_buttons_list_every_role(kb_url):
    buttons = sc.role_buttons(url=kb_url)
    assert len(buttons) == 18
    for button in buttons:
        assert sc.parse_role(button["payload"], url=kb_url), button


def test_areas_and_slots_match_the_catalogue_and_domain(kb_url):
    from bot.kb import queries

    wheel = [a.id for d in queries.framework_overview(url=kb_url).dimensions for a in d.areas]
    assert list(sc.AREAS) == wheel
    domain = yaml.safe_load((ROOT / "domain" / "staff_check.yml").read_text())
    assert domain["forms"]["staff_check_form"]["required_slots"] == list(sc.SLOTS)
    for slot in sc.SLOTS:
        assert f"action_ask_{slot}" in domain["actions"]


def test_ask_actions_are_registered_for_every_area():
    import actions.staff_check as asc

    names = {cls().name() for cls in asc.ASK_ACTIONS}
    assert names == {f"action_ask_{slot}" for slot in sc.AREA_SLOTS}


def test_a_level_question_in_the_middle_is_not_taken_as_an_answer(kb_url):
    parse = lambda text: sc.parse_level(text, url=kb_url)  # noqa: E731
    assert classify("Øvet", "ask_competence_model", 0.8, parse).value == "oevet"
    assert classify("hvad betyder øvet?", "ask_competence_model", 0.9, parse).kind == "interrupt"
    assert classify("hvad betyder øvet?", "nlu_fallback", 0.3, parse).kind == "unclear"


def test_level_buttons_are_the_catalogues_levels_in_order(kb_url):
    buttons = sc.level_buttons(url=kb_url)
    assert [b["title"] for b in buttons] == list(level_names().values()) == ["Grundlæggende", "Øvet", "Avanceret",
                                                                             "Ekspert"]
    assert [sc.parse_level(b["payload"], url=kb_url) for b in buttons] == list(sc.LEVELS)


def test_a_level_renamed_in_the_catalogue_is_what_the_check_shows(edited_catalogue):
    edited_catalogue("niveauer.yml", "navn: Øvet", "navn: Rutineret")
    edited_catalogue("niveauer.yml", "middel, rutineret, erfaren", "middel, erfaren")
    url = edited_catalogue.url
    assert [b["title"] for b in sc.level_buttons(url=url)] == ["Grundlæggende", "Rutineret", "Avanceret", "Ekspert"]
    assert sc.parse_level("Rutineret", url=url) == "oevet"
    needed = profile("sosu-assistent")
    ratings = dict(needed)
    area = next(a for a in sc.AREAS if needed[a] == "avanceret")
    ratings[area] = "oevet"
    summary = sc.result_messages("sosu-assistent", ratings, url=url)[0].text
    assert "du er rutineret, profilen er avanceret" in summary


def test_the_areas_a_theme_speaks_to_are_the_catalogues(edited_catalogue):
    """An editor unties data security from the three themes that speak to it: a gap there then finds no
    good practice, where it found two before."""
    url = edited_catalogue.url
    assert len(gp.next_practices("sosu-assistent", ["datasikkerhed"], url=url)) == 2
    edited_catalogue("taksonomi.yml", "    områder: [datasikkerhed]\n", "    områder: []\n")
    edited_catalogue("taksonomi.yml", "    områder: [brugerkompetencer, datasikkerhed]\n", "    områder: [brugerkompetencer]\n")
    edited_catalogue("taksonomi.yml", "    områder: [datasikkerhed, digital-dialog]\n", "    områder: [digital-dialog]\n")
    assert gp.theme_areas()["informationssikkerhed"] == ()
    assert gp.next_practices("sosu-assistent", ["datasikkerhed"], url=url) == []


def test_the_words_for_a_self_rating_are_the_catalogues(edited_catalogue):
    """An editor adds »sådan middel« as a word for øvet in the self-check."""
    url = edited_catalogue.url
    assert sc.parse_level("sådan middel", url=url) == "oevet"  # "middel" is a synonym of øvet already
    assert sc.parse_level("fin", url=url) is None
    edited_catalogue("niveauer.yml", "selvvurdering: [mellem, ok,", "selvvurdering: [fin, mellem, ok,")
    assert sc.parse_level("fin", url=url) == "oevet"
    assert sc.parse_level("ikke så god", url=url) == "grundlaeggende"  # longer phrases still win
