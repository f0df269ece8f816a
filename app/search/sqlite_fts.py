"""Search with SQLite FTS5 (the indexes and their triggers are made by the migrations).

Every statement is a `LeanQuery`: a search makes five or so, and SQLAlchemy's own execute
would add about 90 µs to each."""

import json

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
from app.search.snippets import WINDOW_CHARS, window_snippets

_MARKS = {"open": MARK_OPEN, "close": MARK_CLOSE}

# Ranking is bm25 over every match, and a word found in most of 100,000 articles took 0.2 to
# 0.6 s to rank. Only the newest RANK_WINDOW matches (highest rowids) are ranked: a rare word's
# matches all are, and a common word's results come from recent articles, found in 10-30 ms.
RANK_WINDOW = 2000
# Per group: the lowest rowid ranked and how many matches the window holds, which is also the
# count whenever the window holds every match. Claims also count the published among them
# (drafts are left out after windowing), so the count needs no second pass over the index.
_ARTICLE_WINDOW = LeanQuery("""
    SELECT min(rowid), count(*) FROM (
        SELECT rowid FROM article_fts WHERE article_fts MATCH :match
        ORDER BY rowid DESC LIMIT :window)
""")
_CLAIM_WINDOW = LeanQuery("""
    SELECT min(w.rowid), count(*), count(c.id) FROM (
        SELECT rowid FROM claim_fts WHERE claim_fts MATCH :match
        ORDER BY rowid DESC LIMIT :window) w
    LEFT JOIN claim c ON c.id = w.rowid AND c.state = 'published'
""")
# Ranking queries make no snippet (see app/search/snippets.py): the hits' texts are read
# afterwards, cut to their windows, by the *_TEXTS queries.
_ARTICLES = LeanQuery("""
    SELECT a.id, a.slug, highlight(article_fts, 0, :open, :close)
    FROM article_fts JOIN article a ON a.id = article_fts.rowid
    WHERE article_fts MATCH :match AND article_fts.rowid >= :floor
    ORDER BY rank LIMIT :limit
""")
_CLAIMS = LeanQuery("""
    SELECT c.id, '', highlight(claim_fts, 0, :open, :close), c.kind, who.name, a.title
    FROM claim_fts
    JOIN claim c ON c.id = claim_fts.rowid
    JOIN actor who ON who.id = c.claimant_id
    JOIN article a ON a.id = c.article_id
    WHERE claim_fts MATCH :match AND claim_fts.rowid >= :floor AND c.state = 'published'
    ORDER BY rank LIMIT :limit
""")
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
# Counting stops at the cap: "1000+" is all a reader needs, and it keeps big corpora fast.
# Only needed where neither the window nor the hits tell the count.
_ARTICLE_COUNT = LeanQuery("""
    SELECT count(*) FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH :match LIMIT :cap)
""")
_CLAIM_COUNT = LeanQuery("""
    SELECT count(*) FROM (
        SELECT 1 FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid
        WHERE claim_fts MATCH :match AND c.state = 'published' LIMIT :cap)
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
    session: Session, match: str, in_window: int, countable: int, count: LeanQuery
) -> int:
    """A group's capped count, from its window where that tells: `countable` of the window's
    `in_window` matches count, and the window holds every match unless it is full."""
    if in_window < RANK_WINDOW:
        return min(countable, COUNT_CAP + 1)
    if countable > COUNT_CAP:
        return COUNT_CAP + 1
    return count.rows(session, match=match, cap=COUNT_CAP + 1)[0][0]


class SqliteFtsSearch:
    def search(self, session: Session, terms: list[str], limit: int) -> SearchResults:
        results = SearchResults(terms)
        if not terms:
            return results
        match = match_expression(terms)
        ranked = {"match": match, "limit": limit, **_MARKS}
        # A window without a match (or without a published claim) needs no ranking query.
        floor, matches = _ARTICLE_WINDOW.rows(session, match=match, window=RANK_WINDOW)[0]
        ranked_articles = _ARTICLES.rows(session, floor=floor, **ranked) if matches else []
        snippets = _snippets(session, _ARTICLE_TEXTS, [row[0] for row in ranked_articles], match)
        results.articles = SearchGroup(
            [
                SearchHit(id_, slug, marked(title), marked(snippets.get(id_, "")))
                for id_, slug, title in ranked_articles
            ],
            _windowed_total(session, match, matches, matches, _ARTICLE_COUNT),
        )
        floor, matches, published = _CLAIM_WINDOW.rows(session, match=match, window=RANK_WINDOW)[0]
        ranked_claims = _CLAIMS.rows(session, floor=floor, **ranked) if published else []
        snippets = _snippets(session, _CLAIM_TEXTS, [row[0] for row in ranked_claims], match)
        results.claims = SearchGroup(
            [
                SearchHit(
                    id_, slug, marked(title), marked(snippets.get(id_, "")), kind, claimant, article
                )
                for id_, slug, title, kind, claimant, article in ranked_claims
            ],
            _windowed_total(session, match, matches, published, _CLAIM_COUNT),
        )
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
