"""Knowledge base on SQLite: build, atomic replacement, fingerprint, query functions, command line."""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot import settings
from bot.catalogue import CatalogueError
from bot.kb import KnowledgeBaseMissing, build, ensure_built, needs_build, queries, schema
from bot.kb import builder as build_module
from bot.kb.search import search

MINIMAL = Path(__file__).parent / "fixtures" / "catalogue-minimal"


def dump(url: str) -> dict:
    """Every row of every KB table, sorted, for comparing two builds."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(tuple(str(v) for v in row) for row in conn.execute(select(table)))
                for table in schema.metadata.sorted_tables
            }
    finally:
        engine.dispose()


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    root = tmp_path / "katalog"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'kb.sqlite3'}"


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.sqlite3'}"
    build(settings.CATALOGUE_DIR, url)
    return url


# --- building ----------------------------------------------------------------------------------------
def test_build_minimal_catalogue_on_sqlite(catalogue_copy, sqlite_url):
    result = build(catalogue_copy, sqlite_url)
    assert result.built
    assert result.counts["roller"] == 2 and result.counts["gode eksempler"] == 3
    assert result.counts["kompetenceområder"] == 12 and result.counts["DigComp-kompetencer"] == 21
    assert result.warnings  # the minimal catalogue lacks required entries
    role = queries.get_role("paedagog", url=sqlite_url)
    assert role.name == "pædagog" and len(role.competences) == 12
    # no temporary files are left next to the KB
    assert [p.name for p in Path(sqlite_url[len("sqlite:///"):]).parent.iterdir()] == ["kb.sqlite3"]


def test_rebuild_is_idempotent(catalogue_copy, sqlite_url):
    first = build(catalogue_copy, sqlite_url)
    before = dump(sqlite_url)
    second = build(catalogue_copy, sqlite_url)
    assert first.fingerprint == second.fingerprint
    assert dump(sqlite_url) == before


def test_needs_build_follows_the_catalogue(catalogue_copy, sqlite_url):
    assert needs_build(catalogue_copy, sqlite_url)  # no KB yet
    assert not Path(sqlite_url[len("sqlite:///"):]).exists()  # asking did not create an empty file
    build(catalogue_copy, sqlite_url)
    assert not needs_build(catalogue_copy, sqlite_url)
    assert not ensure_built(catalogue_copy, sqlite_url).built
    path = catalogue_copy / "borgerhjaelp.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Book en tid.", "Bestil en tid."), encoding="utf-8")
    assert needs_build(catalogue_copy, sqlite_url)
    assert ensure_built(catalogue_copy, sqlite_url).built
    assert queries.get_help_topic("borgerservice", url=sqlite_url).steps[0] == "Bestil en tid."


def test_broken_catalogue_leaves_the_kb_intact(catalogue_copy, sqlite_url):
    build(catalogue_copy, sqlite_url)
    before = dump(sqlite_url)
    role_file = catalogue_copy / "roller" / "paedagog.yml"
    role_file.write_text(role_file.read_text(encoding="utf-8").replace("niveau: avanceret", "niveau: mester", 1),
                         encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        build(catalogue_copy, sqlite_url)
    assert "roller/paedagog.yml, post 'paedagog', felt 'kompetencer[3].niveau': ukendt niveau 'mester'" in str(info.value)
    assert dump(sqlite_url) == before
    assert queries.get_role("paedagog", url=sqlite_url).competence("datasikkerhed").level_id == "avanceret"
    assert search("phishing", sqlite_url, 1)[0].id in {"phishing-traening", "phishing-simulering", "informationssikkerhed"}


def test_failure_while_writing_leaves_the_old_kb(catalogue_copy, sqlite_url, monkeypatch):
    build(catalogue_copy, sqlite_url)
    before = dump(sqlite_url)

    def explode(conn, rows):
        conn.execute(schema.roles.insert(), [dict(id="halv", name="halv", summary="x", source="x")])
        raise RuntimeError("disken er fuld")

    monkeypatch.setattr(build_module, "_insert_all", explode)
    with pytest.raises(RuntimeError):
        build(catalogue_copy, sqlite_url)
    assert dump(sqlite_url) == before
    assert [p.name for p in Path(sqlite_url[len("sqlite:///"):]).parent.iterdir()] == ["kb.sqlite3"]


def test_a_reader_sees_the_new_kb_after_a_rebuild(catalogue_copy, sqlite_url):
    build(catalogue_copy, sqlite_url)
    assert queries.get_practice("phishing-traening", url=sqlite_url).title == "Phishing-træning for medarbejdere"
    path = catalogue_copy / "gode-eksempler" / "phishing-traening.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("titel: Phishing-træning for medarbejdere",
                                                            "titel: Træning mod phishing"), encoding="utf-8")
    build(catalogue_copy, sqlite_url)
    assert queries.get_practice("phishing-traening", url=sqlite_url).title == "Træning mod phishing"
    assert search("træning mod phishing", sqlite_url, 1)[0].title == "Træning mod phishing"


def test_missing_kb_raises_a_danish_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'ingen.sqlite3'}"
    with pytest.raises(KnowledgeBaseMissing, match="python -m bot kb build"):
        queries.get_role("paedagog", url=url)
    assert not (tmp_path / "ingen.sqlite3").exists()


# --- queries on the real catalogue ------------------------------------------------------------------
def test_every_role_has_twelve_areas_with_texts(real_kb):
    roles = queries.list_roles(url=real_kb)
    assert len(roles) >= 18
    for ref in roles:
        role = queries.get_role(ref.id, url=real_kb)
        assert [c.area_id for c in role.competences] == [a.id for d in queries.framework_overview(url=real_kb).dimensions
                                                         for a in d.areas]
        assert all(c.in_practice and c.level_name for c in role.competences)
        assert 3 <= len(role.typical_situations) <= 5


def test_role_area_and_level_comparison(real_kb):
    result = queries.get_role_area("folkeskolelaerer", "datasikkerhed", url=real_kb)
    assert result.role_name == "folkeskolelærer" and result.area_name == "Data- og informationssikkerhed"
    assert result.dimension_id == "anvendelse"
    assert result.level.id in {"grundlaeggende", "oevet", "avanceret", "ekspert"}
    assert result.in_practice and result.level_description
    comparison = queries.compare_level("folkeskolelaerer", "datasikkerhed", "ekspert", url=real_kb)
    assert comparison.meets and comparison.gap == result.level.position - 3
    assert queries.get_role_area("folkeskolelaerer", "findes-ikke", url=real_kb) is None
    assert queries.get_role("astronaut", url=real_kb) is None


def test_area_dimension_level_and_overview(real_kb):
    area = queries.get_area("teknologivurdering", url=real_kb)
    assert area.dimension_id == "teknologiforstaaelse" and not area.name_from_kl
    assert [lv.level_id for lv in area.levels] == ["grundlaeggende", "oevet", "avanceret", "ekspert"]
    dimension = queries.get_dimension("udvikling", url=real_kb)
    assert [a.id for a in dimension.areas] == ["implementering-anskaffelse", "udvikling-innovation",
                                               "forankring-forandring"]
    level = queries.get_level("avanceret", url=real_kb)
    assert level.name == "Avanceret" and level.digcomp_levels == (5, 6) and level.position == 2
    overview = queries.framework_overview(url=real_kb)
    assert len(overview.dimensions) == 4 and len(overview.levels) == 4
    assert [a.number for a in overview.digcomp.areas] == [1, 2, 3, 4, 5]
    assert sum(len(a.competences) for a in overview.digcomp.areas) == 21
    assert overview.to_dict()["dimensions"][0]["areas"][0]["id"] == "brugerkompetencer"


def test_find_practices_pages_through_matches(real_kb):
    first = queries.find_practices(theme="mitid", limit=2, url=real_kb)
    assert first.exact and first.total >= 2 and len(first.items) == 2
    everything = queries.find_practices(theme="mitid", limit=100, url=real_kb)
    assert [p.id for p in everything.items][:2] == [p.id for p in first.items]
    assert all("mitid" in p.themes for p in everything.items)
    if first.total > 2:
        assert first.has_more and first.next_offset == 2
        second = queries.find_practices(theme="mitid", offset=2, limit=2, url=real_kb)
        assert not {p.id for p in second.items} & {p.id for p in first.items}
    both = queries.find_practices(theme="digital-post", target_group="unge", url=real_kb)
    assert both.exact and both.items[0].id == "unge-digital-post"
    groups = queries.find_practices(target_group="aeldre", limit=50, url=real_kb)
    assert "frivillige-it-hjaelpere-aeldre" in [p.id for p in groups.items]


def test_find_practices_falls_back_to_either_filter(real_kb):
    page = queries.find_practices(theme="velfaerdsteknologi", target_group="virksomheder", limit=50, url=real_kb)
    if not page.exact:
        assert all("velfaerdsteknologi" in p.themes or "virksomheder" in p.target_groups for p in page.items)
    assert page.total == len(page.items)


def test_practice_offer_and_help_topic(real_kb):
    practice = queries.get_practice("phishing-traening", url=real_kb)
    assert 3 <= len(practice.steps) <= 6 and practice.prerequisites and practice.impact_measures
    assert "informationssikkerhed" in [t.id for t in practice.themes]
    assert queries.get_practice("findes-ikke", url=real_kb) is None
    offers = queries.offers_for(area_id="datasikkerhed", url=real_kb)
    assert offers and all("datasikkerhed" in [a.id for a in o.areas] for o in offers)
    role_offers = queries.offers_for(role_id="paedagog", url=real_kb)
    assert [o.id for o in role_offers] == [r.id for r in queries.get_role("paedagog", url=real_kb).offers]
    topic = queries.get_help_topic("digital-post-fritagelse", url=real_kb)
    assert topic.title and topic.answer and topic.steps
    assert [t.id for t in queries.list_help_topics(url=real_kb)][:1] == ["mitid-faa"]


def test_resolve_names_and_synonyms(real_kb):
    assert queries.resolve("role", "lærer", url=real_kb) == "folkeskolelaerer"
    assert queries.resolve("role", "Folkeskolelærer", url=real_kb) == "folkeskolelaerer"
    assert queries.resolve("role", "folkeskolelaerer", url=real_kb) == "folkeskolelaerer"
    assert queries.resolve("role", "paedagog", url=real_kb) == "paedagog"
    assert queries.resolve("target_group", "pensionister", url=real_kb) == "aeldre"
    assert queries.resolve("area", "IT-færdigheder", url=real_kb) == "brugerkompetencer"
    assert queries.resolve("role", "astronaut", url=real_kb) is None


# --- command line ------------------------------------------------------------------------------------
def run_cli(*argv) -> int:
    from bot.kb import cli

    parser = argparse.ArgumentParser(prog="python -m bot")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_build_and_search(catalogue_copy, sqlite_url, capsys):
    assert run_cli("kb", "build", "--katalog", str(catalogue_copy), "--url", sqlite_url) == 0
    out = capsys.readouterr().out
    assert "Vidensbasen er bygget" in out and "2 roller" in out and "3 gode eksempler" in out
    assert run_cli("kb", "build", "--katalog", str(catalogue_copy), "--url", sqlite_url, "--hvis-aendret") == 0
    assert "allerede opdateret" in capsys.readouterr().out
    assert run_cli("kb", "search", "phishing", "--url", sqlite_url, "--antal", "2") == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ") and "godt eksempel: phishing-traening" in out


def test_cli_build_fails_with_the_error_list(catalogue_copy, sqlite_url, capsys):
    (catalogue_copy / "tilbud.yml").write_text("tilbud: [\n", encoding="utf-8")
    assert run_cli("kb", "build", "--katalog", str(catalogue_copy), "--url", sqlite_url) == 1
    err = capsys.readouterr().err
    assert "kataloget har fejl" in err and "tilbud.yml, linje 2: YAML-syntaksfejl" in err
    assert run_cli("kb", "check", "--katalog", str(MINIMAL)) == 0
    assert "Kataloget er i orden" in capsys.readouterr().out
