"""Analysts link claims (rebuts, corroborates, …) from a claim's page, and remove links."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import AnalystDep, AnalystWrite
from app.db import SessionDep
from app.models import MAX_ID
from app.schemas import LinkCreate
from app.services.edit import InvalidInput, NotFound, VersionConflict
from app.services.edit import links as link_edits
from app.templating import render
from app.urls import path_to
from app.vocabulary import LinkKind
from app.web.annotate import claim_or_404

router = APIRouter(include_in_schema=False)


def _claim_reference(value: str) -> int | None:
    """ "#123 · statement" or "123" → 123."""
    head = value.strip().lstrip("#").split(" ", 1)[0].split("·", 1)[0]
    return int(head) if head.isdigit() and len(head) <= 18 else None


@router.post("/claims/{claim_id}/links", name="link_create", dependencies=AnalystWrite)
def link_create(
    request: Request,
    claim_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    kind: Annotated[str, Form(max_length=30)],
    other: Annotated[str, Form(max_length=400)],
    direction: Annotated[str, Form(max_length=10)] = "out",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    claim_or_404(session, claim_id)
    other_id = _claim_reference(other)
    errors: dict[str, str] = {}
    if other_id is None:
        errors["other"] = "Choose the other claim from the list (or type its number)."
    elif kind not in LinkKind.__members__:
        errors["kind"] = "Choose how the claims are linked."
    else:
        source, target = (claim_id, other_id) if direction != "in" else (other_id, claim_id)
        try:
            link_edits.create_link(
                session,
                LinkCreate(source_id=source, target_id=target, kind=kind, note=note),
                viewer.user_id,
            )
        except InvalidInput as error:
            errors = {
                ("other" if k in ("source_id", "target_id") else k): v
                for k, v in error.errors.items()
            }
    if errors:
        session.rollback()
        return _claim_page(
            request,
            session,
            claim_id,
            link_errors=errors,
            status_code=422,
            link_values={"kind": kind, "other": other, "direction": direction, "note": note},
        )
    return RedirectResponse(
        path_to(request, "claim_detail", claim_id=claim_id) + "#links", status_code=303
    )


@router.post("/links/{link_id}/delete", name="link_delete", dependencies=AnalystWrite)
def link_delete(
    request: Request,
    link_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
    back: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> Response:
    try:
        link_edits.delete_link(session, link_id, version, viewer.user_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except VersionConflict:
        raise HTTPException(409, "That link changed after you opened the page; reload.") from None
    return RedirectResponse(
        path_to(request, "claim_detail", claim_id=back) + "#links", status_code=303
    )


def _claim_page(
    request: Request, session: Session, claim_id: int, *, status_code: int = 200, **extra: object
) -> Response:
    from app.web.pages import claim_page_context

    return render(
        request,
        "pages/claim.html",
        {**claim_page_context(session, claim_id, True), **extra},
        status_code=status_code,
    )
