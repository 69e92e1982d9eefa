"""Answers to citizens' direct questions, rendered from the catalogue's citizen help topics
(data/catalogue/borgerhjaelp.yml: `svar` and `trin`), so the catalogue stays the one source of truth.

    answer_for("citizen_mitid_get")                       -> [Message(text, buttons)]
    answer_for("citizen_relative_help", "må jeg bruge min mors MitID?")
    answer_for("citizen_relative_help", topic="laeseadgang")   # from a button

Which intent asks for which topic, and which topics are offered as buttons under an answer, are the
catalogue's (borgerhjaelp.yml: a topic's `intent` and `se_også`); an intent's main topic is the first
topic with it. The topics' intents, buttons and lookups are shared with the readiness check and the
follow-ups, so they live in the shared kit (bot/content/citizen_topics.py).
"citizen_relative_help" (letting a relative help) picks read access, power of attorney or "using another
person's MitID is illegal" from the words used, or gives all three in short when the question is general. Booking a time in borgerservice adds the contact details an
operator configures (HANDOVER_* and BOOKING_URL, bot/settings.py). The words around the catalogue's
text (button titles, headings, contact lines) are responses in domain/citizen_help.yml.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple

from bot.content.citizen_topics import (INTENTS, get_topic, intent_topics, related_topics, relative_topic,
                                        topic_button, topic_intents, topic_names_in)
from bot.content.contact import contact_lines
from bot.content.message import Message
from bot.content.text import first_sentences, steps_text
from bot.kb.ready import kb_url


def _say(name: str, **values: str) -> str:
    """A response in domain/*.yml (citizen_help.yml, content.yml); the citizen's words are content, not code."""
    from bot.content.responses import response_text

    return response_text(name, audience="citizen", **values)


def likely_topics(ranking: Sequence[Tuple[str, float]], minimum: float = 0.15, limit: int = 3) -> List[str]:
    """The citizen topics an unsure understanding weighed, best first ("Handler det om et af disse?"):
    only when its best guess is a citizen question, and only guesses of at least `minimum`."""
    guesses = [(name, confidence) for name, confidence in ranking if name != "nlu_fallback"]
    if not guesses or guesses[0][0] not in INTENTS:
        return []
    topics = intent_topics()
    found: List[str] = []
    for name, confidence in guesses[:limit]:
        topic_id = topics.get(name)
        if confidence >= minimum and name in INTENTS and topic_id and topic_id not in found:
            found.append(topic_id)
    return found


def render_topic(topic, with_steps: bool = True, with_title: bool = True) -> str:
    parts = []
    if with_title:
        parts.append(topic.title)
    parts.append(topic.answer)
    text = "\n".join(parts)
    if with_steps and topic.steps:
        text += "\n\n" + steps_text(topic.steps, _say("utter_citizen_steps_heading"))
    if with_steps:  # a full answer: the official front page its kilde names (bot/content/links.py)
        from bot.content.links import read_more_line

        link = read_more_line(getattr(topic, "source", "") or "")
        if link:
            text += "\n\n" + link
    return text


# --- letting a relative help: which of the three topics (relative_topic, bot/content/citizen_topics.py) -----
def _relative_overview(url: Optional[str]) -> List[Message]:
    illegal = get_topic("andres-mitid-ulovligt", url)
    read_access = get_topic("laeseadgang", url)
    proxy = get_topic("digital-fuldmagt", url)
    text = "\n".join([
        _say("utter_citizen_relative_overview"),
        f"- {read_access.title}: {first_sentences(read_access.answer, 2)}",
        f"- {proxy.title}: {first_sentences(proxy.answer, 2)}",
        "",
        first_sentences(illegal.answer, 2),
    ])
    return [Message(text, [topic_button("laeseadgang"), topic_button("digital-fuldmagt")])]


def _relative(topic_id: str, url: Optional[str]) -> List[Message]:
    topic = get_topic(topic_id, url)
    text = render_topic(topic)
    if topic_id != "andres-mitid-ulovligt":
        illegal = get_topic("andres-mitid-ulovligt", url)
        text += "\n\n" + first_sentences(illegal.answer, 1)
    return [Message(text, [topic_button(t) for t in related_topics(topic_id)])]


# --- borgerservice and where to get help ---------------------------------------------------------------
def _contact_text(contact: Dict[str, str], booking_url: str) -> str:
    """"Sådan kontakter du …:" and the contact lines; empty when none are configured."""
    lines = contact_lines(contact, booking_url)
    if not lines:
        return ""
    heading = _say("utter_citizen_contact_heading",
                   contact_name=contact.get("name") or _say("utter_citizen_contact_default_name"))
    return "\n".join([heading, *lines])


def _contact(contact: Optional[Dict[str, str]], booking_url: Optional[str]):
    if contact is None:
        from bot.settings import handover_contact

        contact = handover_contact()
    if booking_url is None:
        from bot import settings

        booking_url = settings.booking_url()
    return contact, booking_url


def _book(url: Optional[str], contact: Optional[Dict[str, str]], booking_url: Optional[str]) -> List[Message]:
    topic = get_topic("borgerservice", url)
    contact, booking_url = _contact(contact, booking_url)
    text = render_topic(topic)
    contact_text = _contact_text(contact, booking_url)
    if contact_text:
        text += "\n\n" + contact_text
    text += "\n\n" + _say("utter_no_cpr")
    return [Message(text, [topic_button(t) for t in related_topics("borgerservice")])]


def _where_help(url: Optional[str], contact: Optional[Dict[str, str]], booking_url: Optional[str]) -> List[Message]:
    service = get_topic("borgerservice", url)
    library = get_topic("bibliotek", url)
    contact, booking_url = _contact(contact, booking_url)
    text = "\n".join([
        _say("utter_citizen_where_help"),
        f"- {service.title}: {first_sentences(service.answer, 2)}",
        f"- {library.title}: {first_sentences(library.answer, 2)}",
    ])
    contact_text = _contact_text(contact, booking_url)
    if contact_text:
        text += "\n\n" + contact_text
    return [Message(text, [
        topic_button("borgerservice", _say("utter_citizen_button_book")),
        topic_button("bibliotek", _say("utter_citizen_button_courses")),
    ])]


# --- the entry point -------------------------------------------------------------------------------------
def chosen_topic(intent: str, text: str = "", topic: Optional[str] = None) -> Optional[str]:
    """The topic answer_for answers (what a follow-up is about); None for an overview of several."""
    if topic and topic not in topic_intents():
        topic = None
    if intent in ("citizen_where_help", "citizen_book_borgerservice") and not topic or topic == "borgerservice":
        return "borgerservice"  # the overview of where to get help starts with borgerservice
    if intent == "citizen_relative_help" or topic in ("laeseadgang", "digital-fuldmagt", "andres-mitid-ulovligt"):
        return topic or relative_topic(text)
    return topic or intent_topics().get(intent)


def answer_for(
    intent: str,
    text: str = "",
    topic: Optional[str] = None,
    url: Optional[str] = None,
    contact: Optional[Dict[str, str]] = None,
    booking_url: Optional[str] = None,
) -> List[Message]:
    """The messages that answer a citizen's question (intent, what they wrote, or a topic from a button)."""
    if topic and topic not in topic_intents():
        topic = None
    if intent == "citizen_where_help" and not topic:
        return _where_help(url, contact, booking_url)
    if intent == "citizen_book_borgerservice" or topic == "borgerservice":
        return _book(url, contact, booking_url)
    if intent == "citizen_relative_help" or topic in ("laeseadgang", "digital-fuldmagt", "andres-mitid-ulovligt"):
        chosen = topic or relative_topic(text)
        return _relative(chosen, url) if chosen else _relative_overview(url)
    topic_id = topic or intent_topics().get(intent)
    if topic_id is None:
        return [Message(_say("utter_not_available"))]
    found = get_topic(topic_id, url)
    if found is None:
        return [Message(_say("utter_not_available"))]
    return [Message(render_topic(found), [topic_button(t) for t in related_topics(topic_id)])]


# --- two questions in one message -----------------------------------------------------------------------
# "hvordan får jeg mitid, og hvordan læser jeg digital post?": the answer is to the first question the
# understanding picked; the others are offered as buttons (utter_also_asked in domain/conversation.yml).
_QUESTION_BREAK = re.compile(
    r"[?.!;]+|,?\s+(?:og|men|samt)\s+(?=(?:hvordan|hvad|hvor|hvornår|hvem|hvilke|hvilken|kan|skal|må|er|vil)\b)",
    re.IGNORECASE)


def _topic_of_part(part: str, forms: Dict[str, str]) -> Optional[str]:
    """The topic of the longest topic name in one question (the most specific one)."""
    found = topic_names_in(part, forms)
    return max(found, key=found.get) if found else None


def _family(topic_id: str) -> str:
    return topic_id.split("-")[0]  # "mitid-faa" and "mitid-glemt-mistet" are one family


def other_questions(text: str, answered: Optional[str], url: Optional[str] = None) -> List[str]:
    """Citizen topics asked about in the message's other questions, not in the answered topic's family."""
    from bot.kb import queries
    from bot.kb.danish_text import content_words

    # "tak for det." and "hej." are no questions: only parts with words of their own count.
    parts = [p for p in _QUESTION_BREAK.split(text or "") if p and content_words(p)]
    if len(parts) < 2:
        return []
    forms = queries.help_topic_forms(url=kb_url(url))
    intents = topic_intents()
    topics = [_topic_of_part(part, forms) for part in parts]
    topics = [t if t in intents else None for t in topics]
    family = _family(answered) if answered else None
    # The part that was answered: the one about the answered topic's family, else the first without a
    # topic name (the intent was understood from it), else the first.
    answered_part = next((i for i, t in enumerate(topics) if t and _family(t) == family),
                         next((i for i, t in enumerate(topics) if t is None), 0))
    found: List[str] = []
    for index, topic_id in enumerate(topics):
        if (index != answered_part and topic_id and topic_id not in found
                and (family is None or _family(topic_id) != family)):
            found.append(topic_id)
    return found

