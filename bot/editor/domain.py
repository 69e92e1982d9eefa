"""What the domain (domain/*.yml) declares, for forms and checks: intents, entities, slots, actions,
responses (with their first text, so editors see what the assistant says) and forms."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

try:  # Rasa's own lists; the import is light (no TensorFlow)
    from rasa.shared.core.constants import DEFAULT_ACTION_NAMES as _ACTIONS, DEFAULT_INTENTS as _INTENTS
except Exception:  # pragma: no cover - Rasa is always installed with the project
    _ACTIONS, _INTENTS = [], []

DEFAULT_INTENTS = tuple(_INTENTS) or ("restart", "back", "out_of_scope", "session_start", "nlu_fallback")
DEFAULT_ACTIONS = tuple(a for a in _ACTIONS if a != "...") or (
    "action_listen", "action_restart", "action_session_start", "action_default_fallback",
    "action_deactivate_loop", "action_revert_fallback_events", "action_default_ask_affirmation",
    "action_default_ask_rephrase", "action_two_stage_fallback", "action_unlikely_intent", "action_back",
    "action_extract_slots",
)

# Plain-Danish names for the project's common intents; others are shown with an example.
INTENT_LABELS = {
    "greet": "Hilsen",
    "goodbye": "Farvel",
    "thank": "Tak",
    "bot_challenge": "Er du en robot?",
    "ask_help": "Hvad kan du hjælpe med?",
    "out_of_scope": "Uden for assistentens emner",
    "speak_english": "Skriver på engelsk",
    "human_handoff": "Vil tale med et menneske",
    "affirm": "Ja",
    "deny": "Nej",
    "nlu_fallback": "Ikke forstået (for usikker)",
    "ask_role_profile": "Kompetenceprofil for en rolle",
    "ask_competence_model": "Kompetencehjulet, områder og niveauer",
    "ask_best_practice": "Gode eksempler",
    "followup": "Opfølgende spørgsmål",
    "show_more": "Vis flere",
    "ask_details": "Flere detaljer om et punkt",
}


@dataclass
class DomainInfo:
    intents: List[str] = field(default_factory=list)
    entities: List[str] = field(default_factory=list)
    slots: Dict[str, dict] = field(default_factory=dict)
    responses: Dict[str, str] = field(default_factory=dict)  # name -> first text
    actions: List[str] = field(default_factory=list)  # custom actions
    forms: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)

    @property
    def all_intents(self) -> List[str]:
        return self.intents + [i for i in DEFAULT_INTENTS if i not in self.intents]

    @property
    def all_actions(self) -> List[str]:
        """Everything a story's `action:` step may name."""
        seen = list(self.responses) + self.actions + self.forms
        return seen + [a for a in DEFAULT_ACTIONS if a not in seen]

    def slot_influences(self, name: str) -> bool:
        slot = self.slots.get(name) or {}
        return slot.get("influence_conversation", True) is not False

    def response_text(self, name: str) -> Optional[str]:
        return self.responses.get(name)


def _names(value) -> List[str]:
    names = []
    for item in value or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and item:
            names.append(str(next(iter(item))))
    return names


def load_domain(domain_path: Path) -> DomainInfo:
    """Reads domain.yml or every *.yml in domain/ (merged the way Rasa merges them)."""
    info = DomainInfo()
    path = Path(domain_path)
    files = sorted(path.rglob("*.yml")) + sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            info.problems.append(f"{file.name} er ikke gyldig YAML: {exc}")
            continue
        if not isinstance(data, dict):
            continue
        for name in _names(data.get("intents")):
            if name not in info.intents:
                info.intents.append(name)
        for name in _names(data.get("entities")):
            if name not in info.entities:
                info.entities.append(name)
        for name, slot in (data.get("slots") or {}).items():
            info.slots[str(name)] = slot if isinstance(slot, dict) else {}
        for name, variants in (data.get("responses") or {}).items():
            text = ""
            for variant in variants or []:
                if isinstance(variant, dict) and variant.get("text"):
                    text = str(variant["text"])
                    if not variant.get("condition"):
                        break
            info.responses[str(name)] = text
        for name in _names(data.get("actions")):
            if name not in info.actions:
                info.actions.append(name)
        for name in (data.get("forms") or {}):
            if name not in info.forms:
                info.forms.append(str(name))
    if "requested_slot" not in info.slots and info.forms:
        info.slots["requested_slot"] = {"type": "any"}
    return info
