"""The citizen help topics in the catalogue (data/catalogue/borgerhjaelp.yml), as every feature that
talks to citizens uses them: citizen help answers them, the readiness check advises them, the follow-up
answers within them and a check knows their intents as interruptions.

    INTENTS                                      # the citizens' questions (domain/citizen.yml)
    topic_button("mitid-faa")                    -> {"title": "Få MitID", "payload": "/citizen_…{…}"}
    get_topic("laeseadgang", url)                -> the knowledge base's HelpTopic
    relative_topic("må jeg bruge min mors MitID?") -> "andres-mitid-ulovligt"
    topic_names_in("hvordan får jeg mitid?", forms) -> {"mitid-faa": 5}

Which intent asks for which topic, and which topics are offered under a topic's answer, are the
catalogue's (a topic's `intent` and `se_også`); a button's title is a response in
domain/citizen_help.yml (utter_citizen_button_<topic>).
"""
from __future__ import annotations

import json
import re
from typing import Dict, List, Optional, Tuple

from bot.catalogue import fold_form, normalise_form
from bot.catalogue.fixed_ids import CITIZEN_INTENTS
from bot.kb.ready import kb_url

# The citizens' questions (intents in domain/citizen.yml); fixed, so the catalogue can check a topic's intent.
INTENTS: Tuple[str, ...] = tuple(CITIZEN_INTENTS)
TOPIC_ENTITY = "citizen_topic"


def _catalogue_topics():
    from bot.catalogue.current import current_catalogue

    return current_catalogue().help_topics


def topic_intents() -> Dict[str, str]:
    """{topic id: the intent a button uses to ask for it} (borgerhjaelp.yml: intent)."""
    return {topic.id: topic.intent for topic in _catalogue_topics().values()}


def intent_topics() -> Dict[str, str]:
    """{intent: the topic a plain question with it is answered from}: the first topic with the intent."""
    found: Dict[str, str] = {}
    for topic in _catalogue_topics().values():
        found.setdefault(topic.intent, topic.id)
    return found


def related_topics(topic_id: str) -> List[str]:
    """The topics offered as buttons under the topic's answer (borgerhjaelp.yml: se_også)."""
    topic = _catalogue_topics().get(topic_id)
    return list(topic.related) if topic is not None else []


def topic_payload(topic_id: str) -> str:
    """A button payload that asks for one topic: /citizen_…{"citizen_topic": "…"}."""
    return f"/{topic_intents()[topic_id]}{json.dumps({TOPIC_ENTITY: topic_id})}"


def button_title(topic_id: str) -> str:
    """The topic's short button title (the catalogue's titles are sentences): utter_citizen_button_<topic>."""
    from bot.content.responses import response_text

    return response_text("utter_citizen_button_" + topic_id.replace("-", "_"), audience="citizen")


def topic_button(topic_id: str, title: Optional[str] = None) -> Dict[str, str]:
    return {"title": title or button_title(topic_id), "payload": topic_payload(topic_id)}


def get_topic(topic_id: str, url: Optional[str] = None):
    from bot.kb import queries

    return queries.get_help_topic(topic_id, url=kb_url(url))


def get_offer(offer_id: str, url: Optional[str] = None):
    from bot.kb import queries

    return queries.get_offer(offer_id, url=kb_url(url))


# --- letting a relative help: which of the three topics -----------------------------------------------
_FULDMAGT = re.compile(r"fuldmagt|på mine vegne|på hans vegne|på hendes vegne|ordne .* for", re.IGNORECASE)
_LAESEADGANG = re.compile(r"læseadgang|læse ?adgang|laeseadgang|læse .*post|læse .*breve|se .*post|adgang til .*post",
                          re.IGNORECASE)
_OTHERS_MITID = re.compile(
    r"(bruge|låne|lane|bruger|logge på med|logge ind med|taste|kende)\s.*(mitid|kode)|"
    r"(mors|fars|mands|kones|datters|søns|andres|andens|hans|hendes|deres|min mands|min kones)\s+mitid|"
    r"mitid for (min|en|hende|ham)|ulovligt",
    re.IGNORECASE,
)


def relative_topic(text: str) -> Optional[str]:
    """laeseadgang, digital-fuldmagt or andres-mitid-ulovligt from the words used, None when general."""
    text = text or ""
    if _OTHERS_MITID.search(text):
        return "andres-mitid-ulovligt"
    if _FULDMAGT.search(text):
        return "digital-fuldmagt"
    if _LAESEADGANG.search(text):
        return "laeseadgang"
    return None


# --- topics named in a message -------------------------------------------------------------------------
def topic_names_in(text: str, forms: Dict[str, str]) -> Dict[str, int]:
    """The citizen topics whose name or synonym the message contains (as whole words), each with the
    length of its longest name found (the longest is the most specific: "mitid uden smartphone").
    `forms` is the knowledge base's {name or synonym: topic id} (queries.help_topic_forms)."""
    found: Dict[str, int] = {}
    for variant in {normalise_form(text), fold_form(text)}:
        padded = f" {variant} "
        for form, topic_id in forms.items():
            if form and f" {form} " in padded:
                found[topic_id] = max(found.get(topic_id, 0), len(form))
    return found
