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
from app.security import names_a_user

# Response headers a 304 repeats (RFC 9110 §15.4.5) along with the security headers.
_NOT_MODIFIED_KEEP = {b"etag", b"vary", b"cache-control", b"content-location", b"date", b"expires"}
MAX_ENTRY_BYTES = 1 << 20


# Worth compressing once when stored: text that shrinks well, above a size where it pays.
_COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml")
_MIN_GZIP_BYTES = 1024


@dataclass(frozen=True, slots=True)
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
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

    @classmethod
    def read(cls, headers: list[tuple[bytes, bytes]]) -> "_CacheRequest | None":
        """None for a request that names a user (a session cookie or Authorization)."""
        host = b""
        hx_request = hx_boosted = hx_restore = accepts_gzip = False
        if_none_match = None
        for name, value in headers:
            if names_a_user(name, value):
                return None
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
        return cls(host, (hx_request, hx_boosted, hx_restore), if_none_match, accepts_gzip)


class PageCacheMiddleware:
    def __init__(self, app: ASGIApp, watcher: ChangeWatcher, max_bytes: int) -> None:
        self.app = app
        self.watcher = watcher
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self.generation: int | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request = _CacheRequest.read(scope["headers"])
        if request is None:  # signed in: never from the store, never into it
            await self.app(scope, receive, send)
            return
        generation = self.watcher.version()
        if generation != self.generation:
            self.entries.clear()
            self.size = 0
            self.generation = generation
        key = (request.host, scope["path"], scope["query_string"], request.htmx)
        entry = self.entries.get(key)
        if entry is None:
            await self._fill(scope, receive, send, key, generation, request.accepts_gzip)
            return
        self.entries.move_to_end(key)
        await self._serve(entry, request.if_none_match, request.accepts_gzip, send)

    async def _serve(
        self, entry: _Entry, if_none_match: str | None, accepts_gzip: bool, send: Send
    ) -> None:
        if if_none_match is not None and entry.etag.decode() in {
            t.strip() for t in if_none_match.split(",")
        }:
            kept = [
                (k, v)
                for k, v in entry.headers
                if k in _NOT_MODIFIED_KEEP
                or k.startswith(b"x-")
                or k
                in (
                    b"content-security-policy",
                    b"referrer-policy",
                    b"permissions-policy",
                    b"cross-origin-opener-policy",
                )
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        if accepts_gzip and entry.gzip_body is not None:
            headers, body = entry.gzip_headers, entry.gzip_body
        else:
            headers, body = entry.headers, entry.body
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

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
            if self._storable(start["status"], headers, body) and generation == self.generation:
                entry = self._entry(scope, start["status"], headers, body)
                self._store(key, entry)
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
            return _Entry(status, plain, body, etag)
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
        return _Entry(status, plain, body, etag, zipped, compressed)

    def _store(self, key: tuple, entry: _Entry) -> None:
        if (previous := self.entries.pop(key, None)) is not None:
            self.size -= previous.size
        self.entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= dropped.size
