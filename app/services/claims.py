"""Claims: batch loading of claim cards, and the claim list."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session

from app.db import HasConnection, LeanQuery
from app.models import Article, Claim, ClaimLink
from app.page_deps import shows
from app.services.views import (
    ActorRef,
    ArticleRef,
    ClaimCard,
    FigureView,
    LinkView,
    OneConnection,
    Page,
)
from app.vocabulary import ANSWER_LINKS, ClaimState

_CARD_SQL = """
SELECT c.id, c.kind, c.state, c.statement, c.quote, c.quote_start, c.quote_end,
       c.quote_prefix, c.quote_suffix, c.event_place, c.event_time, c.event_date,
       c.created_at, c.updated_at,
       ar.id, ar.title, ar.slug, ar.published_on, ar.url,
       outlet.id, outlet.name, outlet.slug, outlet.kind,
       claimant.id, claimant.name, claimant.slug, claimant.kind,
       c.version, c.denial_type
FROM claim AS c
JOIN article AS ar ON ar.id = c.article_id
JOIN actor AS claimant ON claimant.id = c.claimant_id
LEFT JOIN actor AS outlet ON outlet.id = ar.outlet_id
WHERE c.id IN {scope} AND c.state IN (:state_a, :state_b)
"""
# The models' own column types convert what the driver returns (on SQLite, text) for the
# columns that need it: dates, and timestamps made timezone-aware.
_CARD_TYPES = {
    11: Claim.event_date.type,
    12: Claim.created_at.type,
    13: Claim.updated_at.type,
    17: Article.published_on.type,
}
_REPORTERS_SQL = """
SELECT r.claim_id, a.id, a.name, a.slug, a.kind
FROM claim_reporter AS r JOIN actor AS a ON a.id = r.actor_id
WHERE r.claim_id IN {scope}
ORDER BY r.claim_id, r.position
"""
_FIGURES_SQL = """
SELECT claim_id, low, high, qualifier, counts, text FROM figure
WHERE claim_id IN {scope}
ORDER BY claim_id, position
"""
# Links in each direction, each by its own index, and only to claims this viewer may see
# (a reader must not learn that a draft answers a published claim).
_LINKS_OUT_SQL = """
SELECT l.id, l.kind, l.source_id, l.target_id, l.note
FROM claim_link AS l JOIN claim AS other_end ON other_end.id = l.target_id
WHERE l.source_id IN {scope} AND other_end.state IN (:state_a, :state_b)
ORDER BY l.id
"""
_LINKS_IN_SQL = """
SELECT l.id, l.kind, l.source_id, l.target_id, l.note
FROM claim_link AS l JOIN claim AS other_end ON other_end.id = l.source_id
WHERE l.target_id IN {scope} AND other_end.state IN (:state_a, :state_b)
ORDER BY l.id
"""
_DISPUTES_SQL = """
SELECT claim_id, dispute_id FROM dispute_claim
WHERE claim_id IN {scope}
ORDER BY claim_id, dispute_id
"""


@dataclass(frozen=True, slots=True)
class _CardQueries:
    """The six queries that build cards, for one way of choosing the claims (the `scope`: a
    parenthesised list of ids or a subquery)."""

    cards: LeanQuery
    reporters: LeanQuery
    figures: LeanQuery
    links_out: LeanQuery
    links_in: LeanQuery
    disputes: LeanQuery

    @classmethod
    def over(cls, scope: str) -> "_CardQueries":
        return cls(
            LeanQuery(_CARD_SQL.format(scope=scope), _CARD_TYPES),
            *(
                LeanQuery(sql.format(scope=scope))
                for sql in (
                    _REPORTERS_SQL,
                    _FIGURES_SQL,
                    _LINKS_OUT_SQL,
                    _LINKS_IN_SQL,
                    _DISPUTES_SQL,
                )
            ),
        )


_DISPUTE_SCOPE = _CardQueries.over(
    "(SELECT claim_id FROM dispute_claim WHERE dispute_id = :scope_key)"
)


@lru_cache(maxsize=128)
def _id_list_scope(count: int) -> _CardQueries:
    """Queries for a list of `count` ids; lists are short (a page of cards at most)."""
    return _CardQueries.over("(" + ", ".join(f":id_{i}" for i in range(count)) + ")")


def visible_states(include_drafts: bool) -> tuple[str, ...]:
    return (ClaimState.published, ClaimState.draft) if include_drafts else (ClaimState.published,)


def _state_params(include_drafts: bool) -> dict[str, str]:
    states = visible_states(include_drafts)
    return {"state_a": states[0], "state_b": states[-1]}


def claim_cards(
    session: HasConnection, claim_ids: Sequence[int], *, include_drafts: bool = False
) -> dict[int, ClaimCard]:
    """Cards for the given claims, keyed by id (unknown or hidden ids are left out)."""
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return {}
    params = {f"id_{i}": claim_id for i, claim_id in enumerate(ids)}
    return _load_cards(session, _id_list_scope(len(ids)), params, include_drafts)


def dispute_claim_cards(
    session: Session, dispute_id: int, *, include_drafts: bool = False
) -> dict[int, ClaimCard]:
    """Cards for every claim a dispute holds, chosen by a subquery rather than a list of ids."""
    return _load_cards(session, _DISPUTE_SCOPE, {"scope_key": dispute_id}, include_drafts)


def _card_of(row: Any) -> ClaimCard:
    """A card from a row of the card queries: the claim's 14 columns, its article's, the
    outlet's (NULL when the article has none), the claimant's, then the claim's version."""
    outlet = ActorRef(*row[19:23]) if row[19] is not None else None
    # mypy cannot count a row's columns: the first 14 are the card's first 14 fields.
    return ClaimCard(  # type: ignore[misc]
        *row[:14],
        article=ArticleRef(row[14], row[15], row[16], outlet, row[17], row[18]),
        claimant=ActorRef(*row[23:27]),
        version=row[27],
        denial_type=row[28],
    )


