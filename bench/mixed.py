"""Readers and an analyst at once: dispute permalinks on a Zipf curve while the API is written.

    python -m bench.mixed --db bench/data/corpus.db --duration 30
    python -m bench.run --scenario mixed ...   (the same)

Readers: `--connections` keep-alive connections (closed loop, as bench/run.py's) GET dispute
permalinks with a browser's Accept-Encoding, every dispute of the corpus ranked in a seeded
random order and drawn on a Zipf curve (rank k weighs 1 / k^s, s = 1 by default). A connection
lasts `--visit` requests on average, then closes and another opens, so that connections open
one at a time all through a round, as independent readers' do, not in one burst at its start.

The writer: one write a second through the JSON write API with an API token, in an open loop.
Write n is due at start + n / rate whether or not the earlier ones have been answered, and its
latency counts from that due time, so a server that falls behind shows as queueing instead of
slowing the writer down. Writes alternate between a dispute's summary and the statement of one
of its published claims, the dispute drawn from the readers' own Zipf curve, so that writes hit
the pages being read. Each write sends If-Match with the ETag its last answer gave (a GET the
first time); a 412 is retried with the ETag it names, as an analyst's script would.

Writes change the database, so the run serves a copy (`--copy`), made from `--db` the first time
and with `--fresh-copy`, migrated (`app.migrate.upgrade`) before every run so that an older
corpus gets newer migrations. The writer's account and a new API token are made in the copy.

Readers, priming and the writer name one site in their Host header (`SITE`), as a proxy in
front of the servers would: pages are kept by the host they were asked for, and each server of
the run listens on a port of its own.

With `--warm-store N`, before the rounds a server with a worker per core fetches the N most read
disputes and stops: the host's page store (app.page_store) keeps them, and every round's server
starts with them, as a server restarted on a host that has served its readers for days does.
Per `--workers` count (served as `gainsay serve --workers N` does, or with `--manager uvicorn`
by uvicorn's process manager; CPU summed over the supervisor and its workers), the
`--prime` most read disputes are fetched once (a server up for hours holds them), then each
round runs the bare ASGI app with the same readers, then Gainsay with readers and writer
(`--warmup` seconds unmeasured, then `--duration` measured). Reported: the readers' req/s and its
ratio to the bare app's, p50 and p99, the miss fraction from the page cache's X-Cache header
(responses without it counted as unknown; with wrk, counted in `--sample` seconds after each
measured load, which wrk runs without counting), the writes' p50, p99 and statuses, the
server's CPU time per request, wrk's own, and each worker's share. See docs/performance.md.
"""

import argparse
import http.client
import json
import os
import random
import resource
import secrets
import shlex
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.client import LoadResult, percentile, run_load, zipf_cumulative
from bench.run import (
    BARE_APP,
    BROWSER_ACCEPT_ENCODING,
    GAINSAY_APP,
    HOST,
    RESULTS_DIR,
    Server,
    _database,
    fetch,
    machine,
    wrk_load,
)
from bench.serve import MANAGERS

WRITER = "bench-writer"  # the analyst account the writer's token belongs to
WRITE_KINDS = ("dispute", "claim")
WRITE_TIMEOUT_S = 60.0  # a write not answered by then is counted as failed ("timeout")
WRITE_THREADS = 64  # open loop: writes still waiting for an answer, at most
WRITE_ATTEMPTS = 3  # a write that meets a 412 is retried with the ETag the 412 named
SITE = "gainsay.bench"  # the Host every reader asks for


# --- The database copy --------------------------------------------------------------------


