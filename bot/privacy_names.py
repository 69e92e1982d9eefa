"""Masking of people's names where a message introduces a person.

A name is masked only where the message itself says that a name comes:

- after "jeg hedder", "mit (fulde) navn er", "navnet er", "kald mig", "jeg kaldes", "som/der hedder",
  "hedder han/hun/vedkommende";
- after a relation or another person ("min mor Karen", "min mand, Jens Hansen,", "min nabo som hedder
  …", "borgeren Ib Madsen");
- in a signature: after "Mvh", "Med venlig hilsen", "Venlig hilsen", "Vh", "Hilsen", "Kh", "Kærlig
  hilsen", "Bh", "De bedste hilsner";
- "jeg er Lone", "det er Lone her": only names from the list (not "jeg er pædagog");
- anywhere: a first name from the list followed by a surname ("Mette Frederiksen", "Ib Sørensen-Holm"),
  both written with a capital letter.

Which words are names: the Danish first names and surnames of Faker's da_DK locale (MIT licence,
https://github.com/joke2k/faker; a maintained package, read at run time), plus, in a name context
only, a word written with a capital letter that is neither an ordinary Danish word of the list below
nor a word of the catalogue (roles, places, areas, themes). The catalogue's own words are never masked
("jeg hedder Lone og er pædagog" keeps "pædagog"; "Mvh Borgerservice" is kept).

A masked name becomes NAME_MASK; the rest of the message is kept as it was written.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, Iterable, List, Optional, Set, Tuple

logger = logging.getLogger(__name__)

NAME_MASK = "[navn]"

# A word: letters, optionally joined by hyphens or an apostrophe ("Hansen-Jensen", "O'Brien").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)

# Surnames not in the list still look like surnames.
_SURNAME_ENDINGS = ("sen", "søn", "gaard", "gård", "strup", "bjerg", "borg", "lund", "holm", "skov", "dal",
                    "bæk", "berg", "mann", "feldt", "kjær")

# Ordinary words that must never be taken for a name, even with a capital letter (sentence start,
# a phone's auto-capitalisation) or where a name was expected ("jeg hedder ikke noget med it").
_NOT_NAMES_TEXT = """
    ikke noget nogen ingen intet ej aldrig bare kun også lige altså egentlig vist sgu nok jo da vel
    og eller men så for til fra med om på i af ad at som der den det de dem du jeg vi i han hun hende
    ham man mig dig sig os jer sin sit sine min mit mine din dit dine hans hendes vores jeres deres
    er var være bliver blev har havde kan kunne vil ville skal skulle må måtte får fik gør gjorde
    hedder hed kaldes kalder navn navnet fornavn efternavn her hej hejsa goddag godmorgen davs hallo
    tak mange venlig venlige hilsen hilsner kærlig bedste mvh vh kh bh
    en et ét to tre fire fem seks syv otte ni ti år årig gammel gamle ung syg død døde
    mor far søn datter mand kone bror søster barn børn nabo ven veninde kæreste
    borger borgeren borgere kollega kollegaen leder lederen chef chefen
    ja nej okay ok måske hvad hvem hvor hvordan hvorfor hvornår hvilken hvilket hvilke
    samme anden andet andre selv alle alt mere mest meget lidt ny nye gammel
    it pc mail email e-mail sms telefon mitid nemid digital post digitale
    borgerservice kommune kommunen kommunens hjemmeplejen plejecentret jobcenteret jobcenter
    region regionen staten skat udbetaling
    lige nu snart senere igen først sidst
    dansk danske engelsk
    """

# Phrases after which a name comes. Matched on lower-cased text; the name must follow right after.
_INTRO = re.compile(
    r"\b(?:jeg\s+hedder|jeg\s+hed|mit\s+(?:fulde\s+)?navn\s+er|navnet\s+er|mit\s+fornavn\s+er|"
    r"mit\s+efternavn\s+er|kald\s+mig(?:\s+bare|\s+blot)?|jeg\s+kaldes|"
    r"hedder\s+(?:han|hun|vedkommende|borgeren)|han\s+hedder|hun\s+hedder|"
    r"navn:)\s*[:,-]?\s*",
    re.IGNORECASE,
)
# "… som hedder X" may name a thing ("et program der hedder Teams"): a name from the list only.
_NAMED = re.compile(r"\b(?:som|der)\s+(?:hedder|hed|hedde)\s*[:,-]?\s*", re.IGNORECASE)
# "jeg er Lone", "det er Lone her": a name from the list only.
_WEAK_INTRO = re.compile(r"\b(?:jeg\s+er|det\s+er|her\s+er|hej\s+(?:det\s+er\s+)?)\s*", re.IGNORECASE)
# A relation or another person, then (optionally a comma and) a name.
_RELATIONS = (
    "mor|far|mormor|morfar|farmor|farfar|bedstemor|bedstefar|oldemor|oldefar|søn|datter|mand|kone|"
    "hustru|ægtefælle|kæreste|bror|søster|storebror|lillebror|storesøster|lillesøster|nabo|ven|veninde|"
    "onkel|moster|faster|tante|fætter|kusine|nevø|niece|svigermor|svigerfar|svigersøn|svigerdatter|"
    "barnebarn|barn|dreng|pige|papfar|papmor|stedfar|stedmor|kollega|chef|leder|borger|bruger|klient|"
    "beboer|patient|pårørende"
)
_RELATION = re.compile(
    rf"\b(?:(?:min|mit|mine|vores|hans|hendes|en|et)\s+(?:{_RELATIONS})|"
    r"borgeren|beboeren|patienten|brugeren|klienten|kollegaen|kollegaen|lederen|chefen|naboen)"
    r"\s*(?:,\s*)?(?:(?:(?:som|der)\s+)?hedder\s+)?",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split()) | frozenset(_RELATIONS.split("|"))
# Signatures; the name follows (on the same line or the next).
_SIGNATURE = re.compile(
    r"(?:^|(?<=[\s.,!?]))(?:med\s+venlig\s+hilsen|venlig\s+hilsen|venlige\s+hilsner|kærlig\s+hilsen|"
    r"kærlige\s+hilsner|de\s+bedste\s+hilsner|bedste\s+hilsner|mange\s+hilsner|hilsen|hilsner|"
    r"mvh|vh|kh|bh)\.?\s*[,:!-]?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameList:
    first: FrozenSet[str]
    last: FrozenSet[str]
    source: str

    def __contains__(self, word: str) -> bool:
        key = word.casefold()
        return key in self.first or key in self.last


def _faker_names() -> Optional[NameList]:
    try:
        from faker.providers.person.da_DK import Provider
    except ImportError:
        return None
    first = {n.casefold() for n in tuple(Provider.first_names_male) + tuple(Provider.first_names_female)}
    last = {n.casefold() for n in Provider.last_names}
    return NameList(frozenset(first), frozenset(last), "Faker da_DK")


@lru_cache(maxsize=1)
def names() -> NameList:
    """The Danish first names and surnames (Faker's da_DK lists), without ordinary words."""
    found = _faker_names()
    if found is None:
        logger.warning("Pakken faker er ikke installeret: navne maskeres kun ud fra sammenhængen.")
        return NameList(frozenset(), frozenset(), "ingen navneliste")
    blocked = _NOT_NAMES | catalogue_words()
    return NameList(found.first - blocked, found.last - blocked, found.source)


@lru_cache(maxsize=1)
def catalogue_words() -> FrozenSet[str]:
    """Every word of the catalogue's names and synonyms (roles, areas, themes, places, target groups)."""
    try:
        from bot.catalogue import load_catalogue
        from bot.nlu.catalogue_data import entity_forms

        forms = entity_forms(load_catalogue())
    except Exception as exc:  # a broken catalogue must not stop masking
        logger.warning("Katalogets ord kunne ikke indlæses til navnemaskering: %s", exc)
        return frozenset()
    words: Set[str] = set()
    for form in forms:
        for word in _WORD.findall(form.text):
            words.add(word.casefold())
            words.update(part.casefold() for part in word.split("-") if part)
    return frozenset(words)


def _ordinary(word: str) -> bool:
    key = word.casefold()
    return key in _NOT_NAMES or key in catalogue_words()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _looks_like_surname(word: str) -> bool:
    key = word.casefold()
    return _capitalised(word) and not _ordinary(word) and (
        key in names().last or key in names().first or key.endswith(_SURNAME_ENDINGS)
        or all(part[:1].isupper() for part in re.split(r"[-']", word) if part)
    )


def _is_name(word: str, strict: bool) -> bool:
    """strict: only names from the list (and not ordinary words); otherwise also capitalised words that
    are neither ordinary nor catalogue words."""
    if _ordinary(word):
        return False
    parts = [p for p in re.split(r"[-'’]", word) if p]
    if any(p.casefold() in names().first or p.casefold() in names().last for p in parts) and (
        len(parts) == 1 or all(p.casefold() in names() or _capitalised(p) for p in parts)
    ):
        return True
    return not strict and _capitalised(word) and len(word) > 1


def _words_after(text: str, start: int) -> Iterable[Tuple[int, int, str, str]]:
    """(start, end, word, what lies between the previous word and this one) from `start` on."""
    position = start
    for match in _WORD.finditer(text, start):
        yield match.start(), match.end(), match.group(), text[position:match.start()]
        position = match.end()


def _name_span(text: str, start: int, strict: bool, max_words: int = 4) -> Optional[Tuple[int, int]]:
    """The name that begins right at `start` (first name, middle names, surnames)."""
    span: Optional[Tuple[int, int]] = None
    for count, (w_start, w_end, word, gap) in enumerate(_words_after(text, start)):
        if count == 0:
            if gap.strip(" \t\n\"'»«“”(") or not _is_name(word, strict):
                return None
            span = (w_start, w_end)
            continue
        if count >= max_words or gap.strip(" \t") or "\n" in gap and count > 1:
            break  # punctuation or a line break ends the name
        if (_is_name(word, strict=True) and _capitalised(word) or _looks_like_surname(word)
                or word.casefold() in names().last and not _ordinary(word)):
            span = (span[0], w_end)
            continue
        break
    return span


def find_names(text: str) -> List[Tuple[int, int]]:
    """Spans of the names the message introduces, in order, not overlapping."""
    if not text:
        return []
    spans: List[Tuple[int, int]] = []
    for pattern, strict in ((_INTRO, False), (_RELATION, False), (_SIGNATURE, False), (_NAMED, True),
                            (_WEAK_INTRO, True)):
        for match in pattern.finditer(text):
            if pattern is _RELATION and not match.group(0).rstrip().endswith("hedder"):
                # Right after the relation a name needs a capital letter or the list ("min mor er 85").
                span = _name_span(text, match.end(), strict=False)
                if span and not (_capitalised(text[span[0]:span[1]]) or text[span[0]:span[1]] in names()):
                    span = None
            elif pattern is _SIGNATURE:
                span = _signature_name(text, match)
            else:
                span = _name_span(text, match.end(), strict=strict)
            if span:
                spans.append(span)
    # A first name from the list followed by a surname, anywhere.
    for match in _WORD.finditer(text):
        word = match.group()
        if _capitalised(word) and word.casefold() in names().first and not _ordinary(word):
            following = _name_span(text, match.start(), strict=True)
            if following and following[1] > match.end():
                spans.append(following)
    return _merge(spans)


def _signature_name(text: str, match: re.Match) -> Optional[Tuple[int, int]]:
    before = text[: match.start()]
    keyword = match.group(0).strip().casefold().rstrip(".,:!-").strip()
    if keyword in ("hilsen", "hilsner") and re.search(r"\b(?:en|med|og|som|din|sin|min)\s*$", before, re.I):
        return None  # "send en hilsen til …", "med hilsen fra …" is not a signature
    after = text[match.end():]
    if keyword in ("vh", "kh", "bh") and not re.match(r"\s*[^\W\d_]", after):
        return None
    return _name_span(text, match.end(), strict=False, max_words=4)


def _merge(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    merged: List[Tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_names(text: str) -> Tuple[str, bool]:
    """The text with every introduced name replaced by NAME_MASK; True when something was masked."""
    spans = find_names(text)
    if not spans:
        return text, False
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(NAME_MASK)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), True


@dataclass
class Measurement:
    messages: int
    name_words: int
    names_masked: int
    other_words: int
    others_masked: int
    misses: List[str]
    wrong: List[str]

    @property
    def recall(self) -> float:
        return self.names_masked / self.name_words if self.name_words else 1.0

    @property
    def wrong_rate(self) -> float:
        return self.others_masked / self.other_words if self.other_words else 0.0

    @property
    def messages_with_wrong(self) -> int:
        return len({w.split(" → ")[0] for w in self.wrong})


def measure(cases: Iterable[dict]) -> Measurement:
    """Word by word: a name word counts as found when it lies inside a masked span; every other word
    inside a masked span was masked wrongly. cases: {"text": …, "names": [words]}."""
    result = Measurement(0, 0, 0, 0, 0, [], [])
    for case in cases:
        text = case["text"]
        expected = [n.casefold() for n in case.get("names") or []]
        spans = find_names(text)
        result.messages += 1
        for match in _WORD.finditer(text):
            masked = any(start <= match.start() and match.end() <= end for start, end in spans)
            key = match.group().casefold()
            if key in expected:
                expected.remove(key)
                result.name_words += 1
                if masked:
                    result.names_masked += 1
                else:
                    result.misses.append(f"{text} → {match.group()}")
            else:
                result.other_words += 1
                if masked:
                    result.others_masked += 1
                    result.wrong.append(f"{text} → {match.group()}")
    return result
