"""app/change_feed.py and migration 0003: every committed write names the entities it touched,
and each process's feed hands them over once, whoever wrote (another connection, another
process, a bulk statement, a cascade)."""

import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url
from sqlmodel import Session

import app.change_feed as change_feed_module
from app.change_feed import EVERYTHING, KEEP_ROWS, ChangeFeed, SqliteLog, change_feed, prune
from app.db import commit as commit_and_publish
from app.db import make_engine
from app.events import Committed, subscribe
from app.migrate import upgrade
from app.models import Actor
from tests.conftest import SeedTemplate, copy_database, sqlite_url


@pytest.fixture
def db_file(seed_template: SeedTemplate, tmp_path: Path) -> Path:
    return copy_database(seed_template.path, tmp_path / "gainsay.db")


def started(feed: ChangeFeed) -> ChangeFeed:
    """A feed past its first poll (which answers EVERYTHING: it knows nothing before it)."""
    assert feed.poll() == EVERYTHING
    return feed


def commit(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        for statement in statements:
            connection.execute(statement)
    connection.close()


def one_claim(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT id, article_id, claimant_id FROM claim ORDER BY id LIMIT 1"
        ).fetchone()


def test_another_connections_commit_names_what_it_touched(db_file: Path) -> None:
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=0))
    claim_id, article_id, claimant_id = one_claim(db_file)

    assert feed.poll() is None
    commit(db_file, f"UPDATE claim SET statement = statement || '.' WHERE id = {claim_id}")
    changes = feed.poll()

    assert changes is not None and not changes.everything
    assert changes.tags == {("claim", claim_id), ("article", article_id), ("actor", claimant_id)}
    assert feed.poll() is None  # handed over once


def test_a_cascade_names_the_rows_it_removed(db_file: Path) -> None:
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=0))
    with sqlite3.connect(db_file) as connection:
        dispute_id, claim_id = connection.execute(
            "SELECT dispute_id, claim_id FROM dispute_claim LIMIT 1"
        ).fetchone()

    commit(db_file, f"DELETE FROM dispute WHERE id = {dispute_id}")
    changes = feed.poll()

    assert changes is not None
    assert {("dispute", dispute_id), ("claim", claim_id)} <= changes.tags


def test_within_the_recheck_interval_only_this_process_commits_are_read(db_file: Path) -> None:
    subscribe(Committed, change_feed_module.note_local_commit)  # as app.main does
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=3600))
    claim_id, _, _ = one_claim(db_file)
    commit(db_file, f"UPDATE claim SET statement = statement || '.' WHERE id = {claim_id}")

    assert feed.poll() is None  # another connection's commit: at the next recheck

    engine = make_engine(sqlite_url(db_file))
    with Session(engine) as session:
        actor = session.get(Actor, 1)
        assert actor is not None
        actor.description = f"{actor.description} "
        commit_and_publish(session)
    engine.dispose()
    changes = feed.poll()  # this process's commit: read at once, with everything before it

    assert changes is not None
    assert {("claim", claim_id), ("actor", 1)} <= changes.tags


def test_a_bulk_statement_of_this_process_is_read_at_once(db_file: Path) -> None:
    subscribe(Committed, change_feed_module.note_local_commit)
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=3600))
    engine = make_engine(sqlite_url(db_file))
    with Session(engine) as session:
        session.execute(update(Actor).where(Actor.id == 2).values(description="bulk"))
        commit_and_publish(session)
    engine.dispose()

    changes = feed.poll()
    assert changes is not None and ("actor", 2) in changes.tags


def test_a_feed_that_cannot_read_answers_everything_each_time(db_file: Path) -> None:
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=0))

    class Broken(SqliteLog):
        def signalled(self) -> bool:
            raise sqlite3.OperationalError("disk I/O error")

    feed.source = Broken(str(db_file))
    assert [feed.poll() for _ in range(3)] == [EVERYTHING] * 3


def test_sessions_and_tokens_are_not_changes_readers_see(db_file: Path) -> None:
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=0))
    commit(
        db_file,
        "INSERT INTO user_account (created_at, updated_at, version, username, display_name,"
        " role, password_hash) VALUES ('2026-01-01', '2026-01-01', 1, 'ana', '', 'analyst', 'x')",
        "UPDATE user_account SET role = 'admin' WHERE username = 'ana'",
    )
    assert feed.poll() is None


