"""Rendered pages shared by every worker process of a host, and kept across restarts.

Each worker's page cache (app.page_cache) keeps its pages in memory. Behind it, this store
keeps them in a SQLite file of their own, so a page one worker rendered is served by the
others without rendering it again, and a restarted server starts with the pages its
predecessor had. It is a cache: losing the file loses nothing but time.

A stored page carries the change-log position its render began at (`Entry.since`). It is
never trusted as it stands: the worker that reads it checks it against the changes its own
feed has read (the page cache's `_current`), exactly as it checks its own pages. So the store
needs no invalidation of its own, and a page stored by a worker that had not yet seen a change
is refused by every worker that has.

Reads are point lookups on the event loop (tens of microseconds; a read never waits for the
writer in WAL mode). Writes go through a queue to one thread per process, in batches, so a
reader's answer never waits for another worker holding the file's write lock. The store is
bounded by entries and bytes, least recently used first: a page read from here is marked used,
and the marks of a second are written together.

Pages are stored under the build they were rendered by (`build_fingerprint`: the code,
templates, static files and settings), so a deployment of new code or settings never serves
an old page. And under an epoch of the change log's positions: the store remembers the newest
position any process saw in the log or rendered a page at, and a process that finds the log
behind it (a database restored from a backup, a file copied back) starts a new epoch, in which
no earlier page is found. `gainsay restore` starts one too.
"""

import hashlib
import json
import logging
import marshal
import os
import queue
import sqlite3
import threading
import time
from contextlib import closing
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url

from app.page_cache_entry import Entry, not_modified, share_headers
from app.paths import ROOT
from app.settings import Settings

log = logging.getLogger(__name__)

# Writes waiting for the writer thread, at most; past it new pages are not shared (they are
# still kept by the worker that rendered them).
MAX_QUEUED_WRITES = 2048
# Writes applied in one transaction, at most.
BATCH = 256
# The writer thread ends after this long without work (and starts again on the next write),
# so an idle store holds no thread.
WRITER_IDLE_S = 30.0
# How often the writer counts the store against its budget: every this many pages stored.
BUDGET_CHECK_EVERY = 500
# A read waits at most this long for a lock (only while SQLite recovers the file): a reader
# on the event loop must not wait; past it the page is simply not found here.
READ_BUSY_MS = 20
# SQLite's page cache of each reading connection, in KB.
READ_CACHE_KB = 256
WRITE_BUSY_MS = 5000
# Pages of the least recently used are deleted until the store is this share of its budget.
EVICT_TO = 0.9
# A page read from the store is marked used again only when it was last marked longer ago
# than this: the order of use needs no finer grain, and a mark is a write.
TOUCH_AFTER_S = 60.0
# The marks of use gathered meanwhile are written together at most this often: one item on the
# writer's queue and one transaction for hundreds of marks. A queue item per mark woke the writer
# thread for each page a busy worker served (about a thousand a second), and the two threads
# took turns at the interpreter's lock: about a fifth of the worker's CPU
# (docs/performance.md, "Where a worker's CPU goes in the mixed scenario").
TOUCH_WRITE_EVERY_S = 1.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lineage (
    build TEXT PRIMARY KEY,
    epoch INTEGER NOT NULL,
    top INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS page (
    key BLOB PRIMARY KEY,
    build TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    since INTEGER NOT NULL,
    stored_at REAL NOT NULL,
    used_at REAL NOT NULL,
    size INTEGER NOT NULL,
    meta BLOB NOT NULL,
    body BLOB,
    gzip_body BLOB
);
DROP INDEX IF EXISTS page_used_at;
CREATE INDEX IF NOT EXISTS page_used_at_key ON page (used_at, key);
"""


def host_page_store(settings: Settings) -> "PageStore | None":
    """The page store of this host for these settings (None when turned off, or when its
    file cannot be used: the workers then keep their pages in memory only)."""
    if settings.page_store_mb <= 0 or settings.page_store_entries <= 0:
        return None
    path = settings.page_store_path or default_path(settings.database_url)
    try:
        if Path(path).parent == cache_folder():
            # The cache folder is the store's own to make; a database's folder is not (a
            # missing one means the database is unreachable, and must stay so).
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return PageStore(
            Path(path),
            build=build_fingerprint(settings.model_dump_json()),
            max_entries=settings.page_store_entries,
            max_bytes=settings.page_store_mb << 20,
        )
    except (OSError, sqlite3.Error) as error:
        log.warning("no page store at %s (%s): pages are not shared", path, error)
        return None


def default_path(database_url: str) -> Path:
    """Beside a SQLite database file; for a server database, in this user's cache folder
    (`$XDG_CACHE_HOME/gainsay`, else `~/.cache/gainsay`: never a folder others can write to,
    where they could leave a file of pages to be served), named after the database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}-pages")
    named = hashlib.blake2b(
        url.render_as_string(hide_password=True).encode(), digest_size=8
    ).hexdigest()
    return cache_folder() / f"pages-{named}.db"


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gainsay"


