"""Turning a permalink's "{id}-{slug}" into an id, with the 404 and 301 rules in one place."""

from fastapi import HTTPException, Request
from starlette.responses import RedirectResponse

from app.slugs import parse_reference
from app.urls import ref_path


def id_from_reference(reference: str, noun: str) -> tuple[int, str | None]:
    parsed = parse_reference(reference)
    if parsed is None:
        raise HTTPException(
            404, f"There is no {noun} at this address: the link should start with its number."
        )
    return parsed


def redirect_if_outdated(
    request: Request, route: str, obj_id: int, slug: str, given: str | None
) -> RedirectResponse | None:
    """A permalink with an old or missing slug moves permanently to the current one."""
    if given == slug:
        return None
    target = ref_path(request, route, obj_id, slug)
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=301)
