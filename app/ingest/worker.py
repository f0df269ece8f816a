"""The CPU-heavy half of an import, run in a worker process with a time budget.

Extraction (trafilatura), text cleaning and the suggestion engine are pure: bytes in, a
`PreparedArticle` and its `Suggestion`s out. They run here, in a child process, so that one
crafted or huge article never holds the server's event loop; the database half (de-duplication,
storing the article and its suggestions) stays in the request's own transaction.

Why worker processes, forked from a forkserver and kept for the next article, rather than threads
or `concurrent.futures.ProcessPoolExecutor`:
* A thread cannot be stopped: an article that runs past its budget would go on burning a core
  (and the GIL) after its request gave up. A process is killed at the budget, and its memory
  goes with it.
* `ProcessPoolExecutor` cannot kill one task either (only the whole pool, which would take
  other analysts' imports down with it). Here each worker is a `BatchWorker` of its own: the
  one that overruns is killed and replaced, the others carry on.
* A forkserver forks each worker from a server that has already imported trafilatura and the
  engine and run them once (`app.ingest.worker_preload`), so a worker starts in tens of
  milliseconds, not the ~1 s a fresh 'spawn' interpreter needs; unlike a plain fork of the
  server, it copies no threads, sockets or database connections. The very first import after
  the server starts waits a few seconds for the forkserver to load the engine.
* A worker is kept for the next article (`run_job`, from an idle list of at most `MAX_WORKERS`,
  each retired after `JOBS_PER_WORKER` articles): with a process per article, an import cost
  535-736 ms on the shared 2-core machine against 109-131 ms with a kept worker, which keeps
  the actor directory it built (`bench/bench_import.py --one-by-one`, docs/import.md).

At most `MAX_WORKERS` run at once (half the cores, at least one), so imports cannot take every
core from readers; an article waits for a free worker without holding a thread.

`gainsay import` analyses a batch through one `BatchWorker` of its own, under the same
per-article budget. The batch submits the next article before it stores the one before, so the
two overlap on two cores (app/ingest/importing/batch.py).
"""

import asyncio
import logging
import multiprocessing
import os
import sys
import threading
import time
import weakref
from dataclasses import dataclass, replace
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
JOBS_PER_WORKER = 500

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
    return Job(raw, filename, metadata, origin, actor_rows(directory), label)


def actor_rows(directory: ActorDirectory) -> tuple[tuple[Any, ...], ...]:
    """The directory as a job carries it: (id, name, kind, aliases, parent_id) per actor."""
    return tuple((a.id, a.name, a.kind, a.aliases, a.parent_id) for a in directory.actors)


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


def _serve(connection: Connection) -> None:
    """A batch worker's loop until the parent hangs up: a job in (with the actor rows when they
    changed since the last one, else None), its analysis out with the seconds it took."""
    actors: tuple[tuple[Any, ...], ...] = ()
    while True:
        try:
            sent_actors, job = connection.recv()
        except (EOFError, OSError):
            return
        started = time.monotonic()
        if sent_actors is not None:
            actors = sent_actors
        status, value = _analysed(replace(job, actors=actors))
        connection.send((status, value, time.monotonic() - started))


def _failed(name: str) -> Analysis:
    return Analysis(
        Refusal(
            RefusalReason.failed,
            "It could not be analysed because of an error on Gainsay's side (logged); "
            "nothing of it was kept.",
            name,
        )
    )


@dataclass(frozen=True, slots=True)
class _Submitted:
    job: Job
    budget_s: float
    deadline: float