@lru_cache
def _source_fingerprint() -> str:
    """The code, templates and static files as installed: their names, sizes and times."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in (Path(__file__).resolve().parent, ROOT / "templates", ROOT / "static"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".pyc", ".pyo"} or not path.is_file():
                continue
            stat = path.stat()
            digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def build_fingerprint(settings_json: str) -> str:
    """What a rendered page depends on besides the data: the build and its settings."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(_source_fingerprint().encode())
    digest.update(settings_json.encode())
    return digest.hexdigest()


def encode_key(key: tuple) -> bytes:
    """The page cache's key (scheme, host, path, query string, htmx flags) as stored."""
    scheme, host, path, query, htmx = key
    return json.dumps(
        [scheme, host.decode("latin-1"), path, query.decode("latin-1"), list(htmx)],
        separators=(",", ":"),
    ).encode()


def decode_key(stored: bytes) -> tuple:
    """`encode_key`'s inverse: the page cache's key of a stored page."""
    scheme, host, path, query, htmx = json.loads(stored)
    return (scheme, host.encode("latin-1"), path, query.encode("latin-1"), tuple(htmx))


def _meta(entry: Entry) -> bytes:
    """What a page holds besides its bodies, as `marshal` writes it: tuples of bytes, read back
    as they are kept (a JSON text was 30 µs a page to read back into them, a third of a page's
    read from here). The 304's headers are not stored: they are the page's own, filtered
    (`not_modified`), as when it was rendered."""
    return marshal.dumps(
        (
            entry.status,
            entry.etag,
            tuple(entry.headers),
            None if entry.gzip_headers is None else tuple(entry.gzip_headers),
            entry.tags,
            entry.raw_path,
        )
    )


# What reading a stored page's metadata that this code did not write raises.
_UNREADABLE = (ValueError, EOFError, TypeError)


def _entry(
    since: int,
    stored_at: float,
    meta: bytes,
    body: bytes | None,
    gzip_body: bytes | None,
    used_at: float,
) -> Entry:
    # marshal: a file this user owns (PageStore._open), whose pages are served as they are; a
    # damaged one raises (ValueError, EOFError, TypeError), and the page is not found.
    status, etag, headers, gzip_headers, tags, raw_path = marshal.loads(meta)
    if not (tags is None or type(tags) is bytes) or len(tags or b"") % 8:
        raise TypeError("not a page's packed tags")
    headers = share_headers(headers)
    return Entry(
        status=status,
        headers=headers,
        body=body,
        etag=etag,
        not_modified_headers=not_modified(headers),
        gzip_headers=None if gzip_headers is None else share_headers(gzip_headers),
        gzip_body=gzip_body,
        tags=tags,
        stored_at=stored_at,
        since=since,
        used_at=used_at,
        raw_path=raw_path,
    )


