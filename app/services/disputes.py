"""Disputes: the list with its counts, and the dispute page's allegation/answer layout."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from app.db import LeanQuery
from app.models import Article, Claim, ClaimLink, Dispute, DisputeClaim, DisputeTally
from app.page_deps import shows
from app.services.claims import dispute_claim_cards, visible_states
from app.services.evidence import (
    DisputeEvidence,
    EvidenceDispute,
    HeldClaim,
    HeldLink,
    NodeOrigins,
    OriginsView,
    dispute_actor_roots,
    origins_of,
)
from app.services.evidence import declare as declare_evidence
from app.services.figures_series import FiguresView, figures_of
from app.services.notes import NoteView, notes_thread
from app.services.views import (
    ActorItem,
    ActorRef,
    ArticleItem,
    ArticleRef,
    ClaimCard,
    ClaimItem,
    FigureItem,
    FigureView,
    LinkView,
    OneConnection,
    Page,
)
from app.urls import PageLinks
from app.vocabulary import ANSWER_LINKS, ClaimKind, DenialType, LinkKind, label


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class FigureRow:
    claim: ClaimCard
    figure: FigureView
    side: str  # "allegation" or "answer"


@dataclass(frozen=True, slots=True)
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
    f"SELECT {', '.join(column.key for column in _DISPUTE_COLUMNS)}"
    " FROM dispute WHERE id = :dispute_id"
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
    asked = current = get_dispute_ref(session, dispute_id)
    if asked is None:
        return None
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
    filters = [Dispute.merged_into_id.is_(None)]
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


def build_dispute_view(dispute: DisputeRef, claims: list[ClaimCard]) -> DisputeView:
    """Lay the dispute's claims out as allegations beside their answers (pure; no queries)."""
    layout = _Layout(claims)
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


class _Layout:
    """Groups same-claim carriers into nodes and nests answers under what they answer."""

    def __init__(self, claims: list[ClaimCard]) -> None:
        self.claims = claims
        held = {c.id for c in claims}
        # Union-find over "same claim" links: one node per group of carriers.
        self.group = {c.id: c.id for c in claims}
        for card in claims:
            for link in card.links_out:
                if link.kind == LinkKind.same_claim and link.target_id in held:
                    self._union(link.source_id, link.target_id)
        self.members: dict[int, list[ClaimCard]] = {}
        for card in claims:
            self.members.setdefault(self._find(card.id), []).append(card)
        # Edges between groups, in the order the claims are held.
        self.answered_by: dict[int, list[tuple[str, int]]] = {}
        self.supported_by: dict[int, list[int]] = {}
        self.answering: set[int] = set()
        self.supporting: set[int] = set()
        for card in claims:
            source = self._find(card.id)
            for link in card.links_out:
                if link.target_id not in held:
                    continue
                target = self._find(link.target_id)
                if target == source:
                    continue
                if link.kind in ANSWER_LINKS:
                    edges = self.answered_by.setdefault(target, [])
                    if (link.kind, source) not in edges:
                        edges.append((link.kind, source))
                    self.answering.add(source)
                elif link.kind == LinkKind.corroborates:
                    supporters = self.supported_by.setdefault(target, [])
                    if source not in supporters:
                        supporters.append(source)
                    self.supporting.add(source)
        for group, carriers in self.members.items():
            if all(c.kind == ClaimKind.denial for c in carriers):
                self.answering.add(group)
        self.shown: set[int] = set()

    def _find(self, claim_id: int) -> int:
        while self.group[claim_id] != claim_id:
            self.group[claim_id] = self.group[self.group[claim_id]]
            claim_id = self.group[claim_id]
        return claim_id

    def _union(self, a: int, b: int) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            # Keep the earlier-held claim as the group's representative.
            order = {c.id: i for i, c in enumerate(self.claims)}
            first, second = sorted((root_a, root_b), key=order.__getitem__)
            self.group[second] = first

    def answer_claim_ids(self) -> set[int]:
        return {c.id for g in self.answering for c in self.members[g]}

    def rows(self) -> list[Row]:
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

    def _node(self, group: int, path: frozenset[int]) -> Node:
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


# ------------------------------------------------------------------ the permalink's lean path
# The dispute page is the page read most. A miss reads one transaction of six statements (the
# dispute, its claims with article and claimant, reporters, figures, links between its claims,
# notes) and lays the exchange out as a flat list of steps, so that the template is one loop
# with no macro calls: about 240 macro calls per page cost more than everything else together.

