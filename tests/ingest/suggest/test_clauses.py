"""app/ingest/suggest/clauses.py: when a second that-clause of one verb of saying, a later
sentence of one quotation, or a clause after a sentence's turn, is a claim of its own."""

import pytest

from app.ingest.suggest.clauses import (
    SECOND_WORDS,
    sentence_of_its_own,
    stands_alone,
    turns_on_a_denial,
)

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


DENIAL = "\u201cNo shells were fired at the ferry from the Orvan side."


@pytest.mark.parametrize(
    "later",
    [
        # A second act of harm, its actor named.
        "The militia shelled the ferry landing to blame us for it,\u201d he said.",
        # A second denial of an act.
        "Our gunners never targeted the grain silos in Marrow,\u201d he said.",
    ],
)
def test_a_later_sentence_accusing_or_denying_an_act_is_a_claim_of_its_own(later):
    assert sentence_of_its_own(DENIAL, later)


@pytest.mark.parametrize(
    ("first", "later"),
    [
        # Background to the first, no act of harm in it.
        (DENIAL, "The river is two hundred metres wide there,\u201d he said."),
        # Too short to be more than an aside.
        (DENIAL, "Nobody shot anyone,\u201d he said."),
        # A first sentence of colour: the quotation is one claim.
        (
            "\u201cIt was a cold morning.",
            "Then the militia shelled the ferry landing,\u201d she said.",
        ),
    ],
)
def test_a_later_sentence_of_background_or_an_aside_stays_with_the_first(first, later):
    assert not sentence_of_its_own(first, later)


ADMISSION = "The Tessalian Defence Ministry said its battery had fired on the ridge above Marrow"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # An admission, then a denial.
        (ADMISSION, "its gunners had never fired on the ferry landing or the market."),
        # A denial, then the speaker's own account of what happened.
        (
            "The Orvan Monitor for Civil Rights said the ministry's account was false",
            "that its own observers had counted eleven shells falling on the ferry landing.",
        ),
    ],
)
def test_a_turn_to_or_from_a_denial_is_a_claim_of_its_own(first, second):
    assert turns_on_a_denial(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Two statements: a detail of one claim.
        (
            "The harbour board said the cranes had been inspected in March",
            "that the dockers had been told to keep away from the loading ramp.",
        ),
        # Two accusations of one kind.
        (ADMISSION, "that its observers had counted eleven shells falling on the ferry landing."),
        # A denial too short to be more than an aside.
        (ADMISSION, "never at the market."),
    ],
)
def test_a_turn_between_clauses_of_one_kind_or_to_an_aside_stays_whole(first, second):
    assert not turns_on_a_denial(first, second)
