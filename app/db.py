"""The database engine and the per-request session.

Everything SQLite-specific about the connection (pragmas, transaction start) lives in
`_configure_sqlite`; on any other database the engine is plain SQLAlchemy.
"""

import asyncio
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Request
from sqlalchemy import CursorResult, Dialect, Engine, Executable, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, create_engine

from app.events import Committed, publish
from app.settings import get_settings

# Execution option that makes a transaction take SQLite's write lock when it begins, so two
# writers queue on the busy timeout instead of failing half-way with "database is locked".
WRITE_LOCK = {"sqlite_begin_immediate": True}

# The threads that read and render the permalinks' misses (app.read_threads): their own few,
# apart from the threadpool's 40, so readers never take the threads a write waits for. Python
# runs one thread at a time, so more would only queue inside the interpreter. Analysts' reads
# have threads of their own, so they never queue behind readers' misses.
READ_THREADS = 4
ANALYST_READ_THREADS = 2

# On PostgreSQL each request in progress holds a connection for its whole transaction, and
# writers run side by side. SQLAlchemy's default pool (5 + 10) made the 16th concurrent writer
# wait for a connection, up to 30 s, then fail with a 500 (tests/test_concurrent_writers.py):
# here there is one connection for each of the threadpool's 40 threads, one for each read
# thread, and one for the event loop. Ten stay open when idle.
POSTGRES_POOL = {"pool_size": 10, "max_overflow": 31 + READ_THREADS + ANALYST_READ_THREADS}


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **POSTGRES_POOL)


def _configure_sqlite(engine: Engine) -> None:
    settings = get_settings()
    busy_timeout = settings.sqlite_busy_timeout_ms
    mmap_bytes = settings.sqlite_mmap_mb * 1024 * 1024

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a transaction acknowledged to a client survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout)}")
        # Read the file's pages from the OS's page cache through a memory map, not one read()
        # call and one copy per page: a dispute miss's statements on the 1M-claim corpus spent
        # 40% less time (docs/performance.md). SQLite caps the map at its build's limit.
        cursor.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_begin_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# One write queue per event loop (uvicorn runs one; each TestClient its own).
_write_queues: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]" = (
    weakref.WeakKeyDictionary()
)


async def write_turn(request: Request) -> AsyncIterator[None]:
    """A write request's turn at the database, first come first served, held from before its
    transaction begins until after it commits or rolls back.

    Without it every waiting writer sits in SQLite's busy handler, which polls: under steady
    load a writer that has waited a while polls rarely and keeps missing the lock to newcomers
    until its busy timeout fails it ("database is locked"); and each waiter holds one of the
    threadpool's threads, so past about 40 concurrent writes the writer holding the lock finds
    no thread to finish on and all of them time out. Here writers wait on the event loop, in
    order, holding no thread; SQLite's busy timeout is left to contend with other processes
    (a CLI import). A turn not given within `write_queue_timeout_s` is a 503 with Retry-After.

    PostgreSQL takes turns too: its writers lock rows (a dispute's, to number its claims), and
    a writer waiting for a row lock in a thread is the same starvation as SQLite's busy wait;
    analysts' writes are few, so one at a time per process costs nothing they would notice."""
    if request.method not in WRITE_METHODS:
        yield
        return
    loop = asyncio.get_running_loop()
    queue = _write_queues.get(loop)
    if queue is None:
        queue = _write_queues[loop] = asyncio.Lock()  # fair: waiters go in arrival order
    try:
        async with asyncio.timeout(get_settings().write_queue_timeout_s):
            await queue.acquire()
    except TimeoutError:
        raise HTTPException(
            503, "Too many changes at once; try again in a moment.", {"Retry-After": "1"}
        ) from None
    try:
        yield
    finally:
        queue.release()


@contextmanager
def _request_session(engine: Engine) -> Iterator[Session]:
    """A request's session: committed once if the route succeeded, rolled back otherwise."""
    with Session(engine) as session:
        try:
            yield session
            commit(session)
        except BaseException:
            session.rollback()
            raise


def get_session(
    request: Request, _turn: Annotated[None, Depends(write_turn, scope="function")]
) -> Iterator[Session]:
    """Request-scoped session: commits once if the route succeeded, rolls back otherwise.

    A request that may write waits for its turn (`write_turn`), then takes the write lock when
    its transaction begins, so a read that precedes its writes cannot be invalidated by another
    writer in between."""
    if request.method in WRITE_METHODS:
        with request_write_session() as session:
            yield session
        return
    with _request_session(get_engine()) as session:
        yield session


@contextmanager
def request_write_session() -> Iterator[Session]:
    """A write request's session, in its turn (`write_turn`): the write lock taken when its
    transaction begins; committed (and `Committed` published) if the block succeeds, rolled
    back otherwise."""
    with _request_session(get_engine().execution_options(**WRITE_LOCK)) as session:
        yield session


# scope="function": the commit happens before the response is sent, so a client never hears
# "done" about a write that then fails to commit.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def get_read_session() -> AsyncIterator[Session]:
    """The session of a read-only route (GET), opened on the event loop.

    A sync dependency costs two trips through the threadpool (open, close) and a sync route
    one more; for a page whose queries take a fraction of a millisecond those trips were most
    of the cost. The session opens no connection until its first query, which the permalinks
    run in a read thread (`read_off_the_loop`), with their render. It still commits: checking a
    signed-in viewer may record the session's last use.

    All of a page's queries read one snapshot: SQLite's WAL read transaction gives that by
    itself; PostgreSQL needs REPEATABLE READ (its default gives each statement its own)."""
    engine = get_engine()
    if not is_sqlite(engine):
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with _request_session(engine) as session:
        yield session


ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]


