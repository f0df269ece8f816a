"""Actors: the list, and one actor with what it alleged, denied, and who answered whom."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from app import page_deps
from app.models import Actor, ActorAlias, Article, Claim, ClaimReporter
from app.services.claims import claim_cards, visible_states
from app.services.views import ActorRef, ClaimCard, Page
from app.vocabulary import ANSWER_LINKS, ClaimKind


@dataclass(frozen=True, slots=True)
class Exchange:
    """One claim answering another: `answer` (by `answer.claimant`) answers `target`."""

    kind: str
    answer: ClaimCard
    target: ClaimCard


@dataclass(slots=True)
class ActorView:
    actor: ActorRef
    description: str
    aliases: list[str]
    lineage: list[ActorRef]  # parent, grandparent, … outwards
    members: list[ActorRef]
    made: list[ClaimCard] = field(default_factory=list)
    answered_by_others: list[Exchange] = field(default_factory=list)
    answered_others: list[Exchange] = field(default_factory=list)
    reported: list[ClaimCard] = field(default_factory=list)
    article_count: int = 0
    version: int = 1

    @property
    def alleged(self) -> list[ClaimCard]:
        return [c for c in self.made if c.kind != ClaimKind.denial]

    @property
    def denied(self) -> list[ClaimCard]:
        return [c for c in self.made if c.kind == ClaimKind.denial]


_REF = (Actor.id, Actor.name, Actor.slug, Actor.kind)


def get_actor(session: Session, actor_id: int, *, include_drafts: bool = False) -> ActorView | None:
    row = session.execute(
        select(*_REF, Actor.description, Actor.parent_id, Actor.version).where(Actor.id == actor_id)
    ).first()
    if row is None:
        return None
    lineage = []
    parent_id, seen = row[5], {actor_id}
    while parent_id is not None and parent_id not in seen:  # guard against a cycle
        seen.add(parent_id)
        parent = session.execute(
            select(*_REF, Actor.parent_id).where(Actor.id == parent_id)
        ).first()
        if parent is None:
            break
        lineage.append(ActorRef(*parent[:4]))
        parent_id = parent[4]
    view = ActorView(
        actor=ActorRef(*row[:4]),
        description=row[4],
        aliases=list(
            session.execute(
                select(ActorAlias.alias)
                .where(ActorAlias.actor_id == actor_id)
                .order_by(ActorAlias.alias)
            ).scalars()
        ),
        lineage=lineage,
        members=[
            ActorRef(*r)
            for r in session.execute(
                select(*_REF).where(Actor.parent_id == actor_id).order_by(Actor.name)
            )
        ],
        version=row[6],
        article_count=session.execute(
            select(func.count()).select_from(Article).where(Article.outlet_id == actor_id)
        ).scalar_one(),
    )
    states = visible_states(include_drafts)
    made_ids = list(
        session.execute(
            select(Claim.id)
            .where(Claim.claimant_id == actor_id, Claim.state.in_(states))
            .order_by(Claim.id)
        ).scalars()
    )
    reported_ids = list(
        session.execute(
            select(ClaimReporter.claim_id)
            .where(ClaimReporter.actor_id == actor_id)
            .order_by(ClaimReporter.claim_id)
        ).scalars()
    )
    made = claim_cards(session, made_ids, include_drafts=include_drafts)
    linked_ids = {
        other
        for card in made.values()
        for link in (*card.links_in, *card.links_out)
        if link.kind in ANSWER_LINKS
        for other in (link.source_id, link.target_id)
    }
    others = claim_cards(
        session, [*linked_ids - made.keys(), *reported_ids], include_drafts=include_drafts
    )
    every = {**others, **made}
    _declare_shown(view, every.values())
    view.made = [made[i] for i in made_ids if i in made]
    view.reported = [every[i] for i in reported_ids if i in every]
    for card in view.made:
        for link in card.links_in:
            if link.kind in ANSWER_LINKS and link.source_id in every:
                view.answered_by_others.append(Exchange(link.kind, every[link.source_id], card))
        for link in card.links_out:
            if link.kind in ANSWER_LINKS and link.target_id in every:
                view.answered_others.append(Exchange(link.kind, card, every[link.target_id]))
    return view


def _declare_shown(view: ActorView, cards: Iterable[ClaimCard]) -> None:
    """Everything the actor page shows, for the page cache (app.page_deps)."""
    page_deps.shows("actor", [view.actor.id, *(a.id for a in (*view.lineage, *view.members))])
    # The claims it made or reported, and the articles it published (their count).
    page_deps.shows_one("by_actor", view.actor.id)
    for card in cards:
        page_deps.shows_one("claim", card.id)
        page_deps.shows_one("article", card.article.id)
        if card.article.outlet is not None:
            page_deps.shows_one("actor", card.article.outlet.id)
        page_deps.shows("actor", [card.claimant.id, *(a.id for a in card.reported_via)])
        page_deps.shows("dispute", card.dispute_ids)


@dataclass(frozen=True, slots=True)
class ActorSummary:
    actor: ActorRef
    parent: ActorRef | None
    claim_count: int


def list_actors(session: Session, *, limit: int, offset: int) -> Page[ActorSummary]:
    total = session.execute(select(func.count()).select_from(Actor)).scalar_one()
    parent = Actor.__table__.alias("parent")
    claim_count = (
        select(func.count())
        .where(Claim.claimant_id == Actor.id, Claim.state == "published")
        .correlate(Actor)
        .scalar_subquery()
    )
    rows = session.execute(
        select(*_REF, parent.c.id, parent.c.name, parent.c.slug, parent.c.kind, claim_count)
        .outerjoin(parent, parent.c.id == Actor.parent_id)
        .order_by(Actor.name)
        .limit(limit)
        .offset(offset)
    ).all()
    items = [
        ActorSummary(ActorRef(*r[:4]), ActorRef(*r[4:8]) if r[4] is not None else None, r[8])
        for r in rows
    ]
    return Page(items, total, limit, offset)


def names_like(session: Session, term: str) -> list[str]:
    """Actor names, then aliases, holding `term` (case-insensitive): the type-ahead's options."""
    pattern = f"%{term}%"
    names = list(
        session.execute(
            select(Actor.name).where(Actor.name.ilike(pattern)).order_by(Actor.name).limit(15)
        ).scalars()
    )
    aliases = session.execute(
        select(ActorAlias.alias)
        .where(ActorAlias.alias.ilike(pattern))
        .order_by(ActorAlias.alias)
        .limit(10)
    ).scalars()
    return names + [alias for alias in aliases if alias not in names]


def actor_names(session: Session, actor_ids: Iterable[int]) -> dict[int, str]:
    rows = session.execute(select(Actor.id, Actor.name).where(Actor.id.in_(list(actor_ids))))
    return {actor_id: name for actor_id, name in rows}
