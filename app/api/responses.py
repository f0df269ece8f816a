"""What the JSON API answers: public views built from the services' read shapes, never table
rows. (What it accepts is app/schemas.py.)"""

from datetime import UTC, date, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.search.facets import Facets
from app.services.actors import ActorSummary, ActorView
from app.services.articles import ArticleSummary, ArticleView
from app.services.disputes import DisputeSummary, DisputeView
from app.services.views import ActorRef, ClaimCard
from app.vocabulary import (
    ActorKind,
    ClaimKind,
    DenialType,
    DisputeStatus,
    FigureCounts,
    LinkKind,
    NoteVisibility,
)

T = TypeVar("T")


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# A moment as the API sends it: RFC 3339 with its offset, as the OpenAPI `date-time` format
# requires. The database stores UTC and SQLite hands it back without the offset.
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class Public(BaseModel):
    model_config = ConfigDict(frozen=True)


class ActorBrief(Public):
    id: int
    name: str
    kind: ActorKind

    @classmethod
    def of(cls, ref: ActorRef) -> "ActorBrief":
        return cls(id=ref.id, name=ref.name, kind=ref.kind)


class AnchorPublic(Public):
    start: int
    end: int
    prefix: str
    suffix: str


class FigurePublic(Public):
    low: int
    high: int | None
    qualifier: str
    counts: FigureCounts
    text: str


class LinkPublic(Public):
    kind: LinkKind
    target_id: int
    note: str = Field("", description="The analyst's reason for the link")


class BacklinkPublic(Public):
    kind: LinkKind
    source_id: int
    note: str = Field("", description="The analyst's reason for the link")


class EventPublic(Public):
    place: str
    time: str
    date: date | None


class ClaimPublic(Public):
    id: int
    kind: ClaimKind
    denial_type: DenialType | None = Field(
        None, description="How a denial or counter-claim answers; null for other kinds"
    )
    state: str
    statement: str
    quote: str
    anchor: AnchorPublic
    article_id: int
    claimant: ActorBrief
    reported_via: list[ActorBrief]
    figures: list[FigurePublic]
    event: EventPublic
    links: list[LinkPublic]
    linked_from: list[BacklinkPublic]
    dispute_ids: list[int]
    url: str
    version: int
    created_at: UtcDatetime
    updated_at: UtcDatetime

    @classmethod
    def of(cls, card: ClaimCard, url: str) -> "ClaimPublic":
        return cls(
            id=card.id,
            kind=card.kind,
            denial_type=card.denial_type,
            state=card.state,
            statement=card.statement,
            quote=card.quote,
            anchor=AnchorPublic(
                start=card.quote_start,
                end=card.quote_end,
                prefix=card.quote_prefix,
                suffix=card.quote_suffix,
            ),
            article_id=card.article.id,
            claimant=ActorBrief.of(card.claimant),
            reported_via=[ActorBrief.of(a) for a in card.reported_via],
            figures=[
                FigurePublic(
                    low=f.low, high=f.high, qualifier=f.qualifier, counts=f.counts, text=f.text
                )
                for f in card.figures
            ],
            event=EventPublic(place=card.event_place, time=card.event_time, date=card.event_date),
            links=[
                LinkPublic(kind=link.kind, target_id=link.target_id, note=link.note)
                for link in card.links_out
            ],
            linked_from=[
                BacklinkPublic(kind=link.kind, source_id=link.source_id, note=link.note)
                for link in card.links_in
            ],
            dispute_ids=card.dispute_ids,
            url=url,
            version=card.version,
            created_at=card.created_at,
            updated_at=card.updated_at,
        )


class ArticleBrief(Public):
    id: int
    title: str
    outlet: ActorBrief | None
    url: str | None
    published_on: date | None
    claim_count: int
    html_url: str

    @classmethod
    def of(cls, summary: ArticleSummary, html_url: str) -> "ArticleBrief":
        ref = summary.ref
        return cls(
            id=ref.id,
            title=ref.title,
            outlet=ActorBrief.of(ref.outlet) if ref.outlet else None,
            url=ref.url,
            published_on=ref.published_on,
            claim_count=summary.claim_count,
            html_url=html_url,
        )


class ArticlePublic(Public):
    id: int
    title: str
    outlet: ActorBrief | None
    url: str | None
    published_on: date | None
    body: str
    content_hash: str
    claim_ids: list[int]
    html_url: str

    @classmethod
    def of(cls, view: ArticleView, html_url: str) -> "ArticlePublic":
        ref = view.ref
        return cls(
            id=ref.id,
            title=ref.title,
            outlet=ActorBrief.of(ref.outlet) if ref.outlet else None,
            url=ref.url,
            published_on=ref.published_on,
            body=view.body,
            content_hash=view.content_hash,
            claim_ids=[s.claim_id for s in view.spans],
            html_url=html_url,
        )


