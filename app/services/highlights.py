"""Cutting an article body into paragraphs of plain and highlighted runs for display."""

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Span:
    claim_id: int
    kind: str
    start: int
    end: int
    statement: str = ""
    state: str = "published"


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    start: int
    # The claims whose quotes cover this run, innermost (shortest) first.
    claims: tuple[Span, ...] = ()
    # Claims whose quote begins with this run (the run carries their #claim-{id} target).
    opens: tuple[int, ...] = ()

    @property
    def claim_ids(self) -> str:
        return " ".join(str(span.claim_id) for span in self.claims)


def highlight(body: str, spans: list[Span]) -> list[list[Run]]:
    """Paragraphs (each non-empty line) as runs, cut wherever a quote begins or ends.

    Quotes may overlap or cross a line break; a run lists every quote covering it."""
    cuts = sorted({0, len(body), *(s.start for s in spans), *(s.end for s in spans)})
    paragraphs: list[list[Run]] = []
    seen: set[int] = set()
    line_start = 0
    for line in body.split("\n"):
        line_end = line_start + len(line)
        if line.strip():
            inner = [c for c in cuts if line_start < c < line_end]
            bounds = [line_start, *inner, line_end]
            runs = []
            for start, end in pairwise(bounds):
                covering = tuple(
                    sorted(
                        (s for s in spans if s.start <= start and s.end >= end),
                        key=lambda s: (s.end - s.start, s.claim_id),
                    )
                )
                # A claim's target goes on the first run it covers, once in the whole article.
                opens = tuple(s.claim_id for s in covering if s.claim_id not in seen)
                seen.update(opens)
                runs.append(Run(body[start:end], start, covering, opens))
            paragraphs.append(runs)
        line_start = line_end + 1
    return paragraphs
