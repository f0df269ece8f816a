"""The dispute permalink's lean path.

The dispute page is the page read most. A miss reads one transaction of six statements (the
dispute, its claims with article and claimant, reporters, figures, links between its claims,
notes) and builds the exchange's HTML in document order as one value (_Exchange), so that the
template prints it once: about 240 macro calls per page cost more than everything else together,
and a loop over the exchange's steps still cost a few hundred of Jinja's branches and escapes.
The layout rules are the dispute view's (app.services.disputes.build_dispute_view)."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from app.db import LeanQuery
from app.escaping import escape_str, markup
from app.models import Article, Claim
from app.page_deps import shows
from app.services.claims import visible_states
from app.services.disputes import (
    Answer,
    DisputeRef,
    Node,
    Row,
    build_dispute_view,
)
from app.services.evidence import (
    DisputeEvidence,
    EvidenceDispute,
    HeldClaim,
    HeldLink,
    lean_actor_roots,
)
from app.services.evidence import declare as declare_evidence
from app.services.figures_series import FiguresView, figures_of
from app.services.notes import NoteView, notes_thread
from app.services.origins import NodeOrigins, OriginsView, origins_of
from app.services.views import ActorItem, ActorRef, ArticleItem, FigureView, OneConnection
from app.urls import PageLinks
from app.vocabulary import DENIAL_TYPE_RULES, GRADE_RULES, DenialType, label

_PAGE_CLAIMS = LeanQuery(
    """
    SELECT c.id, c.kind, c.state, c.statement, c.quote, c.event_place, c.event_time,
           ar.id, ar.title, ar.slug, ar.published_on,
           outlet.id, outlet.name, outlet.slug, outlet.kind,
           claimant.id, claimant.name, claimant.slug, claimant.kind,
           c.denial_type, c.event_date, outlet.parent_id, claimant.parent_id
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
    SELECT r.claim_id, a.id, a.name, a.slug, a.kind, a.parent_id
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
# Only links between claims the dispute shows shape its layout: the far end is checked below
# (a second `target_id IN` here made SQLite probe every pair of held claims, twice the time).
_PAGE_LINKS = LeanQuery(
    f"""
    SELECT kind, source_id, target_id FROM claim_link
    WHERE source_id IN {_HELD}
    ORDER BY id
    """
)


@dataclass(slots=True)
class DisputePage:
    """What the dispute permalink renders. `exchange` is the exchange's HTML, built in document
    order as one value (see _Exchange)."""

    dispute: DisputeRef
    href: str
    exchange: Markup
    articles: list[ArticleItem]
    actors: list[tuple[ActorItem, str]]  # with its roles, as read: "claimant, reported it"
    # The sources' two lists, each one value (their <li>s; see _cited_articles, _cited_actors).
    cited_articles: Markup
    cited_actors: Markup
    allegation_count: int
    answer_count: int
    statement_count: int
    notes: list[NoteView]
    # The page's own runs, each one value (see _masthead, _origin_totals, _denial_filter_html).
    masthead: Markup
    origin_totals: Markup
    denial_filter_html: Markup
    # The evidence (app.services.evidence, figures_series), computed once per render.
    origins: OriginsView
    chart: FiguresView
    # The kinds of answer present, for the filter: (denial type, its label, how many answers).
    denial_types: list[tuple[str, str, int]]
    denial_filter: str | None = None


_NOTHING = Markup()


@dataclass(slots=True, kw_only=True)
class ClaimItem(HeldClaim):
    """One claim of the dispute page, built once a miss (get_dispute_page): what the evidence
    reads of it, as a HeldClaim (the origins, the chart and the layout take it as it is), and
    what its card prints. Its article and actors are the page's items, which are the
    evidence's refs too (ArticleItem, ActorItem)."""

    article: ArticleItem
    claimant: ActorItem
    reported_via: tuple[ActorItem, ...] = ()
    kind_label: str
    state: str
    href: str  # the claim page
    passage_href: str  # its quote in the article
    denial_label: str = ""
    # The card's runs printed as one value each (_card_parts).
    byline: Markup = _NOTHING  # the claimant's link, and the reporters' chain
    figures_list: Markup = _NOTHING
    passage: Markup = _NOTHING  # the quote, linked to its passage, and the source line


