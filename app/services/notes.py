"""Reading notes: the thread on a claim or a dispute, replies nested under their parent."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from app.models import Note, User
from app.vocabulary import NoteVisibility


@dataclass(slots=True)
class NoteView:
    id: int
    version: int
    body: str
    visibility: str
    author_id: int | None
    author: str
    created_at: datetime
    updated_at: datetime
    replies: list["NoteView"] = field(default_factory=list)


def notes_thread(
    session: Session,
    *,
    claim_id: int | None = None,
    dispute_id: int | None = None,
    include_private: bool = False,
) -> list[NoteView]:
    """Top-level notes, oldest first, each with its replies. Readers see public notes only; a
    reply to a note they cannot see is not shown either."""
    target = Note.claim_id == claim_id if claim_id is not None else Note.dispute_id == dispute_id
    query = (
        select(
            Note.id,
            Note.version,
            Note.body,
            Note.visibility,
            Note.author_id,
            User.username,
            Note.created_at,
            Note.updated_at,
            Note.parent_id,
        )
        .outerjoin(User, User.id == Note.author_id)
        .where(target)
        .order_by(Note.created_at, Note.id)
    )
    if not include_private:
        query = query.where(Note.visibility == NoteVisibility.public)
    views: dict[int, NoteView] = {}
    roots: list[NoteView] = []
    for *fields, parent_id in session.execute(query):
        note = NoteView(*fields[:5], fields[5] or "former user", *fields[6:])
        views[note.id] = note
        if parent_id is None:
            roots.append(note)
        elif parent_id in views:
            views[parent_id].replies.append(note)
    return roots
