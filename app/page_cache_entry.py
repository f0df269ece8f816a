"""A page as the page cache keeps it (`Entry`: both encodings, its ETag, what it shows) and
what the cache reads of a request (`CacheRequest`)."""

import gzip
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


# What a page shows, as the page cache keeps it: each (kind, id) tag as one integer, id * 8 +
# the kind's number, and a page's tags as one bytes object of those integers (8 bytes a tag),
# where a tuple of (kind, id) pairs took about 90 bytes a tag in objects of its own: a third
# of a dispute page's memory beside its body (docs/performance.md, "A denser page in memory").
_KINDS = ("article", "actor", "claim", "dispute", "user", "by_actor", "in_article")
_KIND_NUMBER = {kind: number for number, kind in enumerate(_KINDS)}
_KIND_BITS = 3
# Ids whose code fits in a signed 64-bit integer.
_ID_LIMIT = 1 << (63 - _KIND_BITS)


def tag_code(tag: Tag) -> int | None:
    """The tag's integer; None for a kind or an id no code is made for (a page showing one is
    kept as one that declared nothing: any change drops it)."""
    kind, number = tag
    kind_number = _KIND_NUMBER.get(kind)
    if kind_number is None or type(number) is not int or not -_ID_LIMIT <= number < _ID_LIMIT:
        return None
    return number << _KIND_BITS | kind_number


def pack_tags(tags: Iterable[Tag]) -> bytes | None:
    """A page's tags as it keeps them (sorted codes); None when it declared nothing, or showed
    something no code is made for."""
    codes = []
    for tag in tags:
        code = tag_code(tag)
        if code is None:
            return None
        codes.append(code)
    if not codes:
        return None
    return array("q", sorted(codes)).tobytes()


def tag_codes(packed: bytes) -> Iterator[int]:
    return iter(memoryview(packed).cast("q"))


def unpack_tags(packed: bytes | None) -> tuple[Tag, ...] | None:
    """`pack_tags`'s inverse."""
    if packed is None:
        return None
    mask = (1 << _KIND_BITS) - 1
    return tuple((_KINDS[code & mask], code >> _KIND_BITS) for code in tag_codes(packed))


# A page's key (scheme, host, path, query string, htmx flags): the parts that take a few values
# in all (the scheme, the host, the flags) as one object shared by every page.
_shared_key_parts: dict[object, object] = {}
MAX_SHARED_KEY_PARTS = 256


def _shared(part: object) -> object:
    known = _shared_key_parts.get(part)
    if known is not None:
        return known
    if len(_shared_key_parts) < MAX_SHARED_KEY_PARTS:
        _shared_key_parts[part] = part
    return part


def share_key(key: tuple) -> tuple:
    scheme, host, path, query, htmx = key
    return (_shared(sys.intern(scheme)), _shared(host), path, query, _shared(htmx))


_HTMX_HEADERS = (b"hx-request", b"hx-boosted", b"hx-history-restore-request")


def rerender_scope(key: tuple, raw_path: bytes | None) -> Scope:
    """The request a background re-render of the page under `key` makes: an anonymous reader's
    GET of the same URL, with the htmx headers the page was rendered for, asking for gzip.
    Built from the key when it is needed, not kept with every page."""
    scheme, host, path, query, htmx = key
    headers = [(b"host", host)] if host else []
    headers.extend((name, b"true") for name, flag in zip(_HTMX_HEADERS, htmx, strict=True) if flag)
    headers.append((b"accept-encoding", b"gzip"))
    return {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode() if raw_path is None else raw_path,
        "query_string": query,
        "headers": headers,
    }


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
    # What the page shows (app.page_deps), packed (`pack_tags`); None: it declared nothing,
    # any change drops it.
    tags: bytes | None = None
    # When it was stored (wall clock: Age, across processes), and the change-log position
    # its render began at: it shows every change up to there (app.change_feed).
    stored_at: float = 0.0
    since: int = 0
    # When the host's page store last heard that the page was used (wall clock), so that a
    # page served from memory for hours still counts as recent for the next process's preload.
    used_at: float = 0.0
    hits: int = 0
    # The request's path as it came, when it is not the path's UTF-8 (percent-encoded): the
    # rest of what a re-render asks is in the page's key (`rerender_scope`).
    raw_path: bytes | None = None

    @property
    def tag_count(self) -> int:
        return 0 if self.tags is None else len(self.tags) >> 3

    @property
    def size(self) -> int:
        # The bodies, and what the page's Python objects cost beside them, kept (measured with
        # tracemalloc on 2,000 dispute pages of the 1M-claim corpus decoded from the host's
        # store and kept, bench/memory.py: 3.5 KB a page beside its body, for 31 tags, about
        # 1.25 KB of it the headers, the object and its place in the LRU, and 70 bytes a tag:
        # its 8 bytes in `tags` and its integer and slot in the cache's index), with a margin.
        return len(self.body or b"") + len(self.gzip_body or b"") + 1536 + 80 * self.tag_count

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
