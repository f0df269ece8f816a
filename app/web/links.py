"""Analysts link claims (rebuts, corroborates, …) from a claim's page, and remove links."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import AnalystDep, AnalystWrite
from app.db import SessionDep
from app.models import MAX_ID, ClaimLink
from app.schemas import LinkCreate
from app.services.edit import InvalidInput
from app.services.edit import links as link_edits
from app.templating import render
from app.urls import path_to
from app.vocabulary import LinkKind
from app.web.annotate import claim_or_404
from app.web.forms import Refused, act_or_refuse, save_form

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

    def create() -> ClaimLink:
        other_id = _claim_reference(other)
        if other_id is None:
            raise InvalidInput(
                {"other": "Choose the other claim from the list (or type its number)."}
            )
        if kind not in LinkKind.__members__:
            raise InvalidInput({"kind": "Choose how the claims are linked."})
        source, target = (claim_id, other_id) if direction != "in" else (other_id, claim_id)
        return link_edits.create_link(
            session,
            LinkCreate(source_id=source, target_id=target, kind=kind, note=note),
            viewer.user_id,
        )

    saved = save_form(session, create)
    if isinstance(saved, Refused):
        # The form names the other claim, whichever end of the link it is.
        errors = {
            ("other" if k in ("source_id", "target_id") else k): v for k, v in saved.errors.items()
        }
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
    act_or_refuse(
        session,
        lambda: link_edits.delete_link(session, link_id, version, viewer.user_id),
        conflict="That link changed after you opened the page; reload.",
    )
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
