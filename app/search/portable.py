"""Search for databases without FTS5: case-insensitive substring matching in SQL, marks added
in Python. Correct everywhere; meant for small corpora (PostgreSQL deployments should add a
full-text backend of their own beside this one)."""

import re

from markupsafe import Markup, escape
from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from app.models import Actor, ActorAlias, Article, Claim
from app.search import COUNT_CAP, SearchGroup, SearchHit, SearchResults

SNIPPET_CHARS = 160


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


class PortableSearch:
    def search(self, session: Session, terms: list[str], limit: int) -> SearchResults:
        results = SearchResults(terms)
        if not terms:
            return results
        # Substrings cannot tell a phrase from its words; each of its words must be there.
        terms = [word for term in terms for word in term.split()]
        article_match = _contains_all([Article.title, Article.body], terms)
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
            _contains_all([Claim.statement, Claim.quote], terms), Claim.state == "published"
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
        for group, model, condition in (
            (results.articles, Article, article_match),
            (results.claims, Claim, claim_match),
            (results.actors, Actor, actor_match),
        ):
            group.total = (
                len(group.hits)
                if len(group.hits) < limit
                else session.execute(
                    select(func.count()).select_from(
                        select(model.id).where(condition).limit(COUNT_CAP + 1).subquery()
                    )
                ).scalar_one()
            )
        return results
