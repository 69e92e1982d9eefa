"""NLU examples from Rasa YAML files and the checks that keep training and held-out data honest.

Everything here reads YAML only (through Rasa's own loader), so it is fast and needs no trained model.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from bot import settings
from bot.catalogue import ENTITY_KINDS

HELDOUT_PATH = settings.TESTS_DIR / "nlu" / "heldout.yml"
# Written the way people write, frozen on 2026-12-01 before training data was written against it.
REALISTIC_PATH = settings.TESTS_DIR / "nlu" / "realistic.yml"
NLU_DIR = settings.DATA_DIR / "nlu"
# Entities that come from the catalogue and need examples; `item` only comes in button payloads and
# `citizen_topic` is set by the actions.
CATALOGUE_ENTITIES = ENTITY_KINDS
ENTITIES_WITHOUT_EXAMPLES = ("item", "citizen_topic")
MIN_TRAINING_EXAMPLES = 20

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """What counts as "the same example": case, punctuation and spacing do not matter."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Entity:
    entity: str
    value: str  # as annotated: the text, or the canonical id when given explicitly
    text: str  # the annotated span
    start: int
    end: int


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: Tuple[Entity, ...]
    source: str  # file the example came from


def _nlu_files(paths: Iterable[Path]) -> List[Path]:
    files: List[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yml") if p.is_file()))
        elif path.is_file():
            files.append(path)
    return files


def load_examples(paths: Iterable[Path]) -> List[Example]:
    """Intent examples of the given NLU files or folders (lookups and synonyms are skipped)."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: List[Example] = []
    for path in _nlu_files(paths):
        data = load_data(str(path))
        for message in data.intent_examples:
            text = message.get("text")
            entities = tuple(
                Entity(e["entity"], str(e.get("value", "")), text[e["start"]:e["end"]], e["start"], e["end"])
                for e in message.get("entities") or []
            )
            examples.append(Example(text, message.get("intent"), entities, str(path)))
    return examples


def training_examples() -> List[Example]:
    return load_examples([NLU_DIR])


def heldout_examples(path: Optional[Path] = None) -> List[Example]:
    return load_examples([path or HELDOUT_PATH])


def domain_intents_and_entities() -> Tuple[List[str], List[str]]:
    """Intents and entities the domain files declare (Rasa's built-in intents are left out unless a
    domain file lists them, as domain/core.yml does with out_of_scope)."""
    import yaml

    intents: List[str] = []
    entities: List[str] = []
    paths = [settings.DOMAIN_PATH] if settings.DOMAIN_PATH.is_file() else sorted(settings.DOMAIN_PATH.glob("*.yml"))
    for path in paths:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind, found in (("intents", intents), ("entities", entities)):
            for item in content.get(kind) or []:
                name = next(iter(item)) if isinstance(item, dict) else str(item)
                if name not in found:
                    found.append(name)
    return intents, entities


# --- entity values ----------------------------------------------------------------------------------------
def catalogue_values() -> Dict[Tuple[str, str], str]:
    """(entity, normalised text) -> canonical id, from the same forms the generated synonyms use."""
    from bot.catalogue import load_catalogue, normalise_form
    from bot.nlu.catalogue_data import entity_forms

    table: Dict[Tuple[str, str], str] = {}
    for form in entity_forms(load_catalogue()):
        table[(form.entity, normalise_form(form.text))] = form.value
        table[(form.entity, normalise_form(form.value))] = form.value
    return table


def gold_value(entity: Entity, table: Dict[Tuple[str, str], str]) -> Optional[str]:
    """The canonical id an annotated entity stands for, or None when it cannot be told."""
    from bot.catalogue import normalise_form

    ids = set(table.values())
    if entity.value != entity.text and entity.value in ids:
        return entity.value  # given explicitly
    return table.get((entity.entity, normalise_form(entity.value)))


# --- checks -----------------------------------------------------------------------------------------------
@dataclass
class Problems:
    """Problems found by a check, as Danish sentences a person can act on."""

    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)

    def extend(self, other: "Problems") -> "Problems":
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        return self

    @property
    def ok(self) -> bool:
        return not self.errors


def overlap(training: Sequence[Example], heldout: Sequence[Example]) -> List[Tuple[Example, Example]]:
    """Held-out examples that also appear (normalised) in the training data."""
    seen = {normalise(e.text): e for e in training}
    return [(h, seen[normalise(h.text)]) for h in heldout if normalise(h.text) in seen]


def ambiguous(examples: Sequence[Example]) -> Dict[str, Set[str]]:
    """Normalised texts given to more than one intent."""
    intents: Dict[str, Set[str]] = {}
    for e in examples:
        intents.setdefault(normalise(e.text), set()).add(e.intent)
    return {text: found for text, found in intents.items() if len(found) > 1}


def check_training(examples: Sequence[Example], intents: Sequence[str], minimum: int = MIN_TRAINING_EXAMPLES) -> Problems:
    p = Problems()
    counts: Dict[str, int] = {}
    for e in examples:
        counts[e.intent] = counts.get(e.intent, 0) + 1
    for intent in intents:
        if counts.get(intent, 0) < minimum:
            p.errors.append(f"Intentionen {intent} har {counts.get(intent, 0)} træningseksempler (mindst {minimum}).")
    for intent in sorted(set(counts) - set(intents)):
        p.errors.append(f"Intentionen {intent} har træningseksempler, men står ikke i domænet.")
    for text, found in sorted(ambiguous(examples).items()):
        p.errors.append(f"Eksemplet »{text}« står under flere intentioner: {', '.join(sorted(found))}.")
    return p


def check_heldout(
    heldout: Sequence[Example],
    training: Sequence[Example],
    intents: Sequence[str],
    entities: Sequence[str],
    table: Optional[Dict[Tuple[str, str], str]] = None,
) -> Problems:
    p = Problems()
    for h, t in overlap(training, heldout):
        p.errors.append(f"Testeksemplet »{h.text}« ({h.intent}) findes også i træningsdata ({Path(t.source).name}).")
    covered_intents = {e.intent for e in heldout}
    for intent in intents:
        if intent not in covered_intents:
            p.errors.append(f"Intentionen {intent} har ingen testeksempler i {HELDOUT_PATH.name}.")
    for intent in sorted(covered_intents - set(intents)):
        p.errors.append(f"Testdata bruger intentionen {intent}, som ikke står i domænet.")
    covered_entities = {ent.entity for e in heldout for ent in e.entities}
    for entity in entities:
        if entity not in covered_entities and entity not in ENTITIES_WITHOUT_EXAMPLES:
            p.errors.append(f"Entiteten {entity} har ingen testeksempler.")
    for text, found in sorted(ambiguous(heldout).items()):
        p.errors.append(f"Testeksemplet »{text}« står under flere intentioner: {', '.join(sorted(found))}.")
    if table is not None:
        for e in heldout:
            for ent in e.entities:
                if ent.entity in CATALOGUE_ENTITIES and gold_value(ent, table) is None:
                    p.errors.append(
                        f"Testeksemplet »{e.text}«: [{ent.text}]({ent.entity}) er ikke et navn eller synonym i "
                        f"kataloget; skriv id'et: {{\"entity\": \"{ent.entity}\", \"value\": \"…\"}}."
                    )
    return p
