"""The readers' pages. Each calls the same service as its JSON twin in app/api/routes.py.

Analysts see the same pages with drafts included and their editing controls shown."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import ReaderDep, Viewer, ViewerDep
from app.db import HasConnection, ReadSessionDep, SessionDep
from app.models import MAX_ID, Claim
from app.read_threads import read_off_the_loop
from app.search import query_phrases
from app.search.bounds import SearchStopped, search_off_the_loop, stopped_detail
from app.search.facets import SearchFilters, facet_groups, search_filters
from app.services.actors import get_actor, list_actors
from app.services.articles import get_article, list_articles
from app.services.claims import (
    answers_around,
    claim_cards,
    claim_with_disputes,
    get_claim,
    link_versions,
)
from app.services.dispute_page import get_dispute_page
from app.services.dispute_tally import bring_up_to_date
from app.services.disputes import (
    DisputeSort,
    DisputeSummary,
    disputes_by_ids,
    list_disputes,
    surviving_dispute,
)
from app.services.notes import notes_thread
from app.services.origins import origin_counts
from app.services.suggestions import SuggestionPanel, suggestion_panel
from app.services.views import Page
from app.settings import get_settings
from app.templating import render
from app.urls import page_links, ref_path, route_paths
from app.vocabulary import DisputeStatus, LinkKind, label
from app.web.evidence import denial_filter
from app.web.references import id_from_reference, redirect_if_outdated

router = APIRouter(include_in_schema=False)

Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/", name="home")
def home(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    drafts = viewer.is_analyst
    disputes = list_disputes(session, limit=50, offset=0, include_drafts=drafts)
    return render(
        request,
        "pages/home.html",
        {
            "disputes": disputes,
            "origins_by_id": _origins_of(session, disputes, drafts),
            "articles": list_articles(session, limit=8, offset=0, include_drafts=drafts),
        },
    )


def _origins_of(session: Session, page: Page[DisputeSummary], drafts: bool) -> dict:
    """Independent-origin counts for a list's dispute cards (app.services.origins)."""
    return origin_counts(session, [s.dispute.id for s in page.items], include_drafts=drafts)


@router.get("/disputes", name="dispute_list")
def dispute_list(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    limit: Limit = 25,
    offset: Offset = 0,
    sort: DisputeSort = DisputeSort.recent,
    status: DisputeStatus | None = None,
) -> Response:
    drafts = viewer.is_analyst
    if sort != DisputeSort.recent:
        bring_up_to_date()
    page = list_disputes(
        session, limit=limit, offset=offset, include_drafts=drafts, status=status, sort=sort
    )
    context = {
        "page": page,
        "origins_by_id": _origins_of(session, page, drafts),
        "sort": sort,
        "status": status,
        "sorts": [(s.value, SORT_LABELS[s]) for s in DisputeSort],
        "statuses": [(s.value, label(s.value)) for s in DisputeStatus],
    }
    return render(request, "pages/dispute_list.html", context, block="results")


SORT_LABELS = {
    DisputeSort.recent: "recently changed",
    DisputeSort.answered: "most answered",
    DisputeSort.origins: "most independent origins",
}


# The permalinks are the pages read most. A reader's request for one is served by the lean
# route (app.web.permalinks), which renders with `dispute_page` and `article_page` below; the
# FastAPI routes serve the rest (analysts, redirects, 404s, unusual queries) with the same
# functions, so both give the same bytes. Either way the reads and the render run in a read
# thread (app.read_threads.read_off_the_loop), never on the event loop.
@router.get("/disputes/{reference}", name="dispute_detail")
async def dispute_detail(
    request: Request,
    reference: str,
    session: ReadSessionDep,
    viewer: ReaderDep,
    denial_type: str | None = None,
) -> Response:
    return await read_off_the_loop(
        dispute_page, request, session, viewer, reference, denial_type, analyst=viewer.is_analyst
    )


