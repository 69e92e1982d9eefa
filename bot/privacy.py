"""Masking of personal data in what people type: CPR numbers, phone numbers, e-mail addresses and
names where a message introduces a person (bot/privacy_names.py).

Every message is masked before Rasa parses, stores, logs or forwards it (see bot/channels.py), so the
tracker store, the logs and the action server never see the original.

What is masked
- E-mail addresses.
- CPR numbers: ddmmyy, then an optional dash (or space), then four digits, with a real date (a
  replacement number's day + 60 counts too). The date may be written with dots or spaces
  ("01.01.90-1234"). Ten digits right after the word "cpr" or "personnummer" are masked even without a
  real date.
- Phone numbers: eight digits, together or in groups of two, three or four (separated by a space or a
  dash, or dots in groups of two), optionally after +45 or 0045.

What is left alone, because it only looks alike
- Dates: 01-01-1990, 01.01.1990, 2024-01-01, 12032024 (a real date as ddmmyyyy or yyyymmdd), and six
  digits on their own (010190), which is a birth date, not a CPR number.
- Year ranges (2020-2024), times (10.30-12.00), amounts (12345678 kr., 12.345.678), numbers after a
  label such as "sagsnummer" or "ordrenummer", numbers starting with 0, and ten-digit numbers whose first
  six digits are not a date.
When a phone word (tlf., telefon, mobil, ring, sms) comes just before a number, it is treated as a phone
number even if it also reads as a date.

The placeholders stay in the stored text, so an editor sees that something was removed. For the
understanding they are blanked out (for_understanding()): a placeholder is not something the person
said, and "[telefonnummer]" would pull the message towards intents about phoning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional

CPR_MASK = "[CPR-nummer]"
PHONE_MASK = "[telefonnummer]"
EMAIL_MASK = "[e-mail]"
NAME_MASK = "[navn]"
MASKS = (CPR_MASK, PHONE_MASK, EMAIL_MASK, NAME_MASK)
_ANY_MASK = re.compile("|".join(re.escape(m) for m in MASKS))

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen-minus and the dashes phones and editors produce
_SPACES = " \u00a0\u2009\u202f"  # space, no-break space, thin spaces

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.UNICODE)

# ddmmyy (parts optionally separated by a dot, slash or space), optional dash/space, four digits.
_CPR = re.compile(
    rf"(?<![\d.{_DASHES}/])(\d{{2}})[./{_SPACES}]?(\d{{2}})[./{_SPACES}]?(\d{{2}})"
    rf"[{_SPACES}]?[{_DASHES}]?[{_SPACES}]?(\d{{4}})(?![\d{_DASHES}])"
)
# Ten digits after a CPR word, date or not.
_CPR_WORD_NUMBER = re.compile(
    rf"(?i)\b(cpr|personnummer|person-nummer|cpr-nummer|cprnummer|cpr-nr|cprnr)\b\.?\s*(?:nr\.?|nummer)?\s*"
    rf"(?:er|:|=)?\s*(\d{{6}}[{_SPACES}]?[{_DASHES}]?[{_SPACES}]?\d{{4}})(?!\d)"
)
# Eight digits in groups (separators: one space, dash or dot between groups), optionally after +45/0045.
_PHONE = re.compile(
    rf"(?<![\d+.,{_DASHES}])(?P<prefix>(?:\+|00)[{_SPACES}]?45[{_SPACES}{_DASHES}]?)?"
    rf"(?P<number>\d{{2,4}}(?:[{_SPACES}{_DASHES}.]\d{{2,4}}){{0,3}}|\d{{8}})"
    rf"(?![\d]|[.,]\d|[{_DASHES}]\d)"
)
# A country code written without + ("45 12345678" or "4512345678").
_PHONE_BARE_45 = re.compile(rf"(?<![\d+.,{_DASHES}])45[{_SPACES}]?(?P<number>[1-9]\d{{7}})(?![\d]|[.,]\d)")

_AMOUNT_AFTER = re.compile(r"^\s*(kr\b\.?|kroner|dkk|euro|eur\b|€|\$|%|procent|stk\b\.?|styk)", re.IGNORECASE)
_LABEL_BEFORE = re.compile(
    r"(sag|sagsnr|sagsnummer|j\.?\s?nr|journalnummer|journal-nummer|kundenummer|kundenr|ordrenummer|ordrenr|"
    r"fakturanummer|fakturanr|faktura|varenummer|varenr|reference|ref|nr|kr|dkk|beløb|beløbet|konto|kontonummer|"
    r"reg\.?\s?nr|registreringsnummer|kl|klokken|mellem|fra|år|årene|i årene|postnummer|postnr)\.?:?\s*$",
    re.IGNORECASE,
)
_PHONE_WORD_BEFORE = re.compile(
    r"\b(tlf|telefon|telefonnummer|telefonnr|tlf\.?\s?nr|mobil|mobilnummer|mobilnr|mobiltelefon|nummer|ring|ringe|"
    r"sms|kontakt|fastnet|fastnetnummer)\b[\s.:]*(?:er|på|til|nr\.?|nummer)?[\s.:]*(?:\+|00)?$",
    re.IGNORECASE,
)


@dataclass
class Masked:
    text: str
    kinds: List[str] = field(default_factory=list)  # "cpr", "telefon", "email", "navn", once each, in order


def _real_date(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _valid_cpr_date(day: str, month: str, year: str) -> bool:
    d, m, y = int(day), int(month), int(year)
    # Replacement numbers (erstatningspersonnumre) add 60 to the day; accept both.
    if d > 60:
        d -= 60
    return _real_date(d, m, 2000 + y) or _real_date(d, m, 1900 + y)


def _year(text: str) -> Optional[int]:
    value = int(text)
    return value if 1900 <= value <= 2099 else None


def _reads_as_date(groups: List[str]) -> bool:
    """ddmmyyyy, dd mm yyyy or yyyy mm dd with a real date in 1900-2099."""
    digits = "".join(groups)
    lengths = [len(g) for g in groups]
    candidates = []
    if lengths in ([8], [2, 2, 4]):
        candidates.append((digits[:2], digits[2:4], digits[4:]))
    if lengths in ([8], [4, 2, 2]):
        candidates.append((digits[6:], digits[4:6], digits[:4]))
    for day, month, year in candidates:
        y = _year(year)
        if y and _real_date(int(day), int(month), y):
            return True
    return False


def _is_phone(match: re.Match, text: str) -> bool:
    number = match.group("number")
    before = text[: match.start()]
    after = text[match.end():]
    groups = re.split(rf"[{_SPACES}{_DASHES}.]", number)
    separators = re.findall(rf"[{_SPACES}{_DASHES}.]", number)
    digits = "".join(groups)
    if len(digits) != 8:
        return False
    if len(set(separators)) > 1:  # "10.30-12.00" is a time span, not a phone number
        return False
    has_prefix = bool(match.group("prefix"))
    phone_word = bool(_PHONE_WORD_BEFORE.search(before[-40:]))
    if "." in separators and [len(g) for g in groups] != [2, 2, 2, 2]:
        return False  # 12.345.678 is an amount, 01.01.2024 a date
    if _AMOUNT_AFTER.match(after):
        return False
    if not has_prefix and not phone_word and _LABEL_BEFORE.search(before[-30:]):
        return False
    if digits[0] == "0":  # Danish subscriber numbers never start with 0
        return False
    if has_prefix or phone_word:
        return True
    if _reads_as_date(groups):
        return False
    lengths = [len(g) for g in groups]
    if lengths == [4, 4] and _year(groups[0]) and _year(groups[1]):
        return False  # "2020-2024", "1995 2000": years
    return True


def mask(text: str, names: bool = True) -> Masked:
    """Replace CPR numbers, phone numbers, e-mail addresses and (unless names=False) introduced names
    by placeholders."""
    if not text:
        return Masked(text=text)
    kinds: List[str] = []

    def note(kind: str) -> None:
        if kind not in kinds:
            kinds.append(kind)

    def email(match: re.Match) -> str:
        note("email")
        return EMAIL_MASK

    def cpr_word(match: re.Match) -> str:
        note("cpr")
        return match.group(0)[: match.start(2) - match.start(0)] + CPR_MASK

    def cpr(match: re.Match) -> str:
        day, month, year, _ = match.groups()
        if not _valid_cpr_date(day, month, year):
            return match.group(0)
        note("cpr")
        return CPR_MASK

    def phone(match: re.Match) -> str:
        if not _is_phone(match, match.string):
            return match.group(0)
        note("telefon")
        return PHONE_MASK

    def bare_45(match: re.Match) -> str:
        if _AMOUNT_AFTER.match(match.string[match.end():]) or _LABEL_BEFORE.search(match.string[: match.start()][-30:]):
            return match.group(0)
        note("telefon")
        return PHONE_MASK

    text = _EMAIL.sub(email, text)
    text = _CPR_WORD_NUMBER.sub(cpr_word, text)
    text = _CPR.sub(cpr, text)
    text = _PHONE_BARE_45.sub(bare_45, text)
    text = _PHONE.sub(phone, text)
    if names:
        from bot.privacy_names import mask_names

        text, found = mask_names(text)
        if found:
            note("navn")
    return Masked(text=text, kinds=kinds)


def mask_text(text: str) -> str:
    return mask(text).text


# Words that only present personal data ("[CPR-nummer] er mit personnummer", "ring til mig på
# [telefonnummer]"). A message of nothing else is classified with its placeholders, as the training
# examples of citizen_personal_data are written; blanked, it would be a handful of small words.
_PRESENTING_WORDS = frozenset("""
    mit min mine er det her har hedder jeg du i kan og eller på til mig mail e-mail email mailadresse adresse
    cpr cpr-nummer cprnummer cpr-nr nr personnummer nummer telefon telefonnummer tlf mobil mobilnummer ring
    skriv kontakt send svar oplysninger navn
""".split())


def for_understanding(text: str) -> str:
    """The text the understanding classifies: each placeholder blanked out by as many spaces, so the
    positions of the other words (and of the entities found in them) stay the same. A message that
    is nothing but placeholders, or placeholders and words that only present them, is left as it is."""
    if not text or "[" not in text:
        return text
    blanked = _ANY_MASK.sub(lambda match: " " * len(match.group()), text)
    words = re.findall(r"[\wæøå-]+", blanked.lower())
    return blanked if any(word not in _PRESENTING_WORDS for word in words) else text


def contains_personal_data(text: str) -> bool:
    """True when mask() would change the text (for checks of stored data)."""
    return bool(mask(text or "").kinds)
