"""Limits that keep one client, or too many clients at once, from taking the server down.

Three pure ASGI middlewares (no per-request task):

- `BodyDeadlineMiddleware`: a request body must arrive within a deadline (408 after it), and is
  read whole before the request goes on, so a client still sending one holds no place below.
- `ConcurrencyLimitMiddleware`: past `max_in_flight` requests in progress, the next one is
  answered 503 with Retry-After at once instead of queueing until its client times out; as the
  requests in progress finish, service resumes by itself. Writes have a share of the places
  that readers cannot take.
- `RequestLimitsMiddleware`: URLs and headers over a stated size (414, 431), request bodies over
  a stated size (413, from Content-Length before anything is read, and while the body streams
  in for chunked requests) and JSON nested deeper than `MAX_JSON_DEPTH` (400).

Forms with too many fields are refused by the form parser itself (`FORM_LIMITS`, given to
FastAPI in app/main.py): a 400 saying so.

What these middlewares refuse gets a static body (no template, no database), in the
app/errors.py style: a problem detail for the API, a short page otherwise. What the request
limits refuse while the body streams in is raised as an HTTPException from `receive`; the body
deadline, which reads every body before the application does, answers it.
"""

import asyncio
import json
import re
from collections.abc import Mapping
from html import escape
from http import HTTPStatus
from typing import Final, TypedDict

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import WRITE_METHODS
from app.errors import API_PREFIX
from app.ingest.importing.limits import (
    MAX_API_REQUEST_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    human_size,
)
from app.security import apply_security_headers

# Any form or JSON body except an import: the longest text field anywhere is 20,000 characters.
MAX_BODY_BYTES: Final = 1024 * 1024
# Imports carry whole articles (app/ingest/importing/limits.py). Their routes check the same
# caps as the body streams in, with messages that say what to do instead; the middleware's caps
# sit a little above, so those messages come first and it is the backstop.
_SLACK = 64 * 1024
BODY_LIMITS: Final[dict[tuple[str, str], int]] = {
    ("POST", "/import"): MAX_UPLOAD_BYTES + _SLACK,
    ("POST", "/api/articles"): MAX_API_REQUEST_BYTES + _SLACK,
}
# Path plus query string. Gainsay's own links are a few hundred bytes at most; below this, an
# over-long search still gets the search page saying its own limit (a 422).
MAX_URL_BYTES: Final = 32 * 1024
# All request headers together (names and values). Browsers send a few KiB.
MAX_HEADER_BYTES: Final = 32 * 1024
# No Gainsay JSON body nests more than 4 levels; Python's json recurses once per level.
MAX_JSON_DEPTH: Final = 32
MAX_FORM_FIELDS: Final = 1000
MAX_FORM_FILES: Final = MAX_UPLOAD_FILES  # the browser import's own limit


class FormLimits(TypedDict, total=False):
    """FastAPI's `form_limits` (its own TypedDict is private)."""

    max_fields: int
    max_files: int
    max_part_size: int


# Given to FastAPI, which parses forms itself (Starlette's parser refuses more with a 400).
FORM_LIMITS: Final[FormLimits] = {"max_fields": MAX_FORM_FIELDS, "max_files": MAX_FORM_FILES}


def body_limit(method: str, path: str) -> int:
    return BODY_LIMITS.get((method, path), MAX_BODY_BYTES)


def _wants_json(path: str) -> bool:
    # The same rule as app.errors.wants_json, on the bare path (no Request needed).
    return path == API_PREFIX or path.startswith(API_PREFIX + "/") or path == "/openapi.json"