class PageStore:
    """One SQLite file of pages, read by every worker of the host and written by each
    worker's writer thread."""

    def __init__(self, path: Path, build: str, max_entries: int, max_bytes: int) -> None:
        self.path = path
        self.build = build
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._readers = threading.local()
        self._queue: queue.Queue[tuple] = queue.Queue(maxsize=MAX_QUEUED_WRITES)
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()
        self._stored_since_check = BUDGET_CHECK_EVERY  # count at the first batch
        # Marks of use not yet handed to the writer: page key -> when it was used.
        self._touched: dict[tuple, float] = {}
        self._touch_lock = threading.Lock()
        self.dropped_writes = 0
        # The lineage of positions this process's pages belong to; None until `begin`.
        self.epoch: int | None = None
        self._open()

    # Opening.

    def _connect(self, busy_ms: int) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        connection.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        return connection

    def _open(self) -> None:
        """Creates the file, or starts it again when it cannot be read (a cache: nothing in it
        is worth more than starting over). A file another user owns is not this server's to
        trust: its pages would be served as they are."""
        if self.path.exists() and self.path.stat().st_uid != os.getuid():
            raise PermissionError(f"the page store {self.path} belongs to another user")
        try:
            self._create()
        except sqlite3.DatabaseError as error:
            log.warning("page store %s unreadable (%s): starting it again", self.path, error)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._create()

    def _create(self) -> None:
        connection = self._connect(WRITE_BUSY_MS)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(_SCHEMA)
            connection.execute("PRAGMA quick_check(1)").fetchone()
        finally:
            connection.close()

    def _reader(self) -> sqlite3.Connection:
        connection = getattr(self._readers, "connection", None)
        if connection is None:
            connection = self._connect(READ_BUSY_MS)
            connection.execute("PRAGMA query_only = 1")
            # Point lookups of one page each: the B-tree's inner pages are all a reader needs
            # to keep. SQLite's default (2 MB) filled with pages' bodies read once, in every
            # thread that reads.
            connection.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
            self._readers.connection = connection
        return connection

    # The lineage of positions.

    def begin(self, log_top: int) -> None:
        """Joins the current epoch, when the change log has just been read from the start
        (newest position `log_top`); a log behind the newest position stored from means the
        database went back in time, and starts a new epoch. Once per process start: a short
        write, on the caller's thread."""
        self.epoch = None
        try:
            with closing(self._connect(WRITE_BUSY_MS)) as connection, connection:
                connection.execute("BEGIN IMMEDIATE")
                row = connection.execute(
                    "SELECT epoch, top FROM lineage WHERE build = ?", (self.build,)
                ).fetchone()
                if row is None:
                    epoch = 1
                    connection.execute(
                        "INSERT INTO lineage (build, epoch, top) VALUES (?, ?, ?)",
                        (self.build, epoch, log_top),
                    )
                elif row[1] > log_top:
                    epoch = row[0] + 1
                    connection.execute(
                        "UPDATE lineage SET epoch = ?, top = ? WHERE build = ?",
                        (epoch, log_top, self.build),
                    )
                else:
                    epoch = row[0]
        except sqlite3.Error as error:
            log.warning("page store %s unusable (%s): pages not shared", self.path, error)
            return
        self.epoch = epoch

    def restart(self, log_top: int) -> None:
        """A new epoch for every build: no page stored so far is found again (the database
        was restored from a backup)."""
        try:
            with closing(self._connect(WRITE_BUSY_MS)) as connection, connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("UPDATE lineage SET epoch = epoch + 1, top = ?", (log_top,))
        except sqlite3.Error as error:
            log.warning("page store %s: could not start a new epoch (%s)", self.path, error)
            self.epoch = None
            return
        self.begin(log_top)

    # Reading, on the event loop.

    def get(self, key: tuple) -> Entry | None:
        """The page stored under `key` by this build in this epoch, unchecked (the caller
        checks it against the changes it knows of); None when absent or when the file cannot
        be read now."""
        if self.epoch is None:
            return None
        try:
            row = (
                self._reader()
                .execute(
                    "SELECT since, stored_at, meta, body, gzip_body, used_at FROM page"
                    " WHERE key = ? AND build = ? AND epoch = ?",
                    (encode_key(key), self.build, self.epoch),
                )
                .fetchone()
            )
        except sqlite3.Error:
            return None
        if row is None:
            return None
        since, stored_at, meta, body, gzip_body, used_at = row
        try:
            entry = _entry(since, stored_at, meta, body, gzip_body, used_at)
        except _UNREADABLE:
            return None
        entry.used_at = self.touch(key, used_at)
        return entry

    def most_recent(
        self, after: tuple[float, bytes] | None, limit: int
    ) -> tuple[list[tuple[tuple, Entry]], tuple[float, bytes] | None]:
        """A batch of this build's and epoch's pages, most recently used first, after the
        cursor `after` (None: from the start); with the cursor of the next batch (None at the
        end). Unchecked, like `get`."""
        if self.epoch is None:
            return [], None
        # One range of the index on (used_at, key) per batch, from the cursor on: the same
        # walk for the last batch as for the first.
        query = (
            "SELECT key, used_at, since, stored_at, meta, body, gzip_body FROM page"
            " WHERE build = ? AND epoch = ?"
        )
        parameters: tuple = (self.build, self.epoch)
        if after is not None:
            query += " AND (used_at, key) < (?, ?)"
            parameters += after
        query += " ORDER BY used_at DESC, key DESC LIMIT ?"
        try:
            rows = self._reader().execute(query, (*parameters, limit)).fetchall()
        except sqlite3.Error:
            return [], None
        pages = []
        for key, used_at, since, stored_at, meta, body, gzip_body in rows:
            try:
                entry = _entry(since, stored_at, meta, body, gzip_body, used_at)
                pages.append((decode_key(key), entry))
            except _UNREADABLE:  # not a page this code wrote: skipped
                continue
        last = rows[-1] if len(rows) == limit else None
        return pages, None if last is None else (last[1], last[0])

    # Writing, through the writer thread.

    def put(self, key: tuple, entry: Entry) -> None:
        if self.epoch is None:
            return
        try:
            meta = _meta(entry)
        except ValueError:  # a value marshal does not write (none the page cache keeps)
            log.warning("page store %s: a page of %s not stored", self.path, key[2])
            return
        now = time.time()
        self._enqueue(
            (
                "put",
                encode_key(key),
                self.epoch,
                entry.since,
                entry.stored_at,
                now,
                entry.size,
                meta,
                entry.body,
                entry.gzip_body,
            )
        )

    def touch(self, key: tuple, used_at: float) -> float:
        """Marks a page used (read from here, or served from a worker's memory), for the
        least-recently-used order and the next process's preload, when its last mark
        (`used_at`) is older than TOUCH_AFTER_S; returns the page's mark from now on."""
        now = time.time()
        if now - used_at <= TOUCH_AFTER_S:
            return used_at
        with self._touch_lock:
            first = not self._touched
            self._touched[key] = now
        if first:  # the writer hears of the marks once, and takes them all when they are due
            self._enqueue(("touches",))
        return now

    def _take_touches(self) -> dict[tuple, float]:
        with self._touch_lock:
            touched, self._touched = self._touched, {}
        return touched

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Waits until every write queued so far, and every mark of use, is applied; False if
        that took too long."""
        done = threading.Event()
        self._enqueue(("flush", done), block=True)
        return done.wait(timeout_s)

    def _enqueue(self, item: tuple, block: bool = False) -> None:
        try:
            self._queue.put(item, block=block, timeout=5.0 if block else None)
        except queue.Full:
            self.dropped_writes += 1
            return
        with self._writer_lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(
                    target=self._write_until_idle, name="page-store-writer", daemon=True
                )
                self._writer.start()

    def _write_until_idle(self) -> None:
        connection = self._connect(WRITE_BUSY_MS)
        connection.execute("PRAGMA synchronous = OFF")  # a cache: a crash may lose the newest
        touches_due: float | None = None  # when the marks of use gathered are to be written
        touches_written = time.monotonic()
        try:
            while True:
                wait = WRITER_IDLE_S
                if touches_due is not None:
                    wait = max(0.0, touches_due - time.monotonic())
                try:
                    batch = [self._queue.get(timeout=wait)]
                except queue.Empty:
                    batch = []
                    if touches_due is None and not self._touched:
                        with self._writer_lock:
                            if self._queue.empty():
                                self._writer = None
                                return
                        continue
                while len(batch) < BATCH:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                # The queue item only wakes the writer; marks whose item was lost to a full
                # queue are found all the same.
                if touches_due is None and self._touched:
                    touches_due = touches_written + TOUCH_WRITE_EVERY_S
                now = time.monotonic()
                touched: dict[tuple, float] = {}
                if touches_due is not None and (
                    now >= touches_due or any(item[0] == "flush" for item in batch)
                ):
                    touched, touches_due, touches_written = self._take_touches(), None, now
                self._apply(connection, batch, touched)
        finally:
            connection.close()

    def _apply(
        self, connection: sqlite3.Connection, batch: list[tuple], touched: dict[tuple, float]
    ) -> None:
        waiting: list[threading.Event] = []
        stored = 0
        tops: dict[int, int] = {}  # epoch -> newest position stored from
        try:
            connection.execute("BEGIN IMMEDIATE")
            for item in batch:
                kind = item[0]
                if kind == "put":
                    _kind, key, epoch, since, stored_at, used_at, size, meta, body, gzip = item
                    connection.execute(
                        "INSERT OR REPLACE INTO page (key, build, epoch, since, stored_at,"
                        " used_at, size, meta, body, gzip_body)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (key, self.build, epoch, since, stored_at, used_at, size, meta, body, gzip),
                    )
                    tops[epoch] = max(tops.get(epoch, 0), since)
                    stored += 1
                elif kind == "flush":
                    waiting.append(item[1])
            self._write_touches(connection, touched)
            for epoch, top in tops.items():
                connection.execute(
                    "UPDATE lineage SET top = max(top, ?) WHERE build = ? AND epoch = ?",
                    (top, self.build, epoch),
                )
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            log.warning("page store %s: %d writes lost (%s)", self.path, len(batch), error)
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        self._stored_since_check += stored
        if self._stored_since_check >= BUDGET_CHECK_EVERY:
            self._stored_since_check = 0
            # The marks not yet due first: they decide which pages are the least recently used.
            touched = self._take_touches()
            try:
                if touched:
                    with connection:
                        connection.execute("BEGIN IMMEDIATE")
                        self._write_touches(connection, touched)
            except sqlite3.Error as error:
                log.warning("page store %s: marks of use lost (%s)", self.path, error)
            self._keep_within_budget(connection)
        for event in waiting:
            event.set()

    @staticmethod
    def _write_touches(connection: sqlite3.Connection, touched: dict[tuple, float]) -> None:
        if touched:
            connection.executemany(
                "UPDATE page SET used_at = ? WHERE key = ?",
                [(used_at, encode_key(key)) for key, used_at in touched.items()],
            )

    def _keep_within_budget(self, connection: sqlite3.Connection) -> None:
        try:
            count, size = connection.execute(
                "SELECT count(*), coalesce(sum(size), 0) FROM page"
            ).fetchone()
            if count <= self.max_entries and size <= self.max_bytes:
                return
            average = size / count
            excess = max(
                count - int(self.max_entries * EVICT_TO),
                int((size - self.max_bytes * EVICT_TO) / average) + 1,
            )
            connection.execute(
                "DELETE FROM page WHERE key IN (SELECT key FROM page ORDER BY used_at LIMIT ?)",
                (excess,),
            )
        except sqlite3.Error as error:
            log.warning("page store %s: could not keep it within budget (%s)", self.path, error)
