"""app/page_cache.py, alone in front of a counting app: what is served from the store, to whom,
in which variant, and when the store is emptied; then the front door of the real app."""

import asyncio
import gzip
from dataclasses import dataclass, field

import pytest
from starlette.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send

from app.auth import SESSION_COOKIE
from app.db import ChangeWatcher
from app.limits import MAX_HEADER_BYTES, MAX_URL_BYTES
from app.page_cache import PageCache, PageCacheMiddleware
from tests.conftest import TestClient, permalink

BODY = b"<!doctype html><p>" + b"allegation and answer " * 200 + b"</p>"


class Watcher(ChangeWatcher):
    def __init__(self) -> None:
        self.value = 0

    def version(self) -> int:
        return self.value


@dataclass
class CountingApp:
    """Answers every GET with BODY (or a block for htmx) and counts the calls."""

    calls: int = 0
    vary: list[str] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
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
def watcher() -> Watcher:
    return Watcher()


@pytest.fixture
def cache(app: CountingApp, watcher: Watcher) -> PageCacheMiddleware:
    return PageCacheMiddleware(app, PageCache(watcher, max_bytes=1 << 20))


def test_a_repeated_page_is_served_from_the_store(cache, app):
    first, second = get(cache), get(cache)

    assert app.calls == 1
    assert first.body == second.body == BODY
    assert first.headers[b"etag"] == second.headers[b"etag"]


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


def test_any_change_empties_the_store(cache, app, watcher):
    get(cache)
    watcher.value += 1
    get(cache)

    assert app.calls == 2


# --- The front door: the real app, answering stored pages before its middleware ---------------


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
    monkeypatch.setattr(cache.watcher, "version", lambda: cache.generation + 1)

    assert client.get(path).status_code == 418
    assert reached == [path]
