"""Sending a feature's messages (bot.content.message.Message) to the person, one chat message each: a
text as it is, or a domain response filled with its variables; buttons as they are."""
from __future__ import annotations

from typing import Iterable

from rasa_sdk.executor import CollectingDispatcher

from bot.content.message import Message


def send(dispatcher: CollectingDispatcher, messages: Iterable[Message]) -> None:
    for message in messages:
        if message.response:
            dispatcher.utter_message(response=message.response, buttons=message.buttons or None, **message.variables)
        else:
            dispatcher.utter_message(text=message.text, buttons=message.buttons or None)