class _Items:
    """A page's actors, each built once (an ActorItem: as printed, and as the evidence's ref),
    with its parent's id for the walk to its family's top."""

    def __init__(self, links: PageLinks) -> None:
        self.links = links
        self.actors: dict[int, tuple[ActorItem, int | None]] = {}

    def actor(
        self, actor_id: int, name: str, slug: str, kind: str, *, parent: int | None
    ) -> ActorItem:
        known = self.actors.get(actor_id)
        if known is None:
            href = self.links.actor(actor_id, slug)
            item = ActorItem.of(actor_id, name, slug, kind, label(kind), href)
            known = self.actors[actor_id] = (item, parent)
        return known[0]


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
    held: list[int] = []
    rows = []
    for row in _PAGE_CLAIMS.rows(db, dispute_id=dispute_id):
        held.append(row[0])
        if row[2] in visible:
            rows.append(row)
    # Hidden claims too: publishing one changes this page.
    shows("dispute", (dispute_id,))
    shows("claim", held)
    items = _Items(links)
    reporters: dict[int, list[ActorItem]] = {}
    figures: dict[int, list[FigureView]] = {}
    links_from: dict[int, list[HeldLink]] = {}
    if rows:
        shown = {row[0] for row in rows}
        for claim_id, *actor, parent in _PAGE_REPORTERS.rows(db, dispute_id=dispute_id):
            if claim_id in shown:
                reporters.setdefault(claim_id, []).append(items.actor(*actor, parent=parent))
        for claim_id, *figure in _PAGE_FIGURES.rows(db, dispute_id=dispute_id):
            if claim_id in shown:
                figures.setdefault(claim_id, []).append(FigureView(*figure))
        for kind, source_id, target_id in _PAGE_LINKS.rows(db, dispute_id=dispute_id):
            if source_id in shown and target_id in shown:
                links_from.setdefault(source_id, []).append(HeldLink(kind, source_id, target_id))
    # Each claim built once, whole: its card, its evidence and its chart points read it.
    articles: dict[int, ArticleItem] = {}
    claims: list[HeldClaim] = []
    for row in rows:
        article = articles.get(row[7])
        if article is None:
            outlet = items.actor(*row[11:15], parent=row[21]) if row[11] is not None else None
            href = links.article(row[7], row[9])
            article = articles[row[7]] = ArticleItem.of(
                row[7], row[8], row[9], href, outlet, row[10]
            )
        claim_id, kind, denial_type = row[0], row[1], row[19]
        claim = ClaimItem(
            id=claim_id,
            kind=kind,
            denial_type=denial_type,
            statement=row[3],
            quote=row[4],
            event_place=row[5],
            event_time=row[6],
            event_date=row[20],
            article=article,
            claimant=items.actor(*row[15:19], parent=row[22]),
            reported_via=tuple(reporters.get(claim_id, ())),
            figures=tuple(figures.get(claim_id, ())),
            kind_label=label(kind),
            state=row[2],
            href=links.claim(claim_id),
            passage_href=f"{article.href}?claim={claim_id}#claim-{claim_id}",
            denial_label=label(denial_type) if denial_type else "",
        )
        _card_parts(claim)
        claims.append(claim)
    # In the order the claims are held, then by link id, as the exchange lays them out: the
    # evidence's groups (evidence.sides) are the exchange's too.
    held_links = [link for claim in claims for link in links_from.get(claim.id, ())]
    notes = notes_thread(db, dispute_id=dispute_id, include_private=include_private_notes)
    shows("article", articles)
    shows("actor", items.actors)
    shows("user", _note_authors(notes))
    evidence = _evidence(db, dispute, claims, held_links, items.actors)
    origins = origins_of(evidence)
    # The layout rules only read id and kind here (the groups are the evidence's, over the
    # same claims and links in the same order): the page's claims stand in for cards.
    view = build_dispute_view(dispute, claims, evidence.sides)  # type: ignore[arg-type]
    # The layout's actors are the page's ActorItems, as its cards are ClaimItems.
    actors: list[tuple[ActorItem, str]] = [
        (s.actor, ", ".join(s.roles))  # type: ignore[misc]
        for s in view.actors
    ]
    # What stands behind each assertion (its counts and reporting chains), by its lead claim.
    origin_notes = {node.lead.id: _origin_note(node) for node in origins.nodes}
    href = links.dispute(dispute_id, dispute.slug)
    denial_types = _denial_types(view.rows)
    tally = (
        view.allegation_count,
        view.answer_count,
        view.statement_count,
        len(view.articles),
        len(actors),
    )
    return DisputePage(
        dispute=dispute,
        href=href,
        exchange=_Exchange(view.rows, origin_notes, denial_filter).html(),
        articles=view.articles,  # type: ignore[arg-type]
        actors=actors,
        cited_articles=_cited_articles(view.articles),  # type: ignore[arg-type]
        cited_actors=_cited_actors(actors),
        allegation_count=view.allegation_count,
        answer_count=view.answer_count,
        statement_count=view.statement_count,
        notes=notes,
        origins=origins,
        chart=figures_of(evidence),
        denial_types=denial_types,
        denial_filter=denial_filter,
        masthead=_masthead(dispute, *tally),
        origin_totals=_origin_totals(origins),
        denial_filter_html=_denial_filter_html(href, denial_types, denial_filter),
    )


