"""Analysts' notes on claims and disputes: add, reply, edit, delete."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import AnalystDep, AnalystWrite
from app.db import SessionDep
from app.models import MAX_ID, Dispute, Note, saved_id
from app.schemas import NoteCreate, NoteUpdate
from app.services.edit import notes as note_edits
from app.urls import path_to, ref_path
from app.web.forms import act_or_refuse

router = APIRouter(include_in_schema=False)
OptionalId = Annotated[int | None, Form(ge=1, le=MAX_ID)]
CONFLICT = "Someone changed this note after you opened it; reload to see it."


def _back(
    request: Request,
    session: Session,
    claim_id: int | None,
    dispute_id: int | None,
    anchor: str = "notes",
) -> RedirectResponse:
    if claim_id is not None:
        path = path_to(request, "claim_detail", claim_id=claim_id)
    else:
        dispute = session.get_one(Dispute, dispute_id)
        path = ref_path(request, "dispute_detail", saved_id(dispute), dispute.slug)
    return RedirectResponse(f"{path}#{anchor}", status_code=303)


@router.post("/notes", name="note_create", dependencies=AnalystWrite)
def note_create(
    request: Request,
    session: SessionDep,
    viewer: AnalystDep,
    body: Annotated[str, Form(max_length=20_000)],
    visibility: Annotated[str, Form(max_length=20)] = "public",
    claim_id: OptionalId = None,
    dispute_id: OptionalId = None,
    parent_id: OptionalId = None,
) -> Response:
    note = act_or_refuse(
        session,
        lambda: note_edits.create_note(
            session,
            NoteCreate(
                claim_id=claim_id,
                dispute_id=dispute_id,
                parent_id=parent_id,
                body=body,
                visibility=visibility,
            ),
            viewer.user_id,
        ),
        conflict=CONFLICT,
    )
    return _back(request, session, note.claim_id, note.dispute_id, f"note-{note.id}")


def _note(session: Session, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None:
        raise HTTPException(404, f"There is no note number {note_id}.")
    return note


@router.post("/notes/{note_id}/edit", name="note_update", dependencies=AnalystWrite)
def note_update(
    request: Request,
    note_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
    body: Annotated[str, Form(max_length=20_000)],
    visibility: Annotated[str, Form(max_length=20)] = "public",
) -> Response:
    note = _note(session, note_id)
    claim_id, dispute_id = note.claim_id, note.dispute_id
    act_or_refuse(
        session,
        lambda: note_edits.update_note(
            session,
            note_id,
            NoteUpdate(body=body, visibility=visibility),
            version,
            viewer.user_id,
            is_admin=viewer.is_admin,
        ),
        conflict=CONFLICT,
    )
    return _back(request, session, claim_id, dispute_id, f"note-{note_id}")


@router.post("/notes/{note_id}/delete", name="note_delete", dependencies=AnalystWrite)
def note_delete(
    request: Request,
    note_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
) -> Response:
    note = _note(session, note_id)
    claim_id, dispute_id = note.claim_id, note.dispute_id
    act_or_refuse(
        session,
        lambda: note_edits.delete_note(
            session, note_id, version, viewer.user_id, is_admin=viewer.is_admin
        ),
        conflict=CONFLICT,
    )
    return _back(request, session, claim_id, dispute_id)
