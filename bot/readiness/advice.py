"""What to do next after the readiness check, drawn from the catalogue.

plan(answers) decides which citizen help topics fit the answers, most important first (rules below);
result_messages(answers) renders the result and the advice in plain Danish from the topics' `svar` and
`trin`, so the words come from the catalogue.

Rules, in order of importance:
1. No MitID: how to get it (without a smartphone: the code display). MitID only with help: Digital
   Fuldmagt, written for the citizen (let someone you trust help you the lawful way); the warning to
   helpers (`andres-mitid-ulovligt`) is written for the helper and is not advice to the citizen.
2. Digital Post. Cannot read it and has no device, internet or MitID: exemption, and read access for a
   person you trust. Cannot read it otherwise: how to read it (and read access if someone can help).
   Reads it with help: how to read it, and read access if someone can help.
3. No device or no internet: exemption (no computer or internet is a ground) and the library.
   Only partly: the library.
4. borger.dk self-service not (or only with help): Digital Fuldmagt if someone can help; the library.
5. Cannot book a time in borgerservice: borgerservice (how to book, with the operator's contact).
6. Cannot spot fraud: how to protect yourself.
7. Does not know where to get help: borgerservice and the library.
8. No one to help and something is hard: borgerservice.
All "ja": the citizen is ready; they get the self-test from the catalogue for those who want to know
more (`det-digitale-kompetencehjul`).
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Optional

from bot.content.citizen_topics import get_offer, get_topic, topic_button
from bot.content.message import Message
from bot.content.text import first_sentences, steps_text

from .scoring import Score, score

SHOWN_IN_FULL = 3
READY_OFFER = "det-digitale-kompetencehjul"


def _say(name: str, **values: str) -> str:
    """A response in domain/content.yml (utter_readiness_*): every word the citizen reads is content."""
    from bot.content.responses import response_text

    return response_text(name, audience="citizen", **values)


def restart_button() -> Dict[str, str]:
    return {"title": _say("utter_readiness_button_restart"), "payload": "/readiness_start"}


def plan(answers: Mapping[str, str]) -> List[str]:
    """Citizen help topic ids for these answers, most important first, no duplicates."""

    def low(key: str) -> bool:
        return answers.get(key) in ("nej", "lidt")

    def no(key: str) -> bool:
        return answers.get(key) == "nej"

    has_helper = answers.get("hjaelper") in ("ja", "lidt")
    no_access = no("enhed") or no("internet")
    topics: List[str] = []

    def add(*ids: str) -> None:
        for topic_id in ids:
            if topic_id not in topics:
                topics.append(topic_id)

    # 1. MitID
    if no("mitid"):
        add("mitid-faa")
        if answers.get("enhed") != "ja":
            add("mitid-uden-smartphone")
    elif answers.get("mitid") == "lidt":
        add("digital-fuldmagt")
    # 2. Digital Post
    if no("digital_post"):
        if no_access or no("mitid"):
            add("digital-post-fritagelse")
            if has_helper:
                add("laeseadgang")
        else:
            add("digital-post-laes")
            if has_helper:
                add("laeseadgang")
    elif answers.get("digital_post") == "lidt":
        add("digital-post-laes")
        if has_helper:
            add("laeseadgang")
    # 3. Device and internet
    if no_access:
        add("digital-post-fritagelse", "bibliotek")
    elif low("enhed") or low("internet"):
        add("bibliotek")
    # 4. Self-service on borger.dk
    if low("selvbetjening"):
        if has_helper:
            add("digital-fuldmagt")
        add("bibliotek")
    # 5. Booking a time
    if low("booking"):
        add("borgerservice")
    # 6. Fraud
    if low("svindel"):
        add("svindel-beskyt-dig")
    # 7. Knowing where to get help
    if low("hjaelp"):
        add("borgerservice", "bibliotek")
    # 8. No one to help
    if answers.get("hjaelper") == "nej" and topics:
        add("borgerservice")
    return topics


def summary_text(result: Score) -> str:
    # No points, percentages or band names to the citizen: it is not an exam, and the band names mean
    # DigComp levels on the staff side. The score only picks the band's plain summary.
    lines = [_say(f"utter_readiness_result_{result.band.id}")]
    strong = [a.name for a in result.strong_areas]
    weak = [a.name for a in result.weak_areas]
    if strong:
        lines.append(_say("utter_readiness_strong", areas=_join(strong)))
    if weak:
        lines.append(_say("utter_readiness_weak", areas=_join(weak)))
    return "\n".join(lines)


def _join(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def advice_text(topic, first: bool) -> str:
    head = _say("utter_readiness_advice_heading") + "\n\n" if first else ""
    steps = steps_text(topic.steps, _say("utter_readiness_first_steps"), limit=2)
    return f"{head}{topic.title}\n{topic.answer}\n\n{steps}"


def result_messages(answers: Mapping[str, str], url: Optional[str] = None) -> List[Message]:
    """The result, up to three pieces of advice in full, and buttons for the rest."""
    result = score(answers)
    messages = [Message(summary_text(result))]
    topics = plan(answers)
    shown = topics[:SHOWN_IN_FULL]
    for i, topic_id in enumerate(shown):
        topic = get_topic(topic_id, url)
        if topic is not None:
            messages.append(Message(advice_text(topic, first=(i == 0))))
    rest = topics[SHOWN_IN_FULL:]
    if not topics:
        offer = get_offer(READY_OFFER, url)
        if offer is not None:
            messages.append(Message(_say("utter_readiness_ready_offer", offer=offer.name,
                                         description=first_sentences(offer.description, 2))))
        buttons = [topic_button("svindel-beskyt-dig"),
                   topic_button("andres-mitid-ulovligt", _say("utter_readiness_button_helper")), restart_button()]
        messages.append(Message(_say("utter_readiness_ready_more"), buttons))
        return messages
    buttons = [topic_button(t) for t in rest]
    buttons.append(restart_button())
    closing = _say("utter_readiness_more_of_it") if rest else _say("utter_readiness_closing")
    messages.append(Message(closing, buttons))
    return messages


def answers_summary(answers: Mapping[str, str]) -> Dict[str, str]:
    """Just the answers that count (for logs and tests); never anything the person typed."""
    return {key: value for key, value in answers.items() if value in ("ja", "lidt", "nej")}
