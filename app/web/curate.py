"""Analysts curate disputes (create, rename, summarise, set status, grade, merge, delete) and
actors (create, edit, delete)."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import AnalystDep, AnalystWrite, ViewerDep
from app.db import SessionDep
from app.models import MAX_ID, Actor, Dispute, saved_id
from app.schemas import ActorCreate, ActorUpdate, DisputeCreate, DisputeUpdate
from app.services.disputes import dispute_titles
from app.services.edit import InvalidInput
from app.services.edit import actors as actor_edits
from app.services.edit import disputes as dispute_edits
from app.templating import render
from app.urls import path_to, ref_path
from app.vocabulary import GRADE_RULES, ActorKind, DisputeStatus, Grade
from app.web.forms import Refused, act_or_refuse, form_dict, form_lines, int_or_none, save_form
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


def _actor_form(
    request: Request,
    session: Session,
    *,
    values: dict,
    errors: dict[str, str],
    actor: Actor | None,
    status_code: int = 200,
    conflict: dict | None = None,
) -> Response:
    if "parent_id" in errors:  # the form's field is the parent's name
        errors = {**errors, "parent": errors["parent_id"]}
    return render(
        request,
        "pages/actor_form.html",
        {
            "values": values,
            "errors": errors,
            "actor": actor,
            "actor_kinds": list(ActorKind),
            "conflict": conflict,
        },
        status_code=status_code,
    )


def _actor(session: Session, actor_id: int) -> Actor:
    actor = session.get(Actor, actor_id)
    if actor is None:
        raise HTTPException(404, f"There is no actor number {actor_id}.")
    return actor


def _actor_values(session: Session, actor: Actor) -> dict:
    parent = session.get(Actor, actor.parent_id) if actor.parent_id else None
    aliases = actor_edits.aliases_of(session, saved_id(actor))
    return {
        "name": actor.name,
        "kind": actor.kind,
        "parent": parent.name if parent else "",
        "description": actor.description,
        "aliases": "\n".join(aliases),
        "version": actor.version,
    }


def _actor_data(session: Session, form: dict, errors: dict[str, str]) -> dict:
    data = {k: form.get(k, "") for k in ("name", "kind", "description")}
    data["aliases"] = form_lines(form.get("aliases", ""))
    data["parent_id"] = None
    if parent_name := str(form.get("parent", "")).strip():
        parent = actor_edits.find_actor_by_name(session, parent_name)
        if parent is None:
            errors["parent"] = f"No actor is called “{parent_name}”."
        else:
            data["parent_id"] = parent.id
    return data


def _to_actor_page(request: Request, actor: Actor) -> RedirectResponse:
    return RedirectResponse(
        ref_path(request, "actor_detail", saved_id(actor), actor.slug), status_code=303
    )


@router.get("/actors/new", name="actor_new")
def actor_new(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    return analyst_page(request, viewer) or _actor_form(
        request, session, values={"kind": "person"}, errors={}, actor=None
    )


@router.post("/actors/new", name="actor_create", dependencies=AnalystWrite)
async def actor_create(request: Request, session: SessionDep, viewer: AnalystDep) -> Response:
    form = form_dict(await request.form())

    def create() -> Actor:
        errors: dict[str, str] = {}
        data = _actor_data(session, form, errors)
        if errors:
            raise InvalidInput(errors)
        return actor_edits.create_actor(session, ActorCreate(**data), viewer.user_id)

    saved = save_form(session, create)
    if isinstance(saved, Refused):
        return _actor_form(
            request, session, values=form, errors=saved.errors, actor=None, status_code=422
        )
    return _to_actor_page(request, saved)


@router.get("/actors/{actor_id}/edit", name="actor_edit")
def actor_edit(request: Request, actor_id: int, session: SessionDep, viewer: ViewerDep) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    actor = _actor(session, actor_id)
    return _actor_form(
        request, session, values=_actor_values(session, actor), errors={}, actor=actor
    )


@router.post("/actors/{actor_id}/edit", name="actor_update", dependencies=AnalystWrite)
async def actor_update(
    request: Request, actor_id: int, session: SessionDep, viewer: AnalystDep
) -> Response:
    raw = await request.form()
    form = form_dict(raw)
    version = int_or_none(raw.get("version")) or 0

    def update() -> Actor:
        errors: dict[str, str] = {}
        data = _actor_data(session, form, errors)
        if errors:
            raise InvalidInput(errors)
        return actor_edits.update_actor(
            session, actor_id, ActorUpdate(**data), version, viewer.user_id
        )

    saved = save_form(session, update)
    if isinstance(saved, Refused):
        current = _actor(session, actor_id)
        return _actor_form(
            request,
            session,
            values={**form, "version": current.version if saved.conflict else version},
            errors=saved.errors,
            actor=current,
            status_code=saved.status_code,
            conflict=_actor_values(session, current) if saved.conflict else None,
        )
    return _to_actor_page(request, saved)


@router.post("/actors/{actor_id}/delete", name="actor_delete", dependencies=AnalystWrite)
def actor_delete(
    request: Request,
    actor_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
) -> Response:
    act_or_refuse(
        session,
        lambda: actor_edits.delete_actor(session, actor_id, version, viewer.user_id),
        conflict="The actor changed after you opened the form; nothing was deleted.",
        invalid_status=409,  # it is still in use: its state, not the input, is in the way
    )
    return RedirectResponse(path_to(request, "actor_list"), status_code=303)
