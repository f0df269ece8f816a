"""Articles: the list, and an article with the claims anchored in it."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.db import HasConnection, LeanQuery
from app.models import Actor, Article, Claim
from app.page_deps import shows
from app.services.claims import visible_states
from app.services.highlights import Run, Span, highlight
from app.services.views import ActorRef, ArticleRef, OneConnection, Page
from app.urls import PageLinks
from app.vocabulary import label


@dataclass(frozen=True, slots=True)
class ArticleView:
    ref: ArticleRef
    body: str
    content_hash: str
    origin: str
    spans: list[Span]

    @property
    def paragraphs(self) -> list[list[Run]]:
        return highlight(self.body, self.spans)

    def reading(self, links: PageLinks, selected_id: int | None = None) -> "ArticleReading":
        """The text and the claim index with every href, label and title built once per claim
        (the page used to build two links and a label for every highlighted run)."""
        href = links.article(self.ref.id, self.ref.slug)
        spans = {
            span.claim_id: SpanItem(
                span.claim_id,
                span.kind,
                label(span.kind),
                span.statement,
                span.state,
                f"{href}?claim={span.claim_id}#claim-{span.claim_id}",
                f"{href}?claim={span.claim_id}",
            )
            for span in self.spans
        }
        paragraphs = [
            [
                RunItem(
                    run.text,
                    run.start,
                    spans[run.claims[0].claim_id] if run.claims else None,
                    run.opens,
                    run.claim_ids,
                    selected_id is not None
                    and any(span.claim_id == selected_id for span in run.claims),
                )
                for run in runs
            ]
            for runs in self.paragraphs
        ]
        return ArticleReading(href, paragraphs, list(spans.values()))


@dataclass(frozen=True, slots=True)
class SpanItem:
    """A claim marked in the text, as the article page shows it."""

    claim_id: int
    kind: str
    kind_label: str
    statement: str
    state: str
    passage_href: str  # the article with this claim selected, at its passage
    select_href: str  # the same for htmx, which swaps the reader in place

    @property
    def title(self) -> str:
        return f"{self.kind_label}: {self.statement}"


@dataclass(frozen=True, slots=True)
class RunItem:
    text: str
    start: int
    top: SpanItem | None  # the innermost claim covering this run
    opens: tuple[int, ...]
    claim_ids: str
    selected: bool


@dataclass(frozen=True, slots=True)
class ArticleReading:
    href: str
    paragraphs: list[list[RunItem]]
    spans: list[SpanItem]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    ref: ArticleRef
    claim_count: int


_outlet = aliased(Actor, name="outlet")
_REF_COLUMNS = (
    Article.id,
    Article.title,
    Article.slug,
    Article.published_on,
    Article.url,
    _outlet.id,
    _outlet.name,
    _outlet.slug,
    _outlet.kind,
)


def _ref(row: tuple) -> ArticleRef:
    outlet = ActorRef(*row[5:9]) if row[5] is not None else None
    return ArticleRef(row[0], row[1], row[2], outlet, row[3], row[4])


_ARTICLE_BY_ID = LeanQuery(
    """
    SELECT a.id, a.title, a.slug, a.published_on, a.url,
           outlet.id, outlet.name, outlet.slug, outlet.kind,
           a.body, a.content_hash, a.origin
    FROM article AS a LEFT JOIN actor AS outlet ON outlet.id = a.outlet_id
    WHERE a.id = :article_id
    """,
    {3: Article.published_on.type},
)
# Every claim of the article, hidden ones too (left out below): publishing one changes the page.
_SPANS = LeanQuery(
    """
    SELECT id, kind, quote_start, quote_end, statement, state FROM claim
    WHERE article_id = :article_id
    ORDER BY quote_start, id
    """
)


def get_article(
    session: HasConnection, article_id: int, *, include_drafts: bool = False
) -> ArticleView | None:
    """The article with its visible claims, declaring what it reads (app.page_deps)."""
    db = OneConnection(session)
    shows("article", (article_id,))
    shows("in_article", (article_id,))  # its claims, a new one included
    row = _ARTICLE_BY_ID.first(db, article_id=article_id)
    if row is None:
        return None
    visible = visible_states(include_drafts)
    every = _SPANS.rows(db, article_id=article_id)
    shows("claim", (span[0] for span in every))
    shows("actor", (row[5],))
    spans = [Span(*span) for span in every if span[5] in visible]
    return ArticleView(_ref(row), row[9], row[10], row[11], spans)


def list_articles(
    session: Session, *, limit: int, offset: int, include_drafts: bool = False
) -> Page[ArticleSummary]:
    total = session.execute(select(func.count()).select_from(Article)).scalar_one()
    claim_count = (
        select(func.count())
        .where(Claim.article_id == Article.id, Claim.state.in_(visible_states(include_drafts)))
        .correlate(Article)
        .scalar_subquery()
    )
    rows = session.execute(
        select(*_REF_COLUMNS, claim_count)
        .outerjoin(_outlet, _outlet.id == Article.outlet_id)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return Page([ArticleSummary(_ref(row), row[9]) for row in rows], total, limit, offset)
