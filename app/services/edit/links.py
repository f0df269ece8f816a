"""Creating and deleting typed links between claims."""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.models import Claim, ClaimLink, saved_id
from app.schemas import LinkCreate
from app.services import history
from app.services.edit import InvalidInput, NotFound, claim_version
from app.vocabulary import ChangeAction

ENTITY = "link"


def snapshot(session: Session, link_id: int) -> dict[str, Any] | None:
    link = session.get(ClaimLink, link_id)
    if link is None:
        return None
    return {
        "id": link.id,
        "source_id": link.source_id,
        "target_id": link.target_id,
        "kind": link.kind,
        "note": link.note,
        "version": link.version,
    }


def create_link(session: Session, data: LinkCreate, user_id: int | None) -> ClaimLink:
    if data.source_id == data.target_id:
        raise InvalidInput({"target_id": "A claim cannot be linked to itself."})
    found = set(
        session.execute(
            select(Claim.id).where(Claim.id.in_([data.source_id, data.target_id]))
        ).scalars()
    )
    errors = {}
    if data.source_id not in found:
        errors["source_id"] = f"There is no claim number {data.source_id}."
    if data.target_id not in found:
        errors["target_id"] = f"There is no claim number {data.target_id}."
    if errors:
        raise InvalidInput(errors)
    duplicate = session.execute(
        select(ClaimLink.id).where(
            ClaimLink.source_id == data.source_id,
            ClaimLink.target_id == data.target_id,
            ClaimLink.kind == data.kind,
        )
    ).first()
    if duplicate:
        raise InvalidInput({"target_id": "These claims are already linked that way."})
    link = ClaimLink(
        source_id=data.source_id, target_id=data.target_id, kind=data.kind, note=data.note
    )
    session.add(link)
    session.flush()
    link_id = saved_id(link)
    history.record(
        session, ENTITY, link_id, ChangeAction.create, user_id, None, snapshot(session, link_id)
    )
    return link


def delete_link(session: Session, link_id: int, expected_version: int, user_id: int | None) -> None:
    before = snapshot(session, link_id)
    if before is None:
        raise NotFound(f"There is no link number {link_id}.")
    claim_version(session, ClaimLink, link_id, expected_version)
    session.delete(session.get(ClaimLink, link_id))
    session.flush()
    history.record(session, ENTITY, link_id, ChangeAction.delete, user_id, before, None)


def restore(session: Session, link_id: int, state: dict[str, Any] | None) -> None:
    link = session.get(ClaimLink, link_id)
    if state is None:
        if link is not None:
            session.delete(link)
        return
    if link is None:
        link = ClaimLink(
            id=link_id,
            source_id=state["source_id"],
            target_id=state["target_id"],
            kind=state["kind"],
        )
    link.kind, link.note = state["kind"], state["note"]
    link.version = (link.version or 0) + 1
    session.add(link)