def _load_cards(
    session: HasConnection, queries: _CardQueries, params: dict[str, int], include_drafts: bool
) -> dict[int, ClaimCard]:
    """Six lean queries whatever the number of claims: the claims with their article and
    claimant, then their reporting chains, figures, links each way and disputes."""
    states = _state_params(include_drafts)
    cards: dict[int, ClaimCard] = {}
    for row in queries.cards.rows(session, **params, **states):
        cards[row[0]] = _card_of(row)
    if not cards:
        return {}
    # Rows of claims the viewer may not see (drafts, for readers) are skipped.
    for claim_id, *actor in queries.reporters.rows(session, **params):
        if (card := cards.get(claim_id)) is not None:
            card.reported_via.append(ActorRef(*actor))
    for claim_id, *figure in queries.figures.rows(session, **params):
        if (card := cards.get(claim_id)) is not None:
            card.figures.append(FigureView(*figure))
    for link in queries.links_out.rows(session, **params, **states):
        if (card := cards.get(link[2])) is not None:
            card.links_out.append(LinkView(*link))
    for link in queries.links_in.rows(session, **params, **states):
        if (card := cards.get(link[3])) is not None:
            card.links_in.append(LinkView(*link))
    for claim_id, dispute_id in queries.disputes.rows(session, **params):
        if (card := cards.get(claim_id)) is not None:
            card.dispute_ids.append(dispute_id)
    return cards


def get_claim(session: Session, claim_id: int, *, include_drafts: bool = False) -> ClaimCard | None:
    return claim_cards(session, [claim_id], include_drafts=include_drafts).get(claim_id)


def list_claims(
    session: Session,
    *,
    limit: int,
    offset: int,
    kind: str | None = None,
    article_id: int | None = None,
    claimant_id: int | None = None,
    include_drafts: bool = False,
) -> Page[ClaimCard]:
    filters: list[ColumnElement[bool]] = [Claim.state.in_(visible_states(include_drafts))]
    if kind is not None:
        filters.append(Claim.kind == kind)
    if article_id is not None:
        filters.append(Claim.article_id == article_id)
    if claimant_id is not None:
        filters.append(Claim.claimant_id == claimant_id)
    total = session.execute(select(func.count()).select_from(Claim).where(*filters)).scalar_one()
    ids = (
        session.execute(
            select(Claim.id).where(*filters).order_by(Claim.id).limit(limit).offset(offset)
        )
        .scalars()
        .all()
    )
    cards = claim_cards(session, ids, include_drafts=include_drafts)
    return Page([cards[i] for i in ids if i in cards], total, limit, offset)


# The claim JSON and the article page's selected claim: one claim in five statements, reading
# every row it hangs from whatever the viewer may see, so that the page can declare (app.page_deps)
# the hidden ends too: a draft at the far end of a link changes this claim's output when it is
# published, and that change names only the draft.

