"""Clauses: two claims of one speaker under one verb of saying ("said A and that B"). The
gold reads a second that-clause as a claim of its own when both clauses quote the speaker's
words and the second is long enough to say something by itself; a second clause of the
speaker's own words only, or a short one, it reads as often as a detail of the first claim."""

import re

# An opening or plain quotation mark: the clause quotes the speaker's words.
QUOTE_MARK = re.compile(r"[“\"]")
# The words a second clause holds at least to be a claim of its own ("and that" counted).
SECOND_WORDS = 10


def stands_alone(first: str, second: str) -> bool:
    """Whether the second that-clause of one verb of saying (`second`, after `first`) is a
    claim of its own: both clauses quote the speaker's words, and the second holds a
    sentence's worth of them."""
    return len(second.split()) >= SECOND_WORDS and all(
        QUOTE_MARK.search(part) for part in (first, second)
    )
