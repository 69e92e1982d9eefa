"""Training offers browsed by audience, area and role (bot/training_offers.py), and the self-check only
recommending offers that fit the role (bot/staff_check.next_offers, bot/content/role_offers.fits_role)."""
from __future__ import annotations

import pytest

from bot.kb import queries
from bot.content.role_offers import fits_role
from bot.training_offers import browse_offers, offers_in_conversation
from catalogue_edits import edited_catalogue  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)


def _groups(offer_id: str):
    return {g.id for g in queries.get_offer(offer_id).target_groups}


def test_offers_for_leaders_are_all_meant_for_leaders():
    reply = browse_offers(target_group="ledere")
    assert reply.response == "utter_training_offers_group" and reply.variables["group"] == "ledere"
    ids = [offer_id for _, offer_id in reply.listed]
    assert "digital-ledelse-forloeb" in ids
    assert all("ledere" in _groups(i) for i in ids)
    assert "Forløb i digital ledelse (kursus)" in reply.variables["offers"]


def test_offers_by_area_cover_that_area():
    reply = browse_offers(area="datasikkerhed")
    assert reply.variables["area"] == "data- og informationssikkerhed"
    ids = [offer_id for _, offer_id in reply.listed]
    assert "e-laering-informationssikkerhed" in ids and "phishing-simulering" in ids
    assert all(any(a.id == "datasikkerhed" for a in queries.get_offer(i).areas) for i in ids)
    assert "bibliotekets-it-kurser" not in ids  # for citizens, not the workplace


def test_group_and_area_without_a_match_says_so_and_shows_the_groups_offers():
    reply = browse_offers(target_group="digitaliseringsansvarlige", area="datasikkerhed")
    assert reply.response == "utter_training_offers_group_not_area"
    assert reply.listed and all("digitaliseringsansvarlige" in _groups(i) for _, i in reply.listed)


def test_without_filters_only_workplace_offers_are_listed():
    ids = [i for _, i in browse_offers().listed]
    assert "digital-ledelse-forloeb" in ids and "bibliotekets-it-kurser" not in ids


def test_offers_that_fit_a_role():
    care = [i for _, i in browse_offers(role="sosu-assistent").listed]
    assert care[0] == "velfaerdsteknologi-superbruger"  # the role's own list comes first
    assert "digital-ledelse-forloeb" not in care  # a course for leaders is not offered to care staff
    assert fits_role(queries.get_offer("digital-ledelse-forloeb"), "leder")
    assert not fits_role(queries.get_offer("velfaerdsteknologi-superbruger"), "leder")
    assert not fits_role(queries.get_offer("bibliotekets-it-kurser"), "paedagog")


def test_courses_for_them_after_a_role_profile_are_the_roles_offers():
    # "kurser til dem?" right after the profile of social- og sundhedshjælper names nothing itself.
    role_reply = browse_offers(role="sosu-hjaelper")
    reply = offers_in_conversation(None, None, None, {"role": "sosu-hjaelper"})
    assert reply.listed == role_reply.listed and reply.messages() == role_reply.messages()
    assert reply.messages()[0].variables["role"] == "social- og sundhedshjælper"
    # A question that names a group of its own is about that group, whatever came before.
    leaders = offers_in_conversation("ledere", None, None, {"role": "sosu-hjaelper"})
    assert leaders.listed == browse_offers(target_group="ledere").listed
    assert offers_in_conversation(None, None, None, {}).listed == browse_offers().listed


def test_self_check_recommends_only_offers_that_fit_the_role(kb_url):
    from bot.catalogue.fixed_ids import AREA_IDS
    from bot.staff_check import next_offers

    for role_id in ("leder", "topledelse", "hr-chef", "sosu-assistent", "paedagog"):
        own = [o.id for o in queries.offers_for(role_id=role_id)]
        for area_id in AREA_IDS:
            for offer, _ in next_offers(role_id, [area_id], kb_url):
                assert fits_role(offer, role_id, own), (role_id, area_id, offer.id)
    # before the audience rule a leader was sent to the care staff's superuser course, and care staff
    # to the leaders' course
    assert [o.id for o, _ in next_offers("leder", ["brugerkompetencer"], kb_url)] != ["velfaerdsteknologi-superbruger"]
    assert [o.id for o, _ in next_offers("sosu-assistent", ["udvikling-innovation"], kb_url)] != ["digital-ledelse-forloeb"]


def test_a_roles_target_groups_are_the_catalogues(edited_catalogue, monkeypatch):
    """An editor puts the SOSU assistant among the leaders: the leaders' course then fits the role, and
    the self-check no longer tells the role to talk to its leader."""
    from bot.kb.ready import kb_url
    from bot.staff_check import AREAS, LEVELS, result_messages

    edited_catalogue("roller/sosu-assistent.yml", "målgrupper: [medarbejdere]", "målgrupper: [medarbejdere, ledere]")
    monkeypatch.setenv("KB_URL", edited_catalogue.url)
    url = kb_url(edited_catalogue.url)
    assert fits_role(queries.get_offer("digital-ledelse-forloeb", url=url), "sosu-assistent")
    steps = result_messages("sosu-assistent", {a: LEVELS[0] for a in AREAS}, url=url)[1].text
    assert "din leder" not in steps and "HR eller digitaliseringsenheden" in steps
