"""The CPU-heavy half of an import, run in a worker process with a time budget.

Extraction (trafilatura), text cleaning and the suggestion engine are pure: bytes in, a
`PreparedArticle` and its `Suggestion`s out. They run here, in a child process, so that one
crafted or huge article never holds the server's event loop; the database half (de-duplication,
storing the article and its suggestions) stays in the request's own transaction.

Why a process per article, forked from a forkserver, rather than a thread or a process pool:
* A thread cannot be stopped: an article that runs past its budget would go on burning a core
  (and the GIL) after its request gave up. A process is killed at the budget, and its memory
  goes with it.
* `concurrent.futures.ProcessPoolExecutor` cannot kill one task either (only the whole pool,
  which would take other analysts' imports down with it).
* A forkserver forks each worker from a server that has already imported trafilatura and the
  engine and run them once (`app.ingest.worker_preload`), so a worker starts in tens of
  milliseconds, not the ~1 s a fresh 'spawn' interpreter needs; unlike a plain fork of the
  server, it copies no threads, sockets or database connections.
Measured on the busy 2-core development machine: a short article's suggestions came back from a
worker in 120-145 ms against 60-125 ms in-process (20-80 ms for the process); a 2 MiB web page
took 22 s against 20 s (the work dominates). The very first import after the server starts also
waits a few seconds for the forkserver to load the engine.

At most `MAX_WORKERS` run at once (half the cores, at least one), so imports cannot take every
core from readers; an article waits for a free worker without holding a thread.

`gainsay import` analyses a batch through one `BatchWorker`: a worker process that takes the
batch's articles one after another under the same per-article budget, and is killed (and
replaced for the next article) when one runs over. A process per article cost 0.5-1.5 s each
on the busy machine (the fork, and the actor directory rebuilt in every child).
"""

import asyncio
import logging
import multiprocessing
import os
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio
import anyio.to_thread
from sqlmodel import Session

from app.ingest.importing.prepare import prepare, suggestable
from app.ingest.importing.results import (
    ArticleMetadata,
    PreparedArticle,
    Refusal,
    RefusalReason,
)
from app.ingest.importing.store import load_directory
from app.ingest.suggest import ActorDirectory, Suggestion, suggest_claims
from app.settings import get_settings

log = logging.getLogger("gainsay.import")

MAX_WORKERS = max(1, (os.cpu_count() or 2) // 2)

_CONTEXT = multiprocessing.get_context("forkserver")
_preload_lock = threading.Lock()
_preloaded = False


def _set_preload() -> None:
    """Before the forkserver starts: preload the engine, and the main script too when there is
    one (a worker re-runs the main script of the program unless its forkserver already has:
    `gainsay serve`'s would import the whole web app into every worker)."""
    global _preloaded
    with _preload_lock:
        if _preloaded:
            return
        main = getattr(sys.modules.get("__main__"), "__file__", None)
        modules = ["__main__"] if main and os.path.isfile(main) else []
        _CONTEXT.set_forkserver_preload([*modules, "app.ingest.worker_preload"])
        _preloaded = True


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the worker found: the article as it will be stored (or why not) and its
    suggested claims."""

    prepared: PreparedArticle | Refusal
    suggestions: tuple[Suggestion, ...] = ()


class ImportTooSlow(Exception):
    """An article's extraction and suggestions ran past the time budget; the worker was
    stopped and nothing of the article was stored."""

    def __init__(self, job: "Job", budget_s: float) -> None:
        self.name = job.name
        self.budget_s = budget_s
        super().__init__(
            f"{job.subject} took too long to analyse: its extraction and claim suggestions "
            f"were stopped after {budget_s:g} seconds, and nothing of it was stored. If the "
            "server was busy, import it again; otherwise split the article or simplify its "
            "text (very long runs of spaces or of one word are what usually takes this long)."
        )

    def refusal(self) -> Refusal:
        return Refusal(RefusalReason.too_slow, str(self), self.name)


@dataclass(frozen=True, slots=True)
class Job:
    raw: bytes
    filename: str | None
    metadata: ArticleMetadata | None
    origin: str
    # The actor directory as rows (id, name, kind, aliases, parent_id), in its own order.
    actors: tuple[tuple[Any, ...], ...]
    # How a message names the article ("The article “Title”"); by default its file name.
    label: str = ""

    @property
    def name(self) -> str:
        return self.filename or "pasted text"

    @property
    def subject(self) -> str:
        return self.label or (f"“{self.filename}”" if self.filename else "The pasted text")


def job_for(
    raw: bytes,
    filename: str | None,
    metadata: ArticleMetadata | None,
    origin: str,
    directory: ActorDirectory,
    label: str = "",
) -> Job:
    rows = tuple((a.id, a.name, a.kind, a.aliases, a.parent_id) for a in directory.actors)
    return Job(raw, filename, metadata, origin, rows, label)


def budget_s() -> float:
    return get_settings().import_time_budget_s


def _read_directory() -> ActorDirectory:
    from app.db import get_engine

    with Session(get_engine()) as session:
        return load_directory(session)


async def current_directory() -> ActorDirectory:
    """The actor directory, read in a thread in a read transaction of its own (not the
    request's, which may hold the write lock while it lasts)."""
    return await anyio.to_thread.run_sync(_read_directory)


# The last actor directory a worker built, by its rows: a batch worker's articles share one.
_directory_cache: list[tuple[tuple[tuple[Any, ...], ...], ActorDirectory]] = []


def _directory(rows: tuple[tuple[Any, ...], ...]) -> ActorDirectory:
    if not _directory_cache or _directory_cache[0][0] != rows:
        _directory_cache[:] = [(rows, ActorDirectory(rows))]
    return _directory_cache[0][1]


def analyse(job: Job) -> Analysis:
    """Prepare the article and suggest its claims: what the worker runs (pure, no database)."""
    prepared = prepare(job.raw, job.filename, job.metadata, origin=job.origin)
    if isinstance(prepared, Refusal):
        return Analysis(prepared)
    directory = _directory(job.actors)
    suggestions = suggest_claims(suggestable(prepared.body), directory, publisher=prepared.outlet)
    return Analysis(prepared, tuple(suggestions))


def _analysed(job: Job) -> tuple[str, Any]:
    try:
        return ("ok", analyse(job))
    except BaseException as error:  # reported to the parent, which logs and refuses the file
        return ("error", f"{type(error).__name__}: {error}")


def _child(connection: Connection, job: Job) -> None:
    connection.send(_analysed(job))
    connection.close()


def _serve(connection: Connection) -> None:
    """A batch worker's loop: one job in, its analysis out, until the parent hangs up."""
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(_analysed(job))


def _failed(name: str) -> Analysis:
    return Analysis(
        Refusal(
            RefusalReason.failed,
            "It could not be analysed because of an error on Gainsay's side (logged); "
            "nothing of it was kept.",
            name,
        )
    )


def run_job(job: Job, budget_s: float) -> Analysis:
    """Run `analyse(job)` in a fresh worker process; kill it and raise ImportTooSlow when it
    runs past `budget_s` seconds. Blocking: call it from a thread (see `analyse_async`) or
    from the command line."""
    _set_preload()
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(sender, job), daemon=True)
    # The clock starts before the worker does (the very first start also waits for the
    # forkserver to load the engine, a few seconds); an answer that comes late is late even
    # if this thread only looks for it then.
    deadline = time.monotonic() + budget_s
    try:
        process.start()
        sender.close()  # the child holds the only writing end: its death reads as EOF
        answered = receiver.poll(max(0.0, deadline - time.monotonic()))
        if not answered or time.monotonic() > deadline:
            raise ImportTooSlow(job, budget_s)
        try:
            status, value = receiver.recv()
        except (EOFError, OSError):
            log.error("the import worker for %s died (exit code %s)", job.name, process.exitcode)
            return _failed(job.name)
        if status != "ok":
            log.error("analysing %s failed in the import worker: %s", job.name, value)
            return _failed(job.name)
        return value
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)


