"""Anchoring quotes in article text, like the W3C Web Annotation TextQuote and TextPosition
selectors: character offsets, plus a little context before and after so that a quote can be
found again and checked."""

from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


class QuoteNotFound(ValueError):
    """The quote does not occur in the text (or not after the given context)."""


class AmbiguousQuote(ValueError):
    """The quote occurs more than once and nothing says which occurrence is meant."""


def anchor_at(body: str, start: int, end: int) -> Anchor:
    return Anchor(
        start=start,
        end=end,
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
    )


def locate_quote(body: str, quote: str, *, near: int | None = None, prefix: str = "") -> Anchor:
    """Find `quote` in `body`. A quote that occurs once anchors where it is; one that occurs more
    often needs a `prefix` that ends just before the wanted occurrence, or a `near` position
    (the nearest occurrence wins)."""
    if not quote:
        raise QuoteNotFound("the quote is empty")
    starts = []
    position = body.find(quote)
    while position != -1:
        starts.append(position)
        position = body.find(quote, position + 1)
    if prefix:
        starts = [s for s in starts if body[:s].endswith(prefix)]
    if not starts:
        raise QuoteNotFound(f"not found in the article text: {quote[:60]!r}")
    if len(starts) > 1:
        if near is None:
            raise AmbiguousQuote(f"occurs {len(starts)} times: {quote[:60]!r}")
        starts.sort(key=lambda s: abs(s - near))
    return anchor_at(body, starts[0], starts[0] + len(quote))
