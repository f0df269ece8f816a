"""The record of changes: every create, update, delete, publish, merge and revert of a claim,
link, dispute, actor or note, with who made it, when, and the object before and after.

Reverting a change is app.services.edit.revert's, which knows how each noun is put back."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.models import Change, User, saved_id
from app.vocabulary import ChangeAction

Snapshot = dict[str, Any]


def plain(value: Any) -> Any:
    """A JSON-safe copy of a value (dates as ISO strings)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def record(
    session: Session,
    entity: str,
    entity_id: int,
    action: ChangeAction,
    user_id: int | None,
    before: Snapshot | None,
    after: Snapshot | None,
    reverts_id: int | None = None,
) -> Change:
    change = Change(
        entity=entity,
        entity_id=entity_id,
        action=action,
        user_id=user_id,
        before=plain(before),
        after=plain(after),
        reverts_id=reverts_id,
    )
    session.add(change)
    session.flush()
    return change


@dataclass(frozen=True, slots=True)
class ChangeView:
    id: int
    entity: str
    entity_id: int
    action: str
    at: datetime
    user_name: str | None
    before: Snapshot | None
    after: Snapshot | None
    reverts_id: int | None

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = [k for k in (*before, *(k for k in after if k not in before)) if k != "version"]
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def history(session: Session, entity: str, entity_id: int) -> list[ChangeView]:
    rows = session.execute(
        select(Change, User.username)
        .outerjoin(User, User.id == Change.user_id)
        .where(Change.entity == entity, Change.entity_id == entity_id)
        .order_by(Change.id.desc())
    ).all()
    return [_view(change, name) for change, name in rows]


def _view(change: Change, user_name: str | None) -> ChangeView:
    return ChangeView(
        saved_id(change),
        change.entity,
        change.entity_id,
        change.action,
        change.at,
        user_name,
        change.before,
        change.after,
        change.reverts_id,
    )
