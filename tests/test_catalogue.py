"""The catalogue schema and loader: the real catalogue validates, and errors are reported precisely."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot import settings
from bot.catalogue import CatalogueError, load_catalogue
from bot.catalogue import fixed_ids

MINIMAL = Path(__file__).parent / "fixtures" / "catalogue-minimal"


@pytest.fixture
def broken(tmp_path):
    """A copy of the minimal catalogue to break; edit(file, old, new) replaces text in it once."""
    root = tmp_path / "katalog"
    shutil.copytree(MINIMAL, root)

    def edit(file: str, old: str, new: str, count: int = 1) -> Path:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return root

    edit.root = root
    return edit


def problems_of(root: Path):
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    return info.value.problems, str(info.value)


# --- the real catalogue ------------------------------------------------------------------------------
def test_real_catalogue_validates():
    catalogue = load_catalogue(settings.CATALOGUE_DIR)
    assert len(catalogue.areas) == 12
    assert len(catalogue.digcomp_competences) == 21
    assert [level.id for level in catalogue.levels] == list(fixed_ids.LEVEL_IDS)


def test_real_catalogue_has_every_required_entry():
    catalogue = load_catalogue(settings.CATALOGUE_DIR)
    assert catalogue.warnings == []
    assert set(fixed_ids.ROLES) <= set(catalogue.roles)
    assert set(fixed_ids.PRACTICES) <= set(catalogue.practices)
    assert set(fixed_ids.OFFERS) <= set(catalogue.offers)
    assert set(fixed_ids.HELP_TOPICS) <= set(catalogue.help_topics)
    assert set(fixed_ids.THEMES) <= set(catalogue.themes)
    assert set(fixed_ids.TARGET_GROUPS) <= set(catalogue.target_groups)


# --- the minimal catalogue and its accessors ---------------------------------------------------------
def test_minimal_catalogue_loads_with_accessors():
    catalogue = load_catalogue(MINIMAL)
    assert list(catalogue.areas) == fixed_ids.AREA_IDS
    assert catalogue.area_dimension["datasikkerhed"] == "anvendelse"
    role = catalogue.role("paedagog")
    assert role.name == "pædagog"
    assert role.competence("datasikkerhed").level == "avanceret"
    assert catalogue.resolve("role", "Hjemmehjælper") == "sosu-hjaelper"
    assert catalogue.resolve("role", "paedagog") == "paedagog"
    assert catalogue.resolve("role", "Paedagoger") == "paedagog"  # æ written as ae
    assert catalogue.resolve("area", "IT færdigheder") == "brugerkompetencer"
    assert catalogue.resolve("target_group", "pensionister") == "aeldre"
    assert catalogue.resolve("role", "astronaut") is None
    assert [p.id for p in catalogue.practices_for(theme="mitid", target_group="aeldre")] == ["kurser-mitid-digital-post"]
    assert catalogue.warnings  # the minimal catalogue lacks most required entries
    assert len(catalogue.fingerprint) == 64


def test_fingerprint_changes_with_content(broken):
    before = load_catalogue(broken.root).fingerprint
    broken("niveauer.yml", "Du kan vejlede andre.", "Du kan vejlede og lære fra dig.")
    assert load_catalogue(broken.root).fingerprint != before


# --- precise error reports ---------------------------------------------------------------------------
def test_wrong_level_is_reported_with_file_entry_and_field(broken):
    root = broken("roller/paedagog.yml", "niveau: avanceret", "niveau: mester")
    problems, text = problems_of(root)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.entry, problem.field) == ("roller/paedagog.yml", "paedagog", "kompetencer[3].niveau")
    assert "ukendt niveau 'mester'" in problem.message and "grundlaeggende, oevet, avanceret, ekspert" in problem.message
    assert "roller/paedagog.yml, post 'paedagog', felt 'kompetencer[3].niveau': ukendt niveau 'mester'" in text


def test_unknown_area_id_in_role(broken):
    root = broken("roller/sosu-hjaelper.yml", "område: digital-dialog", "område: digital-dialogen")
    problems, text = problems_of(root)
    fields = {(p.file, p.entry, p.field) for p in problems}
    assert ("roller/sosu-hjaelper.yml", "sosu-hjaelper", "kompetencer[9].område") in fields
    assert "ukendt område 'digital-dialogen'" in text
    assert "mangler området 'digital-dialog'" in text


def test_area_listed_twice_in_role(broken):
    root = broken("roller/paedagog.yml", "område: dataanvendelse", "område: brugerkompetencer")
    _, text = problems_of(root)
    assert "felt 'kompetencer': området 'brugerkompetencer' står 2 gange" in text
    assert "mangler området 'dataanvendelse'" in text


def test_missing_field(broken):
    root = broken("gode-eksempler/phishing-traening.yml", "resume: Medarbejderne", "# resume: Medarbejderne")
    problems, text = problems_of(root)
    assert [(p.file, p.entry, p.field) for p in problems] == [
        ("gode-eksempler/phishing-traening.yml", "phishing-traening", "resume")
    ]
    assert "mangler" in problems[0].message


def test_missing_level_text_in_wheel_area(broken):
    root = broken("kompetencehjulet.yml", "          ekspert: Dataanvendelse", "          mester: Dataanvendelse")
    _, text = problems_of(root)
    assert "kompetencehjulet.yml, post 'dataanvendelse', felt 'niveauer.ekspert': mangler" in text
    assert "felt 'niveauer.mester': ukendt niveau 'mester'" in text


def test_unknown_key_lists_allowed_keys(broken):
    root = broken("taksonomi.yml", "    beskrivelse: Ældre borgere.", "    beskrivelse: Ældre borgere.\n    note: x")
    problems, _ = problems_of(root)
    assert problems[0].field == "note" and problems[0].entry == "aeldre"
    assert "ukendt felt 'note' (tilladte: id, navn, synonymer, beskrivelse, kilde, rolleeksempler)" in problems[0].message


def test_duplicate_id(broken):
    root = broken("tilbud.yml", "id: phishing-simulering", "id: digcompsat")
    problems, text = problems_of(root)
    assert any(p.file == "tilbud.yml" and p.entry == "digcompsat" and p.field == "id" for p in problems)
    assert "tilbuddet 'digcompsat' findes 2 gange" in text


def test_duplicate_key_in_yaml_is_reported_with_line(broken):
    root = broken("roller/paedagog.yml", "kilde: Testkatalog", "kilde: Testkatalog\nkilde: Igen")
    problems, text = problems_of(root)
    assert problems[0].file == "roller/paedagog.yml" and problems[0].line is not None
    assert "nøglen 'kilde' står to gange" in text


def test_broken_yaml_reports_file_and_line(broken):
    root = broken("gode-eksempler/kurser-mitid-digital-post.yml", "temaer: [mitid]", "temaer: [mitid")
    problems, text = problems_of(root)
    yaml_problem = next(p for p in problems if p.file == "gode-eksempler/kurser-mitid-digital-post.yml")
    assert yaml_problem.line == 6
    assert "gode-eksempler/kurser-mitid-digital-post.yml, linje 6: YAML-syntaksfejl" in text


def test_dangling_practice_and_offer_references(broken):
    broken("roller/paedagog.yml", "gode_eksempler: [digitale-ambassadoerer]", "gode_eksempler: [digitale-ambassadoerer, findes-ikke]")
    root = broken("roller/sosu-hjaelper.yml", "tilbud: [phishing-simulering", "tilbud: [phishing-kursus")
    problems, text = problems_of(root)
    assert {(p.file, p.entry, p.field) for p in problems} == {
        ("roller/paedagog.yml", "paedagog", "gode_eksempler[2]"),
        ("roller/sosu-hjaelper.yml", "sosu-hjaelper", "tilbud[1]"),
    }
    assert "ukendt godt eksempel 'findes-ikke' (der er ingen fil gode-eksempler/findes-ikke.yml)" in text
    assert "ukendt tilbud 'phishing-kursus'" in text


def test_unknown_theme_and_target_group_in_practice(broken):
    broken("gode-eksempler/phishing-traening.yml", "temaer: [informationssikkerhed]", "temaer: [it-sikkerhed]")
    root = broken("gode-eksempler/phishing-traening.yml", "målgrupper: [medarbejdere]", "målgrupper: [personale]")
    _, text = problems_of(root)
    assert "post 'phishing-traening', felt 'temaer[1]': ukendt tema 'it-sikkerhed'" in text
    assert "post 'phishing-traening', felt 'målgrupper[1]': ukendt målgruppe 'personale'" in text


def test_unknown_area_of_a_theme(broken):
    root = broken("taksonomi.yml", "områder: [datasikkerhed]", "områder: [datasikkerhed, it-sikkerhed, datasikkerhed]")
    problems, text = problems_of(root)
    assert {(p.file, p.entry, p.field) for p in problems} == {
        ("taksonomi.yml", "informationssikkerhed", "områder"),
        ("taksonomi.yml", "informationssikkerhed", "områder[2]"),
    }
    assert "post 'informationssikkerhed', felt 'områder[2]': ukendt område 'it-sikkerhed' (gyldige: brugerkompetencer" in text
    assert "felt 'områder': 'datasikkerhed' står 2 gange" in text


def test_a_theme_knows_its_areas():
    catalogue = load_catalogue(MINIMAL)
    assert catalogue.themes["informationssikkerhed"].areas == ["datasikkerhed"]
    assert catalogue.themes["mitid"].areas == []


def test_unknown_intent_and_related_topic_of_a_citizen_topic(broken):
    broken("borgerhjaelp.yml", "intent: citizen_mitid_get", "intent: citizen_mitid")
    root = broken("borgerhjaelp.yml", "se_også: [borgerservice]", "se_også: [borgerservice, mitid-faa, bibliotek]")
    problems, text = problems_of(root)
    assert {(p.file, p.entry, p.field) for p in problems} == {
        ("borgerhjaelp.yml", "mitid-faa", "intent"),
        ("borgerhjaelp.yml", "mitid-faa", "se_også"),
        ("borgerhjaelp.yml", "mitid-faa", "se_også[3]"),
    }
    assert ("post 'mitid-faa', felt 'intent': ukendt intent 'citizen_mitid' (gyldige: citizen_mitid_get, "
            "citizen_mitid_types") in text
    assert "felt 'se_også[3]': ukendt emne 'bibliotek' (findes ikke i borgerhjaelp.yml)" in text
    assert "felt 'se_også': et emne kan ikke henvise til sig selv" in text


def test_readiness_question_in_an_unknown_area_and_an_area_without_questions(broken):
    root = broken("parathedstest.yml", "    område: sikkerhed", "    område: svindel")
    problems, text = problems_of(root)
    assert {(p.file, p.entry, p.field) for p in problems} == {
        ("parathedstest.yml", "svindel", "område"),
        ("parathedstest.yml", "sikkerhed", "id"),
    }
    assert ("parathedstest.yml, post 'svindel', felt 'område': ukendt område 'svindel' "
            "(gyldige: adgang, mitid, post-selvbetjening, sikkerhed, hjaelp)") in text
    assert "post 'sikkerhed', felt 'id': området 'sikkerhed' har ingen spørgsmål" in text


def test_readiness_questions_are_the_fixed_ones_in_order(broken):
    broken("parathedstest.yml", "  - id: enhed ", "  - id: udstyr ")
    root = broken("parathedstest.yml", "  - id: booking ", "  - id: bookning ")
    _, text = problems_of(root)
    assert "post 'udstyr', felt 'id': ukendt spørgsmål 'udstyr' (gyldige: enhed, internet, mitid" in text
    assert "parathedstest.yml, felt 'spørgsmål': mangler spørgsmålet 'enhed'" in text
    assert "mangler spørgsmålet 'booking'" in text


def test_readiness_questions_in_another_order(broken):
    text = (broken.root / "parathedstest.yml").read_text(encoding="utf-8")
    first = "  - id: enhed            # computer, tablet eller smartphone\n    område: adgang\n"
    second = "  - id: internet         # internet derhjemme eller på telefonen\n    område: adgang\n"
    assert first + second in text
    root = broken("parathedstest.yml", first + second, second + first)
    _, text = problems_of(root)
    assert "felt 'spørgsmål': spørgsmålene skal stå i rækkefølgen enhed, internet, mitid, digital-post" in text


def test_unknown_target_group_of_a_role(broken):
    root = broken("roller/paedagog.yml", "målgrupper: [medarbejdere]", "målgrupper: [medarbejdere, paedagoger]")
    problems, text = problems_of(root)
    assert [(p.file, p.entry, p.field) for p in problems] == [("roller/paedagog.yml", "paedagog", "målgrupper[2]")]
    assert "ukendt målgruppe 'paedagoger' (findes ikke i taksonomi.yml)" in text


def test_a_self_rating_word_may_not_name_another_level(broken):
    root = broken("niveauer.yml", "    synonymer: [basis, begynder]\n",
                  "    synonymer: [basis, begynder]\n    selvvurdering: [lidt, øvet, god]\n")
    problems, text = problems_of(root)
    assert [(p.file, p.entry, p.field) for p in problems] == [("niveauer.yml", "grundlaeggende", "selvvurdering[2]")]
    assert "'øvet' bruges også af niveau 'oevet'" in text


def test_example_roles_are_roles_of_their_group(broken):
    broken("taksonomi.yml", "rolleeksempler: [sosu-hjaelper, paedagog]",
           "rolleeksempler: [sosu-hjaelper, laerer, sosu-hjaelper]")
    root = broken("taksonomi.yml", "    beskrivelse: Ældre borgere.\n",
                  "    beskrivelse: Ældre borgere.\n    rolleeksempler: [paedagog]\n")
    problems, text = problems_of(root)
    assert {(p.file, p.entry, p.field) for p in problems} == {
        ("taksonomi.yml", "medarbejdere", "rolleeksempler"),
        ("taksonomi.yml", "medarbejdere", "rolleeksempler[2]"),
        ("taksonomi.yml", "aeldre", "rolleeksempler[1]"),
    }
    assert ("taksonomi.yml, post 'medarbejdere', felt 'rolleeksempler[2]': ukendt rolle 'laerer' "
            "(der er ingen fil roller/laerer.yml)") in text
    assert "felt 'rolleeksempler': 'sosu-hjaelper' står 2 gange" in text
    assert ("post 'aeldre', felt 'rolleeksempler[1]': rollen 'paedagog' hører ikke til målgruppen 'aeldre' "
            "(se målgrupper i roller/paedagog.yml)") in text


def test_example_roles_keep_the_catalogues_order():
    assert [r.id for r in load_catalogue(MINIMAL).role_examples()] == ["sosu-hjaelper", "paedagog"]
    real = load_catalogue(settings.CATALOGUE_DIR)
    assert [r.id for r in real.role_examples()] == ["sosu-assistent", "folkeskolelaerer", "socialraadgiver"]


def test_the_role_question_offers_the_catalogues_example_roles(tmp_path, monkeypatch):
    """An editor's change of rolleeksempler changes »Skriv fx …« and its buttons."""
    from bot.answers import Context, Request, answer

    root = tmp_path / "katalog"
    shutil.copytree(settings.CATALOGUE_DIR, root)
    taxonomy = root / "taksonomi.yml"
    text = taxonomy.read_text(encoding="utf-8")
    old = "rolleeksempler: [sosu-assistent, folkeskolelaerer, socialraadgiver]"
    assert old in text
    taxonomy.write_text(text.replace(old, "rolleeksempler: [sygeplejerske, paedagog]"), encoding="utf-8")
    monkeypatch.setattr(settings, "CATALOGUE_DIR", root)
    reply = answer(Request("ask_role_profile", {}, "", Context(), "staff"))
    assert reply.texts == ["Hvilken rolle tænker du på? Skriv fx sygeplejerske eller pædagog."]
    assert reply.messages[0].buttons == [
        {"title": "Sygeplejerske", "payload": '/ask_role_profile{"role": "sygeplejerske"}'},
        {"title": "Pædagog", "payload": '/ask_role_profile{"role": "paedagog"}'},
    ]


