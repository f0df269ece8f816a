"""Writes: creating, changing and deleting what analysts curate, one module per noun.

Every write checks its input, claims the version it was based on (so no edit silently
overwrites another), applies the change and records it in the history. Nothing here commits:
the request's session does, once, or rolls everything back."""

from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from app.db import rows_changed
from app.models import Dispute, DisputeClaim


class InvalidInput(ValueError):
    """Input that breaks a rule; `errors` maps each form field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class NotFound(LookupError):
    pass


class VersionConflict(Exception):
    """The object was changed by someone else after the editor loaded it."""

    def __init__(self, current: dict[str, Any] | None, current_version: int | None) -> None:
        super().__init__("changed by someone else since you loaded it")
        self.current = current
        self.current_version = current_version


def claim_version(session: Session, model: Any, obj_id: int, expected: int) -> None:
    """Move the row from version `expected` to the next one, or raise VersionConflict.

    A conditional UPDATE, so two editors racing from the same version cannot both win, on
    SQLite or PostgreSQL alike."""
    moved = rows_changed(
        session,
        update(model)
        .where(model.id == obj_id, model.version == expected)
        .values(version=expected + 1)
        .execution_options(synchronize_session=False),
    )
    if not moved:
        current = session.get(model, obj_id)
        if current is None:
            raise NotFound(f"There is no {model.__tablename__} number {obj_id}.")
        session.refresh(current)
        raise VersionConflict(None, current.version)
    obj = session.get(model, obj_id)
    if obj is not None:
        session.refresh(obj)


def next_claim_position(session: Session, dispute_id: int) -> int:
    """The position after the dispute's last claim. The dispute's row is locked first
    (PostgreSQL: FOR UPDATE; SQLite's write lock already serialises writers), so two writers
    adding claims to one dispute at once get different positions."""
    session.execute(select(Dispute.id).where(Dispute.id == dispute_id).with_for_update())
    return session.execute(
        select(func.coalesce(func.max(DisputeClaim.position) + 1, 0)).where(
            DisputeClaim.dispute_id == dispute_id
        )
    ).scalar_one()
