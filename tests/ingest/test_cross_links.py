"""app/ingest/cross_links.py: the pure matcher between a new suggested claim and a claim
stored in another article."""

from dataclasses import replace
from datetime import date

import pytest

from app.ingest.cross_links import (
    ClaimFacts,
    FigureFact,
    content_words,
    match,
    places_in,
    proper_names,
)

MONITOR, GOVERNMENT, MINISTRY, SPOKESMAN, RESCUERS = 1, 2, 3, 4, 5
SIDES = {
    MONITOR: frozenset({MONITOR}),
    GOVERNMENT: frozenset({GOVERNMENT}),
    MINISTRY: frozenset({MINISTRY, GOVERNMENT}),
    SPOKESMAN: frozenset({SPOKESMAN, MINISTRY, GOVERNMENT}),
    RESCUERS: frozenset({RESCUERS}),
}
NAMES = {GOVERNMENT: {"russia", "russian government"}, MINISTRY: {"russian defence ministry"}}


def facts(
    quote: str,
    *,
    kind: str = "allegation",
    claimant: int = MONITOR,
    figures: tuple[tuple[int, int | None, str], ...] = (),
    on: date | None = date(2019, 7, 22),
) -> ClaimFacts:
    side = SIDES[claimant]
    return ClaimFacts(
        kind=kind,
        claimant_id=claimant,
        side=side,
        figures=tuple(FigureFact(low, high, counts) for low, high, counts in figures),
        places=places_in(quote),
        words=content_words(quote),
        on=on,
        side_names=frozenset(n for a in side for n in NAMES.get(a, ())),
        quote=quote,
    )


REPORT = facts(
    "A Russian air strike killed 38 civilians at a market in Maarat al-Numan, the monitor said.",
    figures=((38, None, "civilians"),),
)


def test_the_same_claimant_figure_and_place_days_apart_is_the_same_claim():
    again = facts(
        "The monitor said 38 civilians died when the market in Maarat al-Numan was bombed.",
        figures=((38, None, "civilians"),),
        on=date(2019, 7, 24),
    )
    proposal = match(again, REPORT)
    assert proposal is not None
    assert (proposal.kind, proposal.outgoing) == ("same_claim", True)
    assert proposal.reason.startswith("same claimant, same figure 38 civilians")
    assert "same place (Maarat al-Numan)" in proposal.reason
    assert "2 days apart, shared words: " in proposal.reason


def test_a_different_figure_of_the_same_thing_is_not_proposed():
    other = facts(
        "The monitor said 12 civilians were killed at a market in Maarat al-Numan.",
        figures=((12, None, "civilians"),),
    )
    assert match(other, REPORT) is None


def test_different_figures_of_unnamed_things_do_not_keep_two_claims_apart():
    # A share and a sum are both "other": they need not be counts of the same thing.
    shares = facts(
        "The monitor said the Russian air strike on the market in Maarat al-Numan destroyed 40 "
        "per cent of its stalls.",
        figures=((40, None, "other"),),
        on=date(2019, 7, 23),
    )
    costs = replace(REPORT, figures=(*REPORT.figures, FigureFact(2000000, None, "other")))
    proposal = match(shares, costs)
    assert proposal is not None
    assert "same place (Maarat al-Numan)" in proposal.reason


def test_overlapping_ranges_agree():
    ranged = facts(
        "Between 35 and 40 civilians were killed in Maarat al-Numan, rescuers said.",
        claimant=RESCUERS,
        figures=((35, 40, "civilians"),),
    )
    proposal = match(ranged, REPORT)
    assert proposal is not None and proposal.kind == "corroborates"
    assert "figures overlap (35–40 civilians; 38 civilians)" in proposal.reason


def test_dates_far_apart_are_never_proposed():
    later = replace(REPORT, on=date(2019, 11, 1))
    assert match(later, REPORT) is None
    # An unknown date neither helps nor forbids.
    undated = replace(REPORT, on=None)
    proposal = match(undated, REPORT)
    assert proposal is not None and "apart" not in proposal.reason


