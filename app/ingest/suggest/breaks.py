"""Where a body's lines and paragraphs begin before an offset, by bisection over the places its
line ends and blank lines are, read once per body: searching back from each sentence would read
a long paragraph again for every sentence in it, the square of its length."""

import bisect
import functools
import re

# A blank line's places overlap in a run of line ends ("\n\n\n" holds two), as `str.rfind` finds.
_MARKS = {"\n": re.compile(r"\n"), "\n\n": re.compile(r"(?=\n\n)")}


@functools.lru_cache(maxsize=4)
def _places(body: str, mark: str) -> list[int]:
    return [found.start() for found in _MARKS[mark].finditer(body)]


def last_before(body: str, mark: str, end: int) -> int:
    """`body.rfind(mark, 0, end)` for a line end ("\\n") or a blank line ("\\n\\n"): where the
    last one wholly before `end` starts, or -1."""
    if end < 0:  # (an offset from the end, as rfind reads it: never asked in the engine)
        return body.rfind(mark, 0, end)
    places = _places(body, mark)
    index = bisect.bisect_right(places, end - len(mark)) - 1
    return places[index] if index >= 0 else -1


def line_start(body: str, at: int) -> int:
    """Where the line holding the text just before `at` starts."""
    return last_before(body, "\n", at) + 1


def paragraph_start(body: str, end: int) -> int:
    """Where the paragraph holding the text just before `end` starts: after the blank line
    before it, or at the body's first letter."""
    blank = last_before(body, "\n\n", end)
    return 0 if blank < 0 else blank + 2
