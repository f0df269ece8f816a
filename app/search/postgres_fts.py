"""Search with PostgreSQL full-text search, answering as the FTS5 backend does.

The `tsvector` documents, their GIN indexes and the triggers that keep them current are made
by migrations 0004 and 0006 (tables article_fts, claim_fts, actor_fts, dispute_fts; text
search configuration `gainsay`, English stemming without stop words, like FTS5's porter
tokenizer). The flow and every statement but the ranking ones are app/search/windowed.py's,
as for FTS5: every term must match and the last may be a prefix; only the newest matches are
ranked (ts_rank, the heading weighted above the text). Snippets are `ts_headline` over the
first WINDOW_CHARS of a hit's text, made for the hits only, after ranking: its cost grows with
the text it reads."""

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlmodel import Session

from app.db import LeanQuery
from app.search import MARK_CLOSE, MARK_OPEN, SearchHit
from app.search.bounds import session_budget
from app.search.groups import Group
from app.search.snippets import ELLIPSIS, WINDOW_CHARS
from app.search.windowed import FullTextSearch, hit, ranking_statements

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


def _matches(table: str) -> str:
    return f"SELECT id FROM {table} WHERE document @@ to_tsquery('gainsay', :match)"


# Ranking statements: the hits within the window (id from :floor up), ranked in the inner
# query; the headlines, which read the texts, only for the hits. A row ends with the text the
# snippet was cut from (None: no ellipses), then the group's own columns.
def _ranked_articles(cond: str) -> LeanQuery:
    article = "JOIN article a ON a.id = f.id" if cond else ""
    return LeanQuery(f"""
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
    """)


def _ranked_claims(cond: str) -> LeanQuery:
    claim = "(claim c JOIN article a ON a.id = c.article_id)" if cond else "claim c"
    return LeanQuery(f"""
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
    """)


def _ranked_disputes(cond: str) -> LeanQuery:
    return LeanQuery(f"""
        SELECT d.id, d.slug, ts_headline('gainsay', d.title, r.q, :all),
               ts_headline('gainsay', left(d.summary, :chars), r.q, :fragment),
               left(d.summary, :chars), d.status
        FROM (
            SELECT d.id, q.q, ts_rank(f.document, q.q) AS rank
            FROM dispute_fts f JOIN dispute d ON d.id = f.id,
                 to_tsquery('gainsay', :match) AS q(q)
            WHERE f.document @@ q.q AND f.id >= :floor AND d.merged_into_id IS NULL{cond}
            ORDER BY rank DESC, d.id DESC LIMIT :limit) r
        JOIN dispute d ON d.id = r.id
        ORDER BY r.rank DESC, r.id DESC
    """)


_RANKED_ACTORS = LeanQuery("""
    SELECT a.id, a.slug, ts_headline('gainsay', a.name, r.q, :all),
           CASE WHEN r.aliases = '' THEN ''
                ELSE ts_headline('gainsay', left(r.aliases, :chars), r.q, :short) END,
           NULL, a.kind
    FROM (
        SELECT f.id, f.aliases, q.q, ts_rank(f.document, q.q) AS rank
        FROM actor_fts f, to_tsquery('gainsay', :match) AS q(q)
        WHERE f.document @@ q.q
        ORDER BY rank DESC, f.id DESC LIMIT :limit) r
    JOIN actor a ON a.id = r.id
    ORDER BY r.rank DESC, r.id DESC
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


class PostgresFtsSearch(FullTextSearch):
    ranked_params: ClassVar[dict[str, Any]] = {
        "all": _HIGHLIGHT_ALL,
        "fragment": _FRAGMENT,
        "short": _SHORT_FRAGMENT,
        "chars": WINDOW_CHARS + 1,  # one more: tells a text that goes on
    }

    matches = staticmethod(_matches)
    ranking = ranking_statements(_ranked_articles, _ranked_claims, _ranked_disputes, _RANKED_ACTORS)

    def match(self, terms: list[str]) -> str:
        return tsquery(terms)

    def rows(self, session: Session, query: LeanQuery, **params: Any) -> list[Any]:
        # Each statement gets what is left of the deadline as its statement_timeout, and a
        # client that left is noticed before it starts.
        budget = session_budget(session)
        if budget is not None:
            budget.next_statement()
        return query.rows(session, **params)

    def hits(
        self, session: Session, group: Group, rows: Sequence[Sequence[Any]], match: str
    ) -> list[SearchHit]:
        return [
            hit(id_, slug, title, snippet if text is None else _with_ellipses(snippet, text), *rest)
            for id_, slug, title, snippet, text, *rest in rows
        ]