def test_leader_groups_are_those_of_the_leaders_roles(broken):
    real = load_catalogue(settings.CATALOGUE_DIR)
    assert real.leader_groups == {"ledere", "hr", "digitaliseringsansvarlige"}
    assert load_catalogue(broken.root).leader_groups == {"ledere"}  # no leader role: the leaders' group only
    broken("taksonomi.yml", "  - id: aeldre\n", "  - id: ledere\n    navn: Ledere\n    beskrivelse: Ledere.\n"
           "  - id: aeldre\n")
    root = broken("roller/paedagog.yml", "målgrupper: [medarbejdere]", "målgrupper: [ledere, aeldre, medarbejdere]")
    assert load_catalogue(root).leader_groups == {"ledere", "aeldre"}  # never the staff's group


def test_every_problem_is_reported_at_once(broken):
    broken("roller/paedagog.yml", "niveau: avanceret", "niveau: mester")
    broken("roller/paedagog.yml", "gode_eksempler: [digitale-ambassadoerer]", "gode_eksempler: [findes-ikke]")
    broken("tilbud.yml", "type: selvtest", "type: quiz")
    root = broken("gode-eksempler/kurser-mitid-digital-post.yml", "temaer: [mitid]", "temaer: [mitid")
    problems, text = problems_of(root)
    assert len(problems) == 4
    assert text.startswith("Kataloget har 4 fejl:")
    assert "ukendt type 'quiz' (gyldige: selvtest, kursus, e-læring, værktøj)" in text
    # the role with a bad level still has its references checked
    assert "ukendt godt eksempel 'findes-ikke'" in text


