"""Which training offers fit a role, shared by the course overview (bot/training_offers.py) and the staff
self-check's recommendations (bot/staff_check.py).

    role_audience("leder")                          -> frozenset({"ledere"})
    fits_role(offer, "sosu-assistent")              -> True / False

A role's target groups (taksonomi.yml) are the catalogue's (roller/<id>.yml: målgrupper), e.g. ledere
for a leader. An offer fits a role when it is in the role's own list (roller/<id>.yml: tilbud) or is
meant for one of the role's target groups. The municipality's own people are the target groups of its
roles (workplace_groups), so an offer for one of them is a workplace offer, not one for citizens.
"""
from __future__ import annotations

from typing import FrozenSet, List, Optional

from bot.catalogue.fixed_ids import STAFF_GROUP

STAFF = frozenset({STAFF_GROUP})  # a role the catalogue does not know


def _roles():
    from bot.catalogue.current import current_catalogue

    return current_catalogue().roles


def role_audience(role_id: str) -> FrozenSet[str]:
    """The role's target groups (roller/<id>.yml: målgrupper)."""
    role = _roles().get(role_id)
    return frozenset(role.target_groups) if role is not None else STAFF


def workplace_groups() -> FrozenSet[str]:
    """The target groups of the municipality's own people: those of its roles (not citizens)."""
    return frozenset(group for role in _roles().values() for group in role.target_groups)


def fits_role(offer, role_id: str, role_offer_ids: Optional[List[str]] = None) -> bool:
    """True when the offer is in the role's own list or meant for the role's target groups."""
    if role_offer_ids is None:
        from bot.kb import queries

        role_offer_ids = [o.id for o in queries.offers_for(role_id=role_id)]
    return offer.id in role_offer_ids or bool(role_audience(role_id) & {g.id for g in offer.target_groups})
