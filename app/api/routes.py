"""The read API. Each route calls the same service as its HTML page in app/web/pages.py."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from sqlmodel import Session
from starlette.responses import RedirectResponse

from app.api.concurrency import etag
from app.api.responses import (
    ActorPublic,
    ActorSummaryPublic,
    ArticleBrief,
    ArticlePublic,
    ClaimPublic,
    DisputeBrief,
    DisputePublic,
    FacetsPublic,
    PagePublic,
    SearchGroupPublic,
    SearchHitPublic,
    SearchPublic,
)
from app.auth import ReaderDep, Viewer, get_reader, has_credentials, identify_reader
from app.db import HasConnection, ReadSessionDep, SessionDep
from app.errors import problem_responses
from app.models import MAX_ID
from app.read_threads import read_off_the_loop
from app.search import SearchGroup, query_phrases
from app.search.bounds import SearchStopped, search_off_the_loop, stopped_detail
from app.search.facets import SearchFilters, search_filters
from app.services.actors import ActorView, get_actor, list_actors
from app.services.articles import get_article, list_articles
from app.services.claims import claim_with_disputes, list_claims
from app.services.dispute_tally import bring_up_to_date
from app.services.disputes import (
    DisputeRef,
    DisputeSort,
    get_dispute_view,
    list_disputes,
    surviving_dispute,
)
from app.services.views import Page
from app.settings import get_settings
from app.urls import entity_url, route_paths
from app.vocabulary import ClaimKind, DisputeStatus

# Every read checks the caller's credentials, even where it shows the same to all: a script
# with a mistyped or revoked token hears 401 at once, not data that hides its mistake.
router = APIRouter(
    prefix="/api",
    tags=["read"],
    dependencies=[Depends(get_reader)],
    responses=problem_responses({401: "A bad API token"}),
)

# The reads an analyst's script sends before each write (the object, for its ETag): the caller
# is checked inside the read's own thread call, not by a trip of its own through the threadpool
# first. On an event loop busy with readers every trip waits for a turn of the loop.
checked_in_thread_router = APIRouter(
    prefix="/api",
    tags=["read"],
    responses=problem_responses({401: "A bad API token"}),
)

Limit = Annotated[int, Query(ge=1, le=100, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip")]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]

_INVALID = "Invalid parameters (with the fields at fault)"
INVALID = problem_responses({422: _INVALID})
NOT_FOUND = problem_responses({404: "No such object", 422: _INVALID})


def _page_links(request: Request, page: Page) -> dict[str, str | None]:
    def at(offset: int | None) -> str | None:
        if offset is None:
            return None
        return str(request.url.include_query_params(offset=offset, limit=page.limit))

    return {"next": at(page.next_offset), "previous": at(page.previous_offset)}


def dispute_url(request: Request, dispute: DisputeRef) -> str:
    return entity_url(request, "dispute_detail", dispute.id, dispute.slug)


def actor_public(request: Request, view: ActorView) -> ActorPublic:
    return ActorPublic.of(view, entity_url(request, "actor_detail", view.actor.id, view.actor.slug))


@router.get(
    "/disputes",
    name="api_dispute_list",
    summary="List disputes: most recently changed first, or by answers or independent origins",
    responses=INVALID,
)
def api_dispute_list(
    request: Request,
    session: SessionDep,
    limit: Limit = 25,
    offset: Offset = 0,
    sort: Annotated[
        DisputeSort, Query(description="recent, answered (most answers) or origins")
    ] = DisputeSort.recent,
    status: Annotated[
        DisputeStatus | None, Query(description="Only disputes in this state")
    ] = None,
) -> PagePublic[DisputeBrief]:
    if sort != DisputeSort.recent:
        bring_up_to_date()
    page = list_disputes(session, limit=limit, offset=offset, status=status, sort=sort)
    items = [
        DisputeBrief.of(s, entity_url(request, "dispute_detail", s.dispute.id, s.dispute.slug))
        for s in page.items
    ]
    return PagePublic[DisputeBrief](
        items=items, total=page.total, limit=limit, offset=offset, **_page_links(request, page)
    )


@checked_in_thread_router.get(
    "/disputes/{dispute_id}",
    name="api_dispute",
    summary="A dispute with all its claims (a merged dispute: 301 to the one it went into)",
    response_model=DisputePublic,
    responses={
        **NOT_FOUND,
        301: {"description": "The dispute was merged: Location is the dispute it went into"},
    },
)
async def api_dispute(request: Request, dispute_id: Id, session: ReadSessionDep) -> Response:
    return await read_off_the_loop(
        _checked, dispute_json, request, session, dispute_id, analyst=has_credentials(request)
    )


def _checked(
    read: Callable[[Request, Session, Viewer, int], Response],
    request: Request,
    session: Session,
    number: int,
) -> Response:
    """`read` for the caller, identified first in the same thread."""
    return read(request, session, identify_reader(request, session), number)


def dispute_json(request: Request, session: Session, viewer: Viewer, dispute_id: int) -> Response:
    found = surviving_dispute(session, dispute_id)
    if found is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    current = found[1]
    if current.id != dispute_id:
        # The same rule as the HTML permalink's (app.services.disputes.surviving_dispute).
        path = route_paths(request.app)("api_dispute", dispute_id=current.id)
        return RedirectResponse(path, 301)
    view = get_dispute_view(session, dispute_id, include_drafts=viewer.is_analyst)
    if view is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    public = DisputePublic.of_view(
        view,
        entity_url(request, "dispute_detail", view.dispute.id, view.dispute.slug),
        {c.id: entity_url(request, "claim_detail", c.id) for c in view.claims},
    )
    return Response(
        public.model_dump_json(),
        media_type="application/json",
        headers={"ETag": etag("dispute", dispute_id, view.dispute.version)},
    )


@router.get(
    "/claims",
    name="api_claim_list",
    summary="List claims (filter by kind, article or claimant)",
    responses=INVALID,
)
def api_claim_list(
    request: Request,
    session: SessionDep,
    limit: Limit = 25,
    offset: Offset = 0,
    kind: ClaimKind | None = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    claimant_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> PagePublic[ClaimPublic]:
    page = list_claims(
        session,
        limit=limit,
        offset=offset,
        kind=kind,
        article_id=article_id,
        claimant_id=claimant_id,
    )
    items = [ClaimPublic.of(c, entity_url(request, "claim_detail", c.id)) for c in page.items]
    return PagePublic[ClaimPublic](
        items=items, total=page.total, limit=limit, offset=offset, **_page_links(request, page)
    )


@checked_in_thread_router.get(
    "/claims/{claim_id}",
    name="api_claim",
    summary="A claim with its anchor, figures, links and disputes",
    response_model=ClaimPublic,
    responses=NOT_FOUND,
)
async def api_claim(request: Request, claim_id: Id, session: ReadSessionDep) -> Response:
    # Like the permalinks (app.web.pages): a reader's request is served by the lean route
    # (app.web.permalinks) with `claim_json`; both read and build in a read thread.
    return await read_off_the_loop(
        _checked, claim_json, request, session, claim_id, analyst=has_credentials(request)
    )


def claim_json(request: Request, db: HasConnection, viewer: Viewer, claim_id: int) -> Response:
    """The claim's JSON: the ClaimPublic validated once and serialized by pydantic, the same
    JSON FastAPI would send, without its second validation of the returned model."""
    found = claim_with_disputes(db, claim_id, include_drafts=viewer.is_analyst)
    if found is None:
        raise HTTPException(404, f"There is no claim number {claim_id}.")
    card = found[0]
    return Response(
        ClaimPublic.of(card, entity_url(request, "claim_detail", card.id)).model_dump_json(),
        media_type="application/json",
        headers={"ETag": etag("claim", claim_id, card.version)},
    )


@router.get(
    "/articles", name="api_article_list", summary="List articles, newest first", responses=INVALID
)
def api_article_list(
    request: Request, session: SessionDep, limit: Limit = 25, offset: Offset = 0
) -> PagePublic[ArticleBrief]:
    page = list_articles(session, limit=limit, offset=offset)
    items = [
        ArticleBrief.of(a, entity_url(request, "article_detail", a.ref.id, a.ref.slug))
        for a in page.items
    ]
    return PagePublic[ArticleBrief](
        items=items, total=page.total, limit=limit, offset=offset, **_page_links(request, page)
    )


@router.get(
    "/articles/{article_id}",
    name="api_article",
    summary="An article with its full text",
    responses=NOT_FOUND,
)
def api_article(request: Request, article_id: Id, session: SessionDep) -> ArticlePublic:
    view = get_article(session, article_id)
    if view is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    return ArticlePublic.of(view, entity_url(request, "article_detail", view.ref.id, view.ref.slug))


@router.get("/actors", name="api_actor_list", summary="List actors by name", responses=INVALID)
def api_actor_list(
    request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> PagePublic[ActorSummaryPublic]:
    page = list_actors(session, limit=limit, offset=offset)
    items = [
        ActorSummaryPublic.of(a, entity_url(request, "actor_detail", a.actor.id, a.actor.slug))
        for a in page.items
    ]
    return PagePublic[ActorSummaryPublic](
        items=items, total=page.total, limit=limit, offset=offset, **_page_links(request, page)
    )


@router.get(
    "/actors/{actor_id}",
    name="api_actor",
    summary="An actor with its aliases, parents and claims",
    responses=NOT_FOUND,
)
def api_actor(
    request: Request, actor_id: Id, session: SessionDep, viewer: ReaderDep, response: Response
) -> ActorPublic:
    view = get_actor(session, actor_id, include_drafts=viewer.is_analyst)
    if view is None:
        raise HTTPException(404, f"There is no actor number {actor_id}.")
    response.headers["ETag"] = etag("actor", actor_id, view.version)
    return ActorPublic.of(view, entity_url(request, "actor_detail", view.actor.id, view.actor.slug))


@router.get(
    "/search",
    name="api_search",
    summary="Search articles, claims, actors and disputes, narrowed by facets",
    responses=problem_responses(
        {
            422: "Invalid parameters, or a query over the length limit",
            503: "The search took longer than its deadline (too broad, or the server is busy)",
        }
    ),
)
async def api_search(
    request: Request,
    session: ReadSessionDep,
    filters: Annotated[SearchFilters, Depends(search_filters)],
    q: Annotated[
        str, Query(description="Words to find (all must match; the last may be a prefix)")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> SearchPublic:
    most = get_settings().search_max_length
    if len(q) > most:
        raise HTTPException(
            422, f"The query is {len(q):,} characters long; the most accepted is {most}."
        )
    terms = query_phrases(q)
    # In the threadpool, under a deadline, stopped if the client leaves (app/search/bounds.py).
    try:
        results = await search_off_the_loop(
            request.receive, session, terms, limit, get_settings().search_deadline_ms, filters
        )
    except SearchStopped as stopped:
        raise HTTPException(
            503, stopped_detail(stopped), {"Retry-After": str(get_settings().retry_after_s)}
        ) from None

    def group(found: SearchGroup, route: str) -> SearchGroupPublic:
        return SearchGroupPublic(
            total=found.total,
            items=[
                SearchHitPublic(
                    id=hit.id,
                    title_html=str(hit.title),
                    snippet_html=str(hit.snippet),
                    kind=hit.kind,
                    html_url=entity_url(request, route, hit.id, hit.slug),
                )
                for hit in found.hits
            ],
        )

    return SearchPublic(
        query=q,
        terms=terms,
        articles=group(results.articles, "article_detail"),
        claims=group(results.claims, "claim_detail"),
        actors=group(results.actors, "actor_detail"),
        disputes=group(results.disputes, "dispute_detail"),
        facets=FacetsPublic.of(results.facets),
        filters=filters.query(),
    )
