"""The conversations in Rasa's SQL tracker store, read-only: a list with filters, and one
conversation turn by turn with intent, confidence and entities.

Rasa's SQLTrackerStore keeps one row per event in `events` (sender_id, type_name, timestamp,
intent_name, action_name, data as JSON). SQLite by default, PostgreSQL in production; both are read
with SQLAlchemy and plain SQL that both understand.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta
from typing import Dict, List, Optional, Tuple

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = ("action_default_fallback", "action_two_stage_fallback")
FEEDBACK_SLOT = "feedback"
HIDDEN_ACTIONS = ("action_listen", "action_session_start")
HIDDEN_SLOTS = (FEEDBACK_SLOT, "audience")


@dataclass
class Filters:
    search: str = ""
    fallback: bool = False
    low_confidence: bool = False
    negative: bool = False
    date_from: Optional[date] = None
    date_to: Optional[date] = None  # inclusive

    @property
    def any_problem(self) -> bool:
        return self.fallback or self.low_confidence or self.negative


@dataclass
class Summary:
    id: str
    started: float
    last: float
    user_messages: int = 0
    first_question: str = ""
    fallbacks: int = 0
    low: int = 0
    min_confidence: Optional[float] = None
    negative: int = 0
    positive: int = 0
    texts: List[str] = field(default_factory=list)


@dataclass
class Turn:
    kind: str  # user, bot, action, feedback, session, slot, loop
    timestamp: float
    text: str = ""
    intent: Optional[str] = None
    confidence: Optional[float] = None
    entities: List[dict] = field(default_factory=list)
    ranking: List[Tuple[str, float]] = field(default_factory=list)
    action: Optional[str] = None
    value: Optional[str] = None
    number: Optional[int] = None  # user messages are numbered from 1
    fallback: bool = False
    low: bool = False
    suggested_intent: Optional[str] = None

    @property
    def when(self) -> str:
        return format_time(self.timestamp)


@dataclass
class Conversation:
    id: str
    turns: List[Turn]

    def user_turn(self, number: int) -> Optional[Turn]:
        return next((t for t in self.turns if t.kind == "user" and t.number == number), None)

    @property
    def started(self) -> Optional[float]:
        return self.turns[0].timestamp if self.turns else None


def format_time(timestamp: Optional[float]) -> str:
    if not timestamp:
        return ""
    return datetime.fromtimestamp(timestamp).strftime("%d.%m.%Y kl. %H:%M")


def _engine(db_url: str):
    import sqlalchemy as sa

    return sa.create_engine(db_url)


def _has_events_table(connection) -> bool:
    import sqlalchemy as sa

    return sa.inspect(connection).has_table("events")


def _load(data: Optional[str]) -> dict:
    try:
        value = json.loads(data or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _bounds(filters: Filters) -> Tuple[Optional[float], Optional[float]]:
    start = datetime.combine(filters.date_from, dtime.min).timestamp() if filters.date_from else None
    end = (datetime.combine(filters.date_to + timedelta(days=1), dtime.min).timestamp()
           if filters.date_to else None)
    return start, end


def _intent_of(data: dict) -> Tuple[Optional[str], Optional[float], List[dict], List[Tuple[str, float]]]:
    parse = data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = [(r.get("name"), float(r.get("confidence") or 0.0)) for r in parse.get("intent_ranking") or []
               if isinstance(r, dict) and r.get("name")]
    confidence = intent.get("confidence")
    return (intent.get("name"), float(confidence) if confidence is not None else None,
            [e for e in parse.get("entities") or [] if isinstance(e, dict)], ranking)


def _is_command(text: str) -> bool:
    return text.startswith("/")


def list_conversations(db_url: str, filters: Filters, low_threshold: float = 0.7, limit: int = 50,
                       offset: int = 0) -> Tuple[List[Summary], int]:
    """Conversations with a user message in the period, newest first; (page, total count)."""
    import sqlalchemy as sa

    start, end = _bounds(filters)
    clauses = ["type_name IN ('user', 'action', 'slot')"]
    params: Dict[str, object] = {}
    if start is not None:
        clauses.append("timestamp >= :start")
        params["start"] = start
    if end is not None:
        clauses.append("timestamp < :end")
        params["end"] = end
    query = sa.text(
        "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events WHERE "
        + " AND ".join(clauses) + " ORDER BY id"
    )
    summaries: Dict[str, Summary] = {}
    engine = _engine(db_url)
    try:
        with engine.connect() as connection:
            if not _has_events_table(connection):
                return [], 0
            for sender, kind, ts, intent_name, action_name, data in connection.execute(query, params):
                summary = summaries.get(sender)
                if summary is None:
                    summary = summaries[sender] = Summary(sender, ts, ts)
                summary.last = max(summary.last, ts or 0)
                if kind == "user":
                    event = _load(data)
                    text = str(event.get("text") or "")
                    if _is_command(text):
                        continue
                    summary.user_messages += 1
                    summary.texts.append(text)
                    if not summary.first_question:
                        summary.first_question = text
                    intent, confidence, _, _ = _intent_of(event)
                    if intent_name == FALLBACK_INTENT or intent == FALLBACK_INTENT:
                        summary.fallbacks += 1
                    if confidence is not None:
                        if confidence < low_threshold:
                            summary.low += 1
                        if summary.min_confidence is None or confidence < summary.min_confidence:
                            summary.min_confidence = confidence
                elif kind == "action" and action_name in FALLBACK_ACTIONS:
                    summary.fallbacks += 1
                elif kind == "slot" and action_name == FEEDBACK_SLOT:
                    value = _load(data).get("value")
                    if isinstance(value, dict):
                        if value.get("value") == "ned":
                            summary.negative += 1
                        elif value.get("value") == "op":
                            summary.positive += 1
    finally:
        engine.dispose()
    needle = " ".join(filters.search.casefold().split())
    selected = []
    for summary in summaries.values():
        if summary.user_messages == 0:
            continue
        if needle and not any(needle in " ".join(t.casefold().split()) for t in summary.texts):
            continue
        if filters.any_problem and not (
            (filters.fallback and summary.fallbacks) or (filters.low_confidence and summary.low)
            or (filters.negative and summary.negative)
        ):
            continue
        selected.append(summary)
    selected.sort(key=lambda s: s.last, reverse=True)
    return selected[offset:offset + limit], len(selected)


def load_conversation(db_url: str, sender_id: str, low_threshold: float = 0.7) -> Optional[Conversation]:
    import sqlalchemy as sa

    engine = _engine(db_url)
    try:
        with engine.connect() as connection:
            if not _has_events_table(connection):
                return None
            rows = connection.execute(
                sa.text("SELECT type_name, timestamp, data FROM events WHERE sender_id = :id ORDER BY id"),
                {"id": sender_id},
            ).fetchall()
    finally:
        engine.dispose()
    if not rows:
        return None
    turns: List[Turn] = []
    number = 0
    for kind, ts, data in rows:
        event = _load(data)
        if kind == "user":
            text = str(event.get("text") or "")
            intent, confidence, entities, ranking = _intent_of(event)
            number += 1
            fallback = intent == FALLBACK_INTENT
            suggested = next((name for name, _ in ranking if name != FALLBACK_INTENT), None) if fallback else intent
            shown = []
            for ent in entities:
                start, end = ent.get("start"), ent.get("end")
                fragment = text[start:end] if isinstance(start, int) and isinstance(end, int) else str(ent.get("value"))
                shown.append({"entity": ent.get("entity"), "value": ent.get("value"), "text": fragment,
                              "start": start, "end": end, "extractor": ent.get("extractor")})
            turns.append(Turn("user", ts, text=text, intent=intent, confidence=confidence, entities=shown,
                              ranking=ranking[:4], number=number, fallback=fallback,
                              low=confidence is not None and confidence < low_threshold and not _is_command(text),
                              suggested_intent=suggested))
        elif kind == "bot":
            metadata = event.get("metadata") or {}
            turns.append(Turn("bot", ts, text=str(event.get("text") or ""),
                              action=metadata.get("utter_action") if isinstance(metadata, dict) else None))
        elif kind == "action":
            name = event.get("name")
            if name not in HIDDEN_ACTIONS:
                turns.append(Turn("action", ts, action=name, fallback=name in FALLBACK_ACTIONS,
                                  confidence=event.get("confidence")))
        elif kind == "slot":
            name, value = event.get("name"), event.get("value")
            if name == FEEDBACK_SLOT and isinstance(value, dict):
                turns.append(Turn("feedback", ts, value=value.get("value"), text=str(value.get("message") or "")))
            elif name not in HIDDEN_SLOTS:
                turns.append(Turn("slot", ts, action=name, value=value))
        elif kind == "active_loop":
            turns.append(Turn("loop", ts, action=event.get("name")))
        elif kind == "session_started":
            turns.append(Turn("session", ts))
    return Conversation(sender_id, turns)


def story_steps(conversation: Conversation, domain, corrections: Optional[Dict[int, str]] = None,
                up_to: Optional[int] = None):
    """The conversation as story steps: each user message (intent, corrected where asked, with the
    user's words), then the actions, slots that influence the conversation, and forms."""
    from bot.editor.stories import Step

    corrections = corrections or {}
    steps: List[Step] = []
    for turn in conversation.turns:
        if turn.kind == "user":
            if up_to is not None and turn.number > up_to:
                break
            intent = corrections.get(turn.number) or turn.intent
            steps.append(Step("intent", intent, text=turn.text))
        elif not steps:
            continue  # before the first message: session start, greeting slots
        elif turn.kind == "action" and turn.action:
            steps.append(Step("action", turn.action))
        elif turn.kind == "slot" and turn.action and domain.slot_influences(turn.action):
            steps.append(Step("slot", turn.action, value=turn.value))
        elif turn.kind == "loop":
            steps.append(Step("active_loop", turn.action or None))
    return steps
