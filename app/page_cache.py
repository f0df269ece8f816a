"""A cache of whole responses for readers, in front of the application.

Readers (no session cookie, no Authorization header) all see the same page at a URL, and a
shared permalink may be fetched thousands of times a minute, so the rendered response is kept
and served again without routing, queries or templates.

A stored page is dropped when, and only when, something it shows changes: while it renders,
the page declares the entities it shows (app.page_deps), and before serving, the store reads
the change log of every process's commits (app.change_feed) and drops the pages that show a
changed entity. A page that declared nothing is dropped by any change. A page that was being
read when it was dropped is rendered again in the background, so its next reader gets a hit.

Each page also carries the position in the change log its render began at, and is kept only
if none of what it shows changed after that position (`PageCache._current`). The same check
lets pages be shared: behind each worker's store in memory, the host's page store
(app.page_store) holds the pages of every worker and of earlier processes, and a page taken
from it is checked the same way before it is served.

The store is bounded by entries and by bytes, least recently used first. Compressible pages
are kept gzip-compressed only (a client that does not accept gzip gets them decompressed).
Answers carry an ETag (a browser that sends it back gets 304 Not Modified), `X-Cache: hit` or
`miss`, and on a hit its `Age`.
"""

import asyncio
import gzip
import hashlib
import sys
import time
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import page_deps
from app.change_feed import ChangeFeed, Changes
from app.limits import MAX_URL_BYTES, request_target_bytes
from app.page_cache_entry import (
    COMPRESSIBLE,
    MIN_GZIP_BYTES,
    CacheRequest,
    Entry,
    not_modified,
    pack_tags,
    rerender_scope,
    share_headers,
    share_key,
    tag_code,
    tag_codes,
)
from app.page_store import PageStore

MAX_ENTRY_BYTES = 1 << 20
_HIT = (b"x-cache", b"hit")
_MISS = (b"x-cache", b"miss")
# A dropped page is rendered again in the background when it was served from the store at
# least this often while stored: pages nobody comes back to are not worth the CPU.
HOT_HITS = 2
# Pages waiting to be rendered again, at most (the oldest waiting are forgotten).
MAX_RERENDER_QUEUE = 1024
# Entities whose last change is remembered, at most; past it the oldest are forgotten, and
# pages rendered before the newest forgotten change can no longer be checked.
MAX_TRACKED_CHANGES = 400_000
# Before the change feed's first read, no render can be checked.
_UNKNOWN = sys.maxsize