def test_synonym_shared_by_two_entries(broken):
    root = broken("roller/paedagog.yml", "synonymer: [pædagoger,", "synonymer: [hjemmehjælper, pædagoger,")
    problems, text = problems_of(root)
    # Both list it as a synonym; the later file is reported and names the earlier one.
    assert [(p.file, p.entry, p.field) for p in problems] == [("roller/sosu-hjaelper.yml", "sosu-hjaelper", "synonymer[1]")]
    assert "'hjemmehjælper' bruges også af rolle 'paedagog'" in text


def test_wheel_needs_its_fixed_areas(broken):
    root = broken("kompetencehjulet.yml", "id: digital-dialog", "id: borgerdialog")
    _, text = problems_of(root)
    assert "kompetencehjulet.yml, post 'borgerdialog', felt 'id': ukendt område 'borgerdialog'" in text
    assert "post 'formidling', felt 'områder': mangler området 'digital-dialog'" in text


def test_missing_file_and_unknown_file(broken):
    (broken.root / "tilbud.yml").unlink()
    (broken.root / "roller" / "noter.yaml").write_text("id: noter\n", encoding="utf-8")
    _, text = problems_of(broken.root)
    assert "tilbud.yml: filen mangler" in text
    assert "roller/noter.yaml: filen skal have endelsen .yml" in text


