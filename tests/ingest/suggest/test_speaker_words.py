"""app/ingest/suggest/speaker_words.py: the words of speakers' names."""

import pytest

from app.ingest.suggest.speaker_words import from_capitals, given_name, looks_like_speaker


@pytest.mark.parametrize(
    ("capitals", "name"),
    [
        ("MINISTRY OF WATER AND FORESTS", "Ministry of Water and Forests"),
        ("THE HARBOUR BOARD", "The Harbour Board"),
        (" OFFICE FOR PORTS IN THE NORTH ", "Office for Ports in the North"),
        # A possessive keeps its small s; a name's apostrophe keeps its capital.
        ("THE SURVEYOR'S FINDINGS", "The Surveyor's Findings"),
        ("THE PILOTS’S UNION OF O'NEILL ISLAND", "The Pilots’s Union of O'Neill Island"),
    ],
)
def test_a_name_in_capitals_is_written_as_a_name_with_its_small_words_lower(capitals, name):
    assert from_capitals(capitals) == name


@pytest.mark.parametrize("words", ["the timeline", "her logbook", "the chronology", "its diary"])
def test_a_record_someone_kept_looks_like_a_speaker(words):
    assert looks_like_speaker(words)


@pytest.mark.parametrize(
    ("words", "after", "name"),
    [
        ("its spokesman", ", who uses the name Abu Kelio, said", "Abu Kelio"),
        ("a woman", " who gave her name only as Dunja. She", "Dunja"),
        ("a porter", ", who gave only his first name, Tavi, because", "Tavi"),
        ("the driver", ", who asked to be identified only by his first name, Kelio,", "Kelio"),
        ("a man who asked to be named only as Ilia", "", "Ilia"),
        # Someone else's name, after the verb of saying or in another sentence: not theirs.
        ("the army", " said a man who gave his name as Ilia", ""),
        ("its spokesman", ". A man who gave his name as Ilia", ""),
    ],
)
def test_the_name_a_speaker_gives_in_their_own_clause(words, after, name):
    assert given_name(words, after) == name
