"""The analysts' review queue: drafts and pending edits waiting to be published."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.auth import ViewerDep
from app.db import SessionDep
from app.services.review import review_queue
from app.templating import render
from app.web.guards import analyst_page

router = APIRouter(include_in_schema=False)


@router.get("/review", name="review")
def review(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    return render(request, "pages/review.html", {"items": review_queue(session)})
