"""Figures: numbers, qualifiers, ranges and what they count."""

import pytest

from app.ingest.figures import figure_counts, parse_figures, parse_number


def one(text: str):
    figures = parse_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("300,000", 300_000),
        ("1.2 million", 1_200_000),
        ("3 million", 3_000_000),
        ("two dozen", 24),
        ("a dozen", 12),
        ("half a million", 500_000),
        ("thirty-five", 35),
        ("one hundred and twenty", 120),
        ("Eleven", 11),
        ("750", 750),
        ("many", None),
        ("", None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def test_qualifier_and_killed_people():
    figure = one("At least 500 people have been killed since the offensive began")
    assert (figure.low, figure.high, figure.qualifier, figure.counts) == (
        500,
        None,
        "at least",
        "killed",
    )
    assert figure.text == "At least 500 people"


def test_range_with_some_counts_displaced():
    figure = one("some 100,000 to 150,000 civilians may flee")
    assert (figure.low, figure.high, figure.qualifier, figure.counts) == (
        100_000,
        150_000,
        "some",
        "displaced",
    )


def test_between_range():
    figure = one("the centre housed between 700 and 850 detainees at times")
    assert (figure.low, figure.high, figure.counts) == (700, 850, "other")


def test_offsets_point_at_the_words():
    text = "Rescuers said nearly 750 civilians had been killed."
    figure = parse_figures(text, offset=100)[0]
    assert figure.low == 750 and figure.qualifier == "nearly"
    assert text[figure.start - 100 : figure.end - 100] == "nearly 750 civilians"


def test_noun_decides_before_context():
    figures = parse_figures(
        "among those killed are 89 civilians, including 23 children, 143 pro-government fighters"
    )
    assert [(f.low, f.counts) for f in figures] == [
        (89, "civilians"),
        (23, "children"),
        (143, "fighters"),
    ]


def test_nearest_outcome_word_wins():
    # "killed" is nearer to the figure than "injured".
    figure = one("jets killed at least 150 civilians and injured dozens in a week of bombing")
    assert figure.counts == "civilians"
    rescued = parse_figures("we have pulled 152 bodies and we have rescued 279 civilians")
    assert [(f.low, f.counts) for f in rescued] == [(152, "killed"), (279, "rescued")]


def test_word_numbers_and_dozens():
    figure = one("at least two dozen hospitals and clinics have been destroyed")
    assert (figure.low, figure.qualifier, figure.counts) == (24, "at least", "facilities")
    besieged = one("nearly half a million people are besieged")
    assert (besieged.low, besieged.counts) == (500_000, "besieged")


def test_head_noun_after_modifiers():
    assert one("two A-10 attack aircraft entered the airspace").text == "two A-10 attack aircraft"
    assert one("over 250 Russian airstrikes per day").counts == "strikes"
    assert one("More than 300,000 people have been forced to leave").counts == "displaced"
    assert one("at least 23,000 Syrians have arrived in camps").counts == "displaced"


@pytest.mark.parametrize(
    "text",
    [
        "on 14 and 15 September",
        "OSLEN, Jan 22 (Wire) -",
        "in 2019, and since 2022",
        "a 27-year-old man and a 48-page report",
        "around 3 per cent of revenue",
        "more than 40 times the limit",
        "within 24 hours and six weeks",
        "about 2,000 cubic metres of water",
        "Route 6 and one of the deadliest",
        "Mehmet Oruz, 34, who was wounded",
        "thousands of families and tens of thousands of people",
        "shortly before 10 a.m.",
    ],
)
def test_not_counts(text):
    assert parse_figures(text) == []


def test_partitive_takes_the_outcome():
    figures = parse_figures("41 others were wounded, 11 of them critically")
    assert [(f.low, f.counts) for f in figures] == [(41, "injured"), (11, "injured")]


def test_figure_counts_directly():
    assert figure_counts("civilians", "were rescued from the rubble", 0) == "rescued"
    assert figure_counts("bodies") == "killed"
    assert figure_counts("substations") == "other"
