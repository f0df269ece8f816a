"""What every search backend shares: a search reads its result groups one at a time, only
those that the chosen facets apply to (app/search/facets.py), into one `SearchResults`; a
backend says how it reads one group."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from app.search import SearchGroup, SearchResults
from app.search.facets import NO_FILTERS, Facets, SearchFilters

Group = Literal["articles", "claims", "disputes", "actors"]


def searched_groups(filters: SearchFilters) -> list[Group]:
    """The groups a search reads: a group that a chosen facet does not apply to is left out."""
    groups: list[Group] = []
    if filters.searches_articles():
        groups.append("articles")
    if filters.searches_claims():
        groups.append("claims")
    if filters.searches_disputes():
        groups.append("disputes")
    if filters.searches_actors():
        groups.append("actors")
    return groups


@dataclass(frozen=True, slots=True)
class Query:
    terms: list[str]  # query_phrases()
    limit: int  # hits per group
    filters: SearchFilters


class GroupedSearch(ABC):
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
        query = Query(terms, limit, filters)
        for group in searched_groups(filters):
            setattr(results, group, self.group(session, group, query, results.facets))
        return results

    @abstractmethod
    def group(self, session: Session, group: Group, query: Query, facets: Facets) -> SearchGroup:
        """A group's hits (at most `query.limit`) and total, narrowed by `query.filters`; the
        values of the facets found among its matches go into `facets`."""