# The page's head, its origins' totals and its filter by kind of answer, each laid out as
# pages/dispute.html printed them value by value (about fifty values a page, each through
# Jinja's autoescape); words escaped here. The template indents the first line of a run and
# ends its last line.


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _masthead(
    dispute: DisputeRef, allegations: int, answers: int, statements: int, articles: int, actors: int
) -> Markup:
    """The dispute's status, title, summary, tally and grade."""
    status = escape_str(dispute.status)
    lede = f'<p class="lede">{escape_str(dispute.summary)}</p>' if dispute.summary else ""
    said = (
        f'<span class="tally-statements">{_plural(statements, "statement")}</span>'
        if statements
        else ""
    )
    grade = ""
    if dispute.grade:
        mark = escape_str(dispute.grade)
        note = (
            f'<p class="grade-note">{escape_str(dispute.grade_note)}</p>'
            if dispute.grade_note
            else ""
        )
        grade = (
            f'    <div class="grade grade-{mark}">\n'
            f'      <p><span class="grade-label">Graded <strong>{mark}</strong></span>'
            f' <span class="grade-rule">{escape_str(GRADE_RULES[dispute.grade])}</span></p>\n'
            f"{note}    </div>\n"
        )
    return markup(
        f'<p class="eyebrow">Dispute <span class="status status-{status}">'
        f"{_word(label(dispute.status))}</span></p>\n"
        f'    <h1 id="dispute-title">{escape_str(dispute.title)}</h1>\n'
        f'{lede}    <p class="tally">\n'
        f'      <span class="tally-allegations">{_plural(allegations, "allegation")}</span>\n'
        f'      <span class="tally-answers">{_plural(answers, "answer")}</span>\n'
        f"{said}      <span>{_plural(articles, 'article')}</span>\n"
        f"      <span>{_plural(actors, 'actor')}</span>\n"
        f"    </p>\n{grade}"[:-1]
    )


def _origin_totals(origins: OriginsView) -> Markup:
    """Each side's independent origins and outlets, inside the page's <p class="origin-totals">."""
    totals = []
    for side, name in ((origins.allegations, "Allegations"), (origins.answers, "Answers")):
        if side.claims:
            counted = (
                f"{_plural(side.origin_count, 'independent origin')},"
                f" {_plural(side.outlet_count, 'outlet')}"
            )
        else:
            counted = "none recorded"
        totals.append(f'<span class="origin-total"><strong>{name}:</strong> {counted}</span>')
    return markup("".join(totals))


