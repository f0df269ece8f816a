"""Search with SQLite FTS5 (the indexes and their triggers are made by the migrations).

Every statement is a `LeanQuery`: a search makes five or so, and SQLAlchemy's own execute
would add about 90 µs to each."""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from app.db import LeanQuery
from app.search import (
    COUNT_CAP,
    MARK_CLOSE,
    MARK_OPEN,
    SearchGroup,
    SearchHit,
    SearchResults,
    marked,
)
from app.search.bounds import session_budget
from app.search.facets import (
    NO_FILTERS,
    SearchFilters,
    article_condition,
    claim_condition,
    claim_facets,
    dispute_condition,
    status_facets,
)
from app.search.snippets import WINDOW_CHARS, window_snippets

_MARKS = {"open": MARK_OPEN, "close": MARK_CLOSE}

# Ranking is bm25 over every match, and a word found in most of 100,000 articles took 0.2 to
# 0.6 s to rank. Only the newest RANK_WINDOW matches (highest rowids) are ranked: a rare word's
# matches all are, and a common word's results come from recent articles, found in 10-30 ms.
# Facets (app/search/facets.py) narrow within the same window.
RANK_WINDOW = 2000


@dataclass(frozen=True, slots=True)
class _Queries:
    """One group's statements for one set of facet conditions (`cond`: SQL on `a`, `c`, `d`)."""

    ranked: LeanQuery
    count: LeanQuery


@dataclass(frozen=True, slots=True)
class _WindowedQueries(_Queries):
    """Articles and claims, ranked within the window that `window` measures."""

    window: LeanQuery


@dataclass(frozen=True, slots=True)
class _ClaimQueries(_WindowedQueries):
    facets: LeanQuery


@dataclass(frozen=True, slots=True)
class _DisputeQueries(_Queries):
    facets: LeanQuery


# Per group: the lowest rowid ranked, how many matches the window holds, and how many of them
# count (published claims, and what the facets keep), which is also the count whenever the
# window holds every match: the count needs no second pass over the index.
@lru_cache(maxsize=32)
def _article_queries(cond: str) -> _WindowedQueries:
    joined = f"LEFT JOIN article a ON a.id = w.rowid{cond}" if cond else ""
    article = "JOIN article a ON a.id = article_fts.rowid" if cond else ""
    return _WindowedQueries(
        window=LeanQuery(f"""
            SELECT min(w.rowid), count(*), count({"a.id" if cond else "*"}) FROM (
                SELECT rowid FROM article_fts WHERE article_fts MATCH :match
                ORDER BY rowid DESC LIMIT :window) w {joined}
        """),
        # Ranking queries make no snippet (see app/search/snippets.py): the hits' texts are
        # read afterwards, cut to their windows, by the *_TEXTS queries.
        ranked=LeanQuery(f"""
            SELECT a.id, a.slug, highlight(article_fts, 0, :open, :close)
            FROM article_fts JOIN article a ON a.id = article_fts.rowid
            WHERE article_fts MATCH :match AND article_fts.rowid >= :floor{cond}
            ORDER BY rank LIMIT :limit
        """),
        # Counting stops at the cap: "1000+" is all a reader needs, and it keeps big corpora
        # fast. Only needed where neither the window nor the hits tell the count.
        count=LeanQuery(f"""
            SELECT count(*) FROM (
                SELECT 1 FROM article_fts {article}
                WHERE article_fts MATCH :match{cond} LIMIT :cap)
        """),
    )


_CLAIM_MATCHES = """
    SELECT rowid FROM claim_fts WHERE claim_fts MATCH :match ORDER BY rowid DESC LIMIT :window
"""


