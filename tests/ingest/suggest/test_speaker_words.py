"""app/ingest/suggest/speaker_words.py: the words of speakers' names."""

import pytest

from app.ingest.suggest.speaker_words import from_capitals


@pytest.mark.parametrize(
    ("capitals", "name"),
    [
        ("MINISTRY OF WATER AND FORESTS", "Ministry of Water and Forests"),
        ("THE HARBOUR BOARD", "The Harbour Board"),
        (" OFFICE FOR PORTS IN THE NORTH ", "Office for Ports in the North"),
    ],
)
def test_a_name_in_capitals_is_written_as_a_name_with_its_small_words_lower(capitals, name):
    assert from_capitals(capitals) == name
