"""Search with SQLite FTS5 (the indexes and their triggers are made by the migrations)."""

from sqlalchemy import text
from sqlmodel import Session

from app.search import (
    COUNT_CAP,
    MARK_CLOSE,
    MARK_OPEN,
    SearchGroup,
    SearchHit,
    SearchResults,
    marked,
)

_MARKS = {"open": MARK_OPEN, "close": MARK_CLOSE}

_ARTICLES = text("""
    SELECT a.id, a.slug, highlight(article_fts, 0, :open, :close),
           snippet(article_fts, 1, :open, :close, '…', 24)
    FROM article_fts JOIN article a ON a.id = article_fts.rowid
    WHERE article_fts MATCH :match AND article_fts.rowid >= :floor
    ORDER BY rank LIMIT :limit
""")
_CLAIMS = text("""
    SELECT c.id, '', highlight(claim_fts, 0, :open, :close),
           snippet(claim_fts, 1, :open, :close, '…', 24), c.kind, who.name, a.title
    FROM claim_fts
    JOIN claim c ON c.id = claim_fts.rowid
    JOIN actor who ON who.id = c.claimant_id
    JOIN article a ON a.id = c.article_id
    WHERE claim_fts MATCH :match AND claim_fts.rowid >= :floor AND c.state = 'published'
    ORDER BY rank LIMIT :limit
""")
_ACTORS = text("""
    SELECT a.id, a.slug, highlight(actor_fts, 0, :open, :close),
           snippet(actor_fts, 1, :open, :close, '…', 12), a.kind
    FROM actor_fts JOIN actor a ON a.id = actor_fts.rowid
    WHERE actor_fts MATCH :match ORDER BY rank LIMIT :limit
""")
# Ranking is bm25 over every match, and a word found in most of 100,000 articles took 0.2 to
# 0.6 s to rank. Only the newest RANK_WINDOW matches (highest rowids) are ranked: a rare word's
# matches all are, and a common word's results come from recent articles, found in 10-30 ms.
RANK_WINDOW = 2000
# Per group: the lowest rowid ranked, and how many matches the window holds.
_WINDOWS = {
    group: text(f"""SELECT min(rowid), count(*) FROM (
        SELECT rowid FROM {table} WHERE {table} MATCH :match ORDER BY rowid DESC LIMIT :window)""")
    for group, table in (("articles", "article_fts"), ("claims", "claim_fts"))
}
# Counting stops at the cap: "1000+" is all a reader needs, and it keeps big corpora fast.
_COUNTS = {
    "articles": text("""SELECT count(*) FROM (
        SELECT 1 FROM article_fts WHERE article_fts MATCH :match LIMIT :cap)"""),
    "claims": text("""SELECT count(*) FROM (
        SELECT 1 FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid
        WHERE claim_fts MATCH :match AND c.state = 'published' LIMIT :cap)"""),
    "actors": text("""SELECT count(*) FROM (
        SELECT 1 FROM actor_fts WHERE actor_fts MATCH :match LIMIT :cap)"""),
}


def match_expression(terms: list[str]) -> str:
    """An FTS5 query: every term must match; the last one also as a prefix (search as you
    type). Terms are bare words, quoted, so nothing a user types is read as FTS syntax."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


class SqliteFtsSearch:
    def search(self, session: Session, terms: list[str], limit: int) -> SearchResults:
        results = SearchResults(terms)
        if not terms:
            return results
        match = match_expression(terms)
        params = {"match": match, "limit": limit, **_MARKS}
        windows = {
            group: session.execute(window, {"match": match, "window": RANK_WINDOW}).one()
            for group, window in _WINDOWS.items()
        }
        results.articles.hits = [
            SearchHit(row[0], row[1], marked(row[2]), marked(row[3]))
            for row in session.execute(_ARTICLES, {**params, "floor": windows["articles"][0] or 0})
        ]
        results.claims.hits = [
            SearchHit(row[0], row[1], marked(row[2]), marked(row[3]), row[4], row[5], row[6])
            for row in session.execute(_CLAIMS, {**params, "floor": windows["claims"][0] or 0})
        ]
        results.actors.hits = [
            SearchHit(row[0], row[1], marked(row[2]), marked(row[3]), row[4])
            for row in session.execute(_ACTORS, params)
        ]
        for name, count in _COUNTS.items():
            group: SearchGroup = getattr(results, name)
            # Fewer hits than asked for are all the matches, unless the window left some out.
            every_match_ranked = name not in windows or windows[name][1] < RANK_WINDOW
            if len(group.hits) < limit and every_match_ranked:
                group.total = len(group.hits)
            else:
                group.total = session.execute(
                    count, {"match": match, "cap": COUNT_CAP + 1}
                ).scalar_one()
        return results
