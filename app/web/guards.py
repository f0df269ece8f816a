"""Page-level access: readers asked to sign in, signed-in users without the role refused."""

from urllib.parse import urlencode

from fastapi import HTTPException, Request
from starlette.responses import RedirectResponse

from app.auth import Viewer
from app.urls import path_to


def signed_in_or_redirect(request: Request, viewer: Viewer) -> RedirectResponse | None:
    if viewer.signed_in:
        return None
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(
        path_to(request, "sign_in") + "?" + urlencode({"next": here}), status_code=303
    )


def analyst_page(request: Request, viewer: Viewer) -> RedirectResponse | None:
    """None when the viewer may see an analysts' page; else where to send them."""
    if (redirect := signed_in_or_redirect(request, viewer)) is not None:
        return redirect
    if not viewer.is_analyst:
        raise HTTPException(403, "Only analysts may see this page.")
    return None


def admin_page(request: Request, viewer: Viewer) -> RedirectResponse | None:
    if (redirect := signed_in_or_redirect(request, viewer)) is not None:
        return redirect
    if not viewer.is_admin:
        raise HTTPException(403, "Only administrators may see this page.")
    return None
