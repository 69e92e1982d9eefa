"""Catalogue entries (data/catalogue/) as forms, built from the entries themselves.

An entry is a mapping with an `id`: the whole file for roller/<id>.yml and gode-eksempler/<id>.yml,
or an item of a list (tilbud, emner, temaer, målgrupper, niveauer, dimensioner, områder, ...). Its
form shows texts, lists of texts (one per line), yes/no values, numbers, and nested lists of mappings
without an id (a role's competences) as groups of fields. Nested entries with their own id (the
wheel's areas inside a dimension) are edited on their own.

Saving writes the values back into the round-trip YAML, keeping each field's style (`>-` blocks stay
folded, short lists stay on one line), so the diff shows only what the editor changed. The catalogue
schema (bot.catalogue.load_catalogue) is checked by the store before anything is written.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from bot.editor import yamlio
from bot.editor.errors import ConflictError, EditError
from bot.editor.project import CATALOGUE_DIR, Project
from bot.editor.stories import file_version

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{0,79}$")
ONE_PER_FILE = ("roller", "gode-eksempler")
# Fields whose template value is kept when a new entry is made from an existing one.
KEEP_IN_TEMPLATE = ("område", "niveau", "type", "nummer")
HELP = {
    "id": "Fast id: små bogstaver, tal og bindestreg, uden æ, ø og å (æ→ae, ø→oe, å→aa).",
    "synonymer": "Ord og stavemåder, folk skriver om det samme. Én pr. linje.",
    "målgrupper": "Id'er fra taksonomien, fx medarbejdere eller aeldre. Én pr. linje.",
    "temaer": "Id'er fra taksonomien, fx mitid eller digitale-ambassadoerer. Én pr. linje.",
    "områder": "Id'er for kompetencehjulets områder, fx datasikkerhed. Én pr. linje.",
    "gode_eksempler": "Id'er for gode eksempler. Én pr. linje.",
    "tilbud": "Id'er fra tilbud. Én pr. linje.",
    "trin": "Ét trin pr. linje.",
    "kilde": "Hvor oplysningen stammer fra. Opfind aldrig fakta om navngivne kommuner, personer, priser eller datoer.",
    "niveau": "grundlaeggende, oevet, avanceret eller ekspert.",
    "resume": "2-3 sætninger i almindeligt dansk.",
}
SECTION_LABELS = {
    "": "Fil", "tilbud": "Tilbud", "emner": "Borgerhjælp", "temaer": "Temaer", "målgrupper": "Målgrupper",
    "niveauer": "Niveauer", "dimensioner": "Dimensioner", "områder": "Områder",
    "underliggende_kompetencer": "Underliggende kompetencer", "kompetencer": "Kompetencer",
}


@dataclass
class Entry:
    file: str  # relative to the project root
    path: Tuple[Any, ...]  # keys and indexes from the document root to the entry
    id: str
    title: str
    section: str

    @property
    def key(self) -> str:
        return ".".join(str(p) for p in self.path)


@dataclass
class Field:
    name: str  # form field name
    label: str
    kind: str  # text, textarea, lines, bool, number, group, readonly
    value: Any = None
    help: str = ""
    children: List["Field"] = field(default_factory=list)


def catalogue_files(project: Project) -> List[str]:
    return project.yaml_files(CATALOGUE_DIR)


def _title(entry: dict) -> str:
    for key in ("titel", "navn"):
        if entry.get(key):
            return str(entry[key])
    return str(entry.get("id"))


def _walk(node, path, rel, out: List[Entry], section: str):
    if isinstance(node, dict):
        if "id" in node and path:
            out.append(Entry(rel, tuple(path), str(node["id"]), _title(node), section))
        for key, value in node.items():
            if isinstance(value, list):
                _walk(value, path + [key], rel, out, str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict) and "id" in item:
                _walk(item, path + [index], rel, out, section)


def list_entries(project: Project) -> List[Entry]:
    entries: List[Entry] = []
    for rel in catalogue_files(project):
        data = yamlio.fast_load_file(project.path(rel))
        if isinstance(data, dict) and "id" in data and rel.split("/")[-2] in ONE_PER_FILE:
            entries.append(Entry(rel, (), str(data["id"]), _title(data), rel.split("/")[-2]))
        elif isinstance(data, dict):
            _walk(data, [], rel, entries, "")
    return entries


def _get(data, path):
    node = data
    for part in path:
        node = node[part]
    return node


def _open(project: Project, rel: str, key: str, entry_id: str, version: Optional[str] = None):
    rel = project.check_editable(rel, under=(CATALOGUE_DIR,))
    text = project.read(rel)
    if text is None:
        raise EditError("Filen findes ikke (længere).")
    if version and file_version(text) != version:
        raise ConflictError("Filen er blevet ændret, siden du åbnede siden (måske af en anden redaktør). "
                            "Åbn posten igen, og gentag din ændring.")
    data = yamlio.load(text)
    path = tuple(int(p) if p.isdigit() else p for p in key.split(".")) if key else ()
    try:
        node = _get(data, path)
    except (KeyError, IndexError, TypeError):
        raise ConflictError("Posten står ikke længere samme sted i filen. Åbn den igen.")
    if not isinstance(node, dict) or str(node.get("id")) != entry_id:
        raise ConflictError("Posten står ikke længere samme sted i filen. Åbn den igen.")
    return rel, text, data, path, node


def _label(key: str) -> str:
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def _is_entry_list(value) -> bool:
    return isinstance(value, list) and any(isinstance(i, dict) and "id" in i for i in value)


def build_fields(node: dict, prefix: str = "f", new: bool = False) -> List[Field]:
    fields: List[Field] = []
    for key, value in node.items():
        name = f"{prefix}.{key}"
        label, help_text = _label(key), HELP.get(str(key), "")
        if key == "id" and prefix == "f":
            fields.append(Field(name, "Id", "text" if new else "readonly", str(value or ""), HELP["id"]))
        elif isinstance(value, bool):
            fields.append(Field(name, label, "bool", value, help_text))
        elif isinstance(value, (int, float)):
            fields.append(Field(name, label, "number", value, help_text))
        elif _is_entry_list(value):
            continue  # edited as entries of their own
        elif isinstance(value, list) and all(isinstance(i, dict) for i in value) and value:
            group = Field(name, label, "group", None, help_text)
            for index, item in enumerate(value):
                title = f"{label} {index + 1}"
                first = next(iter(item.values()), None) if item else None
                if isinstance(first, str) and len(first) < 60:
                    title = f"{label} {index + 1}: {first}"
                sub = Field(f"{name}.{index}", title, "group", None)
                sub.children = build_fields(item, f"{name}.{index}", new=new)
                group.children.append(sub)
            fields.append(group)
        elif isinstance(value, list):
            fields.append(Field(name, label, "lines", "\n".join(str(v) for v in value),
                                help_text or "Én pr. linje."))
        elif isinstance(value, dict):
            group = Field(name, label, "group", None, help_text)
            group.children = build_fields(value, name, new=new)
            fields.append(group)
        elif value is None:
            fields.append(Field(name, label, "text", "", help_text))
        else:
            text = str(value)
            long = len(text) > 80 or isinstance(value, (yamlio.FoldedScalarString, yamlio.LiteralScalarString))
            fields.append(Field(name, label, "textarea" if long else "text", text, help_text))
    return fields


def entry_form(project: Project, rel: str, key: str, entry_id: str):
    rel, text, data, path, node = _open(project, rel, key, entry_id)
    return build_fields(node), file_version(text)


def _lines(text: str) -> List[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _styled(old, text: str):
    text = text.replace("\r\n", "\n").strip()
    if isinstance(old, yamlio.FoldedScalarString) or (len(text) > 100 and not isinstance(old, str)):
        return yamlio.folded(text)
    if isinstance(old, yamlio.LiteralScalarString):
        return yamlio.LiteralScalarString(text)
    if "\n" in text:
        return yamlio.folded(text)
    return text


def apply_form(node: dict, form: Dict[str, str], prefix: str = "f", new: bool = False) -> None:
    """Writes the submitted values into `node` in place (types and styles kept)."""
    for key in list(node.keys()):
        value = node[key]
        name = f"{prefix}.{key}"
        if key == "id" and prefix == "f" and not new:
            continue
        if isinstance(value, bool):
            node[key] = form.get(name) in ("on", "true", "1", "ja")
        elif isinstance(value, (int, float)):
            raw = (form.get(name) or "").strip()
            try:
                node[key] = type(value)(raw.replace(",", ".")) if raw else value
            except ValueError:
                raise EditError(f"«{_label(key)}» skal være et tal.", field=name)
        elif _is_entry_list(value):
            continue
        elif isinstance(value, list) and all(isinstance(i, dict) for i in value) and value:
            for index, item in enumerate(value):
                apply_form(item, form, f"{name}.{index}", new=new)
        elif isinstance(value, list):
            if name in form:
                items = _lines(form.get(name, ""))
                if items != [" ".join(str(v).split()) for v in value]:
                    value[:] = items  # in place: a flow list stays a flow list
        elif isinstance(value, dict):
            apply_form(value, form, name, new=new)
        elif name in form:
            text = form.get(name) or ""
            if value is None and not text.strip():
                continue
            if value is not None and " ".join(str(value).split()) == " ".join(text.split()):
                continue  # unchanged: keep the line breaks exactly as they are
            node[key] = _styled(value, text)


def save_entry(project: Project, rel: str, key: str, entry_id: str, version: Optional[str],
               form: Dict[str, str]) -> Dict[str, str]:
    rel, text, data, path, node = _open(project, rel, key, entry_id, version)
    apply_form(node, form)
    return {rel: yamlio.dump(data)}


# --- new entries -----------------------------------------------------------------------------------------
def _blank(value, key=None):
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value if key in KEEP_IN_TEMPLATE else 0
    if isinstance(value, dict):
        out = yamlio.CommentedMap()
        for k, v in value.items():
            if _is_entry_list(v):
                continue
            out[k] = _blank(v, k)
        return out
    if isinstance(value, list):
        if value and all(isinstance(i, dict) for i in value):
            seq = yamlio.CommentedSeq(_blank(i) for i in value)
        else:
            seq = yamlio.CommentedSeq()
        if getattr(value, "fa", None) is not None and value.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if key in KEEP_IN_TEMPLATE:
        return value
    if isinstance(value, yamlio.FoldedScalarString):
        return yamlio.FoldedScalarString("")
    return ""


def _drop_empty_blocks(node) -> None:
    """An empty `>-` block reads badly; an empty field is written as '' (the schema then says what is missing)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        if isinstance(value, yamlio.FoldedScalarString) and not value.strip():
            node[key] = ""
        elif isinstance(value, (dict, list)):
            _drop_empty_blocks(value)


