"""The page cache's memory: what the LRU drops is released (no entry, body or index of a
dropped page stays alive), so a worker's memory stays within its budget however many pages
pass through it."""

import gc
import os
import tracemalloc

from starlette.types import Receive, Scope, Send

from app import page_deps
from app.page_cache import PageCache, PageCacheMiddleware
from app.page_cache_entry import Entry
from tests.test_page_cache import Feed, get

BUDGET = 64 * 1024
PAGE_BYTES = 4096


async def distinct_pages(scope: Scope, receive: Receive, send: Send) -> None:
    """A page of its own per path (random, so gzip cannot shrink it), showing its dispute and
    an actor every page shows."""
    number = int(scope["path"].rsplit("/", 1)[1])
    page_deps.shows_one("dispute", number)
    page_deps.shows_one("actor", 1)
    headers = [(b"content-type", b"text/html; charset=utf-8")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": os.urandom(PAGE_BYTES)})


def live_entries() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Entry))


def test_pages_the_lru_drops_are_released():
    cache = PageCacheMiddleware(distinct_pages, PageCache(Feed(), 10_000, BUDGET))
    for number in range(200):  # some twenty budgets' worth
        get(cache, f"/disputes/{number}")

    kept = len(cache.cache.entries)
    assert 0 < kept < 200 and cache.cache.size <= BUDGET
    assert live_entries() == kept
    # Each kept page's dispute, and the actor they all show.
    assert len(cache.cache._by_tag) == kept + 1


def test_a_change_to_an_entity_shown_on_several_pages_drops_each_page_still_kept():
    cache = PageCacheMiddleware(distinct_pages, PageCache(Feed(), 2, BUDGET))
    for number in (1, 2, 3):  # the LRU drops the first
        get(cache, f"/disputes/{number}")
    assert [key[2] for key in cache.cache.entries] == ["/disputes/2", "/disputes/3"]

    cache.cache.feed.changed(("dispute", 2))
    cache.cache.refresh()
    assert [key[2] for key in cache.cache.entries] == ["/disputes/3"]

    cache.cache.feed.changed(("actor", 1))
    cache.cache.refresh()
    assert cache.cache.entries == {} and cache.cache._by_tag == {}


def test_memory_stays_flat_while_pages_churn_through_the_budget():
    cache = PageCacheMiddleware(distinct_pages, PageCache(Feed(), 10_000, BUDGET))
    tracemalloc.start()
    try:
        for number in range(100):  # the budget filled, then churned a few times
            get(cache, f"/disputes/{number}")
        gc.collect()
        full, _ = tracemalloc.get_traced_memory()
        for number in range(100, 600):  # some sixty budgets' worth more
            get(cache, f"/disputes/{number}")
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # A leak of the dropped pages' bodies alone would be 500 x 4 KB = 2 MB.
    assert after - full < BUDGET / 2


async def page_showing_many(scope: Scope, receive: Receive, send: Send) -> None:
    """A dispute page as the corpus has them: some thirty entities shown, most on it alone."""
    number = int(scope["path"].rsplit("/", 1)[1])
    page_deps.shows_one("dispute", number)
    page_deps.shows("claim", range(30 * number, 30 * number + 28))
    page_deps.shows("actor", [1, 2])
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": os.urandom(PAGE_BYTES)})


def test_the_budget_counts_at_least_what_the_kept_pages_take():
    cache = PageCacheMiddleware(page_showing_many, PageCache(Feed(), 10_000, 64 << 20))
    get(cache, "/disputes/0")  # the feed's first read, and what any first page builds once
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for number in range(1, 301):
            get(cache, f"/disputes/{number}")
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    counted = cache.cache.size * 300 / 301
    assert after - before <= counted
