"""Search for databases without FTS5: case-insensitive substring matching in SQL, marks added
in Python. Correct everywhere; meant for small corpora (PostgreSQL deployments should add a
full-text backend of their own beside this one)."""

import re

from markupsafe import Markup, escape
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from app.models import Actor, ActorAlias, Article, Claim, Dispute
from app.search import COUNT_CAP, SearchGroup, SearchHit, SearchResults
from app.search.facets import NO_FILTERS, SearchFilters, claim_facets, status_facets

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


class PortableSearch:
    def search(
        self,
        session: Session,
        terms: list[str],
        limit: int,
        filters: SearchFilters = NO_FILTERS,
    ) -> SearchResults:
        results = SearchResults(terms)
        if not terms:
            return results
        # Substrings cannot tell a phrase from its words; each of its words must be there.
        terms = [word for term in terms for word in term.split()]
        on_articles, on_claims, on_disputes = _narrowed(filters)
        article_match = and_(_contains_all([Article.title, Article.body], terms), *on_articles)
        results.articles = SearchGroup(
            [
                SearchHit(i, slug, _mark(title, terms), _snippet(body, terms))
                for i, slug, title, body in session.execute(
                    select(Article.id, Article.slug, Article.title, Article.body)
                    .where(article_match)
                    .order_by(Article.id)
                    .limit(limit)
                )
            ]
        )
        claim_match = and_(
            _contains_all([Claim.statement, Claim.quote], terms),
            Claim.state == "published",
            *on_claims,
        )
        results.claims = SearchGroup(
            [
                SearchHit(i, "", _mark(statement, terms), _snippet(quote, terms), kind, who, title)
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
                    .where(claim_match)
                    .order_by(Claim.id)
                    .limit(limit)
                )
            ]
        )
        alias_match = select(ActorAlias.actor_id).where(_contains_all([ActorAlias.alias], terms))
        actor_match = or_(_contains_all([Actor.name], terms), Actor.id.in_(alias_match))
        results.actors = SearchGroup(
            [
                SearchHit(i, slug, _mark(name, terms), Markup(""), kind)
                for i, slug, name, kind in session.execute(
                    select(Actor.id, Actor.slug, Actor.name, Actor.kind)
                    .where(actor_match)
                    .order_by(Actor.name)
                    .limit(limit)
                )
            ]
        )
        dispute_match = and_(
            _contains_all([Dispute.title, Dispute.summary], terms),
            Dispute.merged_into_id.is_(None),
            *on_disputes,
        )
        results.disputes = SearchGroup(
            [
                SearchHit(i, slug, _mark(title, terms), _snippet(summary, terms), status)
                for i, slug, title, summary, status in session.execute(
                    select(Dispute.id, Dispute.slug, Dispute.title, Dispute.summary, Dispute.status)
                    .where(dispute_match)
                    .order_by(Dispute.id)
                    .limit(limit)
                )
            ]
        )
        outlet = aliased(Actor)
        claim_facets(
            session.execute(
                select(Claim.kind, Claim.denial_type, Actor.id, Actor.name, outlet.id, outlet.name)
                .join(Actor, Actor.id == Claim.claimant_id)
                .join(Article, Article.id == Claim.article_id)
                .outerjoin(outlet, outlet.id == Article.outlet_id)
                .where(claim_match)
                .limit(FACET_ROWS)
            ).all(),
            results.facets,
        )
        status_facets(
            session.execute(
                select(Dispute.status, func.count()).where(dispute_match).group_by(Dispute.status)
            ).all(),
            results.facets,
        )
        counted = [
            (results.articles, Article.id, article_match, ()),
            (results.claims, Claim.id, claim_match, ((Article, Article.id == Claim.article_id),)),
            (results.actors, Actor.id, actor_match, ()),
            (results.disputes, Dispute.id, dispute_match, ()),
        ]
        for group, key, condition, joins in counted:
            query = select(key)
            for model, on in joins:
                query = query.join(model, on)
            group.total = (
                len(group.hits)
                if len(group.hits) < limit
                else session.execute(
                    select(func.count()).select_from(
                        query.where(condition).limit(COUNT_CAP + 1).subquery()
                    )
                ).scalar_one()
            )
        # A group that a chosen facet does not apply to is left out (app/search/facets.py).
        if not filters.searches_articles():
            results.articles = SearchGroup()
        if not filters.searches_claims():
            results.claims = SearchGroup()
        if not filters.searches_disputes():
            results.disputes = SearchGroup()
        if not filters.searches_actors():
            results.actors = SearchGroup()
        return results
