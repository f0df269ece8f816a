"""app/limits.py: overload is a quick 503 with Retry-After, not a queue; over-size URLs, headers
and bodies, forms with thousands of fields and deeply nested JSON are refused with a 4xx that
says so, never a 500.

Most checks run in process (TestClient). Two need a real uvicorn: overload (requests must
really be in progress at once) and what the server's own HTTP parser does with huge requests."""

import asyncio
import contextlib
import json
import socket
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.types import Message, Receive, Scope, Send

from app.api.imports import MAX_REQUEST_BYTES as API_IMPORT_BYTES
from app.ingest.importer import MAX_IMPORT_BYTES
from app.limits import (
    MAX_BODY_BYTES,
    MAX_FORM_FIELDS,
    MAX_HEADER_BYTES,
    MAX_JSON_DEPTH,
    MAX_URL_BYTES,
    ConcurrencyLimitMiddleware,
    body_limit,
)
from app.main import create_app
from app.settings import get_settings
from app.web.imports import MAX_REQUEST_BYTES as WEB_IMPORT_BYTES
from tests.conftest import SeedTemplate, TestClient, two_slot_server
from tests.htmldoc import parse
from tests.workspace_fixtures import assert_security_headers

PROBLEM = "application/problem+json"
FORM = "application/x-www-form-urlencoded"


def assert_page(response, status: int, words: str) -> None:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert words in parse(response.text).find("h1").parent.text
    assert_security_headers(response)


def assert_problem(response, status: int, words: str) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and words in body["detail"], body
    assert_security_headers(response)
    return body


# --- Overload, in process: the middleware alone -----------------------------------------------


def _scope(path: str = "/") -> Scope:
    return {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}


async def _call(app, scope: Scope) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _status(sent: list[Message]) -> tuple[int, dict[bytes, bytes]]:
    start = sent[0]
    return start["status"], dict(start["headers"])


def test_past_the_limit_a_request_is_refused_at_once_and_service_resumes_by_itself():
    async def scenario() -> None:
        release = asyncio.Event()

        async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["path"] == "/slow":
                await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        limited = ConcurrencyLimitMiddleware(slow_app, max_in_flight=2, retry_after_s=3)
        held = [asyncio.create_task(_call(limited, _scope("/slow"))) for _ in range(2)]
        while limited.in_flight < 2:
            await asyncio.sleep(0)

        # The third does not wait for the two in progress: it is answered without them moving.
        refused = await asyncio.wait_for(_call(limited, _scope("/")), timeout=1)
        status, headers = _status(refused)
        assert status == 503 and headers[b"retry-after"] == b"3"
        assert b"try again in 3 seconds" in refused[1]["body"]
        assert not any(task.done() for task in held)

        release.set()
        for task in held:
            assert _status(await task)[0] == 200
        assert limited.in_flight == 0
        assert _status(await _call(limited, _scope("/")))[0] == 200

    asyncio.run(scenario())


def test_a_failing_request_gives_its_place_back():
    async def scenario() -> None:
        async def broken(scope: Scope, receive: Receive, send: Send) -> None:
            raise RuntimeError("boom")

        limited = ConcurrencyLimitMiddleware(broken, max_in_flight=1, retry_after_s=2)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await _call(limited, _scope())
        assert limited.in_flight == 0

    asyncio.run(scenario())


def test_a_limit_of_zero_turns_it_off():
    async def scenario() -> None:
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})

        limited = ConcurrencyLimitMiddleware(app, max_in_flight=0, retry_after_s=2)
        limited.in_flight = 10_000  # would be far over any limit
        assert _status(await _call(limited, _scope()))[0] == 204

    asyncio.run(scenario())


# --- Overload, through the whole application ----------------------------------------------------


def concurrency_limiter(client: TestClient) -> ConcurrencyLimitMiddleware:
    layer = client.app.middleware_stack
    while layer is not None:
        if isinstance(layer, ConcurrencyLimitMiddleware):
            return layer
        layer = getattr(layer, "app", None)
    raise AssertionError("ConcurrencyLimitMiddleware is not in the middleware stack")


