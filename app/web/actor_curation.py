"""Analysts curate actors: create, edit, delete."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import AnalystDep, AnalystWrite, ViewerDep
from app.db import SessionDep
from app.models import Actor, saved_id
from app.schemas import ActorCreate, ActorUpdate
from app.services.edit import InvalidInput
from app.services.edit import actors as actor_edits
from app.templating import render
from app.urls import path_to, ref_path
from app.vocabulary import ActorKind
from app.web.forms import Refused, act_or_refuse, form_dict, form_lines, int_or_none, save_form
from app.web.guards import analyst_page

router = APIRouter(include_in_schema=False)


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
