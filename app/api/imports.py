"""The import API: `POST /api/articles` stores an article from text or HTML and proposes its
claims; `GET /api/articles/{id}/suggestions` lists those suggestions and their decisions, and
`POST /api/suggestions/{id}/accept` and `…/reject` decide on one (accepting a suggestion whose
speaker Gainsay does not know creates that actor in the same transaction).

Status codes: 201 Created for a new article (Location: its API address); 200 OK with
`"status": "duplicate"` when the same URL or the same text is already stored, so that a script
re-run is harmless (nothing is changed, the existing article's address is given); 413 when the
text is over the size limit; 422 for input that is not an article (empty, binary, no text)."""

from datetime import date
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Body, Depends, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError, model_validator
from sqlmodel import Session

from app.api.responses import ActorBrief, Public, UtcDatetime
from app.api.writes import BODY_PROBLEMS, PROBLEMS
from app.auth import AnalystDep, ApiWrite
from app.db import SessionDep
from app.errors import problem_responses
from app.ingest import worker
from app.ingest.importing import limits
from app.ingest.importing.results import ArticleMetadata, ImportStatus, PreparedArticle, Refusal
from app.ingest.importing.store import import_article
from app.ingest.suggest import ActorDirectory
from app.models import MAX_ID, Article, saved_id
from app.schemas import Input
from app.services import suggestions as suggestion_service
from app.services.suggestions import SuggestionView, article_suggestions
from app.services.views import ActorRef
from app.urls import absolute_url, path_to, ref_path
from app.vocabulary import ActorKind, ClaimKind, DenialType, SuggestionStatus

router = APIRouter(prefix="/api", tags=["import"], dependencies=ApiWrite)
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class ArticleImport(Input):
    """An article to import: its text (`body`) or a web page (`html`), and what is known
    about it. Metadata given here wins over what an HTML page states."""

    title: str | None = Field(default=None, max_length=500)
    outlet: str | None = Field(default=None, max_length=200, description="The publishing outlet")
    url: str | None = Field(default=None, max_length=2000, description="http(s) address")
    published_on: date | None = None
    body: str | None = Field(default=None, description="Plain text, paragraphs by blank lines")
    html: str | None = Field(default=None, description="A whole web page; its text is extracted")

    @model_validator(mode="after")
    def _one_text(self) -> "ArticleImport":
        if (self.body is None) == (self.html is None):
            raise ValueError("give the article as exactly one of `body` (text) or `html`")
        return self


class ImportedArticle(Public):
    status: Literal["imported", "duplicate"]
    id: int
    title: str
    url: str | None
    html_url: str
    api_url: str
    suggestions_url: str
    suggestion_count: int | None = Field(
        default=None, description="For a new article: how many claims were suggested"
    )
    matched_on: Literal["url", "text"] | None = Field(
        default=None, description="For a duplicate: what matched the stored article"
    )
    message: str
    notes: list[str] = Field(default_factory=list, description="What cleaning did")


class FigureOut(Public):
    low: int
    high: int | None
    qualifier: str
    counts: str
    text: str


class SuggestedLinkOut(Public):
    kind: str
    target_position: int
    target_id: int | None


class ActorProposalOut(Public):
    name: str
    kind: ActorKind
    parent: str | None = Field(description="A known actor the speaker belongs to, if the text says")
    described_as: str = Field(description="What the text says of the speaker")


