"""Answers for leaders, HR and digitalisation chiefs (issue 14), testable without Rasa.

    message = leadership_reply("Kan vi se, om kurserne har gjort en forskel?")   # a bot.content Message
    message.response    # "utter_leadership_effektmaaling": a response in domain/leadership.yml
    message.variables   # {"title": ..., "section": ..., "source": ...} filled into it
    message.buttons     # [{"title", "payload"}]: the entry's other sections (their labels are responses
                        # in domain/leadership.yml), or, when nothing matched well, entries that may fit

The answer is the best-matching section of a catalogue entry (bot/kb/semantic.py) with its title and
source. Below the measured threshold the reply says so honestly: just that (utter_leadership_nothing),
or, when the question is near the catalogue's topics (SUGGEST_THRESHOLD), together with the leader
entries whose words match it best (the lexical search), so the leader can pick one.
Every sentence the user reads is in domain/leadership.yml or in the catalogue.
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from bot.content.message import Message, button
from bot.content.responses import response_text
from bot.kb.search import search as lexical_search
from bot.kb.semantic import (
    ALL_KINDS,
    DEFINITION_KINDS,
    LEADER_KINDS,
    SUGGEST_THRESHOLD,
    THRESHOLD,
    SemanticHit,
    best_answer,
    get_passage_index,
    semantic_search,
)

# Sections offered as buttons after an answer about a good practice, in this order.
PRACTICE_SECTIONS = ("resume", "trin", "forudsaetninger", "effektmaaling")
SECTIONS = PRACTICE_SECTIONS + ("definition", "uddybning", "svar", "beskrivelse")
SUGGESTIONS = 3
# The understanding's second guess counts when it has at least this much of the confidence.
RUNNER_UP_MIN = 0.1


def item_payload(intent: str, kind: str, entity_id: str, section: str) -> str:
    return f'/{intent}{{"item": "{kind}:{entity_id}#{section}"}}'


def parse_item(item: Optional[str]) -> Optional[Tuple[str, str, str]]:
    """"practice:maal-effekt#trin" -> ("practice", "maal-effekt", "trin"); None for anything else."""
    if not item or ":" not in item:
        return None
    kind, rest = item.split(":", 1)
    entity_id, _, section = rest.partition("#")
    if kind not in ALL_KINDS or not entity_id:
        return None
    return kind, entity_id, section or ""


def _section_button(hit: SemanticHit, section: str, intent: str) -> Dict[str, str]:
    return button(response_text(f"utter_leadership_button_{section}"),
                  item_payload(intent, hit.kind, hit.entity_id, section))


def answer_of(hit: SemanticHit, intent: str = "ask_leadership") -> Message:
    """The message that shows one section, with buttons for the entry's other sections."""
    buttons = []
    if hit.kind == "practice":
        buttons = [_section_button(hit, section, intent) for section in PRACTICE_SECTIONS if section != hit.section]
    elif hit.kind == "concept" and hit.section == "definition":
        index = get_passage_index()
        if "uddybning" in index.sections_of(hit.kind, hit.entity_id):
            buttons = [_section_button(hit, "uddybning", intent)]
    return Message.from_response(f"utter_leadership_{hit.section}", buttons,
                                 title=hit.title, section=hit.text, source=hit.source)


def _shown_section(kind: str, entity_id: str, section: str) -> Optional[SemanticHit]:
    index = get_passage_index()
    sections = index.sections_of(kind, entity_id)
    if not sections:
        return None
    return index.section(kind, entity_id, section if section in sections else sections[0])


def _suggestions(text: str, intent: str) -> List[Dict[str, str]]:
    """Leader entries whose words match the question best (lexical search), as buttons."""
    if not text or text.startswith("/"):
        return []
    out: List[Dict[str, str]] = []
    for hit in lexical_search(text, limit=12, kinds={"practice"}):
        if _for_leaders(hit.id):
            out.append(button(hit.title, item_payload(intent, "practice", hit.id, "resume")))
        if len(out) >= SUGGESTIONS:
            break
    return out


def _for_leaders(practice_id: str) -> bool:
    """True for a practice meant for leaders, HR or digitalisation chiefs: the catalogue's leader groups
    (the leaders' roles' målgrupper, bot.catalogue.Catalogue.leader_groups)."""
    from bot.catalogue.current import current_catalogue
    from bot.kb import queries

    practice = queries.get_practice(practice_id)
    leader_groups = current_catalogue().leader_groups
    return bool(practice) and bool(leader_groups & {ref.id for ref in practice.target_groups})


def leadership_reply(text: str, item: Optional[str] = None) -> Message:
    """A leader's question (intent ask_leadership) -> the best section of a leader entry, or an honest
    "det har jeg ikke noget om" with suggestions."""
    wanted = parse_item(item)
    if wanted:
        hit = _shown_section(*wanted)
        if hit:
            return answer_of(hit)
    hits = semantic_search(text, limit=1, kinds=LEADER_KINDS)
    if hits and hits[0].score >= THRESHOLD:
        return answer_of(hits[0])
    suggestions = _suggestions(text, "ask_leadership") if hits and hits[0].score >= SUGGEST_THRESHOLD else []
    if suggestions:
        return Message.from_response("utter_leadership_no_answer", suggestions)
    return Message.from_response("utter_leadership_nothing")


NOTHING_FOUND = frozenset({"utter_leadership_no_answer", "utter_leadership_nothing"})


def better_intent_when_nothing_found(reply: Message, ranking: Sequence[Tuple[str, float]],
                                     entities: Mapping[str, str]) -> Optional[str]:
    """A leader's question the leader sections have nothing on, which the understanding thought might
    also be a role's profile and which names a role ("vi er 3 pædagoger i en vuggestue og vi er ikke så
    gode til it, hvad forventes der af os"): the role's profile answers it; None keeps the honest reply."""
    if reply.response not in NOTHING_FOUND or not entities.get("role"):
        return None
    runners_up = [(name, confidence) for name, confidence in ranking if name != "ask_leadership"]
    if runners_up and runners_up[0][0] == "ask_role_profile" and runners_up[0][1] >= RUNNER_UP_MIN:
        return "ask_role_profile"
    return None


def definition_reply(text: str, item: Optional[str] = None) -> Message:
    """"Hvad betyder X?" (intent ask_definition) -> a concept's definition or an offer's description."""
    wanted = parse_item(item)
    if wanted:
        hit = _shown_section(*wanted)
        if hit:
            return answer_of(hit, "ask_definition")
    hit = best_answer(text, kinds=DEFINITION_KINDS)
    if hit:
        return answer_of(hit, "ask_definition")
    return Message.from_response("utter_definition_unknown")


def free_question_reply(text: str, audience: str = "staff") -> Optional[Message]:
    """For the fallback: the best section of any entry when it matches well, else None.

    Staff get every kind (good practices, definitions, courses, citizen topics); citizens get only the
    citizen topics and the practices written for citizens' helpers are left out."""
    if not text or not text.strip() or text.startswith("/"):
        return None
    kinds = ALL_KINDS if audience != "citizen" else frozenset({"help_topic"})
    hit = best_answer(text, kinds=kinds)
    return answer_of(hit) if hit else None
