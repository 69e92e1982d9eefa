"""Proof that no CPR number, phone number or e-mail address typed into the chat is stored anywhere.

A real action server and Rasa server (the same bot/stack.py services as `make run` and the rasa_stack
fixture), here with DEBUG logging so that Rasa's most talkative log lines are checked too, and a fresh
SQLite tracker store. Conversations go through both channels (REST and socket.io) and contain CPR
numbers in several spellings, phone numbers and e-mail addresses, also as answers inside the
readiness check. Afterwards the tracker database (every table, and the raw file), and both servers'
log files are searched for the values.
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.channels import cpr_note
from bot.privacy import CPR_MASK, EMAIL_MASK, PHONE_MASK

CPR_NOTE = cpr_note()  # domain/privacy.yml: utter_cpr_removed

# What people type, and the digits and words that must not be found afterwards.
MESSAGES = [
    "mit cpr er 010190-1234, hvordan får jeg mitid?",
    "0101901234 er mit personnummer",
    "ring til mig på 23 45 67 89 eller +45 40506070",
    "min mail er hans.hansen@example.dk",
    "CPR: 241285 5678, jeg har glemt min adgangskode",
    "mit nummer er 31.12.80-4321",
]
# (Whole values, not fragments: a debug log is full of numbers, and "5678" would be found by chance.)
SECRETS = [
    "010190-1234", "0101901234", "241285 5678", "2412855678", "31.12.80-4321", "3112804321",
    "23 45 67 89", "23456789", "40506070", "hans.hansen@example.dk", "hans.hansen",
]
# In the readiness check: an answer with a CPR number in it still counts as the answer.
CHECK_MESSAGES = ["er jeg klar til det digitale?", "ja, og mit cpr er 150372-9876", "nej, skriv til a.b@example.dk"]
CHECK_SECRETS = ["150372-9876", "1503729876", "a.b@example.dk"]
# Names where a message introduces a person; none of them may be found afterwards.
NAME_MESSAGES = [
    "Hej, jeg hedder Birthe Østergaard og er pædagog. Hvordan får jeg MitID?",
    "min mor Gudrun Thygesen kan ikke logge på digital post",
    "Hvordan bliver man fritaget for digital post?\nVenlig hilsen\nKnud Vestergaard",
]
NAME_SECRETS = ["Birthe", "Østergaard", "Gudrun", "Thygesen", "Knud", "Vestergaard"]
# Numbers that only look alike are kept (and so can be found).
KEPT = "fritagelsen gælder til 01-11-2027, sagsnummer 12345678"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def debug_stack(trained_model, kb_url, tmp_path_factory):
    from bot.stack import action_server, rasa_server, wait_healthy
    from tests.conftest import OPERATOR_CONTACT

    folder = tmp_path_factory.mktemp("privacy")
    db = folder / "tracker.sqlite3"
    action_port, rasa_port = _free_port(), _free_port()
    token = uuid.uuid4().hex
    actions = action_server(action_port, folder / "actions.log")
    actions.command.append("--debug")
    actions.env.update({**OPERATOR_CONTACT, "KB_URL": kb_url})
    rasa = rasa_server(
        trained_model, rasa_port, f"http://127.0.0.1:{action_port}/webhook", token, folder / "rasa.log",
        extra_env={"TRACKER_DB_URL": f"sqlite:///{db}", "LOG_LEVEL": "DEBUG"},
    )
    actions.start()
    rasa.start()
    try:
        wait_healthy([actions, rasa], timeout=600)  # loading a model is slow when the machine is busy
        yield {"url": f"http://127.0.0.1:{rasa_port}", "folder": folder, "db": db, "token": token}
    finally:
        rasa.stop()
        actions.stop()


def rest(stack, sender, text, metadata=None):
    body = json.dumps({"sender": sender, "message": text, "metadata": metadata or {"audience": "citizen"}}).encode()
    request = urllib.request.Request(f"{stack['url']}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return [m.get("text", "") for m in json.load(response)]


async def _socketio(stack, messages):
    import socketio

    client = socketio.AsyncClient()
    replies = []
    confirmed = asyncio.Event()
    session_id = uuid.uuid4().hex

    @client.on("session_confirm")
    async def on_confirm(*_):
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        replies.append(data.get("text", ""))

    # Long-polling: the installed aiohttp (pinned by Rasa) is older than the websocket client expects.
    await client.connect(stack["url"], socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 20)
        per_message = []
        for text in messages:
            before = len(replies)
            await client.emit("user_uttered", {"message": text, "session_id": session_id,
                                               "customData": {"audience": "citizen"}})
            for _ in range(200):
                await asyncio.sleep(0.1)
                if len(replies) > before and not _still_talking(replies, before):
                    break
            await asyncio.sleep(1.0)
            per_message.append(replies[before:])
        return session_id, per_message
    finally:
        await client.disconnect()


def _still_talking(replies, before):
    return len(replies) - before == 1 and replies[-1] == CPR_NOTE


@pytest.fixture(scope="module")
def rest_conversations(debug_stack):
    out = {}
    sender = f"privacy-rest-{uuid.uuid4().hex[:8]}"
    out["sender"] = sender
    out["replies"] = [rest(debug_stack, sender, text) for text in MESSAGES + [KEPT]]
    check_sender = f"privacy-check-{uuid.uuid4().hex[:8]}"
    out["check"] = [rest(debug_stack, check_sender, text) for text in CHECK_MESSAGES]
    out["check_sender"] = check_sender
    return out


@pytest.fixture(scope="module")
def name_conversation(debug_stack):
    sender = f"privacy-navn-{uuid.uuid4().hex[:8]}"
    return {"sender": sender, "replies": [rest(debug_stack, sender, text) for text in NAME_MESSAGES]}


@pytest.fixture(scope="module")
def socketio_conversation(debug_stack):
    session_id, replies = asyncio.run(_socketio(debug_stack, MESSAGES[:2] + [MESSAGES[3]]))
    return {"sender": session_id, "replies": replies}


@pytest.fixture(scope="module")
def conversations(rest_conversations, socketio_conversation, name_conversation):
    """Both channels' conversations have happened (the scans below need all of them)."""
    return {"rest": rest_conversations, "socketio": socketio_conversation, "names": name_conversation}


