"""Sending a feature's messages (bot.content.message.Message) to the person, one chat message each."""
from __future__ import annotations

from typing import Iterable

from rasa_sdk.executor import CollectingDispatcher

from bot.content.message import Message


def send(dispatcher: CollectingDispatcher, messages: Iterable[Message]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)