def test_different_places_with_nothing_else_in_common_are_not_proposed():
    elsewhere = facts("Shelling in Kafranbel destroyed a school, the monitor said.")
    assert match(elsewhere, REPORT) is None


def test_two_allegations_by_different_claimants_corroborate():
    rescuers = facts(
        "Rescuers said 38 civilians were pulled dead from the market in Maarat al-Numan.",
        claimant=RESCUERS,
        figures=((38, None, "civilians"),),
    )
    proposal = match(rescuers, REPORT)
    assert proposal is not None
    assert (proposal.kind, proposal.outgoing) == ("corroborates", True)
    assert "same claimant" not in proposal.reason


def test_a_denial_by_the_accused_side_rebuts_the_allegation():
    denial = facts(
        "The ministry denied that its aircraft struck the market in Maarat al-Numan.",
        kind="denial",
        claimant=MINISTRY,
    )
    proposal = match(denial, REPORT)
    assert proposal is not None
    assert (proposal.kind, proposal.outgoing) == ("rebuts", True)
    assert "answers a claim naming Russia" in proposal.reason
    # The other way round: a stored denial answers the new allegation; it is the source.
    back = match(REPORT, denial)
    assert back is not None and (back.kind, back.outgoing) == ("rebuts", False)


def test_a_counter_claim_counter_accuses():
    blame = facts(
        "The ministry said rebels shelled the market in Maarat al-Numan themselves.",
        kind="counter_claim",
        claimant=MINISTRY,
    )
    proposal = match(blame, REPORT)
    assert proposal is not None and proposal.kind == "counter_accuses"


def test_a_side_repeating_itself_through_its_spokesman_is_the_same_claim():
    ministry = facts(
        "The ministry denied carrying out any strike on Maarat al-Numan.",
        kind="denial",
        claimant=MINISTRY,
    )
    spokesman = facts(
        "The spokesman denied any strike on Maarat al-Numan by Russian aircraft.",
        kind="denial",
        claimant=SPOKESMAN,
    )
    proposal = match(spokesman, ministry)
    assert proposal is not None
    assert proposal.kind == "same_claim" and proposal.reason.startswith("same side")


def test_a_side_never_rebuts_its_own_claim():
    claim = facts(
        "The ministry said its aircraft struck a depot near Maarat al-Numan.", claimant=MINISTRY
    )
    denial = facts(
        "The ministry denied striking the market in Maarat al-Numan.",
        kind="denial",
        claimant=SPOKESMAN,
    )
    assert match(denial, claim) is None


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("killed 38 people in Maarat al-Numan on Monday", {"maarat al-numan"}),
        ("strikes near Idlib and in the town of Ariha", {"idlib"}),
        ("on Tuesday in March", set()),
        ("at least 20 people", set()),
        ("a raid on Kafr Nabl", {"kafr nabl"}),
    ],
)
def test_places_are_read_after_a_preposition_of_place(text, places):
    assert places_in(text) == places


def test_content_words_leave_out_common_and_short_words_and_endings():
    assert content_words("The strikes said they killed 38 people in the market") == {
        "strik",
        "kill",
        "market",
    }
    # Two wordings of one accusation share their words.
    assert content_words("ethnically cleanse") == content_words("ethnic cleansing")


def test_proper_names_inside_sentences_anchor_a_text_search():
    assert proper_names("Turkey accused Russia of bombing Aleppo. Rebels denied it.") == [
        "russia",
        "aleppo",
    ]


def test_reading_a_huge_run_of_capitalised_words_finishes():
    # Linear patterns: a pathological input is read in one pass (this would hang otherwise).
    text = "in " + "Aaaa " * 50_000 + "!"
    assert places_in(text) == {"aaaa aaaa aaaa aaaa"}
    assert len(content_words(text)) == 1
