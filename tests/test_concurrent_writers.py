"""Concurrent writers: 16 clients write 200 times each, all at once, against one real server.
No write fails ("database is locked" nowhere, no 5xx, no refusal of any kind), the database
holds exactly the acknowledged writes, each whole, and claims added to one dispute at the same
time get distinct positions (a read-then-write inside one transaction is not interleaved).
More concurrent writers than the server has threads (48) fare the same, and a read by a
token used for the first time in a while answers 200 while others write.

That holds because write requests take turns in arrival order (`app.db.write_turn`), and each
one's transaction takes SQLite's write lock when it begins (`BEGIN IMMEDIATE`) with a busy
timeout for writers in other processes; the tests before the load check those three pieces.

Quick profile (CI): 16 clients x 100 writes. GAINSAY_LONG_TESTS=1: 32 clients x 500 writes."""

import asyncio
import collections
import itertools
import secrets
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import HTTPException
from sqlalchemy import Engine, event
from starlette.requests import Request

import app.db
from app.db import get_engine, write_turn
from app.models import User
from app.services.api_tokens import create_api_token
from app.settings import get_settings
from tests import reliability_fixtures as rf
from tests.conftest import SeedIds, database_url

SQLITE_LOCK = pytest.mark.sqlite_only(
    reason="SQLite's single write lock: BEGIN IMMEDIATE and the busy timeout"
)

CLIENTS = rf.profile(16, 32)
WRITES = rf.profile(100, 500)  # per client
MANY_CLIENTS = 48  # more than the 40 threads of the server's threadpool
# One write in eight is a claim (with a figure, a dispute and a full-text entry), else a note.
CLAIM_EVERY = 8


@pytest.fixture(scope="module")
def db_path(writable_copy: Path) -> Path:
    return writable_copy


# --- The pieces ----------------------------------------------------------------------------------


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL the app's engine sends, in order."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


@SQLITE_LOCK
def test_write_requests_begin_immediate_and_reads_do_not(
    client, engine: Engine, statements: list[str], seed_ids: SeedIds
) -> None:
    writer = rf.new_writer(Path(engine.url.database), f"begin-{secrets.token_hex(3)}")
    targets = rf.Targets.of(seed_ids)
    path, payload = rf.request_for("note", rf.marker("begin", 0, 0), targets)
    response = client.post(path, json=payload, headers=writer.headers)
    assert response.status_code == 201, response.text
    assert statements[0] == "BEGIN IMMEDIATE", statements[:3]
    assert statements.count("BEGIN IMMEDIATE") == 1

    # A reader's read begins its transaction on the driver (app.db.read_transaction), which
    # SQLAlchemy's statement events do not see: SQLite's own trace sees every statement.
    statements.clear()
    traced: list[str] = []

    def trace(dbapi_connection: Any, *_: object) -> None:
        dbapi_connection.set_trace_callback(traced.append)

    def untrace(dbapi_connection: Any, *_: object) -> None:
        dbapi_connection.set_trace_callback(None)

    event.listen(engine.pool, "checkout", trace)
    event.listen(engine.pool, "checkin", untrace)
    try:
        response = client.get(f"/api/claims/{targets.claim_id}")
    finally:
        event.remove(engine.pool, "checkout", trace)
        event.remove(engine.pool, "checkin", untrace)
    assert response.status_code == 200
    assert response.headers["X-Cache"] == "miss"
    assert "BEGIN IMMEDIATE" not in statements + traced
    assert "BEGIN" in traced


@SQLITE_LOCK
def test_connections_wait_on_a_busy_timeout(engine: Engine) -> None:
    assert get_engine() is engine
    with engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == get_settings().sqlite_busy_timeout_ms >= 1000


def _request(method: str) -> Request:
    return Request({"type": "http", "method": method, "path": "/api/notes", "headers": []})


