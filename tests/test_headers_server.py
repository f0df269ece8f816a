"""The security headers from a real uvicorn: its 503 under overload, and the headers as they go
over the wire (gzip from the page cache, HEAD, OPTIONS, a 404)."""

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pytest

from app.auth import SESSION_COOKIE
from app.vocabulary import Role
from tests import header_checks as hc
from tests import workspace_fixtures as ws
from tests.conftest import (
    Database,
    SeedTemplate,
    database_url,
    two_slot_server,
)
from tests.header_checks import (
    AUDIT,
    HTMX,
    PROBLEM,
    Answer,
    answer_problems,
    header_tokens,
)
from tests.limits_fixtures import hold_a_place, wait_for_status

figures = hc.figures


# --- A real uvicorn: overload, and the headers as they go over the wire ------------------------


@dataclass(frozen=True)
class Live:
    port: int
    database: Database


@pytest.fixture(scope="module")
def live(seed_template: SeedTemplate, tmp_path_factory) -> Iterator[Live]:
    """A real uvicorn that lets 2 requests be in progress at once."""
    folder = tmp_path_factory.mktemp("headers-live")
    with two_slot_server(seed_template, folder) as (port, database, log_path):
        yield Live(port, database)
    assert "Traceback" not in log_path.read_text(), log_path.read_text()


def over_the_wire(port: int, method: str, target: str, headers: dict[str, str]) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        body = response.read()
        received = httpx.Headers(response.getheaders())
    finally:
        connection.close()
    AUDIT.requests += 1
    text = body.decode("utf-8", "replace") if received.get("content-encoding") != "gzip" else ""
    signed_in = SESSION_COOKIE in headers.get("Cookie", "")
    return Answer(
        f"{method} {target} (uvicorn)",
        urlsplit(target).path,
        response.status,
        received,
        text,
        signed_in,
    )


def test_a_real_servers_503_carries_the_security_headers(live):
    held = [hold_a_place(live.port), hold_a_place(live.port)]
    try:
        wait_for_status(live.port, 503)  # both places are taken once the server has seen both
        answers = [
            over_the_wire(live.port, "GET", "/disputes?limit=5&busy=1", {}),
            over_the_wire(live.port, "GET", "/api/disputes?busy=1", {}),
            over_the_wire(live.port, "GET", "/disputes?limit=5&busy=1", HTMX),
        ]
    finally:
        for sock in held:
            sock.close()
    wait_for_status(live.port, 200)

    assert [a.status for a in answers] == [503, 503, 503]
    assert answers[1].headers["content-type"] == PROBLEM
    assert {a.label: p for a in answers if (p := answer_problems(a))} == {}


def test_a_real_server_sends_every_header(live):
    from sqlalchemy import create_engine

    live_engine = create_engine(database_url(live.database))
    try:
        user_id, _ = ws.add_user(live_engine, Role.analyst)
        session, _ = ws.open_session(live_engine, user_id)
    finally:
        live_engine.dispose()
    cookie = {"Cookie": f"{SESSION_COOKIE}={session}"}
    gzip = {"Accept-Encoding": "gzip"}
    answers = [
        over_the_wire(live.port, "GET", "/disputes", gzip),
        over_the_wire(live.port, "GET", "/disputes", {**gzip, **HTMX}),
        over_the_wire(live.port, "GET", "/disputes", {**gzip, **cookie}),
        over_the_wire(live.port, "GET", "/review", cookie),
        over_the_wire(live.port, "GET", "/no/such/page", {}),
        over_the_wire(live.port, "HEAD", "/static/app.css", {}),
        over_the_wire(live.port, "OPTIONS", "/api/claims", {}),
    ]

    assert [a.status for a in answers] == [200, 200, 200, 200, 404, 200, 405]
    assert answers[0].headers["content-encoding"] == "gzip"  # the page cache's stored gzip
    assert {a.label: p for a in answers if (p := answer_problems(a))} == {}
    for answer in answers[:2]:
        assert {"hx-request", "cookie", "accept-encoding"} <= header_tokens(answer.headers, "vary")
