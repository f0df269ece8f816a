"""Backing up a SQLite database while Gainsay runs, and restoring a backup.

Both use SQLite's online backup API (`sqlite3.Connection.backup`), never a file copy: a copy of
the file taken while the server writes can be torn, and misses what is still in the WAL.

`backup_database` copies the live database in ONE backup step, that is under one read
transaction: the copy is the database exactly as it stood at the instant the step began (every
transaction committed before it, none of those committed after, nothing half-done). In WAL mode,
which Gainsay's connections use, a reader does not block writers, so the server keeps writing
while the copy is made. (A backup in several smaller steps starts over whenever another
connection writes between two steps, so under steady writes it might never finish.) The copy is
written beside the target under a temporary name, checked (`PRAGMA integrity_check`, Alembic
revision) and only then renamed into place, so PATH never holds a half-written backup.

`restore_database` checks that a file is a sound Gainsay database at a revision this version
knows, then backs up FROM it INTO the live database file with the same API. That is one write
transaction on the live database: it waits for a writer in progress, readers that are open
keep their snapshot until their transaction ends, and every connection sees the restored
database from its next transaction on (the page cache notices through `data_version`).

SQLite only: other databases have their own tools (pg_dump and pg_restore for PostgreSQL).
"""

import os
import sqlite3
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from app.migrate import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """Why a backup or a restore was not done (nothing was changed)."""


@dataclass(frozen=True, slots=True)
class DatabaseCheck:
    path: Path
    size_bytes: int
    revision: str
    is_newest: bool


@dataclass(frozen=True, slots=True)
class BackupReport:
    source: Path
    target: Path
    check: DatabaseCheck
    seconds: float


@dataclass(frozen=True, slots=True)
class RestoreReport:
    source: Path
    target: Path
    check: DatabaseCheck
    previous_revision: str | None
    seconds: float


def sqlite_path(database_url: str) -> Path:
    """The database file behind a SQLAlchemy URL, or a BackupError saying why there is none."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"Backup and restore work on SQLite databases only; this one is "
            f"{url.get_backend_name()}. Use its own tools (for PostgreSQL: pg_dump, pg_restore)."
        )
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise BackupError("Backup and restore need a SQLite database file (a path in the URL).")
    return Path(database)


def _connect(path: Path, mode: str, lock_wait_s: float = 5.0) -> sqlite3.Connection:
    # mode=ro/rw never creates a missing file (a plain connect would, silently); mode=rwc does.
    # The timeout is SQLite's busy handler: how long one step waits for another's lock.
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=lock_wait_s)


def _known_revisions() -> tuple[set[str], set[str]]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}, set(script.get_heads())


def check_database(path: Path) -> DatabaseCheck:
    """A sound Gainsay database: SQLite, integrity ok, at an Alembic revision known here."""
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database.")
    try:
        with closing(_connect(path, "ro")) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(
                    f"{path} fails SQLite's integrity check: {'; '.join(problems[:5])}"
                )
            try:
                revisions = [row[0] for row in connection.execute("SELECT * FROM alembic_version")]
            except sqlite3.OperationalError:
                raise BackupError(
                    f"{path} is not a Gainsay database (it has no alembic_version table)."
                ) from None
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}") from None
    known, heads = _known_revisions()
    if len(revisions) != 1:
        raise BackupError(f"{path} records {len(revisions)} schema revisions; expected one.")
    revision = revisions[0]
    if revision not in known:
        raise BackupError(
            f"{path} is at schema revision {revision}, which this version of Gainsay does not "
            "know (was it made by a newer version?)."
        )
    return DatabaseCheck(path, path.stat().st_size, revision, revision in heads)


def _revision_of(path: Path) -> str | None:
    """The live database's revision, if it has one (for the report; never raises)."""
    try:
        with closing(_connect(path, "ro")) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
    except sqlite3.Error:
        return None


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself survive a power cut (POSIX; a no-op where unsupported).
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# How long either command waits for another connection's lock before giving up.
LOCK_WAIT_S = 30.0


class _Waiting:
    """Progress callback: Python retries a busy backup step forever, so this gives it a
    deadline (a callback that raises aborts the backup, leaving the destination unchanged)."""

    def __init__(self, limit_s: float) -> None:
        self.deadline = time.monotonic() + limit_s
        self.limit_s = limit_s

    def __call__(self, status: int, _remaining: int, _total: int) -> None:
        busy = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        if busy and time.monotonic() > self.deadline:
            raise BackupError(
                f"The database stayed locked by another connection for {self.limit_s:g} s; "
                "nothing was changed. Try again when it is less busy."
            )


def backup_database(
    database_url: str, target: Path, *, overwrite: bool = False, lock_wait_s: float = LOCK_WAIT_S
) -> BackupReport:
    """Copy the live database to `target`: a consistent snapshot, taken while writes go on."""
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup file's name.")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose another name, or --overwrite it.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} to write the backup into.")
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    started = time.monotonic()
    try:
        with (
            closing(_connect(source, "rw", lock_wait_s)) as live,
            closing(_connect(partial, "rwc")) as copy,
        ):
            # pages=-1: the whole database in one step (see the module's docstring).
            live.backup(copy, pages=-1, progress=_Waiting(lock_wait_s), sleep=0.05)
            # A backup is one self-contained file: no WAL beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        check = check_database(partial)
        os.replace(partial, target)
        _fsync_directory(target.parent)
    except sqlite3.Error as error:
        raise BackupError(f"The backup failed: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    check = DatabaseCheck(target, check.size_bytes, check.revision, check.is_newest)
    return BackupReport(source, target, check, time.monotonic() - started)


def restore_database(
    database_url: str, source: Path, *, lock_wait_s: float = LOCK_WAIT_S
) -> RestoreReport:
    """Replace the live database's content with the backup at `source` (checked first)."""
    target = sqlite_path(database_url)
    check = check_database(source)
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("That backup is the live database itself.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} for the database.")
    previous = _revision_of(target) if target.exists() else None
    started = time.monotonic()
    try:
        with (
            closing(_connect(source, "ro")) as backup,
            closing(_connect(target, "rwc", lock_wait_s)) as live,
        ):
            # One step, one write transaction: waits for a writer in progress (up to a limit).
            backup.backup(live, pages=-1, progress=_Waiting(lock_wait_s), sleep=0.05)
    except sqlite3.Error as error:
        raise BackupError(f"The restore failed, and the database is unchanged: {error}") from None
    return RestoreReport(source, target, check, previous, time.monotonic() - started)
