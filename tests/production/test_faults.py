"""Faults: the action server down or hanging, PostgreSQL restarted mid-run, malformed, empty and
oversized requests. The user always gets a 4xx or a polite Danish reply, never a stack trace, and
no stored event is lost."""
from __future__ import annotations

import json
import threading
import time
import uuid

import pytest

from prod_support import ACTION_TIMEOUT, ensure_postgres, pg_ctl
from prod_support import post_json, say, stored_events
from bot.stack import wait_healthy

pytestmark = pytest.mark.services

HANDOFF = "jeg vil gerne tale med et menneske"
APOLOGY_START = "Undskyld, jeg har lige nu et teknisk problem"


def _timed_say(url, sender, text, metadata=None):
    started = time.monotonic()
    replies = say(url, sender, text, metadata)
    return replies, time.monotonic() - started


def _assert_apology(replies):
    text = "\n".join(replies)
    assert APOLOGY_START in text, text
    assert "Borgerservice i Testkommune" in text  # where to turn if it is urgent
    assert "Traceback" not in text and "Exception" not in text


def test_action_server_down_gives_a_danish_apology_and_the_conversation_goes_on(scaled):
    actions = scaled.cluster.service("handlingsserver 1")
    sender = f"nedbrud-{uuid.uuid4().hex}"
    say(scaled.proxy_url, sender, "hej", {"audience": "citizen"})  # the citizens' page
    actions.stop()
    try:
        for replica in scaled.replica_urls:
            replies, seconds = _timed_say(replica, sender, HANDOFF)
            _assert_apology(replies)
            assert seconds < 5, f"undskyldningen tog {seconds:.1f} s"
        # A new conversation can still start (session start falls back to Rasa's own).
        fresh = f"ny-under-nedbrud-{uuid.uuid4().hex}"
        greeting = say(scaled.proxy_url, fresh, "hej", {"audience": "citizen"})
        assert greeting and greeting[0].startswith("Hej! Jeg er kommunens digitale hjælper")
    finally:
        actions.start()
        wait_healthy([actions], timeout=180)
    deadline = time.monotonic() + 30  # the proxy's health check notices within a few seconds
    while True:
        replies = say(scaled.proxy_url, sender, HANDOFF)
        if "Borgerservice i Testkommune" in replies[0] and APOLOGY_START not in replies[0]:
            break
        assert time.monotonic() < deadline, replies
        time.sleep(1)
    user_texts = [json.loads(r[4])["text"] for r in stored_events(scaled.db_url, sender) if r[2] == "user"]
    assert user_texts[:3] == ["hej", HANDOFF, HANDOFF]


def test_refused_and_hanging_action_server_both_give_the_apology_in_time(scaled):
    sender = f"hænger-{uuid.uuid4().hex}"
    say(scaled.replica_urls[0], sender, "hej", {"audience": "citizen"})
    try:
        scaled.relay.set_mode("down")  # connection refused
        replies, seconds = _timed_say(scaled.replica_urls[0], sender, HANDOFF)
        _assert_apology(replies)
        assert seconds < 3, f"{seconds:.1f} s"
        scaled.relay.set_mode("hang")  # accepts, never answers
        replies, seconds = _timed_say(scaled.replica_urls[1], sender, HANDOFF)
        _assert_apology(replies)
        assert ACTION_TIMEOUT <= seconds < ACTION_TIMEOUT + 3, f"{seconds:.1f} s"
    finally:
        scaled.relay.set_mode("pass")
    assert "Borgerservice i Testkommune" in say(scaled.replica_urls[0], sender, HANDOFF)[0]


