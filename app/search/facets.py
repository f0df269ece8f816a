"""Search facets: what narrows a search (kind, denial type, claimant, outlet, dispute status, a
date range), the SQL conditions each group of results takes from them, and the counts of the
values found, for the links that narrow further.

A facet narrows the groups it applies to; a group that a chosen facet does not apply to is left
out (a claim has no dispute status, an actor no outlet):

| facet | articles | claims | disputes | actors |
| --- | --- | --- | --- | --- |
| kind, denial type, claimant | | yes | | |
| outlet | its outlet | its article's outlet | | |
| date range | its publication date | its date (event date, else its article's) | | |
| dispute status | | | yes | |

The conditions are SQL text with named parameters, written the same for both engines: the
claim is `c`, its article `a`, a dispute `d` in the queries that use them. Dates are compared
as ISO text on SQLite and as dates on PostgreSQL (the driver sends them untyped).
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import HTTPException, Query

from app.models import MAX_ID
from app.vocabulary import ClaimKind, DenialType, DisputeStatus, label

# Values shown per facet (claimants and outlets can be many).
TOP_VALUES = 8


@dataclass(frozen=True, slots=True)
class SearchFilters:
    kind: ClaimKind | None = None
    denial_type: DenialType | None = None
    claimant: int | None = None  # actor id
    outlet: int | None = None  # actor id
    status: DisputeStatus | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def chosen(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    @property
    def _claim_only(self) -> bool:
        return self.kind is not None or self.denial_type is not None or self.claimant is not None

    @property
    def _dated(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def searches_articles(self) -> bool:
        return not self._claim_only and self.status is None

    def searches_claims(self) -> bool:
        return self.status is None

    def searches_disputes(self) -> bool:
        return not (self._claim_only or self.outlet is not None or self._dated)

    def searches_actors(self) -> bool:
        return not self.chosen

    def query(self, **changes: Any) -> dict[str, str]:
        """The URL parameters of these filters, with `changes` (None drops one)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {
            PARAMETERS[name]: value.isoformat() if isinstance(value, date) else str(value)
            for name, value in values.items()
            if value is not None
        }


# The URL parameter of each filter (in the page and in /api/search).
PARAMETERS = {
    "kind": "kind",
    "denial_type": "denial_type",
    "claimant": "claimant",
    "outlet": "outlet",
    "status": "status",
    "date_from": "from",
    "date_to": "to",
}

NO_FILTERS = SearchFilters()


def search_filters(
    kind: Annotated[ClaimKind | None, Query(description="Claims of this kind")] = None,
    denial_type: Annotated[
        DenialType | None, Query(description="Answers that answer in this way")
    ] = None,
    claimant: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Claims by this actor (its id)")
    ] = None,
    outlet: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Articles, and claims in articles, of this outlet"),
    ] = None,
    status: Annotated[DisputeStatus | None, Query(description="Disputes in this state")] = None,
    date_from: Annotated[
        str,
        Query(
            alias="from",
            max_length=10,
            description="From this day, YYYY-MM-DD (claims: event date, else publication)",
        ),
    ] = "",
    date_to: Annotated[
        str, Query(alias="to", max_length=10, description="Up to this day, YYYY-MM-DD")
    ] = "",
) -> SearchFilters:
    """The facets of a search request (the page's and /api/search's), checked. An empty date
    is no date: the page's form sends its two date fields whether filled or not."""
    start, end = _day(date_from, "from"), _day(date_to, "to")
    if start is not None and end is not None and start > end:
        raise HTTPException(
            422, f"The range starts on {start.isoformat()}, after its end, {end.isoformat()}."
        )
    return SearchFilters(kind, denial_type, claimant, outlet, status, start, end)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        if _ISO_DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise HTTPException(422, f"“{value}” is not a day as YYYY-MM-DD (the “{name}” date).")


@dataclass(frozen=True, slots=True)
class Condition:
    """SQL to add to a WHERE clause (" AND ..."; empty when nothing narrows) and its values."""

    sql: str = ""
    params: dict[str, Any] = field(default_factory=dict)


