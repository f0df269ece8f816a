"""A page as the page cache keeps it (`Entry`: both encodings, its ETag, what it shows) and
what the cache reads of a request (`CacheRequest`)."""

import gzip
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.types import Scope

from app.limits import MAX_HEADER_BYTES
from app.page_deps import Tag
from app.security import USER_HEADERS, names_a_user

# A stored answer's headers: tuples, which the garbage collector stops walking once it has
# seen that they hold only bytes (lists it walks on every full pass, for every stored page).
Headers = tuple[tuple[bytes, bytes], ...]

# Response headers a 304 repeats (RFC 9110 §15.4.5), and the security headers.
_NOT_MODIFIED_KEEP = {b"etag", b"vary", b"cache-control", b"content-location", b"date", b"expires"}
_SECURITY_HEADERS = {
    b"content-security-policy",
    b"referrer-policy",
    b"permissions-policy",
    b"cross-origin-opener-policy",
}


def not_modified(headers: Headers) -> Headers:
    # The same pair objects as `headers`, not copies: each page keeps both.
    return tuple(
        pair
        for pair in headers
        if pair[0] in _NOT_MODIFIED_KEEP
        or pair[0] in _SECURITY_HEADERS
        or pair[0].startswith(b"x-")
    )


# Response headers every page carries alike (security headers, content type, cache policy):
# each pair is one object shared by all the pages in memory, not a copy per page (which was
# most of a stored page's memory beside its body).
_ALIKE_HEADERS = frozenset(
    {
        b"content-type",
        b"content-security-policy",
        b"referrer-policy",
        b"permissions-policy",
        b"cross-origin-opener-policy",
        b"cross-origin-resource-policy",
        b"x-content-type-options",
        b"x-frame-options",
        b"strict-transport-security",
        b"cache-control",
        b"vary",
        b"x-cache",
        b"content-encoding",
    }
)
_shared_headers: dict[tuple[bytes, bytes], tuple[bytes, bytes]] = {}
# Pairs shared at most: a setting that varied one of them per page could not grow it further.
MAX_SHARED_HEADERS = 4096


def share_headers(pairs: Iterable[tuple[bytes, bytes]]) -> Headers:
    """The pairs, those every page carries alike replaced by the one object all pages share:
    for a page about to be kept, rendered here or read from the host's page store."""
    shared = []
    for pair in pairs:
        if pair[0] in _ALIKE_HEADERS:
            known = _shared_headers.get(pair)
            if known is not None:
                pair = known
            elif len(_shared_headers) < MAX_SHARED_HEADERS:
                _shared_headers[pair] = pair
        shared.append(pair)
    return tuple(shared)


# Worth compressing once when stored: text that shrinks well, above a size where it pays.
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml")
MIN_GZIP_BYTES = 1024


@dataclass(slots=True)
class Entry:
    status: int
    # Headers of the uncompressed answer (X-Cache: hit included), and its body: None when
    # only the gzip variant is kept.
    headers: Headers
    body: bytes | None
    etag: bytes
    not_modified_headers: Headers
    gzip_headers: Headers | None = None
    gzip_body: bytes | None = None
    # What the page shows (app.page_deps); None: it declared nothing, any change drops it.
    # Sorted: a tuple takes a fraction of a frozenset's memory, and the tags are only walked.
    tags: tuple[Tag, ...] | None = None
    # When it was stored (wall clock: Age, across processes), and the change-log position
    # its render began at: it shows every change up to there (app.change_feed).
    stored_at: float = 0.0
    since: int = 0
    # When the host's page store last heard that the page was used (wall clock), so that a
    # page served from memory for hours still counts as recent for the next process's preload.
    used_at: float = 0.0
    hits: int = 0
    # How to ask the app for this page again (a copy of the request's scope).
    scope: Scope = field(default_factory=dict)

    @property
    def size(self) -> int:
        # The bodies, and what the page's Python objects cost beside them, kept (measured with
        # tracemalloc on 2,000 dispute pages of the 1M-claim corpus decoded from the host's
        # store and kept, bench/memory.py: 7.6 KB a page beside its body, for 31 tags). About
        # 3 KB for the headers, the request kept for a re-render and the object; 160 bytes a
        # tag: its (kind, id) pair, its place in the page's tuple and in the cache's index.
        tags = len(self.tags) if self.tags is not None else 0
        return len(self.body or b"") + len(self.gzip_body or b"") + 3072 + 160 * tags

    def plain_body(self) -> bytes:
        if self.body is not None:
            return self.body
        assert self.gzip_body is not None
        return gzip.decompress(self.gzip_body)


# The request headers the cache reads; any other only counts towards the headers' size.
_READ_HEADERS = frozenset(
    {
        b"host",
        b"accept-encoding",
        b"if-none-match",
        b"hx-request",
        b"hx-boosted",
        b"hx-history-restore-request",
        b"content-length",
        b"transfer-encoding",
        *USER_HEADERS,
    }
)


@dataclass(slots=True)
class CacheRequest:
    """What the cache needs from a request's headers, read in one pass (a hit costs a few
    microseconds; a lookup per header was a third of it). Not frozen: a frozen dataclass sets
    each field through object.__setattr__, a tenth of a hit's own work."""

    host: bytes
    # HX-Request, HX-Boosted, HX-History-Restore-Request: which rendering (app.templating).
    htmx: tuple[bool, bool, bool]
    if_none_match: str | None
    accepts_gzip: bool
    # A body, or headers over the request limits: not for the front door (`PageCache.answer`),
    # which runs before RequestLimitsMiddleware and leaves such requests to it.
    unusual: bool

    @classmethod
    def read(cls, headers: list[tuple[bytes, bytes]]) -> "CacheRequest | None":
        """None for a request that names a user (a session cookie or Authorization)."""
        host = b""
        hx_request = hx_boosted = hx_restore = accepts_gzip = has_body = False
        if_none_match = None
        header_bytes = 0
        for name, value in headers:
            header_bytes += len(name) + len(value)
            if name not in _READ_HEADERS:
                continue  # most of a browser's headers (User-Agent, Accept, ...)
            if name == b"host":
                host = value
            elif name == b"accept-encoding":
                accepts_gzip = b"gzip" in value
            elif name in USER_HEADERS:
                if names_a_user(name, value):
                    return None
            elif name == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif name == b"hx-request":
                hx_request = value == b"true"
            elif name == b"hx-boosted":
                hx_boosted = value == b"true"
            elif name == b"hx-history-restore-request":
                hx_restore = value == b"true"
            else:  # Content-Length or Transfer-Encoding
                has_body = True
        return cls(
            host,
            (hx_request, hx_boosted, hx_restore),
            if_none_match,
            accepts_gzip,
            has_body or header_bytes > MAX_HEADER_BYTES,
        )

    def key(self, scope: Scope) -> tuple:
        # The scheme: a page rendered for https (canonical links) is not served over http.
        # It is the proxy's only when uvicorn trusts that proxy (GAINSAY_FORWARDED_ALLOW_IPS).
        return (
            scope.get("scheme", "http"),
            self.host,
            scope["path"],
            scope["query_string"],
            self.htmx,
        )
