"""app/ingest/text.py: repairing received text and removing page furniture."""

import hashlib

import pytest

from app.ingest.text import content_hash, drop_furniture, repair_text


def test_mojibake_is_repaired():
    assert repair_text("Russian Foreign Ministryâ€™s spokesperson") == (
        "Russian Foreign Ministry’s spokesperson"
    )


@pytest.mark.parametrize(
    "text",
    [
        "“curly quotes” and ‘single’ ones",
        "a ligature: ﬁnancial",
        "full width: \uff21\uff22\uff23",
        "entities stay: &amp; &lt;b&gt;",
        "decomposed: e\u0301te\u0301",
        "an ellipsis … and a dash —",
    ],
)
def test_good_text_is_left_alone(text):
    assert repair_text(text) == text


def test_line_endings_become_newlines():
    assert repair_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_header_lines_are_dropped():
    text = "http://example.org/story\n202\n20\nFirst paragraph.\n\nSecond."
    assert drop_furniture(text, header_lines=3) == "First paragraph.\n\nSecond."


def test_furniture_lines_are_dropped_and_blank_runs_folded():
    text = "Share\n\nFirst.\n\nAdvertisement\n\nSecond.\n  AFP  \n\nThird.\n"

    cleaned = drop_furniture(text, ["Share", "Advertisement", "AFP"])

    assert cleaned == "First.\n\nSecond.\n\nThird."


def test_only_whole_furniture_lines_are_dropped():
    text = "Share prices fell.\nAFP reported it.\nAFP"
    assert drop_furniture(text, ["Share", "AFP"]) == "Share prices fell.\nAFP reported it."


def test_nothing_to_drop_keeps_the_text():
    text = "One.\n\nTwo.\nThree."
    assert drop_furniture(text) == text


def test_content_hash_is_the_sha256_of_the_utf8_text():
    assert content_hash("Ministry’s") == hashlib.sha256("Ministry’s".encode()).hexdigest()
    assert content_hash("a") != content_hash("a ")
