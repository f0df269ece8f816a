"""Search with SQLite FTS5 (the indexes and their triggers are made by the migrations).

The flow and every statement but the ranking ones are app/search/windowed.py's. Ranking is
FTS5's bm25 (`ORDER BY rank`) within the window; titles are marked by highlight(). Article
and claim snippets are made afterwards, for the hits only: FTS5's snippet() over the index
for a text within WINDOW_CHARS (nearly all), and for a longer one a snippet of its window
(app/search/snippets.py), as snippet() over a 2 MB text took seconds. Disputes' summaries and
actors' aliases are short and get snippet() in the ranking statement. Every statement is a
`LeanQuery`: SQLAlchemy's own execute would add about 90 µs to each."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlmodel import Session

from app.db import LeanQuery
from app.search import MARK_CLOSE, MARK_OPEN, SearchHit
from app.search.bounds import session_budget
from app.search.groups import Group
from app.search.snippets import WINDOW_CHARS, window_snippets
from app.search.windowed import FullTextSearch, hit, ranking_statements

_MARKS = {"open": MARK_OPEN, "close": MARK_CLOSE}


def _matches(table: str) -> str:
    return f"SELECT rowid AS id FROM {table} WHERE {table} MATCH :match"


# Ranking statements: the hits within the window (rowid from :floor up), best first. Articles
# and claims give, in place of their snippet, whether their text is longer than the window
# (`_snippets` makes the snippets afterwards).
def _ranked_articles(cond: str) -> LeanQuery:
    return LeanQuery(f"""
        SELECT a.id, a.slug, highlight(article_fts, 0, :open, :close),
               length(a.body) > :window_chars
        FROM article_fts JOIN article a ON a.id = article_fts.rowid
        WHERE article_fts MATCH :match AND article_fts.rowid >= :floor{cond}
        ORDER BY rank LIMIT :limit
    """)


def _ranked_claims(cond: str) -> LeanQuery:
    return LeanQuery(f"""
        SELECT c.id, '', highlight(claim_fts, 0, :open, :close),
               length(c.quote) > :window_chars, c.kind, who.name, a.title
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


@dataclass(frozen=True, slots=True)
class _SnippetSources:
    """Where article and claim snippets come from: the index, for hits (ids between :floor
    and :top) whose text is within the window, and otherwise the text cut to its window."""

    indexed: LeanQuery
    texts: LeanQuery


def _snippet_sources(table: str, title: str, text: str, column: int) -> _SnippetSources:
    # `+rowid`: FTS5 scans its matches between the lowest and highest hit and the list only
    # filters them; asked to look up each listed rowid, it expanded a prefix once per hit (3x).
    return _SnippetSources(
        indexed=LeanQuery(f"""
            SELECT rowid, snippet({table}_fts, {column}, :open, :close, '…', 24)
            FROM {table}_fts
            WHERE {table}_fts MATCH :match AND rowid BETWEEN :floor AND :top
              AND +rowid IN (SELECT value FROM json_each(:ids))
        """),
        texts=LeanQuery(f"""
            SELECT id, {title}, substr({text}, 1, :chars) FROM {table}
            WHERE id IN (SELECT value FROM json_each(:ids))
        """),
    )


_SNIPPETS = {
    "articles": _snippet_sources("article", "title", "body", 1),
    "claims": _snippet_sources("claim", "statement", "quote", 1),
}


def match_expression(terms: list[str]) -> str:
    """An FTS5 query: every term must match; the last one also as a prefix (search as you
    type). Terms are bare words or phrases of them (`query_phrases`), quoted, so nothing a
    user types is read as FTS syntax; a quoted phrase's words must come side by side."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _snippets(
    session: Session, sources: _SnippetSources, hits: list[tuple[int, bool]], match: str
) -> dict[int, str]:
    """The snippets of hits given as (id, whether its text is longer than the window)."""
    within = [id_ for id_, longer in hits if not longer]
    snippets: dict[int, str] = {}
    if within:
        snippets.update(
            sources.indexed.rows(
                session,
                match=match,
                ids=json.dumps(within),
                floor=min(within),
                top=max(within),
                **_MARKS,
            )
        )
    longer = [id_ for id_, longer in hits if longer]
    if longer:
        # One more character than the window is read, to tell a text that goes on.
        texts = sources.texts.rows(session, ids=json.dumps(longer), chars=WINDOW_CHARS + 1)
        budget = session_budget(session)
        snippets |= window_snippets(
            texts, match, MARK_OPEN, MARK_CLOSE, 24, stop=budget.spent if budget else None
        )
    return snippets


class SqliteFtsSearch(FullTextSearch):
    ranked_params: ClassVar[dict[str, Any]] = {**_MARKS, "window_chars": WINDOW_CHARS}

    matches = staticmethod(_matches)
    ranking = ranking_statements(_ranked_articles, _ranked_claims, _ranked_disputes, _RANKED_ACTORS)

    def match(self, terms: list[str]) -> str:
        return match_expression(terms)

    def hits(
        self, session: Session, group: Group, rows: Sequence[Sequence[Any]], match: str
    ) -> list[SearchHit]:
        sources = _SNIPPETS.get(group)
        if sources is None:
            return [hit(*row) for row in rows]
        snippets = _snippets(session, sources, [(row[0], row[3]) for row in rows], match)
        return [
            hit(id_, slug, title, snippets.get(id_, ""), *rest)
            for id_, slug, title, _, *rest in rows
        ]
