"""NLU examples per intent (data/nlu/*.yml, not the generated files): read, add with entity
annotation, move between intents, delete. Changes are returned as {relative path: new text}; the
store validates them before anything is written."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from bot.editor import yamlio
from bot.editor.errors import EditError
from bot.editor.project import EDITOR_NLU_FILE, NLU_DIR, Project

MAX_EXAMPLE_CHARS = 300
ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|(?P<dict>\{[^}]+?\}))"
)
NEW_FILE_HEADER = (
    'version: "3.1"\n\n'
    "# Eksempler, som redaktører har tilføjet i redigeringsværktøjet (/editor).\n\n"
    "nlu:\n"
)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    entity: str
    value: Optional[str] = None

    def text_in(self, plain: str) -> str:
        return plain[self.start:self.end]


@dataclass
class Example:
    intent: str
    raw: str  # as written in the file, with annotations
    plain: str
    entities: List[Entity]
    file: str


@dataclass
class IntentExamples:
    name: str
    examples: List[Example] = field(default_factory=list)
    files: List[str] = field(default_factory=list)


def parse_annotated(raw: str) -> Tuple[str, List[Entity]]:
    """'hvad skal en [lærer](role) kunne' -> ('hvad skal en lærer kunne', [Entity(12, 17, 'role')])."""
    plain, entities, last = [], [], 0
    length = 0
    for match in ANNOTATION.finditer(raw):
        before = raw[last:match.start()]
        plain.append(before)
        length += len(before)
        text = match.group("text")
        entity, value = match.group("entity"), match.group("value")
        if match.group("dict"):
            try:
                spec = json.loads(match.group("dict"))
                entity, value = spec.get("entity"), spec.get("value")
            except (json.JSONDecodeError, AttributeError):
                entity = None
        if entity:
            entities.append(Entity(length, length + len(text), str(entity).strip(), value))
        plain.append(text)
        length += len(text)
        last = match.end()
    plain.append(raw[last:])
    return "".join(plain), entities


def annotate(plain: str, entities: Sequence[Entity]) -> str:
    out, last = [], 0
    for ent in sorted(entities, key=lambda e: e.start):
        text = plain[ent.start:ent.end]
        out.append(plain[last:ent.start])
        if ent.value and ent.value != text:
            out.append(f'[{text}]{json.dumps({"entity": ent.entity, "value": ent.value}, ensure_ascii=False)}')
        else:
            out.append(f"[{text}]({ent.entity})")
        last = ent.end
    out.append(plain[last:])
    return "".join(out)


def normalise(text: str) -> str:
    """How two examples are compared: case, spaces and end punctuation do not matter."""
    return " ".join(text.casefold().split()).strip(" ?!.,;:")


def clean_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise EditError("Skriv eksemplets tekst.", field="text")
    if len(text) > MAX_EXAMPLE_CHARS:
        raise EditError(f"Eksemplet er for langt (højst {MAX_EXAMPLE_CHARS} tegn).", field="text")
    if ANNOTATION.search(text):
        raise EditError("Teksten indeholder [klammer] efterfulgt af (parenteser) eller {tuborgklammer}, "
                        "som betyder noget særligt i træningsdata. Fjern dem.", field="text")
    if text.startswith("- "):
        text = text[2:].strip()
    return text


def _example_lines(block) -> List[str]:
    if isinstance(block, str):
        return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]
    if isinstance(block, list):  # Rasa's extended format: [{text: ..., metadata: ...}]
        return [str(item.get("text", "")) if isinstance(item, dict) else str(item) for item in block]
    return []


def read_nlu(project: Project) -> Dict[str, IntentExamples]:
    intents: Dict[str, IntentExamples] = {}
    for rel in project.yaml_files(NLU_DIR):
        data = yamlio.fast_load_file(project.path(rel))
        if not isinstance(data, dict):
            continue
        for entry in data.get("nlu") or []:
            if not isinstance(entry, dict) or "intent" not in entry:
                continue
            name = str(entry["intent"])
            bucket = intents.setdefault(name, IntentExamples(name))
            if rel not in bucket.files:
                bucket.files.append(rel)
            for raw in _example_lines(entry.get("examples")):
                plain, entities = parse_annotated(raw)
                bucket.examples.append(Example(name, raw, plain, entities, rel))
    return intents


def find_example(project: Project, text: str) -> List[Example]:
    """Every example whose text equals `text` (compared with normalise())."""
    wanted = normalise(text)
    return [ex for bucket in read_nlu(project).values() for ex in bucket.examples if normalise(ex.plain) == wanted]


def _replace_block(block, lines: List[str]):
    ends_newline = not isinstance(block, str) or block.endswith("\n")
    body = "".join(f"- {line}\n" for line in lines)
    if not ends_newline:
        body = body[:-1]
    return yamlio.LiteralScalarString(body)


def _edit_file(text: str, intent: str, edit) -> Tuple[str, bool]:
    """Applies edit(lines) -> lines to the intent's block in one file; returns (new text, found)."""
    data = yamlio.load(text)
    found = False
    for entry in data.get("nlu") or []:
        if isinstance(entry, dict) and str(entry.get("intent")) == intent:
            block = entry.get("examples")
            if isinstance(block, list):
                raise EditError(f"Eksemplerne for {intent} er skrevet i et format, som redigeringsværktøjet "
                                "ikke kan ændre (liste med metadata). Ret dem i filen.")
            lines = _example_lines(block)
            new_lines = edit(lines)
            if new_lines != lines:
                entry["examples"] = _replace_block(block, new_lines)
            found = True
            break
    return yamlio.tidy_entries(yamlio.dump(data)) if found else text, found


