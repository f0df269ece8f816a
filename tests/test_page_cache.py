"""app/page_cache.py, alone in front of a counting app: what is served from the store, to whom,
in which variant, and which pages a change drops; then the front door of the real app."""

import asyncio
import gc
import gzip
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send

from app import page_deps
from app.auth import SESSION_COOKIE
from app.change_feed import EVERYTHING, ChangeFeed, Changes
from app.limits import MAX_HEADER_BYTES, MAX_URL_BYTES
from app.page_cache import PageCache, PageCacheMiddleware
from app.page_store import TOUCH_AFTER_S, PageStore, encode_key
from tests.conftest import TestClient, permalink

BODY = b"<!doctype html><p>" + b"allegation and answer " * 200 + b"</p>"


class Feed(ChangeFeed):
    """A change feed the test feeds by hand: each poll hands over what was queued. Each change
    takes the next position in the log; the first poll is the feed's first read."""

    def __init__(self, history: dict[tuple[str, int], int] | None = None) -> None:
        super().__init__(source=None)
        # The first read: the whole log kept, each entity with its newest position.
        self.written = max((history or {}).values(), default=0)
        first = Changes(
            history or {}, everything=True, known_from=0, whole_log=True, top=self.written
        )
        self.queued: list[tuple[int, Changes]] = [(self.written, first)]
        self.handed_over = 0

    @property
    def position(self) -> int:
        return self.handed_over

    def poll(self) -> Changes | None:
        if not self.queued:
            return None
        self.handed_over, changes = self.queued.pop(0)
        return changes

    def changed(self, *tags: tuple[str, int]) -> None:
        self.written += 1
        changes = Changes(dict.fromkeys(tags, self.written)) if tags else EVERYTHING
        self.queued.append((self.written, changes))


@dataclass
class CountingApp:
    """Answers every GET with BODY (or a block for htmx) and counts the calls."""

    calls: int = 0
    vary: list[str] = field(default_factory=list)
    last_scope: Scope = field(default_factory=dict)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        self.last_scope = scope
        # /disputes/N shows dispute N and claim 10N; any other path declares nothing.
        if scope["path"].startswith("/disputes/"):
            number = int(scope["path"].rsplit("/", 1)[1])
            page_deps.shows_one("dispute", number)
            page_deps.shows("claim", [10 * number])
        htmx = (b"hx-request", b"true") in scope["headers"]
        body = b"<section>block</section>" if htmx else BODY
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"vary", b"HX-Request")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@dataclass
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes


def get(cache: PageCacheMiddleware, path: str = "/disputes/1", **headers: str) -> Answer:
    raw = [(b"host", b"gainsay.test")] + [
        (name.replace("_", "-").lower().encode(), value.encode()) for name, value in headers.items()
    ]
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": raw}
    messages: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    asyncio.run(cache(scope, receive, send))
    start, body = messages[0], b"".join(m.get("body", b"") for m in messages[1:])
    return Answer(start["status"], dict(start["headers"]), body)


@pytest.fixture
def app() -> CountingApp:
    return CountingApp()


@pytest.fixture
def feed() -> Feed:
    return Feed()


@pytest.fixture
def cache(app: CountingApp, feed: Feed) -> PageCacheMiddleware:
    return PageCacheMiddleware(app, PageCache(feed, max_entries=100, max_bytes=1 << 20))


def test_a_repeated_page_is_served_from_the_store(cache, app):
    first, second = get(cache), get(cache)

    assert app.calls == 1
    assert first.body == second.body == BODY
    assert first.headers[b"etag"] == second.headers[b"etag"]
    assert (first.headers[b"x-cache"], second.headers[b"x-cache"]) == (b"miss", b"hit")
    assert b"age" not in first.headers and second.headers[b"age"] == b"0"


def test_gzip_goes_to_those_who_accept_it(cache, app):
    plain = get(cache)
    zipped = get(cache, accept_encoding="gzip, deflate, br")

    assert app.calls == 1
    assert zipped.headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(zipped.body) == plain.body == BODY
    assert b"content-encoding" not in plain.headers
    assert b"Accept-Encoding" in plain.headers[b"vary"]