_ONE_CARD = LeanQuery(
    _CARD_SQL.replace("c.id IN {scope} AND c.state IN (:state_a, :state_b)", "c.id = :claim_id"),
    _CARD_TYPES,
)
_ONE_REPORTERS = LeanQuery(
    """
    SELECT a.id, a.name, a.slug, a.kind
    FROM claim_reporter AS r JOIN actor AS a ON a.id = r.actor_id
    WHERE r.claim_id = :claim_id
    ORDER BY r.position
    """
)
_ONE_FIGURES = LeanQuery(
    "SELECT low, high, qualifier, counts, text FROM figure"
    " WHERE claim_id = :claim_id ORDER BY position"
)
# Links each way (by their own indexes), with the far end's state: hidden ends are left out below.
_ONE_LINKS = LeanQuery(
    """
    SELECT 1, l.id, l.kind, l.source_id, l.target_id, far.state, l.note
    FROM claim_link AS l JOIN claim AS far ON far.id = l.target_id
    WHERE l.source_id = :claim_id
    UNION ALL
    SELECT 0, l.id, l.kind, l.source_id, l.target_id, far.state, l.note
    FROM claim_link AS l JOIN claim AS far ON far.id = l.source_id
    WHERE l.target_id = :claim_id
    ORDER BY 1 DESC, 2
    """
)
_ONE_DISPUTES = LeanQuery(
    """
    SELECT d.id, d.title, d.slug FROM dispute_claim AS dc JOIN dispute AS d ON d.id = dc.dispute_id
    WHERE dc.claim_id = :claim_id
    ORDER BY d.id
    """
)


@dataclass(frozen=True, slots=True)
class DisputeTitle:
    id: int
    title: str
    slug: str


def claim_with_disputes(
    session: HasConnection, claim_id: int, *, include_drafts: bool = False
) -> tuple[ClaimCard, dict[int, DisputeTitle]] | None:
    """A claim's card (as `get_claim` gives it) and its disputes' titles, from one transaction,
    declaring what it reads (app.page_deps): the claim, the far ends of its links, its claimant,
    reporters, article and outlet, and its disputes."""
    db = OneConnection(session)
    shows("claim", (claim_id,))
    row = _ONE_CARD.first(db, claim_id=claim_id)
    if row is None or row[2] not in visible_states(include_drafts):
        return None
    card = _card_of(row)
    card.reported_via.extend(
        ActorRef(*actor) for actor in _ONE_REPORTERS.rows(db, claim_id=claim_id)
    )
    card.figures.extend(FigureView(*figure) for figure in _ONE_FIGURES.rows(db, claim_id=claim_id))
    visible = visible_states(include_drafts)
    far_ends = []
    for outgoing, link_id, kind, source_id, target_id, far_state, note in _ONE_LINKS.rows(
        db, claim_id=claim_id
    ):
        far_ends.append(target_id if outgoing else source_id)
        if far_state in visible:
            link = LinkView(link_id, kind, source_id, target_id, note)
            (card.links_out if outgoing else card.links_in).append(link)
    disputes = {}
    for dispute_id, title, slug in _ONE_DISPUTES.rows(db, claim_id=claim_id):
        card.dispute_ids.append(dispute_id)
        disputes[dispute_id] = DisputeTitle(dispute_id, title, slug)
    shows("claim", far_ends)
    outlet = card.article.outlet
    shows("actor", (card.claimant.id, outlet.id if outlet else None))
    shows("actor", (actor.id for actor in card.reported_via))
    shows("article", (card.article.id,))
    shows("dispute", disputes)
    return card, disputes


def link_versions(session: Session, claim_id: int) -> dict[int, int]:
    """The version of each link from or to the claim (its edit forms carry them)."""
    rows = session.execute(
        select(ClaimLink.id, ClaimLink.version).where(
            or_(ClaimLink.source_id == claim_id, ClaimLink.target_id == claim_id)
        )
    )
    return {link_id: version for link_id, version in rows}


@dataclass(frozen=True, slots=True)
class LinkedClaim:
    """A claim at the far end of a link: the link (its kind and note) and the claim's card."""

    link: LinkView
    card: ClaimCard


def answers_around(
    session: HasConnection, card: ClaimCard, *, include_drafts: bool = False
) -> tuple[list[LinkedClaim], list[LinkedClaim]]:
    """What answers the claim and what it answers (links that rebut, counter-accuse or
    discredit), with the other claims' cards: the article page's side panel. Declares the
    other claims' claimants (the claims themselves are declared by claim_with_disputes)."""
    answers_in = [link for link in card.links_in if link.kind in ANSWER_LINKS]
    answers_out = [link for link in card.links_out if link.kind in ANSWER_LINKS]
    others = claim_cards(
        session,
        [link.source_id for link in answers_in] + [link.target_id for link in answers_out],
        include_drafts=include_drafts,
    )
    shows("claim", others)
    shows("actor", (other.claimant.id for other in others.values()))
    by = [
        LinkedClaim(link, others[link.source_id]) for link in answers_in if link.source_id in others
    ]
    to = [
        LinkedClaim(link, others[link.target_id])
        for link in answers_out
        if link.target_id in others
    ]
    return by, to
