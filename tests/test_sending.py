"""The actions send what bot/ answers, in the one message type (bot.content.message.Message), through
actions/sending.py: one chat message each, a text or a domain response with its values, buttons in Rasa's
shape under the message they belong to. Run with the real actions and a tracker, without a model."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.sending import send
from bot.content.message import Message, button


@pytest.fixture(autouse=True)
def _kb(kb_url, monkeypatch):
    monkeypatch.setenv("KB_URL", kb_url)


def _run(action, text, intent, entities=(), slots=None):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "intent_ranking": [],
               "entities": [{"entity": kind, "value": value, "start": max(text.find(value[:6]), 0)}
                            for kind, value in entities]}
    tracker = Tracker("t", dict(slots or {}), message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_a_text_and_a_response_reach_rasa_as_it_expects_them():
    dispatcher = CollectingDispatcher()
    send(dispatcher, [Message("Hej", [button("Ja", "/affirm")]),
                      Message.from_response("utter_handover_no_details", contact_name="HR")])
    text, response = dispatcher.messages
    assert text["text"] == "Hej" and text["buttons"] == [{"title": "Ja", "payload": "/affirm"}]
    assert response["response"] == "utter_handover_no_details" and response["contact_name"] == "HR"
    assert response["text"] is None and response["buttons"] == []


def test_two_roles_in_one_question_are_two_messages_with_the_buttons_under_the_last():
    from actions.catalogue import ActionCatalogueAnswer

    messages, events = _run(ActionCatalogueAnswer, "hvad skal sygeplejersker og pædagoger kunne om datasikkerhed?",
                            "ask_role_profile", [("role", "sygeplejerske"), ("role", "paedagog"),
                                                 ("area", "datasikkerhed")])
    assert len(messages) == 2 and "ygeplejerske" in messages[0]["text"] and "ædagog" in messages[1]["text"]
    assert messages[0]["buttons"] == [] and messages[1]["buttons"]
    context = next(e["value"] for e in events if e.get("name") == "kb_context")
    assert context["params"] == {"role": "paedagog", "area": "datasikkerhed"}


def test_a_leaders_answer_is_its_response_with_the_labels_of_the_other_sections():
    from actions.leadership import ActionLeadershipAnswer

    messages, _ = _run(ActionLeadershipAnswer, "Hvordan kan vi måle, om kompetenceudviklingen har virket?",
                       "ask_leadership")
    [message] = messages
    assert message["response"].startswith("utter_leadership_") and message["source"]
    assert message["title"] == "Mål, om kompetenceudviklingen har gjort en forskel"
    titles = {b["title"] for b in message["buttons"]}
    assert len(titles) == 3 and titles < {"Kort fortalt", "Sådan gør I", "Hvad kræver det?", "Mål effekten"}


def test_a_citizen_follow_up_is_the_facet_with_the_topics_other_questions():
    from actions.conversation import ActionTopicFollowup

    context = {"topic": "help_topic", "params": {"help_topic": "digital-post-fritagelse"}}
    messages, _ = _run(ActionTopicFollowup, "gælder det for altid?", "ask_facet", slots={"kb_context": context})
    [message] = messages
    assert message["text"].startswith("Fritagelse for Digital Post: Nej, fritagelsen gælder ikke for altid.")
    assert message["buttons"] and all(b["title"] == b["payload"] and b["title"].endswith("?")
                                      for b in message["buttons"])


def test_offers_for_leaders_are_the_list_and_how_to_hear_more():
    from actions.leadership import ActionTrainingOffers

    messages, _ = _run(ActionTrainingOffers, "hvilke kurser findes der til ledere?", "ask_training_offers",
                       [("target_group", "ledere")])
    assert [m["response"] for m in messages] == ["utter_training_offers_group", "utter_training_offers_more"]
    assert messages[0]["group"] == "ledere" and "Forløb i digital ledelse" in messages[0]["offers"]
