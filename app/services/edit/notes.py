"""Threaded notes on claims and disputes, public or for analysts only."""

from typing import Any

from sqlmodel import Session

from app.models import Claim, Dispute, Note, saved_id
from app.schemas import NoteCreate, NoteUpdate
from app.services import history
from app.services.edit import InvalidInput, NotFound, claim_version
from app.vocabulary import ChangeAction

ENTITY = "note"


class NotYours(PermissionError):
    pass


def snapshot(session: Session, note_id: int) -> dict[str, Any] | None:
    note = session.get(Note, note_id)
    if note is None:
        return None
    return {
        "id": note.id,
        "version": note.version,
        "claim_id": note.claim_id,
        "dispute_id": note.dispute_id,
        "parent_id": note.parent_id,
        "author_id": note.author_id,
        "body": note.body,
        "visibility": note.visibility,
    }


def create_note(session: Session, data: NoteCreate, user_id: int | None) -> Note:
    if (data.claim_id is None) == (data.dispute_id is None):
        raise InvalidInput({"target": "A note belongs to exactly one claim or one dispute."})
    if data.claim_id is not None and session.get(Claim, data.claim_id) is None:
        raise InvalidInput({"claim_id": f"There is no claim number {data.claim_id}."})
    if data.dispute_id is not None and session.get(Dispute, data.dispute_id) is None:
        raise InvalidInput({"dispute_id": f"There is no dispute number {data.dispute_id}."})
    if data.parent_id is not None:
        parent = session.get(Note, data.parent_id)
        if parent is None or (parent.claim_id, parent.dispute_id) != (
            data.claim_id,
            data.dispute_id,
        ):
            raise InvalidInput(
                {"parent_id": "A reply must answer a note on the same claim or dispute."}
            )
    note = Note(
        claim_id=data.claim_id,
        dispute_id=data.dispute_id,
        parent_id=data.parent_id,
        author_id=user_id,
        body=data.body,
        visibility=data.visibility,
    )
    session.add(note)
    session.flush()
    note_id = saved_id(note)
    history.record(
        session, ENTITY, note_id, ChangeAction.create, user_id, None, snapshot(session, note_id)
    )
    return note


def _own(note: Note, user_id: int | None, is_admin: bool) -> None:
    if not is_admin and note.author_id != user_id:
        raise NotYours("Only its author or an administrator may change a note.")


def update_note(
    session: Session,
    note_id: int,
    data: NoteUpdate,
    expected_version: int,
    user_id: int | None,
    *,
    is_admin: bool,
) -> Note:
    before = snapshot(session, note_id)
    if before is None:
        raise NotFound(f"There is no note number {note_id}.")
    _own(session.get_one(Note, note_id), user_id, is_admin)
    claim_version(session, Note, note_id, expected_version)
    note = session.get_one(Note, note_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(note, name, value)
    session.add(note)
    session.flush()
    history.record(
        session, ENTITY, note_id, ChangeAction.update, user_id, before, snapshot(session, note_id)
    )
    return note


def delete_note(
    session: Session, note_id: int, expected_version: int, user_id: int | None, *, is_admin: bool
) -> None:
    """Deleting a note deletes its replies with it (each thread hangs from its parent)."""
    before = snapshot(session, note_id)
    if before is None:
        raise NotFound(f"There is no note number {note_id}.")
    _own(session.get_one(Note, note_id), user_id, is_admin)
    claim_version(session, Note, note_id, expected_version)
    session.delete(session.get(Note, note_id))
    session.flush()
    history.record(session, ENTITY, note_id, ChangeAction.delete, user_id, before, None)


def restore(session: Session, note_id: int, state: dict[str, Any] | None) -> None:
    note = session.get(Note, note_id)
    if state is None:
        if note is not None:
            session.delete(note)
        return
    if note is None:
        note = Note(id=note_id, body=state["body"])
        session.add(note)
    for name in ("claim_id", "dispute_id", "parent_id", "author_id", "body", "visibility"):
        setattr(note, name, state[name])
    note.version = (note.version or 0) + 1