def test_pruning_keeps_the_newest_rows(db_file: Path) -> None:
    claim_id, _, _ = one_claim(db_file)
    for _ in range(3):
        commit(db_file, f"UPDATE claim SET statement = statement || '.' WHERE id = {claim_id}")
    engine = make_engine(sqlite_url(db_file))
    with engine.begin() as connection:
        before = connection.execute(text("SELECT count(*), max(id) FROM change_log")).one()
        removed = prune(connection, keep=2)
        after = connection.execute(text("SELECT count(*), min(id) FROM change_log")).one()
    engine.dispose()

    assert removed == before[0] - 2
    assert after == (2, before[1] - 1)


class FakeLog:
    """A log whose rows the test commits in any order, as PostgreSQL's concurrent writers do
    (ids are handed out at insert, rows show at commit)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, str, int]] = []
        self.signal = False

    def signalled(self) -> bool:
        signal, self.signal = self.signal, False
        return signal

    def rows_after(self, after_id: int, limit: int) -> list[tuple[int, str, int]]:
        return sorted(r for r in self.rows if r[0] > after_id)[:limit]

    def max_id(self) -> int:
        return max((r[0] for r in self.rows), default=0)

    def close(self) -> None:
        return None

    def commit(self, row_id: int, entity_id: int) -> None:
        self.rows.append((row_id, "claim", entity_id))
        self.signal = True


def test_an_id_committed_after_a_later_one_is_not_missed() -> None:
    log = FakeLog()
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(2, 20)  # transaction B took id 2 after A took id 1, and committed first
    first = feed.poll()
    log.commit(1, 10)  # then A commits
    second = feed.poll()

    assert first is not None and first.tags == {("claim", 20)}
    assert second is not None and second.tags == {("claim", 10)}
    assert feed.poll() is None


def test_a_hole_that_never_fills_is_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    log = FakeLog()
    now = [0.0]
    feed = started(ChangeFeed(log, recheck_s=0, clock=lambda: now[0]))
    log.commit(2, 20)  # id 1 was rolled back
    feed.poll()
    now[0] += change_feed_module.HOLE_WAIT_S + 1
    log.signal = True
    feed.poll()

    assert feed._holes == {}


def test_a_feed_too_far_behind_answers_everything() -> None:
    log = FakeLog()
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(KEEP_ROWS, 1)  # the rows between were pruned before this process looked

    assert feed.poll() == EVERYTHING


def test_a_log_that_went_backwards_means_everything() -> None:
    """A restored backup holds an older log: what changed since cannot be told."""
    log = FakeLog()
    log.commit(1, 10)
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(2, 20)
    feed.poll()
    log.rows = [(1, "claim", 10)]  # restored
    log.signal = True

    assert feed.poll() == EVERYTHING


def test_an_engine_without_the_log_empties_on_this_process_commits() -> None:
    feed = ChangeFeed(None, recheck_s=3600)
    feed.poll()
    assert feed.poll() is None
    change_feed_module.note_local_commit(Committed())
    assert feed.poll() == EVERYTHING


# --- PostgreSQL -----------------------------------------------------------------------------

POSTGRES_URL = os.environ.get("GAINSAY_TEST_DATABASE_URL", "")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    if not POSTGRES_URL.startswith("postgresql"):
        pytest.skip("needs GAINSAY_TEST_DATABASE_URL pointing at a PostgreSQL server")
    name = f"gainsay_feed_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgres_commits_are_notified_and_named(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO actor (created_at, updated_at, version, name, slug, kind,"
                " description) VALUES (now(), now(), 1, 'SOHR', 'sohr', 'monitor', '')"
            )
        )
    feed = started(change_feed(engine))
    feed.recheck_s = 0
    feed.quiet_read_s = 3600  # only a notification makes it read

    with engine.begin() as connection:
        connection.execute(text("UPDATE actor SET description = 'x' WHERE slug = 'sohr'"))
        actor_id = connection.execute(text("SELECT id FROM actor WHERE slug = 'sohr'")).scalar()

    # The notification crosses a socket: poll until it is there, with a bound far beyond any
    # stall of a loaded machine.
    changes = None
    deadline = time.monotonic() + 30
    while changes is None and time.monotonic() < deadline:
        changes = feed.poll()
        if changes is None:
            time.sleep(0.01)
    engine.dispose()
    assert feed.source is not None
    feed.source.close()

    assert changes is not None and changes.tags == {("actor", actor_id)}
