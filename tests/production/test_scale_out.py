"""Two Rasa processes sharing PostgreSQL and Redis serve the same conversations, and 50 conversations
at once spread over both lose and duplicate no event (counted in the tracker store)."""
from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from prod_support import post_json, say, stored_events, tracker_events

pytestmark = pytest.mark.services

CONVERSATION = ["hej", "hvad kan du hjælpe med?", "jeg vil gerne tale med et menneske", "tak"]


def _types(rows):
    return [row[2] for row in rows]


def _duplicates(rows):
    """Events stored twice: same conversation, type, timestamp and content."""
    counts = Counter((row[1], row[2], row[3], row[4]) for row in rows)
    return [key for key, n in counts.items() if n > 1]


def test_both_replicas_serve_the_same_conversation(scaled):
    first, second = scaled.replica_urls
    sender = f"delt-{uuid.uuid4().hex}"
    assert say(first, sender, "hej", {"audience": "citizen"})[0].startswith("Hej")
    # The second replica continues the conversation the first one started: the citizen greeting
    # set audience=citizen in PostgreSQL, and the handover uses the operator's contact details.
    assert "Borgerservice i Testkommune" in say(second, sender, "jeg vil gerne tale med et menneske")[0]
    assert say(first, sender, "tak")
    events = tracker_events(second, scaled.token, sender)
    user_texts = [e["text"] for e in events if e["event"] == "user"]
    assert user_texts == ["hej", "jeg vil gerne tale med et menneske", "tak"]
    slots = [e for e in events if e["event"] == "slot" and e["name"] == "audience"]
    assert slots and slots[-1]["value"] == "citizen"
    # The tracker store holds exactly what the API shows, nothing twice.
    rows = stored_events(scaled.db_url, sender)
    assert len(rows) == len(events)
    assert not _duplicates(rows)


def test_fifty_concurrent_conversations_lose_and_duplicate_no_event(scaled):
    """50 conversations at once; each message goes to the other replica than the one before."""
    replicas = scaled.replica_urls
    senders = [f"samtidig-{i:02d}-{uuid.uuid4().hex[:8]}" for i in range(50)]

    def converse(index_sender):
        index, sender = index_sender
        answers = []
        for turn, text in enumerate(CONVERSATION):
            replica = replicas[(index + turn) % len(replicas)]
            status, replies, body = post_json(f"{replica}/webhooks/rest/webhook",
                                              {"sender": sender, "message": text}, timeout=180)
            answers.append((status, replies))
        return answers

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(converse, enumerate(senders)))

    errors = [(s, status) for s, answers in zip(senders, results) for status, replies in answers
              if status != 200 or not replies]
    assert not errors, f"{len(errors)} beskeder fik ingen svar: {errors[:5]}"

    wanted = set(senders)
    rows = [r for r in stored_events(scaled.db_url) if r[1] in wanted]
    by_sender = {s: [r for r in rows if r[1] == s] for s in senders}
    assert not _duplicates(rows)
    sequences = set()
    for sender, events in by_sender.items():
        users = [json.loads(r[4])["text"] for r in events if r[2] == "user"]
        assert users == CONVERSATION, f"{sender}: {users}"
        bots = [r for r in events if r[2] == "bot"]
        assert len(bots) >= len(CONVERSATION), f"{sender}: {len(bots)} svar"
        sequences.add(tuple(_types(events)))
    # The same four messages give the same sequence of events in every conversation: nothing lost,
    # nothing doubled, nothing from one conversation in another.
    assert len(sequences) == 1, f"{len(sequences)} forskellige hændelsesforløb"
    # And what is stored is what both replicas read back.
    for i, sender in enumerate(senders[:5]):
        assert len(tracker_events(replicas[i % 2], scaled.token, sender)) == len(by_sender[sender])


def test_one_conversation_hit_on_both_replicas_at_once_is_handled_in_turn(scaled):
    """Messages of one conversation sent at the same moment to both replicas wait for each other
    (the Redis lock): every message is stored once, each answered before the next is read."""
    replicas = scaled.replica_urls
    sender = f"kapløb-{uuid.uuid4().hex}"
    say(replicas[0], sender, "hej")
    messages = [f"tak {i}" for i in range(8)]

    async def fire():
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=len(messages)) as pool:
            calls = [loop.run_in_executor(pool, post_json, f"{replicas[i % 2]}/webhooks/rest/webhook",
                                          {"sender": sender, "message": text}, 180)
                     for i, text in enumerate(messages)]
            return await asyncio.gather(*calls)

    results = asyncio.run(fire())
    assert all(status == 200 and replies for status, replies, _ in results)
    rows = stored_events(scaled.db_url, sender)
    assert not _duplicates(rows)
    types = _types(rows)
    users = [json.loads(r[4])["text"] for r in rows if r[2] == "user"]
    assert sorted(users) == sorted(["hej", *messages])
    # Serialised: after every user message comes its answer before the next user message.
    starts = [i for i, t in enumerate(types) if t == "user"]
    for a, b in zip(starts, starts[1:] + [len(types)]):
        assert "bot" in types[a:b], f"intet svar mellem to beskeder: {types[a:b]}"
