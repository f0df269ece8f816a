"""What a rendered page shows, so the page cache drops it when, and only when, any of it changes.

While a reader's page is rendered, the view-model builders call `shows("claim", ids)` (and so
on) for every entity whose data ends up on the page. The page cache stores the page under those
tags; each write's change log (table `change_log`, written by database triggers in the writer's
transaction) names the entities it touched, and every process drops the pages that show them.

A page that declared nothing depends on everything: any change drops it. That is the safe
default for list pages (home, search) and for any route not yet taught to declare.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

# The entity kinds a page can show and a change can name (the triggers use the same words).
# `actor` and `article` are their own rows (a name, a title); `by_actor` and `in_article` are
# the claims listed under an actor or in an article (migration 0009), which only the pages
# that list them declare: a dispute page that names an actor is not dropped by every edit of
# that actor's claims.
EntityKind = Literal["article", "actor", "claim", "dispute", "user", "by_actor", "in_article"]
Tag = tuple[str, int]

_shown: ContextVar[set[Tag] | None] = ContextVar("page_shows", default=None)


def shows(kind: EntityKind, ids: Iterable[int | None]) -> None:
    """Record that the page being rendered shows these entities (None ids are ignored).
    Outside a page cache's fill (a signed-in request, the CLI, a test) it does nothing."""
    shown = _shown.get()
    if shown is not None:
        shown.update((kind, i) for i in ids if i is not None)


def shows_one(kind: EntityKind, entity_id: int | None) -> None:
    shows(kind, (entity_id,))


@contextmanager
def collecting() -> Iterator[set[Tag]]:
    """The tags declared by whatever renders inside the block (the page cache's fill)."""
    shown: set[Tag] = set()
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)
