"""Telling keyboard mashing from Danish (bot/nlu/known_words.py), with the real Danish word list."""
import pytest

from bot.nlu.known_words import KnownWords, danish_word_forms

VOCABULARY = {"mitid", "robot", "pædagog", "datasikkerhed", "hej"}


@pytest.fixture(scope="module")
def known():
    return KnownWords(danish_word_forms(), VOCABULARY)


@pytest.mark.parametrize("text", ["xqzv plorb grunkel?", "asdf qwer", "blablabla", "sdfsdf", "qwerty uiop"])
def test_keyboard_mashing_is_nonsense(known, text):
    assert known.is_nonsense(text)


@pytest.mark.parametrize("text", [
    "taler jeg med et menneske?",
    "hvordan får jeg mitid",
    "er du en robbot",  # one typing error from a word the assistant knows
    "pædgog",
    "heeej",  # a stretched letter
    "tusind taaaak",
    "kompetenceudviklingsforløb",  # a compound of known parts
    "digitaliseringsstrategien",
    "sagsbehandlerne",
    "ok",  # too short to judge: left to the classifier
    "123",
    "?",
    "",
])
def test_danish_misspelt_compound_and_short_messages_are_not_nonsense(known, text):
    assert not known.is_nonsense(text)


def test_one_known_word_is_enough(known):
    assert not known.is_nonsense("xqzv mitid plorb")


def test_typing_errors_are_only_forgiven_for_the_assistants_own_words(known):
    # "grunkel" is one letter from some rare Danish form, but not from a word the assistant uses.
    assert not known.is_known("grunkel")
    assert known.is_known("datasikkerhd")
