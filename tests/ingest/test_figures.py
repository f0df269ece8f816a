"""Figures: numbers, qualifiers, ranges and what they count."""

import pytest

from app.ingest.figures import claim_figures, figure_counts, parse_figures, parse_number


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


# claim_figures: the wider reading of a claim's own figures (the kinds and sides keep reading
# tolls with parse_figures).


def read(text: str) -> list[tuple[int, int | None, str]]:
    return [(f.low, f.high, f.counts) for f in claim_figures(text)]


def test_claim_figures_read_what_parse_figures_reads():
    text = "Medics said at least 40 civilians died and some 3,000 to 4,000 people fled the town"
    assert read(text) == [(f.low, f.high, f.counts) for f in parse_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rescuers brought 14 residents out alive from the flooded street", (14, None, "rescued")),
        ("the monitors logged 75 blasts near the dam overnight", (75, None, "strikes")),
        ("the militia torched nine hamlets and 12 villages", (12, None, "facilities")),
        ("the clinic treated 33 labourers for heat exhaustion", (33, None, "injured")),
        ("army units said they had captured 40 guerrillas", (40, None, "fighters")),
        ("at least 18 pupils were caught in the fire", (18, None, "children")),
        ("the flood left 23 fishermen drowned", (23, None, "killed")),
    ],
)
def test_claim_figures_know_more_nouns_and_outcomes(text, expected):
    assert expected in read(text)


def test_a_part_of_a_group_is_read_by_the_group():
    assert read("Six of the dead tended sheep in the hills") == [(6, None, "killed")]
    assert (2, None, "fighters") in read("it lost two of its soldiers on the ridge")
    assert read("inspectors found faults in 7 of 50 lifts") == [
        (7, None, "other"),
        (50, None, "other"),
    ]


def test_a_number_without_its_noun():
    assert read("Five people died and 30 were hurt in the crush.") == [
        (5, None, "killed"),
        (30, None, "injured"),
    ]
    assert read("a sniper shot at the lorry, injuring 12.") == [(12, None, "injured")]
    assert read("the toll climbed to 19 by the evening") == [(19, None, "killed")]
    assert read("the number of villagers killed in the landslide reached 45 on Friday") == [
        (45, None, "killed")
    ]
    # With neither an outcome nor a count named, a lone number is no figure.
    assert read("the hearing resumed at 11 and ended at 14.") == []


def test_a_part_counted_as_children():
    assert read("the clinic took in 30 wounded, eight of them children") == [
        (30, None, "injured"),
        (8, None, "children"),
    ]


def test_words_of_time_end_the_noun_phrase():
    assert (17, None, "killed") in read("the toll rose to 17 after two more deaths")


def test_missing_is_not_an_outcome_of_harm():
    assert read("Three crew died and 4 are missing.") == [(3, None, "killed"), (4, None, "other")]


def test_one_written_out_before_a_counted_noun():
    assert read("one volunteer was wounded by the shell") == [(1, None, "injured")]
    assert read("one of the oldest bridges and a man on it") == []
    assert read("a 15-year-old boy was hit") == [(1, None, "children")]
    assert read("a 40-year-old woman was hit") == []


def test_sums_shares_quantities_and_repeats():
    assert read("the ministry paid 2.5 million dollars") == [(2_500_000, None, "other")]
    assert read("fees rose by 12 per cent") == [(12, None, "other")]
    assert read("a grant of $75,000 was approved") == [(75_000, None, "other")]
    assert read("the ship unloaded 900 tonnes of grain") == [(900, None, "other")]
    assert read("the committee met five times and twice more in private") == [
        (5, None, "other"),
        (2, None, "other"),
    ]
    # After a verb of attack, a repeat counts strikes.
    assert read("the depot was shelled six times in a month") == [(6, None, "strikes")]
    assert read("prices were three times as high") == []
    # Dates and durations stay out.
    assert read("talks lasted 11 hours on 3 May") == []


def test_ordinals_are_a_running_count():
    assert read("the raid was the sixth strike on the port") == [(6, None, "strikes")]
    assert read("she was the fifth volunteer detained this year") == [(5, None, "other")]
    assert read("the second hearing") == []


def test_claim_figures_bound_their_input():
    long_text = "12 soldiers were killed. " + "word " * 5_000 + "40 soldiers were killed."
    assert read(long_text) == [(12, None, "fighters")]