def test_yaml_dates_and_yes_no_stay_text(broken):
    root = broken("taksonomi.yml", "synonymer: [mit id]", "synonymer: [mit id, yes, 2024-02-01]")
    catalogue = load_catalogue(root)
    assert catalogue.themes["mitid"].synonyms == ["mit id", "yes", "2024-02-01"]


def test_messages_are_danish_only(broken):
    broken("roller/paedagog.yml", "resume: Pædagogen", "resume:\n  - Pædagogen")
    broken("niveauer.yml", "digcomp_niveauer: [1, 2]", "digcomp_niveauer: [1, to]")
    root = broken("borgerhjaelp.yml", "trin: [Book en tid., Tag legitimation med.]", "trin: []")
    problems, text = problems_of(root)
    assert len(problems) == 3
    for word in ("field required", "value is not", "ensure", "extra fields"):
        assert word not in text
    assert re.search(r"felt 'resume': skal være tekst", text)
    assert "felt 'trin': skal have mindst 1 punkt" in text


def test_the_catalogue_in_use_follows_an_edit_and_keeps_the_last_good_one(broken, monkeypatch):
    from bot.catalogue import current
    from bot.catalogue.current import current_catalogue

    monkeypatch.setattr(current, "RECHECK_SECONDS", 0.0)
    root = broken.root
    assert current_catalogue(root).themes["mitid"].areas == []
    broken("taksonomi.yml", "    synonymer: [mit id]\n", "    synonymer: [mit id]\n    områder: [digital-dialog]\n")
    assert current_catalogue(root).themes["mitid"].areas == ["digital-dialog"]
    broken("taksonomi.yml", "områder: [digital-dialog]", "områder: [borgerdialog]")  # an error: not used
    assert current_catalogue(root).themes["mitid"].areas == ["digital-dialog"]