def test_postgres_restart_mid_run_loses_no_stored_event(scaled):
    """Conversations keep talking while PostgreSQL restarts; afterwards every message is stored
    once and every event stored before the restart is still there."""
    senders = [f"pg-genstart-{i}-{uuid.uuid4().hex[:8]}" for i in range(6)]
    turns = ["hej", "hvad kan du hjælpe med?", "tak", "hej", "hvad kan du hjælpe med?", "tak",
             "hej", "tak"]
    for sender in senders:
        say(scaled.replica_urls[0], sender, turns[0])
    before = {row[0]: row for s in senders for row in stored_events(scaled.db_url, s)}
    failures, lock = [], threading.Lock()

    def talk(index, sender):
        for turn, text in enumerate(turns[1:], start=1):
            replica = scaled.replica_urls[(index + turn) % 2]
            status, replies, body = post_json(f"{replica}/webhooks/rest/webhook",
                                              {"sender": sender, "message": text}, timeout=120)
            if status != 200 or not replies or "Traceback" in body:
                with lock:
                    failures.append((sender, text, status, body[:200]))
            time.sleep(0.4)

    threads = [threading.Thread(target=talk, args=(i, s)) for i, s in enumerate(senders)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    try:
        pg_ctl("restart")
    finally:
        ensure_postgres()
    for thread in threads:
        thread.join(300)
    assert not failures, failures

    after = {s: stored_events(scaled.db_url, s) for s in senders}
    after_ids = {row[0] for rows in after.values() for row in rows}
    assert set(before) <= after_ids, "hændelser gemt før genstarten er forsvundet"
    for sender, rows in after.items():
        users = [json.loads(r[4])["text"] for r in rows if r[2] == "user"]
        assert users == turns, f"{sender}: {users}"
        keys = [(r[2], r[3], r[4]) for r in rows]
        assert len(keys) == len(set(keys)), f"{sender}: hændelser gemt to gange"
    # The conversations go on as normal after the restart.
    assert say(scaled.proxy_url, senders[0], "hej")[0].startswith("Hej")


@pytest.mark.parametrize("raw", [
    b"{ikke json",
    b"[1, 2, 3]",
    b"42",
    b'{"message": "hej"}',
    b'{"sender": "", "message": "hej"}',
    b'{"sender": 17, "message": "hej"}',
    b'{"sender": "x", "message": {"tekst": "hej"}}',
    b'{"sender": "x", "message": "hej", "metadata": "ikke et objekt"}',
    ('{"sender": "' + "x" * 300 + '", "message": "hej"}').encode(),
])
def test_malformed_requests_get_a_4xx_without_a_stack_trace(scaled, raw):
    for base in (scaled.replica_urls[0], scaled.proxy_url):
        status, body, text = post_json(f"{base}/webhooks/rest/webhook", None, raw=raw)
        assert 400 <= status < 500, (status, text[:200])
        assert "Traceback" not in text and "File \"" not in text
        assert isinstance(body, dict) and body.get("error")


@pytest.mark.parametrize("message", ["", "   ", None])
def test_empty_messages_get_a_polite_reply(scaled, message):
    payload = {"sender": f"tom-{uuid.uuid4().hex}"}
    if message is not None:
        payload["message"] = message
    status, replies, text = post_json(f"{scaled.proxy_url}/webhooks/rest/webhook", payload)
    assert status == 200, text
    assert replies and replies[0]["text"].startswith(("Undskyld", "Det er jeg ikke sikker"))


def test_long_messages_are_cut_and_too_large_bodies_refused(scaled):
    from bot.channels import MAX_MESSAGE_CHARS
    from bot.settings import max_request_bytes

    sender = f"lang-{uuid.uuid4().hex}"
    long_text = "hej " * 5000  # 20 000 characters, under the body limit
    status, replies, _ = post_json(f"{scaled.proxy_url}/webhooks/rest/webhook",
                                   {"sender": sender, "message": long_text})
    assert status == 200 and replies
    stored = [json.loads(r[4])["text"] for r in stored_events(scaled.db_url, sender) if r[2] == "user"]
    assert len(stored[0]) <= MAX_MESSAGE_CHARS + 2
    huge = {"sender": sender, "message": "a" * (max_request_bytes() + 1000)}
    for base in (scaled.replica_urls[0], scaled.proxy_url):
        status, _, text = post_json(f"{base}/webhooks/rest/webhook", huge)
        assert status == 413, (status, text[:200])
        assert "Traceback" not in text


def test_a_long_conversation_still_reaches_the_action_server(scaled):
    """Rasa sends the whole conversation with every action call: past the users' 64 KB request limit
    the action route (and the action servers) must still accept it."""
    from bot.settings import max_request_bytes

    sender = f"lang-samtale-{uuid.uuid4().hex}"
    filler = "jeg har et langt spørgsmål om digitale kompetencer " * 36  # ~1 900 characters
    for _ in range(max_request_bytes() // len(filler) + 4):
        say(scaled.proxy_url, sender, filler, {"audience": "citizen"})  # the citizens' page
    tracker_size = sum(len(r[4]) for r in stored_events(scaled.db_url, sender))
    assert tracker_size > max_request_bytes()
    reply = say(scaled.proxy_url, sender, HANDOFF)[0]
    assert "Borgerservice i Testkommune" in reply and APOLOGY_START not in reply
