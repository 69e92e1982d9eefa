"""Stories, rules and test stories as editable items.

Kinds: "story" (data/stories/), "rule" (data/rules/), "test" (tests/stories/, stories with the user's
text, run before every publish). An item is addressed by (file, index, name); the form carries the
file's version (a hash) so a save refuses to overwrite a change someone else made in the meantime.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml as pyyaml

from bot.editor import yamlio
from bot.editor.domain import DomainInfo
from bot.editor.errors import ConflictError, EditError
from bot.editor.project import (EDITOR_RULES_FILE, EDITOR_STORIES_FILE, EDITOR_TEST_STORIES_FILE, RULES_DIR,
                                STORIES_DIR, TEST_STORIES_DIR, Project)

KINDS = {
    "story": {"dir": STORIES_DIR, "key": "stories", "name_key": "story", "file": EDITOR_STORIES_FILE,
              "label": "Historie", "plural": "Historier"},
    "rule": {"dir": RULES_DIR, "key": "rules", "name_key": "rule", "file": EDITOR_RULES_FILE,
             "label": "Regel", "plural": "Regler"},
    "test": {"dir": TEST_STORIES_DIR, "key": "stories", "name_key": "story", "file": EDITOR_TEST_STORIES_FILE,
             "label": "Testhistorie", "plural": "Testhistorier"},
}
HEADERS = {
    "story": "# Historier, som redaktører har skrevet i redigeringsværktøjet (/editor).\n",
    "rule": "# Regler, som redaktører har skrevet i redigeringsværktøjet (/editor).\n",
    "test": "# Testhistorier fra redigeringsværktøjet (/editor). De køres før hver udgivelse; fejler én,\n"
            "# bliver den nye model ikke udgivet.\n",
}
MAX_NAME = 150
MAX_STEPS = 200


@dataclass
class Step:
    kind: str  # intent, or, action, slot, active_loop, checkpoint
    name: Optional[str] = None
    value: Any = None  # slot value
    entities: List[Tuple[str, Optional[str]]] = field(default_factory=list)  # (entity, value or None)
    intents: List[str] = field(default_factory=list)  # for "or"
    text: Optional[str] = None  # the user's words (test stories)

    # -- the form's encoding: a choice ("intent:greet") and an extra text field ---------------------
    @property
    def choice(self) -> str:
        if self.kind == "or":
            return "or:"
        if self.kind == "checkpoint":
            return "checkpoint:"
        return f"{self.kind}:{self.name or ''}"

    @property
    def extra(self) -> str:
        if self.kind == "intent":
            return ", ".join(f"{e}={v}" if v is not None else e for e, v in self.entities)
        if self.kind == "or":
            return ", ".join(self.intents)
        if self.kind == "slot":
            return "null" if self.value is None else (pyyaml.safe_dump(self.value).strip().removesuffix("...").strip()
                                                     if not isinstance(self.value, str) else self.value)
        if self.kind == "checkpoint":
            return self.name or ""
        return ""

    def to_yaml(self, with_text: bool = False):
        m = yamlio.CommentedMap()
        if self.kind == "intent":
            if with_text and self.text:
                m["user"] = yamlio.LiteralScalarString(self.text.strip() + "\n")
            m["intent"] = self.name
            if self.entities:
                ents = yamlio.CommentedSeq()
                for entity, value in self.entities:
                    if value is None:
                        ents.append(entity)
                    else:
                        em = yamlio.CommentedMap()
                        em[entity] = value
                        ents.append(em)
                m["entities"] = ents
        elif self.kind == "or":
            seq = yamlio.CommentedSeq()
            for name in self.intents:
                im = yamlio.CommentedMap()
                im["intent"] = name
                seq.append(im)
            m["or"] = seq
        elif self.kind == "action":
            m["action"] = self.name
        elif self.kind == "slot":
            seq = yamlio.CommentedSeq()
            sm = yamlio.CommentedMap()
            sm[self.name] = self.value
            seq.append(sm)
            m["slot_was_set"] = seq
        elif self.kind == "active_loop":
            m["active_loop"] = self.name or None
        elif self.kind == "checkpoint":
            m["checkpoint"] = self.name
        return m


@dataclass
class Item:
    kind: str
    name: str
    steps: List[Step] = field(default_factory=list)
    condition: List[Step] = field(default_factory=list)
    conversation_start: bool = False
    wait_for_user_input: bool = True
    file: Optional[str] = None
    index: Optional[int] = None
    editable: bool = True
    problem: Optional[str] = None
    raw_yaml: str = ""

    def to_yaml(self):
        meta = KINDS[self.kind]
        m = yamlio.CommentedMap()
        m[meta["name_key"]] = self.name
        if self.kind == "rule" and self.condition:
            cond = yamlio.CommentedSeq()
            for step in self.condition:
                cond.append(step.to_yaml())
            m["condition"] = cond
        steps = yamlio.CommentedSeq()
        for step in self.steps:
            steps.append(step.to_yaml(with_text=self.kind == "test"))
        m["steps"] = steps
        if self.kind == "rule" and self.conversation_start:
            m["conversation_start"] = True
        if self.kind == "rule" and not self.wait_for_user_input:
            m["wait_for_user_input"] = False
        return m


def file_version(text: Optional[str]) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16]


# --- reading -----------------------------------------------------------------------------------------
class _Unsupported(Exception):
    pass


def _entities(value) -> List[Tuple[str, Optional[str]]]:
    out = []
    for item in value or []:
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, dict) and len(item) == 1:
            key, val = next(iter(item.items()))
            out.append((str(key), None if val is None else str(val)))
        else:
            raise _Unsupported("entiteter med rolle eller gruppe")
    return out


def _parse_step(raw) -> List[Step]:
    if not isinstance(raw, dict):
        raise _Unsupported("et trin, der ikke er en nøgle med værdi")
    keys = set(raw)
    if "intent" in keys and keys <= {"intent", "user", "entities"}:
        text = raw.get("user")
        return [Step("intent", str(raw["intent"]), entities=_entities(raw.get("entities")),
                     text=str(text).strip() if text is not None else None)]
    if keys == {"user"}:
        raise _Unsupported("brugertekst uden intent (end-to-end)")
    if keys == {"action"}:
        return [Step("action", str(raw["action"]))]
    if keys == {"slot_was_set"}:
        steps = []
        for slot in raw["slot_was_set"] or []:
            if isinstance(slot, str):
                steps.append(Step("slot", slot, value=True))
            elif isinstance(slot, dict) and len(slot) == 1:
                name, value = next(iter(slot.items()))
                steps.append(Step("slot", str(name), value=yamlio.plain(value)))
            else:
                raise _Unsupported("slot_was_set med flere slots i én linje")
        return steps
    if keys == {"active_loop"}:
        return [Step("active_loop", None if raw["active_loop"] is None else str(raw["active_loop"]))]
    if keys == {"checkpoint"}:
        return [Step("checkpoint", str(raw["checkpoint"]))]
    if keys == {"or"}:
        intents = []
        for alt in raw["or"] or []:
            if isinstance(alt, dict) and set(alt) == {"intent"}:
                intents.append(str(alt["intent"]))
            else:
                raise _Unsupported("«or» med andet end intents")
        return [Step("or", intents=intents)]
    raise _Unsupported(f"trinnet {', '.join(sorted(map(str, keys)))}")


def _parse_item(kind: str, raw, rel: str, index: int) -> Item:
    meta = KINDS[kind]
    item = Item(kind=kind, name=str(raw.get(meta["name_key"], "")), file=rel, index=index)
    item.raw_yaml = yamlio.fast_dump(raw) if isinstance(raw, dict) else ""
    try:
        allowed = {meta["name_key"], "steps", "metadata"}
        if kind == "rule":
            allowed |= {"condition", "conversation_start", "wait_for_user_input"}
        extra = set(map(str, raw)) - allowed
        if extra:
            raise _Unsupported(", ".join(sorted(extra)))
        for step in raw.get("steps") or []:
            item.steps.extend(_parse_step(step))
        for step in raw.get("condition") or []:
            parsed = _parse_step(step)
            if any(s.kind not in ("slot", "active_loop") for s in parsed):
                raise _Unsupported("en betingelse med andet end slots og formularer")
            item.condition.extend(parsed)
        item.conversation_start = bool(raw.get("conversation_start", False))
        item.wait_for_user_input = raw.get("wait_for_user_input", True) is not False
    except _Unsupported as exc:
        item.editable = False
        item.problem = (f"Den bruger {exc}, som formularen ikke kan vise. Den kan ses her, men skal rettes "
                        "direkte i filen.")
    return item


def read_items(project: Project, kind: str) -> List[Item]:
    meta = KINDS[kind]
    items: List[Item] = []
    for rel in project.yaml_files(meta["dir"]):
        data = yamlio.fast_load_file(project.path(rel))
        if not isinstance(data, dict):
            continue
        key = "rules" if kind == "rule" else "stories"
        for index, raw in enumerate(data.get(key) or []):
            if isinstance(raw, dict):
                items.append(_parse_item(kind, raw, rel, index))
    return items


def get_item(project: Project, kind: str, rel: str, index: int) -> Item:
    for item in read_items(project, kind):
        if item.file == rel and item.index == index:
            return item
    raise EditError(f"{KINDS[kind]['label']}en findes ikke (længere). Den kan være slettet eller flyttet.")


# --- the form ------------------------------------------------------------------------------------------
def _split(text: str) -> List[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def step_from_choice(choice: str, extra: str, text: str, domain: DomainInfo, row: int) -> Optional[Step]:
    """One form row -> a Step (None for an empty row). Refers to the row number in errors."""
    choice, extra, text = (choice or "").strip(), (extra or "").strip(), " ".join((text or "").split())
    if not choice:
        if extra or text:
            raise EditError(f"Trin {row}: vælg, hvad der sker i trinnet.", field=f"step-{row}-choice")
        return None
    kind, _, name = choice.partition(":")
    field_name = f"step-{row}-extra"
    if kind == "intent":
        if name not in domain.all_intents:
            raise EditError(f"Trin {row}: intentet «{name}» findes ikke i domænet.", field=f"step-{row}-choice")
        entities = []
        for part in _split(extra):
            entity, _, value = part.partition("=")
            entity, value = entity.strip(), value.strip()
            if entity not in domain.entities:
                raise EditError(f"Trin {row}: entiteten «{entity}» findes ikke i domænet. Skriv entiteter som "
                                "navn=værdi, adskilt med komma.", field=field_name)
            entities.append((entity, value or None))
        return Step("intent", name, entities=entities, text=text or None)
    if kind == "or":
        intents = _split(extra)
        if len(intents) < 2:
            raise EditError(f"Trin {row}: skriv mindst to intents adskilt med komma.", field=field_name)
        unknown = [i for i in intents if i not in domain.all_intents]
        if unknown:
            raise EditError(f"Trin {row}: intentet «{unknown[0]}» findes ikke i domænet.", field=field_name)
        return Step("or", intents=intents)
    if kind == "action":
        if name not in domain.all_actions:
            raise EditError(f"Trin {row}: handlingen «{name}» findes ikke i domænet.", field=f"step-{row}-choice")
        return Step("action", name)
    if kind == "slot":
        if name not in domain.slots:
            raise EditError(f"Trin {row}: slottet «{name}» findes ikke i domænet.", field=f"step-{row}-choice")
        try:
            value = pyyaml.safe_load(extra) if extra else None
        except pyyaml.YAMLError:
            value = extra
        if isinstance(value, (dict, list)):
            value = extra
        return Step("slot", name, value=value)
    if kind == "active_loop":
        if name and name not in domain.forms:
            raise EditError(f"Trin {row}: formularen «{name}» findes ikke i domænet.", field=f"step-{row}-choice")
        return Step("active_loop", name or None)
    if kind == "checkpoint":
        if not extra:
            raise EditError(f"Trin {row}: skriv checkpointets navn.", field=field_name)
        return Step("checkpoint", extra)
    raise EditError(f"Trin {row}: ukendt valg.", field=f"step-{row}-choice")


def check_item(item: Item) -> None:
    label = KINDS[item.kind]["label"]
    item.name = " ".join((item.name or "").split())
    if not item.name:
        raise EditError(f"Giv {label.lower()}n et navn, der siger, hvad den handler om.", field="name")
    if len(item.name) > MAX_NAME:
        raise EditError(f"Navnet er for langt (højst {MAX_NAME} tegn).", field="name")
    if not item.steps:
        raise EditError(f"{label}n har ingen trin.", field="step-1-choice")
    if len(item.steps) > MAX_STEPS:
        raise EditError(f"{label}n har for mange trin (højst {MAX_STEPS}).")
    if item.kind == "test":
        for number, step in enumerate(item.steps, start=1):
            if step.kind == "intent" and not step.text:
                raise EditError(f"Trin {number}: en testhistorie skal have brugerens ord.",
                                field=f"step-{number}-text")
    if item.kind in ("story", "test"):
        first = next((s for s in item.steps if s.kind != "checkpoint"), None)
        if first is not None and first.kind not in ("intent", "or", "slot"):
            raise EditError(f"En {label.lower()} skal begynde med, at brugeren skriver noget (et intent).",
                            field="step-1-choice")


# --- writing ---------------------------------------------------------------------------------------------
def _new_file(kind: str) -> str:
    return f'version: "3.1"\n\n{HEADERS[kind]}\n{"rules" if kind == "rule" else "stories"}:\n'


def _names_in(project: Project, kind: str, exclude: Optional[Tuple[str, int]] = None) -> List[str]:
    return [i.name for i in read_items(project, kind) if exclude is None or (i.file, i.index) != exclude]


def create_item(project: Project, item: Item) -> Dict[str, str]:
    check_item(item)
    if item.name in _names_in(project, item.kind):
        raise EditError(f"Der findes allerede en {KINDS[item.kind]['label'].lower()} med navnet «{item.name}».",
                        field="name")
    rel = KINDS[item.kind]["file"]
    text = project.read(rel) or _new_file(item.kind)
    data = yamlio.load(text)
    key = "rules" if item.kind == "rule" else "stories"
    if data.get(key) is None:
        data[key] = yamlio.CommentedSeq()
    data[key].append(item.to_yaml())
    return {rel: yamlio.tidy_entries(yamlio.dump(data))}


def _locate(project: Project, kind: str, rel: str, index: int, name: str, version: Optional[str]):
    rel = project.check_editable(rel, under=(KINDS[kind]["dir"],))
    text = project.read(rel)
    if text is None:
        raise EditError("Filen findes ikke (længere).")
    if version and file_version(text) != version:
        raise ConflictError("Filen er blevet ændret, siden du åbnede siden (måske af en anden redaktør). "
                            "Åbn den igen, og gentag din ændring.")
    data = yamlio.load(text)
    key = "rules" if kind == "rule" else "stories"
    seq = data.get(key) or []
    if not (0 <= index < len(seq)) or str(seq[index].get(KINDS[kind]["name_key"], "")) != name:
        raise ConflictError(f"{KINDS[kind]['label']}en «{name}» står ikke længere samme sted i filen. "
                            "Åbn den igen.")
    return rel, data, seq


def update_item(project: Project, rel: str, index: int, old_name: str, version: Optional[str],
                item: Item) -> Dict[str, str]:
    check_item(item)
    rel, data, seq = _locate(project, item.kind, rel, index, old_name, version)
    if item.name != old_name and item.name in _names_in(project, item.kind, exclude=(rel, index)):
        raise EditError(f"Der findes allerede en {KINDS[item.kind]['label'].lower()} med navnet «{item.name}».",
                        field="name")
    old = seq[index]
    new = item.to_yaml()
    if yamlio.plain(old) == yamlio.plain(new):
        return {}
    seq[index] = new
    return {rel: yamlio.tidy_entries(yamlio.dump(data))}


def delete_item(project: Project, kind: str, rel: str, index: int, name: str,
                version: Optional[str]) -> Dict[str, str]:
    rel, data, seq = _locate(project, kind, rel, index, name, version)
    del seq[index]
    return {rel: yamlio.tidy_entries(yamlio.dump(data))}


# --- suggestions --------------------------------------------------------------------------------------------
def rule_answers(project: Project) -> Dict[str, List[Step]]:
    """intent -> the steps an unconditional rule answers it with ("greet" -> [action utter_greet])."""
    answers: Dict[str, List[Step]] = {}
    for item in read_items(project, "rule"):
        if item.condition or not item.steps or item.steps[0].kind not in ("intent", "or") or item.conversation_start:
            continue
        following = item.steps[1:]
        if not following or following[0].kind != "action":
            continue
        if any(step.kind in ("intent", "or", "checkpoint") for step in following):
            continue
        intents = [item.steps[0].name] if item.steps[0].kind == "intent" else item.steps[0].intents
        for intent in intents:
            answers.setdefault(intent, following)
    return answers


def rule_responses(project: Project) -> Dict[str, List[str]]:
    """intent -> the actions an unconditional rule answers it with ("greet" -> ["utter_greet"])."""
    return {intent: [s.name for s in steps if s.kind == "action"] for intent, steps in rule_answers(project).items()}


def suggest_steps(steps: Sequence[Step], answers: Dict[str, List[Step]]) -> List[Step]:
    """After each user step whose intent a rule answers, put that rule's steps instead of the bot's."""
    out: List[Step] = []
    skipping = False
    for step in steps:
        if step.kind in ("intent", "or"):
            out.append(step)
            following = answers.get(step.name) if step.kind == "intent" else None
            skipping = bool(following)
            if following:
                out.extend(Step(s.kind, s.name, value=s.value) for s in following)
            continue
        if skipping and step.kind in ("action", "slot", "active_loop"):
            continue
        out.append(step)
    return out
