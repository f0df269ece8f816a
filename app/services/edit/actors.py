"""Creating, editing and deleting actors (and their aliases)."""

from typing import Any

from sqlalchemy import delete, exists, select
from sqlmodel import Session

from app.models import Actor, ActorAlias, Article, Claim, ClaimReporter, saved_id
from app.schemas import ActorCreate, ActorUpdate
from app.services import history
from app.services.edit import InvalidInput, NotFound, claim_version
from app.slugs import slugify
from app.vocabulary import ChangeAction

ENTITY = "actor"


def aliases_of(session: Session, actor_id: int) -> list[str]:
    return list(
        session.execute(
            select(ActorAlias.alias)
            .where(ActorAlias.actor_id == actor_id)
            .order_by(ActorAlias.alias)
        ).scalars()
    )


def snapshot(session: Session, actor_id: int) -> dict[str, Any] | None:
    actor = session.get(Actor, actor_id)
    if actor is None:
        return None
    aliases = aliases_of(session, actor_id)
    return {
        "id": actor.id,
        "version": actor.version,
        "name": actor.name,
        "kind": actor.kind,
        "parent_id": actor.parent_id,
        "description": actor.description,
        "aliases": aliases,
    }


def _literal(text: str) -> str:
    """`text` as a LIKE pattern that matches only itself, case aside ("%" is nobody's name)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_actor_by_name(session: Session, name: str) -> Actor | None:
    """An actor whose name or alias is `name` (case-insensitive)."""
    wanted = _literal(name.strip().lower())
    if not wanted:
        return None
    actor = (
        session.execute(select(Actor).where(Actor.name.ilike(wanted, escape="\\")))
        .scalars()
        .first()
    )
    if actor is None:
        actor = (
            session.execute(
                select(Actor)
                .join(ActorAlias, ActorAlias.actor_id == Actor.id)
                .where(ActorAlias.alias.ilike(wanted, escape="\\"))
            )
            .scalars()
            .first()
        )
    return actor


def _check(session: Session, actor_id: int | None, name: str | None, parent_id: int | None) -> None:
    errors = {}
    if name is not None:
        # The name as it will be stored (the input shapes trim it already; str.strip() trims
        # more, and such a check missed the very name the insert then hit: a 500).
        clash = session.execute(
            select(Actor.id).where(
                Actor.name.ilike(_literal(name), escape="\\"), Actor.id != (actor_id or 0)
            )
        ).first()
        if clash:
            errors["name"] = f"There is already an actor called {name}."
    if parent_id is not None:
        # Walk up from the proposed parent: reaching this actor would make a loop.
        seen, current = set(), parent_id
        while current is not None and current not in seen:
            if current == actor_id:
                errors["parent_id"] = "An actor cannot be part of itself or of its own members."
                break
            seen.add(current)
            row = session.execute(select(Actor.parent_id).where(Actor.id == current)).first()
            if row is None:
                errors["parent_id"] = f"There is no actor number {current}."
                break
            current = row[0]
    if errors:
        raise InvalidInput(errors)


def _set_aliases(session: Session, actor_id: int, aliases: list[str]) -> None:
    session.execute(delete(ActorAlias).where(ActorAlias.actor_id == actor_id))
    for alias in dict.fromkeys(a.strip() for a in aliases if a.strip()):
        session.add(ActorAlias(actor_id=actor_id, alias=alias))
    session.flush()


def create_actor(session: Session, data: ActorCreate, user_id: int | None) -> Actor:
    _check(session, None, data.name, data.parent_id)
    actor = Actor(
        name=data.name,
        slug=slugify(data.name),
        kind=data.kind,
        parent_id=data.parent_id,
        description=data.description,
    )
    session.add(actor)
    session.flush()
    actor_id = saved_id(actor)
    _set_aliases(session, actor_id, data.aliases)
    history.record(
        session, ENTITY, actor_id, ChangeAction.create, user_id, None, snapshot(session, actor_id)
    )
    return actor


def update_actor(
    session: Session, actor_id: int, data: ActorUpdate, expected_version: int, user_id: int | None
) -> Actor:
    before = snapshot(session, actor_id)
    if before is None:
        raise NotFound(f"There is no actor number {actor_id}.")
    changes = data.model_dump(exclude_unset=True)
    _check(session, actor_id, changes.get("name"), changes.get("parent_id"))
    claim_version(session, Actor, actor_id, expected_version)
    actor = session.get_one(Actor, actor_id)
    for name in ("name", "kind", "parent_id", "description"):
        if name in changes:
            setattr(actor, name, changes[name])
    if "name" in changes:
        actor.slug = slugify(actor.name)
    session.add(actor)
    session.flush()
    if "aliases" in changes:
        _set_aliases(session, actor_id, changes["aliases"])
    history.record(
        session, ENTITY, actor_id, ChangeAction.update, user_id, before, snapshot(session, actor_id)
    )
    return actor


def delete_actor(
    session: Session, actor_id: int, expected_version: int, user_id: int | None
) -> None:
    """Only an actor nothing refers to can go: claims, reports, articles and members keep it."""
    before = snapshot(session, actor_id)
    if before is None:
        raise NotFound(f"There is no actor number {actor_id}.")
    references = (
        exists().where(Claim.claimant_id == actor_id),
        exists().where(ClaimReporter.actor_id == actor_id),
        exists().where(Article.outlet_id == actor_id),
        exists().where(Actor.parent_id == actor_id),
    )
    in_use = any(session.execute(select(reference)).scalar() for reference in references)
    if in_use:
        raise InvalidInput(
            {"actor": "Claims, articles or other actors refer to this actor; change them first."}
        )
    claim_version(session, Actor, actor_id, expected_version)
    session.execute(delete(Actor).where(Actor.id == actor_id))
    session.flush()
    history.record(session, ENTITY, actor_id, ChangeAction.delete, user_id, before, None)


def restore(session: Session, actor_id: int, state: dict[str, Any] | None) -> None:
    actor = session.get(Actor, actor_id)
    if state is None:
        if actor is not None:
            session.delete(actor)
        return
    if actor is None:
        actor = Actor(
            id=actor_id, name=state["name"], slug=slugify(state["name"]), kind=state["kind"]
        )
        session.add(actor)
    actor.name, actor.kind = state["name"], state["kind"]
    actor.slug = slugify(state["name"])
    actor.parent_id, actor.description = state["parent_id"], state["description"]
    actor.version = (actor.version or 0) + 1
    session.flush()
    _set_aliases(session, actor_id, state["aliases"])
