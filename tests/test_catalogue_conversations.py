"""Staff questions about the catalogue, through the trained model and the real action server."""
import pytest


def test_role_profile_by_synonym(conversation):
    reply = conversation.reply("hvilke digitale kompetencer skal en sosu-assistent have?")
    assert reply.startswith("Social- og sundhedsassistent:")
    assert "Vigtigst i jobbet" in reply
    assert any(b["title"] == "Vis alle områder" for b in conversation.buttons())


@pytest.mark.parametrize(
    "question, role_name",
    [
        ("hvad skal en hjemmehjælper kunne digitalt?", "Social- og sundhedshjælper"),
        ("jeg er sagsbehandler, hvilke it-kompetencer skal jeg have", "Socialrådgiver"),
        ("kompetenceprofil for data scientist", "Dataanalytiker"),
        ("hvad skal en sygeplejeske kunne digitalt", "Sygeplejerske"),
    ],
)
def test_role_profile_in_the_ways_staff_ask(conversation, question, role_name):
    assert conversation.reply(question).startswith(f"{role_name}:")


def test_role_and_area(conversation):
    reply = conversation.reply("hvad skal en lærer kunne om datasikkerhed?")
    assert "En folkeskolelærer skal være på niveau" in reply
    assert "data- og informationssikkerhed" in reply
    assert "I praksis:" in reply


def test_follow_ups_keep_context(conversation):
    conversation.reply("hvad skal en lærer kunne om datasikkerhed?")
    reply = conversation.reply("og hvad med en pædagog?")
    assert "En pædagog skal være på niveau" in reply and "informationssikkerhed" in reply
    reply = conversation.reply("hvad med dataanvendelse?")
    assert "En pædagog skal være på niveau" in reply and "dataanvendelse" in reply


def test_role_profile_then_area_follow_up(conversation):
    conversation.reply("hvad er kompetenceprofilen for en bibliotekar")
    reply = conversation.reply("hvad med datasikkerhed?")
    assert "En bibliotekar skal være på niveau" in reply


def test_all_areas_then_details_by_ordinal(conversation):
    conversation.reply("hvilke kompetencer skal en jurist have")
    listing = conversation.reply("vis alle områder")
    assert "12. Forandring og forankring" in listing
    reply = conversation.reply("fortæl mere om nummer 3")
    assert "En jurist skal være på niveau" in reply and "data- og informationssikkerhed" in reply


def test_competence_area(conversation):
    reply = conversation.reply("hvad er datasikkerhed?")
    assert reply.startswith("Data- og informationssikkerhed hører under anvendelse")
    more = conversation.reply("ja tak")
    assert "på de fire niveauer" in more and "- Ekspert:" in more


def test_dimension(conversation):
    reply = conversation.reply("forklar teknologiforståelse")
    assert "Teknologiforståelse er en af kompetencehjulets fire dimensioner" in reply


def test_level(conversation):
    reply = conversation.reply("hvad betyder niveauet øvet?")
    assert reply.startswith("Øvet er niveau 2 af 4")
    assert "DigComp-niveau 3-4" in reply


def test_framework(conversation):
    reply = conversation.reply("hvad er kompetencehjulet?")
    assert "fire dimensioner med tre områder hver" in reply
    assert "grundlæggende, øvet, avanceret og ekspert" in reply


def test_digcomp(conversation):
    reply = conversation.reply("hvad er DigComp?")
    assert "5 områder og 21 kompetencer" in reply


def test_best_practices_for_a_target_group_with_more_and_details(conversation):
    reply = conversation.reply("har du gode eksempler på hjælp til ældre?")
    assert "gode eksempler for ældre" in reply
    assert "1. " in reply and "3. " in reply
    first_page = reply
    more = conversation.reply("vis flere")
    assert more.startswith("Eksempel 4-")
    assert more != first_page
    last = conversation.reply("den sidste")
    assert "Sådan gør I:" in last and "Kilde:" in last


def test_best_practices_by_theme_and_ordinal(conversation):
    reply = conversation.reply("har du gode eksempler på digitale ambassadører?")
    assert "om digitale ambassadører" in reply
    detail = conversation.reply("fortæl mere om den første")
    assert "Sådan gør I:" in detail and "Sådan kan I måle effekten:" in detail


def test_best_practice_follow_up_changes_target_group(conversation):
    conversation.reply("hvordan hjælper vi tosprogede borgere med det digitale")
    reply = conversation.reply("og for unge?")
    assert "for unge" in reply


def test_best_practices_for_a_role(conversation):
    reply = conversation.reply("hvilke gode eksempler passer til sosu-assistenter")
    assert reply.startswith("Gode eksempler for en social- og sundhedsassistent")


def test_quick_reply_payload_with_entities(conversation):
    reply = conversation.reply('/followup{"area": "datasikkerhed"}')
    assert "Data- og informationssikkerhed" in reply or "data- og informationssikkerhed" in reply


def test_catalogue_text_is_never_markup(conversation):
    for question in ("hvad er kompetencehjulet?", "gode eksempler for ældre"):
        reply = conversation.reply(question)
        assert "<" not in reply and "**" not in reply


def test_two_roles_in_one_question_are_both_answered(conversation):
    reply = conversation.reply("hvad skal sygeplejersker og pædagoger kunne om datasikkerhed?")
    assert "En sygeplejerske skal være på niveau" in reply
    assert "En pædagog skal være på niveau" in reply
    # The conversation goes on about the last role answered.
    reply = conversation.reply("hvad med dataanvendelse?")
    assert "En pædagog skal være på niveau" in reply and "dataanvendelse" in reply


def test_two_areas_for_one_role_are_both_answered(conversation):
    reply = conversation.reply("hvad skal en socialrådgiver kunne om datasikkerhed og dataanvendelse?")
    assert "informationssikkerhed" in reply and "dataanvendelse" in reply
    assert reply.count("En socialrådgiver skal være på niveau") == 2
