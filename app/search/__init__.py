"""Search over articles, claims and actors, behind one small interface.

`search_backend(engine)` picks SQLite FTS5, PostgreSQL full-text search (migration 0004), or
a portable (slower) LIKE search on other databases; all return the same `SearchResults`, with
matched words marked.
"""

import re
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup, escape
from sqlalchemy import Connection, Engine
from sqlmodel import Session

from app.search.facets import Facets, SearchFilters

MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
# Markers the database puts around matched words; the text is escaped before they become <mark>.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


# Not frozen: a frozen dataclass's __init__ is four times slower, and a search makes up to 60.
@dataclass(slots=True)
class SearchHit:
    id: int
    slug: str
    title: Markup
    snippet: Markup = field(default_factory=Markup)
    kind: str = ""  # claim kind or actor kind
    claimant: str = ""  # claims: who made it
    article_title: str = ""  # claims: where


@dataclass(slots=True)
class SearchGroup:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # capped at COUNT_CAP + 1


@dataclass(slots=True)
class SearchResults:
    terms: list[str]
    articles: SearchGroup = field(default_factory=SearchGroup)
    claims: SearchGroup = field(default_factory=SearchGroup)
    actors: SearchGroup = field(default_factory=SearchGroup)
    disputes: SearchGroup = field(default_factory=SearchGroup)  # kind: the dispute's status
    facets: Facets = field(default_factory=Facets)

    @property
    def total(self) -> int:
        return self.articles.total + self.claims.total + self.actors.total + self.disputes.total


COUNT_CAP = 1000


class SearchBackend(Protocol):
    def search(
        self, session: Session, terms: list[str], limit: int, filters: SearchFilters = ...
    ) -> SearchResults: ...


def query_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, without operators or punctuation."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_TERMS]


# A double-quoted span (its closing quote may be missing) or a run of characters without space.
_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
# "Konashenkov's" is looked for as "Konashenkov", not as the phrase "konashenkov s".
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)


def query_phrases(query: str) -> list[str]:
    """The terms of a query: words, and phrases whose words must come in order, side by side:
    words joined without a space ("A-10", "al-Numan", "100,000") or in double quotes ("civil
    defence"). Lower-cased, without operators, punctuation or a possessive 's; a phrase's
    words are separated by one space. At most MAX_TERMS words in all."""
    terms: list[str] = []
    room = MAX_TERMS
    for quoted, bare in _CHUNK.findall(query):
        words = [word.lower() for word in _WORD.findall(_POSSESSIVE.sub("", quoted or bare))]
        words = words[:room]
        if words:
            terms.append(" ".join(words))
            room -= len(words)
    return terms


def marked(text: str) -> Markup:
    """Escape `text`, then turn the database's match markers into <mark> elements."""
    # str.replace, not Markup's (which would escape "<mark>"), and no copy to str first.
    return Markup(str.replace(escape(text), MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def search_backend(engine: Engine | Connection) -> SearchBackend:
    # Only the dialect matters: a session's bind (either kind) serves as well as the engine.
    if engine.dialect.name == "sqlite":
        from app.search.sqlite_fts import SqliteFtsSearch

        return SqliteFtsSearch()
    if engine.dialect.name == "postgresql":
        from app.search.postgres_fts import PostgresFtsSearch

        return PostgresFtsSearch()
    from app.search.portable import PortableSearch

    return PortableSearch()
