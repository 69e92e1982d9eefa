"""The editor's page for the assistant's replies: the responses in domain/*.yml (issue 13).

    list_responses(project)                        -> [ResponseInfo] for every response, file by file
    response_form(project, rel, name, index)       -> (variant, version) for one variant of a response
    save_response(project, rel, name, index, version, text) -> {rel: new file text}

Only a variant's text is edited here (buttons and conditions stay as they are). The variables in
{braces} are filled by the code, so an edit must keep exactly the same ones; an empty text is refused.
The file is written with the round-trip YAML (comments and layout kept) and checked like every edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from bot.editor import yamlio
from bot.editor.errors import ConflictError, EditError
from bot.editor.project import DOMAIN_DIR, Project
from bot.editor.stories import file_version

_VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class Variant:
    index: int
    text: str
    condition: str  # "" or e.g. "audience = citizen"
    buttons: List[str] = field(default_factory=list)  # button titles, shown read-only


@dataclass
class ResponseInfo:
    file: str
    name: str
    variants: List[Variant]


def variables(text: str) -> List[str]:
    return sorted(set(_VARIABLE.findall(text or "")))


def _condition(variant) -> str:
    parts = [f"{c.get('name')} = {c.get('value')}" for c in (variant.get("condition") or [])
             if isinstance(c, dict)]
    return ", ".join(parts)


def _variants(raw) -> List[Variant]:
    out = []
    for index, variant in enumerate(raw or []):
        if isinstance(variant, dict) and isinstance(variant.get("text"), str):
            titles = [str(b.get("title", "")) for b in variant.get("buttons") or [] if isinstance(b, dict)]
            out.append(Variant(index, str(variant["text"]), _condition(variant), titles))
    return out


def list_responses(project: Project) -> List[ResponseInfo]:
    found = []
    for path in sorted(project.domain_path.glob("*.yml")):
        rel = project.rel(path)
        data = yamlio.load(project.read(rel) or "") or {}
        for name, raw in (data.get("responses") or {}).items():
            variants = _variants(raw)
            if variants:
                found.append(ResponseInfo(rel, str(name), variants))
    return found


def _open(project: Project, rel: str, name: str, version: Optional[str] = None):
    rel = project.check_editable(rel, under=(DOMAIN_DIR,))
    text = project.read(rel)
    if text is None:
        raise EditError("Filen findes ikke (længere).")
    if version and file_version(text) != version:
        raise ConflictError("Filen er blevet ændret, siden du åbnede siden (måske af en anden redaktør). "
                            "Åbn svaret igen, og gentag din ændring.")
    data = yamlio.load(text)
    responses = data.get("responses") if isinstance(data, dict) else None
    if not responses or name not in responses:
        raise ConflictError(f"Svaret «{name}» findes ikke længere i {rel}.")
    return rel, text, data, responses[name]


def response_form(project: Project, rel: str, name: str, index: int) -> Tuple[Variant, str]:
    rel, text, data, raw = _open(project, rel, name)
    variant = next((v for v in _variants(raw) if v.index == index), None)
    if variant is None:
        raise EditError(f"Svaret «{name}» har ingen variant nr. {index + 1}.")
    return variant, file_version(text)


def save_response(project: Project, rel: str, name: str, index: int, version: Optional[str],
                  new_text: str) -> Dict[str, str]:
    rel, text, data, raw = _open(project, rel, name, version)
    try:
        variant = raw[index]
        old = variant["text"]
    except (IndexError, KeyError, TypeError):
        raise ConflictError(f"Svaret «{name}» står ikke længere samme sted i filen. Åbn det igen.")
    new_text = (new_text or "").replace("\r\n", "\n").strip()
    if not new_text:
        raise EditError("Teksten må ikke være tom.", field="tekst")
    if variables(new_text) != variables(old):
        wanted = ", ".join("{" + v + "}" for v in variables(old)) or "ingen"
        raise EditError(f"Teksten skal have de samme udfyldningsfelter som før ({wanted}); koden udfylder dem.",
                        field="tekst")
    if new_text == old:
        return {}
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    # Keep the file's style: the domain's texts are double-quoted ("\n" for a line break).
    variant["text"] = DoubleQuotedScalarString(new_text) if isinstance(old, DoubleQuotedScalarString) else new_text
    return {rel: yamlio.dump(data)}


def only_response_texts_changed(old_text: str, new_text: str) -> bool:
    """True when a domain file differs from before only in its responses' texts (what this page may change);
    the store refuses any other change to domain/ (intents, slots, forms, buttons, conditions)."""
    import yaml

    def blanked(text: str):
        data = yaml.safe_load(text or "") or {}
        for variants in (data.get("responses") or {}).values() if isinstance(data, dict) else ():
            for variant in variants or []:
                if isinstance(variant, dict) and "text" in variant:
                    variant["text"] = ""
        return data

    try:
        return blanked(old_text) == blanked(new_text)
    except yaml.YAMLError:
        return False
