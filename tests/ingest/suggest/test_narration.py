"""app/ingest/suggest/narration.py: a report's own narration, what its writer saw or found."""

import pytest

from app.ingest.suggest.narration import own_observation


@pytest.mark.parametrize(
    ("sentence", "observer"),
    [
        ("The reporter saw no trenches or weapons near the pump house.", ""),
        ("A Tessel Courier reporter who visited the yard on Monday saw two craters.", ""),
        ("We could not establish whose tractor blocked the lane.", ""),
        ("Reporters did not find any spent cartridges on the road.", ""),
        ("Satellite images from 3 May show the roofs of the mill intact.", ""),
        ("Neither video shows anyone throwing stones at the officers.", ""),
        ("The Orvan Monitor could not verify the figure independently.", "The Orvan Monitor"),
        ("The monitors counted nine craters along the Marrow road.", "The monitors"),
        ("The trust has recorded 40 casualties from mines this year.", "The trust"),
        ("It was not possible to establish who fired from the ridge.", ""),
        ("We have not been able to confirm the second death.", ""),
    ],
)
def test_a_reports_own_observations_and_their_observer(sentence, observer):
    assert own_observation(sentence) == (observer, 0)


def test_an_observer_after_a_time_and_before_its_acronym():
    sentence = "On 2 May, the Marrow Truce Mission (MTM) counted six craters on the road."
    assert own_observation(sentence) == ("the Marrow Truce Mission", 10)


@pytest.mark.parametrize(
    "sentence",
    [
        "What the videos show",  # a heading
        "Did the reporter see the trucks?",
        'The reporter saw a sign reading "Closed" on the gate.',  # a quotation's words
        "He did not show them to anyone.",  # a pronoun's: whose, the sentences before say
        "The Tessel Courier visited the mill on Tuesday.",  # a visit observes nothing yet
        "Shells hit the Orvan depot on Sunday.",
    ],
)
def test_not_a_reports_own_observation(sentence):
    assert own_observation(sentence) is None
