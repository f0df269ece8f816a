"""The dispute as evidence: its claims loaded once with what the evidence views need (sides,
reporting chains, figures, dates, denial types).

The views built on this (app/services/origins.py, figures_series.py, timeline.py, as_of.py)
are pure functions of a `DisputeEvidence`, so the as-of page can rebuild one from the history
and show it by the very same rules.

Which claims answer follows the dispute page's layout (app/services/disputes.py): claims
linked "same claim" form one node; a node answers when one of its claims rebuts,
counter-accuses or discredits another held claim, or when all of its claims are denials.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app import page_deps
from app.db import HasConnection, LeanQuery
from app.models import Actor, Article, Claim, ClaimLink, ClaimReporter, Dispute, DisputeClaim
from app.models import Figure as FigureRow
from app.services.views import ActorRef, ArticleRef, FigureView
from app.vocabulary import ANSWER_LINKS, ClaimKind, ClaimState, LinkKind


@dataclass(slots=True, unsafe_hash=True)
class EvidenceDispute:
    id: int
    title: str
    slug: str
    status: str
    summary: str
    grade: str | None
    grade_note: str
    merged_into_id: int | None
    created_at: datetime | None = None


# Not frozen: the dispute page's claims extend it (app.services.dispute_page.ClaimItem), each
# built once a miss, and a frozen dataclass of a dozen fields costs about three times as much
# to build (docs/performance.md, "A dispute miss, twelfth cut").
@dataclass(slots=True)
class HeldClaim:
    """One claim of a dispute, with what the evidence views read of it."""

    id: int
    kind: str
    denial_type: str | None
    statement: str
    quote: str
    event_place: str
    event_time: str
    event_date: date | None
    article: ArticleRef
    claimant: ActorRef
    reported_via: tuple[ActorRef, ...] = ()
    figures: tuple[FigureView, ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class HeldLink:
    kind: str
    source_id: int
    target_id: int


@dataclass(slots=True)
class DisputeEvidence:
    dispute: EvidenceDispute
    claims: list[HeldClaim]  # in the order the dispute holds them
    links: list[HeldLink]  # between held claims only
    # Every actor named (claimants, reporters, outlets) → the top of its family (its root).
    roots: dict[int, ActorRef] = field(default_factory=dict)
    sides: "Sides[HeldClaim]" = field(init=False)

    def __post_init__(self) -> None:
        self.sides = Sides(self.claims, self.links)

    @property
    def by_id(self) -> dict[int, HeldClaim]:
        return {c.id: c for c in self.claims}


class GroupedClaim(Protocol):
    """What the layout reads of a claim: its id and kind."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...


class _Edge(Protocol):
    """What the layout reads of a link (a HeldLink, or a card's LinkView)."""

    @property
    def kind(self) -> str: ...
    @property
    def source_id(self) -> int: ...
    @property
    def target_id(self) -> int: ...


Grouped = TypeVar("Grouped", bound=GroupedClaim)


class Sides(Generic[Grouped]):
    """The layout's rule, the one home of it: same-claim groups, which of them answer, and the
    edges between groups. The evidence views, the as-of page and the dispute page's exchange
    (app.services.disputes._Layout) all read it. `links` are between held claims only; the
    edges keep their order (the exchange's is the order the claims are held, then the links')."""

    def __init__(self, claims: Sequence[Grouped], links: Iterable[_Edge]) -> None:
        links = list(links)
        order = {c.id: i for i, c in enumerate(claims)}
        self.group = {c.id: c.id for c in claims}
        for link in links:
            if link.kind == LinkKind.same_claim:
                a, b = self.find(link.source_id), self.find(link.target_id)
                if a != b:
                    first, second = sorted((a, b), key=order.__getitem__)
                    self.group[second] = first
        self.members: dict[int, list[Grouped]] = {}
        for claim in claims:
            self.members.setdefault(self.find(claim.id), []).append(claim)
        self.answering: set[int] = set()
        self.supporting: set[int] = set()
        # answered group → [(link kind, answering group)]
        self.answered_by: dict[int, list[tuple[str, int]]] = {}
        # corroborated group → the groups corroborating it
        self.supported_by: dict[int, list[int]] = {}
        for link in links:
            source, target = self.find(link.source_id), self.find(link.target_id)
            if source == target:
                continue
            if link.kind in ANSWER_LINKS:
                self.answering.add(source)
                edges = self.answered_by.setdefault(target, [])
                if (link.kind, source) not in edges:
                    edges.append((link.kind, source))
            elif link.kind == LinkKind.corroborates:
                self.supporting.add(source)
                supporters = self.supported_by.setdefault(target, [])
                if source not in supporters:
                    supporters.append(source)
        for root, carriers in self.members.items():
            if all(c.kind == ClaimKind.denial for c in carriers):
                self.answering.add(root)

    def find(self, claim_id: int) -> int:
        while self.group[claim_id] != claim_id:
            claim_id = self.group[claim_id]
        return claim_id

    def side(self, claim_id: int) -> str:
        return "answer" if self.find(claim_id) in self.answering else "allegation"


