"""Deciding, beside an article, on the links proposed from its suggested claims to claims in
other articles (app/services/cross_links.py): accept (the claim link is made) or reject."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from sqlmodel import Session
from starlette.responses import Response

from app.auth import AnalystDep, AnalystWrite
from app.db import SessionDep
from app.models import MAX_ID
from app.services import cross_links as cross_link_service
from app.services.edit import NotFound
from app.web.claim_panel import decide_beside_article

router = APIRouter(include_in_schema=False)
CrossLinkId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post(
    "/cross-links/{cross_link_id}/accept", name="cross_link_accept", dependencies=AnalystWrite
)
def cross_link_accept(
    request: Request, cross_link_id: CrossLinkId, session: SessionDep, viewer: AnalystDep
) -> Response:
    return _decide(
        request, session, cross_link_id, cross_link_service.accept_cross_link, viewer.user_id
    )


@router.post(
    "/cross-links/{cross_link_id}/reject", name="cross_link_reject", dependencies=AnalystWrite
)
def cross_link_reject(
    request: Request, cross_link_id: CrossLinkId, session: SessionDep, viewer: AnalystDep
) -> Response:
    return _decide(
        request, session, cross_link_id, cross_link_service.reject_cross_link, viewer.user_id
    )


def _decide(
    request: Request,
    session: Session,
    cross_link_id: int,
    decision: Callable[[Session, int, int | None], object],
    user_id: int | None,
) -> Response:
    try:
        article_id = cross_link_service.get_cross_link(session, cross_link_id).article_id
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    return decide_beside_article(
        request, session, article_id, lambda: decision(session, cross_link_id, user_id), False
    )
