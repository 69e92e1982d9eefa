"""The question still gets its answer when a message holds a CPR number, a phone number, an e-mail
address or a name: in-process conversations through the masking of bot/channels.py, compared with
the same question asked without the personal data."""
from __future__ import annotations

import uuid

import pytest

from bot.channels import cpr_note, masking
from bot.privacy import CPR_MASK, EMAIL_MASK, NAME_MASK, PHONE_MASK

# (with personal data, the same question without it)
PAIRS = [
    ("mit cpr er 010190-1234, hvordan får jeg mitid?", "hvordan får jeg mitid?"),
    ("hvordan får jeg mitid? mit cpr-nummer er 1503729876", "hvordan får jeg mitid?"),
    ("ring til mig på 23 45 67 89, jeg kan ikke finde min digitale post", "jeg kan ikke finde min digitale post"),
    ("min mail er hans.hansen@example.dk, hvordan bliver jeg fritaget for digital post?",
     "hvordan bliver jeg fritaget for digital post?"),
    ("hvordan får jeg fritagelse for digital post, skriv til a.b@example.dk", "hvordan får jeg fritagelse for digital post"),
    ("Jeg hedder Birthe Sørensen, hvor kan jeg få hjælp til MitID?", "hvor kan jeg få hjælp til MitID?"),
    ("min mor Karen Jensen skal have en fuldmagt, hvordan gør vi?", "min mor skal have en fuldmagt, hvordan gør vi?"),
    ("hvordan får jeg mitid? Mvh Jytte Madsen, tlf 40506070", "hvordan får jeg mitid?"),
]
MASKS = (CPR_MASK, PHONE_MASK, EMAIL_MASK, NAME_MASK)
CPR_NOTE = cpr_note("citizen")  # domain/privacy.yml: utter_cpr_removed


def _say(agent, loop, text):
    from rasa.core.channels.channel import UserMessage

    sender = f"privat-{uuid.uuid4().hex}"
    handler = masking(agent.handle_message)
    message = UserMessage(text=text, sender_id=sender, metadata={"audience": "citizen"})
    replies = [m.get("text", "") for m in loop.run_until_complete(handler(message)) or [] if m.get("text")]
    tracker = loop.run_until_complete(agent.tracker_store.retrieve(sender))
    return replies, tracker.latest_message


@pytest.mark.parametrize("with_data, without", PAIRS, ids=[p[1][:30] for p in PAIRS])
def test_a_message_with_personal_data_gets_the_same_answer_as_without(agent, event_loop_session, with_data, without):
    clean_replies, clean = _say(agent, event_loop_session, without)
    replies, latest = _say(agent, event_loop_session, with_data)
    assert clean.intent["name"] not in ("nlu_fallback", None)
    assert latest.intent["name"] == clean.intent["name"], (latest.text, latest.intent)
    assert any(mask in latest.text for mask in MASKS)  # what is stored is masked
    if "cpr" in with_data:
        assert replies[0] == CPR_NOTE  # the short warning first …
        replies = replies[1:]
    assert replies and len(replies) == len(clean_replies)  # … then the answer to what was asked
    for text in replies:
        for mask in MASKS:
            assert mask not in text
