"""In a long message the entity in the question wins over the context before it (bot/answers/entity_order.py)."""
from bot.answers.entity_order import question_first, question_span


def _entity(text, word, kind="role"):
    start = text.index(word)
    return {"entity": kind, "value": word, "start": start, "end": start + len(word)}


def test_the_role_in_the_question_comes_before_the_role_in_the_context():
    text = ("hej, jeg er afdelingsleder i hjemmeplejen og vi har fået nye tablets. hvilke digitale "
            "kompetencer skal en sosu-assistent have?")
    entities = [_entity(text, "afdelingsleder"), _entity(text, "sosu-assistent")]
    assert [e["value"] for e in question_first(entities, text)] == ["sosu-assistent", "afdelingsleder"]


def test_without_a_question_mark_the_last_sentence_asks():
    text = "Jeg er lærer. Fortæl mig om datasikkerhed"
    assert text[slice(*question_span(text))].strip() == "Fortæl mig om datasikkerhed"


def test_a_short_message_keeps_its_order():
    text = "hvad skal en lærer og en pædagog kunne?"
    entities = [_entity(text, "lærer"), _entity(text, "pædagog")]
    assert question_first(entities, text) == entities
