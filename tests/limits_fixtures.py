"""What the tests of app/limits.py share: the answers they expect, the concurrency limiter
found in an app's middleware, and raw HTTP/1.1 over a socket to a real server (requests held
in progress, bodies left unfinished)."""

import contextlib
import socket
import time
from dataclasses import dataclass

import pytest

from app.limits import ConcurrencyLimitMiddleware
from tests.conftest import TestClient
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


def concurrency_limiter(client: TestClient) -> ConcurrencyLimitMiddleware:
    layer = client.app.middleware_stack
    while layer is not None:
        if isinstance(layer, ConcurrencyLimitMiddleware):
            return layer
        layer = getattr(layer, "app", None)
    raise AssertionError("ConcurrencyLimitMiddleware is not in the middleware stack")


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


BIG_STATIC = "/static/vendor/swagger-ui/swagger-ui-bundle.js"  # 1.7 MB: never in the cache


def hold_a_place(port: int) -> socket.socket:
    """A reader's request held in progress: a large file asked for over a connection with a tiny
    receive buffer that never reads it, so the server waits to send the rest until the socket
    closes. (A slow request body no longer holds a place: see slow_body.)"""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)  # before connect: a small window
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET {BIG_STATIC} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def slow_body(port: int, path: str = "/sign-in") -> socket.socket:
    """A request whose body (100 kB promised) is begun, then left: the server is reading it.
    `Expect: 100-continue` makes the server say when it starts reading the body, so the socket
    is returned only once the server has the request in hand."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
        + b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n"
        b"Expect: 100-continue\r\n\r\n"
    )
    interim = b""
    while not interim.endswith(b"\r\n\r\n"):
        chunk = sock.recv(1)
        assert chunk, interim
        interim += chunk
    assert interim.startswith(b"HTTP/1.1 100"), interim
    sock.sendall(b"username=slow")
    return sock


def assert_unanswered(sock: socket.socket) -> None:
    """Nothing has come back on this connection yet: its request is still in progress."""
    sock.setblocking(False)
    try:
        with pytest.raises(BlockingIOError):
            sock.recv(1)
    finally:
        sock.settimeout(10)


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


def nested(depth: int) -> bytes:
    """JSON arrays nested `depth` deep."""
    return b"[" * depth + b"]" * depth
