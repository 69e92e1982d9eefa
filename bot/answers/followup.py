"""Follow-up questions answered within the topic of the conversation (issue 12).

The conversation remembers what the last answer was about (Rasa slot `kb_context`, bot.answers.Context):
a citizen topic (topic "help_topic", params {"help_topic": id}), or a role, area, level, practice or a
numbered list. A short question after it is answered within that topic first:

    facet_of("gælder det for altid?", facets)                -> "varighed"
    citizen_followup("hvem kan gøre det for mig?", ctx, ...)  -> Message: digital-post-fritagelse's "hvem"

Which facet a question asks for is decided by the facets' cue words in the catalogue
(data/catalogue/borgerhjaelp.yml: facetter/signalord), so editors can add words without a developer.
A message that names another citizen topic ("hvordan får jeg mitid?") is a new question, not a
follow-up. Inflected role names ("sygeplejerskerne", "lærerne") are resolved here too, for the
follow-ups that switch role.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from bot.content.citizen_topics import relative_topic, topic_names_in
from bot.content.message import Message, button

HELP_TOPIC = "help_topic"
# Intents that are follow-ups by nature: a facet found in them is always taken within the topic.
FOLLOWUP_INTENTS = ("ask_facet", "nlu_fallback")
# A longer message is a question of its own, even when it contains a cue word.
MAX_FOLLOWUP_WORDS = 12
_WORD = re.compile(r"[a-zæøåéü0-9-]+")
# Giving someone else access ("giver min søn adgang", "give min datter fuldmagt") is asked as a "who" question
# but answered by the relative-help topics (læseadgang, digital fuldmagt), not by a facet.
_GIVING_ACCESS = re.compile(r"\bgiv(e|er)?\b.*\b(adgang|fuldmagt|læseadgang)\b|\bfuldmagt\b", re.IGNORECASE)


def words(text: str) -> List[str]:
    return _WORD.findall((text or "").lower())


def _cue_matches(cue: Sequence[str], tokens: Sequence[str]) -> bool:
    """The cue's words in a row; a cue word of 5 letters or more also matches a longer word ("udløb" in "udløber")."""
    n = len(cue)
    for i in range(len(tokens) - n + 1):
        if all(tok == c or (len(c) >= 5 and tok.startswith(c)) for c, tok in zip(cue, tokens[i:i + n])):
            return True
    return False


def facet_of(text: str, facets: Iterable) -> Optional[str]:
    """The facet a message asks for: the one with the longest matching cue (ties: the catalogue's order)."""
    tokens = words(text)
    best, best_len = None, 0
    for facet in facets:
        for cue in facet.cues:
            cue_words = words(cue)
            if cue_words and len(cue_words) > best_len and _cue_matches(cue_words, tokens):
                best, best_len = facet.id, len(cue_words)
    return best


