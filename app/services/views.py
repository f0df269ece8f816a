"""The read shapes that services return and both renderings (HTML and JSON) consume.

Plain slotted dataclasses filled from lean column queries: hot pages never build ORM objects.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: int
    name: str
    slug: str
    kind: str


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: int
    title: str
    slug: str
    outlet: ActorRef | None
    published_on: date | None
    url: str | None


@dataclass(frozen=True, slots=True)
class FigureView:
    low: int
    high: int | None
    qualifier: str
    counts: str
    text: str

    @property
    def value(self) -> str:
        """The number as people read it: "38", "100,000–150,000"."""
        if self.high is not None and self.high != self.low:
            return f"{self.low:,}–{self.high:,}"
        return f"{self.low:,}"


@dataclass(frozen=True, slots=True)
class LinkView:
    id: int
    kind: str
    source_id: int
    target_id: int


@dataclass(slots=True)
class ClaimCard:
    """Everything shown about one claim wherever it appears."""

    id: int
    kind: str
    state: str
    statement: str
    quote: str
    quote_start: int
    quote_end: int
    quote_prefix: str
    quote_suffix: str
    event_place: str
    event_time: str
    event_date: date | None
    created_at: datetime
    updated_at: datetime
    article: ArticleRef
    claimant: ActorRef
    reported_via: list[ActorRef] = field(default_factory=list)
    figures: list[FigureView] = field(default_factory=list)
    links_out: list[LinkView] = field(default_factory=list)
    links_in: list[LinkView] = field(default_factory=list)
    dispute_ids: list[int] = field(default_factory=list)
    version: int = 1


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        following = self.offset + self.limit
        return following if following < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None
