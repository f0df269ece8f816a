"""Reading notes: the thread on a claim or a dispute, replies nested under their parent."""

from dataclasses import dataclass, field
from datetime import datetime

from app.db import HasConnection, LeanQuery
from app.models import Note
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


# One thread is a claim's or a dispute's: the other id is NULL and matches nothing.
_NOTES_SQL = """
SELECT n.id, n.version, n.body, n.visibility, n.author_id, u.username,
       n.created_at, n.updated_at, n.parent_id
FROM note AS n LEFT JOIN user_account AS u ON u.id = n.author_id
WHERE (n.claim_id = :claim_id OR n.dispute_id = :dispute_id) {visibility}
ORDER BY n.created_at, n.id
"""
_NOTE_TYPES = {6: Note.created_at.type, 7: Note.updated_at.type}
_ALL_NOTES = LeanQuery(_NOTES_SQL.format(visibility=""), _NOTE_TYPES)
_PUBLIC_NOTES = LeanQuery(_NOTES_SQL.format(visibility="AND n.visibility = :public"), _NOTE_TYPES)


def notes_thread(
    session: HasConnection,
    *,
    claim_id: int | None = None,
    dispute_id: int | None = None,
    include_private: bool = False,
) -> list[NoteView]:
    """Top-level notes, oldest first, each with its replies. Readers see public notes only; a
    reply to a note they cannot see is not shown either."""
    query = _PUBLIC_NOTES if not include_private else _ALL_NOTES
    rows = query.rows(
        session, claim_id=claim_id, dispute_id=dispute_id, public=NoteVisibility.public
    )
    views: dict[int, NoteView] = {}
    roots: list[NoteView] = []
    for note_id, version, body, visibility, author_id, author, created, updated, parent_id in rows:
        note = NoteView(
            note_id, version, body, visibility, author_id, author or "former user", created, updated
        )
        views[note.id] = note
        if parent_id is None:
            roots.append(note)
        elif parent_id in views:
            views[parent_id].replies.append(note)
    return roots
