"""The article page's claim panel after an analyst's decision beside the article: htmx gets the
refreshed panel (and the event that makes the article text refresh its highlights), a plain
form post goes back to the page. Shared by the claim suggestions (app/web/suggestions.py) and the
proposed cross-article links (app/web/cross_links.py)."""

from collections.abc import Callable

from fastapi import HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.models import Article
from app.services import suggestions as suggestion_service
from app.services.articles import get_article
from app.services.cross_links import NotAClaimYet
from app.services.edit import InvalidInput
from app.templating import is_partial, render
from app.urls import ref_path

SAVED_EVENT = "claim-saved"  # the article text refreshes its highlights on it (pages/article.html)


def suggestion_panel_response(
    request: Request,
    session: Session,
    article_id: int,
    *,
    notice: str = "",
    saved: bool = False,
) -> Response:
    """After a decision: htmx gets the refreshed side panel (and, when a claim was made, the
    article text is told to refresh its highlights); a plain form post goes back to the page."""
    article = session.get_one(Article, article_id)
    if not is_partial(request):
        target = ref_path(request, "article_detail", article_id, article.slug)
        return RedirectResponse(target + "#claim-panel", status_code=303)
    session.flush()
    response = render(
        request,
        "pages/article.html",
        {
            "view": get_article(session, article_id, include_drafts=True),
            "selected": None,
            "disputes": {},
            "suggestions": suggestion_service.suggestion_panel(session, article_id),
            "suggestion_notice": notice,
        },
        block="claim_panel",
    )
    if saved:
        response.headers["HX-Trigger"] = SAVED_EVENT
    return response


def decide_beside_article(
    request: Request, session: Session, article_id: int, decide: Callable[[], object], saves: bool
) -> Response:
    """Accept or reject a suggestion or a proposed cross-article link. A refusal (already
    decided, or the suggestion is not a claim yet: 409; invalid: 422) changes nothing and is a
    notice in the panel for htmx, an error page otherwise."""
    try:
        decide()
    except (suggestion_service.AlreadyDecided, NotAClaimYet, InvalidInput) as error:
        session.rollback()
        status = 422 if isinstance(error, InvalidInput) else 409
        message = " ".join(error.errors.values()) if isinstance(error, InvalidInput) else str(error)
        if not is_partial(request):
            raise HTTPException(status, message) from None
        return suggestion_panel_response(request, session, article_id, notice=message)
    return suggestion_panel_response(request, session, article_id, saved=saves)