def _dates(column: str, filters: SearchFilters, parts: list[str], params: dict) -> None:
    if filters.date_from is not None:
        parts.append(f"{column} >= :f_from")
        params["f_from"] = filters.date_from.isoformat()
    if filters.date_to is not None:
        parts.append(f"{column} <= :f_to")
        params["f_to"] = filters.date_to.isoformat()


def _condition(parts: list[str], params: dict[str, Any]) -> Condition:
    return Condition("".join(f" AND {part}" for part in parts), params)


def claim_condition(filters: SearchFilters) -> Condition:
    parts: list[str] = []
    params: dict[str, Any] = {}
    if filters.kind is not None:
        parts.append("c.kind = :f_kind")
        params["f_kind"] = filters.kind.value
    if filters.denial_type is not None:
        parts.append("c.denial_type = :f_denial_type")
        params["f_denial_type"] = filters.denial_type.value
    if filters.claimant is not None:
        parts.append("c.claimant_id = :f_claimant")
        params["f_claimant"] = filters.claimant
    if filters.outlet is not None:
        parts.append("a.outlet_id = :f_outlet")
        params["f_outlet"] = filters.outlet
    _dates("coalesce(c.event_date, a.published_on)", filters, parts, params)
    return _condition(parts, params)


def article_condition(filters: SearchFilters) -> Condition:
    parts: list[str] = []
    params: dict[str, Any] = {}
    if filters.outlet is not None:
        parts.append("a.outlet_id = :f_outlet")
        params["f_outlet"] = filters.outlet
    _dates("a.published_on", filters, parts, params)
    return _condition(parts, params)


def dispute_condition(filters: SearchFilters) -> Condition:
    if filters.status is None:
        return Condition()
    return Condition(" AND d.status = :f_status", {"f_status": filters.status.value})


# The values found.


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(slots=True)
class Facets:
    """The values of each facet among the matches (the claims' within the search's ranking
    window, like the results themselves), most frequent first."""

    kinds: list[FacetValue] = field(default_factory=list)
    denial_types: list[FacetValue] = field(default_factory=list)
    claimants: list[FacetValue] = field(default_factory=list)
    outlets: list[FacetValue] = field(default_factory=list)
    statuses: list[FacetValue] = field(default_factory=list)
    # When a group had more matches than its window: how many of the newest were counted.
    counted_in: int = 0


# The facets' values among what a search's window keeps (`k`, app/search/windowed.py), counted
# in the window's own statement: rows of (facet, id, value, label, count). Claimants and outlets
# are counted by id and named for the top few only. The same SQL on both engines.
CLAIM_FACETS = f"""
    UNION ALL SELECT 'kind', NULL, k.kind, NULL, count(*) FROM k GROUP BY k.kind
    UNION ALL SELECT 'denial_type', NULL, k.denial_type, NULL, count(*) FROM k
              WHERE k.denial_type IS NOT NULL GROUP BY k.denial_type
    UNION ALL SELECT 'claimant', t.id, NULL, who.name, t.n FROM (
              SELECT k.claimant_id AS id, count(*) AS n FROM k GROUP BY k.claimant_id
              ORDER BY n DESC, id LIMIT {TOP_VALUES}) t JOIN actor who ON who.id = t.id
    UNION ALL SELECT 'outlet', t.id, NULL, outlet.name, t.n FROM (
              SELECT k.outlet_id AS id, count(*) AS n FROM k WHERE k.outlet_id IS NOT NULL
              GROUP BY k.outlet_id ORDER BY n DESC, id LIMIT {TOP_VALUES}) t
              JOIN actor outlet ON outlet.id = t.id
"""
DISPUTE_FACETS = """
    UNION ALL SELECT 'status', NULL, k.status, NULL, count(*) FROM k GROUP BY k.status
"""
# The attribute of `Facets` that holds each facet's values.
_VALUES = {
    "kind": "kinds",
    "denial_type": "denial_types",
    "claimant": "claimants",
    "outlet": "outlets",
    "status": "statuses",
}


