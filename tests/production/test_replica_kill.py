"""A Rasa replica killed with SIGKILL in the middle of traffic, behind the real load balancer (HAProxy).

Conversations talk over REST the way the chat page's fallback does: every message carries a message
id, and a message that gets an HTTP error or no answer is sent again with the same id (the page's
"Send igen"). Measured: how long each conversation goes without an answer, that every answer the
clients got is stored once and nothing else is stored, and that the supervisor starts the killed
replica again. tests/production/conftest.py runs this module last: the killed replica is still
loading its model when it ends.
"""
from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
from collections import Counter
import urllib.request
import uuid
from typing import Dict, List

import pytest

from prod_support import post_json, stored_events

CONVERSATIONS = 8
MESSAGES = 10
KILL_AFTER = 2.0      # seconds of traffic before the kill
CLIENT_TIMEOUT = 12.0  # a client gives up on one attempt after this and sends the message again
MAX_SILENCE = 10.0     # the promise: every conversation answers again within 10 s
TEXTS = ["hej", "hvad er digital parathed", "hvordan kommer jeg i gang", "tak", "hvad kan du hjælpe med"]


def _talk(base_url: str, sender: str, started: threading.Event, result: Dict) -> None:
    """One conversation: MESSAGES messages in turn, each sent again with its id until answered."""
    answers: List[List[str]] = []
    silences: List[float] = []
    errors: List[str] = []
    for n in range(MESSAGES):
        if n == 2:
            started.set()
        message_id = f"{sender}-{n}"
        first_sent = time.monotonic()
        while True:
            payload = {"sender": sender, "message": TEXTS[n % len(TEXTS)], "metadata": {"message_id": message_id}}
            try:
                status, replies, _ = post_json(f"{base_url}/webhooks/rest/webhook", payload, timeout=CLIENT_TIMEOUT)
            except (urllib.error.URLError, OSError) as exc:  # timeout or connection reset
                status, replies = None, None
                errors.append(type(exc).__name__)
            if status == 200 and isinstance(replies, list) and replies:
                break
            if status is not None:
                errors.append(f"HTTP {status}")
            if time.monotonic() - first_sent > 60:
                result[sender] = {"gave_up": n, "errors": errors}
                return
            time.sleep(0.2)
        silences.append(time.monotonic() - first_sent)
        answers.append([r.get("text", "") for r in replies if r.get("text")])
    result[sender] = {"answers": answers, "silences": silences, "errors": errors}


@pytest.mark.services
def test_a_message_sent_again_with_its_id_is_answered_from_the_store_on_any_replica(scaled):
    """"Send igen" after a lost answer: the same message id again, here to the other replica, gets
    the same answer and the conversation holds the message once; a new id is a new message."""
    sender = f"igen-{uuid.uuid4().hex}"
    url = "{}/webhooks/rest/webhook"

    def send(base, text, mid):
        return post_json(url.format(base), {"sender": sender, "message": text, "metadata": {"message_id": mid}})

    first = send(scaled.replica_urls[0], "hvad er digital parathed", f"{sender}-1")
    again = send(scaled.replica_urls[1], "hvad er digital parathed", f"{sender}-1")
    assert first[0] == again[0] == 200 and first[1] and first[1] == again[1]
    users = [row for row in stored_events(scaled.db_url, sender) if row[2] == "user"]
    assert len(users) == 1
    bots = [row for row in stored_events(scaled.db_url, sender) if row[2] == "bot"]
    assert send(scaled.proxy_url, "hvad er digital parathed", f"{sender}-2")[0] == 200
    assert len([row for row in stored_events(scaled.db_url, sender) if row[2] == "user"]) == 2
    assert len([row for row in stored_events(scaled.db_url, sender) if row[2] == "bot"]) > len(bots)


@pytest.mark.services
def test_a_replica_killed_mid_traffic_costs_seconds_and_no_stored_event(scaled):
    from rasa.shared.core.events import Event, UserUttered

    from bot.deploy.rasa_patches import answers_to, message_id

    victim = scaled.cluster.service("Rasa-replika 1")
    first_pid = victim.process.pid
    run = uuid.uuid4().hex[:8]
    senders = [f"drab-{run}-{i}" for i in range(CONVERSATIONS)]
    result: Dict = {}
    started = threading.Event()
    threads = [threading.Thread(target=_talk, args=(scaled.proxy_url, s, started, result)) for s in senders]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    assert started.wait(60), "trafikken kom ikke i gang"
    time.sleep(KILL_AFTER)
    os.killpg(victim.process.pid, signal.SIGKILL)
    killed = time.monotonic()
    for thread in threads:
        thread.join(180)
    took = time.monotonic() - begin

    gave_up = {s: r for s, r in result.items() if "gave_up" in r}
    assert not gave_up and len(result) == CONVERSATIONS, gave_up
    longest = max(max(r["silences"]) for r in result.values())
    errors = Counter(e for r in result.values() for e in r["errors"])
    waits = sorted(max(r["silences"]) for r in result.values())
    print(f"\nReplika dræbt {killed - begin:.1f} s inde; {CONVERSATIONS}×{MESSAGES} beskeder på {took:.1f} s; "
          f"længste ventetid pr. samtale {', '.join(f'{w:.1f}' for w in waits)} s; "
          f"fejlede forsøg (sendt igen): {dict(errors) or 'ingen'}")
    assert longest <= MAX_SILENCE, f"en samtale ventede {longest:.1f} s på svar"

    # What the clients got is exactly what is stored: every message once, with the answer they read.
    for sender in senders:
        rows = stored_events(scaled.db_url, sender)
        events = [Event.from_parameters(json.loads(row[4])) for row in rows]
        user_ids = [message_id(e.metadata) for e in events if isinstance(e, UserUttered)]
        expected = [f"{sender}-{n}" for n in range(MESSAGES)]
        assert user_ids == expected, (sender, user_ids)
        for n, answer in enumerate(result[sender]["answers"]):
            stored = [r.get("text", "") for r in answers_to(events, f"{sender}-{n}") if r.get("text")]
            assert stored == answer, (sender, n, stored, answer)
        assert len({row[0] for row in rows}) == len(rows)

    # The supervisor started the killed replica again (loading the model then takes a minute or
    # more; this module runs last, so no later test needs it).
    deadline = time.monotonic() + 15
    while not (victim.running() and victim.process.pid != first_pid):
        assert time.monotonic() < deadline, "den dræbte replika blev ikke startet igen"
        time.sleep(0.2)