def _denial_filter_html(
    href: str, denial_types: list[tuple[str, str, int]], current: str | None
) -> Markup:
    """The links that keep one kind of answer in the exchange (empty: no answer has a kind)."""
    if not denial_types:
        return Markup()
    here = ' aria-current="true"'
    page = escape_str(href)
    kinds = "".join(
        f'· <a href="{page}?denial_type={escape_str(value)}#exchange-title"'
        f' title="{escape_str(DENIAL_TYPE_RULES[value])}"{here if current == value else ""}>'
        f"{escape_str(name)} ({count})</a> "
        for value, name, count in denial_types
    )
    return markup(
        f'<p class="denial-filter">Answers by kind:\n'
        f'      <a href="{page}#exchange-title"{"" if current else here}>all</a>\n'
        f"{kinds}    </p>"
    )


def _evidence(
    db: OneConnection,
    dispute: DisputeRef,
    claims: list[HeldClaim],
    links: list[HeldLink],
    actors: Mapping[int, tuple[ActorRef, int | None]],
) -> DisputeEvidence:
    """The page's claims as the evidence views read them (app.services.evidence), from the rows
    already loaded (`actors` with their parents' ids): only the actors' families above them
    cost a statement or two more. Declares what it shows."""
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
    if named:
        evidence.roots = lean_actor_roots(db, named, actors)
    declare_evidence(evidence)
    return evidence


# Each list laid out as the page printed it line by line (the template indents the first item
# and ends the last); words escaped here.
def _cited_articles(articles: list[ArticleItem]) -> Markup:
    lines = []
    for a in articles:
        outlet = escape_str(a.outlet.name) if a.outlet else "outlet unknown"
        lines.append(
            f'          <li><a href="{escape_str(a.href)}">{escape_str(a.title)}</a>\n'
            f'            <small class="meta">{outlet} · '
            f"{escape_str(a.published or 'date unknown')}</small></li>\n"
        )
    return Markup("".join(lines)[10:-1])


def _cited_actors(actors: list[tuple[ActorItem, str]]) -> Markup:
    return Markup(
        "".join(
            f'          <li>{actor.link} <small class="meta">{_word(actor.kind_label)}'
            f" · {_word(roles)}</small></li>\n"
            for actor, roles in actors
        )[10:-1]
    )


