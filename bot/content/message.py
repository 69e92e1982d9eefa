"""The message every feature answers in (citizen help, the readiness check, the staff check).

    Message("Sådan får du MitID …", [{"title": "MitID uden smartphone", "payload": "/citizen_…"}])
    message.to_dict()   -> {"text": ..., "buttons": [...]}  (no "buttons" key when there are none)

Buttons are in Rasa's own shape ({"title", "payload"}), so an action passes them on as they are
(actions/sending.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List


@dataclass
class Message:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> Dict:
        out: Dict = {"text": self.text}
        if self.buttons:
            out["buttons"] = self.buttons
        return out