_PAGE_CLAIMS = LeanQuery(
    """
    SELECT c.id, c.kind, c.state, c.statement, c.quote, c.event_place, c.event_time,
           ar.id, ar.title, ar.slug, ar.published_on,
           outlet.id, outlet.name, outlet.slug, outlet.kind,
           claimant.id, claimant.name, claimant.slug, claimant.kind,
           c.denial_type, c.event_date
    FROM dispute_claim AS dc
    JOIN claim AS c ON c.id = dc.claim_id
    JOIN article AS ar ON ar.id = c.article_id
    JOIN actor AS claimant ON claimant.id = c.claimant_id
    LEFT JOIN actor AS outlet ON outlet.id = ar.outlet_id
    WHERE dc.dispute_id = :dispute_id
    ORDER BY dc.position, dc.claim_id
    """,
    {10: Article.published_on.type, 20: Claim.event_date.type},
)
_HELD = "(SELECT claim_id FROM dispute_claim WHERE dispute_id = :dispute_id)"
_PAGE_REPORTERS = LeanQuery(
    f"""
    SELECT r.claim_id, a.id, a.name, a.slug, a.kind
    FROM claim_reporter AS r JOIN actor AS a ON a.id = r.actor_id
    WHERE r.claim_id IN {_HELD}
    ORDER BY r.claim_id, r.position
    """
)
_PAGE_FIGURES = LeanQuery(
    f"""
    SELECT claim_id, low, high, qualifier, counts, text FROM figure
    WHERE claim_id IN {_HELD}
    ORDER BY claim_id, position
    """
)
# Only links between claims the dispute holds shape its layout; a hidden end is dropped below.
_PAGE_LINKS = LeanQuery(
    f"""
    SELECT id, kind, source_id, target_id, note FROM claim_link
    WHERE source_id IN {_HELD} AND target_id IN {_HELD}
    ORDER BY id
    """
)


@dataclass(frozen=True, slots=True)
class OriginNote:
    """What stands behind one assertion on the dispute page: its counts and reporting chains."""

    summary: str  # "3 outlets, 1 independent origin"
    origins: str  # the organisations, as read: "Russian government, SOHR"
    chains: tuple[str, ...]  # "SOHR → AFP → France 24"


@dataclass(slots=True)
class DisputePage:
    """What the dispute permalink renders. `steps` is the exchange in document order:
    (what, item, extra) tuples the template prints one after another (see _Steps)."""

    dispute: DisputeRef
    href: str
    steps: list[tuple[str, Any, Any]]
    articles: list[ArticleItem]
    actors: list[tuple[ActorItem, str]]  # with its roles, as read: "claimant, reported it"
    allegation_count: int
    answer_count: int
    statement_count: int
    notes: list[NoteView]
    # The evidence (app.services.evidence, figures_series), computed once per render.
    origins: OriginsView
    origin_notes: dict[int, OriginNote]  # by the lead claim of each assertion
    chart: FiguresView
    # The kinds of answer present, for the filter: (denial type, its label, how many answers).
    denial_types: list[tuple[str, str, int]]
    denial_filter: str | None = None


class _Items:
    """Builds a page's items, each actor once."""

    def __init__(self, links: PageLinks) -> None:
        self.links = links
        self.actors: dict[int, ActorItem] = {}

    def actor(self, actor_id: int, name: str, slug: str, kind: str) -> ActorItem:
        item = self.actors.get(actor_id)
        if item is None:
            item = self.actors[actor_id] = ActorItem(
                actor_id, name, kind, label(kind), self.links.actor(actor_id, slug)
            )
        return item


