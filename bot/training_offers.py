"""Training offers (tilbud.yml) browsed by audience, competence area or role.

    reply = browse_offers(target_group="ledere")          # "hvilke kurser findes der til ledere?"
    reply.response, reply.variables                       # a response in domain/leadership.yml
    reply.listed                                          # [["offer", id], ...] numbered as shown
    reply.messages()                                      # what the person reads (bot.content Message)

Which offers fit a role (the role's own list and its target groups), and which target groups are the
municipality's own people, is shared with the self-check's recommendations: bot/content/role_offers.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from bot.content.message import Message
from bot.content.role_offers import fits_role, workplace_groups
from bot.content.text import first_sentence, in_sentence
from bot.kb import queries


@dataclass
class OffersReply:
    response: str
    variables: Dict[str, str] = field(default_factory=dict)
    listed: List[List[str]] = field(default_factory=list)

    def messages(self) -> List[Message]:
        """The list, and with more than one offer how to hear more about one of them."""
        said = [Message.from_response(self.response, **self.variables)]
        if len(self.listed) > 1:
            said.append(Message.from_response("utter_training_offers_more"))
        return said


def _lines(offers) -> str:
    return "\n".join(f"{n}. {o.name} ({o.type}): {first_sentence(o.description)}" for n, o in enumerate(offers, start=1))


def _name(kind: str, entity_id: str) -> str:
    refs = queries.list_target_groups() if kind == "target_group" else []
    if kind == "area":
        area = queries.get_area(entity_id)
        return in_sentence(area.name) if area else entity_id
    if kind == "role":
        role = queries.get_role(entity_id)
        return role.name if role else entity_id
    return in_sentence(next((r.name for r in refs if r.id == entity_id), entity_id))


def _covers(offer, area_id: Optional[str]) -> bool:
    return area_id is None or any(a.id == area_id for a in offer.areas)


def _for_group(offer, group: Optional[str]) -> bool:
    groups = {g.id for g in offer.target_groups}
    return (group in groups) if group else bool(groups & workplace_groups())


def offers_in_conversation(target_group: Optional[str], area: Optional[str], role: Optional[str],
                           context_params: Dict[str, str]) -> "OffersReply":
    """Offers for what the question names; a question that names nothing ("kurser til dem?") right after
    a role's profile is about that role (and the area, when the answer was about the role in one area)."""
    if not (target_group or area or role) and context_params.get("role"):
        role, area = context_params["role"], context_params.get("area")
    return browse_offers(target_group=target_group, area=area, role=role)


def browse_offers(target_group: Optional[str] = None, area: Optional[str] = None,
                  role: Optional[str] = None) -> OffersReply:
    """Offers for a target group and/or a wheel area, or those that fit a role; staff offers when none."""
    if role:
        offers = [o for o in queries.offers_for(role_id=role, area_id=area) if _covers(o, area)] if area else []
        offers = offers or queries.offers_for(role_id=role)
        own = [o.id for o in offers]
        others = [o for o in queries.offers_for() if o.id not in own and _covers(o, area)
                  and fits_role(o, role, own) and _for_group(o, None)]
        chosen = offers + others
        response, variables = "utter_training_offers_role", {"role": _name("role", role)}
    else:
        everything = queries.offers_for()
        chosen = [o for o in everything if _for_group(o, target_group) and _covers(o, area)]
        variables = {}
        if target_group:
            variables["group"] = _name("target_group", target_group)
        if area:
            variables["area"] = _name("area", area)
        if target_group and area and not chosen:
            chosen = [o for o in everything if _for_group(o, target_group)]
            response = "utter_training_offers_group_not_area"
        elif target_group and area:
            response = "utter_training_offers_group_area"
        elif target_group:
            response = "utter_training_offers_group"
        elif area:
            response = "utter_training_offers_area"
        else:
            response = "utter_training_offers_all"
        if not chosen:
            return OffersReply("utter_training_offers_none", {"group": variables.get("group") or variables.get("area", "")})
    variables["offers"] = _lines(chosen)
    return OffersReply(response, variables, [["offer", o.id] for o in chosen])
