"""What the ids in a history's snapshots name: "claimant_id 12" is shown as the actor's name,
linked to its page. Snapshots keep ids (a revert needs them); names are looked up when the
history is shown, so they are today's names."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.models import Actor, Article, Claim, Dispute
from app.services.history import ChangeView
from app.vocabulary import label

# Snapshot fields holding the ids of other objects, and the kind of object they name.
_FIELD_KINDS = {
    "claimant_id": "actor",
    "reported_via": "actor",
    "article_id": "article",
    "source_id": "claim",
    "target_id": "claim",
    "claim_id": "claim",
    "claim_ids": "claim",
    "dispute_id": "dispute",
    "merged_into_id": "dispute",
}
# "parent_id" is an actor's parent organisation; a note's parent is another note (no page).
_PARENT_KINDS = {"actor": "actor"}

_LABELS = {
    "claimant_id": "claimant",
    "article_id": "article",
    "source_id": "answering claim",
    "target_id": "answered claim",
    "claim_id": "claim",
    "claim_ids": "claims",
    "dispute_id": "dispute",
    "merged_into_id": "merged into",
    "reported_via": "reported via",
}
_PARENT_LABELS = {"actor": "part of", "note": "reply to"}

STATEMENT_CHARS = 90  # a claim is named by its statement, cut to this length


@dataclass(frozen=True, slots=True)
class Named:
    """An object a recorded value points at. `name` is None when it no longer exists."""

    kind: str
    id: int
    name: str | None
    slug: str = ""


def field_kind(entity: str, field: str) -> str | None:
    """The kind of object `field` of an `entity` snapshot names, or None for a plain value."""
    if field == "parent_id":
        return _PARENT_KINDS.get(entity)
    return _FIELD_KINDS.get(field)


def field_label(entity: str, field: str) -> str:
    """The field as people call it ("claimant", not "claimant_id")."""
    if field == "parent_id":
        return _PARENT_LABELS.get(entity, "parent")
    return _LABELS.get(field) or label(field)


def referenced(entity: str, field: str, value: Any) -> list[int] | None:
    """The ids a recorded value names, or None when the field holds no reference."""
    if field_kind(entity, field) is None or value is None:
        return None
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def names_for(session: Session, changes: Iterable[ChangeView]) -> dict[tuple[str, int], Named]:
    """Every object the changes' before and after name, looked up once per kind."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for change in changes:
        for field, before, after in change.changed_fields:
            kind = field_kind(change.entity, field)
            if kind is None:
                continue
            for value in (before, after):
                wanted[kind].update(referenced(change.entity, field, value) or ())
    found: dict[tuple[str, int], Named] = {}
    for kind, ids in wanted.items():
        for named in _lookup(session, kind, ids):
            found[(kind, named.id)] = named
    for kind, ids in wanted.items():
        for missing in ids:
            found.setdefault((kind, missing), Named(kind, missing, None))
    return found


def _lookup(session: Session, kind: str, ids: set[int]) -> list[Named]:
    if not ids:
        return []
    if kind == "actor":
        rows = session.execute(select(Actor.id, Actor.name, Actor.slug).where(Actor.id.in_(ids)))
        return [Named(kind, i, name, slug) for i, name, slug in rows]
    if kind == "article":
        rows = session.execute(
            select(Article.id, Article.title, Article.slug).where(Article.id.in_(ids))
        )
        return [Named(kind, i, title, slug) for i, title, slug in rows]
    if kind == "dispute":
        rows = session.execute(
            select(Dispute.id, Dispute.title, Dispute.slug).where(Dispute.id.in_(ids))
        )
        return [Named(kind, i, title, slug) for i, title, slug in rows]
    rows = session.execute(select(Claim.id, Claim.statement).where(Claim.id.in_(ids)))
    return [Named(kind, i, _cut(statement)) for i, statement in rows]


def _cut(text: str) -> str:
    return text if len(text) <= STATEMENT_CHARS else text[: STATEMENT_CHARS - 1].rstrip() + "…"