def remove_copy(copy: Path) -> None:
    """Delete a corpus copy with its write-ahead log and its page store (app.page_store keeps
    the store beside the database)."""
    for suffix in ("", "-wal", "-shm", "-pages", "-pages-wal", "-pages-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)


def prepare_copy(corpus: Path, copy: Path, fresh: bool, say: Callable[[str], None]) -> None:
    """Make `copy` from `corpus` when it is missing or `fresh`, then migrate it."""
    if fresh or not copy.exists():
        say(f"copying {corpus} to {copy}")
        remove_copy(copy)
        partial = copy.with_name(copy.name + ".partial")
        shutil.copyfile(corpus, partial)
        # A corpus still holding a write-ahead log needs it: its last pages may live there.
        wal = Path(f"{corpus}-wal")
        if wal.exists() and wal.stat().st_size:
            shutil.copyfile(wal, f"{partial}-wal")
            with closing(sqlite3.connect(partial)) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            Path(f"{partial}-wal").unlink(missing_ok=True)
            Path(f"{partial}-shm").unlink(missing_ok=True)
        partial.replace(copy)
    # Imported here: the app's settings and models load only when a copy is prepared.
    from app.db import make_engine
    from app.migrate import upgrade

    engine = make_engine(f"sqlite:///{copy.resolve()}")
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def writer_token(copy: Path) -> str:
    """A new API token for the writer's analyst account (made on first use) in `copy`."""
    from sqlmodel import Session

    from app.db import make_engine
    from app.services.accounts import create_user, find_user
    from app.services.api_tokens import create_api_token

    engine = make_engine(f"sqlite:///{copy.resolve()}")
    try:
        with Session(engine) as session:
            user = find_user(session, WRITER) or create_user(
                session, WRITER, secrets.token_urlsafe(24), "analyst", "Mixed benchmark"
            )
            secret, _ = create_api_token(session, user, f"bench.mixed {datetime.now():%F %T}")
            session.commit()
    finally:
        engine.dispose()
    return secret


def ranked_disputes(db: Path, seed: int) -> list[tuple[int, str]]:
    """Every dispute as (id, permalink), in a seeded random order: the order of popularity.
    Shuffled so that popularity owes nothing to ids, which follow the order of loading."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT id, slug FROM dispute ORDER BY id").fetchall()
    if not rows:
        raise SystemExit(f"{db} has no disputes: generate a corpus first")
    random.Random(seed).shuffle(rows)
    return [(i, f"/disputes/{i}-{slug}") for i, slug in rows]


# --- The writer ---------------------------------------------------------------------------


@dataclass(slots=True)
class Write:
    number: int
    due: float  # perf_counter time it was scheduled for
    path: str  # /api/disputes/{id} or /api/claims/{id}
    status: int | None = None  # the last answer's; None when none came
    latency_s: float | None = None  # from `due` to the last answer
    get_s: float | None = None  # the GET for the ETag, when one was needed
    patch_s: float | None = None  # the PATCHes alone, from sending the first to the last answer
    attempts: int = 0  # PATCHes sent
    conflicts: int = 0  # 412s met on the way
    error: str | None = None


class Writer:
    """Sends one write every 1 / rate seconds on its own thread (open loop), each from a pool
    thread with its own connection, until stopped."""

    def __init__(
        self,
        port: int,
        token: str,
        db: Path,
        disputes: list[tuple[int, str]],
        exponent: float,
        rate: float,
        kinds: tuple[str, ...],
        seed: int,
    ) -> None:
        self.port, self.token, self.db, self.rate, self.kinds = port, token, db, rate, kinds
        self.dispute_ids = [i for i, _ in disputes]
        self.cumulative = zipf_cumulative(len(disputes), exponent)
        self.rng = random.Random(seed)
        self.etags: dict[str, str] = {}
        self.lock = threading.Lock()
        self.writes: list[Write] = []
        self.stopping = threading.Event()
        self.pool = ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="bench-write")
        self.thread = threading.Thread(target=self._schedule, name="bench-writer", daemon=True)

    def start(self) -> "Writer":
        self.thread.start()
        return self

    def stop(self) -> list[Write]:
        """Schedule no more; wait for the writes under way (each bounded by its timeout)."""
        self.stopping.set()
        self.thread.join()
        self.pool.shutdown(wait=True)
        return self.writes

    def _schedule(self) -> None:
        with closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as db:
            started = time.perf_counter()
            number = 0
            while True:
                due = started + number / self.rate
                if self.stopping.wait(max(0.0, due - time.perf_counter())):
                    return
                write = Write(number, due, self._target(db, number))
                self.writes.append(write)
                self.pool.submit(self._send, write)
                number += 1

    def _target(self, db: sqlite3.Connection, number: int) -> str:
        draw = self.rng.random() * self.cumulative[-1]
        rank = min(len(self.dispute_ids) - 1, _bisect(self.cumulative, draw))
        dispute_id = self.dispute_ids[rank]
        if self.kinds[number % len(self.kinds)] == "claim":
            found = db.execute(
                "SELECT dc.claim_id FROM dispute_claim dc JOIN claim c ON c.id = dc.claim_id "
                "WHERE dc.dispute_id = ? AND c.state = 'published' ORDER BY dc.claim_id LIMIT 1",
                (dispute_id,),
            ).fetchone()
            if found:
                return f"/api/claims/{found[0]}"
        return f"/api/disputes/{dispute_id}"

    def _send(self, write: Write) -> None:
        auth = {"Authorization": f"Bearer {self.token}"}
        connection = http.client.HTTPConnection(HOST, self.port, timeout=WRITE_TIMEOUT_S)
        try:
            with self.lock:
                tag = self.etags.get(write.path)
            if tag is None:  # first write to this object: its ETag, as a script would GET it
                sent = time.perf_counter()
                connection.request("GET", write.path, headers=auth)
                answer = connection.getresponse()
                answer.read()
                write.get_s = time.perf_counter() - sent
                tag = answer.getheader("ETag")
                if answer.status != 200 or tag is None:
                    write.status = answer.status
                    return
            field = "statement" if write.path.startswith("/api/claims/") else "summary"
            change = {field: f"Edited by the mixed benchmark, write {write.number}."}
            body = json.dumps(change).encode()
            sent = time.perf_counter()
            while write.attempts < WRITE_ATTEMPTS:
                write.attempts += 1
                headers = {**auth, "Content-Type": "application/json", "If-Match": tag}
                connection.request("PATCH", write.path, body=body, headers=headers)
                answer = connection.getresponse()
                reply = answer.read()
                write.status = answer.status
                tag = answer.getheader("ETag") or tag
                if answer.status >= 500:  # why, for the report ("Too many changes", a lock)
                    write.error = reply[:300].decode(errors="replace")
                write.patch_s = time.perf_counter() - sent
                if answer.status != 412:
                    break
                write.conflicts += 1  # another write to it got in first
            with self.lock:
                self.etags[write.path] = tag
        except TimeoutError:
            write.error = "timeout"
        except (OSError, http.client.HTTPException) as error:
            write.error = type(error).__name__
        finally:
            write.latency_s = time.perf_counter() - write.due
            connection.close()


def _bisect(cumulative: list[float], draw: float) -> int:
    low, high = 0, len(cumulative)
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] > draw:
            high = middle
        else:
            low = middle + 1
    return low


def write_summary(writes: list[Write]) -> dict[str, Any]:
    """Latencies of every answered write (a 503 too: a refusal after a wait is what the
    analyst saw), and of the successful ones alone; statuses; why the 5xx failed."""
    answered = sorted(w.latency_s for w in writes if w.status is not None and w.latency_s)
    succeeded = sorted(
        w.latency_s for w in writes if w.status and 200 <= w.status < 300 and w.latency_s
    )
    patches = sorted(w.patch_s for w in writes if w.patch_s is not None)
    gets = sorted(w.get_s for w in writes if w.get_s is not None)
    statuses: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for write in writes:
        key = str(write.status) if write.status is not None else (write.error or "none")
        statuses[key] = statuses.get(key, 0) + 1
        if write.status is not None and write.status >= 500 and write.error:
            reason = f"{write.status}: {write.error}"
            reasons[reason] = reasons.get(reason, 0) + 1
    return {
        "scheduled": len(writes),
        "succeeded": len(succeeded),
        "failed": len(writes) - len(succeeded),
        "status_503": statuses.get("503", 0),
        "conflicts_412": sum(w.conflicts for w in writes),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": reasons,
        "p50_ms": _ms(percentile(answered, 0.50)),
        "p99_ms": _ms(percentile(answered, 0.99)),
        "max_ms": _ms(answered[-1] if answered else None),
        "succeeded_p50_ms": _ms(percentile(succeeded, 0.50)),
        "succeeded_p99_ms": _ms(percentile(succeeded, 0.99)),
        # Where a write's time went: the PATCHes themselves, and the GETs some needed first.
        "patch_p50_ms": _ms(percentile(patches, 0.50)),
        "patch_p99_ms": _ms(percentile(patches, 0.99)),
        "get_p50_ms": _ms(percentile(gets, 0.50)),
        "gets": len(gets),
        "paths": sorted({w.path for w in writes}),
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


# --- Readers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Readers:
    client: str
    connections: int
    exponent: float
    headers: dict[str, str]
    paths: list[str]  # in order of popularity
    paths_file: Path
    visit: int = 0  # requests a connection lasts, on average (0: to the end of each load)

    def __call__(self, server: Server, seconds: int, count: bool = False) -> LoadResult:
        """`seconds` of load; wrk counts statuses and X-Cache only when asked (`count`), the
        Python client always (it runs in this process, whose CPU is not the server's)."""
        if self.client == "wrk":
            return wrk_load(
                server.port, self.paths_file, self.connections, seconds, self.headers,
                zipf=self.exponent, count=count, visit=self.visit,
            )  # fmt: skip
        return run_load(
            HOST, server.port, self.paths, self.connections, seconds, self.headers,
            zipf=self.exponent, visit=self.visit,
        )  # fmt: skip


PRIME_THREADS = 4


def prime_hot_set(server: Server, paths: list[str], headers: dict[str, str]) -> float:
    """GET each of `paths` once, a few at a time, each on a new connection; return the seconds
    it took. A server that has run for hours holds its popular pages; at the readers' rate a
    run of seconds would measure mostly the cache filling up (cold misses), not the misses
    that writes cause. New connections let the kernel spread the pages over the workers, so
    with two each worker starts with about half of them, as the readers' connections would
    leave them."""
    started = time.perf_counter()

    def get(path: str) -> None:
        status, _, _ = fetch(server.port, path, headers)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status} while priming")

    with ThreadPoolExecutor(PRIME_THREADS) as pool:
        list(pool.map(get, paths))
    return time.perf_counter() - started


def _cpu_per_request(before: float | None, after: float | None, requests: int) -> float | None:
    if before is None or after is None or not requests:
        return None
    return (after - before) / requests * 1e6


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended: wrk's, once a load is over."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _watch_connections(server: Server, done: threading.Event, seen: list) -> None:
    """Once a second until `done`, the connections each of the server's processes holds."""
    while not done.wait(1.0):
        seen.append(server.connections_by_process())


def _reader_figures(
    measured: LoadResult,
    cpu_us: float | None,
    client_cpu_s: float | None = None,
    loop_cpu_us: float | None = None,
    sample: LoadResult | None = None,
) -> dict[str, Any]:
    """The readers' figures. Statuses and X-Cache come from the measured load when it counted
    them, else from `sample` (a counting load run after it, unmeasured), else are unknown."""
    counted = measured if measured.counted else sample
    cache = counted.cache if counted else {}
    known = cache.get("hit", 0) + cache.get("miss", 0)
    return {
        **asdict(measured),
        "statuses": counted.statuses if counted else {},
        "cache": cache,
        "counted_by": None if counted is None else "load" if counted is measured else "sample",
        "sample": None if sample is None else asdict(sample),
        "rps": measured.rps,
        "cpu_us_per_request": cpu_us,
        # Of it, the servers' main threads (the event loop); the rest is their other threads.
        "loop_cpu_us_per_request": loop_cpu_us,
        # wrk's CPU (the python client runs in this process and is not counted): the load
        # generator's share of the cores the server runs on.
        "client_cpu_us_per_request": None
        if client_cpu_s is None or not measured.requests
        else client_cpu_s / measured.requests * 1e6,
        "status_503": counted.statuses.get("503", 0) if counted else None,
        "cache_unknown": (counted.requests if counted else measured.requests) - known,
        "miss_fraction": cache.get("miss", 0) / known if known else None,
    }


def mixed_round(
    server: Server,
    bare: Server,
    readers: Readers,
    writer: Callable[[], Writer],
    duration: int,
    warmup: int,
    sample: int = 0,
) -> dict[str, Any]:
    """The bare app with the readers, then Gainsay with readers and writer; then, with
    `sample`, that many seconds more of readers (the writer still writing) whose responses
    are counted, unmeasured."""
    before, client_before = bare.cpu_seconds(), _children_cpu()
    ceiling = readers(bare, duration)
    bare_figures = _reader_figures(
        ceiling,
        _cpu_per_request(before, bare.cpu_seconds(), ceiling.requests),
        _children_cpu() - client_before if readers.client == "wrk" else None,
    )
    bare.check_alive()

    running = writer().start()
    try:
        if warmup > 0:  # the writer's first writes and the cache's first pages, unmeasured
            readers(server, warmup)
        opened = time.perf_counter()
        before_by, loop_before = server.cpu_by_process(), server.loop_cpu_seconds()
        client_before = _children_cpu()
        # Which process holds which of the readers' connections, looked at every second.
        done = threading.Event()
        seen: list[dict[int, int]] = []
        looking = threading.Thread(target=_watch_connections, args=(server, done, seen))
        looking.start()
        try:
            measured = readers(server, duration)
        finally:
            done.set()
            looking.join()
        # The look that found the most: one while all the readers' connections were open.
        held = max(seen, key=lambda by: sum(by.values()), default={})
        client_cpu_s = _children_cpu() - client_before
        after_by, loop_after = server.cpu_by_process(), server.loop_cpu_seconds()
        closed = time.perf_counter()
        # The miss fraction and statuses, when the measured load did not count them.
        counting = readers(server, sample, count=True) if sample and not measured.counted else None
    finally:
        writes = running.stop()
    server.check_alive()
    # The writes due while the readers were measured; their answers may come later.
    counted = [w for w in writes if opened <= w.due < closed]
    before = sum(before_by.values()) if before_by else None
    after = sum(after_by.values()) if after_by else None
    served = measured.requests + len(counted)
    figures = _reader_figures(
        measured,
        _cpu_per_request(before, after, served),
        client_cpu_s if readers.client == "wrk" else None,
        _cpu_per_request(loop_before, loop_after, served),
        counting,
    )
    # Each process's share of the server's CPU, largest first (the supervisor's near 0). wrk's
    # connections stay with the worker that accepted them, so two workers can share unevenly.
    used = {pid: after_by[pid] - before_by.get(pid, 0.0) for pid in after_by}
    total = sum(used.values())
    shares = sorted((u / total for u in used.values()), reverse=True) if total > 0 else []
    # The largest worker's memory: peak resident (the SQLite file's mapped pages count, though
    # the OS shares them among the workers) and what it holds of its own (anonymous).
    peak = server.memory_by_process("VmHWM")
    anonymous = server.memory_by_process("RssAnon")
    return {
        "memory": {
            "peak_rss_mb": max(peak.values(), default=None),
            "rss_anon_mb": max(anonymous.values(), default=None),
        },
        "bare": bare_figures,
        "readers": {
            **figures,
            "ratio": measured.rps / ceiling.rps if ceiling.rps else 0.0,
        },
        "cpu_shares": shares,
        # The readers' connections each process held, most first (the supervisor's 0 left out).
        "connections": sorted((n for n in held.values() if n), reverse=True),
        # Every look, in order: with connections that come and go, one look says little.
        "connection_looks": [sorted((n for n in by.values() if n), reverse=True) for by in seen],
        "writes": write_summary(counted),
        "writes_not_counted": len(writes) - len(counted),  # due in the warm-up or after
        "_writes": counted,  # pooled over the rounds, then dropped
    }


def _median(rounds: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rounds if r[key] is not None]
    return statistics.median(values) if values else None


def host_ceiling_rps(
    cores: int, server_us_per_request: float | None, client_us_per_request: float | None
) -> float | None:
    """The readers' req/s this host could serve at most at the measured CPU per request, when
    the load client runs on the same cores (wrk's CPU measured; the in-process client's is not):
    every request costs the server's and the client's time out of `cores` seconds a second. On
    a host this small the client's share caps what a second worker can add."""
    if not server_us_per_request or client_us_per_request is None:
        return None
    return cores * 1e6 / (server_us_per_request + client_us_per_request)


def _per_workers(
    rounds: list[dict[str, Any]], workers: int, command: str, cores: int
) -> dict[str, Any]:
    """One worker count's figures: medians over the rounds; counts and writes pooled."""
    readers = [r["readers"] for r in rounds]
    cache: dict[str, int] = {}
    for row in readers:
        for key, count in row["cache"].items():
            cache[key] = cache.get(key, 0) + count
    known = cache.get("hit", 0) + cache.get("miss", 0)
    statuses: dict[str, int] = {}
    for row in readers:
        for key, count in row["statuses"].items():
            statuses[key] = statuses.get(key, 0) + count
    writes: list[Write] = []
    for r in rounds:
        writes += r["_writes"]
    return {
        "workers": workers,
        "server_command": command,
        "bare": {
            k: _median([r["bare"] for r in rounds], k)
            for k in ("rps", "p50_ms", "p99_ms", "cpu_us_per_request", "client_cpu_us_per_request")
        },
        "readers": {
            "rps": _median(readers, "rps"),
            "ratio": _median(readers, "ratio"),
            "p50_ms": _median(readers, "p50_ms"),
            "p99_ms": _median(readers, "p99_ms"),
            "worst_p99_ms": max((r["p99_ms"] or 0) for r in readers),
            "cpu_us_per_request": _median(readers, "cpu_us_per_request"),
            "loop_cpu_us_per_request": _median(readers, "loop_cpu_us_per_request"),
            "client_cpu_us_per_request": _median(readers, "client_cpu_us_per_request"),
            "host_ceiling_rps": host_ceiling_rps(
                cores,
                _median(readers, "cpu_us_per_request"),
                _median(readers, "client_cpu_us_per_request"),
            ),
            "requests": sum(r["requests"] for r in readers),
            "statuses": dict(sorted(statuses.items())),
            "non_2xx": sum(r["non_2xx"] for r in readers),
            "status_503": statuses.get("503", 0),
            "socket_errors": sum(r["socket_errors"] for r in readers),
            "cache": dict(sorted(cache.items())),
            "cache_unknown": sum(r["cache_unknown"] for r in readers),
            # Where statuses and X-Cache were counted: the measured loads, or the samples after
            # them (the requests counted are then the samples').
            "counted_by": sorted({str(r["counted_by"]) for r in readers}),
            "counted_requests": sum(
                r["requests"] if r["counted_by"] == "load" else r["sample"]["requests"]
                for r in readers
                if r["counted_by"] is not None
            ),
            "miss_fraction": cache.get("miss", 0) / known if known else None,
        },
        "cpu_shares": [r["cpu_shares"] for r in rounds],
        "connections": [r["connections"] for r in rounds],
        "memory": {
            key: max((r["memory"][key] or 0.0) for r in rounds)
            for key in ("peak_rss_mb", "rss_anon_mb")
        },
        "writes": write_summary(writes),
        "rounds": [{k: v for k, v in r.items() if k != "_writes"} for r in rounds],
    }


def run(
    corpus: Path,
    copy: Path,
    *,
    fresh_copy: bool,
    workers: list[int],
    duration: int,
    warmup: int,
    rounds: int,
    connections: int,
    client: str,
    exponent: float,
    write_rate: float,
    write_kinds: tuple[str, ...],
    seed: int,
    headers: dict[str, str],
    progress: Callable[[str], None],
    log: Path,
    prime: int,
    warm_store: int = 0,
    sample: int = 0,
    visit: int = 0,
    manager: str = "gainsay",
) -> dict[str, Any]:
    """Every worker count's rounds, each server run by `manager` (bench/serve.py); the
    servers' output goes to `log`."""
    prepare_copy(corpus, copy, fresh_copy, progress)
    token = writer_token(copy)
    disputes = ranked_disputes(copy, seed)
    env = {
        **_environ(),
        "GAINSAY_DATABASE_URL": f"sqlite:///{copy.resolve()}",
        "GAINSAY_LOAD_SEEDS": "false",
    }
    results = []
    with tempfile.TemporaryDirectory(prefix="gainsay-mixed-") as scratch:
        paths = [path for _, path in disputes]
        paths_file = Path(scratch, "disputes.paths")
        paths_file.write_text("\n".join(paths) + "\n")
        readers = Readers(client, connections, exponent, headers, paths, paths_file, visit)
        warmed_s = None
        if warm_store:
            cores = os.cpu_count() or 1
            with Server(GAINSAY_APP, env, log, cores, manager) as server:
                server.wait_for("/healthz")
                progress(f"warming the page store: the {min(warm_store, len(paths)):,} most read")
                # Least read first: the most read are then the most recently used, as on a
                # host whose readers keep coming back to them (a starting worker preloads
                # the most recently used).
                warmed_s = prime_hot_set(server, paths[:warm_store][::-1], headers)
        for count in workers:
            with Server(GAINSAY_APP, env, log, count, manager) as server:
                server.wait_for("/healthz")
                server.wait_for(paths[0])
                primed_s = None
                if prime:
                    progress(f"workers={count}: priming the {min(prime, len(paths)):,} most read")
                    primed_s = prime_hot_set(server, paths[:prime], headers)

                def writer(port: int = server.port) -> Writer:
                    return Writer(
                        port, token, copy, disputes, exponent, write_rate, write_kinds, seed
                    )

                with Server(BARE_APP, env, log, count, manager) as bare:
                    bare.wait_for("/")
                    measured = []
                    for round_ in range(1, rounds + 1):
                        progress(
                            f"workers={count}, round {round_} of {rounds}: bare ASGI {duration} s,"
                            f" then readers and writer {warmup} + {duration} s"
                        )
                        measured.append(
                            mixed_round(server, bare, readers, writer, duration, warmup, sample)
                        )
            results.append(
                {
                    **_per_workers(measured, count, server.command, len(os.sched_getaffinity(0))),
                    "primed_s": primed_s,
                }
            )
    return {"disputes": len(disputes), "store_warmed_s": warmed_s, "by_workers": results}


def _environ() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as bench/run.py: compiled once, then reused
    return env


# --- Reporting ----------------------------------------------------------------------------


def _fmt(value: float | None, pattern: str = "{:.1f}") -> str:
    return "-" if value is None else pattern.format(value)


def _share(part: float | None, whole: float | None) -> float | None:
    return part / whole if part is not None and whole else None


def print_report(console: Console, result: dict[str, Any]) -> None:
    readers = Table(title="Readers (" + result["settings"]["summary"] + ")")
    for column in (
        "workers", "bare req/s", "req/s", "of bare", "p50 ms", "p99 ms (worst)", "miss fraction",
        "hit / miss / unknown", "counted non-2xx (503)", "≥ 400 / errors", "CPU µs/req (loop)",
        "wrk µs/req (bare)", "of host ceiling", "CPU split", "connections",
    ):  # fmt: skip
        readers.add_column(column, justify="right")
    writes = Table(title="Writes (open loop, latency from the time each was due)")
    for column in (
        "workers", "scheduled", "succeeded", "p50 ms", "p99 ms", "max ms", "2xx p50 / p99 ms",
        "PATCH p50 / p99 ms", "503", "412 met", "statuses",
    ):  # fmt: skip
        writes.add_column(column, justify="right")
    for row in result["by_workers"]:
        r, w, cache = row["readers"], row["writes"], row["readers"]["cache"]
        readers.add_row(
            str(row["workers"]), _fmt(row["bare"]["rps"], "{:,.0f}"), _fmt(r["rps"], "{:,.0f}"),
            _fmt(r["ratio"], "{:.1%}"), _fmt(r["p50_ms"], "{:.2f}"),
            f"{_fmt(r['p99_ms'], '{:.1f}')} ({_fmt(r['worst_p99_ms'], '{:.1f}')})",
            _fmt(r["miss_fraction"], "{:.1%}") if r["miss_fraction"] is not None else "unknown",
            f"{cache.get('hit', 0)} / {cache.get('miss', 0)} / {r['cache_unknown']}",
            f"{sum(n for k, n in r['statuses'].items() if not k.startswith('2'))} "
            f"({r['status_503']})",
            f"{r['non_2xx']} / {r['socket_errors']}",
            f"{_fmt(r['cpu_us_per_request'], '{:.0f}')} "
            f"({_fmt(r['loop_cpu_us_per_request'], '{:.0f}')})",
            f"{_fmt(r['client_cpu_us_per_request'], '{:.0f}')} "
            f"({_fmt(row['bare']['client_cpu_us_per_request'], '{:.0f}')})",
            _fmt(_share(r["rps"], r["host_ceiling_rps"]), "{:.0%}"),
            " ".join(
                "/".join(f"{share:.0%}" for share in round_ if share >= 0.005)
                for round_ in row["cpu_shares"]
            ),
            " ".join("/".join(map(str, held)) for held in row["connections"]),
        )  # fmt: skip
        writes.add_row(
            str(row["workers"]), str(w["scheduled"]), str(w["succeeded"]),
            _fmt(w["p50_ms"], "{:.0f}"), _fmt(w["p99_ms"], "{:.0f}"), _fmt(w["max_ms"], "{:.0f}"),
            f"{_fmt(w['succeeded_p50_ms'], '{:.0f}')} / {_fmt(w['succeeded_p99_ms'], '{:.0f}')}",
            f"{_fmt(w['patch_p50_ms'], '{:.0f}')} / {_fmt(w['patch_p99_ms'], '{:.0f}')}",
            str(w["status_503"]), str(w["conflicts_412"]),
            ", ".join(f"{k}: {v}" for k, v in w["statuses"].items()),
        )  # fmt: skip
    console.print(readers)
    console.print(writes)
    rows = result["by_workers"]
    for row in rows[1:]:
        # What more workers add, beside what the host leaves them: the ceiling over the first
        # count's measured req/s (see host_ceiling_rps).
        first_rps = rows[0]["readers"]["rps"]
        measured = _share(row["readers"]["rps"], first_rps)
        ceiling = _share(row["readers"]["host_ceiling_rps"], first_rps)
        console.print(
            f"workers={row['workers']} / workers={rows[0]['workers']}: "
            f"{_fmt(measured, '{:.2f}')}x (at most {_fmt(ceiling, '{:.2f}')}x on this host, "
            "the client's CPU counted)"
        )
    for row in result["by_workers"]:
        memory = row["memory"]
        console.print(
            f"workers={row['workers']}: the largest worker's peak RSS "
            f"{_fmt(memory['peak_rss_mb'], '{:.0f}')} MB, anonymous RSS at the end "
            f"{_fmt(memory['rss_anon_mb'], '{:.0f}')} MB"
        )
        for reason, count in row["writes"]["server_errors"].items():
            console.print(f"[dim]workers={row['workers']}: {count} x {reason}[/]")
    counted_by = sorted({w for row in result["by_workers"] for w in row["readers"]["counted_by"]})
    console.print(
        "[dim]Medians over the rounds (counts summed); 'of bare' compares each round with the "
        "bare app's run just before it; CPU per request counts the writes' requests too, in "
        "brackets the workers' main threads' (the event loop); wrk's CPU per reader's request, in "
        "brackets with the bare app. Statuses and X-Cache are counted "
        f"by the {' and '.join(counted_by)}"
        " ('sample': in the --sample seconds after each measured load, which wrk does not slow "
        "down by counting); '≥ 400' is the measured loads' count. Connections: the readers' "
        "connections each worker held (looked at once a second, the look that found most), "
        "the writer's with them if one was open. Of host ceiling: the readers' req/s over what "
        "the host's cores could serve at the measured server's and wrk's CPU per request.[/]"
    )


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mixed", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("bench/data/corpus.db"))
    parser.add_argument(
        "--copy", type=Path, help="the copy served and written (default: DB's name + -mixed.db)"
    )
    parser.add_argument(
        "--fresh-copy", action="store_true", help="re-make the copy (a clean before/after)"
    )
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument(
        "--manager",
        choices=MANAGERS,
        default="gainsay",
        help="the process manager (bench/serve.py): gainsay serve's (a socket per worker), "
        "uvicorn's (one socket shared by the workers), or uvicorn's with asyncio's loop and a "
        "listen queue of 4",
    )
    parser.add_argument("--duration", type=int, default=30, help="seconds measured per round")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds first")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--prime",
        type=int,
        default=10_000,
        help="GET the N most read disputes once before the rounds (0: start cold)",
    )
    parser.add_argument(
        "--warm-store",
        type=int,
        default=0,
        help="before the rounds, a server of its own fetches the N most read into the page store",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=10,
        help="seconds after each measured load whose statuses and X-Cache wrk counts (unmeasured)",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--visit",
        type=int,
        default=100,
        help="requests a reader's connection lasts on average before it closes and another "
        "opens (0: every connection opened at the start and kept)",
    )
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--zipf", type=float, default=1.0, help="the curve's exponent s")
    parser.add_argument("--write-rate", type=float, default=1.0, help="writes per second")
    parser.add_argument(
        "--write-kinds", default=",".join(WRITE_KINDS), help="taken in turn: dispute, claim"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--accept-encoding", default=BROWSER_ACCEPT_ENCODING)
    parser.add_argument("--out", type=Path, help="result file (default: bench/results/<time>.json)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.db.is_file():
        parser.error(f"{args.db} does not exist; make one with python -m bench.generate")
    try:
        workers = [int(n) for n in args.workers.split(",")]
    except ValueError:
        parser.error("--workers takes numbers separated by commas")
    kinds = tuple(k.strip() for k in args.write_kinds.split(","))
    if not kinds or set(kinds) - set(WRITE_KINDS):
        parser.error(f"--write-kinds takes {', '.join(WRITE_KINDS)}")
    if (
        min(workers) < 1 or args.duration < 1 or args.rounds < 1 or args.connections < 1
        or args.warmup < 0 or args.prime < 0 or args.write_rate <= 0 or args.zipf <= 0
        or args.warm_store < 0 or args.sample < 0 or args.visit < 0
    ):  # fmt: skip
        parser.error("counts and durations must be positive")
    copy = args.copy or args.db.with_name(f"{args.db.stem}-mixed.db")
    if copy.resolve() == args.db.resolve():
        parser.error("--copy must not be the corpus itself: the writes would change it")
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    elif client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk), or use --client python")

    console = Console() if sys.stdout.isatty() else Console(width=140)
    started = datetime.now()
    command = shlex.join(
        [
            "python", "-m", "bench.mixed", "--db", str(args.db), "--copy", str(copy),
            *(["--fresh-copy"] if args.fresh_copy else []), "--workers", args.workers,
            "--manager", args.manager,
            "--duration", str(args.duration), "--warmup", str(args.warmup),
            "--rounds", str(args.rounds), "--prime", str(args.prime),
            "--warm-store", str(args.warm_store), "--sample", str(args.sample),
            "--connections", str(args.connections), "--visit", str(args.visit),
            "--client", client, "--zipf", str(args.zipf), "--write-rate", str(args.write_rate),
            "--write-kinds", ",".join(kinds), "--seed", str(args.seed),
            "--accept-encoding", args.accept_encoding,
        ]
    )  # fmt: skip
    headers = {"Host": SITE}
    if args.accept_encoding:
        headers["Accept-Encoding"] = args.accept_encoding
    info = machine(client)
    out = args.out or RESULTS_DIR / f"{started:%Y%m%d-%H%M%S}-mixed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    log = out.with_suffix(".server.log")  # kept: a 500 under load is explained there
    log.unlink(missing_ok=True)
    measured = run(
        args.db,
        copy,
        fresh_copy=args.fresh_copy,
        workers=workers,
        duration=args.duration,
        warmup=args.warmup,
        rounds=args.rounds,
        connections=args.connections,
        client=client,
        exponent=args.zipf,
        write_rate=args.write_rate,
        write_kinds=kinds,
        seed=args.seed,
        headers=headers,
        progress=lambda what: console.print(f"[dim]measuring {what} ...[/]"),
        log=log,
        prime=args.prime,
        warm_store=args.warm_store,
        sample=args.sample,
        visit=args.visit,
        manager=args.manager,
    )
    result = {
        "scenario": "mixed",
        "server_log": str(log),
        "started_at": started.isoformat(timespec="seconds"),
        "command": command,
        "machine": info,
        "database": _database(copy),
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "prime": args.prime,
            "warm_store": args.warm_store,
            "sample_s": args.sample,
            "connections": args.connections,
            "visit": args.visit,
            "manager": args.manager,
            "client": client,
            "zipf_s": args.zipf,
            "write_rate_per_s": args.write_rate,
            "write_kinds": list(kinds),
            "accept_encoding": args.accept_encoding,
            "seed": args.seed,
            "summary": f"Zipf s={args.zipf:g} over {measured['disputes']:,} disputes; {client}, "
            f"{args.connections} connections"
            f"{f' of {args.visit} requests on average' if args.visit else ' kept'}; "
            f"{args.write_rate:g} write/s; "
            f"{f'top {args.prime:,} primed; ' if args.prime else 'cold; '}"
            f"{args.rounds} x ({args.warmup} + {args.duration} s)",
        },
        **measured,
    }
    print_report(console, result)
    out.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"Saved {out}")
    console.print(f"Reproduce with: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
