"""Articles: the list, and an article with the claims anchored in it."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.db import LeanQuery
from app.models import Actor, Article, Claim
from app.services.claims import visible_states
from app.services.highlights import Run, Span, highlight
from app.services.views import ActorRef, ArticleRef, Page


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
_SPANS = LeanQuery(
    """
    SELECT id, kind, quote_start, quote_end, statement, state FROM claim
    WHERE article_id = :article_id AND state IN (:state_a, :state_b)
    ORDER BY quote_start, id
    """
)


def get_article(
    session: Session, article_id: int, *, include_drafts: bool = False
) -> ArticleView | None:
    row = _ARTICLE_BY_ID.first(session, article_id=article_id)
    if row is None:
        return None
    states = visible_states(include_drafts)
    spans = [
        Span(*span)
        for span in _SPANS.rows(
            session, article_id=article_id, state_a=states[0], state_b=states[-1]
        )
    ]
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
