"""Analysts curate disputes: create, rename, summarise, set status, grade, merge, delete."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import AnalystDep, AnalystWrite, ViewerDep
from app.db import SessionDep
from app.models import MAX_ID, Dispute, saved_id
from app.schemas import DisputeCreate, DisputeUpdate
from app.services.disputes import dispute_titles
from app.services.edit import disputes as dispute_edits
from app.templating import render
from app.urls import path_to, ref_path
from app.vocabulary import GRADE_RULES, DisputeStatus, Grade
from app.web.forms import Refused, act_or_refuse, form_dict, int_or_none, save_form
from app.web.guards import analyst_page

router = APIRouter(include_in_schema=False)


def _dispute_form(
    request: Request,
    session: Session,
    *,
    values: dict,
    errors: dict[str, str],
    dispute: Dispute | None,
    status_code: int = 200,
    conflict: dict | None = None,
) -> Response:
    others = dispute_titles(session, excluding=dispute.id) if dispute is not None else []
    return render(
        request,
        "pages/dispute_form.html",
        {
            "values": values,
            "errors": errors,
            "dispute": dispute,
            "statuses": list(DisputeStatus),
            "grades": list(Grade),
            "grade_rules": GRADE_RULES,
            "merge_targets": others,
            "conflict": conflict,
        },
        status_code=status_code,
    )


def _dispute_values(dispute: Dispute) -> dict:
    return {
        "title": dispute.title,
        "summary": dispute.summary,
        "status": dispute.status,
        "grade": dispute.grade or "",
        "grade_note": dispute.grade_note,
        "version": dispute.version,
    }


def _dispute(session: Session, dispute_id: int) -> Dispute:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    return dispute


def _to_dispute_page(request: Request, dispute: Dispute) -> RedirectResponse:
    return RedirectResponse(
        ref_path(request, "dispute_detail", saved_id(dispute), dispute.slug), status_code=303
    )


def _dispute_data(form: dict) -> dict:
    data = {k: form.get(k, "") for k in ("title", "summary", "status", "grade_note")}
    data["grade"] = form.get("grade") or None
    return data


@router.get("/disputes/new", name="dispute_new")
def dispute_new(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    return analyst_page(request, viewer) or _dispute_form(
        request, session, values={"status": "open"}, errors={}, dispute=None
    )


@router.post("/disputes/new", name="dispute_create", dependencies=AnalystWrite)
async def dispute_create(request: Request, session: SessionDep, viewer: AnalystDep) -> Response:
    form = form_dict(await request.form())
    saved = save_form(
        session,
        lambda: dispute_edits.create_dispute(
            session, DisputeCreate(**_dispute_data(form)), viewer.user_id
        ),
    )
    if isinstance(saved, Refused):
        return _dispute_form(
            request, session, values=form, errors=saved.errors, dispute=None, status_code=422
        )
    return _to_dispute_page(request, saved)


@router.get("/disputes/{dispute_id}/edit", name="dispute_edit")
def dispute_edit(
    request: Request, dispute_id: int, session: SessionDep, viewer: ViewerDep
) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    dispute = _dispute(session, dispute_id)
    return _dispute_form(
        request, session, values=_dispute_values(dispute), errors={}, dispute=dispute
    )


@router.post("/disputes/{dispute_id}/edit", name="dispute_update", dependencies=AnalystWrite)
async def dispute_update(
    request: Request, dispute_id: int, session: SessionDep, viewer: AnalystDep
) -> Response:
    raw = await request.form()
    form = form_dict(raw)
    version = int_or_none(raw.get("version")) or 0
    saved = save_form(
        session,
        lambda: dispute_edits.update_dispute(
            session, dispute_id, DisputeUpdate(**_dispute_data(form)), version, viewer.user_id
        ),
    )
    if isinstance(saved, Refused):
        current = _dispute(session, dispute_id)
        return _dispute_form(
            request,
            session,
            # After a conflict the form carries their version, so saving again overwrites it.
            values={**form, "version": current.version if saved.conflict else version},
            errors=saved.errors,
            dispute=current,
            status_code=saved.status_code,
            conflict=_dispute_values(current) if saved.conflict else None,
        )
    return _to_dispute_page(request, saved)


@router.post("/disputes/{dispute_id}/merge", name="dispute_merge", dependencies=AnalystWrite)
def dispute_merge(
    request: Request,
    dispute_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
    target_id: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> Response:
    target = act_or_refuse(
        session,
        lambda: dispute_edits.merge_disputes(
            session, dispute_id, target_id, version, viewer.user_id
        ),
        conflict="The dispute changed after you opened the form; nothing was merged.",
    )
    return _to_dispute_page(request, target)


@router.post("/disputes/{dispute_id}/delete", name="dispute_delete", dependencies=AnalystWrite)
def dispute_delete(
    request: Request,
    dispute_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
) -> Response:
    act_or_refuse(
        session,
        lambda: dispute_edits.delete_dispute(session, dispute_id, version, viewer.user_id),
        conflict="The dispute changed after you opened the form; nothing was deleted.",
        invalid_status=409,  # it still has claims: its state, not the input, is in the way
    )
    return RedirectResponse(path_to(request, "dispute_list"), status_code=303)
