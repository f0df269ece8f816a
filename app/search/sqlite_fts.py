"""Search with SQLite FTS5 (the indexes and their triggers are made by the migrations).

The flow and every statement but the ranking ones are app/search/windowed.py's. Ranking is
FTS5's bm25 (`ORDER BY rank`) within the window; titles are marked by highlight(). Article
and claim snippets are made afterwards, for the hits only, from a bounded window of their
texts (app/search/snippets.py); disputes' summaries and actors' aliases are short and get
FTS5's snippet() in the ranking statement. Every statement is a `LeanQuery`: SQLAlchemy's own
execute would add about 90 µs to each."""

import json
from collections.abc import Sequence
from typing import Any, ClassVar

from sqlmodel import Session

from app.db import LeanQuery
from app.search import MARK_CLOSE, MARK_OPEN, SearchHit
from app.search.bounds import session_budget
from app.search.snippets import WINDOW_CHARS, window_snippets
from app.search.windowed import (
    FullTextSearch,
    Group,
    hit,
)


def _matches(table: str) -> str:
    return f"SELECT rowid AS id FROM {table} WHERE {table} MATCH :match"


# Ranking statements: the hits within the window (rowid from :floor up), best first. Articles
# and claims leave their snippet empty: it is made afterwards by `_snippets`.
def _ranked_articles(cond: str) -> LeanQuery:
    return LeanQuery(f"""
        SELECT a.id, a.slug, highlight(article_fts, 0, :open, :close), ''
        FROM article_fts JOIN article a ON a.id = article_fts.rowid
        WHERE article_fts MATCH :match AND article_fts.rowid >= :floor{cond}
        ORDER BY rank LIMIT :limit
    """)


def _ranked_claims(cond: str) -> LeanQuery:
    return LeanQuery(f"""
        SELECT c.id, '', highlight(claim_fts, 0, :open, :close), '', c.kind, who.name, a.title
        FROM claim_fts
        JOIN claim c ON c.id = claim_fts.rowid
        JOIN actor who ON who.id = c.claimant_id
        JOIN article a ON a.id = c.article_id
        WHERE claim_fts MATCH :match AND claim_fts.rowid >= :floor
          AND c.state = 'published'{cond}
        ORDER BY rank LIMIT :limit
    """)


def _ranked_disputes(cond: str) -> LeanQuery:
    return LeanQuery(f"""
        SELECT d.id, d.slug, highlight(dispute_fts, 0, :open, :close),
               snippet(dispute_fts, 1, :open, :close, '…', 24), d.status
        FROM dispute_fts JOIN dispute d ON d.id = dispute_fts.rowid
        WHERE dispute_fts MATCH :match AND dispute_fts.rowid >= :floor
          AND d.merged_into_id IS NULL{cond}
        ORDER BY rank LIMIT :limit
    """)


_RANKED_ACTORS = LeanQuery("""
    SELECT a.id, a.slug, highlight(actor_fts, 0, :open, :close),
           snippet(actor_fts, 1, :open, :close, '…', 12), a.kind
    FROM actor_fts JOIN actor a ON a.id = actor_fts.rowid
    WHERE actor_fts MATCH :match ORDER BY rank LIMIT :limit
""")


def _ranked(group: Group, cond: str) -> LeanQuery:
    if group == "articles":
        return _ranked_articles(cond)
    if group == "claims":
        return _ranked_claims(cond)
    if group == "disputes":
        return _ranked_disputes(cond)
    return _RANKED_ACTORS


# The texts that article and claim snippets are made from, cut to their windows.
_TEXTS = {
    "articles": LeanQuery("""
        SELECT id, title, substr(body, 1, :chars) FROM article
        WHERE id IN (SELECT value FROM json_each(:ids))
    """),
    "claims": LeanQuery("""
        SELECT id, statement, substr(quote, 1, :chars) FROM claim
        WHERE id IN (SELECT value FROM json_each(:ids))
    """),
}


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


class SqliteFtsSearch(FullTextSearch):
    ranked_params: ClassVar[dict[str, Any]] = {"open": MARK_OPEN, "close": MARK_CLOSE}

    matches = staticmethod(_matches)
    ranked = staticmethod(_ranked)

    def match(self, terms: list[str]) -> str:
        return match_expression(terms)

    def hits(
        self, session: Session, group: Group, rows: Sequence[Sequence[Any]], match: str
    ) -> list[SearchHit]:
        texts = _TEXTS.get(group)
        if texts is None:
            return [hit(*row) for row in rows]
        snippets = _snippets(session, texts, [row[0] for row in rows], match)
        return [
            hit(id_, slug, title, snippets.get(id_, ""), *rest)
            for id_, slug, title, _, *rest in rows
        ]