@lru_cache(maxsize=32)
def _claim_queries(cond: str) -> _ClaimQueries:
    claim = "(claim c JOIN article a ON a.id = c.article_id)" if cond else "claim c"
    return _ClaimQueries(
        window=LeanQuery(f"""
            SELECT min(w.rowid), count(*), count(c.id) FROM ({_CLAIM_MATCHES}) w
            LEFT JOIN {claim} ON c.id = w.rowid AND c.state = 'published'{cond}
        """),
        ranked=LeanQuery(f"""
            SELECT c.id, '', highlight(claim_fts, 0, :open, :close), c.kind, who.name, a.title
            FROM claim_fts
            JOIN claim c ON c.id = claim_fts.rowid
            JOIN actor who ON who.id = c.claimant_id
            JOIN article a ON a.id = c.article_id
            WHERE claim_fts MATCH :match AND claim_fts.rowid >= :floor
              AND c.state = 'published'{cond}
            ORDER BY rank LIMIT :limit
        """),
        count=LeanQuery(f"""
            SELECT count(*) FROM (
                SELECT 1 FROM claim_fts JOIN {claim} ON c.id = claim_fts.rowid
                WHERE claim_fts MATCH :match AND c.state = 'published'{cond} LIMIT :cap)
        """),
        # The facets' values among the window's published matches that the facets keep.
        facets=LeanQuery(f"""
            SELECT c.kind, c.denial_type, who.id, who.name, outlet.id, outlet.name
            FROM ({_CLAIM_MATCHES}) w
            JOIN claim c ON c.id = w.rowid AND c.state = 'published'
            JOIN article a ON a.id = c.article_id
            JOIN actor who ON who.id = c.claimant_id
            LEFT JOIN actor outlet ON outlet.id = a.outlet_id
            WHERE 1 = 1{cond}
        """),
    )


# Disputes are few beside claims: every match is ranked. Merged disputes live on only as
# redirects and are left out.
@lru_cache(maxsize=8)
def _dispute_queries(cond: str) -> _DisputeQueries:
    matched = f"""
        FROM dispute_fts JOIN dispute d ON d.id = dispute_fts.rowid
        WHERE dispute_fts MATCH :match AND d.merged_into_id IS NULL{cond}
    """
    return _DisputeQueries(
        ranked=LeanQuery(f"""
            SELECT d.id, d.slug, highlight(dispute_fts, 0, :open, :close),
                   snippet(dispute_fts, 1, :open, :close, '…', 24), d.status
            {matched} ORDER BY rank LIMIT :limit
        """),
        count=LeanQuery(f"SELECT count(*) FROM (SELECT 1 {matched} LIMIT :cap)"),
        facets=LeanQuery(f"""
            SELECT status, count(*) FROM (SELECT d.status {matched} LIMIT :window)
            GROUP BY status
        """),
    )


_ACTORS = LeanQuery("""
    SELECT a.id, a.slug, highlight(actor_fts, 0, :open, :close),
           snippet(actor_fts, 1, :open, :close, '…', 12), a.kind
    FROM actor_fts JOIN actor a ON a.id = actor_fts.rowid
    WHERE actor_fts MATCH :match ORDER BY rank LIMIT :limit
""")
_ARTICLE_TEXTS = LeanQuery("""
    SELECT id, title, substr(body, 1, :chars) FROM article
    WHERE id IN (SELECT value FROM json_each(:ids))
""")
_CLAIM_TEXTS = LeanQuery("""
    SELECT id, statement, substr(quote, 1, :chars) FROM claim
    WHERE id IN (SELECT value FROM json_each(:ids))
""")
_ACTOR_COUNT = LeanQuery("""
    SELECT count(*) FROM (SELECT 1 FROM actor_fts WHERE actor_fts MATCH :match LIMIT :cap)
""")


