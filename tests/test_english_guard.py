"""English messages are recognised as English (bot/nlu/english.py); Danish ones, also with English loan
words and names, are not."""
import pytest

from bot.nlu.known_words import danish_word_forms
from bot.nlu.english import looks_english


@pytest.fixture(scope="module")
def forms():
    return danish_word_forms()


@pytest.mark.parametrize("text", ["how do i get digital post", "i need help with mitid", "hello",
                                  "thank you very much", "do you speak english?", "what are the opening hours"])
def test_english_is_recognised(forms, text):
    assert looks_english(text, forms)


@pytest.mark.parametrize("text", ["jeg har ikke en computer", "i dag er det mandag", "ok", "mitid",
                                  "kan du hjælpe mig med mitid", "hvad er det for en app", "hey der",
                                  "start testen", "menu",
                                  # English words Danes use in chat, and a Danish word that is English too
                                  "hey", "bye bye", "yes please", "mitid former", "ok super"])
def test_danish_is_not_taken_for_english(forms, text):
    assert not looks_english(text, forms)
