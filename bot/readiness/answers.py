"""Reading an answer to a readiness question: a button title or what the person types.

parse_answer("Ja") == "ja"; parse_answer("kun med hjælp fra min datter") == "lidt";
parse_answer("det har jeg ikke") == "nej"; parse_answer("hvad er MitID?") is None.

Order of the rules: a hedge ("lidt", "nogle gange", "med hjælp", "ja, men …") makes the answer "lidt";
otherwise a negation ("nej", "ikke", "ingen", "aldrig") makes it "nej"; otherwise a yes-word or a plain
statement ("jeg har en iPad", "det kan jeg godt") makes it "ja". Text with none of these is not an
answer. A question ("hvordan får jeg MitID?") is recognised separately by is_question, so the form can
let the assistant answer it and then come back to the test.
"""
from __future__ import annotations

import re
from typing import List, Optional

_WORD = re.compile(r"[a-zæøåéü0-9]+")

# Phrases (as token sequences) that mean "partly", checked first.
_HEDGES = [
    "lidt", "lit", "lidtt", "en smule", "smule", "delvis", "delvist", "nogle gange", "nogen gange", "nogle gang",
    "af og til", "somme tider", "sommetider", "ind imellem", "indimellem", "en gang imellem", "engang imellem",
    "med hjælp", "hjælp fra", "hjælper mig", "hjælpe mig", "får hjælp", "har hjælp", "brug for hjælp",
    "skal have hjælp", "nogenlunde", "halvt", "halvdelen", "både og", "begge dele",
    "mere eller mindre", "det går an", "går an", "ikke altid", "ikke så godt", "ikke så meget", "ikke helt",
    "ikke særlig", "ikke særligt", "ikke så tit", "ikke så ofte", "ikke sikker", "ikke sikkert", "kun lidt",
    "næsten", "svært", "besværligt", "usikker", "måske", "tror det", "tror jeg", "jeg prøver", "prøver",
    "sjældent", "ustabilt", "ustabil", "driller", "for det meste", "det meste", "lidt af hvert",
    "men", "mellem", "middel",
]
# Clear no's that contain a word a hedge could start with ("ikke", "tror jeg").
_STRONG_NO = ["slet ikke", "overhovedet ikke", "tror jeg ikke", "tror ikke", "aldrig", "har ingen", "ingen af delene",
              "næsten aldrig"]
_NEGATIONS = [
    "nej", "nejj", "neej", "nej tak", "nix", "næ", "næh", "nope", "no", "ikke", "ik", "ingen", "intet",
    "aldrig", "hverken", "nul", "slet ikke", "overhovedet ikke", "desværre ikke", "ved ikke", "aner ikke",
    "aner det ikke", "ikk",
]
_YES = [
    "ja", "jaa", "jaaa", "jah", "jep", "jeps", "jo", "joh", "jojo", "jaja", "ja da", "jo da", "yes", "ok", "okay",
    "klart", "selvfølgelig", "selvfolgelig", "sikkert", "helt sikkert", "altid", "fint", "sagtens", "nemt",
    "godt", "uden problemer", "absolut", "bestemt", "korrekt", "rigtigt", "har", "kan", "bruger", "ved",
    "gør", "læser", "plejer", "klarer",
]
# Devices and the like: a bare "iPad" or "min telefon" answers the first question with yes.
_YES_NOUNS = ["computer", "pc", "mac", "tablet", "ipad", "iphone", "smartphone", "mobil", "telefon", "android",
              "bærbar", "wifi", "internet", "netbank", "appen", "app"]

_QUESTION_WORDS = {"hvad", "hvordan", "hvor", "hvem", "hvorfor", "hvornår", "hvilken", "hvilket", "hvilke",
                   "hvorledes", "hva", "hvordn", "hvorden"}
_INVERTED_VERBS = {"kan", "må", "skal", "vil", "er", "har", "findes", "gælder", "hjælper", "koster", "får", "bør",
                   "behøver", "gør"}
_SUBJECTS = {"jeg", "du", "man", "i", "der", "det", "min", "mit", "mine", "vi", "de", "en", "nogen"}


def tokens(text: str) -> List[str]:
    return _WORD.findall((text or "").lower())


def _has(words: List[str], phrase: str) -> bool:
    parts = phrase.split()
    n = len(parts)
    return any(words[i:i + n] == parts for i in range(len(words) - n + 1))


def _has_any(words: List[str], phrases) -> bool:
    return any(_has(words, phrase) for phrase in phrases)


def is_question(text: str) -> bool:
    """True for a question such as "hvordan får jeg MitID?" or "kan jeg få hjælp til det"."""
    words = tokens(text)
    if not words:
        return False
    if (text or "").strip().endswith("?") and not (len(words) <= 2 and parse_answer(text)):
        return True
    if words[0] in _QUESTION_WORDS:
        return True
    return len(words) >= 3 and words[0] in _INVERTED_VERBS and words[1] in _SUBJECTS


def parse_answer(text: str) -> Optional[str]:
    """ "ja", "lidt" or "nej" for an answer, None when the text is not an answer."""
    words = tokens(text)
    if not words:
        return None
    if _has_any(words, _STRONG_NO):
        return "nej"
    if _has_any(words, _HEDGES):
        return "lidt"
    if _has_any(words, _NEGATIONS):
        return "nej"
    if _has_any(words, _YES) or _has_any(words, _YES_NOUNS):
        return "ja"
    return None