def _tracker(stack, sender):
    url = f"{stack['url']}/conversations/{sender}/tracker?token={stack['token']}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_rest_replies_warn_about_cpr_first_and_never_repeat_the_values(rest_conversations):
    replies = rest_conversations["replies"]
    assert replies[0][0] == CPR_NOTE  # the note comes before the answer
    assert any("MitID" in text for text in replies[0][1:])  # and the question is still answered
    assert replies[1][0] == CPR_NOTE
    assert any("Du behøver ikke give mig dine personlige oplysninger" in text for text in replies[1]), replies[1]
    assert CPR_NOTE not in replies[2] and CPR_NOTE not in replies[3]  # phone, e-mail: masked, no note
    for texts in replies:
        for text in texts:
            assert CPR_MASK not in text and PHONE_MASK not in text and EMAIL_MASK not in text
            for secret in SECRETS:
                assert secret not in text


def test_socketio_replies_warn_about_cpr_first(socketio_conversation):
    replies = socketio_conversation["replies"]
    assert replies[0] and replies[0][0] == CPR_NOTE
    assert replies[1] and replies[1][0] == CPR_NOTE
    assert replies[2] and CPR_NOTE not in replies[2]
    for texts in replies:
        for text in texts:
            for secret in SECRETS:
                assert secret not in text


def test_an_answer_with_a_cpr_number_still_counts_in_the_check(debug_stack, rest_conversations):
    check = rest_conversations["check"]
    assert "Spørgsmål 1 af" in "\n".join(check[0])
    assert check[1][0] == CPR_NOTE and "Spørgsmål 2 af" in "\n".join(check[1])
    assert "Spørgsmål 3 af" in "\n".join(check[2])
    tracker = _tracker(debug_stack, rest_conversations["check_sender"])
    assert tracker["slots"]["readiness_enhed"] == "ja"
    assert tracker["slots"]["readiness_internet"] == "nej"


def test_the_tracker_holds_masked_text_and_what_was_masked(debug_stack, rest_conversations):
    tracker = _tracker(debug_stack, rest_conversations["sender"])
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    texts = [e["text"] for e in user_events]
    assert f"mit cpr er {CPR_MASK}, hvordan får jeg mitid?" in texts
    assert f"ring til mig på {PHONE_MASK} eller {PHONE_MASK}" in texts
    assert f"min mail er {EMAIL_MASK}" in texts
    kinds = [e.get("metadata", {}).get("personal_data_masked") for e in user_events]
    assert ["cpr"] in kinds and ["telefon"] in kinds and ["email"] in kinds
    assert KEPT in texts  # dates and case numbers are left alone