def match_expression(terms: list[str]) -> str:
    """An FTS5 query: every term must match; the last one also as a prefix (search as you
    type). Terms are bare words or phrases of them (`query_phrases`), quoted, so nothing a
    user types is read as FTS syntax; a quoted phrase's words must come side by side."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _snippets(session: Session, texts: LeanQuery, ids: list[int], match: str) -> dict[int, str]:
    """The hits' snippets, from the first WINDOW_CHARS of their texts (one more character
    is read, to tell a text that goes on)."""
    if not ids:
        return {}
    rows = texts.rows(session, ids=json.dumps(ids), chars=WINDOW_CHARS + 1)
    budget = session_budget(session)
    return window_snippets(
        rows, match, MARK_OPEN, MARK_CLOSE, 24, stop=budget.spent if budget else None
    )


def _windowed_total(
    session: Session,
    match: str,
    in_window: int,
    countable: int,
    count: LeanQuery,
    params: dict[str, Any],
) -> int:
    """A group's capped count, from its window where that tells: `countable` of the window's
    `in_window` matches count, and the window holds every match unless it is full."""
    if in_window < RANK_WINDOW:
        return min(countable, COUNT_CAP + 1)
    if countable > COUNT_CAP:
        return COUNT_CAP + 1
    return count.rows(session, match=match, cap=COUNT_CAP + 1, **params)[0][0]


class SqliteFtsSearch:
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
        match = match_expression(terms)
        ranked = {"match": match, "limit": limit, **_MARKS}
        window = {"match": match, "window": RANK_WINDOW}
        if filters.searches_articles():
            where = article_condition(filters)
            queries = _article_queries(where.sql)
            # A window without a match (or without a published claim) needs no ranking query.
            floor, matches, kept = queries.window.rows(session, **window, **where.params)[0]
            hits = (
                queries.ranked.rows(session, floor=floor, **ranked, **where.params) if kept else []
            )
            snippets = _snippets(session, _ARTICLE_TEXTS, [row[0] for row in hits], match)
            results.articles = SearchGroup(
                [
                    SearchHit(id_, slug, marked(title), marked(snippets.get(id_, "")))
                    for id_, slug, title in hits
                ],
                _windowed_total(session, match, matches, kept, queries.count, where.params),
            )
        if filters.searches_claims():
            where = claim_condition(filters)
            queries = _claim_queries(where.sql)
            floor, matches, published = queries.window.rows(session, **window, **where.params)[0]
            hits = (
                queries.ranked.rows(session, floor=floor, **ranked, **where.params)
                if published
                else []
            )
            snippets = _snippets(session, _CLAIM_TEXTS, [row[0] for row in hits], match)
            results.claims = SearchGroup(
                [
                    SearchHit(
                        id_,
                        slug,
                        marked(title),
                        marked(snippets.get(id_, "")),
                        kind,
                        claimant,
                        article,
                    )
                    for id_, slug, title, kind, claimant, article in hits
                ],
                _windowed_total(session, match, matches, published, queries.count, where.params),
            )
            if published:
                claim_facets(queries.facets.rows(session, **window, **where.params), results.facets)
        if filters.searches_disputes():
            where = dispute_condition(filters)
            disputes_sql = _dispute_queries(where.sql)
            disputes = [
                SearchHit(id_, slug, marked(title), marked(snippet), status)
                for id_, slug, title, snippet, status in disputes_sql.ranked.rows(
                    session, **ranked, **where.params
                )
            ]
            total = (
                len(disputes)
                if len(disputes) < limit
                else disputes_sql.count.rows(
                    session, match=match, cap=COUNT_CAP + 1, **where.params
                )[0][0]
            )
            results.disputes = SearchGroup(disputes, total)
            if disputes:
                status_facets(
                    disputes_sql.facets.rows(session, **window, **where.params), results.facets
                )
        if filters.searches_actors():
            actors = [
                SearchHit(id_, slug, marked(title), marked(snippet), kind)
                for id_, slug, title, snippet, kind in _ACTORS.rows(session, **ranked)
            ]
            # Fewer hits than asked for are all the matches.
            total = (
                len(actors)
                if len(actors) < limit
                else _ACTOR_COUNT.rows(session, match=match, cap=COUNT_CAP + 1)[0][0]
            )
            results.actors = SearchGroup(actors, total)
        return results
