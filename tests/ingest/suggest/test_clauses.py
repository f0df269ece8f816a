"""app/ingest/suggest/clauses.py: when a second that-clause of one verb of saying is a claim
of its own."""

from app.ingest.suggest.clauses import SECOND_WORDS, stands_alone

FIRST = "The harbour board said the cranes were \u201cfully inspected\u201d"


def test_a_long_second_clause_when_both_quote_stands_alone():
    second = (
        "that the dockers had \u201cignored three written warnings about the loading ramp\u201d."
    )
    assert len(second.split()) >= SECOND_WORDS
    assert stands_alone(FIRST, second)
    # Plain quotation marks count as well as curly ones.
    assert stands_alone(FIRST.replace("\u201c", '"').replace("\u201d", '"'), second)


def test_a_short_second_clause_stays_with_the_first():
    assert not stands_alone(FIRST, "that the ramp was \u201cnot theirs\u201d.")


def test_a_clause_without_quoted_words_stays_with_the_first():
    plain = "that the dockers had ignored three written warnings about the loading ramp."
    assert not stands_alone(FIRST, plain)
    unquoted_first = "The harbour board said the cranes were fully inspected"
    quoted = (
        "that the dockers had \u201cignored three written warnings about the loading ramp\u201d."
    )
    assert not stands_alone(unquoted_first, quoted)
