"""An article's claims as a W3C Web Annotation collection, and the import of one as drafts."""

import json
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Request
from starlette.responses import Response

from app.api.writes import BODY_PROBLEMS
from app.auth import AnalystDep, ApiWrite, ReaderDep, get_reader
from app.db import ReadSessionDep, SessionDep
from app.errors import problem_responses
from app.models import MAX_ID
from app.services.annotation_import import (
    AnnotationCollectionIn,
    AnnotationPageIn,
    import_annotations,
)
from app.services.annotations import MEDIA_TYPE, article_collection
from app.urls import entity_url, url_for

Id = Annotated[int, Path(ge=1, le=MAX_ID)]

read_router = APIRouter(
    prefix="/api",
    tags=["read"],
    dependencies=[Depends(get_reader)],
    responses=problem_responses({401: "A bad API token"}),
)
write_router = APIRouter(prefix="/api", tags=["write"], dependencies=ApiWrite)


@read_router.get(
    "/articles/{article_id}/annotations",
    name="api_article_annotations",
    summary="The article's claims as a W3C Web Annotation collection",
    responses=problem_responses({404: "No such article", 422: "Invalid parameters"})
    | {200: {"content": {MEDIA_TYPE: {}}, "description": "An AnnotationCollection"}},
    response_class=Response,
)
async def api_article_annotations(
    request: Request, article_id: Id, session: ReadSessionDep, viewer: ReaderDep
) -> Response:
    collection = article_collection(
        session,
        article_id,
        url_for(request),
        str(request.url.remove_query_params(())),
        drafts=viewer.is_analyst,
    )
    if collection is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    return Response(json.dumps(collection, ensure_ascii=False), media_type=MEDIA_TYPE)


@write_router.post(
    "/articles/{article_id}/annotations",
    name="api_article_annotations_import",
    status_code=201,
    responses=BODY_PROBLEMS,
    summary="Import Web Annotations onto the article as draft claims",
    description="Takes an AnnotationCollection (its first page's items) or an AnnotationPage. "
    "Each annotation needs a TextQuoteSelector, a describing TextualBody (the statement) and a "
    "creator naming a known actor (its URL here, its name or an alias); a tagging body may give "
    "the claim's kind. Where the TextPositionSelector no longer points at the quote, the quote "
    "is found again in the text. All are imported, or none.",
)
def api_article_annotations_import(
    request: Request,
    article_id: Id,
    data: Annotated[AnnotationCollectionIn | AnnotationPageIn, Body()],
    session: SessionDep,
    viewer: AnalystDep,
) -> dict:
    page = data.first if isinstance(data, AnnotationCollectionIn) else data
    try:
        created = import_annotations(session, article_id, page.items, viewer.user_id)
    except LookupError:
        raise HTTPException(404, f"There is no article number {article_id}.") from None
    return {
        "created": len(created),
        "claims": [entity_url(request, "claim_detail", claim_id) for claim_id in created],
    }
