"""The read shapes that services return and both renderings (HTML and JSON) consume.

Plain slotted dataclasses filled from lean column queries: hot pages never build ORM objects.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from markupsafe import Markup

from app.escaping import escape_str, markup

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
    note: str = ""  # the analyst's reason for the link, shown at both ends


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
    denial_type: str | None = None  # how an answer answers (app.vocabulary.DenialType)


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


# The permalinks' lean shapes.
# What a permalink renders of an entity, with its hrefs and labels built once (app.urls.PageLinks)
# so that the template only prints: no link building or label lookup per use.


NOTHING = Markup("")


# Markup printed for every claim of a dispute page is built once per actor and per article
# (escaped here, as autoescape would): one printed value instead of four to six. f-strings
# over `escape`, not `Markup.format`, whose string.Formatter costs several times more.
@dataclass(frozen=True, slots=True)
class ActorItem:
    id: int
    name: str
    kind: str
    kind_label: str
    href: str
    link: Markup  # <a class="actor" href="{href}">{name}</a>

    @classmethod
    def of(cls, actor_id: int, name: str, kind: str, kind_label: str, href: str) -> "ActorItem":
        link = markup(f'<a class="actor" href="{escape_str(href)}">{escape_str(name)}</a>')
        return cls(actor_id, name, kind, kind_label, href, link)


@dataclass(frozen=True, slots=True)
class ArticleItem:
    id: int
    title: str
    href: str
    outlet: ActorItem | None
    published: str  # ISO date, or "" when unknown
    # "in <a href>{title}</a>, {outlet}, {published}": the line under each of its claims
    source_line: Markup

    @classmethod
    def of(
        cls, article_id: int, title: str, href: str, outlet: ActorItem | None, published: str
    ) -> "ArticleItem":
        line = f'in <a href="{escape_str(href)}">{escape_str(title)}</a>'
        if outlet is not None:
            line += f", {escape_str(outlet.name)}"
        if published:
            line += f", {escape_str(published)}"
        return cls(article_id, title, href, outlet, published, markup(line))


@dataclass(frozen=True, slots=True)
class FigureItem:
    qualifier: str
    value: str  # as people read it: "38", "100,000–150,000"
    counts: str
    counts_label: str


@dataclass(slots=True)
class ClaimItem:
    """One claim as a permalink shows it. `links_out` serves the dispute layout only."""

    id: int
    kind: str
    kind_label: str
    state: str
    statement: str
    quote: str
    event_place: str
    event_time: str
    href: str  # the claim page
    passage_href: str  # its quote in the article
    article: ArticleItem
    claimant: ActorItem
    reported_via: list[ActorItem] = field(default_factory=list)
    figures: list[FigureItem] = field(default_factory=list)
    links_out: list[LinkView] = field(default_factory=list)
    denial_type: str | None = None
    denial_label: str = ""
    # The card's runs printed as one value each (app.services.dispute_page._card_parts).
    byline: Markup = NOTHING  # the claimant's link, and the reporters' chain
    figures_list: Markup = NOTHING
    passage: Markup = NOTHING  # the quote, linked to its passage, and the source line


class OneConnection:
    """A session's connection looked up once for a page's few lean statements.

    `LeanQuery.rows` asks the session for its connection on every statement, which costs about
    as much as running a primary-key SELECT; a permalink runs five or six in one transaction."""

    __slots__ = ("_connection",)

    def __init__(self, session: Any) -> None:
        self._connection = session.connection()

    def connection(self) -> Any:
        return self._connection
