"""Backing up the database while Gainsay runs, and restoring a backup: SQLite or PostgreSQL.

SQLite
------

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

PostgreSQL
----------
`pg_dump` and `pg_restore` (from PATH, else the newest in /usr/lib/postgresql/*/bin), with the
same checks and messages. The backup is pg_dump's custom format: one file, taken in one
repeatable-read transaction, so it is a consistent snapshot and writers go on meanwhile. It is
written beside the target under a temporary name, checked (pg_restore reads every block of it;
its Alembic revision is read from its alembic_version data) and only then renamed into place.

The restore replaces everything in the database's `public` schema in ONE transaction (psql
--single-transaction: drop the schema, recreate it, run the backup's script): it waits for
transactions in progress on those tables (readers too: PostgreSQL takes their locks) up to a
limit, then gives up having changed nothing; when it commits, every connection sees the
restored database from its next statement.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from app.migrate import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"  # pg_dump's custom format


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
    source: Path | str  # a SQLite file, or a PostgreSQL database described without password
    target: Path
    check: DatabaseCheck
    seconds: float


@dataclass(frozen=True, slots=True)
class RestoreReport:
    source: Path
    target: Path | str
    check: DatabaseCheck
    previous_revision: str | None
    seconds: float


def is_postgres(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "postgresql"


def describe_database(database_url: str) -> Path | str:
    """What a backup is taken from or restored into, for messages: the SQLite file, or the
    PostgreSQL database (never its password)."""
    if is_postgres(database_url):
        url = make_url(database_url)
        return f"PostgreSQL database {url.database} on {url.host or 'localhost'}:{url.port or 5432}"
    return sqlite_path(database_url)


def sqlite_path(database_url: str) -> Path:
    """The database file behind a SQLAlchemy URL, or a BackupError saying why there is none."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"Backup and restore work on SQLite and PostgreSQL databases; this one is "
            f"{url.get_backend_name()}. Use its own tools."
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


def check_backup(database_url: str, path: Path) -> DatabaseCheck:
    """A sound backup for the engine of `database_url` (see check_database, check_pg_backup)."""
    return check_pg_backup(path) if is_postgres(database_url) else check_database(path)


def _checked_revision(path: Path, revisions: list[str]) -> DatabaseCheck:
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
    return _checked_revision(path, revisions)


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


def _check_target(target: Path, overwrite: bool) -> Path:
    """The temporary name the backup is written under, once `target` is a place to write it."""
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup file's name.")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose another name, or --overwrite it.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} to write the backup into.")
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def backup_database(
    database_url: str, target: Path, *, overwrite: bool = False, lock_wait_s: float = LOCK_WAIT_S
) -> BackupReport:
    """Copy the live database to `target`: a consistent snapshot, taken while writes go on."""
    if is_postgres(database_url):
        return _pg_backup(database_url, target, overwrite, lock_wait_s)
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    partial = _check_target(target, overwrite)
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
    if is_postgres(database_url):
        return _pg_restore(database_url, source, lock_wait_s)
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


