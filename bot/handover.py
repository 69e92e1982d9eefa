"""Danish text for handing a conversation over to a person, from the operator's contact settings."""
from __future__ import annotations

from typing import Dict

from bot.citizen_help import contact_lines


def handover_text(contact: Dict[str, str]) -> str:
    name = contact.get("name") or "kommunens borgerservice"
    lines = [f"Du er velkommen til at kontakte {name}.", *contact_lines(contact)]
    if len(lines) == 1:
        lines.append("Du finder telefonnummer og åbningstider på kommunens hjemmeside.")
    lines.append("Skriv ikke dit CPR-nummer her i chatten.")
    return "\n".join(lines)


def audience_from_metadata(metadata: Dict) -> str:
    """'citizen' when the chat page says so, otherwise 'staff' (the intranet is the default)."""
    value = (metadata or {}).get("audience")
    return "citizen" if value in ("citizen", "borger") else "staff"