def get_evidence_dispute(session: Session, dispute_id: int) -> EvidenceDispute | None:
    row = session.execute(
        select(
            Dispute.id,
            Dispute.title,
            Dispute.slug,
            Dispute.status,
            Dispute.summary,
            Dispute.grade,
            Dispute.grade_note,
            Dispute.merged_into_id,
            Dispute.created_at,
        ).where(Dispute.id == dispute_id)
    ).first()
    return EvidenceDispute(*row) if row else None


def load_evidence(
    session: Session, dispute_id: int, *, include_drafts: bool = False
) -> DisputeEvidence | None:
    """The dispute and its visible claims, or None when there is no such dispute. Declares
    what it shows to the page cache (app.page_deps)."""
    evidence = load_many(session, [dispute_id], include_drafts=include_drafts).get(dispute_id)
    if evidence is not None:
        declare(evidence)
    return evidence


def load_many(
    session: Session, dispute_ids: Iterable[int], *, include_drafts: bool = False
) -> dict[int, DisputeEvidence]:
    """Several disputes' evidence in six queries in all (the list pages show dozens)."""
    wanted = list(dict.fromkeys(dispute_ids))
    if not wanted:
        return {}
    disputes = {
        row[0]: EvidenceDispute(*row)
        for row in session.execute(
            select(
                Dispute.id,
                Dispute.title,
                Dispute.slug,
                Dispute.status,
                Dispute.summary,
                Dispute.grade,
                Dispute.grade_note,
                Dispute.merged_into_id,
                Dispute.created_at,
            ).where(Dispute.id.in_(wanted))
        )
    }
    states = [ClaimState.published, ClaimState.draft] if include_drafts else [ClaimState.published]
    outlet = aliased(Actor)
    rows = session.execute(
        select(
            DisputeClaim.dispute_id,
            Claim.id,
            Claim.kind,
            Claim.denial_type,
            Claim.statement,
            Claim.quote,
            Claim.event_place,
            Claim.event_time,
            Claim.event_date,
            Article.id,
            Article.title,
            Article.slug,
            Article.published_on,
            Article.url,
            outlet.id,
            outlet.name,
            outlet.slug,
            outlet.kind,
            Actor.id,
            Actor.name,
            Actor.slug,
            Actor.kind,
        )
        .join(DisputeClaim, DisputeClaim.claim_id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .join(Actor, Actor.id == Claim.claimant_id)
        .outerjoin(outlet, outlet.id == Article.outlet_id)
        .where(DisputeClaim.dispute_id.in_(list(disputes)), Claim.state.in_(states))
        .order_by(DisputeClaim.dispute_id, DisputeClaim.position, DisputeClaim.claim_id)
    ).all()
    ids = list({row[1] for row in rows})
    reporters: dict[int, list[ActorRef]] = {}
    figures: dict[int, list[FigureView]] = {}
    links: dict[int, list[HeldLink]] = {}
    if ids:
        for claim_id, *actor in session.execute(
            select(ClaimReporter.claim_id, Actor.id, Actor.name, Actor.slug, Actor.kind)
            .join(Actor, Actor.id == ClaimReporter.actor_id)
            .where(ClaimReporter.claim_id.in_(ids))
            .order_by(ClaimReporter.claim_id, ClaimReporter.position)
        ):
            reporters.setdefault(claim_id, []).append(ActorRef(*actor))
        for claim_id, *figure in session.execute(
            select(
                FigureRow.claim_id,
                FigureRow.low,
                FigureRow.high,
                FigureRow.qualifier,
                FigureRow.counts,
                FigureRow.text,
            )
            .where(FigureRow.claim_id.in_(ids))
            .order_by(FigureRow.claim_id, FigureRow.position)
        ):
            figures.setdefault(claim_id, []).append(FigureView(*figure))
        for kind, source, target in session.execute(
            select(ClaimLink.kind, ClaimLink.source_id, ClaimLink.target_id)
            .where(ClaimLink.source_id.in_(ids))
            .order_by(ClaimLink.id)
        ):
            links.setdefault(source, []).append(HeldLink(kind, source, target))
    held: dict[int, list[HeldClaim]] = {dispute_id: [] for dispute_id in disputes}
    for row in rows:
        outlet_ref = ActorRef(*row[14:18]) if row[14] is not None else None
        held[row[0]].append(
            HeldClaim(
                id=row[1],
                kind=row[2],
                denial_type=row[3],
                statement=row[4],
                quote=row[5],
                event_place=row[6],
                event_time=row[7],
                event_date=row[8],
                article=ArticleRef(row[9], row[10], row[11], outlet_ref, row[12], row[13]),
                claimant=ActorRef(*row[18:22]),
                reported_via=tuple(reporters.get(row[1], ())),
                figures=tuple(figures.get(row[1], ())),
            )
        )
    roots = actor_roots(session, _actors_named(c for claims in held.values() for c in claims))
    found = {}
    for dispute_id, claims in held.items():
        inside = {c.id for c in claims}
        mine = [link for c in claims for link in links.get(c.id, ()) if link.target_id in inside]
        evidence = DisputeEvidence(disputes[dispute_id], claims, mine)
        named = _actors_named(claims)
        evidence.roots = {a: root for a, root in roots.items() if a in named}
        found[dispute_id] = evidence
    return found


def declare(evidence: DisputeEvidence) -> None:
    """Tell the page cache what a page built from `evidence` shows."""
    page_deps.shows_one("dispute", evidence.dispute.id)
    page_deps.shows("claim", (c.id for c in evidence.claims))
    page_deps.shows("article", {c.article.id for c in evidence.claims})
    page_deps.shows("actor", evidence.roots)
    page_deps.shows("actor", {root.id for root in evidence.roots.values()})


def _actors_named(claims: Iterable[HeldClaim]) -> set[int]:
    named: set[int] = set()
    for claim in claims:
        named.add(claim.claimant.id)
        named.update(r.id for r in claim.reported_via)
        if claim.article.outlet is not None:
            named.add(claim.article.outlet.id)
    return named


def actor_roots(session: Session, actor_ids: set[int]) -> dict[int, ActorRef]:
    """Each actor → the top of its family (Konashenkov → Russian Defence Ministry → Russian
    government). A parent cycle, which the editor should never allow, stops where it closes."""
    parents: dict[int, int | None] = {}
    refs: dict[int, ActorRef] = {}
    wanted = set(actor_ids)
    while wanted:
        rows = session.execute(
            select(Actor.id, Actor.name, Actor.slug, Actor.kind, Actor.parent_id).where(
                Actor.id.in_(wanted)
            )
        ).all()
        for actor_id, name, slug, kind, parent_id in rows:
            refs[actor_id] = ActorRef(actor_id, name, slug, kind)
            parents[actor_id] = parent_id
        wanted = {p for _, *_, p in rows if p is not None and p not in parents}
    return _roots_of(refs, parents, actor_ids)


def _roots_of(
    refs: dict[int, ActorRef], parents: dict[int, int | None], actor_ids: Iterable[int]
) -> dict[int, ActorRef]:
    roots = {}
    for actor_id in actor_ids:
        seen, current = {actor_id}, actor_id
        while (parent := parents.get(current)) is not None and parent not in seen:
            seen.add(parent)
            current = parent
        if current in refs:
            roots[actor_id] = refs[current]
    return roots


# The same walk on the driver's cursor, for the dispute permalink: one lean statement per
# generation (usually two or three), each `id IN` a fixed number of parameters (8, 16, 32...,
# padded with a repeated id) so that each size is compiled once: on the 1M-claim corpus the
# walk took 85-115 us per dispute, where one recursive statement seeded from the dispute's
# claims took 125-155 us before its rows were walked.
_ACTORS_BY_COUNT: dict[int, LeanQuery] = {}


def _actor_rows(session: HasConnection, actor_ids: set[int]) -> list[Any]:
    ids = sorted(actor_ids)
    count = 8
    while count < len(ids):
        count *= 2
    query = _ACTORS_BY_COUNT.get(count)
    if query is None:
        marks = ", ".join(f":a{i}" for i in range(count))
        query = _ACTORS_BY_COUNT[count] = LeanQuery(
            f"SELECT id, name, slug, kind, parent_id FROM actor WHERE id IN ({marks})"
        )
    ids += [ids[-1]] * (count - len(ids))
    return query.rows(session, **{f"a{i}": actor_id for i, actor_id in enumerate(ids)})


def lean_actor_roots(
    session: HasConnection,
    actor_ids: set[int],
    known: Mapping[int, tuple[ActorRef, int | None]] | None = None,
) -> dict[int, ActorRef]:
    """`actor_roots`, from lean statements. `known`: actors the caller has read already, each
    with its parent's id, which are not read again (the dispute page reads its actors' parents
    with them, so that the walk starts a generation up)."""
    refs = {actor_id: ref for actor_id, (ref, _parent) in (known or {}).items()}
    parents = {actor_id: parent for actor_id, (_ref, parent) in (known or {}).items()}
    wanted = (actor_ids - parents.keys()) | {
        parent for parent in parents.values() if parent is not None and parent not in parents
    }
    while wanted:
        rows = _actor_rows(session, wanted)
        for actor_id, name, slug, kind, parent_id in rows:
            refs[actor_id] = ActorRef(actor_id, name, slug, kind)
            parents[actor_id] = parent_id
        wanted = {row[4] for row in rows if row[4] is not None and row[4] not in parents}
    return _roots_of(refs, parents, actor_ids)