def dispute_page(
    request: Request,
    db: HasConnection,
    viewer: Viewer,
    reference: str,
    denial_type: str | None,
) -> Response:
    dispute_id, slug = id_from_reference(reference, "dispute")
    found = surviving_dispute(db, dispute_id)
    if found is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    dispute, current = found
    if current.id != dispute.id:
        # A merged dispute's permalink lives on as a permanent redirect to where it went.
        return RedirectResponse(ref_path(request, "dispute_detail", current.id, current.slug), 301)
    moved = redirect_if_outdated(request, "dispute_detail", dispute_id, dispute.slug, slug)
    if moved:
        return moved
    wanted = denial_filter(denial_type)
    view = get_dispute_page(
        db,
        dispute,
        page_links(request.app),
        include_drafts=viewer.is_analyst,
        include_private_notes=viewer.is_analyst,
        denial_filter=wanted.value if wanted else None,
    )
    return render(
        request,
        "pages/dispute.html",
        {
            "view": view,
            "notes": view.notes,
            "note_target": {"dispute_id": dispute_id},
            "page_read": db,
        },
    )


@router.get("/articles", name="article_list")
def article_list(
    request: Request, session: SessionDep, viewer: ViewerDep, limit: Limit = 25, offset: Offset = 0
) -> Response:
    page = list_articles(session, limit=limit, offset=offset, include_drafts=viewer.is_analyst)
    return render(request, "pages/article_list.html", {"page": page}, block="results")


@router.get("/articles/{reference}", name="article_detail")
async def article_detail(
    request: Request,
    reference: str,
    session: ReadSessionDep,
    viewer: ReaderDep,
    claim: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Show this claim beside the text")
    ] = None,
    part: Annotated[
        str | None, Query(pattern="^text$", description="htmx: only the article text")
    ] = None,
) -> Response:
    return await read_off_the_loop(
        article_page, request, session, viewer, reference, claim, part, analyst=viewer.is_analyst
    )


def article_page(
    request: Request,
    db: HasConnection,
    viewer: Viewer,
    reference: str,
    claim: int | None,
    part: str | None,
) -> Response:
    article_id, slug = id_from_reference(reference, "article")
    drafts = viewer.is_analyst
    view = get_article(db, article_id, include_drafts=drafts)
    if view is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    moved = redirect_if_outdated(request, "article_detail", article_id, view.ref.slug, slug)
    if moved:
        return moved
    found = claim_with_disputes(db, claim, include_drafts=drafts) if claim else None
    selected, disputes = found if found else (None, {})
    if selected is not None and selected.article.id != article_id:
        selected, disputes = None, {}
    selected_id = selected.id if selected is not None else None
    answered_by, answering = (
        answers_around(db, selected, include_drafts=drafts) if selected else ([], [])
    )
    return render(
        request,
        "pages/article.html",
        {
            "view": view,
            "reading": view.reading(page_links(request.app), selected_id),
            "selected": selected,
            "disputes": disputes,
            "answered_by": answered_by,
            "answering": answering,
            "suggestions": _suggestions(db, article_id) if drafts else None,
            "part": part,
            "page_read": db,
        },
        block="article_text" if part == "text" else "reader",
    )


def _suggestions(db: HasConnection, article_id: int) -> SuggestionPanel | None:
    # Only analysts see drafts and suggestions, and only the FastAPI route serves them: with
    # its ORM session, which the suggestions' queries need.
    assert isinstance(db, Session)
    return suggestion_panel(db, article_id)


@router.get("/actors", name="actor_list")
def actor_list(
    request: Request, session: SessionDep, viewer: ViewerDep, limit: Limit = 50, offset: Offset = 0
) -> Response:
    page = list_actors(session, limit=limit, offset=offset)
    return render(request, "pages/actor_list.html", {"page": page}, block="results")


