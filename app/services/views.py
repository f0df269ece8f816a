"""The read shapes that services return and both renderings (HTML and JSON) consume.

Plain slotted dataclasses filled from lean column queries: hot pages never build ORM objects.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from markupsafe import Markup

from app.escaping import escape_str, markup

if TYPE_CHECKING:
    from app.urls import PageLinks

T = TypeVar("T")


# Actors, articles and figures are hashable and compared by value, as frozen ones would be,
# but not frozen: a dispute page builds some two dozen a miss (ActorItem, ArticleItem,
# FigureView), and a frozen dataclass sets each field through object.__setattr__, about four
# times the cost to build. Nothing assigns to them once built. The evidence's other values
# built per miss (app.services.evidence, figures_series, origins, disputes) are so too.
@dataclass(slots=True, unsafe_hash=True)
class ActorRef:
    id: int
    name: str
    slug: str
    kind: str


@dataclass(slots=True, unsafe_hash=True)
class ArticleRef:
    id: int
    title: str
    slug: str
    outlet: ActorRef | None
    published_on: date | None
    url: str | None


@dataclass(slots=True, unsafe_hash=True)
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
# so that the template only prints: no link building or label lookup per use. The dispute
# page's claim, built of these, is app.services.dispute_page.ClaimItem.


# Markup printed for every claim of a dispute page is built once per actor and per article
# (escaped here, as autoescape would): one printed value instead of four to six. f-strings
# over `escape`, not `Markup.format`, whose string.Formatter costs several times more.
@dataclass(slots=True, unsafe_hash=True)
class ActorItem(ActorRef):
    """An actor as a permalink prints it. It is an ActorRef too, so that what the evidence
    reads of a page's actors (app.services.evidence) is this one value, not a copy."""

    kind_label: str
    href: str
    link: Markup  # <a class="actor" href="{href}">{name}</a>

    @classmethod
    def of(
        cls, actor_id: int, name: str, slug: str, kind: str, kind_label: str, href: str
    ) -> "ActorItem":
        return cls(actor_id, name, slug, kind, kind_label, href, _actor_link(href, name))


def _actor_link(href: str, name: str) -> Markup:
    return markup(f'<a class="actor" href="{escape_str(href)}">{escape_str(name)}</a>')


# A view that prints an actor's link or an article's href for refs from either kind of read
# (the evidence page's plain refs, the dispute page's items) takes the item's own when it is
# one: built once a page, with the same rule.
def actor_link(actor: ActorRef, links: "PageLinks") -> Markup:
    """`<a class="actor" href>{name}</a>`, as ActorItem.link."""
    if isinstance(actor, ActorItem):
        return actor.link
    return _actor_link(links.actor(actor.id, actor.slug), actor.name)


@dataclass(slots=True, unsafe_hash=True)
class ArticleItem(ArticleRef):
    """An article as a permalink prints it; an ArticleRef too (see ActorItem)."""

    href: str
    published: str  # ISO date, or "" when unknown
    # "in <a href>{title}</a>, {outlet}, {published}": the line under each of its claims
    source_line: Markup

    @classmethod
    def of(
        cls,
        article_id: int,
        title: str,
        slug: str,
        href: str,
        outlet: ActorItem | None,
        published_on: date | None,
    ) -> "ArticleItem":
        published = published_on.isoformat() if published_on is not None else ""
        line = f'in <a href="{escape_str(href)}">{escape_str(title)}</a>'
        if outlet is not None:
            line += f", {escape_str(outlet.name)}"
        if published:
            line += f", {escape_str(published)}"
        return cls(
            article_id, title, slug, outlet, published_on, None, href, published, markup(line)
        )


def article_href(article: ArticleRef, links: "PageLinks") -> str:
    """The article page's href, as ArticleItem.href."""
    if isinstance(article, ArticleItem):
        return article.href
    return links.article(article.id, article.slug)


class OneConnection:
    """A session's connection looked up once for a page's few lean statements.

    `LeanQuery.rows` asks the session for its connection on every statement, which costs about
    as much as running a primary-key SELECT; a permalink runs five or six in one transaction."""

    __slots__ = ("_connection",)

    def __init__(self, session: Any) -> None:
        self._connection = session.connection()

    def connection(self) -> Any:
        return self._connection