def test_a_known_etag_gets_304(cache):
    etag = get(cache).headers[b"etag"].decode()

    answer = get(cache, if_none_match=f'"other", {etag}')

    assert answer.status == 304 and answer.body == b""


def test_htmx_renderings_are_kept_apart(cache, app):
    full, block = get(cache), get(cache, hx_request="true")
    # A history restore also says HX-Request, but wants the whole page: an entry of its own.
    get(cache, hx_request="true", hx_history_restore_request="true")

    assert (full.body, block.body) == (BODY, b"<section>block</section>")
    assert app.calls == 3
    assert get(cache, hx_request="true").body == block.body
    assert app.calls == 3


@pytest.mark.parametrize(
    "credentials",
    [{"authorization": "Bearer gsy_x"}, {"cookie": "theme=dark; gainsay_session=abc"}],
)
def test_a_signed_in_request_never_touches_the_store(cache, app, credentials):
    get(cache)
    get(cache, **credentials)
    get(cache, **credentials)

    assert app.calls == 3
    assert len(cache.cache.entries) == 1


def test_a_change_drops_the_pages_that_show_it_and_no_other(cache, app, feed):
    get(cache, "/disputes/1"), get(cache, "/disputes/2")
    feed.changed(("claim", 20), ("actor", 7))

    hits = [
        get(cache, "/disputes/1").headers[b"x-cache"],
        get(cache, "/disputes/2").headers[b"x-cache"],
    ]

    assert hits == [b"hit", b"miss"]
    assert app.calls == 3


def test_a_page_that_declared_nothing_is_dropped_by_any_change(cache, app, feed):
    get(cache, "/"), get(cache, "/disputes/1")
    feed.changed(("actor", 7))

    assert get(cache, "/").headers[b"x-cache"] == b"miss"
    assert get(cache, "/disputes/1").headers[b"x-cache"] == b"hit"


def test_a_page_showing_a_kind_the_cache_has_no_code_for_is_dropped_by_any_change(feed):
    async def odd(scope: Scope, receive: Receive, send: Send) -> None:
        page_deps.shows("note", [1])  # type: ignore[arg-type]  # not a kind pages show
        await PlainTextResponse("a page")(scope, receive, send)

    cache = PageCacheMiddleware(odd, PageCache(feed, max_entries=10, max_bytes=1 << 20))
    get(cache, "/odd")
    assert get(cache, "/odd").headers[b"x-cache"] == b"hit"
    feed.changed(("actor", 7))

    assert get(cache, "/odd").headers[b"x-cache"] == b"miss"


def test_when_the_feed_cannot_tell_everything_is_dropped(cache, app, feed):
    get(cache, "/disputes/1")
    feed.changed()  # EVERYTHING

    assert get(cache, "/disputes/1").headers[b"x-cache"] == b"miss"


def test_a_page_rendered_before_a_change_it_shows_is_not_stored(cache, app, feed):
    """The change is applied while the page renders (between the look-up and the store):
    what was rendered may predate it."""
    original = app.__call__

    async def changing_meanwhile(scope, receive, send):
        feed.changed(("dispute", 1))
        await original(scope, receive, send)

    app.__call__ = changing_meanwhile  # type: ignore[method-assign]
    cache.app = changing_meanwhile
    get(cache, "/disputes/1")
    cache.app = app

    assert cache.cache.entries == {}
    get(cache, "/disputes/1")
    assert len(cache.cache.entries) == 1


def test_an_entity_several_pages_show_drops_each_of_them_as_they_come_and_go(feed):
    """/disputes/N shows dispute N and actor 7, which every page shows."""

    async def sharing(scope: Scope, receive: Receive, send: Send) -> None:
        page_deps.shows_one("dispute", int(scope["path"].rsplit("/", 1)[1]))
        page_deps.shows_one("actor", 7)
        await PlainTextResponse("a dispute")(scope, receive, send)

    cache = PageCacheMiddleware(sharing, PageCache(feed, max_entries=100, max_bytes=1 << 20))
    stored = lambda: sorted(key[2] for key in cache.cache.entries)  # noqa: E731
    for n in (1, 2, 3):
        get(cache, f"/disputes/{n}")
    feed.changed(("actor", 7))
    get(cache, "/disputes/9")  # reads the change
    assert stored() == ["/disputes/9"]

    for n in (1, 2, 3):
        get(cache, f"/disputes/{n}")
    feed.changed(("dispute", 1), ("dispute", 2), ("dispute", 9))
    get(cache, "/disputes/4")
    assert stored() == ["/disputes/3", "/disputes/4"]
    feed.changed(("dispute", 4))
    get(cache, "/disputes/5")
    assert stored() == ["/disputes/3", "/disputes/5"]
    feed.changed(("actor", 7))
    get(cache, "/disputes/6")
    assert stored() == ["/disputes/6"]


