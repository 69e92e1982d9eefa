"""In a long message the entity in the question wins over the context before it (bot/answers/entity_order.py)."""
from bot.answers.entity_order import chosen_entities, question_first, question_span


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


def _ids(kind, value):
    return {"lærer": "folkeskolelaerer", "pædagog": "paedagog", "afdelingsleder": "afdelingsleder",
            "datasikkerhed": "datasikkerhed", "kommunikation": "kommunikation"}.get(value)


def test_two_roles_in_the_question_are_both_kept():
    text = "hvad skal en lærer og en pædagog kunne om datasikkerhed?"
    entities = [_entity(text, "lærer"), _entity(text, "pædagog"), _entity(text, "datasikkerhed", "area")]
    chosen, also = chosen_entities(entities, text, ("role", "area"), _ids)
    assert chosen == {"role": "folkeskolelaerer", "area": "datasikkerhed"}
    assert also == {"role": "paedagog"}


def test_a_role_in_the_context_before_the_question_is_not_asked_about():
    text = "jeg er afdelingsleder. hvad skal en pædagog kunne om kommunikation?"
    entities = [_entity(text, "afdelingsleder"), _entity(text, "pædagog"), _entity(text, "kommunikation", "area")]
    chosen, also = chosen_entities(entities, text, ("role", "area"), _ids)
    assert chosen == {"role": "paedagog", "area": "kommunikation"}
    assert also == {}


def test_an_unknown_value_is_skipped_and_the_next_of_its_kind_taken():
    text = "hvad skal en astronaut og en pædagog kunne?"
    entities = [_entity(text, "astronaut"), _entity(text, "pædagog")]
    assert chosen_entities(entities, text, ("role",), _ids) == ({"role": "paedagog"}, {})
