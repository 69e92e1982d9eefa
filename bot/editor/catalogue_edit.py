"""Catalogue entries (data/catalogue/) as forms, built from the entries themselves.

An entry is a mapping with an `id`: the whole file for roller/, gode-eksempler/ and begreber/<id>.yml,
or an item of a list (tilbud, emner, temaer, målgrupper, niveauer, dimensioner, områder, ...). Its
form shows texts, lists of texts (one per line), yes/no values, numbers, and nested lists of mappings
without an id (a role's competences) as groups of fields. Nested entries with their own id (the
wheel's areas inside a dimension) are edited on their own.

Saving writes the values back into the round-trip YAML, keeping each field's style (`>-` blocks stay
folded, short lists stay on one line), so the diff shows only what the editor changed. The catalogue
schema (bot.catalogue.load_catalogue) is checked by the store before anything is written.

A field's help text depends on where it stands: `områder` on a theme are the wheel's areas the theme
speaks to, `område` on a readiness question the test's own area. HELP_IN holds those by scope
("<file or folder>:<list>:<field>", e.g. "parathedstest.yml:spørgsmål:område"), HELP the rest by name.
A field in MAY_BE_EMPTY that the editor empties is written as an empty value (YAML null), which the
catalogue reads as "none" (a readiness question without an area does not count).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from bot.catalogue.fixed_ids import CITIZEN_INTENTS
from bot.editor import yamlio
from bot.editor.errors import ConflictError, EditError
from bot.editor.project import CATALOGUE_DIR, Project
from bot.editor.stories import file_version

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{0,79}$")
ONE_PER_FILE = ("roller", "gode-eksempler", "begreber")
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
    "se_også": "Andre emner i borgerhjælpen (id'er, fx mitid-former), der vises som knapper under svaret. "
               "Ikke emnet selv. Én pr. linje.",
    "selvvurdering": "Ord, en medarbejder kan svare med for niveauet i kompetencetjekket, fx ok eller meget god "
                     "(ud over navnet, synonymerne og tallet). Et ord må kun høre til ét niveau. Én pr. linje.",
    "rolleeksempler": "Roller (id'er fra roller/), der nævnes som eksempler på målgruppen, i denne rækkefølge. "
                      "Medarbejdernes nævnes og vises som knapper, når nogen spørger om en rolle uden at sige "
                      "hvilken (»Skriv fx …«). Rollerne skal høre til målgruppen. Én pr. linje.",
    "relaterede": "Id'er for gode eksempler eller tilbud, begrebet hænger sammen med. Én pr. linje.",
    "uddybning": "Højst 6 punkter, fx tal med årstal. Ét pr. linje.",
    "definition": "2-4 sætninger. Sig det, når formuleringen er vores egen.",
}
HELP_IN = {
    "borgerhjaelp.yml:emner:intent": "Det spørgsmål (intent), emnet svarer på; en knap til emnet spørger med det. "
                                     "Har flere emner samme intent, svarer et almindeligt spørgsmål med det første "
                                     f"emne i filen. Et af: {', '.join(CITIZEN_INTENTS)}.",
    "borgerhjaelp.yml:emner:facetter": "Emnets svar på opfølgende spørgsmål (fx hvor: hvor gør man det). Kun fakta "
                                       "med kilde; mangler et svar, bruges spørgsmålets »ukendt«-svar.",
    "borgerhjaelp.yml:facetter:signalord": "Ord, der spørger om det, fx hvor længe eller udløber. Én pr. linje.",
    "borgerhjaelp.yml:facetter:ukendt": "Svaret, når et emne ikke har sit eget svar på spørgsmålet. Sig, hvor man "
                                        "kan spørge.",
    "roller:målgrupper": "Målgrupper (id'er fra taksonomien), rollen hører til: medarbejdere, eller ledere for en "
                         "leder (HR- og digitaliseringschefer også hr eller digitaliseringsansvarlige). Det afgør, "
                         "hvilke tilbud der passer til rollen, og hvem kompetencetjekket beder den tale med. "
                         "Én pr. linje.",
    "roller:kompetencer:område": "Et af kompetencehjulets 12 områder (id), fx datasikkerhed.",
    "taksonomi.yml:temaer:områder": "Kompetencehjulets områder (id'er), temaet taler til, fx datasikkerhed. "
                                    "Kompetencetjekket finder gode eksempler til et område, hvor en medarbejder "
                                    "ligger under profilen, gennem temaerne. Kan være tom. Én pr. linje.",
    "parathedstest.yml:spørgsmål:område": "Det område i parathedstesten, spørgsmålet tæller i (et id fra testens "
                                          "områder, fx adgang). Tomt: spørgsmålet tæller ikke med i resultatet; "
                                          "det afgør kun, hvilke råd der passer.",
    "parathedstest.yml:områder:navn": "Områdets navn, som det står inde i en sætning i resultatet (»Det går godt "
                                      "med …«): lille begyndelsesbogstav, medmindre det er et navn som MitID.",
}
MAY_BE_EMPTY = ("parathedstest.yml:spørgsmål:område",)
# What each file (or folder) holds, shown over its entries on the catalogue page.
FILE_HELP = {
    "niveauer.yml": "De fire niveauer: navn, synonymer og de ord, en medarbejder kan svare med i "
                    "kompetencetjekket (selvvurdering).",
    "kompetencehjulet.yml": "KL's kompetencehjul: dimensioner og områder med en tekst for hvert niveau.",
    "digcomp.yml": "EU's DigComp 2.2 og dens kobling til kompetencehjulets områder.",
    "taksonomi.yml": "Temaer og målgrupper. Et tema peger på kompetencehjulets områder; medarbejdernes "
                     "målgruppe har de roller, der nævnes som eksempler (rolleeksempler).",
    "tilbud.yml": "Kurser, e-læring, værktøjer og selvtests med målgrupper og områder.",
    "borgerhjaelp.yml": "Borgerhjælpens emner: svaret, trinene, hvilket spørgsmål (intent) emnet svarer på, og "
                        "hvilke emner der vises som knapper under svaret (se_også).",
    "parathedstest.yml": "Borgernes parathedstest: testens områder (navnene står i resultatet) og hvilket område "
                         "hvert spørgsmål tæller i. Spørgsmålene og deres rækkefølge er faste; deres ord står "
                         "under »Svar«.",
    "roller/": "Én rolleprofil pr. fil: forventet niveau i hvert af hjulets områder, målgrupper, gode eksempler "
               "og tilbud.",
    "gode-eksempler/": "Én god praksis pr. fil: resumé, trin, forudsætninger og effektmåling.",
    "begreber/": "Ét begreb pr. fil med en kort definition (»hvad betyder …?«).",
}
SECTION_LABELS = {
    "": "Fil", "tilbud": "Tilbud", "emner": "Borgerhjælp", "temaer": "Temaer", "målgrupper": "Målgrupper",
    "niveauer": "Niveauer", "dimensioner": "Dimensioner", "områder": "Områder",
    "underliggende_kompetencer": "Underliggende kompetencer", "kompetencer": "Kompetencer",
    "facetter": "Opfølgende spørgsmål", "spørgsmål": "Spørgsmål", "begreber": "Begreber",
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


def scope_of(rel: str, path: Tuple[Any, ...]) -> str:
    """Where an entry stands: "roller" for roller/<id>.yml, "taksonomi.yml:målgrupper" for a target group."""
    parts = rel.split("/")
    head = parts[-2] if len(parts) > 1 and parts[-2] in ONE_PER_FILE else parts[-1]
    return ":".join([head] + [str(p) for p in path if not isinstance(p, int)])


def _help(scope: str, key) -> str:
    return HELP_IN.get(f"{scope}:{key}") or HELP.get(str(key), "")


def _label(key: str) -> str:
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def _is_entry_list(value) -> bool:
    return isinstance(value, list) and any(isinstance(i, dict) and "id" in i for i in value)


def build_fields(node: dict, prefix: str = "f", new: bool = False, scope: str = "") -> List[Field]:
    """The form for an entry; `scope` is where it stands (scope_of), for the fields' help texts."""
    fields: List[Field] = []
    for key, value in node.items():
        name = f"{prefix}.{key}"
        label, help_text = _label(key), _help(scope, key)
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
                sub.children = build_fields(item, f"{name}.{index}", new=new, scope=f"{scope}:{key}")
                group.children.append(sub)
            fields.append(group)
        elif isinstance(value, list):
            fields.append(Field(name, label, "lines", "\n".join(str(v) for v in value),
                                help_text or "Én pr. linje."))
        elif isinstance(value, dict):
            group = Field(name, label, "group", None, help_text)
            group.children = build_fields(value, name, new=new, scope=f"{scope}:{key}")
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
    return build_fields(node, scope=scope_of(rel, path)), file_version(text)


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