def test_stored_pages_leave_the_collector_little_to_walk(app, feed):
    """A full pass of the garbage collector walks every object it tracks: the pages' headers
    and the index of what each page shows must not add objects per page and entity."""
    cache = PageCacheMiddleware(app, PageCache(feed, max_entries=100, max_bytes=1 << 20))
    for n in range(1, 21):
        get(cache, f"/disputes/{n}")
    # Tuples holding only untracked objects are left out by a pass that sees them: a tuple in a
    # tuple (a key's htmx flags, a header pair) takes a pass per level.
    gc.collect()
    gc.collect()

    index = cache.cache._by_tag
    assert len(index) == 40  # each page's dispute and claim, none shared
    assert not any(gc.is_tracked(keys) for keys in index.values())
    for entry in cache.cache.entries.values():
        assert not gc.is_tracked(entry.headers) and not gc.is_tracked(entry.gzip_headers)
        assert not gc.is_tracked(entry.not_modified_headers)


def test_the_store_keeps_the_most_recently_used_pages_within_its_entry_count(app, feed):
    cache = PageCacheMiddleware(app, PageCache(feed, max_entries=2, max_bytes=1 << 20))
    get(cache, "/disputes/1"), get(cache, "/disputes/2")
    get(cache, "/disputes/1")  # used again: now the most recent
    get(cache, "/disputes/3")

    assert [key[2] for key in cache.cache.entries] == ["/disputes/1", "/disputes/3"]


def test_a_routes_own_public_lifetime_is_kept_and_others_become_no_cache(feed):
    async def lasting(scope: Scope, receive: Receive, send: Send) -> None:
        lifetime = b"public, max-age=86400" if scope["path"] == "/past" else b"max-age=60"
        await PlainTextResponse("x", headers={"Cache-Control": lifetime.decode()})(
            scope, receive, send
        )

    cache = PageCacheMiddleware(lasting, PageCache(feed, max_entries=10, max_bytes=1 << 20))

    assert get(cache, "/past").headers[b"cache-control"] == b"public, max-age=86400"
    assert get(cache, "/today").headers[b"cache-control"] == b"no-cache"


def test_compressible_pages_are_kept_compressed_only(cache):
    get(cache, accept_encoding="gzip")
    [entry] = cache.cache.entries.values()

    assert entry.body is None and gzip.decompress(entry.gzip_body) == BODY
    assert get(cache).body == BODY  # decompressed for a client without gzip


def test_a_hot_page_dropped_by_a_change_is_rendered_again_in_the_background(cache, app, feed):
    async def scenario() -> None:
        messages: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            messages.append(message)

        scope = {
            "type": "http",
            "method": "GET",
            "path": "/disputes/1",
            "query_string": b"",
            "headers": [(b"host", b"gainsay.test"), (b"cookie", b"theme=dark")],
        }
        for _ in range(3):  # stored, then served twice: hot
            await cache(scope, receive, send)
        feed.changed(("claim", 10))
        cache.cache.refresh()
        assert cache.cache.entries == {}
        await cache.cache._rerender_task

    asyncio.run(scenario())

    assert app.calls == 2
    assert cache.cache.rerendered == 1
    [(key, entry)] = cache.cache.entries.items()
    assert key[2] == "/disputes/1" and entry.hits == 0
    # The re-render asked as an anonymous reader, without this reader's own headers.
    assert app.last_scope["headers"] == [(b"host", b"gainsay.test"), (b"accept-encoding", b"gzip")]
    assert app.last_scope["method"] == "GET" and app.last_scope["path"] == "/disputes/1"


