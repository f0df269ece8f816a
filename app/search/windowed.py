"""What the two full-text backends (SQLite FTS5, PostgreSQL) share: the flow of a search, and
every statement but the ranking one. A backend holds only what differs: how a query's terms
become a match, which rows match a table, how hits are ranked and marked, and their snippets.

A search reads the groups that the chosen facets apply to (app/search/groups.py). Articles,
claims and disputes are each read in at most three statements:

1. the window: the newest RANK_WINDOW matches, how many of them count (published claims,
   disputes not merged, what the facets keep) and the facets' values among those, in one
   statement. Ranking every match of a common word took 0.2 to 0.6 s; a rare word's matches
   all fit in the window, and a common word's results come from its newest matches;
2. the hits, ranked within the window (none when the window keeps nothing);
3. a count stopped at the cap, only when neither the window nor the hits tell the total.

Actors are few: every match is ranked, and counted only when the hits fill the limit."""

from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from sqlmodel import Session

from app.db import LeanQuery
from app.search import COUNT_CAP, SearchGroup, SearchHit, marked
from app.search.facets import (
    CLAIM_FACETS,
    DISPUTE_FACETS,
    Condition,
    Facets,
    SearchFilters,
    article_condition,
    claim_condition,
    counted_facets,
    dispute_condition,
)
from app.search.groups import Group, GroupedSearch, Query

RANK_WINDOW = 2000

# What a backend's `matches` gives for a table: `SELECT <id> AS id FROM <index> WHERE <match>`.
Matches = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class GroupQueries:
    """One group's statements for one set of facet conditions."""

    ranked: LeanQuery
    count: LeanQuery
    window: LeanQuery | None = None  # None: every match is ranked (actors)


@dataclass(frozen=True, slots=True)
class _Window:
    floor: int | None  # the lowest id in the window: hits are ranked from there up
    matches: int  # in the window
    kept: int  # of those, how many count


def _condition(group: Group, filters: SearchFilters) -> Condition:
    """The SQL conditions the facets put on a group (on `a`, `c`, `d`)."""
    if group == "articles":
        return article_condition(filters)
    if group == "claims":
        return claim_condition(filters)
    if group == "disputes":
        return dispute_condition(filters)
    return Condition()


# The shared statements.

# The window's own two rows (`window`, `kept`), then the group's facet rows (facets.py): rows
# of (facet, id, value, label, count); `w` is the window, `k` what counts of it.
_WINDOW = """
    WITH w AS MATERIALIZED ({matches} ORDER BY id DESC LIMIT :window),
         k AS ({kept})
    SELECT 'window' AS facet, min(w.id) AS id, NULL AS value, NULL AS label, count(*) AS n
    FROM w
    UNION ALL SELECT 'kept', NULL, NULL, NULL, count(*) FROM k{facets}
"""
# Counting stops at the cap: "1000+" is all a reader needs, and it keeps big corpora fast.
_COUNT = "SELECT count(*) FROM (SELECT 1 FROM ({matches}) m {kept} LIMIT :cap) capped"


def _claims_kept(source: str, cond: str) -> str:
    """Published claims with the columns their facets count, joined to their articles."""
    return f"""
        SELECT c.kind, c.denial_type, c.claimant_id, a.outlet_id FROM {source}
        JOIN claim c ON c.id = {source}.id AND c.state = 'published'
        JOIN article a ON a.id = c.article_id{cond}
    """


def article_queries(matches: Matches, ranked: LeanQuery, cond: str) -> GroupQueries:
    # Without conditions every match counts: no row of `article` is read for the counts.
    kept = f"JOIN article a ON a.id = {{source}}.id{cond}" if cond else ""
    return GroupQueries(
        window=LeanQuery(
            _WINDOW.format(
                matches=matches("article_fts"),
                kept=f"SELECT w.id FROM w {kept.format(source='w')}",
                facets="",
            )
        ),
        ranked=ranked,
        count=LeanQuery(
            _COUNT.format(matches=matches("article_fts"), kept=kept.format(source="m"))
        ),
    )


def claim_queries(matches: Matches, ranked: LeanQuery, cond: str) -> GroupQueries:
    # A claim needs its article only for the conditions (outlet, dates) when counting.
    article = "JOIN article a ON a.id = c.article_id" if cond else ""
    return GroupQueries(
        window=LeanQuery(
            _WINDOW.format(
                matches=matches("claim_fts"), kept=_claims_kept("w", cond), facets=CLAIM_FACETS
            )
        ),
        ranked=ranked,
        count=LeanQuery(
            _COUNT.format(
                matches=matches("claim_fts"),
                kept=f"JOIN claim c ON c.id = m.id AND c.state = 'published' {article}{cond}",
            )
        ),
    )


def dispute_queries(matches: Matches, ranked: LeanQuery, cond: str) -> GroupQueries:
    # Merged disputes live on only as redirects: they are not found.
    kept = "JOIN dispute d ON d.id = {source}.id AND d.merged_into_id IS NULL" + cond
    return GroupQueries(
        window=LeanQuery(
            _WINDOW.format(
                matches=matches("dispute_fts"),
                kept=f"SELECT d.status FROM w {kept.format(source='w')}",
                facets=DISPUTE_FACETS,
            )
        ),
        ranked=ranked,
        count=LeanQuery(
            _COUNT.format(matches=matches("dispute_fts"), kept=kept.format(source="m"))
        ),
    )


