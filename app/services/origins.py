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


# Not frozen: a Chain per claim and a NodeOrigins per assertion are built on every dispute
# page's miss, and a frozen dataclass sets each field through object.__setattr__.
@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True, unsafe_hash=True)
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


@dataclass(slots=True)
class OriginsView:
    dispute: EvidenceDispute
    nodes: list[NodeOrigins]
    allegations: SideOrigins
    answers: SideOrigins
    rule: str = ORIGINS_RULE
    # What each denial type means, for the labels' tooltips: the partial needs nothing else.
    denial_rules: dict[str, str] = field(default_factory=lambda: DENIAL_TYPE_RULES)


# An outlet's key: a named outlet is its actor's id; an unnamed one is its article's, apart.
_OutletKey = int | tuple[str, int]


class _Behind:
    """The independent origins (one per organisation, by the root's id) and the outlets (by
    _OutletKey) behind some claims, each in the order first met and first met wins."""

    __slots__ = ("origins", "outlets")

    def __init__(self) -> None:
        self.origins: dict[int, ActorRef] = {}
        self.outlets: dict[_OutletKey, str] = {}

    def add_claims(self, claims: Iterable[HeldClaim], roots: dict[int, ActorRef]) -> "_Behind":
        origins, outlets = self.origins, self.outlets
        for claim in claims:
            root = roots.get(claim.claimant.id, claim.claimant)
            origins.setdefault(root.id, root)
            for relay in claim.reported_via:
                if relay.kind == "media":
                    outlets.setdefault(relay.id, relay.name)
            outlet = claim.article.outlet
            if outlet is not None:
                outlets.setdefault(outlet.id, outlet.name)
            else:
                article = claim.article
                outlets.setdefault(("article", article.id), f"outlet not named (“{article.title}”)")
        return self

    def add(self, other: "_Behind") -> None:
        """What stands behind `other`'s claims, as though they followed this one's: the
        union, in the order first met (a key already here keeps its value)."""
        origins, outlets = self.origins, self.outlets
        for key, root in other.origins.items():
            origins.setdefault(key, root)
        for outlet_key, name in other.outlets.items():
            outlets.setdefault(outlet_key, name)


def origins_of(evidence: DisputeEvidence) -> OriginsView:
    """Each assertion's origins, and each side's: the claims are read once, per assertion, and
    the corroborated assertions and the sides join their assertions' origins (_Behind.add)."""
    sides, roots = evidence.sides, evidence.roots
    behind = {
        root: _Behind().add_claims(carriers, roots) for root, carriers in sides.members.items()
    }
    nodes = []
    side_claims = {"allegation": 0, "answer": 0}
    side_behind = {"allegation": _Behind(), "answer": _Behind()}
    for root, carriers in sides.members.items():
        side = "answer" if root in sides.answering else "allegation"
        side_claims[side] += len(carriers)
        own = behind[root]
        side_behind[side].add(own)
        origins = tuple(own.origins.values())
        supporters = [g for g in sides.supported_by.get(root, []) if g not in sides.answering]
        backed = origins
        if supporters:  # else the same claims as the node's own
            union = _Behind()
            for group in (root, *supporters):
                union.add(behind[group])
            backed = tuple(union.origins.values())
        nodes.append(
            NodeOrigins(
                carriers[0],
                side,
                tuple(Chain(c.id, c.claimant, c.reported_via, c.article) for c in carriers),
                origins,
                tuple(own.outlets.values()),
                tuple(
                    (kind, sides.members[source][0].id)
                    for kind, source in sides.answered_by.get(root, [])
                ),
                tuple(sides.members[g][0].id for g in supporters),
                backed,
            )
        )
    totals = {
        side: SideOrigins(
            side_claims[side],
            tuple(side_behind[side].origins.values()),
            tuple(side_behind[side].outlets.values()),
        )
        for side in side_claims
    }
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
