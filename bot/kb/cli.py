"""`python -m bot kb …`: check the catalogue, build the knowledge base, search it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import settings

KIND_NAMES = {
    "role": "rolle",
    "area": "kompetenceområde",
    "dimension": "dimension",
    "level": "niveau",
    "digcomp": "DigComp-kompetence",
    "framework": "referenceramme",
    "practice": "godt eksempel",
    "offer": "tilbud",
    "help_topic": "borgerhjælp",
    "theme": "tema",
    "target_group": "målgruppe",
}


def register(subparsers) -> None:
    kb = subparsers.add_parser("kb", help="vidensbasen: tjek kataloget, byg og søg")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)

    check = kb_sub.add_parser("check", help="tjek kataloget for fejl uden at bygge")
    check.add_argument("--katalog", dest="catalogue", type=Path, default=None,
                       help=f"katalogmappe (standard: {settings.CATALOGUE_DIR})")
    check.set_defaults(func=_check)

    build = kb_sub.add_parser("build", help="tjek kataloget og byg vidensbasen")
    build.add_argument("--katalog", dest="catalogue", type=Path, default=None,
                       help=f"katalogmappe (standard: {settings.CATALOGUE_DIR})")
    build.add_argument("--url", default=None, help="SQLAlchemy-URL (standard: KB_URL eller SQLite i var/)")
    build.add_argument("--hvis-aendret", dest="if_changed", action="store_true",
                       help="byg kun, hvis kataloget er ændret siden sidst")
    build.set_defaults(func=_build)

    search = kb_sub.add_parser("search", help="søg i vidensbasen")
    search.add_argument("text", help="det, du søger efter")
    search.add_argument("--antal", dest="limit", type=int, default=5, help="antal resultater (standard 5)")
    search.add_argument("--url", default=None, help="SQLAlchemy-URL (standard: KB_URL eller SQLite i var/)")
    search.set_defaults(func=_search)


def _print_problems(error) -> int:
    print(error.text(), file=sys.stderr)
    return 1


def _check(args: argparse.Namespace) -> int:
    from ..catalogue import CatalogueError, load_catalogue

    try:
        catalogue = load_catalogue(args.catalogue)
    except CatalogueError as error:
        return _print_problems(error)
    print(f"Kataloget er i orden: {len(catalogue.roles)} roller, {len(catalogue.practices)} gode eksempler, "
          f"{len(catalogue.offers)} tilbud og {len(catalogue.help_topics)} emner om borgerhjælp.")
    _print_warnings(catalogue.warnings)
    return 0


def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"Advarsel: {warning}", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from ..catalogue import CatalogueError
    from .builder import build, ensure_built

    try:
        result = (ensure_built if args.if_changed else build)(args.catalogue, args.url)
    except CatalogueError as error:
        print("Vidensbasen er ikke bygget, fordi kataloget har fejl. Den hidtidige vidensbase er uændret.",
              file=sys.stderr)
        return _print_problems(error)
    if not result.built:
        print(f"Vidensbasen er allerede opdateret ({result.url}).")
        return 0
    counts = ", ".join(f"{count} {name}" for name, count in result.counts.items())
    print(f"Vidensbasen er bygget ({result.url}): {counts}.")
    _print_warnings(result.warnings)
    return 0


def _search(args: argparse.Namespace) -> int:
    from .engine import KnowledgeBaseMissing
    from .search import search

    try:
        hits = search(args.text, args.url, args.limit)
    except KnowledgeBaseMissing as error:
        print(error, file=sys.stderr)
        return 1
    if not hits:
        print("Ingen resultater.")
        return 0
    for number, hit in enumerate(hits, 1):
        kind = KIND_NAMES.get(hit.kind, hit.kind)
        print(f"{number}. {hit.title} ({kind}: {hit.id}, score {hit.score:.2f})")
        print(f"   {hit.snippet}")
    return 0