def actor_queries(matches: Matches, ranked: LeanQuery) -> GroupQueries:
    return GroupQueries(
        ranked=ranked, count=LeanQuery(_COUNT.format(matches=matches("actor_fts"), kept=""))
    )


@lru_cache(maxsize=128)
def group_queries(
    matches: Matches, ranked: Callable[[str], LeanQuery], group: Group, cond: str
) -> GroupQueries:
    """A group's statements, built once per backend and set of facet conditions."""
    if group == "articles":
        return article_queries(matches, ranked(cond), cond)
    if group == "claims":
        return claim_queries(matches, ranked(cond), cond)
    if group == "disputes":
        return dispute_queries(matches, ranked(cond), cond)
    return actor_queries(matches, ranked(cond))


Ranking = dict[Group, Callable[[str], LeanQuery]]


def ranking_statements(
    articles: Callable[[str], LeanQuery],
    claims: Callable[[str], LeanQuery],
    disputes: Callable[[str], LeanQuery],
    actors: LeanQuery,
) -> Ranking:
    """A backend's ranking statements by group, each made from the facet conditions, but
    the actors' (no facet applies to actors)."""
    return {
        "articles": articles,
        "claims": claims,
        "disputes": disputes,
        "actors": lambda _: actors,
    }


# The flow.


def hit(
    id_: int,
    slug: str,
    title: str,
    snippet: str,
    kind: str = "",
    claimant: str = "",
    article_title: str = "",
) -> SearchHit:
    """A hit from a ranked row, its title and snippet marked where the database matched."""
    return SearchHit(id_, slug, marked(title), marked(snippet), kind, claimant, article_title)


class FullTextSearch(GroupedSearch):
    """`search` for a full-text backend. A ranked row is (id, slug, marked title, snippet
    or what the backend makes it from, ...), then the group's own columns: a claim's kind,
    claimant and article title, a dispute's status, an actor's kind."""

    # Parameters of the ranking statements besides the match, the limit and the floor.
    ranked_params: ClassVar[dict[str, Any]] = {}

    @abstractmethod
    def match(self, terms: list[str]) -> str:
        """The query's terms as the backend's match expression."""

    @staticmethod
    @abstractmethod
    def matches(table: str) -> str:
        """`SELECT <id> AS id FROM <table> WHERE <it matches :match>`, for a full-text table."""

    # Per group, its ranking statement for a set of facet conditions: the hits within the
    # window (ids from :floor up; actors: every match), best first, at most :limit.
    ranking: ClassVar[Ranking]

    @abstractmethod
    def hits(
        self, session: Session, group: Group, rows: Sequence[Sequence[Any]], match: str
    ) -> list[SearchHit]:
        """The ranked rows as hits, with their snippets."""

    def rows(self, session: Session, query: LeanQuery, **params: Any) -> list[Any]:
        return query.rows(session, **params)

    def group(self, session: Session, group: Group, query: Query, facets: Facets) -> SearchGroup:
        match, where, limit = self.match(query.terms), _condition(group, query.filters), query.limit
        queries = group_queries(self.matches, self.ranking[group], group, where.sql)
        ranked = {"match": match, "limit": limit, **self.ranked_params, **where.params}
        if queries.window is None:
            found = self.hits(session, group, self.rows(session, queries.ranked, **ranked), match)
            # Fewer hits than asked for are all the matches.
            if len(found) < limit:
                return SearchGroup(found, len(found))
            return SearchGroup(found, self._count(session, queries.count, match, where))
        window = self._window(session, queries.window, match, where, facets)
        # A window that keeps nothing needs no ranking statement.
        found = (
            self.hits(
                session,
                group,
                self.rows(session, queries.ranked, floor=window.floor, **ranked),
                match,
            )
            if window.kept
            else []
        )
        # The window holds every match unless it is full; past the cap, "1000+" is the total.
        if window.matches < RANK_WINDOW:
            return SearchGroup(found, min(window.kept, COUNT_CAP + 1))
        if window.kept > COUNT_CAP:
            return SearchGroup(found, COUNT_CAP + 1)
        return SearchGroup(found, self._count(session, queries.count, match, where))

    def _window(
        self, session: Session, query: LeanQuery, match: str, where: Condition, facets: Facets
    ) -> _Window:
        floor, matches, kept = None, 0, 0
        values = []
        for row in self.rows(session, query, match=match, window=RANK_WINDOW, **where.params):
            if row[0] == "window":
                floor, matches = row[1], row[4]
            elif row[0] == "kept":
                kept = row[4]
            else:
                values.append(row)
        counted_facets(values, facets)
        if values and matches >= RANK_WINDOW:
            facets.counted_in = RANK_WINDOW
        return _Window(floor, matches, kept)

    def _count(self, session: Session, query: LeanQuery, match: str, where: Condition) -> int:
        count: int = self.rows(session, query, match=match, cap=COUNT_CAP + 1, **where.params)[0][0]
        return count