_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{status} {title}</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main><section class="error-page">
<p class="eyebrow">Error {status}</p><h1>{title}</h1><p class="lede">{detail}</p>
<p><a href="/">Go to the home page</a>.</p>
</section></main></body>
</html>
"""


async def send_refusal(
    scope: Scope, send: Send, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> None:
    """Answer with a static body: nothing here may touch the database or a template."""
    title = HTTPStatus(status).phrase
    if _wants_json(scope.get("path", "")):
        body = json.dumps(
            {"type": "about:blank", "title": title, "status": status, "detail": detail}
        ).encode()
        content_type = b"application/problem+json"
    else:
        body = _PAGE.format(status=status, title=title, detail=escape(detail)).encode()
        content_type = b"text/html; charset=utf-8"
    raw_headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        # The request may not have been read: the connection cannot be reused for another.
        (b"connection", b"close"),
        (b"cache-control", b"no-store"),
    ]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    start: Message = {"type": "http.response.start", "status": status, "headers": raw_headers}
    # The request limits answer from outside the security headers middleware (in front of the
    # page cache, whose stored pages must not be handed to a request they refuse).
    apply_security_headers(scope, MutableHeaders(scope=start))
    await send(start)
    await send({"type": "http.response.body", "body": body})


class BodyDeadlineMiddleware:
    """Reads a request's whole body before the application (and the concurrency limit) see the
    request, and answers 408 if it has not arrived by its deadline: `timeout_s` after the
    headers, plus one second for every `min_rate` bytes received (so a large upload on a slow
    but steady link gets the time it needs, and a trickle does not).

    The body is held in memory meanwhile; the request limits outside this middleware cap its
    size (1 MiB, the imports a little over their own caps) while it streams in. A request
    without a body (no Content-Length, or 0, and no Transfer-Encoding) goes straight through."""

    def __init__(self, app: ASGIApp, timeout_s: float, min_rate: int) -> None:
        self.app = app
        self.timeout_s = timeout_s
        self.min_rate = min_rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        started = loop.time()
        chunks: list[bytes] = []
        received = 0
        try:
            while True:
                allowed = self.timeout_s + (received / self.min_rate if self.min_rate else 0)
                async with asyncio.timeout_at(started + allowed):
                    message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client has gone: nobody to answer
                chunk = message.get("body", b"")
                chunks.append(chunk)
                received += len(chunk)
                if not message.get("more_body", False):
                    break
        except TimeoutError:
            more = f", and a second more for every {human_size(self.min_rate)} received"
            await send_refusal(
                scope,
                send,
                408,
                f"The request body did not arrive in time. Gainsay waits {self.timeout_s:g} "
                f"seconds for one{more if self.min_rate else ''}; please send it again.",
            )
            return
        except HTTPException as refusal:
            # The request limits refuse an over-size or too deeply nested body from `receive`,
            # before the application's error handlers are in reach.
            await send_refusal(scope, send, refusal.status_code, refusal.detail, refusal.headers)
            return

        body: Message | None = {"type": "http.request", "body": b"".join(chunks)}

        async def replay() -> Message:
            nonlocal body
            if body is not None:
                message, body = body, None
                return message
            return await receive()  # after the body: only a disconnect is left to hear

        await self.app(scope, replay, send)


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


def write_reserve(max_in_flight: int, write_share_percent: int) -> int:
    """The places only writes may take: the share, rounded down (a budget of 2 or 3 keeps no
    reserve at 25%: a reader finishing its answer may still hold its place when the next one
    arrives), and never every place (readers keep at least one)."""
    share = max_in_flight * write_share_percent // 100
    return max(0, min(share, max_in_flight - 1))


class ConcurrencyLimitMiddleware:
    """At most `max_in_flight` HTTP requests in progress; the next is told to come back later.
    Reads (any method but POST, PUT, PATCH and DELETE) may take at most `max_in_flight` less
    the writes' reserve, so however many readers there are, a write still gets a place.

    A request counts from the moment its body has arrived (`BodyDeadlineMiddleware`, outside)
    until its response is sent. The counters need no lock: they are only changed on the event
    loop, with no await between the check and the increment. `max_in_flight` 0 turns the limit
    off."""

    def __init__(
        self, app: ASGIApp, max_in_flight: int, retry_after_s: int, write_share_percent: int = 0
    ) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.max_reads = max_in_flight - write_reserve(max_in_flight, write_share_percent)
        self.retry_after = str(max(0, retry_after_s))
        self.in_flight = 0
        self.reads_in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_in_flight <= 0:
            await self.app(scope, receive, send)
            return
        read = scope["method"] not in WRITE_METHODS
        full = self.in_flight >= self.max_in_flight
        if full or (read and self.reads_in_flight >= self.max_reads):
            await send_refusal(
                scope,
                send,
                503,
                "Gainsay is busy with other requests right now. "
                f"Please try again in {self.retry_after} seconds.",
                {"Retry-After": self.retry_after},
            )
            return
        self.in_flight += 1
        self.reads_in_flight += read
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.reads_in_flight -= read


class _JsonDepth:
    """How deeply a JSON text nests, followed as it streams in, without parsing it: only
    brackets outside strings count. Strings are skipped by one C-level regex match."""

    _SPECIAL = re.compile(rb'["\[\]{}]')
    _STRING_BODY = re.compile(rb'(?:[^"\\]+|\\.)*', re.DOTALL)

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self.escaped = False  # a chunk ended on a backslash inside a string

    def feed(self, chunk: bytes) -> bool:
        """False as soon as the text nests deeper than the limit."""
        pos, end = 0, len(chunk)
        while pos < end:
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                    pos += 1
                    continue
                body = self._STRING_BODY.match(chunk, pos)
                assert body is not None  # a `*` pattern: it matches, if only the empty string
                pos = body.end()
                if pos >= end:
                    break
                if chunk[pos] == 0x22:  # the closing quote
                    self.in_string = False
                else:  # a backslash at the chunk's end: what it escapes comes next
                    self.escaped = True
                pos += 1
                continue
            found = self._SPECIAL.search(chunk, pos)
            if found is None:
                break
            pos = found.end()
            byte = chunk[found.start()]
            if byte == 0x22:
                self.in_string = True
            elif byte in (0x5B, 0x7B):  # [ {
                self.depth += 1
                if self.depth > self.limit:
                    return False
            else:
                self.depth = max(0, self.depth - 1)
        return True


def _is_json(content_type: bytes | None) -> bool:
    if content_type is None:
        return True  # FastAPI may parse a body without a Content-Type as JSON
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or (
        media.startswith(b"application/") and media.endswith(b"+json")
    )


def request_target_bytes(scope: Scope) -> int:
    """The length of the request's URL (path and query), as MAX_URL_BYTES counts it."""
    target = scope.get("raw_path") or scope["path"].encode()
    return len(target) + len(scope.get("query_string", b""))