class BatchWorker:
    """One worker process kept for article after article, each within its `budget_s`: a
    `gainsay import` batch's, or one the server keeps for its next import (`run_job`).

    `submit` hands the worker a job and returns at once, `collect` waits for its analysis: the
    batch stores one article while the worker analyses the next (one job at a time, so a job's
    clock, started at `submit`, is the worker's own time). An analysis still running at its
    deadline kills the process (ImportTooSlow) and the next job starts a fresh one; one that
    finished past its budget is refused all the same. A batch uses it as a context manager;
    blocking, like `run_job`."""

    def __init__(self) -> None:
        self._process: Any = None
        self._connection: Connection | None = None
        # The actor rows this process holds: a job carries them only when they change (they
        # are ~90 % of a job's bytes with a few hundred actors).
        self._actors_sent: tuple[tuple[Any, ...], ...] | None = None
        self._submitted: _Submitted | None = None
        self.jobs_done = 0  # by the current process

    def __enter__(self) -> "BatchWorker":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connect(self) -> Connection:
        if self._process is not None and not self._process.is_alive():
            self.close()  # died while idle (killed from outside): a fresh one takes the job
        if self._connection is None:
            _set_preload()
            self._connection, child_end = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(target=_serve, args=(child_end,), daemon=True)
            self._process.start()
            child_end.close()  # the child holds its end alone: its death reads as EOF
        return self._connection

    def analyse(self, job: Job, budget_s: float) -> Analysis:
        """`submit` then `collect`."""
        self.submit(job, budget_s)
        return self.collect()

    def submit(self, job: Job, budget_s: float) -> None:
        """Send `job` to the worker (starting one if need be) without waiting for it."""
        if self._submitted is not None:
            raise RuntimeError("collect the submitted job's analysis before submitting another")
        # The clock starts before the worker does (a first one waits for the forkserver too).
        self._submitted = _Submitted(job, budget_s, time.monotonic() + budget_s)
        try:
            connection = self._connect()
            actors = None if job.actors == self._actors_sent else job.actors
            connection.send((actors, replace(job, actors=())))
            self._actors_sent = job.actors
        except (EOFError, OSError):
            self.close()  # `collect` reports the failure, in its turn
        except BaseException:  # not sent (a job that cannot be pickled): nothing to collect
            self._submitted = None
            raise

    def collect(self) -> Analysis:
        """The submitted job's analysis; ImportTooSlow past its budget."""
        submitted, self._submitted = self._submitted, None
        if submitted is None:
            raise RuntimeError("no job was submitted")
        job, budget_s = submitted.job, submitted.budget_s
        try:
            if self._connection is None:
                raise EOFError
            if not self._connection.poll(max(0.0, submitted.deadline - time.monotonic())):
                self.close()
                raise ImportTooSlow(job, budget_s)
            status, value, seconds = self._connection.recv()
            self.jobs_done += 1
        except (EOFError, OSError):
            log.error("the import worker for %s died", job.name)
            self.close()
            return _failed(job.name)
        if seconds > budget_s:  # done, but late: refused alike; the idle worker stays
            raise ImportTooSlow(job, budget_s)
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
        self._actors_sent = None
        self.jobs_done = 0


class _Idle:
    """The workers waiting for the server's next article (they outlive the requests that used
    them: the event loops of tests come and go, the processes stay)."""

    def __init__(self) -> None:
        self._workers: list[BatchWorker] = []
        self._lock = threading.Lock()

    def take(self) -> BatchWorker:
        with self._lock:
            if self._workers:
                return self._workers.pop()
        return BatchWorker()

    def give_back(self, analyser: BatchWorker) -> None:
        """Keep the worker for the next article, unless enough are kept or it has done its
        share (a long-lived process's memory only grows with what it has parsed)."""
        if analyser.jobs_done < JOBS_PER_WORKER:
            with self._lock:
                if len(self._workers) < MAX_WORKERS:
                    self._workers.append(analyser)
                    return
        analyser.close()


_idle = _Idle()


def run_job(job: Job, budget_s: float) -> Analysis:
    """Run `analyse(job)` in a worker process kept for the next job (started if none is idle);
    kill it and raise ImportTooSlow when it runs past `budget_s` seconds. Blocking: call it
    from a thread (see `analyse_async`) or from the command line."""
    analyser = _idle.take()
    try:
        return analyser.analyse(job, budget_s)
    finally:
        _idle.give_back(analyser)


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
