"""Search with PostgreSQL full-text search, answering as the FTS5 backend does.

The `tsvector` documents, their GIN indexes and the triggers that keep them current are made
by migration 0004 (tables article_fts, claim_fts, actor_fts; text search configuration
`gainsay`, English stemming without stop words, like FTS5's porter tokenizer). As with FTS5:
every term must match and the last may be a prefix; only the newest RANK_WINDOW matches are
ranked (ts_rank, the heading weighted above the text); counts stop at COUNT_CAP + 1; drafts
are windowed, then left out. Snippets are `ts_headline` over the first WINDOW_CHARS of a hit's
text, made for the hits only, after ranking: its cost grows with the text it reads."""

from collections.abc import Callable
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
from app.search.snippets import ELLIPSIS, WINDOW_CHARS

RANK_WINDOW = 2000
SNIPPET_WORDS = 24

# ts_headline's options: every match marked (titles), or one fragment of about 24 words.
_HIGHLIGHT_ALL = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, HighlightAll=true"
_FRAGMENT = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxFragments=1, "
    f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}"
)
_SHORT_FRAGMENT = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxFragments=1, "
    f"MaxWords={SNIPPET_WORDS // 2}, MinWords={SNIPPET_WORDS // 4}"
)


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


_MATCHES = """
    SELECT id FROM {table} WHERE document @@ to_tsquery('gainsay', :match)
    ORDER BY id DESC LIMIT :window
"""


# Per group: the lowest id ranked, how many matches the window holds, and how many of them
# count (published claims, and what the facets keep).
@lru_cache(maxsize=32)
def _article_queries(cond: str) -> _WindowedQueries:
    joined = f"LEFT JOIN article a ON a.id = w.id{cond}" if cond else ""
    article = "JOIN article a ON a.id = f.id" if cond else ""
    return _WindowedQueries(
        window=LeanQuery(f"""
            SELECT min(w.id), count(*), count({"a.id" if cond else "*"})
            FROM ({_MATCHES.format(table="article_fts")}) w {joined}
        """),
        # Ranked in the inner query; the headlines, which read the texts, only for the hits.
        ranked=LeanQuery(f"""
            SELECT a.id, a.slug, ts_headline('gainsay', a.title, r.q, :all),
                   ts_headline('gainsay', left(a.body, :chars), r.q, :fragment),
                   left(a.body, :chars)
            FROM (
                SELECT f.id, q.q, ts_rank(f.document, q.q) AS rank
                FROM article_fts f {article}, to_tsquery('gainsay', :match) AS q(q)
                WHERE f.document @@ q.q AND f.id >= :floor{cond}
                ORDER BY rank DESC, f.id DESC LIMIT :limit) r
            JOIN article a ON a.id = r.id
            ORDER BY r.rank DESC, r.id DESC
        """),
        count=LeanQuery(f"""
            SELECT count(*) FROM (
                SELECT 1 FROM article_fts f {article}
                WHERE f.document @@ to_tsquery('gainsay', :match){cond} LIMIT :cap) m
        """),
    )


