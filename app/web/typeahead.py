"""Search-as-you-type for analysts' forms: the options of an actor or claim field's datalist."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.auth import AnalystDep
from app.db import SessionDep, get_engine
from app.errors import respond_error
from app.search import query_terms, search_backend
from app.search.bounds import Budget, SearchStopped, bounded, stopped_detail
from app.services.actors import names_like
from app.settings import get_settings
from app.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/suggest/actors", name="suggest_actors")
def suggest_actors(request: Request, session: SessionDep, viewer: AnalystDep) -> Response:
    # htmx sends the typing field under its own name (claimant, parent, …): take its value.
    term = next(iter(request.query_params.values()), "").strip()[:200]
    names = names_like(session, term) if term else []
    return render(request, "partials/options.html", {"options": names})


@router.get("/suggest/claims", name="suggest_claims")
def suggest_claims(request: Request, session: SessionDep, viewer: AnalystDep) -> Response:
    terms = query_terms(next(iter(request.query_params.values()), "")[:200])
    options = []
    if terms:
        # Under the searches' deadline like /search (this route already runs in a thread): a
        # type-ahead past it answers 503, and htmx keeps the options it had.
        try:
            with bounded(session, Budget(get_settings().search_deadline_ms)):
                found = search_backend(get_engine()).search(session, terms, limit=15)
        except SearchStopped as stopped:
            retry = {"Retry-After": str(get_settings().retry_after_s)}
            return respond_error(request, 503, stopped_detail(stopped), headers=retry)
        options = [
            f"#{hit.id} · {hit.claimant}: {hit.title.striptags()}" for hit in found.claims.hits
        ]
    return render(request, "partials/options.html", {"options": options})