def test_writers_take_turns_in_arrival_order_and_time_out_with_503(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exact whatever the machine's load: each writer holds its turn until the test lets it go
    (no sleeps), the waits that must succeed have bounds far beyond any stall, and the one turn
    that must time out waits on a holder that never lets go."""
    patient = get_settings().model_copy(update={"write_queue_timeout_s": 60})
    impatient = get_settings().model_copy(update={"write_queue_timeout_s": 0.3})
    settings = patient
    monkeypatch.setattr(app.db, "get_settings", lambda: settings)
    order: list[int] = []

    async def writer(n: int, release: asyncio.Event) -> None:
        turn = write_turn(_request("POST"))
        await anext(turn)
        order.append(n)
        await release.wait()
        await turn.aclose()

    async def scenario() -> None:
        nonlocal settings
        releases = [asyncio.Event() for _ in range(6)]
        first = asyncio.create_task(writer(0, releases[0]))
        while order != [0]:  # the first writer holds its turn
            await asyncio.sleep(0)
        # Created in this order, they ask for their turns in this order, behind the first.
        waiting = [asyncio.create_task(writer(n, releases[n])) for n in range(1, 6)]
        await asyncio.sleep(0)
        assert order == [0]
        for release in releases:
            release.set()
        await asyncio.wait_for(asyncio.gather(first, *waiting), 60)
        assert order == [0, 1, 2, 3, 4, 5]

        # A turn that does not come within the queue's timeout: 503, and the queue still works.
        settings = impatient
        holder = write_turn(_request("PATCH"))
        await anext(holder)
        read = write_turn(_request("GET"))
        await asyncio.wait_for(anext(read), 60)  # reads do not queue (a queued one never ends)
        with pytest.raises(HTTPException) as refused:
            await anext(write_turn(_request("DELETE")))
        assert refused.value.status_code == 503
        assert refused.value.headers == {"Retry-After": "1"}
        await holder.aclose()
        settings = patient
        done = asyncio.Event()
        done.set()
        await asyncio.wait_for(writer(6, done), 60)
        assert order[-1] == 6

    asyncio.run(scenario())


# --- Under load ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[rf.Server]:
    log_path = tmp_path_factory.mktemp("writers") / "uvicorn.log"
    with rf.running(rf.Server(db_path, log_path)) as running:
        yield running


def write_concurrently(
    server: rf.Server, targets: rf.Targets, clients: int, writes: int
) -> tuple[rf.Writer, rf.Ledger, float, str]:
    """`clients` threads, each with its own connection, write `writes` times, all starting
    together: (the writer's account, what happened, seconds, the server's output meanwhile)."""
    writer = rf.new_writer(server.database, f"writers-{secrets.token_hex(3)}")
    ledger, run = rf.Ledger(), secrets.token_hex(3)
    start = threading.Barrier(clients)
    log_from = len(server.log())

    def client(n: int) -> None:
        with httpx.Client(base_url=server.url, headers=writer.headers, timeout=60) as http:
            start.wait()
            for seq in range(writes):
                kind = "claim" if seq % CLAIM_EVERY == CLAIM_EVERY - 1 else "note"
                ledger.add(rf.attempt_write(http, kind, rf.marker(run, n, seq), targets))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return writer, ledger, time.monotonic() - began, server.log()[log_from:]


def assert_all_stored(
    server: rf.Server, targets: rf.Targets, clients: int, writes: int
) -> tuple[rf.Ledger, float]:
    writer, ledger, seconds, log = write_concurrently(server, targets, clients, writes)
    attempts = ledger.attempts
    assert len(attempts) == clients * writes
    failures = {
        "locked answers": [a for a in attempts if rf.LOCKED in a.body + a.error],
        "locked in the server log": log.count(rf.LOCKED),
        "5xx": [a for a in attempts if a.status is not None and a.status >= 500],
        "other refusals": [a for a in ledger.refused() if a.status < 500],
        "unanswered": ledger.unanswered() + ledger.not_sent(),
        "tracebacks in the server log": log.count("Traceback"),
    }
    summary = {name: len(v) if isinstance(v, list) else v for name, v in failures.items()}
    examples = [v[:2] for v in failures.values() if isinstance(v, list) and v]
    assert set(summary.values()) == {0}, f"{summary}; first: {examples}\n{log[-3000:]}"

    counts = rf.check_ledger_against(server.database, writer, ledger)
    assert counts["stored"] == counts["acknowledged"] == clients * writes
    with rf.open_database(server.database) as connection:
        positions = [
            row[0]
            for row in connection.execute(
                "SELECT position FROM dispute_claim WHERE dispute_id = ?", (targets.dispute_id,)
            )
        ]
    assert len(positions) == len(set(positions)), "two claims got the same place in a dispute"
    return ledger, seconds


def report(name: str, clients: int, writes: int, ledger: rf.Ledger, seconds: float) -> None:
    latencies = sorted(a.seconds for a in ledger.attempts)
    print(
        f"\n{name}: {clients} clients x {writes} writes in {seconds:.1f} s "
        f"({len(latencies) / seconds:.0f}/s), {len(ledger.acknowledged())} acknowledged and "
        f"stored, 0 locked, 0 5xx; latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )


def test_concurrent_writers_lose_nothing(server: rf.Server, seed_ids: SeedIds) -> None:
    ledger, seconds = assert_all_stored(server, rf.Targets.of(seed_ids), CLIENTS, WRITES)
    report("concurrent writers", CLIENTS, WRITES, ledger, seconds)


def test_more_writers_than_server_threads(server: rf.Server, seed_ids: SeedIds) -> None:
    """Waiting writers hold no thread: the one whose turn it is always finds one to finish on."""
    ledger, seconds = assert_all_stored(server, rf.Targets.of(seed_ids), MANY_CLIENTS, 10)
    report("more writers than threads", MANY_CLIENTS, 10, ledger, seconds)


def test_reads_with_a_fresh_token_while_others_write(server: rf.Server, seed_ids: SeedIds) -> None:
    """A token's first use in a while records itself (app/services/accounts.py `_note_use`).
    In a read request that UPDATE cannot always upgrade the transaction: when another writer
    has committed since its first read, SQLite refuses at once ("database is locked", no busy
    wait). Under concurrent writes that must not turn a read into a 500."""
    writer = rf.new_writer(server.database, f"reader-{secrets.token_hex(3)}")
    engine = app.db.make_engine(database_url(server.database))
    try:
        with app.db.write_session(engine) as session:
            user = session.get(User, writer.user_id)
            tokens = [create_api_token(session, user, f"reader {n}")[0] for n in range(40)]
            session.commit()
    finally:
        engine.dispose()
    targets = rf.Targets.of(seed_ids)
    writing = threading.Event()
    done = threading.Event()

    def write() -> None:
        with httpx.Client(base_url=server.url, headers=writer.headers, timeout=60) as http:
            for seq in itertools.count():
                if done.is_set():
                    return
                rf.attempt_write(http, "note", rf.marker("reads", 0, seq), targets)
                writing.set()

    writers = [threading.Thread(target=write) for _ in range(4)]
    for thread in writers:
        thread.start()
    statuses: list[int | str] = []
    try:
        writing.wait(timeout=10)
        for token in tokens:
            headers = {"Authorization": f"Bearer {token}"}
            try:  # a fresh connection each time: a 500 makes uvicorn close the connection
                response = httpx.get(f"{server.url}/api/claims/{targets.claim_id}", headers=headers)
                statuses.append(response.status_code)
            except httpx.TransportError as error:
                statuses.append(type(error).__name__)
    finally:
        done.set()
        for thread in writers:
            thread.join()
    assert statuses == [200] * len(tokens), collections.Counter(statuses)