@pytest.fixture
def tuned(app_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app made with GAINSAY_MAX_IN_FLIGHT=5 and GAINSAY_RETRY_AFTER_S=7."""
    monkeypatch.setenv("GAINSAY_MAX_IN_FLIGHT", "5")
    monkeypatch.setenv("GAINSAY_RETRY_AFTER_S", "7")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as tuned_client:
            yield tuned_client
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.fixture
def saturated(tuned: TestClient) -> Iterator[ConcurrencyLimitMiddleware]:
    """The app's limiter with every place taken (as if that many requests were in progress)."""
    limiter = concurrency_limiter(tuned)
    assert limiter.max_in_flight == 5
    limiter.in_flight = limiter.max_in_flight
    try:
        yield limiter
    finally:
        limiter.in_flight = 0


def test_an_overloaded_app_answers_503_in_the_sites_style_with_security_headers(tuned, saturated):
    page = tuned.get("/disputes?limit=7")
    assert_page(page, 503, "Gainsay is busy")
    assert page.headers["retry-after"] == "7"
    api = tuned.get("/api/disputes?limit=7")
    assert_problem(api, 503, "Gainsay is busy")
    assert api.headers["retry-after"] == "7"
    assert tuned.post("/sign-in", data={"username": "x"}).status_code == 503


def test_cached_pages_are_served_during_overload_without_counting(tuned):
    assert tuned.get("/disputes?limit=3").status_code == 200  # now in the page cache
    limiter = concurrency_limiter(tuned)
    limiter.in_flight = limiter.max_in_flight
    try:
        assert tuned.get("/disputes?limit=3").status_code == 200
        assert tuned.get("/disputes?limit=4").status_code == 503  # not cached
        assert limiter.in_flight == limiter.max_in_flight  # the cache hit took no place
    finally:
        limiter.in_flight = 0
    assert tuned.get("/disputes?limit=4").status_code == 200


def test_the_default_limit_is_64_and_zero_turns_it_off(app_database, monkeypatch):
    monkeypatch.delenv("GAINSAY_MAX_IN_FLIGHT", raising=False)
    monkeypatch.delenv("GAINSAY_RETRY_AFTER_S", raising=False)
    get_settings.cache_clear()
    assert (get_settings().max_in_flight, get_settings().retry_after_s) == (64, 2)
    monkeypatch.setenv("GAINSAY_MAX_IN_FLIGHT", "0")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as unlimited:
            limiter = concurrency_limiter(unlimited)
            limiter.in_flight = 10_000
            assert unlimited.get("/disputes?limit=9").status_code == 200
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


# --- Body size -------------------------------------------------------------------------------


def test_body_limits_leave_room_for_imports_and_nothing_else():
    assert body_limit("POST", "/sign-in") == MAX_BODY_BYTES == 1024 * 1024
    # The browser import takes several files of up to MAX_IMPORT_BYTES each, the API one article
    # (JSON-escaped): never less than those routes accept themselves.
    assert body_limit("POST", "/import") > WEB_IMPORT_BYTES >= 10 * MAX_IMPORT_BYTES
    assert body_limit("POST", "/api/articles") > API_IMPORT_BYTES > MAX_IMPORT_BYTES
    assert body_limit("GET", "/import") == MAX_BODY_BYTES


def test_an_over_size_body_is_refused_from_its_content_length_before_it_is_read(client):
    headers = {"content-length": str(MAX_BODY_BYTES + 1), "content-type": FORM}
    page = client.post("/sign-in", content=b"username=x", headers=headers)
    assert_page(page, 413, "1.0 MiB")
    headers["content-type"] = "application/json"
    assert_problem(client.post("/api/claims", content=b"{}", headers=headers), 413, "1.0 MiB")


def test_an_over_size_body_without_a_length_is_refused_as_it_streams(client):
    def chunks() -> Iterator[bytes]:
        yield b"username="
        for _ in range(20):
            yield b"x" * 65536  # 1.25 MiB in all

    response = client.post("/sign-in", content=chunks(), headers={"content-type": FORM})
    assert "content-length" not in response.request.headers  # sent chunked
    assert_page(response, 413, "more than 1.0 MiB")


def test_an_import_may_be_larger_than_other_requests(client):
    body = json.dumps({"body": "word " * (MAX_BODY_BYTES // 4)}).encode()
    assert MAX_BODY_BYTES < len(body) <= API_IMPORT_BYTES
    response = client.post(
        "/api/articles", content=body, headers={"content-type": "application/json"}
    )
    # Past the size limit: refused for being anonymous, not for its size.
    assert response.status_code == 401


# --- Forms -----------------------------------------------------------------------------------


def many_fields(count: int) -> bytes:
    return "&".join(f"f{i}=v" for i in range(count)).encode()


def test_a_form_with_thousands_of_fields_is_refused_cleanly(client):
    response = client.post("/sign-in", content=many_fields(5000), headers={"content-type": FORM})
    assert_page(response, 400, f"Maximum number of fields is {MAX_FORM_FIELDS}")


def test_a_multipart_form_with_thousands_of_fields_is_refused_cleanly(client):
    boundary = "gainsayboundary"
    parts = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nv\r\n'
        for i in range(3000)
    )
    response = client.post(
        "/sign-in",
        content=(parts + f"--{boundary}--\r\n").encode(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert_page(response, 400, f"Maximum number of fields is {MAX_FORM_FIELDS}")


def test_a_form_at_the_field_limit_is_parsed(client):
    response = client.post(
        "/sign-in", content=many_fields(MAX_FORM_FIELDS), headers={"content-type": FORM}
    )
    assert response.status_code == 403  # parsed, then refused for its missing CSRF token


# --- JSON ------------------------------------------------------------------------------------


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 200_000])
def test_deeply_nested_json_is_a_400_problem(client, depth):
    response = client.post(
        "/api/claims", content=nested(depth), headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, f"more than {MAX_JSON_DEPTH} levels")


def test_json_at_the_depth_limit_goes_through(client):
    response = client.post(
        "/api/claims",
        content=nested(MAX_JSON_DEPTH),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 401  # read and parsed; refused for being anonymous


def test_brackets_inside_json_strings_do_not_count(client):
    text = '[{"x": "\\"' + "[" * 500 + '\\\\"}]'
    assert json.loads(text)  # valid JSON, nesting 2 levels
    response = client.post(
        "/api/claims", content=text.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 401


# --- URLs and headers -------------------------------------------------------------------------


def test_an_over_long_url_is_414(client):
    query = "a" * MAX_URL_BYTES
    assert_page(client.get(f"/search?q={query}"), 414, f"{MAX_URL_BYTES:,}")
    assert_problem(client.get(f"/api/search?q={query}"), 414, f"{MAX_URL_BYTES:,}")


def test_a_long_search_below_the_url_limit_still_gets_the_search_pages_own_answer(client):
    assert client.get("/search", params={"q": "a" * 20_000}).status_code == 422


def test_over_size_headers_are_431(client):
    response = client.get("/", headers={"x-padding": "a" * MAX_HEADER_BYTES})
    assert_page(response, 431, "headers")


# --- Never a 500 ------------------------------------------------------------------------------


HOSTILE = [
    ("POST", "/sign-in", FORM, many_fields(100_000)[: MAX_BODY_BYTES - 1]),
    ("POST", "/sign-in", FORM, b"=" * 100_000),
    ("POST", "/sign-in", FORM, b"%" * 100_000),
    ("POST", "/sign-in", "multipart/form-data", b"--x\r\n" * 1000),
    ("POST", "/sign-in", "multipart/form-data; boundary=x", b"--x\r\n" * 100_000),
    ("POST", "/api/claims", "application/json", b"{" * 100_000),
    ("POST", "/api/claims", "application/json", b'{"a":' * 100_000),
    ("POST", "/api/claims", "application/json", b"\xff\xfe[\x00" * 1000),
    ("POST", "/api/claims", "application/json", b'"' + b"\\" * 100_001),
    ("POST", "/api/claims", "application/vnd.x+json", nested(10_000)),
    ("POST", "/api/claims", None, nested(10_000)),
    ("PATCH", "/api/claims/1", "application/json", nested(10_000)),
    # A form route does not read a JSON body at all.
    ("POST", "/sign-in", "application/json", nested(10_000)),
]


@pytest.mark.parametrize(("method", "path", "content_type", "body"), HOSTILE)
def test_hostile_bodies_never_get_a_500(client, method, path, content_type, body):
    headers = {"content-type": content_type} if content_type else {}
    response = client.request(method, path, content=body, headers=headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


# --- A real server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def read_response(sock: socket.socket) -> RawResponse:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(lines[0].split()[1]), headers, body)


def exchange(port: int, request: bytes) -> RawResponse:
    """Send a whole request over a new connection; read the answer until the server closes
    (requests that the server might otherwise keep open say `Connection: close`)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # The server may answer and close before it has read everything.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        return read_response(sock)


def get(port: int, target: str) -> tuple[RawResponse, float]:
    started = time.perf_counter()
    response = exchange(
        port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    return response, time.perf_counter() - started


@pytest.fixture(scope="module")
def small_server(seed_template: SeedTemplate, tmp_path_factory) -> Iterator[int]:
    """A real uvicorn that lets 2 requests be in progress at once. Yields its port."""
    folder = tmp_path_factory.mktemp("limits")
    with two_slot_server(seed_template, folder) as (port, _, log_path):
        yield port
    server_errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line]
    assert not server_errors, log_path.read_text()


def hold_a_place(port: int) -> socket.socket:
    """A sign-in whose body is promised (100 kB) but only begun: the server has started the
    request and waits for the rest, so it is in progress until the socket closes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        b"POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        b"username=slow"
    )
    return sock


def wait_for_status(port: int, status: int, deadline_s: float = 10) -> RawResponse:
    deadline = time.monotonic() + deadline_s
    attempt = 0
    while True:
        attempt += 1
        response, _ = get(port, f"/disputes?limit=5&wait={attempt}")  # never a cache hit
        if response.status == status or time.monotonic() > deadline:
            assert response.status == status, response
            return response
        time.sleep(0.02)


def test_a_real_server_past_its_limit_answers_503_at_once_and_recovers(small_server, capsys):
    port = small_server
    cached, _ = get(port, "/disputes?limit=3")  # fills the page cache for this URL
    assert cached.status == 200

    held = [hold_a_place(port), hold_a_place(port)]
    try:
        wait_for_status(port, 503)  # both places are taken once the server has seen both
        timings = []
        for probe in range(20):
            response, elapsed = get(port, f"/disputes?limit=5&probe={probe}")
            assert response.status == 503
            assert response.headers["retry-after"] == "2"
            assert "content-security-policy" in response.headers
            assert b"Gainsay is busy" in response.body
            timings.append(elapsed)
        api, _ = get(port, "/api/disputes?probe=api")
        assert api.status == 503 and api.headers["content-type"] == PROBLEM
        # A cached page is served without taking a place.
        assert get(port, "/disputes?limit=3")[0].status == 200
        # The answers came while the two held requests were still in progress: not queued.
        for sock in held:
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)
    finally:
        for sock in held:
            sock.close()

    # The server notices the closed connections, and serves again by itself.
    wait_for_status(port, 200)
    # The figure: each 503 arrives within 100 ms (here, a whole new connection each).
    # Measured ~1-3 ms on loopback; the bound is the issue's, not a tuned threshold.
    assert max(timings) < 0.1, timings
    with capsys.disabled():
        print(
            f"\n503 under overload, per request (new connection each): median "
            f"{statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms"
        )


def test_a_real_servers_own_parsing_of_huge_requests_is_clean(small_server):
    port = small_server
    long_url = b"/search?q=" + b"a" * (MAX_URL_BYTES + 100)
    assert exchange(port, b"GET " + long_url + b" HTTP/1.1\r\nHost: x\r\n\r\n").status == 414
    # Far longer, the server's own parser refuses it first (a 400, never a 500).
    huge_url = b"/search?q=" + b"a" * 1_000_000
    assert exchange(port, b"GET " + huge_url + b" HTTP/1.1\r\nHost: x\r\n\r\n").status in (
        400,
        414,
    )
    big_header = b"X-Padding: " + b"a" * 1_000_000 + b"\r\n"
    response = exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + big_header + b"\r\n")
    assert response.status in (400, 431)

    body = b"username=" + b"x" * (2 * MAX_BODY_BYTES)
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 65536]), body[i : i + 65536])
        for i in range(0, len(body), 65536)
    )
    response = exchange(
        port,
        b"POST /sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunked
        + b"0\r\n\r\n",
    )
    assert response.status == 413

    deep = nested(100_000)
    response = exchange(
        port,
        b"POST /api/claims HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(deep) + deep,
    )
    assert response.status == 400 and response.headers["content-type"] == PROBLEM

    assert get(port, "/healthz?after=huge")[0].status == 200
