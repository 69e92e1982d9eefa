"""Handing a conversation over to a person: which response and which contact, per audience.

    message = handover_reply("staff")   # HR or the digitalisation unit (STAFF_HANDOVER_* in bot/settings.py)
    message = handover_reply("citizen") # borgerservice (HANDOVER_*)
    send(dispatcher, [message])         # actions/sending.py

The sentences are responses in domain/content.yml (utter_handover, utter_handover_no_details), with a
variant per audience; this module only picks the response and fills {contact_name} and {contact_details}.
"""
from __future__ import annotations

from typing import Dict, Optional

from bot.content.contact import contact_lines
from bot.content.message import Message


def handover_reply(audience: str = "citizen", contact: Optional[Dict[str, str]] = None) -> Message:
    from bot.settings import HANDOVER_DEFAULTS, STAFF_HANDOVER_DEFAULTS, handover_contact

    audience = "staff" if audience == "staff" else "citizen"
    contact = contact if contact is not None else handover_contact(audience)
    defaults = STAFF_HANDOVER_DEFAULTS if audience == "staff" else HANDOVER_DEFAULTS
    name = contact.get("name") or next(v for k, v in defaults.items() if k.endswith("_NAME"))
    details = contact_lines(contact)
    if not details:
        return Message.from_response("utter_handover_no_details", contact_name=name)
    return Message.from_response("utter_handover", contact_name=name, contact_details="\n".join(details))


def audience_from_metadata(metadata: Dict) -> str:
    """'citizen' when the chat page says so, otherwise 'staff' (the intranet is the default)."""
    value = (metadata or {}).get("audience")
    return "citizen" if value in ("citizen", "borger") else "staff"