class SuggestionPublic(Public):
    id: int
    position: int
    kind: ClaimKind
    denial_type: DenialType | None
    statement: str
    quote: str
    start: int
    end: int
    claimant: ActorBrief | None
    speaker: str
    figures: list[FigureOut]
    links: list[SuggestedLinkOut]
    reported_via: list[str]
    status: SuggestionStatus
    decided_by: str | None
    decided_at: UtcDatetime | None
    claim_id: int | None
    proposed_actor: ActorProposalOut | None = Field(
        default=None,
        description="For a pending suggestion whose speaker is not a known actor: the actor "
        "to create on accepting it (see `new_actor`)",
    )

    @classmethod
    def of(cls, view: SuggestionView) -> "SuggestionPublic":
        claimant: ActorRef | None = view.claimant
        return cls(
            id=view.id,
            position=view.position,
            kind=view.kind,
            denial_type=view.denial_type,
            statement=view.statement,
            quote=view.quote,
            start=view.quote_start,
            end=view.quote_end,
            claimant=ActorBrief.of(claimant) if claimant else None,
            speaker=view.speaker_text,
            figures=[FigureOut(**f) for f in view.figures],
            links=[
                SuggestedLinkOut(
                    kind=link["kind"], target_position=link["target"], target_id=link["target_id"]
                )
                for link in view.links
            ],
            reported_via=view.reported_via,
            status=view.status,
            decided_by=view.decided_by,
            decided_at=view.decided_at,
            claim_id=view.claim_id,
            proposed_actor=ActorProposalOut(
                name=proposal.name,
                kind=proposal.kind,
                parent=proposal.parent or None,
                described_as=proposal.described_as,
            )
            if (proposal := view.new_actor) is not None
            else None,
        )


class NewActorIn(Input):
    name: str = Field(min_length=2, max_length=200)
    kind: ActorKind
    parent: str | None = Field(
        default=None, max_length=200, description="A known actor's name or alias, or null"
    )


class SuggestionAccept(Input):
    new_actor: NewActorIn | None = Field(
        default=None,
        description="Required when the speaker is not a known actor: the actor to create, "
        "in the same transaction as the claim (neither is kept if either is refused)",
    )


