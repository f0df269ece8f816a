"""app/ingest/suggest/breaks.py: lines and paragraphs found by bisection agree with str.rfind."""

import itertools

from app.ingest.suggest import breaks


def test_last_before_agrees_with_rfind_everywhere():
    # Every text of up to seven characters of line ends, spaces and letters (runs of line ends
    # overlap as blank lines), at every end offset, negative and past the end included.
    for size in range(8):
        for letters in itertools.product("\na ", repeat=size):
            body = "".join(letters)
            for mark in ("\n", "\n\n"):
                for end in range(-3, size + 3):
                    assert breaks.last_before(body, mark, end) == body.rfind(mark, 0, end), (
                        body,
                        mark,
                        end,
                    )


def test_line_and_paragraph_starts():
    body = "Head\n\nOne line.\nTwo line.\n\n\nLast."
    assert breaks.line_start(body, body.index("Two")) == body.index("Two")
    assert breaks.line_start(body, body.index("line.")) == body.index("One")
    assert breaks.paragraph_start(body, body.index("Two")) == body.index("One")
    assert breaks.paragraph_start(body, body.index("Last")) == body.index("Last")
    assert breaks.paragraph_start(body, 2) == 0
