"""Danish as people type it is read as the words they mean (bot/nlu/spelling.py), and the person's own
text can always be recovered."""
from __future__ import annotations

import pytest

from bot.nlu.spelling import Speller, vocabulary_counts

# A small stand-in for the lemma table: the point is the rules, not the size of the word list.
FORMS = {"kan", "jeg", "få", "hjælp", "til", "digital", "post", "søge", "søger", "fritagelse", "hvordan",
         "ikke", "finde", "ud", "af", "min", "mor", "på", "år", "har", "en", "smartphone", "børn", "hvad",
         "er", "parathed", "skal", "kunne", "how", "do", "get", "tak", "for", "hjælpen", "når", "ske",
         "syge", "pleje"}
VOCABULARY = vocabulary_counts(["hvordan får jeg hjælp til digital post", "hvad skal en pædagog kunne",
                                "jeg er sygeplejerske", "mitid", "digital parathed", "fritagelse"])


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(FORMS, VOCABULARY)


@pytest.mark.parametrize("typed, read", [
    ("kan jeg faa hjaelp til digital post", "kan jeg få hjælp til digital post"),
    ("jeg kan ik finde ud af mitid", "jeg kan ikke finde ud af mitid"),
    ("hvordn soeger jeg fritagelse", "hvordan søger jeg fritagelse"),
    ("hvad skal en paedagog kunne", "hvad skal en pædagog kunne"),
    ("min mor paa 87 aar har ikk en smartphone", "min mor på 87 år har ikke en smartphone"),
    ("hvad er digial parathed", "hvad er digital parathed"),
    ("Kan jeg FAA hjaelp", "Kan jeg FÅ hjælp"),
])
def test_typed_danish_is_read_as_meant(speller, typed, read):
    assert speller.normalise(typed).text == read


def test_words_written_without_aeoeaa_in_the_assistants_own_data_do_not_become_words():
    # The catalogue's ids ("kurser-og-it-hjaelp") and a chat-style training example ("hvordan laeser jeg
    # mine breve paa mit.dk") are in the vocabulary, but "hjaelp" and "paa" are still read as hjælp and på.
    vocabulary = {**VOCABULARY, **vocabulary_counts(["kurser-og-it-hjaelp", "hvordan laeser jeg mine breve paa mit.dk"])}
    speller = Speller(FORMS | {"læser", "breve"}, vocabulary)
    assert speller.normalise("kan jeg faa hjaelp til digital post").text == "kan jeg få hjælp til digital post"
    assert speller.normalise("hvordan laeser jeg min post paa mitid").text == "hvordan læser jeg min post på mitid"


@pytest.mark.parametrize("text", [
    "Jeg har svært ved at bruge MitID",  # nothing to fix
    "how do I get MitID",  # English stays English (speak_english answers it)
    "xqzv plorb",  # nonsense is not turned into words (NonsenseGuard handles it)
])
def test_correct_and_foreign_text_is_left_alone(speller, text):
    normalised = speller.normalise(text)
    assert normalised.text == text and not normalised.edits


def test_short_words_are_not_guessed(speller):
    # One typing error is only forgiven in words of five letters or more: "tik" is not "til".
    assert speller.normalise("tik tak").text == "tik tak"


def test_spans_map_back_to_what_was_written(speller):
    typed = "kan jeg faa hjaelp til digital post"
    normalised = speller.normalise(typed)
    start = normalised.text.index("digital post")
    begin, end = normalised.to_original(start, start + len("digital post"))
    assert typed[begin:end] == "digital post"
    start = normalised.text.index("hjælp")
    begin, end = normalised.to_original(start, start + len("hjælp"))
    assert typed[begin:end] == "hjaelp"
