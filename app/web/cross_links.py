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
from app.services.edit import InvalidInput, NotFound
from app.templating import is_partial
from app.web.imports import suggestion_panel_response

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
    """A refusal (already decided, or the suggestion is not a claim yet: 409; invalid: 422)
    is a notice in the panel for htmx, an error page otherwise, and changes nothing."""
    try:
        article_id = cross_link_service.get_cross_link(session, cross_link_id).article_id
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    try:
        decision(session, cross_link_id, user_id)
    except (
        cross_link_service.AlreadyDecided,
        cross_link_service.NotAClaimYet,
        InvalidInput,
    ) as error:
        session.rollback()
        status = 422 if isinstance(error, InvalidInput) else 409
        message = " ".join(error.errors.values()) if isinstance(error, InvalidInput) else str(error)
        if not is_partial(request):
            raise HTTPException(status, message) from None
        return suggestion_panel_response(request, session, article_id, notice=message)
    return suggestion_panel_response(request, session, article_id)
