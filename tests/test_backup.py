"""app/backup.py and `gainsay backup` / `gainsay restore`: the drill, on either engine.

A writer keeps adding notes through the app's services while the backup runs. The copy holds
every write acknowledged before the backup began, it is a consistent snapshot (the writer's
notes in it are exactly its first k, with no gap), it passes the engine's checks (SQLite's
integrity check; pg_restore reading the whole dump), and restoring it brings the live database
back to that state while connections are open."""

import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session
from typer.testing import CliRunner

from app.backup import (
    BackupError,
    backup_database,
    check_backup,
    check_database,
    pg_tool,
    restore_database,
)
from app.cli import app as cli
from app.db import make_engine, write_session
from app.models import Note
from app.schemas import NoteCreate
from app.services.edit import notes as note_edits
from tests.conftest import (
    Database,
    PgDatabase,
    SeedIds,
    SeedTemplate,
    clear_caches,
    database_url,
    libpq_url,
    new_database,
    running_uvicorn,
    seeded_copy,
    sqlite_url,
)
from tests.workspace_fixtures import table_digests

SQLITE_ONLY = pytest.mark.sqlite_only(reason="SQLite's backup file and locks")
POSTGRES_ONLY = pytest.mark.postgres_only(reason="pg_dump's file and PostgreSQL's locks")

DRILL = "backup drill note"
PADDING_MB = 48  # so that the backup takes long enough for writes to happen during it


@pytest.fixture(scope="module")
def db_path(writable_copy: Database) -> Database:
    return writable_copy


def note_ids(path: Path) -> list[int]:
    """The drill's notes in a database file, read with a plain sqlite3 connection."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT id FROM note WHERE body LIKE ? ORDER BY id", (f"{DRILL}%",)
        )
        return [row[0] for row in rows]


def integrity(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]


class Writer(threading.Thread):
    """Adds notes one after another; `acknowledged` lists each id once its commit returned."""

    def __init__(self, engine: Engine, dispute_id: int) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.dispute_id = dispute_id
        self.acknowledged: list[int] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with write_session(self.engine) as session:
                    body = f"{DRILL} {len(self.acknowledged)}"
                    note = note_edits.create_note(
                        session, NoteCreate(dispute_id=self.dispute_id, body=body), None
                    )
                    session.commit()
                    self.acknowledged.append(note.id)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.errors.append(error)

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.acknowledged) < count and not self.errors:
            assert time.monotonic() < deadline, "the writer made no progress"
            time.sleep(0.005)


@pytest.fixture(scope="module")
def padded(engine: Engine, db_path: Path) -> Path:
    """Tens of megabytes of filler, so that copying takes a while (in a table of its own)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("CREATE TABLE drill_padding (data BLOB)")
        connection.executemany(
            "INSERT INTO drill_padding VALUES (randomblob(?))", [(1 << 20,)] * PADDING_MB
        )
        connection.commit()
    return db_path