def test_a_re_render_asks_for_the_page_as_it_was_asked_for(cache, app, feed):
    """The htmx rendering, the query string and a percent-encoded path, all repeated."""

    async def scenario() -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            return None

        scope = {
            "type": "http",
            "method": "GET",
            "scheme": "https",
            "path": "/disputes/2",
            "raw_path": b"/disputes/%32",
            "query_string": b"view=timeline",
            "headers": [(b"host", b"gainsay.test"), (b"hx-request", b"true")],
            "root_path": "/gainsay",
        }
        for _ in range(3):
            await cache(dict(scope), receive, send)
        feed.changed(("dispute", 2))
        cache.cache.refresh()
        await cache.cache._rerender_task

    asyncio.run(scenario())

    asked = app.last_scope
    assert app.calls == 2 and cache.cache.rerendered == 1
    assert (asked["scheme"], asked["path"], asked["raw_path"], asked["query_string"]) == (
        "https",
        "/disputes/2",
        b"/disputes/%32",
        b"view=timeline",
    )
    assert asked["root_path"] == "/gainsay"  # the server's own, from the requests it served
    assert (b"hx-request", b"true") in asked["headers"]
    [(key, _entry)] = cache.cache.entries.items()
    assert key == ("https", b"gainsay.test", "/disputes/2", b"view=timeline", (True, False, False))


def test_a_page_read_once_is_not_rendered_again(cache, app, feed):
    get(cache, "/disputes/1")
    feed.changed(("dispute", 1))
    cache.cache.refresh()

    assert cache.cache._rerender_queue == {}


# --- The front door: the real app, answering stored pages before its middleware ---------------


# The host's page store, shared by workers and kept across restarts (app.page_store).


def worker(app: CountingApp, feed: Feed, store_path: Path) -> PageCacheMiddleware:
    """One worker process's cache, in front of its own app, sharing the store at the path."""
    store = PageStore(store_path, build="test", max_entries=100, max_bytes=1 << 20)
    return PageCacheMiddleware(app, PageCache(feed, 100, 1 << 20, shared=store))


def caught_up(cache: PageCacheMiddleware) -> None:
    """The worker has read every change written so far (the fake feed hands over one per
    poll)."""
    while cache.cache.feed.queued:  # type: ignore[attr-defined]
        cache.cache.refresh()


def shared_now(cache: PageCacheMiddleware) -> None:
    store = cache.cache.shared
    assert store is not None and store.flush()


def stored_by_a_worker(store_path: Path, *numbers: int) -> None:
    """A worker (since gone) rendered these disputes, and they reached the host's store."""
    before = worker(CountingApp(), Feed(), store_path)
    for number in numbers:
        get(before, f"/disputes/{number}")
    shared_now(before)


def test_a_page_one_worker_rendered_is_a_hit_for_another(tmp_path):
    app_a, app_b = CountingApp(), CountingApp()
    a, b = worker(app_a, Feed(), tmp_path / "pages"), worker(app_b, Feed(), tmp_path / "pages")
    rendered = get(a, "/disputes/1")
    shared_now(a)

    served = get(b, "/disputes/1")

    assert served.headers[b"x-cache"] == b"hit" and app_b.calls == 0
    assert served.body == rendered.body and served.headers[b"etag"] == rendered.headers[b"etag"]
    assert get(b, "/disputes/1").headers[b"x-cache"] == b"hit" and app_b.calls == 0


def test_a_shared_page_that_shows_a_change_the_reader_has_read_is_rendered_again(tmp_path):
    """Worker A rendered the page before the change; B has read the change since: B must
    not serve A's page, whatever A's own feed knows."""
    app_a, app_b = CountingApp(), CountingApp()
    feed_b = Feed()
    a, b = worker(app_a, Feed(), tmp_path / "pages"), worker(app_b, feed_b, tmp_path / "pages")
    get(a, "/disputes/1"), get(a, "/disputes/2")
    shared_now(a)
    caught_up(b)
    feed_b.changed(("claim", 10))  # shown on /disputes/1 only
    caught_up(b)

    assert get(b, "/disputes/1").headers[b"x-cache"] == b"miss"
    assert get(b, "/disputes/2").headers[b"x-cache"] == b"hit"
    assert app_b.calls == 1


