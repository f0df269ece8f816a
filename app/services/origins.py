"""Origins and independence: who first-hand stands behind each assertion and side of a dispute."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from app.services.evidence import (
    DisputeEvidence,
    EvidenceDispute,
    HeldClaim,
    load_evidence,
    load_many,
)
from app.services.views import ActorRef, ArticleRef
from app.vocabulary import DENIAL_TYPE_RULES

# Written on the page (templates/partials/evidence_origins.html) and in docs/evidence.md.
ORIGINS_RULE = (
    "An origin is the first-hand source of a claim: its claimant. Two origins are independent "
    "only when they belong to different organisations: a spokesman and his ministry, or a "
    "rescue worker and his rescue group, count once (actors are grouped under their top-level "
    "parent). Claims linked as the same claim are one assertion, however many articles carry "
    "it. Outlets are every news organisation that passed the claim on: the agencies and "
    "broadcasters named in its chain of reporting, and the outlet that published each "
    "article. An article whose outlet is not stated counts as one outlet of its own, never "
    "merged with another; it adds no origin."
)


@dataclass(frozen=True, slots=True)
class Chain:
    """One carrier's chain of reporting: claimant → relays → the article's outlet."""

    claim_id: int
    claimant: ActorRef
    relays: tuple[ActorRef, ...]
    article: ArticleRef

    @property
    def names(self) -> list[str]:
        names = [self.claimant.name, *(r.name for r in self.relays)]
        outlet = self.article.outlet
        if outlet is None:
            names.append("an outlet not named in the text")
        elif outlet.name not in names:
            names.append(outlet.name)
        return names


@dataclass(frozen=True, slots=True)
class NodeOrigins:
    """An assertion (a claim and the claims carrying the same claim) and what stands behind it."""

    lead: HeldClaim
    side: str
    chains: tuple[Chain, ...]
    origins: tuple[ActorRef, ...]  # one per independent origin (the organisation)
    outlets: tuple[str, ...]  # names; an unnamed outlet as "outlet not named (article N)"
    answers: tuple[tuple[str, int], ...] = ()  # (link kind, lead claim id) of the answers
    # With the claims that corroborate it: their lead ids, and the independent origins of all.
    corroborated_by: tuple[int, ...] = ()
    origins_with_corroboration: tuple[ActorRef, ...] = ()

    @property
    def origin_count(self) -> int:
        return len(self.origins)

    @property
    def outlet_count(self) -> int:
        return len(self.outlets)


@dataclass(frozen=True, slots=True)
class SideOrigins:
    claims: int
    origins: tuple[ActorRef, ...]
    outlets: tuple[str, ...]

    @property
    def origin_count(self) -> int:
        return len(self.origins)

    @property
    def outlet_count(self) -> int:
        return len(self.outlets)


@dataclass(frozen=True, slots=True)
class OriginsView:
    dispute: EvidenceDispute
    nodes: list[NodeOrigins]
    allegations: SideOrigins
    answers: SideOrigins
    rule: str = ORIGINS_RULE
    # What each denial type means, for the labels' tooltips: the partial needs nothing else.
    denial_rules: dict[str, str] = field(default_factory=lambda: DENIAL_TYPE_RULES)


def _origins_and_outlets(
    claims: Iterable[HeldClaim], roots: dict[int, ActorRef]
) -> tuple[tuple[ActorRef, ...], tuple[str, ...]]:
    """The independent origins (one per organisation) and the outlets of `claims`."""
    origins: dict[int, ActorRef] = {}
    outlets: dict[str, str] = {}
    for claim in claims:
        root = roots.get(claim.claimant.id, claim.claimant)
        origins.setdefault(root.id, root)
        for relay in claim.reported_via:
            if relay.kind == "media":
                outlets.setdefault(f"actor:{relay.id}", relay.name)
        outlet = claim.article.outlet
        if outlet is not None:
            outlets.setdefault(f"actor:{outlet.id}", outlet.name)
        else:
            key = f"article:{claim.article.id}"
            outlets.setdefault(key, f"outlet not named (“{claim.article.title}”)")
    return tuple(origins.values()), tuple(outlets.values())


def origins_of(evidence: DisputeEvidence) -> OriginsView:
    sides = evidence.sides
    nodes = []
    by_side: dict[str, list[HeldClaim]] = {"allegation": [], "answer": []}
    for root, carriers in sides.members.items():
        side = "answer" if root in sides.answering else "allegation"
        by_side[side].extend(carriers)
        chains = tuple(Chain(c.id, c.claimant, c.reported_via, c.article) for c in carriers)
        origins, outlets = _origins_and_outlets(carriers, evidence.roots)
        supporters = [g for g in sides.supported_by.get(root, []) if g not in sides.answering]
        backed = origins
        if supporters:  # else the same claims as the node's own
            claims = [c for g in (root, *supporters) for c in sides.members[g]]
            backed = _origins_and_outlets(claims, evidence.roots)[0]
        nodes.append(
            NodeOrigins(
                lead=carriers[0],
                side=side,
                chains=chains,
                origins=origins,
                outlets=outlets,
                answers=tuple(
                    (kind, sides.members[source][0].id)
                    for kind, source in sides.answered_by.get(root, [])
                ),
                corroborated_by=tuple(sides.members[g][0].id for g in supporters),
                origins_with_corroboration=backed,
            )
        )
    totals = {}
    for side, claims in by_side.items():
        origins, outlets = _origins_and_outlets(claims, evidence.roots)
        totals[side] = SideOrigins(len(claims), origins, outlets)
    return OriginsView(evidence.dispute, nodes, totals["allegation"], totals["answer"])


def dispute_origins(
    session: Session, dispute_id: int, *, include_drafts: bool = False
) -> OriginsView | None:
    """The origins partial's view model (templates/partials/evidence_origins.html)."""
    evidence = load_evidence(session, dispute_id, include_drafts=include_drafts)
    return origins_of(evidence) if evidence is not None else None


@dataclass(frozen=True, slots=True)
class SideCounts:
    """For a dispute card: independent origins and outlets on each side."""

    allegation_origins: int
    allegation_outlets: int
    answer_origins: int
    answer_outlets: int


def origin_counts(
    session: Session, dispute_ids: Iterable[int], *, include_drafts: bool = False
) -> dict[int, SideCounts]:
    """The counts per side for the dispute cards on home and /disputes (one batch of queries
    for the whole list). The caller's page shows its disputes; it declares them itself."""
    counts = {}
    for dispute_id, evidence in load_many(
        session, dispute_ids, include_drafts=include_drafts
    ).items():
        view = origins_of(evidence)
        counts[dispute_id] = SideCounts(
            view.allegations.origin_count,
            view.allegations.outlet_count,
            view.answers.origin_count,
            view.answers.outlet_count,
        )
    return counts