@SQLITE_ONLY
def test_the_drill_backup_during_writes_then_restore(
    engine: Engine, padded: Path, seed_ids: SeedIds, tmp_path: Path, capsys
):
    url = sqlite_url(padded)
    writer = Writer(engine, seed_ids.disputes["aleppo-offensive-toll-feb-2016"])
    writer.start()
    try:
        writer.wait_for(5)
        before = list(writer.acknowledged)  # acknowledged before the backup began
        started = time.monotonic()
        report = backup_database(url, tmp_path / "drill.db")
        took = time.monotonic() - started
        during = len(writer.acknowledged) - len(before)
        writer.wait_for(len(writer.acknowledged) + 3)  # and it still writes afterwards
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert not writer.errors, writer.errors
    acknowledged = writer.acknowledged

    copy = tmp_path / "drill.db"
    assert report.target == copy and report.check.is_newest
    assert integrity(copy) == ["ok"]
    in_copy = note_ids(copy)
    assert set(before) <= set(in_copy)
    # A consistent snapshot: the writer's first k notes, k at least what was acknowledged.
    assert in_copy == acknowledged[: len(in_copy)]
    assert len(before) <= len(in_copy) < len(acknowledged)
    # Writers were not held up while the copy was made.
    assert during > 0, f"no write was acknowledged during a {took:.3f} s backup"
    with capsys.disabled():
        print(
            f"\nbackup of {report.check.size_bytes / 2**20:.0f} MiB: {took * 1000:.0f} ms, "
            f"{during} writes acknowledged meanwhile, {len(in_copy) - len(before)} of them "
            "committed before its snapshot"
        )

    # Restore, while a reader holds a transaction open and the app's engine has connections.
    assert note_ids(padded) == acknowledged
    with closing(sqlite3.connect(padded)) as reader:
        reader.isolation_level = None
        reader.execute("BEGIN")
        seen_before = reader.execute("SELECT count(*) FROM note").fetchone()[0]
        restored = restore_database(url, copy)
        # The reader keeps its snapshot until its transaction ends, then sees the restore.
        assert reader.execute("SELECT count(*) FROM note").fetchone()[0] == seen_before
        reader.execute("COMMIT")
        after = reader.execute("SELECT count(*) FROM note").fetchone()[0]
        assert after == seen_before - (len(acknowledged) - len(in_copy))
    assert restored.previous_revision == restored.check.revision
    assert note_ids(padded) == in_copy
    assert integrity(padded) == ["ok"]
    with Session(engine) as session:  # the app's own connections see the restored database
        ids = session.execute(select(Note.id).where(Note.body.like(f"{DRILL}%"))).scalars()
        assert sorted(ids) == in_copy
    # And the app can write to it again.
    with write_session(engine) as session:
        note_edits.create_note(
            session, NoteCreate(body=f"{DRILL} after", dispute_id=writer.dispute_id), None
        )
        session.commit()


# --- Refusals ---------------------------------------------------------------------------------


@pytest.fixture
def fresh(seed_template: SeedTemplate, tmp_path: Path) -> Database:
    """A copy of the seeded database of the engine under test."""
    if isinstance(seed_template.database, Path):
        return Path(shutil.copyfile(seed_template.path, tmp_path / "live.db"))
    return seeded_copy(seed_template, tmp_path)


def test_a_backup_never_overwrites_unless_asked(fresh: Database, tmp_path: Path):
    url = database_url(fresh)
    target = tmp_path / "exists.db"
    target.write_bytes(b"precious")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(url, target)
    assert target.read_bytes() == b"precious"
    backup_database(url, target, overwrite=True)
    assert check_backup(url, target).is_newest
    if isinstance(fresh, Path):
        assert integrity(target) == ["ok"]
    assert not list(tmp_path.glob(".*.partial"))


@SQLITE_ONLY
def test_a_missing_database_is_not_created_by_a_backup(tmp_path: Path):
    with pytest.raises(BackupError, match="no database"):
        backup_database(sqlite_url(tmp_path / "nothing.db"), tmp_path / "copy.db")
    assert not (tmp_path / "nothing.db").exists()


def test_other_databases_get_a_clear_error(tmp_path: Path):
    with pytest.raises(BackupError, match=r"SQLite and PostgreSQL databases; this one is mysql"):
        backup_database("mysql://user@localhost/gainsay", tmp_path / "copy.db")
    with pytest.raises(BackupError, match="SQLite database file"):
        restore_database("sqlite://", tmp_path / "copy.db")


def make_database(path: Path, statements: list[str]) -> Path:
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    return path


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "not a SQLite database"),
        ("no alembic", "not a Gainsay database"),
        ("unknown revision", "does not know"),
        ("truncated", "cannot be read|integrity"),
        ("missing", "no file"),
    ],
)
def test_restore_refuses_what_is_not_a_sound_gainsay_database(
    fresh: Path, tmp_path: Path, kind: str, message: str
):
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("not a database")
    elif kind == "no alembic":
        make_database(bad, ["CREATE TABLE note (id INTEGER PRIMARY KEY)"])
    elif kind == "unknown revision":
        make_database(
            bad,
            [
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                "INSERT INTO alembic_version VALUES ('from-the-future')",
            ],
        )
    elif kind == "truncated":
        backup_database(sqlite_url(fresh), bad)
        data = bad.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    before = fresh.read_bytes()
    with pytest.raises(BackupError, match=message):
        restore_database(sqlite_url(fresh), bad)
    assert fresh.read_bytes() == before


