"""The dispute permalink's lean path.

The dispute page is the page read most. A miss reads one transaction of six statements (the
dispute, its claims with article and claimant, reporters, figures, links between its claims,
notes) and lays the exchange out as a flat list of steps, so that the template is one loop
with no macro calls: about 240 macro calls per page cost more than everything else together.
The layout rules are the dispute view's (app.services.disputes.build_dispute_view)."""

from dataclasses import dataclass
from typing import Any

from app.db import LeanQuery
from app.models import Article
from app.page_deps import shows
from app.services.claims import visible_states
from app.services.disputes import (
    Answer,
    DisputeRef,
    FigureRow,
    Node,
    Row,
    build_dispute_view,
)
from app.services.notes import NoteView, notes_thread
from app.services.views import (
    ActorItem,
    ArticleItem,
    ClaimItem,
    FigureItem,
    FigureView,
    LinkView,
    OneConnection,
)
from app.urls import PageLinks
from app.vocabulary import label

_PAGE_CLAIMS = LeanQuery(
    """
    SELECT c.id, c.kind, c.state, c.statement, c.quote, c.event_place, c.event_time,
           ar.id, ar.title, ar.slug, ar.published_on,
           outlet.id, outlet.name, outlet.slug, outlet.kind,
           claimant.id, claimant.name, claimant.slug, claimant.kind
    FROM dispute_claim AS dc
    JOIN claim AS c ON c.id = dc.claim_id
    JOIN article AS ar ON ar.id = c.article_id
    JOIN actor AS claimant ON claimant.id = c.claimant_id
    LEFT JOIN actor AS outlet ON outlet.id = ar.outlet_id
    WHERE dc.dispute_id = :dispute_id
    ORDER BY dc.position, dc.claim_id
    """,
    {10: Article.published_on.type},
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
    SELECT claim_id, low, high, qualifier, counts FROM figure
    WHERE claim_id IN {_HELD}
    ORDER BY claim_id, position
    """
)
# Only links between claims the dispute holds shape its layout; a hidden end is dropped below.
_PAGE_LINKS = LeanQuery(
    f"""
    SELECT id, kind, source_id, target_id FROM claim_link
    WHERE source_id IN {_HELD} AND target_id IN {_HELD}
    ORDER BY id
    """
)


@dataclass(slots=True)
class DisputePage:
    """What the dispute permalink renders. `steps` is the exchange in document order:
    (what, item, extra) tuples the template prints one after another (see _Steps)."""

    dispute: DisputeRef
    href: str
    steps: list[tuple[str, Any, Any]]
    figures: list[FigureRow]
    articles: list[ArticleItem]
    actors: list[tuple[ActorItem, str]]  # with its roles, as read: "claimant, reported it"
    allegation_count: int
    answer_count: int
    notes: list[NoteView]


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
) -> DisputePage:
    """The dispute permalink's view, from one transaction (the request's read session)."""
    db = OneConnection(session)
    dispute_id = dispute.id
    visible = visible_states(include_drafts)
    items = _Items(links)
    articles: dict[int, ArticleItem] = {}
    claims: dict[int, ClaimItem] = {}
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
        claim_id, kind = row[0], row[1]
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
        )
    # Hidden claims too: publishing one changes this page.
    shows("dispute", (dispute_id,))
    shows("claim", held)
    if claims:
        for claim_id, *actor in _PAGE_REPORTERS.rows(db, dispute_id=dispute_id):
            if (item := claims.get(claim_id)) is not None:
                item.reported_via.append(items.actor(*actor))
        for claim_id, low, high, qualifier, counts in _PAGE_FIGURES.rows(db, dispute_id=dispute_id):
            if (item := claims.get(claim_id)) is not None:
                value = FigureView(low, high, qualifier, counts, "").value
                item.figures.append(FigureItem(qualifier, value, counts, label(counts)))
        for link_id, kind, source_id, target_id in _PAGE_LINKS.rows(db, dispute_id=dispute_id):
            if (item := claims.get(source_id)) is not None and target_id in claims:
                item.links_out.append(LinkView(link_id, kind, source_id, target_id))
    notes = notes_thread(db, dispute_id=dispute_id, include_private=include_private_notes)
    shows("article", articles)
    shows("actor", items.actors)
    shows("user", _note_authors(notes))
    # The layout rules only read id, kind and links_out: the items stand in for cards.
    view = build_dispute_view(dispute, list(claims.values()))  # type: ignore[arg-type]
    return DisputePage(
        dispute=dispute,
        href=links.dispute(dispute_id, dispute.slug),
        steps=_Steps(view.rows).steps,
        figures=view.figures,
        articles=view.articles,  # type: ignore[arg-type]
        actors=[(s.actor, ", ".join(s.roles)) for s in view.actors],  # type: ignore[misc]
        allegation_count=view.allegation_count,
        answer_count=view.answer_count,
        notes=notes,
    )


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

    def __init__(self, rows: list[Row]) -> None:
        self.steps: list[tuple[str, Any, Any]] = []
        add = self.steps.append
        for row in rows:
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
