"""app/services/anchors.py: quotes are stored verbatim and can be found again."""

import pytest
from sqlalchemy import select

from app.models import Article, Claim
from app.services.anchors import (
    CONTEXT_CHARS,
    AmbiguousQuote,
    Anchor,
    QuoteNotFound,
    anchor_at,
    locate_quote,
)


def anchor_holds(body: str, quote: str, anchor: Anchor) -> bool:
    """True when the stored offsets still point at the quote, with its context around it."""
    return (
        body[anchor.start : anchor.end] == quote
        and body[: anchor.start].endswith(anchor.prefix)
        and body[anchor.end :].startswith(anchor.suffix)
    )


def stored_claims(session):
    return session.execute(
        select(
            Claim.id,
            Claim.quote,
            Claim.quote_start,
            Claim.quote_end,
            Claim.quote_prefix,
            Claim.quote_suffix,
            Article.body,
        ).join(Article, Article.id == Claim.article_id)
    ).all()


def test_every_stored_quote_is_verbatim_in_its_article(session):
    rows = stored_claims(session)
    assert len(rows) >= 40

    wrong = [row.id for row in rows if row.body[row.quote_start : row.quote_end] != row.quote]

    assert wrong == []


def test_every_stored_anchor_holds_with_its_context(session):
    rows = stored_claims(session)

    broken = [
        row.id
        for row in rows
        if not anchor_holds(
            row.body,
            row.quote,
            Anchor(row.quote_start, row.quote_end, row.quote_prefix, row.quote_suffix),
        )
        or row.quote_prefix != row.body[max(0, row.quote_start - CONTEXT_CHARS) : row.quote_start]
        or row.quote_suffix != row.body[row.quote_end : row.quote_end + CONTEXT_CHARS]
    ]

    assert broken == []


BODY = "The ministry said no. Later the ministry said no again. The end."


def test_a_quote_found_once_anchors_where_it_is():
    anchor = locate_quote(BODY, "Later")

    assert (anchor.start, anchor.end) == (22, 27)
    assert anchor.prefix == BODY[:22]
    assert anchor.suffix == BODY[27 : 27 + CONTEXT_CHARS]


def test_a_missing_quote_is_not_found():
    with pytest.raises(QuoteNotFound):
        locate_quote(BODY, "the ministry said yes")


def test_an_empty_quote_is_not_found():
    with pytest.raises(QuoteNotFound):
        locate_quote(BODY, "")


def test_a_repeated_quote_is_ambiguous_without_context():
    with pytest.raises(AmbiguousQuote):
        locate_quote(BODY, "ministry said no")


def test_a_prefix_picks_the_occurrence_it_ends_before():
    anchor = locate_quote(BODY, "ministry said no", prefix="Later the ")

    assert anchor.start == BODY.index("ministry said no again")
    assert BODY[anchor.start : anchor.end] == "ministry said no"


def test_a_prefix_that_matches_nowhere_means_not_found():
    with pytest.raises(QuoteNotFound):
        locate_quote(BODY, "ministry said no", prefix="Earlier the ")


@pytest.mark.parametrize(("near", "expected"), [(0, 4), (10, 4), (40, 32), (len(BODY), 32)])
def test_near_picks_the_nearest_occurrence(near, expected):
    assert locate_quote(BODY, "ministry said no", near=near).start == expected


def test_context_is_cut_at_the_ends_of_the_text():
    anchor = anchor_at("abcdef", 0, 6)
    assert (anchor.prefix, anchor.suffix) == ("", "")


def test_an_anchor_stops_holding_when_the_text_moves():
    anchor = locate_quote(BODY, "Later")
    assert anchor_holds(BODY, "Later", anchor)

    assert not anchor_holds("X" + BODY, "Later", anchor)
    assert not anchor_holds(BODY.replace("no. ", "no! "), "Later", anchor)  # prefix changed
    assert not anchor_holds(BODY.replace("again", "AGAIN"), "Later", anchor)  # suffix changed