@functools.lru_cache(maxsize=1)
def danish_stop_words() -> frozenset:
    """spaCy's Danish stop-word list, read from its file without importing spaCy (several seconds in the
    action server, which does not otherwise need spaCy; the first follow-up would wait for it)."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    path = Path(spec.origin).parent / "lang" / "da" / "stop_words.py"
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("_spacy_da_stop_words", path))
    module.__spec__.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def other_subject_words(text: str, facets: Iterable) -> List[str]:
    """The words of a facet question that are neither the cue it was recognised by nor small Danish words
    (spaCy's stop-word list): "hvad koster en billet til bussen" -> ["billet", "bussen"]."""
    facets = list(facets)
    facet_id = facet_of(text, facets)
    tokens = words(text)
    cue = max((words(c) for f in facets if f.id == facet_id for c in f.cues if _cue_matches(words(c), tokens)),
              key=len, default=[])
    return [w for w in tokens if w not in danish_stop_words() and w not in cue]


def asks_about_something_else(text: str, facets: Iterable, forms: Optional[Dict[str, str]] = None) -> bool:
    """A facet question about a subject of its own ("jeg skal have fornyet mit pas, hvad koster det"): two
    words or more beside the cue, and no citizen topic named. With no topic in the conversation it is a
    question the assistant cannot answer, not one to ask "which topic?" about."""
    forms = forms or {}
    if named_topics(text, forms):
        return False
    others = [w for w in other_subject_words(text, facets)
              if not any(form in forms for form in base_forms(w))]  # "fritagelsen" is "fritagelse"
    return len(others) >= 2


def subject_of_its_own(text: str, url: Optional[str] = None) -> bool:
    """asks_about_something_else with the catalogue's facets and topic names."""
    from bot.kb import queries

    return asks_about_something_else(text, queries.list_help_facets(url=url), queries.help_topic_forms(url=url))


def named_topics(text: str, forms: Dict[str, str]) -> set:
    """The citizen topics whose name or synonym the message contains (as whole words)."""
    return set(topic_names_in(text, forms))


def is_followup(text: str, intent: str, current_topic: str, topic_entity: Optional[str],
                forms: Dict[str, str]) -> bool:
    """Whether a message with a facet cue is about the topic in the conversation rather than a new one."""
    if _GIVING_ACCESS.search(text or ""):
        return False  # "hvordan giver jeg min søn adgang?": help from a relative, a topic of its own
    if intent in FOLLOWUP_INTENTS:
        return not (topic_entity and topic_entity != current_topic)
    if topic_entity and topic_entity != current_topic:
        return False
    if len(words(text)) > MAX_FOLLOWUP_WORDS:
        return False
    return not (named_topics(text, forms) - {current_topic})


def facet_reply(topic, facet_id: str, facets: Sequence) -> Optional[Message]:
    """The catalogue's answer to one facet of a topic (or the facet's "ukendt" answer), plus buttons
    for the topic's other facets."""
    by_id = {f.id: f for f in facets}
    facet = by_id.get(facet_id)
    if topic is None or facet is None:
        return None
    answers = dict(topic.facets)
    text = f"{topic.title}: {answers.get(facet_id) or facet.unknown}"
    return Message(text, _facet_buttons(topic, by_id, skip=facet_id, limit=3))


def _facet_buttons(topic, by_id: Dict[str, object], skip: Optional[str] = None, limit: int = 3) -> List[Dict[str, str]]:
    """The topic's facet questions as buttons, in the topic's order."""
    questions = [by_id[fid].question for fid, _ in topic.facets if fid != skip and fid in by_id][:limit]
    return [button(q, q) for q in questions]


def citizen_followup(
    text: str,
    intent: str,
    context_topic: Optional[str],
    context_params: Dict[str, str],
    topic_entity: Optional[str] = None,
    url: Optional[str] = None,
) -> Optional[Message]:
    """A facet answer when the conversation is about a citizen topic and the message asks a facet of it."""
    if context_topic != HELP_TOPIC or not context_params.get(HELP_TOPIC):
        return None
    from bot.kb import queries

    topic_id = context_params[HELP_TOPIC]
    # "må min datter bruge mit mitid?" names a topic of its own (using another's MitID), even with a cue.
    named = relative_topic(text)
    if named and named != topic_id:
        return None
    facets = queries.list_help_facets(url=url)
    facet_id = facet_of(text, facets)
    if facet_id is None:
        return None
    if not is_followup(text, intent, topic_id, topic_entity, queries.help_topic_forms(url=url)):
        return None
    return facet_reply(queries.get_help_topic(topic_id, url=url), facet_id, facets)


def facet_choices(context_topic: Optional[str], context_params: Dict[str, str],
                  url: Optional[str] = None) -> Optional[Message]:
    """A follow-up about the citizen topic whose facet was not recognised ("kan jeg så det?"): the
    topic's own facet questions as buttons, instead of asking which topic it was about."""
    if context_topic != HELP_TOPIC or not context_params.get(HELP_TOPIC):
        return None
    from bot.content.responses import response_text
    from bot.kb import queries

    topic = queries.get_help_topic(context_params[HELP_TOPIC], url=url)
    if topic is None or not topic.facets:
        return None
    by_id = {f.id: f for f in queries.list_help_facets(url=url)}
    text = response_text("utter_facet_which_facet", audience="citizen", topic=topic.title)
    return Message(text, _facet_buttons(topic, by_id, limit=4))


def facet_without_topic(text: str, url: Optional[str] = None) -> Optional[str]:
    """The facet a message asks for when there is no topic to ask it about (None when it asks none)."""
    from bot.kb import queries

    return facet_of(text, queries.list_help_facets(url=url))


# --- inflected role names ------------------------------------------------------------------------------
# Danish plural and definite endings, longest first: "sygeplejerskerne" -> "sygeplejerske",
# "lærerne" -> "lærer", "pædagogerne" -> "pædagog", "lederne" -> "leder", "ledelsen" -> "ledelse".
_ENDINGS = ("erne", "ene", "rne", "ne", "en", "er", "et", "e", "r")


def base_forms(word: str) -> List[str]:
    """The word and what it may be without a plural or definite ending (at least 4 letters left)."""
    out = [word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            out += [stem, stem + "e"]
    seen, unique = set(), []
    for form in out:
        if form not in seen:
            seen.add(form)
            unique.append(form)
    return unique


def resolve_inflected(kind: str, value: str, resolve: Callable[[str, str], Optional[str]]) -> Optional[str]:
    """A catalogue id for a name that may be inflected ("sygeplejerskerne"); None when nothing fits."""
    value = (value or "").strip()
    if not value:
        return None
    found = resolve(kind, value)
    if found:
        return found
    tokens = value.split()
    head, last = tokens[:-1], tokens[-1] if tokens else ""
    for form in base_forms(last.lower())[1:]:
        found = resolve(kind, " ".join([*head, form]))
        if found:
            return found
    return None


def role_in_text(text: str, resolve: Callable[[str, str], Optional[str]]) -> Optional[str]:
    """A role named anywhere in the message, also inflected ("og sygeplejerskerne?"); longest phrase first."""
    tokens = words(text)
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            phrase = " ".join(tokens[i:i + n])
            if n == 1 and len(phrase) < 4:
                continue
            found = resolve_inflected("role", phrase, resolve)
            if found:
                return found
    return None


def role_statement(text: str) -> bool:
    """Whether the message says the writer's own role ("jeg er …", "jeg arbejder som …", "vi er …")."""
    return bool(re.search(r"\b(jeg|vi) (er|arbejder( som)?|er ansat som|er uddannet)\b", (text or "").lower()))


__all__: Tuple[str, ...] = (
    "citizen_followup", "facet_of", "facet_reply", "facet_without_topic", "is_followup",
    "named_topics", "resolve_inflected", "role_in_text", "role_statement", "base_forms",
)