async def _read_body(request: Request) -> ArticleImport:
    """The JSON body, read no further than the limit (a huge upload is refused early)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and (refused := limits.api_request_too_large(int(length))) is not None:
        raise HTTPException(413, refused)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if (refused := limits.api_request_too_large(size)) is not None:
            raise HTTPException(413, refused)
        chunks.append(chunk)
    try:
        return ArticleImport.model_validate_json(b"".join(chunks))
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e.get("loc", ()))} for e in error.errors(include_url=False)]
        ) from None


def _links(request: Request, article: Article) -> dict[str, str]:
    api_path = path_to(request, "api_article", article_id=article.id)
    return {
        "html_url": absolute_url(
            request, ref_path(request, "article_detail", saved_id(article), article.slug)
        ),
        "api_url": absolute_url(request, api_path),
        "suggestions_url": absolute_url(
            request, path_to(request, "api_suggestions", article_id=article.id)
        ),
    }


_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": ArticleImport.model_json_schema()}},
    }
}


async def _analysed(
    request: Request, viewer: AnalystDep
) -> tuple[PreparedArticle, worker.Analysis, ActorDirectory]:
    """The article read, extracted and its claims suggested, in a worker process within the
    time budget (app/ingest/worker.py). A dependency resolved before the session, so the
    request does not hold its turn at the write lock while the worker runs."""
    data = await _read_body(request)
    text = data.body if data.body is not None else data.html or ""
    raw = text.encode("utf-8")
    if (too_large := limits.article_too_large(len(raw))) is not None:
        raise HTTPException(too_large.status_code, too_large.message)
    metadata = ArticleMetadata(
        title=data.title, outlet=data.outlet, url=data.url, published_on=data.published_on
    )
    name = "api.html" if data.html is not None else None
    label = f"The article “{data.title}”" if data.title else "The article"
    directory = await worker.current_directory()
    job = worker.job_for(raw, name, metadata, "api", directory, label)
    try:
        analysis = await worker.analyse_async(job, worker.budget_s())
    except worker.ImportTooSlow as error:
        raise HTTPException(422, str(error)) from None
    if isinstance(analysis.prepared, Refusal):
        raise HTTPException(analysis.prepared.status_code, analysis.prepared.message)
    return analysis.prepared, analysis, directory


@router.post(
    "/articles",
    name="api_article_import",
    status_code=201,
    response_model=ImportedArticle,
    responses={
        **BODY_PROBLEMS,
        200: {
            "description": "Already present (same URL or text): nothing changed",
            "model": ImportedArticle,
        },
        **problem_responses({413: "Over the size limit"}),
    },
    summary="Import an article (text or HTML) and suggest its claims",
    openapi_extra=_REQUEST_BODY,
)
async def api_article_import(
    request: Request,
    viewer: AnalystDep,
    analysed: Annotated[
        tuple[PreparedArticle, worker.Analysis, ActorDirectory], Depends(_analysed)
    ],
    session: SessionDep,
    response: Response,
) -> ImportedArticle:
    prepared, analysis, directory = analysed
    # Storing (a few statements, and thousands of rows for a huge text) runs in a thread too.
    result = await anyio.to_thread.run_sync(
        import_article, session, prepared, viewer.user_id, directory, analysis.suggestions
    )
    article = session.get_one(Article, result.article_id)
    links = _links(request, article)
    if result.status == ImportStatus.duplicate:
        response.status_code = 200
        response.headers["Content-Location"] = links["api_url"]
    else:
        response.headers["Location"] = links["api_url"]
    return ImportedArticle(
        status=result.status.value,
        id=saved_id(article),
        title=article.title,
        url=article.url,
        suggestion_count=result.suggestion_count
        if result.status == ImportStatus.imported
        else None,
        matched_on=result.reason if result.status == ImportStatus.duplicate else None,
        message=result.message,
        notes=list(result.notes),
        **links,
    )


@router.get(
    "/articles/{article_id}/suggestions",
    name="api_suggestions",
    responses=PROBLEMS,
    summary="The claims Gainsay suggested for an article, with the analysts' decisions",
)
def api_suggestions(
    article_id: Id, session: SessionDep, viewer: AnalystDep
) -> list[SuggestionPublic]:
    if session.get(Article, article_id) is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    return [SuggestionPublic.of(view) for view in article_suggestions(session, article_id)]


def _decided(session: Session, suggestion_id: int) -> SuggestionPublic:
    suggestion = suggestion_service.get_suggestion(session, suggestion_id)
    views = article_suggestions(session, suggestion.article_id)
    return SuggestionPublic.of(next(v for v in views if v.id == suggestion_id))


def _already_decided(error: suggestion_service.AlreadyDecided) -> HTTPException:
    return HTTPException(409, str(error))


@router.post(
    "/suggestions/{suggestion_id}/accept",
    name="api_suggestion_accept",
    responses={**BODY_PROBLEMS, **problem_responses({409: "Already decided"})},
    summary="Accept a suggestion as a draft claim (creating its speaker if need be)",
)
def api_suggestion_accept(
    suggestion_id: Id,
    session: SessionDep,
    viewer: AnalystDep,
    data: Annotated[SuggestionAccept | None, Body()] = None,
) -> SuggestionPublic:
    new_actor = None
    if data is not None and data.new_actor is not None:
        given = data.new_actor
        new_actor = suggestion_service.NewActor(given.name, given.kind, given.parent or "")
    try:
        suggestion_service.accept(session, suggestion_id, viewer.user_id, new_actor)
    except suggestion_service.AlreadyDecided as error:
        raise _already_decided(error) from None
    return _decided(session, suggestion_id)


@router.post(
    "/suggestions/{suggestion_id}/reject",
    name="api_suggestion_reject",
    responses={**PROBLEMS, **problem_responses({409: "Already decided"})},
    summary="Reject a suggestion",
)
def api_suggestion_reject(
    suggestion_id: Id, session: SessionDep, viewer: AnalystDep
) -> SuggestionPublic:
    try:
        suggestion_service.reject(session, suggestion_id, viewer.user_id)
    except suggestion_service.AlreadyDecided as error:
        raise _already_decided(error) from None
    return _decided(session, suggestion_id)
