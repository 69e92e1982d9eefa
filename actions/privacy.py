"""'Slet min samtale': tell the person it is done and ask the Rasa server to delete the conversation.

The deletion itself happens in the Rasa server's tracker store when it sees the slot set here
(bot/privacy_store.py): only there can the conversation's events, which that server holds in memory,
be deleted instead of written back.
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.privacy_store import ERASE_SLOT


class ActionDeleteConversation(Action):
    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_conversation_deleted")
        return [SlotSet(ERASE_SLOT, True)]
