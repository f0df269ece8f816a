"""Crash safety: clients write through the API while the server is killed with SIGKILL at random
moments (half of them the instant a client hears a write acknowledged) and restarted.
Afterwards every write that was acknowledged (2xx) is stored, with the id it was acknowledged
with; no write is half there (each object comes with its history row, and a claim with its
figure, dispute membership and full-text entry, all or none); a write that got no answer is
whole or absent; and SQLite's integrity checks pass.

Quick profile (CI): 6 kill cycles. GAINSAY_LONG_TESTS=1: 50 cycles. The cycles alternate between
the two kinds of kill, so that each run has both; GAINSAY_CRASH_SEED picks the kill moments (the
seed in use is printed and shown on failure).

A SIGKILL loses what the process held, not what it had handed to the operating system, so this
proves that an answer is sent only after the commit and that a transaction is atomic across a
crash; the power-cut half of durability is `PRAGMA synchronous = FULL`, checked below."""

import os
import random
import secrets
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from app.db import make_engine
from app.settings import get_settings
from tests import reliability_fixtures as rf
from tests.conftest import SeedIds, sqlite_url

pytestmark = pytest.mark.sqlite_only(
    reason="SIGKILL against SQLite's WAL and synchronous=FULL (PostgreSQL's server owns that)"
)

CYCLES = rf.profile(6, 50)
CLIENTS = 4
UP_SECONDS = (0.2, 1.5)  # how long the server runs between kills
CLAIM_EVERY = 3  # one write in three is a claim (four tables and a full-text index), else a note


def test_connections_use_wal_with_synchronous_full(writable_copy: Path) -> None:
    engine = make_engine(sqlite_url(writable_copy))
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") == get_settings().sqlite_busy_timeout_ms > 0
            assert pragma("foreign_keys") == 1
    finally:
        engine.dispose()


class Load:
    """CLIENTS threads writing as fast as the server answers, while `up` is set."""

    def __init__(self, server: rf.Server, writer: rf.Writer, targets: rf.Targets) -> None:
        self.server, self.writer, self.targets = server, writer, targets
        self.ledger = rf.Ledger()
        self.up = threading.Event()
        self.done = threading.Event()
        self.generation = 0  # bumped at each start: clients drop connections to a dead server
        self.killed = threading.Event()
        self.errors: list[BaseException] = []
        self.run = secrets.token_hex(3)
        self._armed = False  # the next client to hear a 2xx kills the server
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def kill_on_next_ack(self, timeout: float = 10) -> None:
        self.killed.clear()
        with self._lock:
            self._armed = True
        assert self.killed.wait(timeout), f"no write acknowledged in {timeout} s"

    def _heard_ack(self) -> None:
        with self._lock:
            if self._armed:
                self._armed = False
                self.server.process.send_signal(signal.SIGKILL)
                self.killed.set()

    def _client(self, n: int) -> None:
        client, generation, seq = None, -1, 0
        try:
            while not self.done.is_set():
                if not self.up.wait(timeout=0.05):
                    continue
                if generation != self.generation:
                    if client is not None:
                        client.close()
                    generation = self.generation
                    client = httpx.Client(
                        base_url=self.server.url, headers=self.writer.headers, timeout=15
                    )
                kind = "claim" if seq % CLAIM_EVERY == CLAIM_EVERY - 1 else "note"
                attempt = rf.attempt_write(client, kind, rf.marker(self.run, n, seq), self.targets)
                self.ledger.add(attempt)
                seq += 1
                if attempt.acknowledged:
                    self._heard_ack()
                elif not attempt.sent:  # the server is down: wait for the restart
                    time.sleep(0.01)
        except BaseException as error:  # a client that dies must fail the test
            self.errors.append(error)
        finally:
            if client is not None:
                client.close()


def test_acknowledged_writes_survive_sigkill(
    writable_copy: Path, seed_ids: SeedIds, tmp_path: Path
) -> None:
    seed = int(os.environ.get("GAINSAY_CRASH_SEED") or secrets.randbits(32))
    print(f"\ncrash test: {CYCLES} cycles, seed {seed} (GAINSAY_CRASH_SEED)")
    rng = random.Random(seed)
    writer = rf.new_writer(writable_copy, f"crash-{secrets.token_hex(3)}")
    server = rf.Server(writable_copy, tmp_path / "uvicorn.log")
    began = time.monotonic()
    acknowledged_per_cycle = []
    try:
        with Load(server, writer, rf.Targets.of(seed_ids)) as load:
            for cycle in range(CYCLES):
                server.start()
                before = len(load.ledger.acknowledged())
                load.generation += 1
                load.up.set()
                time.sleep(rng.uniform(*UP_SECONDS))
                # Every other kill strikes just as a client hears a write acknowledged: the
                # moment that catches a server answering before its commit is durable.
                if cycle % 2:
                    load.kill_on_next_ack()
                server.kill()  # (else) now, while the clients are mid-request
                load.up.clear()
                acknowledged_per_cycle.append(len(load.ledger.acknowledged()) - before)
    finally:
        server.stop()
    seconds = time.monotonic() - began

    ledger = load.ledger
    refused = ledger.refused()
    assert refused == [], f"seed {seed}: answers other than 2xx: {refused[:5]}"
    assert load.errors == []
    assert sum(map(bool, acknowledged_per_cycle)) >= CYCLES // 2, acknowledged_per_cycle
    assert ledger.unanswered(), "no kill landed while a write was in flight"
    # The database as the last SIGKILL left it (the connection recovers the WAL).
    counts = rf.check_ledger_against(writable_copy, writer, ledger)
    assert counts["stored"] == counts["acknowledged"] + counts["unanswered_stored"]
    assert "Traceback" not in server.log(), server.log()[-5000:]
    print(
        f"crash test: {seconds:.1f} s, {CYCLES} SIGKILLs, {counts['acknowledged']} writes "
        f"acknowledged and all present, {counts['unanswered']} cut off in flight "
        f"({counts['unanswered_stored']} of them stored whole, the rest absent), "
        f"{counts['not_sent']} refused connections (absent), 0 half-applied, integrity ok"
    )
