"""Creating, renaming, grading, merging and deleting disputes."""

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from app.models import Dispute, DisputeClaim, Note, saved_id
from app.schemas import DisputeCreate, DisputeUpdate
from app.services import history
from app.services.edit import InvalidInput, NotFound, claim_version, next_claim_position
from app.slugs import slugify
from app.vocabulary import ChangeAction, DisputeStatus

ENTITY = "dispute"
FIELDS = ("title", "slug", "status", "summary", "grade", "grade_note", "merged_into_id")


def snapshot(session: Session, dispute_id: int) -> dict[str, Any] | None:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        return None
    claim_ids = list(
        session.execute(
            select(DisputeClaim.claim_id)
            .where(DisputeClaim.dispute_id == dispute_id)
            .order_by(DisputeClaim.position, DisputeClaim.claim_id)
        ).scalars()
    )
    return {
        "id": dispute.id,
        "version": dispute.version,
        **{name: getattr(dispute, name) for name in FIELDS},
        "claim_ids": claim_ids,
    }


def unique_slug(session: Session, title: str, dispute_id: int | None = None) -> str:
    base = slugify(title)
    slug, n = base, 2
    while session.execute(
        select(Dispute.id).where(Dispute.slug == slug, Dispute.id != (dispute_id or 0))
    ).first():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_dispute(session: Session, data: DisputeCreate, user_id: int | None) -> Dispute:
    dispute = Dispute(
        title=data.title,
        slug=unique_slug(session, data.title),
        status=data.status,
        summary=data.summary,
        grade=data.grade,
        grade_note=data.grade_note,
    )
    session.add(dispute)
    session.flush()
    history.record(
        session,
        ENTITY,
        saved_id(dispute),
        ChangeAction.create,
        user_id,
        None,
        snapshot(session, saved_id(dispute)),
    )
    return dispute


def update_dispute(
    session: Session,
    dispute_id: int,
    data: DisputeUpdate,
    expected_version: int,
    user_id: int | None,
) -> Dispute:
    """Renaming changes the slug; the old permalink goes on working (it redirects by id)."""
    before = snapshot(session, dispute_id)
    if before is None:
        raise NotFound(f"There is no dispute number {dispute_id}.")
    claim_version(session, Dispute, dispute_id, expected_version)
    dispute = session.get_one(Dispute, dispute_id)
    changes = data.model_dump(exclude_unset=True)
    if "title" in changes and changes["title"] != dispute.title:
        dispute.slug = unique_slug(session, changes["title"], dispute_id)
    for name, value in changes.items():
        setattr(dispute, name, value)
    session.add(dispute)
    session.flush()
    history.record(
        session,
        ENTITY,
        dispute_id,
        ChangeAction.update,
        user_id,
        before,
        snapshot(session, dispute_id),
    )
    return dispute


def merge_disputes(
    session: Session, source_id: int, target_id: int, expected_version: int, user_id: int | None
) -> Dispute:
    """Fold `source` into `target`: its claims and notes move over, and its permalink
    redirects to the target from then on."""
    if source_id == target_id:
        raise InvalidInput({"target_id": "A dispute cannot be merged into itself."})
    target = session.get(Dispute, target_id)
    if target is None or target.merged_into_id is not None:
        raise InvalidInput({"target_id": "Choose a dispute that exists and has not been merged."})
    before_source, before_target = snapshot(session, source_id), snapshot(session, target_id)
    if before_source is None:
        raise NotFound(f"There is no dispute number {source_id}.")
    assert before_target is not None  # the target was read above
    claim_version(session, Dispute, source_id, expected_version)
    held = set(before_target["claim_ids"])
    next_position = next_claim_position(session, target_id)
    for offset, claim_id in enumerate(c for c in before_source["claim_ids"] if c not in held):
        session.add(
            DisputeClaim(dispute_id=target_id, claim_id=claim_id, position=next_position + offset)
        )
    session.execute(delete(DisputeClaim).where(DisputeClaim.dispute_id == source_id))
    session.execute(update(Note).where(Note.dispute_id == source_id).values(dispute_id=target_id))
    source = session.get_one(Dispute, source_id)
    source.merged_into_id = target_id
    source.status = DisputeStatus.archived
    target.version += 1
    session.add_all([source, target])
    session.flush()
    history.record(
        session,
        ENTITY,
        source_id,
        ChangeAction.merge,
        user_id,
        before_source,
        snapshot(session, source_id),
    )
    history.record(
        session,
        ENTITY,
        target_id,
        ChangeAction.merge,
        user_id,
        before_target,
        snapshot(session, target_id),
    )
    return target


def delete_dispute(
    session: Session, dispute_id: int, expected_version: int, user_id: int | None
) -> None:
    """The dispute goes; its claims stay (they may belong to other disputes)."""
    before = snapshot(session, dispute_id)
    if before is None:
        raise NotFound(f"There is no dispute number {dispute_id}.")
    claim_version(session, Dispute, dispute_id, expected_version)
    if session.execute(select(Dispute.id).where(Dispute.merged_into_id == dispute_id)).first():
        raise InvalidInput(
            {
                "dispute": "Other disputes were merged into this one; their permalinks "
                "redirect here. Archive it instead."
            }
        )
    session.execute(delete(Dispute).where(Dispute.id == dispute_id))
    session.flush()
    history.record(session, ENTITY, dispute_id, ChangeAction.delete, user_id, before, None)


def restore(session: Session, dispute_id: int, state: dict[str, Any] | None) -> None:
    dispute = session.get(Dispute, dispute_id)
    if state is None:
        if dispute is not None:
            session.delete(dispute)
        return
    if dispute is None:
        dispute = Dispute(id=dispute_id, title=state["title"], slug=state["slug"])
        session.add(dispute)
    for name in FIELDS:
        setattr(dispute, name, state[name])
    dispute.version = (dispute.version or 0) + 1
    session.flush()
    session.execute(delete(DisputeClaim).where(DisputeClaim.dispute_id == dispute_id))
    for position, claim_id in enumerate(state["claim_ids"]):
        session.add(DisputeClaim(dispute_id=dispute_id, claim_id=claim_id, position=position))