@lru_cache(maxsize=32)
def _claim_queries(cond: str) -> _ClaimQueries:
    claim = "(claim c JOIN article a ON a.id = c.article_id)" if cond else "claim c"
    return _ClaimQueries(
        window=LeanQuery(f"""
            SELECT min(w.id), count(*), count(c.id)
            FROM ({_MATCHES.format(table="claim_fts")}) w
            LEFT JOIN {claim} ON c.id = w.id AND c.state = 'published'{cond}
        """),
        ranked=LeanQuery(f"""
            SELECT c.id, '', ts_headline('gainsay', c.statement, r.q, :all),
                   ts_headline('gainsay', left(c.quote, :chars), r.q, :fragment),
                   left(c.quote, :chars), c.kind, who.name, a.title
            FROM (
                SELECT f.id, q.q, ts_rank(f.document, q.q) AS rank
                FROM claim_fts f JOIN {claim} ON c.id = f.id,
                     to_tsquery('gainsay', :match) AS q(q)
                WHERE f.document @@ q.q AND f.id >= :floor AND c.state = 'published'{cond}
                ORDER BY rank DESC, f.id DESC LIMIT :limit) r
            JOIN claim c ON c.id = r.id
            JOIN actor who ON who.id = c.claimant_id
            JOIN article a ON a.id = c.article_id
            ORDER BY r.rank DESC, r.id DESC
        """),
        count=LeanQuery(f"""
            SELECT count(*) FROM (
                SELECT 1 FROM claim_fts f JOIN {claim} ON c.id = f.id
                WHERE f.document @@ to_tsquery('gainsay', :match) AND c.state = 'published'{cond}
                LIMIT :cap) m
        """),
        # The facets' values among the window's published matches that the facets keep.
        facets=LeanQuery(f"""
            SELECT c.kind, c.denial_type, who.id, who.name, outlet.id, outlet.name
            FROM ({_MATCHES.format(table="claim_fts")}) w
            JOIN claim c ON c.id = w.id AND c.state = 'published'
            JOIN article a ON a.id = c.article_id
            JOIN actor who ON who.id = c.claimant_id
            LEFT JOIN actor outlet ON outlet.id = a.outlet_id
            WHERE 1 = 1{cond}
        """),
    )


# Disputes are few beside claims: every match is ranked. Merged disputes are left out.
@lru_cache(maxsize=8)
def _dispute_queries(cond: str) -> _DisputeQueries:
    matched = f"""
        FROM dispute_fts f JOIN dispute d ON d.id = f.id, to_tsquery('gainsay', :match) AS q(q)
        WHERE f.document @@ q.q AND d.merged_into_id IS NULL{cond}
    """
    return _DisputeQueries(
        ranked=LeanQuery(f"""
            SELECT d.id, d.slug, ts_headline('gainsay', d.title, r.q, :all),
                   ts_headline('gainsay', left(d.summary, :chars), r.q, :fragment),
                   left(d.summary, :chars), d.status
            FROM (
                SELECT d.id, q.q, ts_rank(f.document, q.q) AS rank {matched}
                ORDER BY rank DESC, d.id DESC LIMIT :limit) r
            JOIN dispute d ON d.id = r.id
            ORDER BY r.rank DESC, r.id DESC
        """),
        count=LeanQuery(f"SELECT count(*) FROM (SELECT 1 {matched} LIMIT :cap) m"),
        facets=LeanQuery(f"""
            SELECT status, count(*) FROM (SELECT d.status {matched} LIMIT :window) m
            GROUP BY status
        """),
    )


_ACTORS = LeanQuery("""
    SELECT a.id, a.slug, ts_headline('gainsay', a.name, r.q, :all),
           CASE WHEN r.aliases = '' THEN ''
                ELSE ts_headline('gainsay', left(r.aliases, :chars), r.q, :short) END,
           a.kind
    FROM (
        SELECT f.id, f.aliases, q.q, ts_rank(f.document, q.q) AS rank
        FROM actor_fts f, to_tsquery('gainsay', :match) AS q(q)
        WHERE f.document @@ q.q
        ORDER BY rank DESC, f.id DESC LIMIT :limit) r
    JOIN actor a ON a.id = r.id
    ORDER BY r.rank DESC, r.id DESC
""")
_ACTOR_COUNT = LeanQuery("""
    SELECT count(*) FROM (
        SELECT 1 FROM actor_fts WHERE document @@ to_tsquery('gainsay', :match) LIMIT :cap) m
""")


def tsquery(terms: list[str]) -> str:
    """A to_tsquery() text: every term must match, the last word also as a prefix; a phrase's
    words side by side (<->). Words are bare (`query_phrases`) and quoted, so nothing a user
    types is read as query syntax."""
    phrases = [[f"'{word}'" for word in term.split()] for term in terms]
    phrases[-1][-1] += ":*"
    return " & ".join(
        f"({' <-> '.join(words)})" if len(words) > 1 else words[0] for words in phrases
    )


