"""Anonymous team overview (issue 14, part 3): a leader creates a team, staff add their self-check result
to it anonymously, the leader sees how the team's levels spread per competence area against the role
profile, never for fewer than MIN_ANSWERS answers. See bot/team/store.py."""
from .store import MIN_ANSWERS, TeamStore, TooFewAnswers, UnknownTeam

__all__ = ["MIN_ANSWERS", "TeamStore", "TooFewAnswers", "UnknownTeam"]
