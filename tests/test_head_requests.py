"""app/head_requests.py: HEAD is answered like GET, without a body, on every kind of page."""

import http.client
from urllib.parse import urlsplit

import pytest

from app.security import SECURITY_HEADERS
from tests.conftest import LiveServer, TestClient, permalink


@pytest.mark.parametrize("path", ["/", "/disputes", "/api/claims", "/openapi.json", "/healthz"])
def test_head_has_the_get_answers_headers_and_no_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)

    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == got.headers["content-length"]
    for name in SECURITY_HEADERS:
        assert head.headers[name] == got.headers[name]


def test_head_of_a_permalink_and_of_a_missing_page(client: TestClient, seed_ids) -> None:
    dispute = permalink(client, f"/disputes/{next(iter(seed_ids.disputes.values()))}")
    assert client.head(dispute).status_code == 200
    moved = client.head(dispute.rsplit("-", 1)[0], follow_redirects=False)
    assert moved.status_code == 301 and moved.content == b""
    missing = client.head("/disputes/999999")
    assert missing.status_code == 404 and missing.content == b""


def test_head_over_the_wire_leaves_the_connection_usable(live_server: LiveServer) -> None:
    """No stray body bytes: a GET on the same keep-alive connection still parses."""
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        for _ in range(2):  # the second HEAD is served from the page cache
            connection.request("HEAD", "/disputes")
            head = connection.getresponse()
            assert head.status == 200 and head.read() == b""
            assert int(head.getheader("content-length")) > 1000
        connection.request("GET", "/disputes")
        got = connection.getresponse()
        assert got.status == 200 and b"</html>" in got.read()
    finally:
        connection.close()