def counted_facets(rows: Iterable[Sequence[Any]], facets: Facets) -> None:
    """From rows of (facet, id, value, label, count), as CLAIM_FACETS and DISPUTE_FACETS
    give them: values most frequent first (ties by value, or by id)."""
    found: dict[str, list[tuple[Any, FacetValue]]] = {}
    for facet, id_, value, name, count in rows:
        if id_ is not None:  # an actor: claimant or outlet
            order, found_value = (-count, id_), FacetValue(str(id_), name, count)
        else:
            order, found_value = (-count, value), FacetValue(value, label(value), count)
        found.setdefault(facet, []).append((order, found_value))
    for facet, values in found.items():
        setattr(facets, _VALUES[facet], [v for _, v in sorted(values, key=lambda kv: kv[0])])


def claim_facets(rows: Iterable[Sequence[Any]], facets: Facets) -> None:
    """From rows of (kind, denial type, claimant id, claimant name, outlet id, outlet name)."""
    kinds: Counter[str] = Counter()
    denials: Counter[str] = Counter()
    claimants: Counter[tuple[int, str]] = Counter()
    outlets: Counter[tuple[int, str]] = Counter()
    for kind, denial_type, claimant_id, claimant, outlet_id, outlet in rows:
        kinds[kind] += 1
        if denial_type:
            denials[denial_type] += 1
        claimants[(claimant_id, claimant)] += 1
        if outlet_id is not None:
            outlets[(outlet_id, outlet)] += 1
    facets.kinds = [FacetValue(k, label(k), n) for k, n in kinds.most_common()]
    facets.denial_types = [FacetValue(k, label(k), n) for k, n in denials.most_common()]
    facets.claimants = [
        FacetValue(str(i), name, n) for (i, name), n in claimants.most_common(TOP_VALUES)
    ]
    facets.outlets = [
        FacetValue(str(i), name, n) for (i, name), n in outlets.most_common(TOP_VALUES)
    ]


def status_facets(rows: Iterable[Sequence[Any]], facets: Facets) -> None:
    """From rows of (status, count)."""
    facets.statuses = [
        FacetValue(status, label(status), count)
        for status, count in sorted(rows, key=lambda row: (-row[1], row[0]))
    ]


# Links that keep the query.


@dataclass(frozen=True, slots=True)
class FacetLink:
    label: str
    count: int
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class FacetGroup:
    title: str
    links: list[FacetLink]
    clear_href: str | None  # set when a value of this facet is chosen


_GROUPS = (
    ("Kind", "kind", "kinds"),
    ("How it answers", "denial_type", "denial_types"),
    ("Claimant", "claimant", "claimants"),
    ("Outlet", "outlet", "outlets"),
    ("Dispute status", "status", "statuses"),
)


def facet_groups(path: str, q: str, filters: SearchFilters, facets: Facets) -> list[FacetGroup]:
    """Each facet's values as links to the same search narrowed by that value (or, for the
    value chosen, back without it)."""

    # Each parameter is encoded once, not once per link (a page has up to 40 links); the
    # parameters keep their order, so that one search has one URL.
    start = f"{path}?{urlencode({'q': q})}"
    encoded = {param: urlencode({param: text}) for param, text in filters.query().items()}

    def href(name: str, value: str | None) -> str:
        changed = PARAMETERS[name]
        pairs = (
            encoded.get(param)
            if param != changed
            else (None if value is None else urlencode({param: value}))
            for param in PARAMETERS.values()
        )
        return start + "".join(f"&{pair}" for pair in pairs if pair)

    groups = []
    for title, name, values in _GROUPS:
        chosen = getattr(filters, name)
        chosen_text = str(chosen.value if hasattr(chosen, "value") else chosen)
        links = [
            FacetLink(v.label, v.count, href(name, v.value), chosen_text == v.value)
            for v in getattr(facets, values)
        ]
        if links or chosen is not None:
            groups.append(FacetGroup(title, links, href(name, None) if chosen else None))
    return groups