class DisputeBrief(Public):
    id: int
    title: str
    slug: str
    url: str
    status: DisputeStatus
    summary: str
    allegation_count: int
    answer_count: int
    statement_count: int = Field(0, description="Statements that answer nothing")

    @classmethod
    def of(cls, summary: DisputeSummary, url: str) -> "DisputeBrief":
        d = summary.dispute
        return cls(
            id=d.id,
            title=d.title,
            slug=d.slug,
            url=url,
            status=d.status,
            summary=d.summary,
            allegation_count=summary.allegations,
            answer_count=summary.answers,
            statement_count=summary.statements,
        )


class DisputePublic(DisputeBrief):
    claims: list[ClaimPublic]

    @classmethod
    def of_view(cls, view: DisputeView, url: str, claim_urls: dict[int, str]) -> "DisputePublic":
        d = view.dispute
        return cls(
            id=d.id,
            title=d.title,
            slug=d.slug,
            url=url,
            status=d.status,
            summary=d.summary,
            allegation_count=view.allegation_count,
            answer_count=view.answer_count,
            statement_count=view.statement_count,
            claims=[ClaimPublic.of(c, claim_urls[c.id]) for c in view.claims],
        )


class ActorSummaryPublic(Public):
    id: int
    name: str
    kind: ActorKind
    parent: ActorBrief | None
    claim_count: int
    html_url: str

    @classmethod
    def of(cls, summary: ActorSummary, html_url: str) -> "ActorSummaryPublic":
        a = summary.actor
        return cls(
            id=a.id,
            name=a.name,
            kind=a.kind,
            parent=ActorBrief.of(summary.parent) if summary.parent else None,
            claim_count=summary.claim_count,
            html_url=html_url,
        )


class ActorPublic(Public):
    id: int
    name: str
    kind: ActorKind
    description: str
    aliases: list[str]
    parents: list[ActorBrief]
    members: list[ActorBrief]
    claim_ids: list[int]
    reported_claim_ids: list[int]
    html_url: str

    @classmethod
    def of(cls, view: ActorView, html_url: str) -> "ActorPublic":
        a = view.actor
        return cls(
            id=a.id,
            name=a.name,
            kind=a.kind,
            description=view.description,
            aliases=view.aliases,
            parents=[ActorBrief.of(p) for p in view.lineage],
            members=[ActorBrief.of(m) for m in view.members],
            claim_ids=[c.id for c in view.made],
            reported_claim_ids=[c.id for c in view.reported],
            html_url=html_url,
        )


class PagePublic(Public, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


class SearchHitPublic(Public):
    id: int
    # Escaped HTML with the matched words in <mark> elements.
    title_html: str
    snippet_html: str
    kind: str
    html_url: str


class SearchGroupPublic(Public):
    total: int
    items: list[SearchHitPublic]


class FacetValuePublic(Public):
    value: str = Field(description="The parameter's value that narrows to it")
    label: str
    count: int


class FacetsPublic(Public):
    """The values found among the matches (the claims' within the search's ranking window),
    with how many matches have each: pass one back as its parameter to narrow the search."""

    kind: list[FacetValuePublic]
    denial_type: list[FacetValuePublic]
    claimant: list[FacetValuePublic]
    outlet: list[FacetValuePublic]
    status: list[FacetValuePublic]

    @classmethod
    def of(cls, facets: Facets) -> "FacetsPublic":
        def values(found: list) -> list[FacetValuePublic]:
            return [FacetValuePublic(value=v.value, label=v.label, count=v.count) for v in found]

        return cls(
            kind=values(facets.kinds),
            denial_type=values(facets.denial_types),
            claimant=values(facets.claimants),
            outlet=values(facets.outlets),
            status=values(facets.statuses),
        )


class SearchPublic(Public):
    query: str
    terms: list[str]
    filters: dict[str, str] = Field(description="The facets chosen, as their parameters")
    articles: SearchGroupPublic
    claims: SearchGroupPublic
    actors: SearchGroupPublic
    disputes: SearchGroupPublic = Field(description="Disputes by title and summary; kind: status")
    facets: FacetsPublic


class LinkDetail(Public):
    """A link as the write API returns it."""

    id: int
    kind: LinkKind
    source_id: int
    target_id: int
    note: str
    version: int


class NotePublic(Public):
    id: int
    claim_id: int | None
    dispute_id: int | None
    parent_id: int | None
    author_id: int | None
    body: str
    visibility: NoteVisibility
    version: int
