"""Masking of CPR numbers, phone numbers and e-mail addresses (bot/privacy.py) and the channels that
apply it before Rasa sees a message (bot/channels.py). The end-to-end scan of the tracker store and
the logs is in test_privacy_stack.py."""
import asyncio
import re
from types import SimpleNamespace

import pytest

from bot.privacy import CPR_MASK, EMAIL_MASK, PHONE_MASK, contains_personal_data, mask, mask_text


@pytest.mark.parametrize("text", [
    "0101901234",
    "010190-1234",
    "010190 1234",
    "010190–1234",  # en dash, as phones and word processors write it
    "01.01.90-1234",
    "01 01 90 1234",
    "mit cpr er 241285-1234, kan I hjælpe?",
    "CPR-nr.: 2412851234",
    "6101901234",  # replacement number: day + 60
    "2902001234",  # 29 February 2000
])
def test_cpr_numbers_are_masked(text):
    masked = mask(text)
    assert CPR_MASK in masked.text
    assert "cpr" in masked.kinds
    assert not re.search(r"\d{4}", masked.text), masked.text


@pytest.mark.parametrize("text", [
    "cpr 3213451234",  # not a date, but the word says it is a CPR number
    "mit personnummer er 9999999999",
])
def test_ten_digits_after_a_cpr_word_are_masked(text):
    masked = mask(text)
    assert masked.kinds == ["cpr"]
    assert not re.search(r"\d{4}", masked.text)


@pytest.mark.parametrize("text", [
    "12345678",
    "ring på 12 34 56 78",
    "12-34-56-78",
    "1234 5678",
    "+45 12 34 56 78",
    "+4512345678",
    "0045 12345678",
    "45 12345678",
    "tlf. 23 45 67 89",
    "12.34.56.78",
    "mobil: 40506070.",
])
def test_phone_numbers_are_masked(text):
    masked = mask(text)
    assert PHONE_MASK in masked.text
    assert masked.kinds == ["telefon"]
    assert not re.search(r"\d{2}", masked.text), masked.text


@pytest.mark.parametrize("text", [
    "hans.hansen@gmail.com",
    "skriv til mig på jens-peter_1@kommune.dk tak",
    "søren@østerby.dk",
])
def test_email_addresses_are_masked(text):
    masked = mask(text)
    assert EMAIL_MASK in masked.text
    assert masked.kinds == ["email"]
    assert "@" not in masked.text


@pytest.mark.parametrize("text", [
    "jeg er født 01-01-1990",
    "den 01.01.1990",
    "2024-01-01",
    "12032024",  # a date written ddmmyyyy
    "20240101",  # a date written yyyymmdd
    "010190",  # a birth date alone is not a CPR number
    "fritagelsen gælder til 1. november 2027",
    "i årene 2020-2024",
    "fra 2020 2024",
    "kl. 10.30-12.00",
    "det koster 12345678 kr.",
    "12.345.678",
    "sagsnummer 12345678",
    "ordrenummer: 87654321",
    "3213451234",  # ten digits that are not a date
    "01234567",  # Danish numbers do not start with 0
    "postnummer 8000",
    "1.000.000 kr",
    "IBAN DK5000400440116243",
    "jeg har 2 børn på 7 og 12 år",
])
def test_dates_and_other_numbers_are_left_alone(text):
    masked = mask(text)
    assert masked.text == text
    assert masked.kinds == []
    assert not contains_personal_data(text)


def test_a_phone_word_wins_over_a_date_reading():
    assert mask("tlf 12032024").kinds == ["telefon"]


def test_several_kinds_in_one_message():
    masked = mask("ring 23 45 67 89 eller skriv til mig@x.dk, mit cpr er 2412851234")
    assert masked.text == f"ring {PHONE_MASK} eller skriv til {EMAIL_MASK}, mit cpr er {CPR_MASK}"
    assert sorted(masked.kinds) == ["cpr", "email", "telefon"]


def test_masking_is_idempotent_and_handles_empty_text():
    once = mask_text("010190-1234 og 12345678 og a@b.dk")
    assert mask_text(once) == once
    assert mask("").text == "" and mask("").kinds == []
    assert mask(None).text is None


# --- the channels -------------------------------------------------------------------------------------------
class Collector:
    def __init__(self):
        self.sent = []

    async def send_text_message(self, recipient_id, text, **kwargs):
        self.sent.append(text)


def _handle(text, metadata=None):
    from rasa.core.channels.channel import UserMessage

    from bot.channels import masking

    seen = []

    async def on_new_message(message):
        seen.append(message)

    output = Collector()
    message = UserMessage(text, output, "afsender", metadata=metadata)
    asyncio.run(masking(on_new_message)(message))
    return seen[0], output.sent


