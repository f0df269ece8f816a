"""Search for databases without FTS5: case-insensitive substring matching in SQL, marks added
in Python. Correct everywhere; meant for small corpora (PostgreSQL deployments should add a
full-text backend of their own beside this one)."""

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from app.models import Actor, ActorAlias, Article, Claim, Dispute
from app.search import COUNT_CAP, SearchGroup, SearchHit
from app.search.facets import Facets, SearchFilters, claim_facets, status_facets
from app.search.groups import Group, GroupedSearch, Query

SNIPPET_CHARS = 160
# Matching claims read for the facets' counts (the FTS backends read their ranking window).
FACET_ROWS = 2000


def _contains_all(columns: list, terms: list[str]) -> ColumnElement[bool]:
    return and_(
        *(or_(*(func.lower(c).contains(term, autoescape=True) for c in columns)) for term in terms)
    )


def _mark(text: str, terms: list[str]) -> Markup:
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def _snippet(text: str, terms: list[str]) -> Markup:
    lowered = text.lower()
    first = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    piece = text[start : start + SNIPPET_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return Markup(prefix) + _mark(piece, terms) + Markup(suffix)


def _narrowed(filters: SearchFilters) -> tuple[list, list, list]:
    """The facets' conditions on articles, claims (joined to their article) and disputes, as
    app/search/facets.py states them for the SQL backends."""
    on_articles, on_claims, on_disputes = [], [], []
    if filters.kind is not None:
        on_claims.append(Claim.kind == filters.kind)
    if filters.denial_type is not None:
        on_claims.append(Claim.denial_type == filters.denial_type)
    if filters.claimant is not None:
        on_claims.append(Claim.claimant_id == filters.claimant)
    if filters.outlet is not None:
        on_articles.append(Article.outlet_id == filters.outlet)
        on_claims.append(Article.outlet_id == filters.outlet)
    dated = func.coalesce(Claim.event_date, Article.published_on)
    if filters.date_from is not None:
        on_articles.append(Article.published_on >= filters.date_from)
        on_claims.append(dated >= filters.date_from)
    if filters.date_to is not None:
        on_articles.append(Article.published_on <= filters.date_to)
        on_claims.append(dated <= filters.date_to)
    if filters.status is not None:
        on_disputes.append(Dispute.status == filters.status)
    return on_articles, on_claims, on_disputes


class PortableSearch(GroupedSearch):
    def group(self, session: Session, group: Group, query: Query, facets: Facets) -> SearchGroup:
        # Substrings cannot tell a phrase from its words; each of its words must be there.
        words = [word for term in query.terms for word in term.split()]
        limit = query.limit
        on_articles, on_claims, on_disputes = _narrowed(query.filters)
        if group == "articles":
            match = and_(_contains_all([Article.title, Article.body], words), *on_articles)
            hits = [
                SearchHit(i, slug, _mark(title, words), _snippet(body, words))
                for i, slug, title, body in _first(
                    session,
                    match,
                    Article.id,
                    limit,
                    Article.id,
                    Article.slug,
                    Article.title,
                    Article.body,
                )
            ]
            return _counted(session, hits, limit, select(Article.id).where(match))
        if group == "claims":
            match = and_(
                _contains_all([Claim.statement, Claim.quote], words),
                Claim.state == "published",
                *on_claims,
            )
            claims = select(Claim.id).join(Article, Article.id == Claim.article_id).where(match)
            hits = [
                SearchHit(i, "", _mark(statement, words), _snippet(quote, words), kind, who, title)
                for i, statement, quote, kind, who, title in session.execute(
                    select(
                        Claim.id,
                        Claim.statement,
                        Claim.quote,
                        Claim.kind,
                        Actor.name,
                        Article.title,
                    )
                    .join(Actor, Actor.id == Claim.claimant_id)
                    .join(Article, Article.id == Claim.article_id)
                    .where(match)
                    .order_by(Claim.id)
                    .limit(limit)
                )
            ]
            outlet = aliased(Actor)
            facet_rows = session.execute(
                select(Claim.kind, Claim.denial_type, Actor.id, Actor.name, outlet.id, outlet.name)
                .join(Actor, Actor.id == Claim.claimant_id)
                .join(Article, Article.id == Claim.article_id)
                .outerjoin(outlet, outlet.id == Article.outlet_id)
                .where(match)
                .limit(FACET_ROWS)
            ).all()
            claim_facets(facet_rows, facets)
            if len(facet_rows) == FACET_ROWS:
                facets.counted_in = FACET_ROWS
            return _counted(session, hits, limit, claims)
        if group == "disputes":
            match = and_(
                _contains_all([Dispute.title, Dispute.summary], words),
                Dispute.merged_into_id.is_(None),
                *on_disputes,
            )
            hits = [
                SearchHit(i, slug, _mark(title, words), _snippet(summary, words), status)
                for i, slug, title, summary, status in _first(
                    session,
                    match,
                    Dispute.id,
                    limit,
                    Dispute.id,
                    Dispute.slug,
                    Dispute.title,
                    Dispute.summary,
                    Dispute.status,
                )
            ]
            status_facets(
                session.execute(
                    select(Dispute.status, func.count()).where(match).group_by(Dispute.status)
                ).all(),
                facets,
            )
            return _counted(session, hits, limit, select(Dispute.id).where(match))
        aliases = select(ActorAlias.actor_id).where(_contains_all([ActorAlias.alias], words))
        match = or_(_contains_all([Actor.name], words), Actor.id.in_(aliases))
        hits = [
            SearchHit(i, slug, _mark(name, words), Markup(""), kind)
            for i, slug, name, kind in _first(
                session, match, Actor.name, limit, Actor.id, Actor.slug, Actor.name, Actor.kind
            )
        ]
        return _counted(session, hits, limit, select(Actor.id).where(match))


def _first(
    session: Session, match: ColumnElement[bool], order: Any, limit: int, *columns: Any
) -> Iterable[Any]:
    """`columns` of the first `limit` rows that `match`, in `order`."""
    return session.execute(select(*columns).where(match).order_by(order).limit(limit))


def _counted(session: Session, hits: list[SearchHit], limit: int, matches: Select) -> SearchGroup:
    """The hits with their total: fewer than the limit are all the matches; otherwise the
    matches are counted, up to the cap."""
    if len(hits) < limit:
        return SearchGroup(hits, len(hits))
    capped = matches.limit(COUNT_CAP + 1).subquery()
    return SearchGroup(hits, session.execute(select(func.count()).select_from(capped)).scalar_one())