def pg_tool(name: str) -> Path:
    """A PostgreSQL client program: on PATH, else the newest in Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return Path(found)
    candidates = [
        path
        for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if path.parent.parent.name.isdigit()
    ]
    if candidates:
        return max(candidates, key=lambda path: int(path.parent.parent.name))
    raise BackupError(
        f"PostgreSQL's {name} was not found on PATH or in /usr/lib/postgresql/*/bin; install "
        "PostgreSQL's client programs (Debian: postgresql-client)."
    )


def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """The database as libpq names it (a postgresql:// URI), and the environment that carries
    its password (never on the command line, where other users could read it)."""
    url: URL = make_url(database_url)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None)
    return conninfo.render_as_string(hide_password=False), env


def _run(command: list[str | Path], env: dict[str, str] | None = None, **options: Any) -> str:
    """Run a PostgreSQL program; its stdout, or a BackupError with what it said."""
    try:
        done = subprocess.run(
            [str(part) for part in command],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            **options,
        )
    except OSError as error:
        raise BackupError(f"{command[0]} could not be run: {error}") from None
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} exited with {done.returncode}")
    return done.stdout


_COPY = re.compile(
    r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n(.*?)^\\\.$", re.M | re.S
)


def check_pg_backup(path: Path) -> DatabaseCheck:
    """A sound Gainsay backup for PostgreSQL: pg_dump's custom format, readable to its end, with
    an Alembic revision known here."""
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    with path.open("rb") as handle:
        if handle.read(len(PG_DUMP_HEADER)) != PG_DUMP_HEADER:
            raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump's custom format).")
    pg_restore = pg_tool("pg_restore")
    try:
        # Reading the whole archive into nothing checks every block: a truncated or damaged
        # file fails here, as SQLite's integrity check fails on a damaged file.
        _run([pg_restore, f"--file={os.devnull}", path])
        script = _run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", path])
    except BackupError as error:
        raise BackupError(f"{path} cannot be read as a PostgreSQL backup: {error}") from None
    found = _COPY.search(script)
    if found is None:
        raise BackupError(f"{path} is not a Gainsay database (it has no alembic_version table).")
    return _checked_revision(path, found.group(1).split())


def _pg_revision(database_url: str) -> str | None:
    """The live database's revision, if it has one (for the report; never raises)."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _pg_backup(
    database_url: str, target: Path, overwrite: bool, lock_wait_s: float
) -> BackupReport:
    source = describe_database(database_url)
    partial = _check_target(target, overwrite)
    conninfo, env = _libpq(database_url)
    started = time.monotonic()
    try:
        try:
            _run(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    # pg_dump waits for no writer, only for a lock that excludes readers
                    # (a schema change in progress): that wait gets the same limit.
                    f"--lock-wait-timeout={int(lock_wait_s * 1000)}",
                    f"--file={partial}",
                    f"--dbname={conninfo}",
                ],
                env,
            )
        except BackupError as error:
            if "lock" in str(error) and "timeout" in str(error):
                raise _stayed_locked(lock_wait_s) from None
            raise BackupError(f"The backup failed: {error}") from None
        _fsync_file(partial)
        check = check_pg_backup(partial)
        os.replace(partial, target)
        _fsync_directory(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    check = DatabaseCheck(target, check.size_bytes, check.revision, check.is_newest)
    return BackupReport(source, target, check, time.monotonic() - started)


def _stayed_locked(lock_wait_s: float) -> BackupError:
    return BackupError(
        f"The database stayed locked by another connection for {lock_wait_s:g} s; "
        "nothing was changed. Try again when it is less busy."
    )


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _pg_restore(database_url: str, source: Path, lock_wait_s: float) -> RestoreReport:
    check = check_pg_backup(source)
    target = describe_database(database_url)
    previous = _pg_revision(database_url)
    conninfo, env = _libpq(database_url)
    pg_restore, psql = pg_tool("pg_restore"), pg_tool("psql")
    # Everything in one transaction: a lock not granted in time, or any error, rolls it all
    # back. The backup's own script sets lock_timeout = 0 for what follows; by then the drop
    # holds every lock the restore needs.
    prelude = (
        f"SET lock_timeout = '{int(lock_wait_s * 1000)}ms';\n"
        "DROP SCHEMA IF EXISTS public CASCADE;\n"
        "CREATE SCHEMA public;\n"
    )
    started = time.monotonic()
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        script = subprocess.Popen(
            [str(pg_restore), "--no-owner", "--no-privileges", "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        # -X: no ~/.psqlrc; --file=- with --single-transaction: the whole of stdin in one.
        apply = [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
        applier = subprocess.Popen(
            [*apply, "--file=-", f"--dbname={conninfo}"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
        )
        assert script.stdout is not None and applier.stdin is not None
        try:
            applier.stdin.write(prelude.encode())
            shutil.copyfileobj(script.stdout, applier.stdin)
        except BrokenPipeError:
            pass  # psql stopped at an error: it says which below
        finally:
            applier.stdin.close()
            script.stdout.close()
        applied, read = applier.wait(), script.wait()
        if applied != 0 or read != 0:
            psql_errors.seek(0)
            restore_errors.seek(0)
            said = (psql_errors.read() + restore_errors.read()).decode(errors="replace").strip()
            if "lock timeout" in said:
                raise _stayed_locked(lock_wait_s)
            raise BackupError(f"The restore failed, and the database is unchanged: {said}")
    return RestoreReport(source, target, check, previous, time.monotonic() - started)
