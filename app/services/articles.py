"""Articles: the list, and an article with the claims anchored in it."""

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.db import HasConnection, LeanQuery
from app.escaping import escape_str
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
        text = _text_html(self.paragraphs, spans, selected_id)
        return ArticleReading(href, text, list(spans.values()))


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
class ArticleReading:
    href: str
    text: Markup  # the paragraphs of highlighted runs, as one value (see _text_html)
    spans: list[SpanItem]


def _text_html(
    paragraphs: list[list[Run]], spans: dict[int, SpanItem], selected_id: int | None
) -> Markup:
    """The article's paragraphs, each run a highlighted passage (its innermost claim's link)
    or plain words, laid out as the reader's template printed them run by run: a few hundred
    values a page, which cost more printed one by one than built here. Words escaped here, as
    autoescape would."""
    # What a link's start tag says of its claim, built once per claim.
    opening: dict[int, tuple[str, str, str, str]] = {}
    for claim_id, span in spans.items():
        draft = " hl-draft" if span.state == "draft" else ""
        opening[claim_id] = (
            f'<a class="hl hl-{escape_str(span.kind)}{draft}',
            f'"\n             href="{escape_str(span.passage_href)}" data-o="',
            f'"\n             hx-get="{escape_str(span.select_href)}" hx-target="#reader"'
            ' hx-swap="outerHTML" hx-push-url="true"\n             data-claims="',
            f'" title="{escape_str(span.title)}">',
        )
    out = []
    for runs in paragraphs:
        out.append("    <p>")
        for run in runs:
            for opened in run.opens:
                out.append(f'<span class="claim-anchor" id="claim-{opened}"></span>')
            if run.claims:
                start_tag, href, select, title = opening[run.claims[0].claim_id]
                selected = selected_id is not None and any(
                    span.claim_id == selected_id for span in run.claims
                )
                out.append(
                    f"{start_tag}{' is-selected' if selected else ''}{href}{run.start}"
                    f"{select}{escape_str(run.claim_ids)}{title}{escape_str(run.text)}</a>"
                )
            else:
                out.append(f'<span data-o="{run.start}">{escape_str(run.text)}</span>')
        out.append("</p>\n")
    return Markup("".join(out))


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
