"""Deciding on a claim suggested for an imported article, beside the article: accept (a draft
claim, creating its speaker when Gainsay does not know them), edit (the claim form, prefilled)
or reject. Cross-article link proposals are decided in app/web/cross_links.py."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from sqlmodel import Session
from starlette.responses import Response

from app.auth import AnalystDep, AnalystWrite, ViewerDep
from app.db import SessionDep
from app.models import MAX_ID
from app.services import suggestions as suggestion_service
from app.services.articles import get_article
from app.services.edit import NotFound
from app.templating import render
from app.vocabulary import ActorKind, ClaimKind, DenialType, FigureCounts, SuggestionStatus
from app.web.claim_forms import ClaimForm, dispute_choices
from app.web.claim_panel import decide_beside_article, suggestion_panel_response
from app.web.guards import analyst_page

router = APIRouter(include_in_schema=False)
SuggestionId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _suggestion_or_404(session: Session, suggestion_id: int) -> int:
    try:
        return suggestion_service.get_suggestion(session, suggestion_id).article_id
    except NotFound as error:
        raise HTTPException(404, str(error)) from None


@router.post(
    "/suggestions/{suggestion_id}/accept", name="suggestion_accept", dependencies=AnalystWrite
)
def suggestion_accept(
    request: Request,
    suggestion_id: SuggestionId,
    session: SessionDep,
    viewer: AnalystDep,
    new_actor_name: Annotated[str | None, Form(max_length=300)] = None,
    new_actor_kind: Annotated[str, Form(max_length=40)] = "",
    new_actor_parent: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Accept as a draft claim; for a speaker Gainsay does not know, the card's form also says
    which actor to create (name, kind, part of), in the same transaction."""
    new_actor = None
    if new_actor_name is not None:
        new_actor = suggestion_service.NewActor(new_actor_name, new_actor_kind, new_actor_parent)

    def accept(session: Session, suggestion_id: int, user_id: int | None) -> object:
        return suggestion_service.accept(session, suggestion_id, user_id, new_actor)

    return _decide(request, session, suggestion_id, accept, viewer.user_id, saves=True)


@router.post(
    "/suggestions/{suggestion_id}/reject", name="suggestion_reject", dependencies=AnalystWrite
)
def suggestion_reject(
    request: Request, suggestion_id: SuggestionId, session: SessionDep, viewer: AnalystDep
) -> Response:
    return _decide(request, session, suggestion_id, suggestion_service.reject, viewer.user_id)


def _decide(
    request: Request,
    session: Session,
    suggestion_id: int,
    decision: Callable[[Session, int, int | None], object],
    user_id: int | None,
    *,
    saves: bool = False,
) -> Response:
    article_id = _suggestion_or_404(session, suggestion_id)
    return decide_beside_article(
        request, session, article_id, lambda: decision(session, suggestion_id, user_id), saves
    )


@router.get("/suggestions/{suggestion_id}/edit", name="suggestion_edit")
def suggestion_edit(
    request: Request, suggestion_id: SuggestionId, session: SessionDep, viewer: ViewerDep
) -> Response:
    """The ordinary new-claim form, filled in from the suggestion. Saving it creates the claim,
    which settles the suggestion (app/services/suggestions.py)."""
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    try:
        suggestion = suggestion_service.get_suggestion(session, suggestion_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    view = get_article(session, suggestion.article_id, include_drafts=True)
    if suggestion.status != SuggestionStatus.pending:
        return suggestion_panel_response(
            request,
            session,
            suggestion.article_id,
            notice=f"This suggestion was already {suggestion.status}.",
        )
    form = ClaimForm(values=suggestion_service.edit_values(session, suggestion))
    # The same context as the claim form on the article page (app/web/annotate.py); there,
    # `disputes` holds the (id, title) choices of the form.
    return render(
        request,
        "pages/article.html",
        {
            "view": view,
            "selected": None,
            "form": form,
            "kinds": list(ClaimKind),
            "denial_types": list(DenialType),
            "actor_kinds": list(ActorKind),
            "counts": list(FigureCounts),
            "disputes": dispute_choices(session),
            "creating": True,
        },
        block="claim_panel",
    )