def test_a_restarted_worker_starts_with_its_predecessors_pages_less_those_changed(tmp_path):
    stored_by_a_worker(tmp_path / "pages", 1, 2, 3)
    # Down meanwhile: dispute 2 changed. The new process's feed reads the whole log at start.
    app = CountingApp()
    after = worker(app, Feed(history={("dispute", 2): 1}), tmp_path / "pages")

    caches = [get(after, f"/disputes/{n}").headers[b"x-cache"] for n in (1, 2, 3)]

    assert caches == [b"hit", b"miss", b"hit"] and app.calls == 1


def test_a_restarted_worker_preloads_the_most_recent_pages_less_those_changed(tmp_path):
    stored_by_a_worker(tmp_path / "pages", 1, 2, 3)
    app = CountingApp()
    after = worker(app, Feed(history={("dispute", 2): 1}), tmp_path / "pages")
    after.cache.refresh()  # the feed's first read, as the lifespan does before serving

    kept = asyncio.run(after.cache.preload(batch=2))  # two batches and a cursor between

    assert kept == 2
    assert sorted(key[2] for key in after.cache.entries) == ["/disputes/1", "/disputes/3"]
    # Served from memory: the host's store is not read again.
    after.cache.shared = None
    assert get(after, "/disputes/1").headers[b"x-cache"] == b"hit" and app.calls == 0


def test_a_preload_takes_the_most_recently_used_pages_within_the_budget(tmp_path):
    stored_by_a_worker(tmp_path / "pages", 1, 2, 3)
    with closing(sqlite3.connect(tmp_path / "pages")) as pages, pages:
        for number, used_at in ((1, 300), (2, 100), (3, 200)):
            key = ("http", b"gainsay.test", f"/disputes/{number}", b"", (False, False, False))
            changed = pages.execute(
                "UPDATE page SET used_at = ? WHERE key = ?", (used_at, encode_key(key))
            )
            assert changed.rowcount == 1
    store = PageStore(tmp_path / "pages", build="test", max_entries=100, max_bytes=1 << 20)
    after = PageCache(Feed(), max_entries=2, max_bytes=1 << 20, shared=store)
    after.refresh()

    assert asyncio.run(after.preload()) == 2
    # Most recent first, and behind what readers ask for meanwhile (the front is evicted first).
    assert [key[2] for key in after.entries] == ["/disputes/3", "/disputes/1"]


def test_a_preload_reaches_every_page_when_many_were_used_at_the_same_time(tmp_path):
    stored_by_a_worker(tmp_path / "pages", 1, 2, 3, 4)
    with closing(sqlite3.connect(tmp_path / "pages")) as pages, pages:
        pages.execute("UPDATE page SET used_at = 100")
    after = worker(CountingApp(), Feed(), tmp_path / "pages")
    after.cache.refresh()

    kept = asyncio.run(after.cache.preload(batch=1))  # a cursor between every two pages

    assert kept == 4
    assert sorted(key[2] for key in after.cache.entries) == [f"/disputes/{n}" for n in range(1, 5)]


def test_a_preload_lets_readers_in_between_its_batches(tmp_path):
    """Preloaded on the loop, a batch at a time: a reader's request waits for one batch,
    not for the whole preload."""
    stored_by_a_worker(tmp_path / "pages", 1, 2, 3, 4, 5, 6)
    after = worker(CountingApp(), Feed(), tmp_path / "pages")
    after.cache.refresh()
    seen_by_readers: list[int] = []

    async def reader() -> None:
        for _ in range(3):
            seen_by_readers.append(len(after.cache.entries))
            await asyncio.sleep(0)

    async def start() -> int:
        preload = asyncio.create_task(after.cache.preload(batch=2))
        await reader()
        return await preload

    assert asyncio.run(start()) == 6
    assert seen_by_readers == [0, 2, 4]