def _origin_note(node: NodeOrigins) -> Markup:
    """An assertion's origins note: its counts ("3 outlets, 1 independent origin"), its
    organisations as read ("Russian government, SOHR") and each chain of reporting
    ("SOHR → AFP → France 24"); names escaped here."""
    outlets, origins = node.outlet_count, node.origin_count
    summary = (
        f"{outlets} outlet{'s' if outlets != 1 else ''}, "
        f"{origins} independent origin{'s' if origins != 1 else ''}"
    )
    names = escape_str(", ".join(origin.name for origin in node.origins))
    chains = "".join(f"<li>{escape_str(' → '.join(chain.names))}</li>" for chain in node.chains)
    return markup(
        f'<details class="node-origins">\n      <summary>{summary}</summary>\n'
        f'      <p class="meta">Origins: {names}</p>\n'
        f'      <ol class="chains" aria-label="Chains of reporting">{chains}</ol>\n    </details>'
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


class _Exchange:
    """The nested rows flattened into the exchange's HTML, in document order, as the page printed
    it element by element (a loop of steps in the template cost a few hundred of Jinja's
    branches and escapes per page). Every word is escaped on its way in: the cards arrive built
    (_lead_card, _carrier_card) and the link kinds are vocabulary words (_word).

    A row holds its allegation's side and its answers' side; a node is a claim card opened with
    its lead's whole body, followed by its carriers (the other articles carrying it), the nodes
    corroborating it and, inside an answer, the answers to it."""

    def __init__(
        self, rows: list[Row], origin_notes: dict[int, Markup], denial_filter: str | None = None
    ) -> None:
        self.origin_notes = origin_notes
        self.denial_filter = denial_filter
        self.parts: list[str] = []
        add = self.parts.append
        for row in rows:
            if denial_filter is not None:
                # Only the rows with an answer of that kind, and only those answers.
                answers = [a for a in row.answers if a.node.lead.denial_type == denial_filter]
                if not answers:
                    continue
                row = Row(row.allegation, answers)
            add(_ROW)
            if row.allegation is not None:
                self._node(row.allegation, False)
            else:
                add(_NO_ALLEGATION)
            add(_ANSWERS if len(row.answers) != 1 else _ANSWER)
            for answer in row.answers:
                self._answer(answer)
            if not row.answers:
                add(_NO_ANSWER)
            add(_ROW_END)

    def html(self) -> Markup:
        if self.parts:
            return markup("".join(self.parts))
        if self.denial_filter is not None:
            return Markup('<p class="muted">No answer of that kind.</p>\n')
        return Markup('<p class="muted">No claims have been added to this dispute yet.</p>')

    def _node(self, node: Node, nested_answers: bool) -> None:
        add = self.parts.append
        # The layout's cards are the page's ClaimItems (see get_dispute_page).
        lead: ClaimItem = node.carriers[0]  # type: ignore[assignment]
        add(_lead_card(lead, self.origin_notes.get(lead.id)))
        if len(node.carriers) > 1:
            more = len(node.carriers) - 1
            add(
                '    <div class="carriers">\n      <p class="carriers-label">The same claim,'
                f" carried by {more} more article{'s' if more > 1 else ''}:</p>\n"
            )
            for carrier in node.carriers[1:]:
                add(_carrier_card(carrier))  # type: ignore[arg-type]
            add(_GROUP_END)
        if node.support:
            add(_SUPPORT)
            for supporter in node.support:
                self._node(supporter, nested_answers)
            add(_GROUP_END)
        if nested_answers and node.answers:
            add(_NESTED)
            for answer in node.answers:
                self._answer(answer)
            add(_GROUP_END)
        add("</article>\n")

    def _answer(self, answer: Answer) -> None:
        self.parts.append(
            f'    <div class="answer link-{_word(answer.kind)}">\n      <p class="link-kind">'
            f'<span aria-hidden="true">↳</span> {_word(label(answer.kind))}</p>\n'
        )
        self._node(answer.node, True)
        self.parts.append(_GROUP_END)


# The exchange's fixed runs (see _Exchange).
_ROW = (
    '    <div class="exchange-row">\n      <div class="side side-allegation">\n'
    '        <h3 class="side-label">Allegation</h3>\n'
)
_ANSWERS_SIDE = (
    '      </div>\n      <div class="side side-answers">\n        <h3 class="side-label">'
)
_ANSWERS = f"{_ANSWERS_SIDE}Answers</h3>\n"
_ANSWER = f"{_ANSWERS_SIDE}Answer</h3>\n"
_ROW_END = "      </div>\n    </div>\n"
_NO_ALLEGATION = '<p class="muted">Answers that this dispute ties to no single allegation.</p>\n'
_NO_ANSWER = '<p class="no-answer">No answer recorded yet.</p>\n'
_SUPPORT = '    <div class="support">\n      <p class="carriers-label">Corroborated by</p>\n'
_NESTED = '<div class="nested-answers">\n'
_GROUP_END = "</div>\n"


def _card_parts(claim: ClaimItem) -> None:
    """The runs of a claim's card that read the same wherever it appears (as an assertion's
    lead or as one of its carriers), each one value: who said it and through whom, its
    figures, its quote and source. Words escaped here, as autoescape would."""
    byline = f'<span class="claimant">{claim.claimant.link}</span>'
    if claim.reported_via:
        chain = " → ".join(actor.link for actor in claim.reported_via)
        byline += f'\n<span class="via">as reported by {chain}</span>'
    claim.byline = markup(byline)
    if claim.figures:
        figures = "".join(
            f"<li><strong>{escape_str(f.qualifier) + ' ' if f.qualifier else ''}"
            f"{escape_str(f.value)}</strong> {escape_str(label(f.counts))}</li>"
            for f in claim.figures
        )
        claim.figures_list = markup(
            f'<ul class="figures" aria-label="Figures">\n{figures}\n    </ul>'
        )
    claim.passage = markup(
        f'<blockquote class="quote">\n      <a href="{escape_str(claim.passage_href)}"'
        f' title="Open this passage in the article">{escape_str(claim.quote)}</a>\n'
        f'    </blockquote>\n    <p class="source">{claim.article.source_line}</p>'
    )


# A card is a run of the exchange (_Exchange.parts), indented and ended as the page prints it:
# a plain string already escaped, copied once into the exchange.
def _lead_card(claim: ClaimItem, origin_note: Markup | None) -> str:
    """An assertion's card up to its groups (carriers, support, answers), which follow inside
    the <article> it opens: the head, the statement, figures, event, passage and origins."""
    event = ""
    if claim.event_place or claim.event_time:
        where = f"<span>Where: {escape_str(claim.event_place)}</span>" if claim.event_place else ""
        when = f"<span>When: {escape_str(claim.event_time)}</span>" if claim.event_time else ""
        event = f'    <p class="event">{where}{when}</p>\n'
    note = f"    {origin_note}\n" if origin_note else ""
    return (
        f'    <article class="claim-card kind-{_word(claim.kind)}" id="c{claim.id}">'
        f'<div class="claim-head">\n      {_card_head(claim, lead=True)}\n    </div>\n'
        f'    <h4 class="statement"><a href="{escape_str(claim.href)}">'
        f"{escape_str(claim.statement)}</a></h4>\n"
        f"    {claim.figures_list}\n{event}    {claim.passage}\n{note}\n"
    )


def _carrier_card(claim: ClaimItem) -> str:
    """Another article carrying the same claim: its head, figures and passage."""
    return (
        f'    <div class="carrier"><div class="claim-head">\n      {_card_head(claim, lead=False)}'
        f"\n    </div>\n    {claim.figures_list}\n    {claim.passage}\n</div>\n"
    )


_DRAFT = Markup(' <span class="badge badge-draft">draft</span>')


def _card_head(claim: ClaimItem, *, lead: bool) -> str:
    """What heads a card: its badges (a lead's draft badge too), then its byline."""
    draft = _DRAFT if lead and claim.state == "draft" else ""
    return f"{claim_tags(claim)}{draft}\n      {claim.byline}"


def claim_tags(claim: ClaimItem) -> Markup:
    """A claim's kind badge and its kind of answer, printed as one value."""
    denial = (claim.denial_type, claim.denial_label) if claim.denial_type else None
    return _vocabulary_tags(claim.kind, claim.kind_label, denial)


# Words of the vocabulary (kinds, their labels, roles) recur on every card of every page: each
# is escaped once per process. Both caches are bounded by the vocabulary, which the database's
# CHECK constraints keep claims inside.
@cache
def _word(word: str) -> Markup:
    return escape(word)


@cache
def _vocabulary_tags(kind: str, kind_label: str, denial: tuple[str, str] | None) -> Markup:
    """The badges for a kind and a kind of answer (with their labels), escaped here as the
    template would."""
    tags = f'<span class="badge kind-{escape(kind)}">{escape(kind_label)}</span>'
    if denial is not None and denial[1]:
        denial_type, denial_label = denial
        rule = DENIAL_TYPE_RULES[denial_type]
        tags += (
            f' <span class="denial-tag denial-{escape(denial_type)}" title="{escape(rule)}">'
            f"{escape(denial_label)}</span>"
        )
    return Markup(tags)
