"""Loading and validating the catalogue folder: load_catalogue() and catalogue_fingerprint()."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, List, Optional, Tuple, Union

from pydantic import ValidationError

from .. import settings
from .catalogue import Catalogue
from .checks import Parsed, check_all, missing_required_entries
from .errors import CatalogueError, Problem
from .lenient import lenient
from .models import FOLDERS, OPTIONAL_FOLDERS, SINGLE_FILES
from .pydantic_messages import problems_from_validation
from .yaml_reader import read_yaml

YAML_SUFFIXES = (".yml", ".yaml")


def catalogue_files(path: Path) -> List[Path]:
    """Every YAML file under the catalogue folder, sorted by relative path."""
    return sorted(
        (p for p in path.rglob("*") if p.is_file() and p.suffix in YAML_SUFFIXES),
        key=lambda p: p.relative_to(path).as_posix(),
    )


def catalogue_fingerprint(path: Union[str, Path, None] = None) -> str:
    """sha256 over the relative paths and contents of all catalogue YAML files."""
    path = Path(path or settings.CATALOGUE_DIR)
    digest = hashlib.sha256()
    for file in catalogue_files(path):
        digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _parse(model: type, raw: Any, file: str) -> Tuple[Optional[Any], List[Problem]]:
    """The model, or on errors a lenient reading (see lenient.py) and the problems."""
    if raw is None:
        return None, [Problem(file, None, None, "filen er tom")]
    if not isinstance(raw, dict):
        return None, [Problem(file, None, None, "filen skal bestå af felter (nøgle: værdi), ikke en liste eller tekst")]
    try:
        return model.parse_obj(raw), []
    except ValidationError as exc:
        return lenient(model, raw), problems_from_validation(exc, model, raw, file)


def _read(path: Path, file: str) -> Tuple[Any, List[Problem]]:
    result = read_yaml(path)
    return result.data, [Problem(file, None, None, message, line) for message, line in result.errors]


def _file_rank(problem: Problem) -> Tuple[int, str]:
    order = list(SINGLE_FILES) + [f"{folder}/" for folder in FOLDERS]
    for rank, name in enumerate(order):
        if problem.file == name or (name.endswith("/") and problem.file.startswith(name)):
            return rank, problem.file
    return len(order), problem.file


def _read_and_parse(file_path: Path, file: str, model, parsed: Parsed, problems: List[Problem]):
    """One file's contents (a lenient reading when it has errors), or None when it cannot be read.
    Its problems are added to `problems`; a file with errors is marked partial in `parsed`."""
    raw, read_problems = _read(file_path, file)
    problems += read_problems
    if raw is None and read_problems:
        return None
    value, parse_problems = _parse(model, raw, file)
    problems += parse_problems
    if parse_problems:
        parsed.partial.add(file)
    return value


def load_catalogue(path: Union[str, Path, None] = None) -> Catalogue:
    """Read and validate the whole catalogue. Raises CatalogueError listing every problem found.

    Entries the format requires but that are missing are not errors; they are listed in
    Catalogue.warnings (and the tests of the real catalogue require none).
    """
    root = Path(path or settings.CATALOGUE_DIR)
    if not root.is_dir():
        raise CatalogueError([Problem(str(root), None, None, "kataloget findes ikke (mappen mangler)")])
    problems: List[Problem] = []
    parsed = Parsed()

    for name, model in SINGLE_FILES.items():
        file_path = root / name
        if not file_path.exists():
            problems.append(Problem(name, None, None, "filen mangler"))
            continue
        value = _read_and_parse(file_path, name, model, parsed, problems)
        attr = {"niveauer.yml": "levels", "kompetencehjulet.yml": "wheel", "digcomp.yml": "digcomp",
                "taksonomi.yml": "taxonomy", "tilbud.yml": "offers", "borgerhjaelp.yml": "help",
                "parathedstest.yml": "readiness"}[name]
        setattr(parsed, attr, value)

    for folder, model in FOLDERS.items():
        folder_path = root / folder
        files = sorted(folder_path.glob("*")) if folder_path.is_dir() else []
        yaml_files = [f for f in files if f.suffix in YAML_SUFFIXES]
        if not yaml_files and folder not in OPTIONAL_FOLDERS:
            problems.append(Problem(f"{folder}/", None, None, "mappen mangler eller har ingen .yml-filer"))
        for file_path in yaml_files:
            file = f"{folder}/{file_path.name}"
            if file_path.suffix != ".yml":
                problems.append(Problem(file, None, None, "filen skal have endelsen .yml"))
            value = _read_and_parse(file_path, file, model, parsed, problems)
            target = {"roller": parsed.roles, "gode-eksempler": parsed.practices, "begreber": parsed.concepts}[folder]
            if value is not None:
                target.append((file, value))

    for file_path in catalogue_files(root):
        relative = file_path.relative_to(root).as_posix()
        parts = relative.split("/")
        if not (relative in SINGLE_FILES or (len(parts) == 2 and parts[0] in FOLDERS)):
            problems.append(Problem(relative, None, None, "ukendt fil i kataloget (se docs/catalogue-format.md)"))

    problems += check_all(parsed)
    if problems:
        raise CatalogueError(sorted(problems, key=_file_rank))

    return Catalogue(
        path=root,
        levels=tuple(parsed.levels.levels),
        wheel=parsed.wheel,
        digcomp=parsed.digcomp,
        taxonomy=parsed.taxonomy,
        roles={role.id: role for _, role in sorted(parsed.roles, key=lambda item: item[1].id)},
        practices={p.id: p for _, p in sorted(parsed.practices, key=lambda item: item[1].id)},
        offers={offer.id: offer for offer in parsed.offers.offers},
        help_topics={topic.id: topic for topic in parsed.help.topics},
        help_facets={facet.id: facet for facet in parsed.help.facets},
        concepts={c.id: c for _, c in sorted(parsed.concepts, key=lambda item: item[1].id)},
        readiness=parsed.readiness,
        fingerprint=catalogue_fingerprint(root),
        warnings=missing_required_entries(parsed),
    )