def _with_ellipses(headline: str, text: str) -> str:
    """'…' where the fragment leaves out the start or the end of the text, as FTS5's
    snippet() has it (ts_headline adds none)."""
    plain = headline.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").strip()
    if not plain:
        return headline
    whole = text.strip()
    start = "" if whole.startswith(plain[:40]) else ELLIPSIS
    end = "" if len(text) <= WINDOW_CHARS and whole.endswith(plain[-40:]) else ELLIPSIS
    return start + headline + end


def _windowed_total(
    rows: Callable[..., list[tuple[Any, ...]]],
    match: str,
    in_window: int,
    countable: int,
    count: LeanQuery,
    params: dict[str, Any],
) -> int:
    if in_window < RANK_WINDOW:
        return min(countable, COUNT_CAP + 1)
    if countable > COUNT_CAP:
        return COUNT_CAP + 1
    return rows(count, match=match, cap=COUNT_CAP + 1, **params)[0][0]


class PostgresFtsSearch:
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
        match = tsquery(terms)
        budget = session_budget(session)

        def rows(query: LeanQuery, **params: Any) -> list[tuple[Any, ...]]:
            # Each statement gets what is left of the deadline as its statement_timeout, and
            # a client that left is noticed before it starts.
            if budget is not None:
                budget.next_statement()
            return query.rows(session, **params)

        heads = {"match": match, "limit": limit, "all": _HIGHLIGHT_ALL, "fragment": _FRAGMENT}
        texts = {"chars": WINDOW_CHARS + 1}  # one more: tells a text that goes on
        window = {"match": match, "window": RANK_WINDOW}
        if filters.searches_articles():
            where = article_condition(filters)
            queries = _article_queries(where.sql)
            floor, matches, kept = rows(queries.window, **window, **where.params)[0]
            results.articles = SearchGroup(
                [
                    SearchHit(id_, slug, marked(title), marked(_with_ellipses(snippet, text)))
                    for id_, slug, title, snippet, text in rows(
                        queries.ranked, floor=floor, **heads, **texts, **where.params
                    )
                ]
                if kept
                else [],
                _windowed_total(rows, match, matches, kept, queries.count, where.params),
            )
        if filters.searches_claims():
            where = claim_condition(filters)
            queries = _claim_queries(where.sql)
            floor, matches, published = rows(queries.window, **window, **where.params)[0]
            results.claims = SearchGroup(
                [
                    SearchHit(
                        id_,
                        slug,
                        marked(title),
                        marked(_with_ellipses(snippet, text)),
                        kind,
                        claimant,
                        article,
                    )
                    for id_, slug, title, snippet, text, kind, claimant, article in rows(
                        queries.ranked, floor=floor, **heads, **texts, **where.params
                    )
                ]
                if published
                else [],
                _windowed_total(rows, match, matches, published, queries.count, where.params),
            )
            if published:
                claim_facets(rows(queries.facets, **window, **where.params), results.facets)
        if filters.searches_disputes():
            where = dispute_condition(filters)
            disputes_sql = _dispute_queries(where.sql)
            disputes = [
                SearchHit(id_, slug, marked(title), marked(_with_ellipses(snippet, text)), status)
                for id_, slug, title, snippet, text, status in rows(
                    disputes_sql.ranked, **heads, **texts, **where.params
                )
            ]
            total = (
                len(disputes)
                if len(disputes) < limit
                else rows(disputes_sql.count, match=match, cap=COUNT_CAP + 1, **where.params)[0][0]
            )
            results.disputes = SearchGroup(disputes, total)
            if disputes:
                status_facets(rows(disputes_sql.facets, **window, **where.params), results.facets)
        if filters.searches_actors():
            actors = [
                SearchHit(id_, slug, marked(title), marked(snippet), kind)
                for id_, slug, title, snippet, kind in rows(
                    _ACTORS,
                    match=match,
                    limit=limit,
                    all=_HIGHLIGHT_ALL,
                    short=_SHORT_FRAGMENT,
                    **texts,
                )
            ]
            # Fewer hits than asked for are all the matches.
            total = (
                len(actors)
                if len(actors) < limit
                else rows(_ACTOR_COUNT, match=match, cap=COUNT_CAP + 1)[0][0]
            )
            results.actors = SearchGroup(actors, total)
        return results
