"""Button payloads in Rasa's form, shared by every feature that puts a button under a message:
"/intent" or "/intent{json entities}", which Rasa reads as that intent with those entities.

    payload("ask_details", item=detail_item("practice", "digitale-ambassadoerer"))
        -> '/ask_details{"item": "practice:digitale-ambassadoerer"}'
"""
from __future__ import annotations

import json


def payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def detail_item(kind: str, item_id: str) -> str:
    """The value of the entity `item` in an ask_details payload: "practice:<id>"."""
    return f"{kind}:{item_id}"