def test_a_broken_catalogue_with_no_good_reading_is_an_error(broken):
    from bot.catalogue.current import current_catalogue

    root = broken("taksonomi.yml", "områder: [datasikkerhed]", "områder: [borgerdialog]")
    with pytest.raises(CatalogueError):
        current_catalogue(root)


def test_the_catalogue_in_use_looks_at_the_files_at_most_once_a_second(broken, monkeypatch):
    from bot.catalogue import current
    from bot.catalogue.current import current_catalogue

    clock = [1000.0]
    monkeypatch.setattr(current, "_clock", lambda: clock[0])
    root = broken.root
    assert current_catalogue(root).themes["informationssikkerhed"].areas == ["datasikkerhed"]
    broken("taksonomi.yml", "områder: [datasikkerhed]", "områder: [datasikkerhed, brugerkompetencer]")
    clock[0] += 0.5
    assert current_catalogue(root).themes["informationssikkerhed"].areas == ["datasikkerhed"]
    clock[0] += 0.6
    assert current_catalogue(root).themes["informationssikkerhed"].areas == ["datasikkerhed", "brugerkompetencer"]


# One entry broken in one way, and the message an editor reads.
@pytest.mark.parametrize("file, old, new, message", [
    pytest.param("borgerhjaelp.yml", "    intent: citizen_book_borgerservice\n", "",
                 "borgerhjaelp.yml, post 'borgerservice', felt 'intent': mangler (feltet skal udfyldes)",
                 id="a_citizen_topic_needs_an_intent"),
    pytest.param("roller/paedagog.yml", "målgrupper: [medarbejdere]\n", "",
                 "roller/paedagog.yml, post 'paedagog', felt 'målgrupper': mangler (feltet skal udfyldes)",
                 id="a_role_needs_its_target_groups"),
    pytest.param("taksonomi.yml", "    rolleeksempler: [sosu-hjaelper, paedagog]\n", "",
                 "taksonomi.yml, post 'medarbejdere', felt 'rolleeksempler': mangler mindst én rolle: rollerne "
                 "nævnes som eksempler, når nogen spørger om en rolle uden at sige hvilken (»Skriv fx …«)",
                 id="the_staff_needs_example_roles"),
    pytest.param("gode-eksempler/phishing-traening.yml", "id: phishing-traening", "id: Phishing_træning",
                 "felt 'id': ugyldigt id 'Phishing_træning'", id="invalid_id_pattern"),
    pytest.param("roller/paedagog.yml", "id: paedagog", "id: paedagoger",
                 "roller/paedagog.yml, post 'paedagoger', felt 'id': id'et 'paedagoger' passer ikke til filnavnet",
                 id="id_must_match_file_name"),
    pytest.param("roller/paedagog.yml", "  - Du skriver til pårørende.\n", "",
                 "felt 'typiske_situationer': skal have mindst 3 punkter", id="list_length_limits"),
    pytest.param("digcomp.yml", '      - id: "2.6"', '      - id: "2.7"',
                 "digcomp.yml, post 'kommunikation', felt 'kompetencer': skal være kompetencerne 2.1, 2.2, 2.3, "
                 "2.4, 2.5, 2.6", id="digcomp_needs_21_competences"),
])
def test_a_broken_entry_is_reported(broken, file, old, new, message):
    _, text = problems_of(broken(file, old, new))
    assert message in text
