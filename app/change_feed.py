"""Which entities were changed since this process last looked: the reader of table `change_log`.

Database triggers write one `change_log` row per entity a committed write touched (migration
0003), in the writer's own transaction, whichever process or host wrote. Each process's page
cache asks `ChangeFeed.poll()` before it serves a stored page: a cheap signal says whether
anything was committed since the last look (SQLite: `PRAGMA data_version` on a connection of
the feed's own; PostgreSQL: a NOTIFY the triggers send, delivered at commit), and only then are
the new rows read. The signal is read at most once per `recheck_s`, except right after a commit
by this process, which is always looked at before the next page is served (`note_local_commit`,
subscribed to `app.events.Committed` by app.main).
"""

import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Engine

from app.events import Committed
from app.page_deps import Tag

# Rows kept in change_log (about 20,000 writes); `prune` deletes older ones. A process that
# fell further behind than half of it cannot know what it missed, and drops everything.
KEEP_ROWS = 100_000
# Rows read in one poll; past it the poll answers "everything" and skips to the end.
READ_LIMIT = 10_000
# Rows read when the feed starts: the whole log kept, so pages stored by earlier processes
# (app.page_store) can be checked against every change since they were rendered.
HISTORY_ROWS = KEEP_ROWS
# Gaps among the newest ids of the history are treated as transactions still running.
HISTORY_HOLES_WITHIN = 64
# PostgreSQL hands out ids when rows are inserted, not when they commit: a missing id may be
# a transaction still running. It is looked for again until it shows or this long passes
# (every write transaction is far shorter; a rolled-back one never shows).
HOLE_WAIT_S = 120.0
# With LISTEN/NOTIFY, the log is read anyway this often, in case a notification was lost with
# a broken connection.
QUIET_READ_S = 1.0

NOTIFY_CHANNEL = "gainsay_change_log"  # as in migration 0003

_LOG_SQL = "SELECT id, entity, entity_id FROM change_log WHERE id > {p} ORDER BY id LIMIT {n}"
_MAX_SQL = "SELECT coalesce(max(id), 0) FROM change_log"
_XMAX_SQL = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
_XMIN_SQL = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"

# Commits of this process that wrote something (`Committed` events seen).
_local_commits = 0


def note_local_commit(_event: Committed) -> None:
    """After this process commits a write, the next poll reads the log at once, so an edit
    shows to the next reader of this process with no delay at all."""
    global _local_commits
    _local_commits += 1


@dataclass(frozen=True, slots=True)
class Changes:
    """What a poll found: each entity changed, with the id of its newest change_log row read
    (positions in the log are what a page's render is compared with), or `everything` when
    what is stored cannot be told from what changed.

    With `everything`, `known_from` says which renders can still be checked: those that began
    at log position `known_from` or later, against `tags` (when the feed has just read the
    whole log kept: `whole_log`). None: none can, until the feed reads the log again.
    `reset`: the log's positions went backwards (a restored backup), so no position stored
    before means anything. With either, `top` is the newest position in the log."""

    tags: Mapping[Tag, int] = field(default_factory=dict)
    everything: bool = False
    known_from: int | None = None
    whole_log: bool = False
    reset: bool = False
    top: int = 0


EVERYTHING = Changes(everything=True)


class LogSource(Protocol):
    """One engine's way to the change log, on a connection of its own (never the pool's)."""

    def signalled(self) -> bool:
        """Cheap: may something have been committed since the last call?"""
        ...

    def rows_after(self, after_id: int, limit: int) -> list[tuple[int, str, int]]: ...

    def max_id(self) -> int: ...

    def horizon(self) -> int | None:
        """An id past every transaction begun so far (None: the engine cannot tell)."""
        ...

    def oldest_running(self) -> int | None:
        """The id of the oldest transaction still running (None: the engine cannot tell)."""
        ...

    def close(self) -> None: ...


