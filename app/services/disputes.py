"""Disputes: the list with its counts, and the dispute page's allegation/answer layout."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlmodel import Session

from app.db import LeanQuery
from app.models import Claim, ClaimLink, Dispute, DisputeClaim, DisputeTally
from app.page_deps import shows
from app.services.claims import dispute_claim_cards, visible_states
from app.services.evidence import GroupedClaim, Sides
from app.services.views import (
    ActorRef,
    ArticleRef,
    ClaimCard,
    FigureView,
    LinkView,
    Page,
)
from app.vocabulary import ClaimKind


@dataclass(slots=True, unsafe_hash=True)
class DisputeRef:
    id: int
    title: str
    slug: str
    status: str
    summary: str
    grade: str | None = None
    grade_note: str = ""
    version: int = 1
    # Set when this dispute was merged into another: its permalink redirects there.
    merged_into_id: int | None = None
    # When it was created and last changed, as stored: read with a single dispute
    # (get_dispute_ref, for the permalink's share head), not by the lists (None there).
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DisputeSummary:
    dispute: DisputeRef
    allegations: int
    answers: int
    statements: int = 0


@dataclass(slots=True)
class Node:
    """One assertion as the dispute shows it: a claim, or several articles carrying the same
    claim (linked "same claim"). The first carrier speaks for the group."""

    carriers: list[ClaimCard]
    answers: list["Answer"] = field(default_factory=list)
    support: list["Node"] = field(default_factory=list)

    @property
    def lead(self) -> ClaimCard:
        return self.carriers[0]


@dataclass(slots=True)
class Answer:
    kind: str  # the link kind: rebuts, counter_accuses, discredits_source
    node: Node


@dataclass(slots=True)
class Row:
    """An allegation beside the answers to it (allegation None: answers tied to no allegation
    held by this dispute)."""

    allegation: Node | None
    answers: list[Answer]


@dataclass(slots=True, unsafe_hash=True)
class FigureRow:
    claim: ClaimCard
    figure: FigureView
    side: str  # "allegation" or "answer"


@dataclass(slots=True, unsafe_hash=True)
class SourceActor:
    actor: ActorRef
    roles: tuple[str, ...]


@dataclass(slots=True)
class DisputeView:
    dispute: DisputeRef
    rows: list[Row]
    claims: list[ClaimCard]
    figures: list[FigureRow]
    articles: list[ArticleRef]
    actors: list[SourceActor]
    allegation_count: int
    answer_count: int
    statement_count: int = 0


_DISPUTE_COLUMNS = (
    Dispute.id,
    Dispute.title,
    Dispute.slug,
    Dispute.status,
    Dispute.summary,
    Dispute.grade,
    Dispute.grade_note,
    Dispute.version,
    Dispute.merged_into_id,
)


_DISPUTE_BY_ID = LeanQuery(
    f"SELECT {', '.join(column.key for column in _DISPUTE_COLUMNS)}, created_at, updated_at"
    " FROM dispute WHERE id = :dispute_id",
    {
        len(_DISPUTE_COLUMNS): Dispute.created_at.type,
        len(_DISPUTE_COLUMNS) + 1: Dispute.updated_at.type,
    },
)
_HELD_CLAIM_IDS = LeanQuery(
    "SELECT claim_id FROM dispute_claim WHERE dispute_id = :dispute_id ORDER BY position, claim_id"
)


def get_dispute_ref(session: Session, dispute_id: int) -> DisputeRef | None:
    row = _DISPUTE_BY_ID.first(session, dispute_id=dispute_id)
    return DisputeRef(*row) if row else None


def surviving_dispute(session: Any, dispute_id: int) -> tuple[DisputeRef, DisputeRef] | None:
    """The one rule for merged disputes, which the HTML pages and the API both follow: the
    dispute an id names, and the dispute that now stands for it: itself, or, when it was merged,
    the dispute it went into (through merges of merges). None when there is no such dispute.
    Declares every dispute it reads (app.page_deps): a redirect changes when any of them does."""
    shows("dispute", (dispute_id,))  # a 404 too: the id may be given to a new dispute
    asked = get_dispute_ref(session, dispute_id)
    if asked is None:
        return None
    current = asked
    seen = {asked.id}
    while current.merged_into_id is not None and current.merged_into_id not in seen:
        target = get_dispute_ref(session, current.merged_into_id)
        if target is None:
            break
        shows("dispute", (target.id,))
        seen.add(target.id)
        current = target
    return asked, current


@dataclass(frozen=True, slots=True)
class _Member:
    """Just enough of a claim for the layout's rules (see _Layout)."""

    id: int
    kind: str
    links_out: list[LinkView]


