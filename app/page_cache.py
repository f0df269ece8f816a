"""A cache of whole responses for readers, in front of the application.

Readers (no session cookie, no Authorization header) all see the same page at a URL, and a
shared permalink may be fetched thousands of times a minute, so the rendered response is kept
and served again without routing, queries or templates. Every stored response is dropped as
soon as the database changes (see app.db.change_watcher), so an edit shows at once; answers
carry an ETag, and a browser that sends it back gets 304 Not Modified.
"""

import gzip
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import ChangeWatcher
from app.limits import MAX_HEADER_BYTES, MAX_URL_BYTES, request_target_bytes
from app.security import names_a_user

# Response headers a 304 repeats (RFC 9110 §15.4.5), and the security headers.
_NOT_MODIFIED_KEEP = {b"etag", b"vary", b"cache-control", b"content-location", b"date", b"expires"}
_SECURITY_HEADERS = {
    b"content-security-policy",
    b"referrer-policy",
    b"permissions-policy",
    b"cross-origin-opener-policy",
}
MAX_ENTRY_BYTES = 1 << 20


def _not_modified(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [
        (k, v)
        for k, v in headers
        if k in _NOT_MODIFIED_KEEP or k in _SECURITY_HEADERS or k.startswith(b"x-")
    ]


# Worth compressing once when stored: text that shrinks well, above a size where it pays.
_COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml")
_MIN_GZIP_BYTES = 1024


@dataclass(frozen=True, slots=True)
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    not_modified_headers: list[tuple[bytes, bytes]]
    # The same body gzip-compressed (with its headers), for clients that accept it.
    gzip_headers: list[tuple[bytes, bytes]] | None = None
    gzip_body: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzip_body or b"")


@dataclass(frozen=True, slots=True)
class _CacheRequest:
    """What the cache needs from a request's headers, read in one pass (a hit costs a few
    microseconds; a lookup per header was a third of it)."""

    host: bytes
    # HX-Request, HX-Boosted, HX-History-Restore-Request: which rendering (app.templating).
    htmx: tuple[bool, bool, bool]
    if_none_match: str | None
    accepts_gzip: bool
    # A body, or headers over the request limits: not for the front door (`PageCache.answer`),
    # which runs before RequestLimitsMiddleware and leaves such requests to it.
    unusual: bool

    @classmethod
    def read(cls, headers: list[tuple[bytes, bytes]]) -> "_CacheRequest | None":
        """None for a request that names a user (a session cookie or Authorization)."""
        host = b""
        hx_request = hx_boosted = hx_restore = accepts_gzip = has_body = False
        if_none_match = None
        header_bytes = 0
        for name, value in headers:
            if names_a_user(name, value):
                return None
            header_bytes += len(name) + len(value)
            if name == b"host":
                host = value
            elif name == b"accept-encoding":
                accepts_gzip = b"gzip" in value
            elif name == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif name == b"hx-request":
                hx_request = value == b"true"
            elif name == b"hx-boosted":
                hx_boosted = value == b"true"
            elif name == b"hx-history-restore-request":
                hx_restore = value == b"true"
            elif name == b"content-length" or name == b"transfer-encoding":
                has_body = True
        return cls(
            host,
            (hx_request, hx_boosted, hx_restore),
            if_none_match,
            accepts_gzip,
            unusual=has_body or header_bytes > MAX_HEADER_BYTES,
        )

    def key(self, scope: Scope) -> tuple:
        return (self.host, scope["path"], scope["query_string"], self.htmx)