class BatchWorker:
    """One worker process for a batch of articles (`gainsay import`), each within `budget_s`:
    an article past its budget kills the process (ImportTooSlow) and the next article starts a
    fresh one. Use it as a context manager; blocking, like `run_job`."""

    def __init__(self) -> None:
        self._process: Any = None
        self._connection: Connection | None = None

    def __enter__(self) -> "BatchWorker":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connect(self) -> Connection:
        if self._connection is None:
            _set_preload()
            self._connection, child_end = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(target=_serve, args=(child_end,), daemon=True)
            self._process.start()
            child_end.close()  # the child holds its end alone: its death reads as EOF
        return self._connection

    def analyse(self, job: Job, budget_s: float) -> Analysis:
        # As in run_job, the clock starts before the worker does.
        deadline = time.monotonic() + budget_s
        try:
            connection = self._connect()
            connection.send(job)
            answered = connection.poll(max(0.0, deadline - time.monotonic()))
            if not answered or time.monotonic() > deadline:
                self.close()
                raise ImportTooSlow(job, budget_s)
            status, value = connection.recv()
        except (EOFError, OSError):
            log.error("the import worker for %s died", job.name)
            self.close()
            return _failed(job.name)
        if status != "ok":
            log.error("analysing %s failed in the import worker: %s", job.name, value)
            return _failed(job.name)
        return value

    def close(self) -> None:
        """Stop the worker (a late one is killed; an idle one ends when its pipe closes)."""
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            self._process.join(0.5)
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        self._process = self._connection = None


# One limiter per event loop (the tests run several loops in one process).
_limiters: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter]" = (
    weakref.WeakKeyDictionary()
)
_limiters_lock = threading.Lock()


def _limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    with _limiters_lock:
        limiter = _limiters.get(loop)
        if limiter is None:
            limiter = _limiters[loop] = anyio.CapacityLimiter(MAX_WORKERS)
        return limiter


async def analyse_async(job: Job, budget_s: float) -> Analysis:
    """`run_job` off the event loop: waits for a free worker without holding a thread, then
    supervises the worker from a thread of its own."""
    started = time.monotonic()
    analysis = await anyio.to_thread.run_sync(run_job, job, budget_s, limiter=_limiter())
    log.debug("analysed %s in %.2f s", job.name, time.monotonic() - started)
    return analysis
