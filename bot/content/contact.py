"""An operator's contact details as plain lines, the same for staff and citizens (bot/handover.py and
bot/citizen_help.py use them). The words are the responses utter_contact_* in domain/citizen_help.yml.

    contact_lines({"phone": "70 10 20 30"})   -> ["Telefon: 70 10 20 30"]
"""
from __future__ import annotations

from typing import Dict, List

from bot.content.responses import response_text


def contact_lines(contact: Dict[str, str], booking_url: str = "") -> List[str]:
    """The contact details as lines (utter_contact_*); empty when none are configured. No audience is
    given: the lines are the same for staff and citizens."""
    lines = []
    if contact.get("phone"):
        lines.append(response_text("utter_contact_phone", phone=contact["phone"]))
    if contact.get("email"):
        lines.append(response_text("utter_contact_email", email=contact["email"]))
    if contact.get("hours"):
        lines.append(response_text("utter_contact_hours", hours=contact["hours"]))
    if booking_url:
        lines.append(response_text("utter_contact_booking", url=booking_url))
    elif contact.get("url"):
        lines.append(response_text("utter_read_more", url=contact["url"]))
    return lines
