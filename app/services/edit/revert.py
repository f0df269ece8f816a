"""Reverting a recorded change: the object is put back as it was before it, as a new change.

Each noun's edit module says how to read an object's current state (`snapshot`) and how to
put a recorded state back (`restore`); `RESTORERS` below lists them all."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.models import Change
from app.services.edit import actors, claims, disputes, links, notes
from app.services.history import Snapshot, plain, record
from app.vocabulary import ChangeAction


class RevertConflict(ValueError):
    """The object changed after the change being reverted; reverting would overwrite that."""


@dataclass(frozen=True, slots=True)
class Restorer:
    """How to read an object's current state and how to put a recorded state back."""

    snapshot: Callable[[Session, int], Snapshot | None]
    restore: Callable[[Session, int, Snapshot | None], None]


RESTORERS: dict[str, Restorer] = {
    module.ENTITY: Restorer(module.snapshot, module.restore)
    for module in (claims, links, disputes, actors, notes)
}


def _comparable(snapshot: Snapshot | None) -> Snapshot | None:
    # Timestamps and versions move on every write; they do not make two states different.
    if snapshot is None:
        return None
    return {k: v for k, v in plain(snapshot).items() if k not in ("version", "updated_at")}


def revert(session: Session, change_id: int, user_id: int | None) -> Change:
    """Put the object back as it was before `change_id`, as a new recorded change. Refused with
    RevertConflict if the object has changed since (that later change would be lost)."""
    change = session.get(Change, change_id)
    if change is None:
        raise LookupError(f"There is no change number {change_id}.")
    restorer = RESTORERS.get(change.entity)
    if restorer is None:
        raise RevertConflict(f"Changes to {change.entity} cannot be reverted.")
    current = restorer.snapshot(session, change.entity_id)
    if _comparable(current) != _comparable(change.after):
        raise RevertConflict(
            "This object has changed since; revert the later changes first, newest first."
        )
    try:
        with session.begin_nested():
            restorer.restore(session, change.entity_id, change.before)
            session.flush()
    except IntegrityError:
        raise RevertConflict(
            "Reverting would point at something that no longer exists (an article, actor, claim "
            "or dispute); restore that first."
        ) from None
    return record(
        session,
        change.entity,
        change.entity_id,
        ChangeAction.revert,
        user_id,
        current,
        restorer.snapshot(session, change.entity_id),
        reverts_id=change.id,
    )