class RequestLimitsMiddleware:
    """Refuses over-long URLs (414) and headers (431), over-size bodies (413) and deeply nested
    JSON (400). Bodies are checked from Content-Length before any of them is read, and counted
    as they arrive (a chunked request states no length)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_bytes = request_target_bytes(scope)
        if url_bytes > MAX_URL_BYTES:
            await send_refusal(
                scope,
                send,
                414,
                f"That address is {url_bytes:,} bytes long; "
                f"the most Gainsay accepts is {MAX_URL_BYTES:,}.",
            )
            return
        header_bytes = 0
        content_length: bytes | None = None
        content_type: bytes | None = None
        for name, value in scope["headers"]:
            header_bytes += len(name) + len(value)
            if name == b"content-length":
                content_length = value
            elif name == b"content-type":
                content_type = value
        if header_bytes > MAX_HEADER_BYTES:
            await send_refusal(
                scope,
                send,
                431,
                f"The request's headers are {human_size(header_bytes)}; "
                f"the most Gainsay accepts is {human_size(MAX_HEADER_BYTES)}.",
            )
            return
        limit = body_limit(scope["method"], scope["path"])
        # The server has already refused a Content-Length that is not a number.
        if content_length is not None and content_length.strip().isdigit():
            size = int(content_length)
            if size > limit:
                await send_refusal(scope, send, 413, _too_large(size, limit))
                return
        depth = _JsonDepth(MAX_JSON_DEPTH) if _is_json(content_type) else None
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    raise HTTPException(413, _too_large(received, limit, streaming=True))
                if depth is not None and not depth.feed(chunk):
                    raise HTTPException(
                        400, f"The JSON body nests more than {MAX_JSON_DEPTH} levels deep."
                    )
            return message

        await self.app(scope, limited_receive, send)


def _too_large(size: int, limit: int, streaming: bool = False) -> str:
    amount = f"more than {human_size(limit)}" if streaming else human_size(size)
    return f"The request body is {amount}; the most Gainsay accepts here is {human_size(limit)}."
