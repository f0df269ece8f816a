"""The write API's path through the server: a write crosses from the event loop to a thread once
(app.api.writes.in_one_call), with its caller's checks, its statements, its commit and what the
commit announces all in that one thread call; and the refusals keep their order."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import pytest
from sqlalchemy import Engine, event

from app import events
from app.api import routes as api_routes
from app.auth import SESSION_COOKIE
from app.events import Committed
from app.vocabulary import Role
from tests import reliability_fixtures as rf
from tests import workspace_fixtures as ws
from tests.conftest import Database, SeedIds


@pytest.fixture(scope="module")
def db_path(writable_copy: Database) -> Database:
    return writable_copy


@pytest.fixture(scope="module")
def writer(db_path: Database) -> rf.Writer:
    return rf.new_writer(db_path, "one-call-writer")


@dataclass
class Trace:
    """The thread calls the event loop made (by the function handed over), and the threads the
    database statements and the `Committed` handlers ran in."""

    calls: list[str] = field(default_factory=list)
    call_threads: list[int] = field(default_factory=list)
    statement_threads: list[int] = field(default_factory=list)
    committed_threads: list[int] = field(default_factory=list)

    def clear(self) -> None:
        for seen in (self.calls, self.call_threads, self.statement_threads, self.committed_threads):
            seen.clear()


@pytest.fixture
def trace(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Trace]:
    seen = Trace()
    handed_over = anyio.to_thread.run_sync

    async def run_sync(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def traced(*inner: Any) -> Any:
            seen.call_threads.append(threading.get_ident())
            return function(*inner)

        seen.calls.append(getattr(function, "__qualname__", None) or repr(function))
        return await handed_over(traced, *args, **kwargs)

    def statement(*_: object) -> None:
        seen.statement_threads.append(threading.get_ident())

    def committed(_event: Committed) -> None:
        seen.committed_threads.append(threading.get_ident())

    monkeypatch.setattr(anyio.to_thread, "run_sync", run_sync)
    # The app's own subscribers (the page cache's) stay; this one goes with the test.
    monkeypatch.setattr(events, "_handlers", {k: list(v) for k, v in events._handlers.items()})
    events.subscribe(Committed, committed)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)


def etag_of(client, path: str, writer: rf.Writer) -> str:
    return client.get(path, headers=writer.headers).headers["ETag"]


@pytest.mark.parametrize("kind", ["claim", "dispute", "note"])
def test_a_write_is_one_thread_call_from_check_to_commit(
    client, writer: rf.Writer, seed_ids: SeedIds, trace: Trace, kind: str
) -> None:
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    dispute_id = min(seed_ids.disputes.values())
    if kind == "note":
        response = client.post(
            "/api/notes", json={"claim_id": claim_id, "body": "One call."}, headers=writer.headers
        )
        assert response.status_code == 201, response.text
    else:
        path = f"/api/claims/{claim_id}" if kind == "claim" else f"/api/disputes/{dispute_id}"
        tag = etag_of(client, path, writer)
        trace.clear()  # the GET for the ETag is a read of its own
        field_name = "statement" if kind == "claim" else "summary"
        response = client.patch(
            path,
            json={field_name: f"Changed in one call ({kind})."},
            headers={**writer.headers, "If-Match": tag},
        )
        assert response.status_code == 200, response.text
        assert response.headers["ETag"] != tag

    assert len(trace.calls) == 1, trace.calls
    (write_thread,) = set(trace.call_threads)
    # The token's check, the change and the change log: every statement, in that one call.
    assert len(trace.statement_threads) >= 3
    assert set(trace.statement_threads) == {write_thread}
    assert trace.committed_threads == [write_thread]
    assert write_thread != threading.get_ident()


def test_a_refused_write_commits_nothing_and_announces_nothing(
    client, writer: rf.Writer, seed_ids: SeedIds, trace: Trace
) -> None:
    dispute_id = min(seed_ids.disputes.values())

    response = client.patch(
        f"/api/disputes/{dispute_id}",
        json={"summary": "An outdated version."},
        headers={**writer.headers, "If-Match": '"dispute-1-v0"'},
    )

    assert response.status_code == 412, response.text
    assert len(trace.calls) == 1
    assert trace.committed_threads == []


@pytest.fixture(scope="module")
def session_cookie(engine: Engine) -> tuple[str, str]:
    user_id, _ = ws.add_user(engine, Role.analyst)
    return ws.open_session(engine, user_id)


BAD_BODY = {"title": "x"}  # too short: a 422 once the caller may write


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("nobody", 401),  # no credentials: refused on the loop
        ("cross-site session", 403),  # refused on the loop, before the body
        ("session without its CSRF token", 403),  # the same
        ("session with a wrong CSRF token", 403),  # refused with the write, before its statements
        ("a reader's forged token", 401),  # a bad token: checked with the write
        ("analyst's token", 422),  # may write: the body's own checks speak
    ],
)
def test_refusals_keep_their_order(
    client, writer: rf.Writer, session_cookie: tuple[str, str], who: str, status: int
) -> None:
    cookie, csrf = session_cookie
    headers = {
        "nobody": {},
        "cross-site session": {"Sec-Fetch-Site": "cross-site", "X-CSRF-Token": csrf},
        "session without its CSRF token": {},
        "session with a wrong CSRF token": {"X-CSRF-Token": "forged"},
        "a reader's forged token": {"Authorization": "Bearer gsy_forged"},
        "analyst's token": writer.headers,
    }[who]
    valid = who in ("session with a wrong CSRF token", "a reader's forged token")
    client.cookies.clear()
    if "session" in who:
        client.cookies.set(SESSION_COOKIE, cookie)
    try:
        response = client.post(
            "/api/disputes",
            json={"title": "A valid title"} if valid else BAD_BODY,
            headers=headers,
        )
    finally:
        client.cookies.clear()

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("kind", ["claim", "dispute"])
def test_the_read_before_a_write_checks_its_caller_in_its_own_thread_call(
    client,
    writer: rf.Writer,
    seed_ids: SeedIds,
    trace: Trace,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    dispute_id = min(seed_ids.disputes.values())
    path = f"/api/claims/{claim_id}" if kind == "claim" else f"/api/disputes/{dispute_id}"
    # The page's reads go to the driver (no SQLAlchemy statement event): seen where they start.
    read_threads: list[int] = []
    for name in ("claim_with_disputes", "get_dispute_view"):
        service = getattr(api_routes, name)

        def seen(*args: Any, _service: Callable[..., Any] = service, **kwargs: Any) -> Any:
            read_threads.append(threading.get_ident())
            return _service(*args, **kwargs)

        monkeypatch.setattr(api_routes, name, seen)

    response = client.get(path, headers=writer.headers)

    assert response.status_code == 200, response.text
    assert response.headers["ETag"].startswith(f'"{kind}-')
    assert response.json()["id"] == (claim_id if kind == "claim" else dispute_id)
    # The token's check and the read: one trip from the loop, every statement in it.
    assert len(trace.calls) == 1, trace.calls
    (read_thread,) = set(trace.call_threads)
    assert trace.statement_threads  # the token's check
    assert set(trace.statement_threads) == {read_thread}
    assert read_threads and set(read_threads) == {read_thread}


@pytest.mark.parametrize("kind", ["claim", "dispute"])
def test_the_read_before_a_write_refuses_a_bad_token(client, seed_ids: SeedIds, kind: str) -> None:
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    dispute_id = min(seed_ids.disputes.values())
    path = f"/api/claims/{claim_id}" if kind == "claim" else f"/api/disputes/{dispute_id}"

    response = client.get(path, headers={"Authorization": "Bearer not-a-token"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "ETag" not in response.headers
    assert response.headers["Content-Type"] == "application/problem+json"


def test_a_dispute_reads_the_same_for_a_token_as_for_a_reader(
    client, writer: rf.Writer, seed_ids: SeedIds
) -> None:
    dispute_id = max(seed_ids.disputes.values())
    path = f"/api/disputes/{dispute_id}"

    as_writer = client.get(path, headers=writer.headers)
    as_reader = client.get(path)

    assert as_writer.status_code == as_reader.status_code == 200
    assert as_writer.json() == as_reader.json()
    assert as_writer.headers["ETag"] == as_reader.headers["ETag"]
