"""Helpers for the reliability tests (test_crash_safety.py, test_concurrent_writers.py): a real
uvicorn that can be killed and restarted, writes through the API whose every outcome is
recorded, and checks made afterwards on the database with a plain connection of its own
(sqlite3 on the file; psycopg on PostgreSQL).

Profiles: the quick one runs by default (CI); GAINSAY_LONG_TESTS=1 runs the long one.

A write is recorded as an `Attempt`: acknowledged (a 2xx with the new object's id), refused
(any other status: the server's answer says it did not happen), not sent (the connection was
refused: the server is down), or unanswered (sent, then the connection broke: it may or may
not have happened, but if it did, it happened entirely). Every write
carries a unique marker in its text, so that the database can be asked about each attempt.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import psycopg
import pytest

from app.db import make_engine, write_session
from app.services.accounts import create_user
from app.services.api_tokens import create_api_token
from app.vocabulary import Role
from tests.conftest import (
    ENV_VARS,
    PORT_TAKEN,
    REPO,
    START_ATTEMPTS,
    START_DEADLINE_S,
    Database,
    PgDatabase,
    SeedIds,
    database_url,
    free_port,
    libpq_url,
)
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES

LONG = os.environ.get("GAINSAY_LONG_TESTS", "").strip().lower() not in ("", "0", "false", "no")
PASSWORD = "correct horse battery staple 7"
LOCKED = "database is locked"
# A concurrency limit other code may put in front of the app: keep it out of these tests' way.
SERVER_ENV = {"GAINSAY_LOAD_SEEDS": "false", "GAINSAY_MAX_IN_FLIGHT": "100000"}


T = TypeVar("T")


def profile(quick: T, long: T) -> T:
    """The quick (CI) or the long (GAINSAY_LONG_TESTS=1) value of a setting."""
    return long if LONG else quick


# --- The writer's account -----------------------------------------------------------------------


@dataclass(frozen=True)
class Writer:
    user_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_writer(database: Database, username: str) -> Writer:
    """An analyst with an API token, made directly through the services (no server)."""
    engine = make_engine(database_url(database))
    try:
        with write_session(engine) as session:
            user = create_user(session, username, PASSWORD, Role.analyst)
            token, _ = create_api_token(session, user, "reliability test")
            writer = Writer(user.id, token)
            session.commit()
        if isinstance(database, Path):
            with engine.connect() as connection:  # leave no WAL behind for the server to find
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return writer


# --- A killable server ---------------------------------------------------------------------------


class Server:
    """`uvicorn app.main:create_app` in a process of its own, serving `database`. Its output
    (every run's, appended) goes to `log_path`."""

    def __init__(self, database: Database, log_path: Path, **settings: str) -> None:
        self.database = database
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
        self.env.update(SERVER_ENV)
        self.env["GAINSAY_DATABASE_URL"] = database_url(database)
        self.env.update({f"GAINSAY_{k.upper()}": v for k, v in settings.items()})
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = START_DEADLINE_S) -> float:
        """Start the server and wait until /healthz answers; the seconds that took. If another
        process took its port meanwhile, it moves to another one (`url` says which)."""
        assert self.process is None, "the server is already running"
        began = time.monotonic()
        for attempt in range(1, START_ATTEMPTS + 1):
            command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
            command += ["--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"]
            with self.log_path.open("ab") as log:
                log.write(f"--- start {self.starts + 1}\n".encode())
                log.flush()
                self.process = subprocess.Popen(
                    command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
                )
            self.starts += 1
            if self._wait_for_health(began + timeout, attempt < START_ATTEMPTS):
                break
            self.process = None
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        return time.monotonic() - began

    def _wait_for_health(self, deadline: float, retry_if_port_taken: bool) -> bool:
        """Whether /healthz answered; False if the server exited because its port was taken
        (and `retry_if_port_taken`); else the test fails."""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log()
                last_start = log[log.rfind("--- start") :]
                if retry_if_port_taken and PORT_TAKEN in last_start:
                    return False
                pytest.fail(f"uvicorn exited with {self.process.returncode}:\n{log}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        pytest.fail(f"uvicorn did not answer /healthz in time:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, no closing of the database."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- Writes and their outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """Where the writes go: notes on a claim; claims on an article, in a dispute."""

    claim_id: int
    article_id: int
    claimant_id: int
    dispute_id: int

    @classmethod
    def of(cls, ids: SeedIds) -> "Targets":
        return cls(
            claim_id=ids.claims["konashenkov-us-a10-002"],
            article_id=ids.articles[ARTICLE_FILE],
            claimant_id=ids.actors["United Nations"],
            dispute_id=next(iter(ids.disputes.values())),
        )


def marker(run: str, client: int, seq: int) -> str:
    """One word (letters and digits, so full-text search finds it whole) unique to a write."""
    return f"zq{run}c{client}n{seq}"


def request_for(kind: str, mark: str, targets: Targets) -> tuple[str, dict]:
    if kind == "note":
        return "/api/notes", {"claim_id": targets.claim_id, "body": f"Reliability note {mark}"}
    return "/api/claims", {
        "article_id": targets.article_id,
        "kind": "statement",
        "statement": f"Reliability claim {mark}",
        "claimant_id": targets.claimant_id,
        "quote": FREE_QUOTES[0],
        "figures": [{"low": 7, "counts": "displaced", "text": "7 displaced"}],
        "dispute_ids": [targets.dispute_id],
    }


@dataclass
class Attempt:
    kind: str  # "note" or "claim"
    marker: str
    status: int | None = None  # None: no answer
    id: int | None = None
    error: str = ""
    sent: bool = True  # False: the connection was refused, the server never saw the request
    body: str = ""
    seconds: float = 0.0

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def unanswered(self) -> bool:
        """Sent, but no answer came back (the connection broke)."""
        return self.status is None and self.sent


def attempt_write(client: httpx.Client, kind: str, mark: str, targets: Targets) -> Attempt:
    path, payload = request_for(kind, mark, targets)
    attempt = Attempt(kind, mark)
    began = time.monotonic()
    try:
        response = client.post(path, json=payload)
    except httpx.TransportError as error:
        attempt.error = f"{type(error).__name__}: {error}"
        attempt.sent = not isinstance(error, httpx.ConnectError)
    else:
        attempt.status = response.status_code
        attempt.body = response.text[:2000]
        if attempt.acknowledged:
            attempt.id = response.json()["id"]
    attempt.seconds = time.monotonic() - began
    return attempt


@dataclass
class Ledger:
    """Every attempt of every client, thread-safely."""

    attempts: list[Attempt] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, attempt: Attempt) -> None:
        with self._lock:
            self.attempts.append(attempt)

    def acknowledged(self) -> list[Attempt]:
        return [a for a in self.attempts if a.acknowledged]

    def unanswered(self) -> list[Attempt]:
        return [a for a in self.attempts if a.unanswered]

    def refused(self) -> list[Attempt]:
        """Answered with a status other than 2xx."""
        return [a for a in self.attempts if a.status is not None and not a.acknowledged]

    def not_sent(self) -> list[Attempt]:
        return [a for a in self.attempts if not a.sent]


# --- What the database holds ---------------------------------------------------------------------


class _Postgres:
    """A psycopg connection that takes the checks' SQL as sqlite3 does (`?` parameters)."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, parameters: tuple = ()) -> psycopg.Cursor:
        return self.connection.execute(sql.replace("?", "%s"), parameters)


@contextmanager
def open_database(database: Database) -> Iterator[sqlite3.Connection | _Postgres]:
    """A plain sqlite3 connection (it recovers the WAL of a killed server, as the app would),
    or a psycopg one."""
    if isinstance(database, PgDatabase):
        with psycopg.connect(libpq_url(database.url), autocommit=True) as connection:
            yield _Postgres(connection)
        return
    with closing(sqlite3.connect(database, timeout=30)) as connection:
        yield connection


def integrity_problems(connection: sqlite3.Connection | _Postgres) -> list[str]:
    """What SQLite's own checks find wrong: pages, indexes, foreign keys, full-text indexes.
    (PostgreSQL checks its keys on every write and has no such command.)"""
    if isinstance(connection, _Postgres):
        return []
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems == ["ok"]:
        problems = []
    problems += [f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")]
    for table in ("article_fts", "claim_fts", "actor_fts"):
        try:
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as error:
            problems.append(f"{table}: {error}")
    return problems


@dataclass(frozen=True)
class Stored:
    """One write as the database holds it, and whether each of its parts is there."""

    kind: str
    id: int
    marker: str
    parts: dict[str, int]  # part → rows found

    @property
    def complete(self) -> bool:
        return all(count == 1 for count in self.parts.values())


def stored_writes(
    connection: sqlite3.Connection | _Postgres, author_id: int
) -> dict[str, list[Stored]]:
    """The notes and claims by `author_id`, by marker, each with the rows that should have been
    written in the same transaction: its `change` (history) row and, for a claim, its figure,
    its dispute membership and its full-text entry."""
    found: dict[str, list[Stored]] = {}

    def rows(sql: str, *parameters: object) -> int:
        return connection.execute(sql, parameters).fetchone()[0]

    def creates(entity: str, entity_id: int) -> int:
        return rows(
            "SELECT count(*) FROM change WHERE entity = ? AND entity_id = ? AND action = 'create'",
            entity,
            entity_id,
        )

    for note_id, body in connection.execute(
        "SELECT id, body FROM note WHERE author_id = ?", (author_id,)
    ).fetchall():
        mark = body.rsplit(" ", 1)[-1]
        parts = {"note": 1, "change": creates("note", note_id)}
        found.setdefault(mark, []).append(Stored("note", note_id, mark, parts))
    for claim_id, statement in connection.execute(
        "SELECT id, statement FROM claim WHERE created_by_id = ?", (author_id,)
    ).fetchall():
        mark = statement.rsplit(" ", 1)[-1]
        parts = {
            "claim": 1,
            "change": creates("claim", claim_id),
            "figure": rows("SELECT count(*) FROM figure WHERE claim_id = ?", claim_id),
            "dispute_claim": rows(
                "SELECT count(*) FROM dispute_claim WHERE claim_id = ?", claim_id
            ),
        }
        if not isinstance(connection, _Postgres):  # SQLite's FTS5 index (app/search/)
            parts["claim_fts"] = rows(
                "SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ? AND rowid = ?",
                f"statement:{mark}",
                claim_id,
            )
        found.setdefault(mark, []).append(Stored("claim", claim_id, mark, parts))
    return found


def orphan_changes(connection: sqlite3.Connection | _Postgres, author_id: int) -> list[tuple]:
    """`create` history rows by the author whose object is not there (half of a write)."""
    return connection.execute(
        """SELECT c.id, c.entity, c.entity_id FROM change c
           WHERE c.user_id = ? AND c.action = 'create' AND (
             (c.entity = 'note' AND NOT EXISTS (SELECT 1 FROM note WHERE id = c.entity_id))
             OR (c.entity = 'claim' AND NOT EXISTS (SELECT 1 FROM claim WHERE id = c.entity_id)))
        """,
        (author_id,),
    ).fetchall()


def check_ledger_against(database: Database, writer: Writer, ledger: Ledger) -> dict[str, int]:
    """Assert that the database holds exactly what the ledger allows, whole: every acknowledged
    write (with the id it was acknowledged with), no refused write, unanswered writes either
    whole or absent, nothing else; and that SQLite finds nothing wrong. Returns counts."""
    with open_database(database) as connection:
        assert integrity_problems(connection) == []
        stored = stored_writes(connection, writer.user_id)
        orphans = orphan_changes(connection, writer.user_id)
    assert orphans == [], f"history rows without their object: {orphans[:10]}"
    attempts = {a.marker: a for a in ledger.attempts}
    assert len(attempts) == len(ledger.attempts), "markers must be unique"
    duplicated = {m: s for m, s in stored.items() if len(s) > 1}
    assert duplicated == {}, f"one write stored more than once: {list(duplicated.items())[:5]}"
    unknown = sorted(set(stored) - set(attempts))
    assert unknown == [], f"stored writes nobody attempted: {unknown[:10]}"
    half = [s for [s] in stored.values() if not s.complete]
    assert half == [], f"half-applied writes: {half[:10]}"
    lost = [a for a in ledger.acknowledged() if a.marker not in stored]
    assert lost == [], f"{len(lost)} acknowledged writes are missing: {lost[:5]}"
    wrong = [
        (a, stored[a.marker][0])
        for a in ledger.acknowledged()
        if (stored[a.marker][0].kind, stored[a.marker][0].id) != (a.kind, a.id)
    ]
    assert wrong == [], f"acknowledged with another id than stored: {wrong[:5]}"
    refused_but_stored = [a for a in ledger.refused() if a.marker in stored]
    assert refused_but_stored == [], f"refused yet stored: {refused_but_stored[:5]}"
    never_sent_stored = [a for a in ledger.not_sent() if a.marker in stored]
    assert never_sent_stored == [], f"never sent yet stored: {never_sent_stored[:5]}"
    unanswered_stored = sum(1 for a in ledger.unanswered() if a.marker in stored)
    return {
        "acknowledged": len(ledger.acknowledged()),
        "refused": len(ledger.refused()),
        "unanswered": len(ledger.unanswered()),
        "unanswered_stored": unanswered_stored,
        "not_sent": len(ledger.not_sent()),
        "stored": len(stored),
    }