def apply_form(node: dict, form: Dict[str, str], prefix: str = "f", new: bool = False, scope: str = "") -> None:
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
                apply_form(item, form, f"{name}.{index}", new=new, scope=f"{scope}:{key}")
        elif isinstance(value, list):
            if name in form:
                items = _lines(form.get(name, ""))
                if items != [" ".join(str(v).split()) for v in value]:
                    value[:] = items  # in place: a flow list stays a flow list
        elif isinstance(value, dict):
            apply_form(value, form, name, new=new, scope=f"{scope}:{key}")
        elif name in form:
            text = form.get(name) or ""
            if value is None and not text.strip():
                continue
            if not text.strip() and f"{scope}:{key}" in MAY_BE_EMPTY:
                node[key] = None  # written as an empty value: "none" (not '', which is no valid id)
                continue
            if value is not None and " ".join(str(value).split()) == " ".join(text.split()):
                continue  # unchanged: keep the line breaks exactly as they are
            node[key] = _styled(value, text)


def save_entry(project: Project, rel: str, key: str, entry_id: str, version: Optional[str],
               form: Dict[str, str]) -> Dict[str, str]:
    rel, text, data, path, node = _open(project, rel, key, entry_id, version)
    apply_form(node, form, scope=scope_of(rel, path))
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
    rel, _, _, path, node = _open(project, rel, key, entry_id)
    blank = _blank(copy.deepcopy(node))
    blank["id"] = ""
    return build_fields(blank, new=True, scope=scope_of(rel, path))


def create_entry(project: Project, rel: str, key: str, template_id: str, form: Dict[str, str]) -> Dict[str, str]:
    rel, text, data, path, node = _open(project, rel, key, template_id)
    new_id = (form.get("f.id") or "").strip()
    if not ID_PATTERN.match(new_id):
        raise EditError("Id'et skal være små bogstaver a-z, tal og bindestreg (æ→ae, ø→oe, å→aa).", field="f.id")
    if any(e.id == new_id for e in list_entries(project)):
        raise EditError(f"Der findes allerede en post med id'et «{new_id}».", field="f.id")
    blank = _blank(copy.deepcopy(node))
    apply_form(blank, form, new=True, scope=scope_of(rel, path))
    blank["id"] = new_id
    _drop_empty_blocks(blank)
    folder = rel.split("/")[-2] if rel.count("/") >= 3 else ""
    if not path and folder in ONE_PER_FILE:
        new_rel = f"{CATALOGUE_DIR}/{folder}/{new_id}.yml"
        return {new_rel: yamlio.dump(blank)}
    parent = _get(data, path[:-1])
    parent.append(blank)
    return {rel: yamlio.dump(data)}
