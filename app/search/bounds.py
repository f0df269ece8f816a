"""Every search bounded: a deadline the database enforces, work stopped when the client leaves,
and none of it on the event loop.

One 2 MB article made a search for "said" cost 14-34 s of CPU, held the event loop throughout,
and kept running after its client had gone. Here a search runs in the threadpool under a
`Budget`: SQLite's progress handler (on the request's own connection, removed afterwards) and
PostgreSQL's `statement_timeout` stop a statement past the deadline; a watcher on the event loop
marks the budget cancelled when the ASGI `http.disconnect` arrives, and the progress handler
stops the statement at its next call (PostgreSQL gets a cancel request)."""

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import text
from sqlmodel import Session
from starlette.types import Receive

from app.search import SearchResults, search_backend
from app.search.facets import NO_FILTERS, SearchFilters

# SQLite calls the progress handler every this many virtual machine instructions: about every
# 10-50 µs of work, for well under 1% of a search's CPU.
PROGRESS_STEPS = 1000
_BUDGET_KEY = "search_budget"
# How often a cancel request is sent again while a search whose client left still runs.
CANCEL_REPEAT_S = 0.2


class SearchStopped(Exception):
    """A search stopped before it finished: past its deadline, or its client went away."""

    def __init__(self, budget: "Budget") -> None:
        self.cancelled = budget.cancelled.is_set()
        self.deadline_ms = budget.deadline_ms
        super().__init__(
            "the client went away"
            if self.cancelled
            else f"the search took longer than {budget.deadline_ms} ms"
        )


@dataclass
class Budget:
    """What one search may spend: until `deadline` (time.monotonic()), unless cancelled."""

    deadline_ms: int
    deadline: float = 0.0
    cancelled: threading.Event = field(default_factory=threading.Event)
    # Times the progress handler was called, for the tests: proof that SQLite checked.
    checks: int = 0
    # PostgreSQL: stops the statement in progress (the driver's cancel request) and sets the
    # statement timeout to what is left. Set by `bounded` while the search runs; the lock
    # keeps a cancel request from reaching the connection after the search has handed it back.
    _cancel_statement: Callable[[], None] | None = None
    _restart_timeout: Callable[[], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if not self.deadline:
            self.deadline = time.monotonic() + self.deadline_ms / 1000

    def cancel(self) -> None:
        """The client went away: stop at the next check, and stop the running statement where
        the database can be asked to (blocks for a round trip to PostgreSQL)."""
        self.cancelled.set()
        with self._lock:
            if self._cancel_statement is not None:
                self._cancel_statement()

    def next_statement(self) -> None:
        """Between statements: stop if spent, else give the next statement what is left."""
        self.check()
        if self._restart_timeout is not None:
            self._restart_timeout()

    def spent(self) -> bool:
        """True once the search must stop. Also SQLite's progress handler (non-zero stops)."""
        self.checks += 1
        return self.cancelled.is_set() or time.monotonic() >= self.deadline

    def check(self) -> None:
        """Between statements (and on databases without a progress handler)."""
        if self.spent():
            raise SearchStopped(self)

    def remaining_ms(self) -> int:
        return max(1, int((self.deadline - time.monotonic()) * 1000))


def session_budget(session: Session) -> Budget | None:
    """The budget of the search running on `session`, for backends that do work of their own
    (the snippet windows) or between statements."""
    return session.info.get(_BUDGET_KEY)


def _is_interruption(error: BaseException) -> bool:
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.OperationalError):
        return "interrupted" in str(original)
    # PostgreSQL: 57014 query_canceled, from statement_timeout or a cancel request.
    return getattr(original, "sqlstate", None) == "57014"


@contextmanager
def bounded(session: Session, budget: Budget) -> Iterator[None]:
    """Run the body's statements on `session` under `budget`; past it they stop with
    `SearchStopped`."""
    connection = session.connection()
    dialect = connection.dialect.name
    dbapi: Any = connection.connection.dbapi_connection
    if dialect == "sqlite":
        dbapi.set_progress_handler(budget.spent, PROGRESS_STEPS)
    elif dialect == "postgresql":

        def restart_timeout() -> None:
            # Local to the transaction; set back to the default below for whatever else the
            # request reads (unless the search failed, which aborts the transaction anyway).
            connection.execute(
                text("SELECT set_config('statement_timeout', :ms, true)"),
                {"ms": str(budget.remaining_ms())},
            )

        restart_timeout()
        with budget._lock:
            budget._restart_timeout = restart_timeout
            # psycopg 3.2's cancel_safe() waits for the server's answer; cancel() before it.
            budget._cancel_statement = getattr(dbapi, "cancel_safe", None) or dbapi.cancel
    session.info[_BUDGET_KEY] = budget
    try:
        yield
        if dialect == "postgresql":
            connection.execute(text("SET LOCAL statement_timeout TO DEFAULT"))
    except Exception as error:  # the raw driver's, from LeanQuery, or SQLAlchemy's wrapping
        if _is_interruption(error):
            raise SearchStopped(budget) from error
        raise
    finally:
        session.info.pop(_BUDGET_KEY, None)
        if dialect == "sqlite":
            dbapi.set_progress_handler(None, 0)
        with budget._lock:  # waits for a cancel request being sent
            budget._cancel_statement = budget._restart_timeout = None


async def _watch_for_disconnect(receive: Receive, budget: Budget) -> None:
    """Mark the budget cancelled when the client goes away. A GET's body (empty) comes first;
    the next message is `http.disconnect`, sent by the server when the connection closes."""
    while True:
        try:
            message = await receive()
        except Exception:  # cannot tell: the search runs on, under its deadline
            return
        if message["type"] == "http.disconnect":
            budget.cancelled.set()  # at once: SQLite's progress handler reads it
            # PostgreSQL's cancel request is a network round trip: not on the event loop. One
            # that reaches the server before the statement does stops nothing, so it is sent
            # again until the search ends (which cancels this watcher).
            while True:
                await anyio.to_thread.run_sync(budget.cancel, abandon_on_cancel=True)
                await anyio.sleep(CANCEL_REPEAT_S)


async def search_off_the_loop(
    receive: Receive,
    session: Session,
    terms: list[str],
    limit: int,
    deadline_ms: int,
    filters: SearchFilters = NO_FILTERS,
) -> SearchResults:
    """`search_backend(...).search(...)` in the threadpool under a fresh budget, cancelled if
    the client disconnects. Raises `SearchStopped`."""
    if not terms:
        return SearchResults(terms)
    budget = Budget(deadline_ms)
    backend = search_backend(session.get_bind())

    def work() -> SearchResults | Exception:
        # The error is returned, not raised, so that it leaves the task group as itself
        # rather than inside an ExceptionGroup.
        try:
            budget.check()  # a search that waited long for a thread may have nothing left
            with bounded(session, budget):
                return backend.search(session, terms, limit, filters)
        except Exception as error:
            return error

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(_watch_for_disconnect, receive, budget)
        # The thread is never abandoned: the budget makes it stop, and then it returns.
        outcome = await anyio.to_thread.run_sync(work)
        tasks.cancel_scope.cancel()
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def stopped_detail(stopped: SearchStopped) -> str:
    """What a reader is told when a search stops before it finishes."""
    if stopped.cancelled:
        return "The search was stopped: the request was closed before it finished."
    return (
        f"That search took longer than the {stopped.deadline_ms:,} ms a search may take: "
        "its words match too much, or the server is busy. "
        "Add a word or make the last one longer, or try again in a moment."
    )
