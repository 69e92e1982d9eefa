"""Feedback: input validation and finding the rated answer in a tracker (no servers needed)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.web.feedback import FeedbackError, FeedbackRequest, answers_in, find_answer, parse_request, slot_event

EVENTS = [
    {"event": "action", "name": "action_session_start"},
    {"event": "session_started"},
    {"event": "user", "text": "/greet"},
    {"event": "bot", "text": "Hej! Hvad vil du vide?"},
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "hvad kan du hjælpe med?"},
    {"event": "bot", "text": "Jeg kan hjælpe med:\n- MitID\n- Digital Post\n\nSkriv gerne igen."},
    {"event": "bot", "text": "Noget andet?"},
    {"event": "user", "text": "tak"},
    {"event": "bot", "text": "Selv tak!"},
]


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "op",
        {"value": "op", "message": "x"},
        {"conversation_id": "", "value": "op", "message": "x"},
        {"conversation_id": "a b", "value": "op", "message": "x"},
        {"conversation_id": "../etc", "value": "op", "message": "x"},
        {"conversation_id": "a" * 129, "value": "op", "message": "x"},
        {"conversation_id": 5, "value": "op", "message": "x"},
        {"conversation_id": "abc", "value": "up", "message": "x"},
        {"conversation_id": "abc", "value": "op"},
        {"conversation_id": "abc", "value": "op", "message": "   "},
        {"conversation_id": "abc", "value": "op", "message": 7},
        {"conversation_id": "abc", "value": "op", "message": "x" * 5001},
        {"conversation_id": "abc", "value": "op", "message_index": -1},
        {"conversation_id": "abc", "value": "op", "message_index": True},
        {"conversation_id": "abc", "value": "op", "message_index": "1"},
        {"conversation_id": "abc", "value": "op", "message": "x", "message_index": 0},
    ],
)
def test_bad_input_is_a_400_with_a_danish_message(body):
    with pytest.raises(FeedbackError) as error:
        parse_request(body)
    assert error.value.status == 400
    assert error.value.message


def test_good_input():
    parsed = parse_request({"conversation_id": "9f8e7d", "value": "ned", "message": "Selv tak!"})
    assert parsed == FeedbackRequest("9f8e7d", "ned", "Selv tak!", None)
    assert parse_request({"conversation_id": "x_1-2", "value": "op", "message_index": 0}).message_index == 0


def test_answers_are_grouped_in_turns_with_their_question():
    turns = answers_in(EVENTS)
    assert [[a.text for a in turn] for turn in turns] == [
        ["Hej! Hvad vil du vide?"],
        ["Jeg kan hjælpe med:\n- MitID\n- Digital Post\n\nSkriv gerne igen.", "Noget andet?"],
        ["Selv tak!"],
    ]
    assert turns[1][0].question == "hvad kan du hjælpe med?"


def test_the_page_joins_the_parts_of_a_turn():
    # socket.io splits bot messages on blank lines; the page joins what it showed with blank lines.
    shown = "Jeg kan hjælpe med:\n- MitID\n- Digital Post\n\nSkriv gerne igen.\n\nNoget andet?"
    answer = find_answer(EVENTS, FeedbackRequest("c", "ned", shown))
    assert answer.question == "hvad kan du hjælpe med?"
    assert answer.text.endswith("Noget andet?")


def test_one_message_or_an_index_can_be_rated():
    assert find_answer(EVENTS, FeedbackRequest("c", "op", "  Selv   tak! ")).question == "tak"
    assert find_answer(EVENTS, FeedbackRequest("c", "op", message_index=2)).text == "Noget andet?"


@pytest.mark.parametrize("request_", [FeedbackRequest("c", "op", "Noget jeg aldrig sagde"),
                                      FeedbackRequest("c", "op", message_index=4)])
def test_an_answer_that_is_not_in_the_conversation_is_a_404(request_):
    with pytest.raises(FeedbackError) as error:
        find_answer(EVENTS, request_)
    assert error.value.status == 404


def test_slot_event_shape():
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    answer = find_answer(EVENTS, FeedbackRequest("c", "ned", "Selv tak!"))
    event = slot_event(FeedbackRequest("c", "ned", "Selv tak!"), answer, now)
    assert event == {
        "event": "slot",
        "name": "feedback",
        "value": {"value": "ned", "message": "Selv tak!", "question": "tak", "timestamp": "2026-01-02T03:04:05Z"},
        "timestamp": now.timestamp(),
    }


def test_editors_find_bad_answers_in_rasas_sql_tracker_store(tmp_path):
    """Ratings are read back from the tables that Rasa's own SQLTrackerStore writes."""
    import asyncio
    import concurrent.futures

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.web.feedback import feedback_entries

    domain = Domain.from_dict({"slots": {"feedback": {"type": "any", "influence_conversation": False,
                                                      "mappings": [{"type": "custom"}]}}})
    db = tmp_path / "tracker.sqlite3"
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(db))
    for sender, rating in [("samtale-1", "ned"), ("samtale-2", "op")]:
        answer = find_answer(EVENTS, FeedbackRequest(sender, rating, "Selv tak!"))
        event = slot_event(FeedbackRequest(sender, rating, "Selv tak!"), answer)
        tracker = DialogueStateTracker.from_events(
            sender, [UserUttered("tak"), BotUttered("Selv tak!"), SlotSet("feedback", event["value"])]
        )
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # see test_web_server.run
            pool.submit(asyncio.run, store.save(tracker)).result()
    store.engine.dispose()

    bad = feedback_entries(f"sqlite:///{db}", value="ned")
    assert [(e["conversation_id"], e["value"], e["message"], e["question"]) for e in bad] == [
        ("samtale-1", "ned", "Selv tak!", "tak")
    ]
    assert {e["value"] for e in feedback_entries(f"sqlite:///{db}")} == {"op", "ned"}