def _scan_sqlite(db: Path):
    found = []
    connection = sqlite3.connect(db)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = 0
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                rows += 1
                found.append(" ".join(str(value) for value in row))
    finally:
        connection.close()
    return rows, "\n".join(found)


def test_no_personal_data_in_the_tracker_store_database(debug_stack, conversations):
    rows, content = _scan_sqlite(debug_stack["db"])
    assert rows > 20 and CPR_MASK in content  # the conversations are there, masked
    for secret in SECRETS + CHECK_SECRETS + NAME_SECRETS:
        assert secret not in content, secret
    assert "12345678" in content  # the case number that only looks like a phone number was kept
    # The raw bytes too (free pages, journal files), in case something was written and deleted.
    for path in debug_stack["folder"].glob("tracker.sqlite3*"):
        raw = path.read_bytes()
        for secret in SECRETS + CHECK_SECRETS + NAME_SECRETS:
            assert secret.encode() not in raw, (path.name, secret)


def test_no_personal_data_in_the_servers_debug_logs(debug_stack, conversations):
    rasa_log = (debug_stack["folder"] / "rasa.log").read_text(errors="replace")
    actions_log = (debug_stack["folder"] / "actions.log").read_text(errors="replace")
    assert "DEBUG" in rasa_log and CPR_MASK in rasa_log  # debug logging was on and logged the messages
    assert "DEBUG" in actions_log
    for name, log in (("rasa.log", rasa_log), ("actions.log", actions_log)):
        for secret in SECRETS + CHECK_SECRETS + NAME_SECRETS:
            assert secret not in log, (name, secret)


def test_a_name_is_masked_and_the_question_still_answered(debug_stack, name_conversation):
    replies = name_conversation["replies"]
    assert any("MitID" in text for text in replies[0])
    assert any("fritag" in text.lower() for text in replies[2])
    tracker = _tracker(debug_stack, name_conversation["sender"])
    texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert texts[0] == "Hej, jeg hedder [navn] og er pædagog. Hvordan får jeg MitID?"
    assert texts[1] == "min mor [navn] kan ikke logge på digital post"
    assert texts[2].endswith("Venlig hilsen\n[navn]")


def _events_of(db: Path, sender: str) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
    finally:
        connection.close()


def test_slet_min_samtale_over_rest_asks_first_and_leaves_no_event(debug_stack):
    sender = f"privacy-slet-{uuid.uuid4().hex[:8]}"
    rest(debug_stack, sender, "min søn har brug for hjælp til mitid")
    kept = f"privacy-behold-{uuid.uuid4().hex[:8]}"
    rest(debug_stack, kept, "hvordan får jeg mitid?")
    question = rest(debug_stack, sender, "slet min samtale")
    assert any("Vil du have, at jeg sletter hele samtalen?" in text for text in question)
    assert _events_of(debug_stack["db"], sender) > 0  # asking is not deleting
    done = rest(debug_stack, sender, "ja")
    assert any("Din samtale er nu slettet" in text for text in done)
    assert _events_of(debug_stack["db"], sender) == 0
    assert _events_of(debug_stack["db"], kept) > 0
    # The person can go on; the new conversation starts from nothing.
    again = rest(debug_stack, sender, "hvordan får jeg mitid?")
    assert any("MitID" in text for text in again)
    connection = sqlite3.connect(debug_stack["db"])
    try:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
                                  (sender,)).fetchall()
    finally:
        connection.close()
    assert [json.loads(data)["text"] for (data,) in rows] == ["hvordan får jeg mitid?"]


def test_saying_no_keeps_the_conversation(debug_stack):
    sender = f"privacy-nej-{uuid.uuid4().hex[:8]}"
    rest(debug_stack, sender, "hvordan får jeg mitid?")
    rest(debug_stack, sender, "glem hvad jeg har skrevet")
    kept = rest(debug_stack, sender, "nej")
    assert any("jeg sletter ikke noget" in text for text in kept)
    assert _events_of(debug_stack["db"], sender) > 0