class PageCache:
    """The stored responses, each dropped when what it shows changes.

    Filled by PageCacheMiddleware from the app's own answers. Hits are answered by `answer`,
    called before any middleware runs (see app.main.Gainsay): FastAPI's and our middleware
    layers cost more per request than the hit itself."""

    def __init__(
        self,
        feed: ChangeFeed,
        max_entries: int,
        max_bytes: int,
        shared: PageStore | None = None,
    ) -> None:
        self.feed = feed
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.shared = shared
        self.size = 0
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        # The pages that show each entity (by its tag's code, `tag_code`): the one page's
        # key, or a set of keys when several do. Most entities (a dispute's claims) are on
        # one page: a set of one took 216 bytes, a third of a stored page's objects
        # (bench/memory.py), and a set per entity was
        # hundreds of thousands of objects the garbage collector walked on every full pass,
        # holding the loop for a fifth of a second (bench/gc_walk.py); keys are tuples of
        # strings, which it leaves out.
        self._by_tag: dict[int, tuple | set[tuple]] = {}
        self._untagged: set[tuple] = set()
        # Positions in the change log: each entity's newest change read (by its tag's code),
        # the newest of all, and the oldest a render may have begun at to be checked.
        self._changed_at: dict[int, int] = {}
        self._latest_change = 0
        self._known_from = _UNKNOWN
        self.filler: PageCacheMiddleware | None = None
        # Keys of pages waiting to be rendered again, with their raw path (`Entry.raw_path`).
        self._rerender_queue: OrderedDict[tuple, bytes | None] = OrderedDict()
        self._rerender_task: asyncio.Task[None] | None = None
        self.rerendered = 0

    # Invalidation.

    def refresh(self) -> int:
        """Applies the changes committed since the last look (by any process); returns the
        change-log position a render that begins now starts at (`store` checks it)."""
        changes = self.feed.poll()
        if changes is not None:
            self.apply(changes)
        return self.feed.position

    def apply(self, changes: Changes) -> None:
        # A kind no code is made for is shown by no page kept with its tags (`pack_tags`).
        coded = [
            (code, position)
            for code, position in ((tag_code(tag), p) for tag, p in changes.tags.items())
            if code is not None
        ]
        self._remember(changes, coded)
        if changes.everything:
            for key in list(self.entries):
                self._drop(key, rerender=True)
            return
        doomed = set(self._untagged)
        by_tag = self._by_tag
        for code, _position in coded:
            shown_by = by_tag.get(code)
            if isinstance(shown_by, set):
                doomed.update(shown_by)
            elif shown_by is not None:
                doomed.add(shown_by)
        for key in doomed:
            self._drop(key, rerender=True)

    def _drop(self, key: tuple, rerender: bool = False) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        self.size -= entry.size
        if entry.tags is None:
            self._untagged.discard(key)
        else:
            by_tag = self._by_tag
            for code in tag_codes(entry.tags):
                shown_by = by_tag.get(code)
                if isinstance(shown_by, set):
                    shown_by.discard(key)
                    if len(shown_by) == 1:
                        by_tag[code] = next(iter(shown_by))
                elif shown_by == key:
                    del by_tag[code]
        if rerender and entry.hits >= HOT_HITS and self.filler is not None:
            self._schedule_rerender(key, entry.raw_path)

    def _remember(self, changes: Changes, coded: list[tuple[int, int]]) -> None:
        if changes.everything:
            self._known_from = _UNKNOWN if changes.known_from is None else changes.known_from
            if changes.reset:
                self._latest_change = 0
                self._changed_at = {}
                if self.shared is not None:
                    self.shared.restart(changes.top)
            elif changes.whole_log:
                self._changed_at = {}
                if self.shared is not None:
                    self.shared.begin(changes.top)
        for code, position in coded:
            if position > self._changed_at.get(code, 0):
                self._changed_at[code] = position
        for position in changes.tags.values():
            if position > self._latest_change:
                self._latest_change = position
        if len(self._changed_at) > MAX_TRACKED_CHANGES:
            self._forget_oldest_changes()

    def _forget_oldest_changes(self) -> None:
        positions = sorted(self._changed_at.values())
        newest_forgotten = positions[len(positions) // 2]
        self._changed_at = {t: p for t, p in self._changed_at.items() if p > newest_forgotten}
        if self._known_from == _UNKNOWN or newest_forgotten > self._known_from:
            self._known_from = newest_forgotten

    def _current(self, since: int, tags: bytes | None) -> bool:
        """Whether a page whose render began at log position `since` shows every change
        read so far of what it shows (all of them, for a page that declared nothing)."""
        if since < self._known_from:
            return False
        if tags is None:
            return self._latest_change <= since
        changed_at = self._changed_at
        return all(changed_at.get(code, 0) <= since for code in tag_codes(tags))

    async def preload(self, batch: int = 50) -> int:
        """Fills this process's memory with the host's most recently used pages, up to nine
        tenths of its budget, and returns how many it kept: a restarted worker's readers get
        hits from memory, not a first read of each page from the file. Read, checked as a page
        from the host's store always is (`find`) and kept on the loop, `batch` pages at a time
        with the readers' requests between, behind every page readers have asked for meanwhile.

        Not in a thread: there, each row SQLite returned waited for the interpreter's lock
        while the loop served readers, and each time it got it the loop waited in turn: a busy
        worker was still preloading 12 to 32 s after its start, slowing both
        (docs/performance.md, "A page from the host's store, and the preload")."""
        if self.shared is None:
            return 0
        kept = 0
        cursor = None
        while True:
            pages, cursor = self.shared.most_recent(cursor, batch)
            self.refresh()
            for key, entry in pages:
                if (
                    self.size + entry.size > self.max_bytes * 0.9
                    or len(self.entries) >= self.max_entries * 0.9
                ):
                    return kept
                if key in self.entries or not self._current(entry.since, entry.tags):
                    continue
                self._keep(key, entry)
                self.entries.move_to_end(key, last=False)
                kept += 1
            if cursor is None:
                return kept
            await asyncio.sleep(0)  # readers first

    # Lookup and storage.

    def find(self, key: tuple) -> Entry | None:
        """The stored page, from this process's store or else the host's page store (checked,
        then kept here too)."""
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            if self.shared is not None:
                entry.used_at = self.shared.touch(key, entry.used_at)
            return entry
        if self.shared is None:
            return None
        entry = self.shared.get(key)
        if entry is None or not self._current(entry.since, entry.tags):
            return None
        self._keep(key, entry)
        return entry

    async def answer(self, scope: Scope, send: Send) -> bool:
        """Answer a reader's GET or HEAD from the store, if its page is there; False if the
        request must go through the app (not stored, signed in, or one the request limits
        would refuse)."""
        method = scope["method"]
        if method != "GET" and method != "HEAD":
            return False
        request = CacheRequest.read(scope["headers"])
        if request is None or request.unusual or request_target_bytes(scope) > MAX_URL_BYTES:
            return False
        self.refresh()
        entry = self.find(request.key(scope))
        if entry is None:
            return False
        await self.serve(entry, request, send, with_body=method == "GET")
        return True

    async def serve(
        self, entry: Entry, request: CacheRequest, send: Send, with_body: bool = True
    ) -> None:
        entry.hits += 1
        age = (b"age", b"%d" % max(0, int(time.time() - entry.stored_at)))
        if request.if_none_match is not None and entry.etag.decode() in {
            t.strip() for t in request.if_none_match.split(",")
        }:
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [*entry.not_modified_headers, age],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        if request.accepts_gzip and entry.gzip_body is not None:
            assert entry.gzip_headers is not None
            headers, body = entry.gzip_headers, entry.gzip_body
        else:
            headers, body = entry.headers, entry.plain_body()
        await send(
            {"type": "http.response.start", "status": entry.status, "headers": [*headers, age]}
        )
        # HEAD: the same status and headers, Content-Length included, and no body.
        await send({"type": "http.response.body", "body": body if with_body else b""})

    def store(self, key: tuple, entry: Entry, since: int) -> bool:
        """Keeps the page, here and in the host's page store, unless a change it shows was
        read after its render began (at change-log position `since`)."""
        self.refresh()
        if not self._current(since, entry.tags):
            return False
        entry.since = since
        entry.stored_at = entry.used_at = time.time()
        self._keep(key, entry)
        if self.shared is not None:
            self.shared.put(key, entry)
        return True

    def _keep(self, key: tuple, entry: Entry) -> None:
        key = share_key(key)
        self._drop(key)
        self.entries[key] = entry
        self.size += entry.size
        if entry.tags is None:
            self._untagged.add(key)
        else:
            by_tag = self._by_tag
            for code in tag_codes(entry.tags):
                shown_by = by_tag.get(code)
                if shown_by is None:
                    by_tag[code] = key
                elif isinstance(shown_by, set):
                    shown_by.add(key)
                elif shown_by != key:
                    by_tag[code] = {shown_by, key}
        while (self.size > self.max_bytes or len(self.entries) > self.max_entries) and (
            self.entries
        ):
            self._drop(next(iter(self.entries)))

    # Background re-render.

    def _schedule_rerender(self, key: tuple, raw_path: bytes | None) -> None:
        self._rerender_queue.pop(key, None)
        self._rerender_queue[key] = raw_path
        while len(self._rerender_queue) > MAX_RERENDER_QUEUE:
            self._rerender_queue.popitem(last=False)
        if self._rerender_task is None or self._rerender_task.done():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # not on an event loop (a test poking the store): nothing to run on
            self._rerender_task = loop.create_task(self._rerender_all())

    async def _rerender_all(self) -> None:
        """Renders the dropped hot pages again, one at a time, in the order they were dropped."""
        while self._rerender_queue and self.filler is not None:
            key, raw_path = self._rerender_queue.popitem(last=False)
            self.refresh()
            if self.find(key) is not None:
                continue  # a reader's request, or another worker, has stored it again already
            try:
                await self.filler.rerender(rerender_scope(key, raw_path))
                self.rerendered += 1
            except Exception:  # a page that fails now fails for its next reader too
                continue
            await asyncio.sleep(0)  # readers first


class PageCacheMiddleware:
    """Stores readers' pages as the app renders them (and serves them, for requests that reach
    it: `PageCache.answer` usually has before), with what each page shows."""

    def __init__(self, app: ASGIApp, cache: PageCache) -> None:
        self.app = app
        self.cache = cache
        cache.filler = self
        # The scope entries every request shares (app, router, state, server, root_path): a
        # re-render takes them from here, so stored pages need not keep them.
        self._shared_scope: Scope | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request = CacheRequest.read(scope["headers"])
        if request is None:  # signed in: never from the store, never into it
            await self.app(scope, receive, send)
            return
        since = self.cache.refresh()
        key = request.key(scope)
        entry = self.cache.find(key)
        if entry is None:
            await self._fill(scope, receive, send, key, since, request.accepts_gzip)
            return
        await self.cache.serve(entry, request, send)

    async def rerender(self, scope: Scope) -> None:
        """Asks the app for a page again, as an anonymous reader would (`rerender_scope`), and
        stores it."""

        asked = False

        async def receive() -> Message:
            # An empty body, then nothing more: no client is there to leave (a route that
            # watches for a disconnect must not take the re-render for one).
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

        async def discard(_message: Message) -> None:
            return None

        since = self.cache.refresh()
        scope = {**(self._shared_scope or {}), **scope}
        request = CacheRequest.read(scope["headers"])
        assert request is not None
        await self._fill(scope, receive, discard, request.key(scope), since, True)

    async def _fill(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple,
        since: int,
        accepts_gzip: bool,
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        streaming = False

        async def capture(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or streaming:
                await send(message)
                return
            assert start is not None
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                # A streamed answer is passed through as it comes, and not cached.
                streaming = True
                await send(start)
                for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                return
            body = b"".join(chunks)
            headers = list(start["headers"])
            if self._storable(start["status"], headers, body):
                entry = self._entry(scope, start["status"], headers, body)
                entry.tags = pack_tags(shown)
                raw_path = scope.get("raw_path")
                if raw_path is not None and raw_path != scope["path"].encode():
                    entry.raw_path = raw_path
                if self._shared_scope is None:
                    self._shared_scope = {
                        k: v for k, v in scope.items() if k not in _PER_REQUEST_KEYS
                    }
                self.cache.store(key, entry, since)
                if accepts_gzip and entry.gzip_body is not None:
                    assert entry.gzip_headers is not None
                    kept, body = entry.gzip_headers, entry.gzip_body
                else:
                    kept = entry.headers
                headers = [(k, v) if (k, v) != _HIT else _MISS for k, v in kept]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        with page_deps.collecting() as shown:
            await self.app(scope, receive, capture)

    @staticmethod
    def _storable(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
        if status != 200 or len(body) > MAX_ENTRY_BYTES:
            return False
        for name, value in headers:
            if name == b"set-cookie" or (name == b"cache-control" and b"no-store" in value):
                return False
        return True

    @staticmethod
    def _entry(scope: Scope, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Entry:
        # An ETag the application set means something (the API's version tags, which If-Match
        # is checked against): keep it. Otherwise the content names the response.
        etag = next((v for k, v in headers if k == b"etag"), None) or (
            b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        )
        versioned_static = scope["path"].startswith("/static/") and b"v=" in scope["query_string"]
        own = next((v for k, v in headers if k == b"cache-control"), b"")
        # A static file named by its content hash never changes; a page whose route says for
        # how long it stays valid (a dispute as of a past day) keeps its word; anything else
        # may change, so browsers keep it but ask again each time (cheap: a 304).
        if versioned_static:
            cache_control = b"public, max-age=31536000, immutable"
        elif own.startswith(b"public") and b"max-age=" in own:
            cache_control = own
        else:
            cache_control = b"no-cache"
        kept = [
            (k, v)
            for k, v in headers
            if k not in (b"cache-control", b"vary", b"content-length", b"etag")
        ]
        vary = [v for k, v in headers if k == b"vary"]
        base = (*kept, (b"etag", etag), (b"cache-control", cache_control), _HIT)
        plain = (*base, *((b"vary", v) for v in vary), (b"content-length", str(len(body)).encode()))
        content_type = next((v for k, v in headers if k == b"content-type"), b"")
        if len(body) < MIN_GZIP_BYTES or not content_type.startswith(COMPRESSIBLE):
            plain = share_headers(plain)
            return Entry(status, plain, body, etag, not_modified(plain))
        # Level 3, the smallest of zlib's fast levels: half level 6's CPU on a dispute page for
        # 13% more bytes (bench/miss_gzip.py; docs/performance.md, "A dispute miss, fifth cut").
        compressed = gzip.compress(body, compresslevel=3, mtime=0)
        # Either variant tells caches that the answer depends on Accept-Encoding.
        vary_all = b", ".join([*vary, b"Accept-Encoding"])
        plain = (*base, (b"vary", vary_all), (b"content-length", str(len(body)).encode()))
        zipped = (
            *base,
            (b"vary", vary_all),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(compressed)).encode()),
        )
        plain, zipped = share_headers(plain), share_headers(zipped)
        # Only the compressed body is kept: nearly every client accepts gzip, and the rare
        # one that does not gets it decompressed (a fifth of the memory per page).
        return Entry(status, plain, None, etag, not_modified(plain), zipped, compressed)


# The scope entries that differ between requests (the rest, a re-render takes from the first
# request's scope): what `rerender_scope` builds, and the client.
_PER_REQUEST_KEYS = frozenset(
    {
        "type",
        "http_version",
        "method",
        "scheme",
        "path",
        "raw_path",
        "query_string",
        "headers",
        "client",
    }
)