def test_a_page_served_from_memory_stays_recent_in_the_hosts_store(tmp_path):
    """A page read from memory for hours is still among the next process's preload: the
    store hears of its use again, once its last mark is older than TOUCH_AFTER_S."""
    cache = worker(CountingApp(), Feed(), tmp_path / "pages")
    for number in (1, 2, 3):
        get(cache, f"/disputes/{number}")
    shared_now(cache)
    marks = lambda: dict(  # noqa: E731
        sqlite3.connect(tmp_path / "pages").execute("SELECT key, used_at FROM page").fetchall()
    )
    before = marks()
    key_1 = next(key for key in cache.cache.entries if key[2] == "/disputes/1")
    key_2 = next(key for key in cache.cache.entries if key[2] == "/disputes/2")
    cache.cache.entries[key_1].used_at -= TOUCH_AFTER_S + 1  # its last mark is old now

    assert get(cache, "/disputes/1").headers[b"x-cache"] == b"hit"
    assert get(cache, "/disputes/2").headers[b"x-cache"] == b"hit"
    shared_now(cache)

    after = marks()
    assert after[encode_key(key_1)] > before[encode_key(key_1)]
    assert after[encode_key(key_2)] == before[encode_key(key_2)]  # marked recently: left


def test_a_database_gone_back_in_time_shares_no_earlier_page(tmp_path):
    """A log behind the newest position pages were stored from: a backup was restored."""
    writer = Feed()
    before = worker(CountingApp(), writer, tmp_path / "pages")
    writer.changed(("actor", 5))  # position 1
    caught_up(before)
    get(before, "/disputes/1")  # rendered at position 1
    shared_now(before)
    app = CountingApp()
    after = worker(app, Feed(), tmp_path / "pages")  # the log is back at position 0

    assert get(after, "/disputes/1").headers[b"x-cache"] == b"miss" and app.calls == 1


def replace_stack(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Puts an app that answers 418 in place of the real app's middleware stack (built by the
    first request), and returns the paths that reach it."""
    client.get("/healthz")
    reached: list[str] = []

    async def stack(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["path"])
        await PlainTextResponse("from the stack", 418)(scope, receive, send)

    monkeypatch.setattr(client.app, "middleware_stack", stack)
    return reached


def test_a_stored_page_is_answered_before_any_middleware(client, seed_ids, monkeypatch):
    path = permalink(client, f"/disputes/{min(seed_ids.disputes.values())}")
    first = client.get(path)  # stored
    reached = replace_stack(client, monkeypatch)

    again = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    head = client.head(path)
    not_modified = client.get(path, headers={"If-None-Match": first.headers["etag"]})

    assert reached == []
    assert (again.status_code, again.content) == (200, first.content)
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == first.headers["content-length"]
    assert not_modified.status_code == 304
    assert not_modified.headers["content-security-policy"]


def test_the_front_door_leaves_to_the_app_what_it_must_check(client, seed_ids, monkeypatch):
    """Signed-in requests, requests the request limits refuse, bodies and writes all go
    through the app, even to a stored page; so do pages not stored yet."""
    path = permalink(client, f"/disputes/{min(seed_ids.disputes.values())}")
    client.get(path)
    reached = replace_stack(client, monkeypatch)

    answers = [
        client.get(path, headers={"Authorization": "Bearer gsy_nobody"}),
        client.get(path, headers={"Cookie": f"theme=dark; {SESSION_COOKIE}=anything"}),
        client.get(path, headers={"X-Padding": "a" * MAX_HEADER_BYTES}),
        client.get(path + "?" + "a" * MAX_URL_BYTES),
        client.request("GET", path, content=b"a body"),
        client.post(path, data={"x": "1"}),
        client.get(path + "?not=stored"),
    ]

    assert [a.status_code for a in answers] == [418] * len(answers)
    assert len(reached) == len(answers)


def test_the_front_door_serves_nothing_after_a_change(client, seed_ids, monkeypatch):
    path = permalink(client, f"/disputes/{min(seed_ids.disputes.values())}")
    client.get(path)
    reached = replace_stack(client, monkeypatch)
    cache = client.app.page_cache
    monkeypatch.setattr(cache.feed, "poll", lambda: EVERYTHING)

    assert client.get(path).status_code == 418
    assert reached == [path]