@SQLITE_ONLY
def test_restore_waits_for_a_writer_then_gives_up_leaving_the_database_unchanged(
    fresh: Path, tmp_path: Path
):
    copy = backup_database(sqlite_url(fresh), tmp_path / "copy.db").target
    with closing(sqlite3.connect(fresh)) as writer:
        writer.isolation_level = None
        writer.execute("BEGIN IMMEDIATE")  # a write in progress, never finished
        writer.execute("CREATE TABLE in_progress (x)")
        with pytest.raises(BackupError, match="stayed locked"):
            restore_database(sqlite_url(fresh), copy, lock_wait_s=0.3)
        writer.execute("COMMIT")
    with closing(sqlite3.connect(fresh)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "in_progress" in tables  # the writer's work stands; the restore did nothing


# --- The commands -----------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    # --database points the cached settings and engine elsewhere; undo that afterwards.
    monkeypatch.delenv("GAINSAY_DATABASE_URL", raising=False)
    yield CliRunner(env={"COLUMNS": "250"})
    clear_caches()


@SQLITE_ONLY
def test_the_commands_back_up_and_restore(runner: CliRunner, fresh: Path, tmp_path: Path):
    copy = tmp_path / "nightly.db"
    result = runner.invoke(cli, ["backup", str(copy), "--database", str(fresh)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and "integrity check ok" in result.output
    again = runner.invoke(cli, ["backup", str(copy), "--database", str(fresh)])
    assert again.exit_code == 1 and "already exists" in again.output

    make_database(fresh, ["CREATE TABLE added_later (x)"])
    declined = runner.invoke(cli, ["restore", str(copy), "--database", str(fresh)], input="n\n")
    assert declined.exit_code == 1 and "Nothing restored" in declined.output
    assert "added_later" in tables(fresh)

    restored = runner.invoke(cli, ["restore", str(copy), "--database", str(fresh), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    assert "added_later" not in tables(fresh)

    refused = runner.invoke(cli, ["restore", str(tmp_path), "--database", str(fresh), "--yes"])
    assert refused.exit_code == 1 and "Nothing restored" in refused.output


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}


def test_a_backup_is_checked_and_reports_its_revision(fresh: Database, tmp_path: Path):
    url = database_url(fresh)
    copy = backup_database(url, tmp_path / "copy").target
    check = check_backup(url, copy)
    assert check.is_newest and check.revision and check.size_bytes == copy.stat().st_size


@SQLITE_ONLY
def test_check_database_reports_the_revision(fresh: Path):
    check = check_database(fresh)
    assert check.is_newest and check.revision


# --- PostgreSQL: pg_dump and pg_restore ----------------------------------------------------------

PG_PADDING_MB = 4  # random bytes pg_dump cannot compress: the dump takes a while


def pg_connect(database: PgDatabase, autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(libpq_url(database.url), autocommit=autocommit)


def pg_note_ids(database: PgDatabase) -> list[int]:
    with pg_connect(database) as connection:
        rows = connection.execute(
            "SELECT id FROM note WHERE body LIKE %s ORDER BY id", (f"{DRILL}%",)
        )
        return [row[0] for row in rows]


def pg_tables(database: PgDatabase) -> set[str]:
    with pg_connect(database) as connection:
        rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows}


@pytest.fixture(scope="module")
def pg_padded(engine: Engine, db_path: PgDatabase) -> PgDatabase:
    with pg_connect(db_path) as connection:
        connection.execute("CREATE TABLE drill_padding (data bytea)")
        connection.execute(
            "INSERT INTO drill_padding SELECT decode(string_agg(md5(random()::text), ''), 'hex')"
            " FROM generate_series(1, %s) AS mb, generate_series(1, 65536) GROUP BY mb",
            (PG_PADDING_MB,),
        )
    return db_path


@POSTGRES_ONLY
def test_the_drill_on_postgresql(
    engine: Engine, pg_padded: PgDatabase, seed_ids: SeedIds, tmp_path: Path, capsys
):
    url = database_url(pg_padded)
    copy = tmp_path / "drill.dump"
    writer = Writer(engine, seed_ids.disputes["aleppo-offensive-toll-feb-2016"])
    writer.start()
    try:
        writer.wait_for(5)
        before = list(writer.acknowledged)  # acknowledged before the backup began
        started = time.monotonic()
        report = backup_database(url, copy)
        took = time.monotonic() - started
        during = len(writer.acknowledged) - len(before)
        writer.wait_for(len(writer.acknowledged) + 3)  # and it still writes afterwards
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert not writer.errors, writer.errors
    acknowledged = writer.acknowledged
    assert report.target == copy and report.check.is_newest
    assert copy.read_bytes().startswith(b"PGDMP")

    # What the backup holds, restored into an empty database of its own.
    elsewhere = new_database(tmp_path)
    assert restore_database(database_url(elsewhere), copy).previous_revision is None
    in_copy = pg_note_ids(elsewhere)
    assert set(before) <= set(in_copy)
    # A consistent snapshot: the writer's first k notes, k at least what was acknowledged.
    assert in_copy == acknowledged[: len(in_copy)]
    assert len(before) <= len(in_copy) < len(acknowledged)
    # Writers were not held up while the dump was made.
    assert during > 0, f"no write was acknowledged during a {took:.3f} s backup"
    with capsys.disabled():
        print(
            f"\npg_dump of {report.check.size_bytes / 2**20:.0f} MiB: {took * 1000:.0f} ms, "
            f"{during} writes acknowledged meanwhile, {len(in_copy) - len(before)} of them "
            "committed before its snapshot"
        )

    # Restore into the live database, while the app's engine holds pooled connections and
    # one connection stays open across it, its statements prepared by psycopg (from the 5th
    # run on) and so planned against the tables the restore replaces.
    assert pg_note_ids(pg_padded) == acknowledged
    count = select(func.count()).select_from(Note).where(Note.body.like(f"{DRILL}%"))
    with engine.connect() as kept_open:
        for _ in range(6):
            assert kept_open.execute(count).scalar() == len(acknowledged)
        kept_open.rollback()  # idle, not in a transaction, as between two requests
        restored = restore_database(url, copy)
        assert kept_open.execute(count).scalar() == len(in_copy)
    assert restored.previous_revision == restored.check.revision
    assert pg_note_ids(pg_padded) == in_copy
    with Session(engine) as session:  # the app's own connections see the restored database
        ids = session.execute(select(Note.id).where(Note.body.like(f"{DRILL}%"))).scalars()
        assert sorted(ids) == in_copy
    # And the app can write to it again: the sequences came back with the rows.
    with write_session(engine) as session:
        note = note_edits.create_note(
            session, NoteCreate(body=f"{DRILL} after", dispute_id=writer.dispute_id), None
        )
        session.commit()
        assert note.id > max(in_copy)


def pg_dump_of(database: PgDatabase, target: Path, statements: list[str]) -> Path:
    """A pg_dump file of `database` after `statements` (made without Gainsay's checks)."""
    with pg_connect(database) as connection:
        for statement in statements:
            connection.execute(statement)
    command = [pg_tool("pg_dump"), "--format=custom", f"--file={target}"]
    subprocess.run([*command, f"--dbname={libpq_url(database.url)}"], check=True)
    return target


@POSTGRES_ONLY
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "not a PostgreSQL backup"),
        ("sqlite file", "not a PostgreSQL backup"),
        ("no alembic", "not a Gainsay database"),
        ("unknown revision", "does not know"),
        ("truncated", "cannot be read"),
        ("missing", "no file"),
    ],
)
def test_postgresql_restore_refuses_what_is_not_a_sound_gainsay_backup(
    fresh: PgDatabase, tmp_path: Path, kind: str, message: str
):
    bad = tmp_path / "bad.dump"
    if kind == "text":
        bad.write_text("not a database")
    elif kind == "sqlite file":
        make_database(bad, ["CREATE TABLE note (id INTEGER PRIMARY KEY)"])
    elif kind == "no alembic":
        pg_dump_of(new_database(tmp_path), bad, ["CREATE TABLE note (id int PRIMARY KEY)"])
    elif kind == "unknown revision":
        statements = [
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
            "INSERT INTO alembic_version VALUES ('from-the-future')",
        ]
        pg_dump_of(new_database(tmp_path), bad, statements)
    elif kind == "truncated":
        backup_database(database_url(fresh), bad)
        data = bad.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    before = table_digests(fresh)
    with pytest.raises(BackupError, match=message):
        restore_database(database_url(fresh), bad)
    assert table_digests(fresh) == before


@POSTGRES_ONLY
def test_postgresql_restore_waits_for_a_writer_then_gives_up_leaving_the_database_unchanged(
    fresh: PgDatabase, tmp_path: Path
):
    url = database_url(fresh)
    copy = backup_database(url, tmp_path / "copy.dump").target
    with pg_connect(fresh, autocommit=False) as writer:
        # A write in progress, never finished while the restore waits: its row lock and
        # table lock stand in the way of dropping the table.
        writer.execute("UPDATE actor SET description = 'kept' WHERE id = 1")
        with pytest.raises(BackupError, match="stayed locked"):
            restore_database(url, copy, lock_wait_s=0.3)
        writer.commit()
    with pg_connect(fresh) as connection:
        kept = connection.execute("SELECT description FROM actor WHERE id = 1").fetchone()
    assert kept == ("kept",)  # the writer's work stands; the restore did nothing


@POSTGRES_ONLY
def test_the_commands_back_up_and_restore_postgresql(
    runner: CliRunner, fresh: PgDatabase, tmp_path: Path
):
    url = database_url(fresh)
    copy = tmp_path / "nightly.dump"
    result = runner.invoke(cli, ["backup", str(copy), "--database", url])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and "integrity check ok" in result.output
    assert "PostgreSQL database" in result.output
    again = runner.invoke(cli, ["backup", str(copy), "--database", url])
    assert again.exit_code == 1 and "already exists" in again.output

    with pg_connect(fresh) as connection:
        connection.execute("CREATE TABLE added_later (x int)")
    declined = runner.invoke(cli, ["restore", str(copy), "--database", url], input="n\n")
    assert declined.exit_code == 1 and "Nothing restored" in declined.output
    assert "added_later" in pg_tables(fresh)

    restored = runner.invoke(cli, ["restore", str(copy), "--database", url, "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    assert "added_later" not in pg_tables(fresh)
    assert "note" in pg_tables(fresh)

    refused = runner.invoke(cli, ["restore", str(tmp_path), "--database", url, "--yes"])
    assert refused.exit_code == 1 and "Nothing restored" in refused.output


# --- A running server ---------------------------------------------------------------------------


def test_a_running_server_serves_the_restored_data_not_its_cached_pages(
    seed_template: SeedTemplate, seed_ids: SeedIds, tmp_path: Path
):
    """The page cache of a server that keeps running drops what it stored once a restore
    replaces the data (the change log went back), on either engine."""
    database = seeded_copy(seed_template, tmp_path)
    url = database_url(database)
    backup = backup_database(url, tmp_path / "before.backup").target
    dispute_id = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    written = "A summary written after the backup."

    def shown() -> bool:
        return written in client.get(f"/disputes/{dispute_id}").text

    def until(check: object, within_s: float = 15.0) -> None:
        deadline = time.monotonic() + within_s
        while not check():  # type: ignore[operator]
            assert time.monotonic() < deadline, "not shown in time"
            time.sleep(0.05)

    with (
        running_uvicorn(url, tmp_path / "uvicorn.log", GAINSAY_LOAD_SEEDS="false") as base,
        httpx.Client(base_url=base, follow_redirects=True, timeout=10) as client,
    ):
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE dispute SET summary = :s WHERE id = :id"),
                    {"s": written, "id": dispute_id},
                )
        finally:
            engine.dispose()
        until(shown)
        assert client.get(f"/disputes/{dispute_id}").headers["x-cache"] == "hit"

        restore_database(url, backup)

        until(lambda: not shown())