def new_entry_template(project: Project, rel: str, key: str, entry_id: str):
    """A blank entry shaped like an existing one (the template): its form fields."""
    _, _, _, _, node = _open(project, rel, key, entry_id)
    blank = _blank(copy.deepcopy(node))
    blank["id"] = ""
    return build_fields(blank, new=True)


def create_entry(project: Project, rel: str, key: str, template_id: str, form: Dict[str, str]) -> Dict[str, str]:
    rel, text, data, path, node = _open(project, rel, key, template_id)
    new_id = (form.get("f.id") or "").strip()
    if not ID_PATTERN.match(new_id):
        raise EditError("Id'et skal være små bogstaver a-z, tal og bindestreg (æ→ae, ø→oe, å→aa).", field="f.id")
    if any(e.id == new_id for e in list_entries(project)):
        raise EditError(f"Der findes allerede en post med id'et «{new_id}».", field="f.id")
    blank = _blank(copy.deepcopy(node))
    apply_form(blank, form, new=True)
    blank["id"] = new_id
    _drop_empty_blocks(blank)
    folder = rel.split("/")[-2] if rel.count("/") >= 3 else ""
    if not path and folder in ONE_PER_FILE:
        new_rel = f"{CATALOGUE_DIR}/{folder}/{new_id}.yml"
        return {new_rel: yamlio.dump(blank)}
    parent = _get(data, path[:-1])
    parent.append(blank)
    return {rel: yamlio.dump(data)}