@router.get("/actors/{reference}", name="actor_detail")
def actor_detail(
    request: Request, reference: str, session: SessionDep, viewer: ViewerDep
) -> Response:
    actor_id, slug = id_from_reference(reference, "actor")
    view = get_actor(session, actor_id, include_drafts=viewer.is_analyst)
    if view is None:
        raise HTTPException(404, f"There is no actor number {actor_id}.")
    moved = redirect_if_outdated(request, "actor_detail", actor_id, view.actor.slug, slug)
    return moved or render(request, "pages/actor.html", {"view": view})


def claim_page_context(session: Session, claim_id: int, include_drafts: bool) -> dict[str, object]:
    card = get_claim(session, claim_id, include_drafts=include_drafts)
    if card is None:
        raise HTTPException(404, f"There is no claim number {claim_id}.")
    related_ids = [link.target_id for link in card.links_out] + [
        link.source_id for link in card.links_in
    ]
    context: dict[str, object] = {
        "card": card,
        "related": claim_cards(session, related_ids, include_drafts=include_drafts),
        "disputes": disputes_by_ids(session, card.dispute_ids),
        "notes": notes_thread(session, claim_id=claim_id, include_private=include_drafts),
        "note_target": {"claim_id": claim_id},
        "link_kinds": list(LinkKind),
        "link_errors": {},
        "link_values": {},
    }
    if include_drafts:
        # Analysts get what editing needs: versions for the concurrency check.
        claim = session.get_one(Claim, claim_id)
        context["version"] = claim.version
        context["pending_edit"] = claim.pending_edit
        context["link_versions"] = link_versions(session, claim_id)
    return context


@router.get("/claims/{claim_id}", name="claim_detail")
async def claim_detail(
    request: Request,
    claim_id: Annotated[str, Path(description='"43", or "43-some-words" like the other kinds')],
    session: ReadSessionDep,
    viewer: ReaderDep,
) -> Response:
    number, slug = id_from_reference(claim_id, "claim")
    if slug is not None:
        # A claim has no slug of its own: words after its number move to the bare number.
        target = request.app.url_path_for("claim_detail", claim_id=str(number))
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{target}{query}", status_code=301)
    return render(
        request, "pages/claim.html", claim_page_context(session, number, viewer.is_analyst)
    )


@router.get("/search", name="search")
async def search(
    request: Request,
    session: ReadSessionDep,
    viewer: ReaderDep,
    filters: Annotated[SearchFilters, Depends(search_filters)],
    q: str = "",
) -> Response:
    # The search itself runs in the threadpool under a deadline, and stops if the reader
    # leaves (app/search/bounds.py): a common word took 10-50 ms and one huge article 23 s,
    # all of it on the event loop, where every other request waited.
    limit = get_settings().search_max_length
    context = {
        "q": q,
        "filters": filters,
        "facets": [],
        "facets_counted_in": 0,
        "results": None,
        "error": None,
    }
    if len(q) > limit:
        return render(
            request,
            "pages/search.html",
            context
            | {
                "q": q[:limit],
                "error": f"That search is {len(q):,} characters long; "
                f"the most Gainsay accepts is {limit}.",
            },
            block="results",
            status_code=422,
        )
    terms = query_phrases(q)
    try:
        results = (
            await search_off_the_loop(
                request.receive, session, terms, 20, get_settings().search_deadline_ms, filters
            )
            if terms
            else None
        )
    except SearchStopped as stopped:
        response = render(
            request,
            "pages/search.html",
            context | {"error": stopped_detail(stopped)},
            block="results",
            status_code=503,
        )
        response.headers["Retry-After"] = str(get_settings().retry_after_s)
        return response
    if results is not None:
        path = route_paths(request.app)("search")
        context["facets"] = facet_groups(path, q, filters, results.facets)
        context["facets_counted_in"] = results.facets.counted_in
    return render(request, "pages/search.html", context | {"results": results}, block="results")