def entities_from_rows(plain: str, rows: Sequence[Tuple[str, str, str]], known: Sequence[str]) -> List[Entity]:
    """Form rows (text in the message, entity, value) -> entities with offsets; clear errors."""
    entities: List[Entity] = []
    for index, (fragment, entity, value) in enumerate(rows, start=1):
        fragment, entity, value = (fragment or "").strip(), (entity or "").strip(), (value or "").strip()
        if not fragment and not entity:
            continue
        if not fragment or not entity:
            raise EditError(f"Entitet {index}: angiv både teksten i beskeden og hvilken entitet den er.",
                            field=f"ent-{index}-text")
        if entity not in known:
            raise EditError(f"Entitet {index}: «{entity}» findes ikke i domænet.", field=f"ent-{index}-entity")
        start = plain.find(fragment)
        if start < 0:
            start = plain.casefold().find(fragment.casefold())
        if start < 0:
            raise EditError(f"Entitet {index}: teksten «{fragment}» står ikke i eksemplet.",
                            field=f"ent-{index}-text")
        ent = Entity(start, start + len(fragment), entity, value or None)
        for other in entities:
            if ent.start < other.end and other.start < ent.end:
                raise EditError(f"Entitet {index} overlapper en anden entitet.", field=f"ent-{index}-text")
        entities.append(ent)
    return sorted(entities, key=lambda e: e.start)


def add_example(project: Project, intent: str, text: str, entities: Sequence[Entity] = (),
                move: bool = False, known_intents: Optional[Sequence[str]] = None) -> Dict[str, str]:
    """The file changes that add `text` as an example of `intent`.

    When the text is already an example of another intent, EditError is raised unless `move`: then
    it is removed there (correcting the intent)."""
    plain = clean_text(text)
    if known_intents is not None and intent not in known_intents:
        raise EditError(f"Intentet «{intent}» findes ikke i domænet.", field="intent")
    if intent == "nlu_fallback":
        raise EditError("Vælg det intent, beskeden burde have fået (ikke «ikke forstået»).", field="intent")
    raw = annotate(plain, entities)
    changes: Dict[str, str] = {}
    nlu = read_nlu(project)
    same = [ex for ex in find_example(project, plain)]
    for ex in same:
        if ex.intent == intent and ex.raw == raw:
            raise EditError(f"«{plain}» er allerede et eksempel på {intent}.", field="text")
        if ex.intent != intent and not move:
            raise EditError(
                f"«{plain}» er allerede et eksempel på intentet «{ex.intent}» ({ex.file}). Et eksempel må kun "
                f"høre til ét intent. Vælg «Flyt eksemplet», hvis det hører til «{intent}».",
                field="text", problems=["duplicate:" + ex.intent],
            )
    # Remove the old versions (other intents when moving, or a differently annotated copy).
    for ex in same:
        current = changes.get(ex.file, project.read(ex.file))
        changes[ex.file], _ = _edit_file(current, ex.intent,
                                         lambda lines, raw=ex.raw: [l for l in lines if l != raw])
    bucket = nlu.get(intent)
    target = bucket.files[0] if bucket and bucket.files else None
    if target:
        current = changes.get(target, project.read(target))
        changes[target], found = _edit_file(current, intent, lambda lines: lines + [raw])
        if found:
            return changes
    target = EDITOR_NLU_FILE
    current = changes.get(target, project.read(target)) or NEW_FILE_HEADER
    new_text, found = _edit_file(current, intent, lambda lines: lines + [raw])
    if not found:
        data = yamlio.load(current)
        if data.get("nlu") is None:
            data["nlu"] = yamlio.CommentedSeq()
        entry = yamlio.CommentedMap()
        entry["intent"] = intent
        entry["examples"] = yamlio.LiteralScalarString(f"- {raw}\n")
        data["nlu"].append(entry)
        new_text = yamlio.tidy_entries(yamlio.dump(data))
    changes[target] = new_text
    return changes


def remove_example(project: Project, intent: str, raw: str) -> Dict[str, str]:
    bucket = read_nlu(project).get(intent)
    if not bucket or not any(ex.raw == raw for ex in bucket.examples):
        raise EditError(f"Eksemplet findes ikke (længere) under {intent}.")
    changes: Dict[str, str] = {}
    for rel in bucket.files:
        new_text, _ = _edit_file(project.read(rel), intent, lambda lines: [l for l in lines if l != raw])
        if new_text != project.read(rel):
            changes[rel] = new_text
    return changes