def dispute_counts(
    session: Session, dispute_ids: list[int], include_drafts: bool = False
) -> dict[int, tuple[int, int, int]]:
    """(allegations, answers) per dispute, by the very rules the dispute page lays out with,
    from two lean queries for the whole list."""
    if not dispute_ids:
        return {}
    members = session.execute(
        select(DisputeClaim.dispute_id, Claim.id, Claim.kind)
        .join(Claim, Claim.id == DisputeClaim.claim_id)
        .where(
            DisputeClaim.dispute_id.in_(dispute_ids),
            Claim.state.in_(visible_states(include_drafts)),
        )
        .order_by(DisputeClaim.dispute_id, DisputeClaim.position, DisputeClaim.claim_id)
    ).all()
    links: dict[int, list[LinkView]] = {}
    claim_ids = list({claim_id for _, claim_id, _ in members})
    if claim_ids:
        for link_id, kind, source_id, target_id in session.execute(
            select(ClaimLink.id, ClaimLink.kind, ClaimLink.source_id, ClaimLink.target_id).where(
                ClaimLink.source_id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": claim_ids},
        ):
            links.setdefault(source_id, []).append(LinkView(link_id, kind, source_id, target_id))
    by_dispute: dict[int, list[_Member]] = {}
    for dispute_id, claim_id, kind in members:
        by_dispute.setdefault(dispute_id, []).append(
            _Member(claim_id, kind, links.get(claim_id, []))
        )
    return {
        dispute_id: tally(claims, _Layout(claims).answer_claim_ids())
        for dispute_id, claims in by_dispute.items()
    }


def tally(claims: list[Any], answer_ids: set[int]) -> tuple[int, int, int]:
    """(allegations, answers, statements) of a dispute's claims: the allegation side holds the
    allegations and what corroborates them; a statement that answers nothing is neither."""
    statements = sum(1 for c in claims if c.id not in answer_ids and c.kind == ClaimKind.statement)
    answers = len(answer_ids)
    return len(claims) - answers - statements, answers, statements


class DisputeSort(StrEnum):
    """How /disputes is ordered (the last two by the stored tallies: app.services.dispute_tally)."""

    recent = "recent"  # most recently changed first
    answered = "answered"  # most answers first
    origins = "origins"  # most independent origins first


def list_disputes(
    session: Session,
    *,
    limit: int,
    offset: int,
    include_drafts: bool = False,
    status: str | None = None,
    sort: DisputeSort = DisputeSort.recent,
) -> Page[DisputeSummary]:
    """A page of the current disputes. Sorted by answers or origins, the caller brings the
    stored tallies up to date first (app.services.dispute_tally.bring_up_to_date)."""
    # A dispute merged into another lives on only as a redirect.
    filters: list[ColumnElement[bool]] = [Dispute.merged_into_id.is_(None)]
    if status is not None:
        filters.append(Dispute.status == status)
    total = session.execute(select(func.count()).select_from(Dispute).where(*filters)).scalar_one()
    query = select(*_DISPUTE_COLUMNS).where(*filters)
    if sort == DisputeSort.recent:
        query = query.order_by(Dispute.updated_at.desc(), Dispute.id.desc())
    else:
        stored = (
            DisputeTally.answer_count if sort == DisputeSort.answered else DisputeTally.origin_count
        )
        query = query.outerjoin(DisputeTally, DisputeTally.dispute_id == Dispute.id).order_by(
            func.coalesce(stored, 0).desc(), Dispute.updated_at.desc(), Dispute.id.desc()
        )
    disputes = session.execute(query.limit(limit).offset(offset)).all()
    counts = dispute_counts(session, [row[0] for row in disputes], include_drafts)
    items = [DisputeSummary(DisputeRef(*row), *counts.get(row[0], (0, 0, 0))) for row in disputes]
    return Page(items, total, limit, offset)


def dispute_titles(session: Session, *, excluding: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of every dispute not merged into another, by title: what a claim can be
    filed under, or a dispute merged into (`excluding` itself)."""
    query = select(Dispute.id, Dispute.title).where(Dispute.merged_into_id.is_(None))
    if excluding is not None:
        query = query.where(Dispute.id != excluding)
    rows = session.execute(query.order_by(Dispute.title))
    return [(dispute_id, title) for dispute_id, title in rows]


def disputes_by_ids(session: Session, dispute_ids: list[int]) -> dict[int, DisputeRef]:
    if not dispute_ids:
        return {}
    rows = session.execute(select(*_DISPUTE_COLUMNS).where(Dispute.id.in_(dispute_ids))).all()
    return {row[0]: DisputeRef(*row) for row in rows}


def get_dispute_view(
    session: Session, dispute_id: int, *, include_drafts: bool = False
) -> DisputeView | None:
    dispute = get_dispute_ref(session, dispute_id)
    if dispute is None:
        return None
    ordered_ids = [row[0] for row in _HELD_CLAIM_IDS.rows(session, dispute_id=dispute_id)]
    cards = dispute_claim_cards(session, dispute_id, include_drafts=include_drafts)
    claims = [cards[i] for i in ordered_ids if i in cards]
    return build_dispute_view(dispute, claims)


def build_dispute_view(
    dispute: DisputeRef, claims: list[ClaimCard], sides: Sides[Any] | None = None
) -> DisputeView:
    """Lay the dispute's claims out as allegations beside their answers (pure; no queries).
    `sides`: the claims' groups, when the caller holds them already (see _Layout)."""
    layout = _Layout(claims, sides)
    rows = layout.rows()
    answer_ids = layout.answer_claim_ids()
    allegations, answers, statements = tally(claims, answer_ids)
    figures = [
        FigureRow(card, figure, "answer" if card.id in answer_ids else "allegation")
        for card in claims
        for figure in card.figures
    ]
    return DisputeView(
        dispute=dispute,
        rows=rows,
        claims=claims,
        figures=figures,
        articles=_articles_cited(claims),
        actors=_actors_cited(claims),
        allegation_count=allegations,
        answer_count=answers,
        statement_count=statements,
    )


class _Placed(GroupedClaim, Protocol):
    """What the layout reads of a claim (a ClaimCard, or a _Member when only counting): what
    the evidence's groups read, and its links."""

    @property
    def links_out(self) -> list[LinkView]: ...


Placed = TypeVar("Placed", bound=_Placed)


class _Layout(Generic[Placed]):
    """Nests answers under what they answer, by the rule of app.services.evidence.Sides (the
    same-claim groups and the edges between them), over the claims' links in the order the
    claims are held. `sides`, when the caller holds it already (the dispute page's evidence),
    must be those very groups and edges, over the same claims in the same order."""

    def __init__(self, claims: list[Placed], sides: Sides[Any] | None = None) -> None:
        self.claims = claims
        if sides is None:
            held = {c.id for c in claims}
            sides = Sides(
                claims, [link for c in claims for link in c.links_out if link.target_id in held]
            )
            self.members: dict[int, list[Placed]] = sides.members
        else:
            by_id = {c.id: c for c in claims}
            self.members = {
                group: [by_id[c.id] for c in carriers] for group, carriers in sides.members.items()
            }
        self.answered_by = sides.answered_by
        self.supported_by = sides.supported_by
        self.answering = sides.answering
        self.supporting = sides.supporting
        self.shown: set[int] = set()

    def answer_claim_ids(self) -> set[int]:
        return {c.id for g in self.answering for c in self.members[g]}

    def rows(self: "_Layout[ClaimCard]") -> list[Row]:
        rows = []
        for group in self.members:
            if group in self.answering or group in self.supporting:
                continue
            node = self._node(group, frozenset({group}))
            rows.append(Row(node, self._row_answers(node)))
        loose = [
            Answer(self._first_kind(group), self._node(group, frozenset({group})))
            for group in self.members
            if group in self.answering and group not in self.shown
        ]
        if loose:
            rows.append(Row(None, loose))
        return rows

    @staticmethod
    def _row_answers(node: Node) -> list[Answer]:
        """What answers an allegation or the claims corroborating it, each answer once: the
        answers column of a row."""
        answers, seen = [], set()
        for holder in (node, *node.support):
            for answer in holder.answers:
                if answer.node.lead.id not in seen:
                    seen.add(answer.node.lead.id)
                    answers.append(answer)
        return answers

    def _first_kind(self, group: int) -> str:
        return self.members[group][0].kind

    def _node(self: "_Layout[ClaimCard]", group: int, path: frozenset[int]) -> Node:
        self.shown.add(group)
        node = Node(carriers=self.members[group])
        for kind, source in self.answered_by.get(group, []):
            if source not in path:  # answers can form cycles; show each once per branch
                node.answers.append(Answer(kind, self._node(source, path | {source})))
        for source in self.supported_by.get(group, []):
            if source not in path and source not in self.answering:
                node.support.append(self._node(source, path | {source}))
        return node


def _articles_cited(claims: list[ClaimCard]) -> list[ArticleRef]:
    return list({c.article.id: c.article for c in claims}.values())


def _actors_cited(claims: list[ClaimCard]) -> list[SourceActor]:
    roles: dict[int, tuple[ActorRef, list[str]]] = {}

    def note(actor: ActorRef, role: str) -> None:
        entry = roles.setdefault(actor.id, (actor, []))
        if role not in entry[1]:
            entry[1].append(role)

    for card in claims:
        note(card.claimant, "claimant")
        for reporter in card.reported_via:
            note(reporter, "reported it")
        if card.article.outlet is not None:
            note(card.article.outlet, "published it")
    return [SourceActor(actor, tuple(r)) for actor, r in roles.values()]