def test_channel_masks_before_rasa_and_warns_about_cpr_first():
    from bot.channels import cpr_note

    CPR_NOTE = cpr_note()
    message, sent = _handle("mit cpr er 010190-1234, hvordan får jeg mitid?")
    assert message.text == f"mit cpr er {CPR_MASK}, hvordan får jeg mitid?"
    assert message.metadata["personal_data_masked"] == ["cpr"]
    assert sent == [CPR_NOTE]
    # The note asks not to share it, in Danish, and never looks like the number or the placeholder.
    assert "CPR-nummer" in CPR_NOTE and "Skriv ikke" in CPR_NOTE
    assert CPR_MASK not in CPR_NOTE and not re.search(r"\d", CPR_NOTE)


def _domain_copy(tmp_path, old, new):
    import shutil

    from bot import settings

    domain = tmp_path / "domain"
    shutil.copytree(settings.DOMAIN_PATH, domain)
    path = domain / "privacy.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return domain


def test_the_cpr_note_is_the_editors_response(tmp_path, monkeypatch):
    """An editor changes utter_cpr_removed in domain/privacy.yml; the next message gets the new words."""
    from bot import settings

    domain = _domain_copy(tmp_path, "Skriv ikke dit CPR-nummer her i chatten.", "Del ikke dit CPR-nummer her.")
    monkeypatch.setattr(settings, "DOMAIN_PATH", domain)
    _, sent = _handle("mit cpr er 010190-1234")
    assert len(sent) == 1 and sent[0].startswith("Del ikke dit CPR-nummer her. Jeg har ikke brug for det")


def test_the_message_goes_on_when_the_cpr_note_is_missing(tmp_path, monkeypatch):
    from bot import settings

    domain = _domain_copy(tmp_path, "utter_cpr_removed:", "utter_cpr_removed_old:")
    monkeypatch.setattr(settings, "DOMAIN_PATH", domain)
    message, sent = _handle("mit cpr er 010190-1234, hvordan får jeg mitid?")
    assert sent == [] and message.text == f"mit cpr er {CPR_MASK}, hvordan får jeg mitid?"


def test_channel_masks_phone_and_email_without_a_note():
    message, sent = _handle("ring til 12345678 eller a@b.dk")
    assert message.text == f"ring til {PHONE_MASK} eller {EMAIL_MASK}"
    assert sorted(message.metadata["personal_data_masked"]) == ["email", "telefon"]
    assert sent == []


def test_channel_leaves_ordinary_messages_and_metadata_alone():
    message, sent = _handle("hvordan får jeg mitid?", metadata={"audience": "citizen"})
    assert message.text == "hvordan får jeg mitid?"
    assert message.metadata == {"audience": "citizen"}
    assert sent == []


def test_channel_ignores_a_malformed_masked_list_from_the_client():
    message, sent = _handle("hej", metadata={"personal_data_masked": "cpr"})
    assert message.text == "hej"
    assert sent == []


def test_channel_truncates_very_long_messages():
    from bot.channels import MAX_MESSAGE_CHARS

    message, _ = _handle("a" * (MAX_MESSAGE_CHARS + 500))
    assert len(message.text) <= MAX_MESSAGE_CHARS + 2


def test_rest_channel_masks_when_reading_the_request():
    """So that even Rasa's own error log lines for a failed request hold only the masked text."""
    from bot.channels import MaskedRestInput

    channel = MaskedRestInput()
    request = SimpleNamespace(json={"sender": "x", "message": "cpr 010190-1234 tlf 12345678"}, ctx=SimpleNamespace())
    assert channel._extract_message(request) == f"cpr {CPR_MASK} tlf {PHONE_MASK}"
    assert sorted(channel.get_metadata(request)["personal_data_masked"]) == ["cpr", "telefon"]


def test_rest_channel_without_personal_data_adds_no_metadata():
    from bot.channels import MaskedRestInput

    channel = MaskedRestInput()
    request = SimpleNamespace(json={"sender": "x", "message": "hej"}, ctx=SimpleNamespace())
    assert channel._extract_message(request) == "hej"
    assert not channel.get_metadata(request)


def test_channel_names_are_rasas_own():
    from bot.channels import MaskedRestInput, MaskedSocketIOInput

    assert MaskedRestInput.name() == "rest"
    assert MaskedSocketIOInput.name() == "socketio"


@pytest.mark.parametrize("text, understood", [
    # a question: the placeholder is blanked, so it does not pull the message anywhere
    ("mit cpr er [CPR-nummer], hvordan får jeg mitid?", "mit cpr er             , hvordan får jeg mitid?"),
    ("jeg hedder [navn] og er pædagog", "jeg hedder        og er pædagog"),
    # only personal data: kept as the training examples of citizen_personal_data are written
    ("[CPR-nummer] er mit personnummer", "[CPR-nummer] er mit personnummer"),
    ("ring til mig på [telefonnummer] eller [telefonnummer]", "ring til mig på [telefonnummer] eller [telefonnummer]"),
    ("[e-mail]", "[e-mail]"),
])
def test_what_the_understanding_reads_of_a_masked_message(text, understood):
    from bot.privacy import for_understanding

    assert for_understanding(text) == understood