class PageCache:
    """The stored responses, emptied whenever the database changes.

    Filled by PageCacheMiddleware from the app's own answers. Hits are answered by `answer`,
    called before any middleware runs (see app.main.Gainsay): FastAPI's and our middleware
    layers cost more per request than the hit itself."""

    def __init__(self, watcher: ChangeWatcher, max_bytes: int) -> None:
        self.watcher = watcher
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self.generation: int | None = None

    def current_generation(self) -> int:
        """The database's version now; the store is emptied if it has changed since."""
        generation = self.watcher.version()
        if generation != self.generation:
            self.entries.clear()
            self.size = 0
            self.generation = generation
        return generation

    def find(self, key: tuple) -> _Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    async def answer(self, scope: Scope, send: Send) -> bool:
        """Answer a reader's GET or HEAD from the store, if its page is there; False if the
        request must go through the app (not stored, signed in, or one the request limits
        would refuse)."""
        method = scope["method"]
        if method != "GET" and method != "HEAD":
            return False
        request = _CacheRequest.read(scope["headers"])
        if request is None or request.unusual or request_target_bytes(scope) > MAX_URL_BYTES:
            return False
        self.current_generation()
        entry = self.find(request.key(scope))
        if entry is None:
            return False
        await self.serve(entry, request, send, with_body=method == "GET")
        return True

    async def serve(
        self, entry: _Entry, request: _CacheRequest, send: Send, with_body: bool = True
    ) -> None:
        if request.if_none_match is not None and entry.etag.decode() in {
            t.strip() for t in request.if_none_match.split(",")
        }:
            headers = entry.not_modified_headers
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        if request.accepts_gzip and entry.gzip_body is not None:
            headers, body = entry.gzip_headers, entry.gzip_body
        else:
            headers, body = entry.headers, entry.body
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        # HEAD: the same status and headers, Content-Length included, and no body.
        await send({"type": "http.response.body", "body": body if with_body else b""})

    def store(self, key: tuple, entry: _Entry, generation: int) -> None:
        if generation != self.generation:
            return  # rendered from data that has changed since
        if (previous := self.entries.pop(key, None)) is not None:
            self.size -= previous.size
        self.entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= dropped.size


class PageCacheMiddleware:
    """Stores readers' pages as the app renders them (and serves them, for requests that reach
    it: `PageCache.answer` usually has before)."""

    def __init__(self, app: ASGIApp, cache: PageCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request = _CacheRequest.read(scope["headers"])
        if request is None:  # signed in: never from the store, never into it
            await self.app(scope, receive, send)
            return
        generation = self.cache.current_generation()
        key = request.key(scope)
        entry = self.cache.find(key)
        if entry is None:
            await self._fill(scope, receive, send, key, generation, request.accepts_gzip)
            return
        await self.cache.serve(entry, request, send)

    async def _fill(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple,
        generation: int,
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
                self.cache.store(key, entry, generation)
                if accepts_gzip and entry.gzip_body is not None:
                    headers, body = entry.gzip_headers, entry.gzip_body
                else:
                    headers = entry.headers
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

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
    def _entry(
        scope: Scope, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> _Entry:
        # An ETag the application set means something (the API's version tags, which If-Match
        # is checked against): keep it. Otherwise the content names the response.
        etag = next((v for k, v in headers if k == b"etag"), None) or (
            b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        )
        versioned_static = scope["path"].startswith("/static/") and b"v=" in scope["query_string"]
        # A static file named by its content hash never changes; anything else may, so browsers
        # keep it but ask again each time (cheap: a 304).
        cache_control = b"public, max-age=31536000, immutable" if versioned_static else b"no-cache"
        kept = [
            (k, v)
            for k, v in headers
            if k not in (b"cache-control", b"vary", b"content-length", b"etag")
        ]
        vary = [v for k, v in headers if k == b"vary"]
        base = [*kept, (b"etag", etag), (b"cache-control", cache_control)]
        plain = [*base, *((b"vary", v) for v in vary), (b"content-length", str(len(body)).encode())]
        content_type = next((v for k, v in headers if k == b"content-type"), b"")
        if len(body) < _MIN_GZIP_BYTES or not content_type.startswith(_COMPRESSIBLE):
            return _Entry(status, plain, body, etag, _not_modified(plain))
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        # Either variant tells caches that the answer depends on Accept-Encoding.
        vary_all = b", ".join([*vary, b"Accept-Encoding"])
        plain = [*base, (b"vary", vary_all), (b"content-length", str(len(body)).encode())]
        zipped = [
            *base,
            (b"vary", vary_all),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(compressed)).encode()),
        ]
        return _Entry(status, plain, body, etag, _not_modified(plain), zipped, compressed)
