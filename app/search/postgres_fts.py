"""Search with PostgreSQL full-text search, answering as the FTS5 backend does.

The `tsvector` documents, their GIN indexes and the triggers that keep them current are made
by migration 0004 (tables article_fts, claim_fts, actor_fts; text search configuration
`gainsay`, English stemming without stop words, like FTS5's porter tokenizer). As with FTS5:
every term must match and the last may be a prefix; only the newest RANK_WINDOW matches are
ranked (ts_rank, the heading weighted above the text); counts stop at COUNT_CAP + 1; drafts
are windowed, then left out. Snippets are `ts_headline` over the first WINDOW_CHARS of a hit's
text, made for the hits only, after ranking: its cost grows with the text it reads."""

from collections.abc import Callable
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

_ARTICLE_WINDOW = LeanQuery("""
    SELECT min(id), count(*) FROM (
        SELECT id FROM article_fts WHERE document @@ to_tsquery('gainsay', :match)
        ORDER BY id DESC LIMIT :window) w
""")
_CLAIM_WINDOW = LeanQuery("""
    SELECT min(w.id), count(*), count(c.id) FROM (
        SELECT id FROM claim_fts WHERE document @@ to_tsquery('gainsay', :match)
        ORDER BY id DESC LIMIT :window) w
    LEFT JOIN claim c ON c.id = w.id AND c.state = 'published'
""")
# Ranked in the inner query; the headlines, which read the texts, only for the hits.
_ARTICLES = LeanQuery("""
    SELECT a.id, a.slug, ts_headline('gainsay', a.title, r.q, :all),
           ts_headline('gainsay', left(a.body, :chars), r.q, :fragment), left(a.body, :chars)
    FROM (
        SELECT f.id, q.q, ts_rank(f.document, q.q) AS rank
        FROM article_fts f, to_tsquery('gainsay', :match) AS q(q)
        WHERE f.document @@ q.q AND f.id >= :floor
        ORDER BY rank DESC, f.id DESC LIMIT :limit) r
    JOIN article a ON a.id = r.id
    ORDER BY r.rank DESC, r.id DESC
""")
_CLAIMS = LeanQuery("""
    SELECT c.id, '', ts_headline('gainsay', c.statement, r.q, :all),
           ts_headline('gainsay', left(c.quote, :chars), r.q, :fragment), left(c.quote, :chars),
           c.kind, who.name, a.title
    FROM (
        SELECT f.id, q.q, ts_rank(f.document, q.q) AS rank
        FROM claim_fts f JOIN claim c ON c.id = f.id, to_tsquery('gainsay', :match) AS q(q)
        WHERE f.document @@ q.q AND f.id >= :floor AND c.state = 'published'
        ORDER BY rank DESC, f.id DESC LIMIT :limit) r
    JOIN claim c ON c.id = r.id
    JOIN actor who ON who.id = c.claimant_id
    JOIN article a ON a.id = c.article_id
    ORDER BY r.rank DESC, r.id DESC
""")
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
_ARTICLE_COUNT = LeanQuery("""
    SELECT count(*) FROM (
        SELECT 1 FROM article_fts WHERE document @@ to_tsquery('gainsay', :match) LIMIT :cap) m
""")
_CLAIM_COUNT = LeanQuery("""
    SELECT count(*) FROM (
        SELECT 1 FROM claim_fts f JOIN claim c ON c.id = f.id
        WHERE f.document @@ to_tsquery('gainsay', :match) AND c.state = 'published'
        LIMIT :cap) m
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
) -> int:
    if in_window < RANK_WINDOW:
        return min(countable, COUNT_CAP + 1)
    if countable > COUNT_CAP:
        return COUNT_CAP + 1
    return rows(count, match=match, cap=COUNT_CAP + 1)[0][0]


class PostgresFtsSearch:
    def search(self, session: Session, terms: list[str], limit: int) -> SearchResults:
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
        floor, matches = rows(_ARTICLE_WINDOW, match=match, window=RANK_WINDOW)[0]
        results.articles = SearchGroup(
            [
                SearchHit(id_, slug, marked(title), marked(_with_ellipses(snippet, text)))
                for id_, slug, title, snippet, text in rows(
                    _ARTICLES, floor=floor, **heads, **texts
                )
            ]
            if matches
            else [],
            _windowed_total(rows, match, matches, matches, _ARTICLE_COUNT),
        )
        floor, matches, published = rows(_CLAIM_WINDOW, match=match, window=RANK_WINDOW)[0]
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
                    _CLAIMS, floor=floor, **heads, **texts
                )
            ]
            if published
            else [],
            _windowed_total(rows, match, matches, published, _CLAIM_COUNT),
        )
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