def get_dispute_page(
    session: Any,
    dispute: DisputeRef,
    links: PageLinks,
    *,
    include_drafts: bool = False,
    include_private_notes: bool = False,
    denial_filter: str | None = None,
) -> DisputePage:
    """The dispute permalink's view, from one transaction (the request's read session).
    `denial_filter` keeps only the answers of that DenialType in the exchange."""
    db = OneConnection(session)
    dispute_id = dispute.id
    visible = visible_states(include_drafts)
    items = _Items(links)
    articles: dict[int, ArticleItem] = {}
    article_refs: dict[int, ArticleRef] = {}
    claims: dict[int, ClaimItem] = {}
    event_dates: dict[int, Any] = {}
    claimants: dict[int, ActorRef] = {}
    held: list[int] = []
    for row in _PAGE_CLAIMS.rows(db, dispute_id=dispute_id):
        held.append(row[0])
        if row[2] not in visible:
            continue
        article = articles.get(row[7])
        if article is None:
            outlet = items.actor(*row[11:15]) if row[11] is not None else None
            published = row[10].isoformat() if row[10] is not None else ""
            article = articles[row[7]] = ArticleItem(
                row[7], row[8], links.article(row[7], row[9]), outlet, published
            )
            outlet_ref = ActorRef(*row[11:15]) if row[11] is not None else None
            article_refs[row[7]] = ArticleRef(row[7], row[8], row[9], outlet_ref, row[10], None)
        claim_id, kind, denial_type = row[0], row[1], row[19]
        claims[claim_id] = ClaimItem(
            claim_id,
            kind,
            label(kind),
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            links.claim(claim_id),
            f"{article.href}?claim={claim_id}#claim-{claim_id}",
            article,
            items.actor(*row[15:19]),
            denial_type=denial_type,
            denial_label=label(denial_type) if denial_type else "",
        )
        event_dates[claim_id] = row[20]
        claimants[claim_id] = ActorRef(*row[15:19])
    # Hidden claims too: publishing one changes this page.
    shows("dispute", (dispute_id,))
    shows("claim", held)
    reporters: dict[int, list[ActorRef]] = {}
    figures: dict[int, list[FigureView]] = {}
    held_links: list[HeldLink] = []
    if claims:
        for claim_id, *actor in _PAGE_REPORTERS.rows(db, dispute_id=dispute_id):
            if (item := claims.get(claim_id)) is not None:
                item.reported_via.append(items.actor(*actor))
                reporters.setdefault(claim_id, []).append(ActorRef(*actor))
        for claim_id, *figure in _PAGE_FIGURES.rows(db, dispute_id=dispute_id):
            if (item := claims.get(claim_id)) is not None:
                view = FigureView(*figure)
                item.figures.append(
                    FigureItem(view.qualifier, view.value, view.counts, label(view.counts))
                )
                figures.setdefault(claim_id, []).append(view)
        for link_id, kind, source_id, target_id, note in _PAGE_LINKS.rows(
            db, dispute_id=dispute_id
        ):
            if (item := claims.get(source_id)) is not None and target_id in claims:
                item.links_out.append(LinkView(link_id, kind, source_id, target_id, note))
                held_links.append(HeldLink(kind, source_id, target_id))
    notes = notes_thread(db, dispute_id=dispute_id, include_private=include_private_notes)
    shows("article", articles)
    shows("actor", items.actors)
    shows("user", _note_authors(notes))
    held_claims = [
        HeldClaim(
            id=c.id,
            kind=c.kind,
            denial_type=c.denial_type,
            statement=c.statement,
            quote=c.quote,
            event_place=c.event_place,
            event_time=c.event_time,
            event_date=event_dates[c.id],
            article=article_refs[c.article.id],
            claimant=claimants[c.id],
            reported_via=tuple(reporters.get(c.id, ())),
            figures=tuple(figures.get(c.id, ())),
        )
        for c in claims.values()
    ]
    evidence = _evidence(session, dispute, held_claims, held_links)
    origins = origins_of(evidence)
    # The layout rules only read id, kind and links_out: the items stand in for cards.
    view = build_dispute_view(dispute, list(claims.values()))  # type: ignore[arg-type]
    return DisputePage(
        dispute=dispute,
        href=links.dispute(dispute_id, dispute.slug),
        steps=_Steps(view.rows, denial_filter).steps,
        articles=view.articles,  # type: ignore[arg-type]
        actors=[(s.actor, ", ".join(s.roles)) for s in view.actors],  # type: ignore[misc]
        allegation_count=view.allegation_count,
        answer_count=view.answer_count,
        statement_count=view.statement_count,
        notes=notes,
        origins=origins,
        origin_notes={node.lead.id: _origin_note(node) for node in origins.nodes},
        chart=figures_of(evidence),
        denial_types=_denial_types(view.rows),
        denial_filter=denial_filter,
    )


