"""Preview card images (og:image) for the dispute, article, claim and actor pages."""

import hashlib
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from starlette.responses import Response

from app.cards import render_card
from app.db import SessionDep
from app.models import MAX_ID
from app.services.share import card_data
from app.settings import get_settings

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# Previews are fetched by crawlers that keep them anyway; an hour is short enough for an edit
# to show. (Readers' copies also go through the page cache, which revalidates by ETag.)
CACHE_CONTROL = "public, max-age=3600"


# Sync routes on purpose: drawing a card is CPU work (tens of ms), so it runs in the
# threadpool, never on the event loop.
def _card(request: Request, session: SessionDep, kind: str, entity_id: int) -> Response:
    data = card_data(session, kind, entity_id, get_settings().site_name)
    if data is None:
        raise HTTPException(404, f"There is no {kind} number {entity_id}.")
    # The card is a pure function of its text: the text names it.
    tag = '"card-' + hashlib.blake2b(repr(data).encode(), digest_size=12).hexdigest() + '"'
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(render_card(data), media_type="image/png", headers=headers)


@router.get("/disputes/{dispute_id}/card.png", name="dispute_card")
def dispute_card(request: Request, dispute_id: Id, session: SessionDep) -> Response:
    return _card(request, session, "dispute", dispute_id)


@router.get("/articles/{article_id}/card.png", name="article_card")
def article_card(request: Request, article_id: Id, session: SessionDep) -> Response:
    return _card(request, session, "article", article_id)


@router.get("/claims/{claim_id}/card.png", name="claim_card")
def claim_card(request: Request, claim_id: Id, session: SessionDep) -> Response:
    return _card(request, session, "claim", claim_id)


@router.get("/actors/{actor_id}/card.png", name="actor_card")
def actor_card(request: Request, actor_id: Id, session: SessionDep) -> Response:
    return _card(request, session, "actor", actor_id)
