"""NLU data generated from the catalogue: Rasa lookup tables and synonyms, and spaCy EntityRuler patterns.

Entities and their values (always the catalogue's canonical id):
    role          e.g. "lærer" -> folkeskolelaerer
    area          e.g. "it-færdigheder" -> brugerkompetencer
    theme         e.g. "phishing" -> informationssikkerhed
    target_group  e.g. "pensionister" -> aeldre
Each entry contributes its id, its name and its synonyms, and the same written without æøå
("paedagog"). A text that two entries of different kinds use is given to the entry whose id or name
it is; when no single entry has it as id or name, it is left out of synonyms and patterns (the
actions resolve such values with bot.kb.queries.resolve(kind, text)).

    generate()          writes data/nlu/generated/*.yml, only files whose content changed
    entity_patterns()   patterns for spaCy's entity_ruler (LOWER token patterns, label and id)
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple, Union

from bot import settings
from bot.catalogue import Catalogue, load_catalogue, normalise_form
from bot.catalogue.forms import ascii_fold

logger = logging.getLogger(__name__)

# Rasa entity name -> catalogue kind
ENTITIES: Dict[str, str] = {
    "role": "role", "area": "area", "dimension": "dimension", "level": "level",
    "theme": "theme", "target_group": "target_group",
}
FILE_PREFIX = "catalogue_"
HEADER = (
    "# Genereret fra data/catalogue/ af bot/nlu/catalogue_data.py. Ret ikke her; ret i kataloget og kør\n"
    "# python -m bot train (eller make run), så bliver filen skrevet igen.\n"
)

PathLike = Union[str, Path, None]


@dataclass(frozen=True)
class Form:
    entity: str  # Rasa entity name
    value: str  # canonical id
    text: str  # lowercase text as users may write it
    primary: bool  # the entry's id or name (not a synonym)


_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _variants(text: str) -> List[str]:
    """The text as written, without æøå, and a hyphenated name also with a space and written together
    ("sosu-hjælper": "sosu hjælper", "sosuhjælper"), as people type it."""
    lower = " ".join(text.lower().split())
    spellings = [lower]
    if _INNER_HYPHEN.search(lower):
        spellings += [_INNER_HYPHEN.sub(" ", lower), _INNER_HYPHEN.sub("", lower)]
    out: List[str] = []
    for spelling in spellings:
        for variant in (spelling, ascii_fold(spelling)):
            if variant not in out:
                out.append(variant)
    return out


def entity_forms(catalogue: Catalogue) -> List[Form]:
    """Every (entity, value, text), ambiguous texts resolved or removed, in a stable order."""
    candidates: List[Form] = []
    for entity, kind in ENTITIES.items():
        for entry_id, forms in catalogue.surface_forms(kind).items():
            name, synonyms = forms[0], forms[1:]
            for text, primary in [(entry_id, True), (name, True)] + [(s, False) for s in synonyms]:
                for variant in _variants(text):
                    candidates.append(Form(entity, entry_id, variant, primary))
    owners: Dict[str, List[Form]] = {}
    for form in candidates:
        owners.setdefault(normalise_form(form.text), []).append(form)
    kept: List[Form] = []
    seen = set()
    for form in candidates:
        key = normalise_form(form.text)
        rivals = {(f.entity, f.value) for f in owners[key]}
        if len(rivals) > 1:
            primaries = {(f.entity, f.value) for f in owners[key] if f.primary}
            if len(primaries) != 1 or (form.entity, form.value) not in primaries:
                continue
        if (form.entity, form.value, form.text) in seen:
            continue
        seen.add((form.entity, form.value, form.text))
        kept.append(form)
    return kept


def ambiguous_texts(catalogue: Catalogue) -> Dict[str, List[Tuple[str, str]]]:
    """Texts used by entries of more than one entity/value: text -> [(entity, value), ...]."""
    owners: Dict[str, set] = {}
    for entity, kind in ENTITIES.items():
        for entry_id, forms in catalogue.surface_forms(kind).items():
            for text in [entry_id, *forms]:
                owners.setdefault(normalise_form(text), set()).add((entity, entry_id))
    return {text: sorted(o) for text, o in sorted(owners.items()) if len(o) > 1}


# --- Rasa YAML ------------------------------------------------------------------------------------------
def _yaml_text(text: str) -> str:
    # Lines in an `examples: |` block are plain text; only a leading "- " is structure.
    return text.replace("\n", " ")


def _examples(texts: Iterable[str]) -> str:
    return "".join(f"    - {_yaml_text(t)}\n" for t in texts)


def lookup_yaml(forms: Sequence[Form]) -> str:
    out = [HEADER, 'version: "3.1"\n', "nlu:\n"]
    for entity in ENTITIES:
        texts = list(dict.fromkeys(f.text for f in forms if f.entity == entity))
        out.append(f"- lookup: {entity}\n  examples: |\n{_examples(texts)}")
    return "".join(out)


def synonym_yaml(forms: Sequence[Form]) -> str:
    out = [HEADER, 'version: "3.1"\n', "nlu:\n"]
    by_value: Dict[str, List[str]] = {}
    for form in forms:
        if form.text != form.value:
            by_value.setdefault(form.value, [])
            if form.text not in by_value[form.value]:
                by_value[form.value].append(form.text)
    for value, texts in by_value.items():
        out.append(f"- synonym: {value}\n  examples: |\n{_examples(texts)}")
    return "".join(out)


def nlu_files(catalogue: Catalogue) -> Dict[str, str]:
    """File name -> content of every generated NLU file."""
    forms = entity_forms(catalogue)
    return {
        f"{FILE_PREFIX}lookups.yml": lookup_yaml(forms),
        f"{FILE_PREFIX}synonyms.yml": synonym_yaml(forms),
    }


def generate(catalogue_dir: PathLike = None, out_dir: PathLike = None) -> List[Path]:
    """Write the generated NLU files; only files whose content changed are written (and returned).
    Generated files that are no longer produced are removed."""
    catalogue = load_catalogue(catalogue_dir)
    out = Path(out_dir or settings.GENERATED_NLU_DIR)
    out.mkdir(parents=True, exist_ok=True)
    files = nlu_files(catalogue)
    changed: List[Path] = []
    for name, content in files.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            temp = path.with_name(f".{name}.tmp")
            temp.write_text(content, encoding="utf-8")
            temp.replace(path)
            changed.append(path)
    for stale in out.glob(f"{FILE_PREFIX}*.yml"):
        if stale.name not in files:
            stale.unlink()
            changed.append(stale)
    if changed:
        logger.info("NLU-data fra kataloget er skrevet: %s", ", ".join(p.name for p in changed))
    return changed


# --- spaCy EntityRuler patterns ---------------------------------------------------------------------------
def _tokenizer(nlp=None):
    if nlp is not None:
        return nlp.tokenizer
    import spacy

    return spacy.blank("da").tokenizer


def entity_patterns(catalogue_dir: PathLike = None, nlp=None) -> List[dict]:
    """EntityRuler patterns: {"label": entity, "id": canonical id, "pattern": [{"LOWER": token}, ...]}.

    Tokens come from the Danish tokenizer (nlp's, or spaCy's blank Danish), so "it-færdigheder" is
    matched token by token the way the pipeline splits it. The order is stable.
    """
    catalogue = load_catalogue(catalogue_dir)
    tokenizer = _tokenizer(nlp)
    patterns: List[dict] = []
    seen = set()
    for form in entity_forms(catalogue):
        tokens = tuple(token.text.lower() for token in tokenizer(form.text) if not token.is_space)
        if not tokens or (form.entity, tokens) in seen:
            continue
        seen.add((form.entity, tokens))
        patterns.append({"label": form.entity, "id": form.value, "pattern": [{"LOWER": t} for t in tokens]})
    return patterns


if __name__ == "__main__":  # python -m bot.nlu.catalogue_data
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    written = generate()
    print("Skrevet: " + ", ".join(str(p) for p in written) if written else "Uændret.")