def _evidence(
    session: Any, dispute: DisputeRef, claims: list[HeldClaim], links: list[HeldLink]
) -> DisputeEvidence:
    """The page's claims as the evidence views read them (app.services.evidence), from the rows
    already loaded: only the actors' families cost a query more. Declares what it shows."""
    about = EvidenceDispute(
        dispute.id,
        dispute.title,
        dispute.slug,
        dispute.status,
        dispute.summary,
        dispute.grade,
        dispute.grade_note,
        dispute.merged_into_id,
    )
    evidence = DisputeEvidence(about, claims, links)
    named = {a for c in claims for a in (c.claimant.id, *(r.id for r in c.reported_via))}
    named |= {c.article.outlet.id for c in claims if c.article.outlet is not None}
    if named:  # the dispute's every named actor, drafts' too: keep those shown
        roots = dispute_actor_roots(session, dispute.id)
        evidence.roots = {a: root for a, root in roots.items() if a in named}
    declare_evidence(evidence)
    return evidence


def _origin_note(node: NodeOrigins) -> OriginNote:
    outlets, origins = node.outlet_count, node.origin_count
    return OriginNote(
        summary=f"{outlets} outlet{'s' if outlets != 1 else ''}, "
        f"{origins} independent origin{'s' if origins != 1 else ''}",
        origins=", ".join(origin.name for origin in node.origins),
        chains=tuple(" → ".join(chain.names) for chain in node.chains),
    )


def _denial_types(rows: list[Row]) -> list[tuple[str, str, int]]:
    """The kinds of the answers in the exchange's answer columns, in vocabulary order."""
    found: dict[str, int] = {}
    for row in rows:
        for answer in row.answers:
            denial_type = answer.node.lead.denial_type
            if denial_type:
                found[denial_type] = found.get(denial_type, 0) + 1
    return [(t.value, label(t.value), found[t.value]) for t in DenialType if t.value in found]


def _note_authors(notes: list[NoteView]) -> list[int | None]:
    authors, stack = [], list(notes)
    while stack:
        note = stack.pop()
        authors.append(note.author_id)
        stack.extend(note.replies)
    return authors


class _Steps:
    """The nested rows flattened into document order. Each step opens or closes one element;
    the template (pages/dispute.html) prints each kind of step the same way everywhere:

    row / no_allegation / answers (plural?) / no_answer / row_end: an exchange row and its sides;
    node (item) ... node_end: a claim card, its lead's whole body;
    carriers (count) / carrier (item) ... group_end: the other articles carrying it;
    support ... group_end, nested ... group_end: corroborating nodes, answers to answers;
    answer (kind, its label) ... answer_end: one answer and its link kind."""

    def __init__(self, rows: list[Row], denial_filter: str | None = None) -> None:
        self.steps: list[tuple[str, Any, Any]] = []
        add = self.steps.append
        for row in rows:
            if denial_filter is not None:
                # Only the rows with an answer of that kind, and only those answers.
                answers = [a for a in row.answers if a.node.lead.denial_type == denial_filter]
                if not answers:
                    continue
                row = Row(row.allegation, answers)
            add(("row", None, None))
            if row.allegation is not None:
                self._node(row.allegation, False)
            else:
                add(("no_allegation", None, None))
            add(("answers", len(row.answers) != 1, None))
            for answer in row.answers:
                self._answer(answer)
            if not row.answers:
                add(("no_answer", None, None))
            add(("row_end", None, None))

    def _node(self, node: Node, nested_answers: bool) -> None:
        add = self.steps.append
        add(("node", node.lead, None))
        if len(node.carriers) > 1:
            add(("carriers", len(node.carriers) - 1, None))
            for carrier in node.carriers[1:]:
                add(("carrier", carrier, None))
            add(("group_end", None, None))
        if node.support:
            add(("support", None, None))
            for supporter in node.support:
                self._node(supporter, nested_answers)
            add(("group_end", None, None))
        if nested_answers and node.answers:
            add(("nested", None, None))
            for answer in node.answers:
                self._answer(answer)
            add(("group_end", None, None))
        add(("node_end", None, None))

    def _answer(self, answer: Answer) -> None:
        self.steps.append(("answer", answer.kind, label(answer.kind)))
        self._node(answer.node, True)
        self.steps.append(("answer_end", None, None))
