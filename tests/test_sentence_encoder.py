"""The pretrained sentence encoder behind bot/nlu/encoder.py and the intent blend that uses it."""
from __future__ import annotations

import numpy as np
import pytest

from bot.nlu.encoder import EncoderUnavailable, create_encoder, get_encoder
from bot.nlu.encoder_intents import blend


def test_vectors_are_normalised_and_carry_meaning():
    encoder = get_encoder()
    questions = encoder.queries(["hvordan bliver jeg fritaget for digital post",
                                 "min mor kan ikke læse sin digitale post, kan hun slippe for den?",
                                 "sæt en alarm til klokken syv"])
    assert questions.shape == (3, encoder.dim) and encoder.dim >= 128
    assert np.allclose(np.linalg.norm(questions, axis=1), 1.0, atol=1e-4)
    same_topic, other_topic = questions[0] @ questions[1], questions[0] @ questions[2]
    assert same_topic > other_topic + 0.05


def test_repeated_texts_come_from_the_cache_unchanged():
    encoder = get_encoder()
    first = encoder.passages(["Fritagelse for Digital Post søges i borgerservice."])
    again = encoder.passages(["Fritagelse  for Digital Post søges i borgerservice."])  # spacing ignored
    assert np.array_equal(first, again)


def test_an_unknown_backend_is_refused_in_danish():
    with pytest.raises(EncoderUnavailable, match="Ukendt SENTENCE_ENCODER"):
        create_encoder("word2vec")


def test_blend_weighs_the_encoder_against_diet():
    diet = [{"name": "greet", "confidence": 0.9}, {"name": "goodbye", "confidence": 0.1}]
    encoder = {"greet": 0.1, "goodbye": 0.2, "thank": 0.7}
    ranking = blend(diet, encoder, weight=0.8)
    assert [r["name"] for r in ranking] == ["thank", "greet", "goodbye"]
    assert ranking[0]["confidence"] == pytest.approx(0.56)
    assert [r["name"] for r in blend(diet, encoder, weight=0.2)][0] == "greet"
