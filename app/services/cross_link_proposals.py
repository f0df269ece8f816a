"""Proposing, at import, links from a new article's suggested claims to claims in other articles.

Proposing (`propose_cross_links`, called by the importer in the article's own transaction)
never reads the whole claim table. Candidates come from bounded, indexed queries, each capped:
the newest claims of each actor on the suggested claimants' side (the actor, its parents,
their direct children), the newest claims naming the same places or people and sharing a
long word (full-text index), claims stating the same count of the same thing (figure index on
counts and value), and claims of articles published within a week of the new one (article
index on publication date). At most MAX_CANDIDATES are scored by the pure matcher
(app/ingest/cross_links.py); the best PER_SUGGESTION proposals of each suggestion are stored.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select, text, union_all
from sqlmodel import Session

from app.ingest.cross_links import (
    ClaimFacts,
    FigureFact,
    content_words,
    match,
    places_in,
    proper_names,
)
from app.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    ClaimSuggestion,
    CrossLinkSuggestion,
    Figure,
    saved_id,
    utcnow,
)
from app.vocabulary import SuggestionStatus

PER_CHANNEL = 200  # candidates one query may bring
PER_ACTOR = 50  # newest claims of one actor of the claimants' side
MAX_FAMILY = 12  # actors of the claimants' side whose claims are read
MAX_CANDIDATES = 500  # candidates scored for one article, all suggestions together
PER_SUGGESTION = 3  # proposals kept for one suggested claim
WINDOW_DAYS = 7  # articles published this close count as reporting the same days
MAX_FIGURE_QUERIES = 12
MAX_TEXT_QUERIES = 12  # suggestions whose words search the full-text index
PER_TEXT = 200
MAX_LINEAGE_DEPTH = 8


def _lineages(session: Session, actor_ids: set[int]) -> dict[int, frozenset[int]]:
    """Each actor with every organisation above it (itself included)."""
    parents: dict[int, int | None] = {}
    frontier = set(actor_ids)
    for _ in range(MAX_LINEAGE_DEPTH):
        frontier -= parents.keys()
        if not frontier:
            break
        rows = session.execute(
            select(Actor.id, Actor.parent_id).where(Actor.id.in_(frontier))
        ).all()
        parents.update(rows)
        frontier = {parent for _, parent in rows if parent is not None}
    lineages = {}
    for actor_id in actor_ids:
        chain: list[int] = []
        current: int | None = actor_id
        while current is not None and current not in chain and len(chain) <= MAX_LINEAGE_DEPTH:
            chain.append(current)
            current = parents.get(current)
        lineages[actor_id] = frozenset(chain)
    return lineages


def _side_names(session: Session, actor_ids: set[int]) -> dict[int, set[str]]:
    """Names and aliases of the actors, case-folded, as (actor id → names) pairs."""
    names: dict[int, set[str]] = defaultdict(set)
    if not actor_ids:
        return {}
    for actor_id, name in session.execute(
        select(Actor.id, Actor.name).where(Actor.id.in_(actor_ids))
    ):
        names[actor_id].add(name.casefold())
    for actor_id, alias in session.execute(
        select(ActorAlias.actor_id, ActorAlias.alias).where(ActorAlias.actor_id.in_(actor_ids))
    ):
        names[actor_id].add(alias.casefold().removeprefix("the "))
    return names


def _names_of(side: frozenset[int], names: dict[int, set[str]]) -> frozenset[str]:
    return frozenset(name for actor_id in side for name in names.get(actor_id, ()))


def _figures(raw: list[dict[str, Any]]) -> tuple[FigureFact, ...]:
    kept = []
    for figure in raw:
        low, high = figure.get("low"), figure.get("high")
        if isinstance(low, int) and (high is None or isinstance(high, int)):
            kept.append(FigureFact(low, high, str(figure.get("counts") or "other")))
    return tuple(kept)


def _candidate_ids(
    session: Session,
    article: Article,
    suggestions: list[ClaimSuggestion],
    sides: frozenset[int],
) -> list[int]:
    """Claims of other articles worth scoring, from bounded, indexed queries: one statement
    per channel (a channel's lookups joined by UNION ALL), so an import makes a handful."""
    found: dict[int, None] = {}  # ordered, no repeats

    def take(lookups: list[Any]) -> None:
        """Each lookup keeps its own order and limit inside the union."""
        if lookups:
            parts = [select(lookup.subquery().c[0]) for lookup in lookups]
            found.update(dict.fromkeys(session.execute(union_all(*parts)).scalars()))

    other_article = Claim.article_id != article.id
    if sides:
        # The side's own actors first, then their direct children (a ministry's spokesman);
        # each actor's newest claims, read backwards along the (claimant, id) index.
        children = select(Actor.id).where(Actor.parent_id.in_(sides)).limit(MAX_FAMILY)
        family = [*sorted(sides), *session.execute(children).scalars()]
        take(
            [
                select(Claim.id)
                .where(Claim.claimant_id == actor_id, other_article)
                .order_by(Claim.id.desc())
                .limit(PER_ACTOR)
                for actor_id in list(dict.fromkeys(family))[:MAX_FAMILY]
            ]
        )
    figures = {f for s in suggestions for f in _figures(list(s.figures or []))}
    take(
        [
            select(Figure.claim_id)
            .join(Claim, Claim.id == Figure.claim_id)
            .where(
                Figure.counts == figure.counts,
                Figure.low >= figure.low // 2,
                Figure.low <= figure.top + figure.top // 10 + 1,
                other_article,
            )
            .limit(PER_CHANNEL)
            for figure in sorted(figures, key=lambda f: (f.counts, f.low))[:MAX_FIGURE_QUERIES]
        ]
    )
    found.update(dict.fromkeys(_text_matches(session, suggestions, saved_id(article))))
    if article.published_on is not None:
        window = timedelta(days=WINDOW_DAYS)
        take(
            [
                select(Claim.id)
                .join(Article, Article.id == Claim.article_id)
                .where(
                    Article.published_on.between(
                        article.published_on - window, article.published_on + window
                    ),
                    Article.id != article.id,
                )
                .limit(PER_CHANNEL)
            ]
        )
    return list(found)[:MAX_CANDIDATES]


# Bare words only: nothing from an article is ever read as full-text query syntax.
_BARE_WORD = re.compile(r"[^\W_]{4,40}")
_SQLITE_TEXT_MATCHES = text(
    "SELECT c.id FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid "
    "WHERE claim_fts MATCH :match AND c.article_id <> :article "
    "ORDER BY claim_fts.rowid DESC LIMIT :limit"
)
_POSTGRES_TEXT_MATCHES = text(
    "SELECT c.id FROM claim_fts f JOIN claim c ON c.id = f.id "
    "WHERE f.document @@ to_tsquery('gainsay', :match) AND c.article_id <> :article "
    "ORDER BY f.id DESC LIMIT :limit"
)


def _search_terms(quote: str) -> tuple[list[str], list[str]]:
    """A quote's proper names (places, countries, people) and its longest other words."""
    names = [n for n in proper_names(quote) if _BARE_WORD.fullmatch(n)][:4]
    words = sorted(
        {
            w.casefold()
            for w in _BARE_WORD.findall(quote)
            if not w[0].isupper() and w.casefold() not in names
        },
        key=lambda w: (-len(w), w),
    )[:4]
    return names, words


def _text_matches(
    session: Session, suggestions: list[ClaimSuggestion], article_id: int
) -> list[int]:
    """The newest claims (full-text index) naming one of a suggestion's proper names and
    sharing one of its longest words ("Aleppo" and "cleansing"): one query for the article."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        query, either, both, quote = _SQLITE_TEXT_MATCHES, " OR ", " AND ", '"{}"'
    elif dialect == "postgresql":
        query, either, both, quote = _POSTGRES_TEXT_MATCHES, " | ", " & ", "'{}'"
    else:
        return []
    groups = []
    for suggestion in suggestions[:MAX_TEXT_QUERIES]:
        names, words = _search_terms(suggestion.quote)
        if names and words:
            groups.append(
                both.join(
                    "(" + either.join(quote.format(term) for term in terms) + ")"
                    for terms in (names, words)
                )
            )
    if not groups:
        return []
    match = either.join(f"({group})" for group in groups)
    rows = session.execute(query, {"match": match, "article": article_id, "limit": PER_TEXT})
    return [claim_id for (claim_id,) in rows]


@dataclass(frozen=True, slots=True)
class _Stored:
    claim_id: int
    claimant_id: int
    facts: ClaimFacts


def _stored_facts(
    session: Session, claim_ids: list[int]
) -> tuple[list[_Stored], dict[int, frozenset[int]], dict[int, set[str]]]:
    rows = session.execute(
        select(
            Claim.id,
            Claim.kind,
            Claim.claimant_id,
            Claim.quote,
            Claim.event_place,
            Claim.event_date,
            Article.published_on,
        )
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.id.in_(claim_ids))
    ).all()
    figures: dict[int, list[FigureFact]] = defaultdict(list)
    for claim_id, low, high, counts in session.execute(
        select(Figure.claim_id, Figure.low, Figure.high, Figure.counts).where(
            Figure.claim_id.in_(claim_ids)
        )
    ):
        figures[claim_id].append(FigureFact(low, high, counts))
    lineages = _lineages(session, {row.claimant_id for row in rows})
    names = _side_names(session, set().union(*lineages.values()) if lineages else set())
    stored = []
    for row in rows:
        places = places_in(row.quote)
        if row.event_place:
            places |= {row.event_place.casefold()}
        side = lineages.get(row.claimant_id, frozenset({row.claimant_id}))
        stored.append(
            _Stored(
                row.id,
                row.claimant_id,
                ClaimFacts(
                    kind=row.kind,
                    claimant_id=row.claimant_id,
                    side=side,
                    figures=tuple(figures.get(row.id, ())),
                    places=places,
                    words=content_words(row.quote),
                    on=row.event_date or row.published_on,
                    side_names=_names_of(side, names),
                    quote=row.quote,
                ),
            )
        )
    return stored, lineages, names


def propose_cross_links(session: Session, article_id: int) -> int:
    """Score the article's suggested claims against claims stored in other articles and
    store the best proposals; returns how many were stored."""
    article = session.get(Article, article_id)
    suggestions = list(
        session.execute(
            select(ClaimSuggestion).where(ClaimSuggestion.article_id == article_id)
        ).scalars()
    )
    if article is None or not suggestions:
        return 0
    lineages = _lineages(session, {s.claimant_id for s in suggestions if s.claimant_id})
    sides = frozenset().union(*lineages.values()) if lineages else frozenset()
    candidate_ids = _candidate_ids(session, article, suggestions, sides)
    if not candidate_ids:
        return 0
    stored, _, _ = _stored_facts(session, candidate_ids)
    # Proposing again (after new claims were stored) adds only what is new.
    known = set(
        session.execute(
            select(CrossLinkSuggestion.suggestion_id, CrossLinkSuggestion.target_claim_id).where(
                CrossLinkSuggestion.article_id == article_id
            )
        ).all()
    )
    names = _side_names(session, set(sides))
    now = utcnow()
    rows = []
    for suggestion in suggestions:
        side = lineages.get(suggestion.claimant_id, frozenset())
        new = ClaimFacts(
            kind=suggestion.kind,
            claimant_id=suggestion.claimant_id,
            side=side,
            figures=_figures(list(suggestion.figures or [])),
            places=places_in(suggestion.quote),
            words=content_words(suggestion.quote),
            on=article.published_on,
            side_names=_names_of(side, names),
            quote=suggestion.quote,
        )
        scored = [
            (proposal, candidate.claim_id)
            for candidate in stored
            if (suggestion.id, candidate.claim_id) not in known
            and (proposal := match(new, candidate.facts)) is not None
        ]
        scored.sort(key=lambda pair: (-pair[0].score, pair[1]))
        rows += [
            {
                "article_id": article_id,
                "suggestion_id": suggestion.id,
                "target_claim_id": claim_id,
                "kind": str(proposal.kind),
                "outgoing": proposal.outgoing,
                "score": proposal.score,
                "reason": proposal.reason,
                "status": SuggestionStatus.pending,
                "created_at": now,
            }
            for proposal, claim_id in scored[:PER_SUGGESTION]
        ]
    if rows:
        session.execute(insert(CrossLinkSuggestion), rows)
    return len(rows)