class DriverConnection:
    """What `LeanQuery` reads of SQLAlchemy's `Connection`: the dialect, and the pool's DB-API
    connection as `.connection`."""

    __slots__ = ("connection", "dialect")

    def __init__(self, dialect: Dialect, connection: PoolProxiedConnection) -> None:
        self.dialect = dialect
        self.connection = connection


class ReadTransaction:
    """One read-only transaction on one of the pool's connections, begun and ended on the
    driver, without SQLAlchemy's `Connection` or an ORM session: what the lean permalinks
    (app.web.permalinks) read with. It has the session's `connection()`, which is all the
    permalinks' view builders ask of one (app.db.HasConnection)."""

    __slots__ = ("_connection",)

    def __init__(self, connection: DriverConnection) -> None:
        self._connection = connection

    def connection(self) -> DriverConnection:
        return self._connection


# How a snapshot read begins, per dialect. SQLite's deferred BEGIN reads one snapshot of the
# WAL; psycopg has begun a transaction by itself before the first statement, so PostgreSQL only
# sets it to REPEATABLE READ (its default gives each statement its own snapshot).
_BEGIN_READ = {
    "sqlite": "BEGIN",
    "postgresql": "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
}


@contextmanager
def read_transaction(engine: Engine | None = None) -> Iterator[ReadTransaction]:
    """A snapshot read, as `get_read_session` gives, ended by a commit (nothing was written: it
    only ends the transaction).

    On the driver's connection: SQLAlchemy's `Connection` and its `begin` event cost about 30 µs
    of CPU per transaction on SQLite, against 8 µs for the pool's checkout and the driver's
    BEGIN and COMMIT, and a permalink's miss is one transaction."""
    engine = engine or get_engine()
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(_BEGIN_READ[engine.dialect.name])
        finally:
            cursor.close()
        yield ReadTransaction(DriverConnection(engine.dialect, connection))
        connection.commit()
    finally:
        # Back to the pool, which rolls back whatever an error left open.
        connection.close()


def write_session(engine: Engine | None = None) -> Session:
    """A session whose transaction takes the write lock up front (for CLI and seed writes)."""
    engine = engine or get_engine()
    return Session(engine.execution_options(**WRITE_LOCK))


def rows_changed(session: Session, statement: Executable) -> int:
    """Runs an UPDATE or DELETE in the session; how many rows it matched."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)  # what a DML statement always gives
    return result.rowcount


class HasConnection(Protocol):
    """A session, or a page's one connection looked up once (app.services.views)."""

    def connection(self) -> Any: ...


class LeanQuery:
    """A fixed SELECT run on the driver's own cursor, for the hot read paths.

    SQLAlchemy's execute adds about 90 µs to every statement: a primary-key SELECT on the
    1M-claim corpus took 98 µs through `Connection.execute(text(...))` and 6 µs on the
    sqlite3 cursor. A dispute page makes seven such queries. The SQL is written once with
    `:name` parameters and compiled once per dialect into its driver's parameter style, so
    the same text serves PostgreSQL; `types` names the columns (by position) whose driver
    value needs SQLAlchemy's conversion, such as dates and times on SQLite.

    Rows come from the session's own connection and transaction, so the queries of one
    page all read the same snapshot."""

    def __init__(self, sql: str, types: Mapping[int, TypeEngine[Any]] | None = None) -> None:
        self.sql = sql
        self._types = dict(types or {})
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, list[tuple[int, Any]]]] = {}

    def _compile(
        self, dialect: Dialect
    ) -> tuple[str, tuple[str, ...] | None, list[tuple[int, Any]]]:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = text(self.sql).compile(dialect=dialect)
            order = tuple(statement.positiontup or ()) if statement.positional else None
            processors = [
                (index, processor)
                for index, type_ in self._types.items()
                if (processor := type_.dialect_impl(dialect).result_processor(dialect, None))
                is not None
            ]
            compiled = self._compiled[dialect.name] = (statement.string, order, processors)
        return compiled

    # A row is the driver's tuple of column values; each caller knows its query's columns.
    def rows(self, session: HasConnection, **params: Any) -> list[Any]:
        connection = session.connection()
        sql, order, processors = self._compile(connection.dialect)
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(
                sql, tuple(params[name] for name in order) if order is not None else params
            )
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if not processors:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for index, processor in processors:
                values[index] = processor(values[index])
            converted.append(tuple(values))
        return converted

    def first(self, session: HasConnection, **params: Any) -> Any | None:
        rows = self.rows(session, **params)
        return rows[0] if rows else None


# Whether a session's transaction wrote anything, so that `commit` announces only writes (a
# read session commits too). UPDATE and DELETE statements run without a flush.
@event.listens_for(Session, "after_flush")
def _note_write(session: Session, _context: Any) -> None:
    session.info["wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_write(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info["wrote"] = True


def commit(session: Session) -> None:
    """Commit, then publish `Committed` if the transaction wrote anything: this process's page
    cache then reads the change log before its next page (app.change_feed), so the writer's
    next read shows the change whatever the poll interval. Every commit goes through here."""
    session.commit()
    if session.info.pop("wrote", False):
        publish(Committed())
