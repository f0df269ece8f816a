"""app/ingest/suggest/speaker_words.py: the words of speakers' names."""

import pytest

from app.ingest.suggest.speaker_words import from_capitals, looks_like_speaker


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


@pytest.mark.parametrize("words", ["the timeline", "her logbook", "the chronology", "its diary"])
def test_a_record_someone_kept_looks_like_a_speaker(words):
    assert looks_like_speaker(words)
