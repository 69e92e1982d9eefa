"""The chat page's words (issue 13): responses in domain/chat_page.yml, where an editor can change them.
The web server only picks them, per audience, and puts them in the page: the template's fixed texts
(title, heading, introduction, buttons, labels) and, as JSON, the texts the page's script shows
(web/src/strings.js names them). Nothing here imports Rasa.

    page_texts("citizen")    -> {"title": "Digital parathed-assistenten – chat", "intro": ..., ...}
    script_texts("staff")    -> {"you": "Du skrev:", "typing": "Assistenten skriver …", ...}
    embed_texts()            -> {"staff": {"label": "Chat med assistenten", ...}, "citizen": {...}}
    feedback_error("utter_chat_feedback_not_saved") -> the feedback API's explanation to a client
"""
from __future__ import annotations

from typing import Dict

from bot.content.responses import response_text

# The template's placeholder (bot/web/templates/index.html) -> its response in domain/chat_page.yml
PAGE = {
    "title": "utter_chat_page_title",
    "heading": "utter_chat_page_heading",
    "intro": "utter_chat_page_intro",
    "skip_link": "utter_chat_page_skip_link",
    "restart": "utter_chat_page_restart",
    "delete": "utter_chat_page_delete",
    "close": "utter_chat_page_close",
    "log_title": "utter_chat_page_log_title",
    "typing": "utter_chat_page_typing",
    "input_label": "utter_chat_page_input_label",
    "send": "utter_chat_page_send",
    "hint": "utter_chat_page_hint",
    "no_script": "utter_chat_page_no_script",
}

# The name the page's script uses (STRINGS.<name> in web/src/) -> its response in domain/chat_page.yml
SCRIPT = {
    "you": "utter_chat_page_you_wrote",
    "assistant": "utter_chat_page_assistant_wrote",
    "newConversationDone": "utter_chat_page_new_conversation",
    "suggestions": "utter_chat_page_suggestions",
    "typing": "utter_chat_page_typing",
    "connecting": "utter_chat_page_connecting",
    "reconnecting": "utter_chat_page_reconnecting",
    "reconnected": "utter_chat_page_reconnected",
    "unavailable": "utter_chat_page_unavailable",
    "notSent": "utter_chat_page_not_sent",
    "noAnswer": "utter_chat_page_no_answer",
    "resend": "utter_chat_page_resend",
    "emptyMessage": "utter_chat_page_empty_message",
    "tooLong": "utter_chat_page_too_long",
    "feedbackQuestion": "utter_chat_page_feedback_question",
    "feedbackUp": "utter_chat_page_feedback_up",
    "feedbackDown": "utter_chat_page_feedback_down",
    "feedbackUpLabel": "utter_chat_page_feedback_up_label",
    "feedbackDownLabel": "utter_chat_page_feedback_down_label",
    "feedbackThanks": "utter_chat_page_feedback_thanks",
    "feedbackFailed": "utter_chat_page_feedback_failed",
    "opensInNewWindow": "utter_chat_page_opens_in_new_window",
    "image": "utter_chat_page_image",
    "deleteConversation": "utter_chat_page_delete_message",
}


def page_texts(audience: str) -> Dict[str, str]:
    """The template's texts for the audience ("staff" or "citizen"), not yet escaped."""
    return {key: response_text(name, audience=audience) for key, name in PAGE.items()}


def script_texts(audience: str) -> Dict[str, str]:
    """The script's texts for the audience, by the names the script uses."""
    return {key: response_text(name, audience=audience) for key, name in SCRIPT.items()}


# The embed script's words (web/src/embed.js), per audience: the launcher button and the iframe's title.
EMBED = {
    "label": "utter_chat_embed_button",
    "frameTitle": "utter_chat_embed_frame_title",
}
# The global the web server sets before the built embed.js when it serves it (bot/web/app.py).
EMBED_GLOBAL = "__parathedEmbedTexts"


def embed_texts() -> Dict[str, Dict[str, str]]:
    """{"staff": {...}, "citizen": {...}}: the embed script knows its audience only in the browser."""
    return {audience: {key: response_text(name, audience=audience) for key, name in EMBED.items()}
            for audience in ("staff", "citizen")}


def feedback_error(name: str) -> str:
    """The feedback API's explanation for a request it cannot use (utter_chat_feedback_*, utter_rest_*)."""
    return response_text(name)
