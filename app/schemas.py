"""The JSON API's shapes: public views built from the services' read shapes, never table rows."""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, Self, TypeVar

from annotated_types import MinLen
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.models import MAX_ID
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
    Grade,
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


# --- Write shapes: what the API and the forms accept ----------------------------------------

Id = Field(ge=1, le=MAX_ID)
# An id inside a list: past MAX_ID the database cannot even bind it in a query (a 500).
IdItem = Annotated[int, Field(ge=1, le=MAX_ID)]


TRIMMED = (
    "Lengths are checked on the text as sent; the text is then trimmed of surrounding "
    "whitespace, and what remains must still be as long as the minimum."
)


def _note_trimming(schema: dict[str, Any]) -> None:
    """Say in each request schema what JSON Schema cannot: lengths apply to trimmed text."""
    described = schema.get("description")
    schema["description"] = f"{described}\n\n{TRIMMED}" if described else TRIMMED


def _strip(value: Any) -> Any:
    if type(value) is str:  # text, not a vocabulary's StrEnum member
        return value.strip()
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    return isinstance(value, list) and any(_has_nul(item) for item in value)


class Input(BaseModel):
    """Unknown fields are refused, and text is trimmed after it is checked.

    The schema's maxLength holds for the text as sent (trimming first let a 2,001-character
    value with a leading space through a 2,000 limit); a minimum holds for the trimmed text
    too, so that blanks never stand in for words."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_note_trimming)

    @field_validator("*", mode="after")
    @classmethod
    def _trim(cls, value: Any, info: ValidationInfo) -> Any:
        if _has_nul(value):
            # PostgreSQL cannot store it in text (SQLite can): refused alike on both engines.
            raise ValueError("Text may not contain the NUL character (U+0000)")
        trimmed = _strip(value)
        if type(trimmed) is str and trimmed != value:
            field = cls.model_fields[info.field_name]
            least = next((m.min_length for m in field.metadata if isinstance(m, MinLen)), 0)
            if len(trimmed) < least:
                raise ValueError(
                    f"String should have at least {least} character{'s' if least > 1 else ''} "
                    "besides surrounding spaces"
                )
        return trimmed


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _no_timestamps(value: Any) -> Any:
    """A date is an ISO 8601 text ("2019-07-22"), as the schema's `format: date` says; a number,
    or a text of digits, is refused (pydantic would read 0 as a Unix time: 1970-01-01)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_no_timestamps)]


class FigureIn(Input):
    low: int = Field(ge=0, le=10**12, description="The number, or the low end of a range")
    high: int | None = Field(default=None, ge=0, le=10**12, description="The high end of a range")
    qualifier: str = Field(default="", max_length=30, description='"at least", "nearly", …')
    counts: FigureCounts
    text: str = Field(default="", max_length=200, description="The words as written")

    @model_validator(mode="after")
    def _range(self) -> "FigureIn":
        if self.high is not None and self.high < self.low:
            raise ValueError("the high end of a range cannot be below its low end")
        return self


class ClaimCreate(Input):
    article_id: int = Id
    kind: ClaimKind
    statement: str = Field(min_length=1, max_length=300)
    claimant_id: int = Id
    quote: str = Field(min_length=1, max_length=5000, description="Exact words of the article")
    quote_start: int | None = Field(default=None, ge=0, le=10**9)
    quote_end: int | None = Field(default=None, ge=1, le=10**9)
    preceding_text: str = Field(
        default="",
        max_length=200,
        description="Words just before the quote, to say which occurrence is meant",
    )
    reported_via: list[IdItem] = Field(default_factory=list, max_length=10)
    figures: list[FigureIn] = Field(default_factory=list, max_length=20)
    event_place: str = Field(default="", max_length=200)
    event_time: str = Field(default="", max_length=200)
    event_date: IsoDate | None = None
    dispute_ids: list[IdItem] = Field(default_factory=list, max_length=50)
    denial_type: DenialType | None = Field(
        default=None,
        description="How a denial or counter-claim answers; left out, the rules suggest one",
    )


def _not_null(schema: dict[str, Any]) -> None:
    """Drop the null that `X | None` puts in a field's JSON schema: left out is fine, null is
    refused (`Update`), and the OpenAPI document should not offer what is refused."""
    branches = [branch for branch in schema.pop("anyOf", []) if branch != {"type": "null"}]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches
    schema.pop("default", None)


def omittable(**constraints: Any) -> Any:
    """An update's field that may be left out (unchanged) but not set to null."""
    return Field(default=None, json_schema_extra=_not_null, **constraints)


class Update(Input):
    """Only the fields given change; a field made with `omittable` cannot be set to null."""

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        nulls = [
            name
            for name, field in type(self).model_fields.items()
            if field.json_schema_extra is _not_null
            and name in self.model_fields_set
            and getattr(self, name) is None
        ]
        if nulls:
            raise ValueError(f"these fields cannot be null: {', '.join(nulls)}")
        return self


class ClaimUpdate(Update):
    """Only the fields given change."""

    kind: ClaimKind | None = omittable()
    statement: str | None = omittable(min_length=1, max_length=300)
    claimant_id: int | None = omittable(ge=1, le=MAX_ID)
    quote: str | None = omittable(min_length=1, max_length=5000)
    quote_start: int | None = Field(default=None, ge=0, le=10**9)
    quote_end: int | None = Field(default=None, ge=1, le=10**9)
    preceding_text: str = Field(default="", max_length=200)
    reported_via: list[IdItem] | None = omittable(max_length=10)
    figures: list[FigureIn] | None = omittable(max_length=20)
    event_place: str | None = omittable(max_length=200)
    event_time: str | None = omittable(max_length=200)
    event_date: IsoDate | None = None
    dispute_ids: list[IdItem] | None = omittable(max_length=50)
    denial_type: DenialType | None = Field(
        default=None, description="How a denial or counter-claim answers (null: not stated)"
    )


class LinkCreate(Input):
    source_id: int = Id
    target_id: int = Id
    kind: LinkKind
    note: str = Field(default="", max_length=1000)


class DisputeCreate(Input):
    title: str = Field(min_length=3, max_length=300)
    summary: str = Field(default="", max_length=5000)
    status: DisputeStatus = DisputeStatus.open
    grade: Grade | None = None
    grade_note: str = Field(default="", max_length=2000)


class DisputeUpdate(Update):
    title: str | None = omittable(min_length=3, max_length=300)
    summary: str | None = omittable(max_length=5000)
    status: DisputeStatus | None = omittable()
    grade: Grade | None = None
    grade_note: str | None = omittable(max_length=2000)


class DisputeMerge(Input):
    target_id: int = Id


class ActorCreate(Input):
    name: str = Field(min_length=2, max_length=200)
    kind: ActorKind
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    description: str = Field(default="", max_length=2000)
    aliases: list[str] = Field(default_factory=list, max_length=30)


class ActorUpdate(Update):
    name: str | None = omittable(min_length=2, max_length=200)
    kind: ActorKind | None = omittable()
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)  # null: no parent
    description: str | None = omittable(max_length=2000)
    aliases: list[str] | None = omittable(max_length=30)


class NoteCreate(Input):
    claim_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    dispute_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    body: str = Field(min_length=1, max_length=10_000)
    visibility: NoteVisibility = NoteVisibility.public


class NoteUpdate(Update):
    body: str | None = omittable(min_length=1, max_length=10_000)
    visibility: NoteVisibility | None = omittable()


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