class _LogConnection:
    """Reading the log on a connection of the feed's own (the driver's, not the pool's)."""

    _connection: Any = None
    _param = "?"  # the driver's parameter marker

    def _connect(self) -> Any:
        raise NotImplementedError

    def rows_after(self, after_id: int, limit: int) -> list[tuple[int, str, int]]:
        sql = _LOG_SQL.format(p=self._param, n=int(limit))
        return self._connect().execute(sql, (after_id,)).fetchall()

    def max_id(self) -> int:
        return self._connect().execute(_MAX_SQL).fetchone()[0]

    def horizon(self) -> int | None:
        return None

    def oldest_running(self) -> int | None:
        return None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class SqliteLog(_LogConnection):
    """`PRAGMA data_version` changes whenever another connection, in this process or
    another, commits; reading it costs a few microseconds and no disk access."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._data_version: int | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            if not os.path.exists(self._path):  # never create it: the app reports its absence
                raise sqlite3.OperationalError(f"no database at {self._path}")
            self._connection = sqlite3.connect(self._path, check_same_thread=False)
        return self._connection

    def signalled(self) -> bool:
        (version,) = self._connect().execute("PRAGMA data_version").fetchone()
        changed = version != self._data_version
        self._data_version = version
        return changed


class PostgresLog(_LogConnection):
    """LISTEN on the channel the triggers NOTIFY at commit; checking for a notification reads
    only what already arrived on the socket (no round trip)."""

    _param = "%s"

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._connection: Any = None
        self._notified = False

    def _connect(self) -> Any:
        if self._connection is None or self._connection.closed:
            import psycopg  # only PostgreSQL deployments install it (gainsay[postgres])

            connection = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
            connection.add_notify_handler(self._on_notify)
            connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._connection = connection
            self._notified = True  # anything may have happened while not listening
        return self._connection

    def _on_notify(self, _notify: object) -> None:
        self._notified = True

    # A missing id whose transaction began before `horizon` was rolled back once every such
    # transaction has ended (`oldest_running` past it) and the id still does not show.
    def horizon(self) -> int | None:
        return int(self._connect().execute(_XMAX_SQL).fetchone()[0])

    def oldest_running(self) -> int | None:
        return int(self._connect().execute(_XMIN_SQL).fetchone()[0])

    def signalled(self) -> bool:
        pgconn = self._connect().pgconn
        pgconn.consume_input()  # non-blocking: what the socket holds now
        while pgconn.notifies() is not None:
            self._notified = True
        notified, self._notified = self._notified, False
        return notified


@dataclass
class ChangeFeed:
    """Polls one database's change log for one process (one page cache)."""

    source: LogSource | None  # None: an engine without the log's triggers
    recheck_s: float = 0.001
    quiet_read_s: float = math.inf
    clock: Callable[[], float] = time.monotonic
    _last_id: int | None = None
    # Missing ids (a transaction still running, or rolled back) -> (first missed at, the
    # source's horizon then).
    _holes: dict[int, tuple[float, int | None]] = field(default_factory=dict)
    _checked_at: float = -math.inf
    _read_at: float = -math.inf
    _local_seen: int = -1
    # Without a log: the count of "everything" answered, which stands in for the position.
    _epoch: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def position(self) -> int:
        """Every change up to this log id has been handed over by `poll`: a page rendered
        after it shows them. (The id before the oldest hole: a transaction still running.)"""
        if self.source is None:
            return self._epoch
        if self._last_id is None:
            return 0
        return min(self._holes) - 1 if self._holes else self._last_id

    def poll(self) -> Changes | None:
        """The changes since the last poll; None when nothing changed (or it is too soon to
        look again). Never raises: when the log cannot be read, every poll answers
        `EVERYTHING`, so nothing stored is served, and the app meets the error itself."""
        now = self.clock()
        local = _local_commits
        committed_here = local != self._local_seen
        if not committed_here and now - self._checked_at < self.recheck_s:
            return None
        with self._lock:
            self._local_seen = local
            self._checked_at = now
            if self.source is None:
                # No log to read: a commit by this process empties the store (another
                # process's commits are not seen at all on such an engine).
                if not committed_here:
                    return None
                self._epoch += 1
                return Changes(everything=True, known_from=self._epoch)
            try:
                return self._read(now, force=committed_here)
            except Exception:  # any failure means: cannot tell
                self.source.close()
                self._last_id = None
                return EVERYTHING

    def _read(self, now: float, force: bool) -> Changes | None:
        assert self.source is not None
        if self._last_id is None:
            return self._read_history(now)
        # A commit of this process is read at once: its NOTIFY may not have arrived yet.
        signalled = self.source.signalled()
        if not (signalled or force) and now - self._read_at < self.quiet_read_s:
            return None
        self._read_at = now
        low = min(self._holes, default=self._last_id + 1) - 1
        rows = self.source.rows_after(low, READ_LIMIT)
        if not rows and self.source.max_id() < self._last_id:
            # The log went backwards: the database was restored from a backup, and positions
            # in the log no longer mean what they meant.
            self._last_id = self.source.max_id()
            self._holes.clear()
            return Changes(everything=True, known_from=self._last_id, reset=True, top=self._last_id)
        if len(rows) >= READ_LIMIT or (rows and rows[0][0] - self._last_id > KEEP_ROWS // 2):
            self._last_id = self.source.max_id()
            self._holes.clear()
            return Changes(everything=True, known_from=self._last_id)
        tags: dict[Tag, int] = {}
        seen: set[int] = set()
        for row_id, entity, entity_id in rows:
            seen.add(row_id)
            if row_id > self._last_id or row_id in self._holes:
                tags[(entity, entity_id)] = row_id  # rows come in id order: the newest wins
        # A hole that showed is filled; one whose transactions have all ended is settled below.
        for hole, (missed_at, _horizon) in list(self._holes.items()):
            if hole in seen or now - missed_at > HOLE_WAIT_S:
                del self._holes[hole]
        if rows:
            top = rows[-1][0]
            new_holes = [m for m in range(self._last_id + 1, top) if m not in seen]
            if new_holes:
                horizon = self.source.horizon()
                for missing in new_holes:
                    self._holes[missing] = (now, horizon)
            self._last_id = max(self._last_id, top)
        self._settle_holes(tags)
        return Changes(tags) if tags else None

    def _settle_holes(self, tags: dict[Tag, int]) -> None:
        """Holes whose transactions have all ended by now are final: read once more, an id
        that shows is a change (added to `tags`), one that does not was rolled back. So a gap
        left by a rollback holds the position back for one read, not until the next poll."""
        assert self.source is not None and self._last_id is not None
        if not self._holes:
            return
        oldest = self.source.oldest_running()
        if oldest is None:
            return
        ended = {
            hole
            for hole, (_, horizon) in self._holes.items()
            if horizon is not None and oldest >= horizon
        }
        if not ended:
            return
        rows = self.source.rows_after(min(ended) - 1, READ_LIMIT)
        last_read = rows[-1][0] if len(rows) >= READ_LIMIT else self._last_id
        for row_id, entity, entity_id in rows:
            if row_id in ended:
                tags[(entity, entity_id)] = max(tags.get((entity, entity_id), 0), row_id)
        for hole in ended:
            if hole <= last_read:
                del self._holes[hole]

    def _read_history(self, now: float) -> Changes:
        """The first read: the whole log kept, which entity changed last when. What this
        process stored before is unknown (everything), but a page stored by another process
        since the oldest row kept can be checked against it."""
        assert self.source is not None
        self.source.signalled()
        top = self.source.max_id()
        low = max(0, top - HISTORY_ROWS)
        rows = self.source.rows_after(low, HISTORY_ROWS)
        tags: dict[Tag, int] = {}
        for row_id, entity, entity_id in rows:
            tags[(entity, entity_id)] = row_id
        # Rows deleted by pruning leave no trace: renders before the oldest row left are unknown.
        known_from = max(low, rows[0][0] - 1) if rows else top
        self._last_id = top
        self._holes.clear()
        # The newest ids below the top, and the rows that hold them (at most as many).
        start = max(known_from + 1, top - HISTORY_HOLES_WITHIN)
        seen = {row[0] for row in rows[-(top - start + 1) :]}
        new_holes = [m for m in range(start, top) if m not in seen]
        if new_holes:
            horizon = self.source.horizon()
            for missing in new_holes:
                self._holes[missing] = (now, horizon)
        self._settle_holes(tags)
        self._read_at = now
        return Changes(tags, everything=True, known_from=known_from, whole_log=True, top=top)


def change_feed(engine: Engine) -> ChangeFeed:
    """The feed for the app's database: SQLite files and PostgreSQL have the log."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            return ChangeFeed(SqliteLog(database))
        return ChangeFeed(None)
    if url.get_backend_name() == "postgresql":
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return ChangeFeed(PostgresLog(conninfo), quiet_read_s=QUIET_READ_S)
    return ChangeFeed(None)


def prune(connection: Any, keep: int = KEEP_ROWS) -> int:
    """Deletes all but the newest `keep` rows of the log (a SQLAlchemy connection, in the
    caller's transaction); returns how many."""
    from sqlalchemy import text

    result = connection.execute(
        text("DELETE FROM change_log WHERE id <= (SELECT max(id) FROM change_log) - :keep"),
        {"keep": keep},
    )
    return result.rowcount or 0
