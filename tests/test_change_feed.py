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
    """A feed past its first poll (which answers everything: it knows nothing of what was
    stored before it, and hands over the whole log kept, to check pages stored by others)."""
    first = feed.poll()
    assert first is not None and first.everything and first.known_from is not None
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
    assert set(changes.tags) == {
        ("claim", claim_id),
        ("in_article", article_id),  # the article's claims: not the article's own row
        ("by_actor", claimant_id),  # the actor's claims: not the actor's own row
    }
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
    assert {("dispute", dispute_id), ("claim", claim_id)} <= set(changes.tags)


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
    assert {("claim", claim_id), ("actor", 1)} <= set(changes.tags)


def test_a_bulk_statement_of_this_process_is_read_at_once(db_file: Path) -> None:
    subscribe(Committed, change_feed_module.note_local_commit)
    feed = started(ChangeFeed(SqliteLog(str(db_file)), recheck_s=3600))
    engine = make_engine(sqlite_url(db_file))
    with Session(engine) as session:
        session.execute(update(Actor).where(Actor.id == 2).values(description="bulk"))
        commit_and_publish(session)
    engine.dispose()

    changes = feed.poll()
    assert changes is not None and ("actor", 2) in set(changes.tags)


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
        # Transaction ids, as PostgreSQL's snapshots give them (None: an engine that cannot).
        self.next_transaction: int | None = None
        self.oldest: int | None = None

    def signalled(self) -> bool:
        signal, self.signal = self.signal, False
        return signal

    def rows_after(self, after_id: int, limit: int) -> list[tuple[int, str, int]]:
        return sorted(r for r in self.rows if r[0] > after_id)[:limit]

    def max_id(self) -> int:
        return max((r[0] for r in self.rows), default=0)

    def horizon(self) -> int | None:
        return self.next_transaction

    def oldest_running(self) -> int | None:
        return self.oldest

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

    assert first is not None and set(first.tags) == {("claim", 20)}
    assert second is not None and set(second.tags) == {("claim", 10)}
    assert feed.poll() is None


def test_the_first_read_hands_over_the_whole_log_with_positions() -> None:
    log = FakeLog()
    for row_id, entity_id in ((1, 10), (2, 20), (3, 10)):
        log.commit(row_id, entity_id)
    feed = ChangeFeed(log, recheck_s=0)

    first = feed.poll()

    assert first is not None and first.everything
    assert first.tags == {("claim", 10): 3, ("claim", 20): 2}
    assert first.known_from == 0 and feed.position == 3


def test_a_pruned_log_checks_only_renders_after_its_oldest_row() -> None:
    log = FakeLog()
    for row_id in (5, 6):  # 1 to 4 were pruned
        log.commit(row_id, row_id)
    first = ChangeFeed(log, recheck_s=0).poll()

    assert first is not None and first.known_from == 4


def test_the_position_stays_before_a_hole_until_it_fills() -> None:
    log = FakeLog()
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(2, 20)  # id 1's transaction is still running
    feed.poll()
    assert feed.position == 0
    log.commit(1, 10)
    feed.poll()
    assert feed.position == 2


def test_a_hole_whose_transaction_ended_is_a_rollback() -> None:
    """Once every transaction running when the hole was seen has ended, a missing id was
    rolled back: the position moves past it at once, not after HOLE_WAIT_S."""
    log = FakeLog()
    log.next_transaction, log.oldest = 100, 90  # transaction 95 holds id 1
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(2, 20)
    feed.poll()
    assert feed.position == 0

    log.signal = True
    feed.poll()
    assert feed.position == 0  # transaction 90 (or 95) may still commit id 1

    log.oldest = 100  # every transaction begun before the hole was seen has ended
    log.signal = True
    feed.poll()
    assert feed.position == 2 and feed._holes == {}


def test_a_gap_with_no_transaction_running_does_not_hold_the_position_back() -> None:
    """At the first read a gap among the newest ids is read again once the transactions that
    were running have ended: here none was, so it was a rollback."""
    log = FakeLog()
    log.commit(1, 10)
    log.commit(3, 30)  # id 2 rolled back
    log.next_transaction = log.oldest = 50  # nothing running
    feed = ChangeFeed(log, recheck_s=0)

    first = feed.poll()

    assert first is not None and feed.position == 3 and feed._holes == {}


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


def test_a_feed_too_far_behind_answers_everything_and_checks_only_later_renders() -> None:
    log = FakeLog()
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(KEEP_ROWS, 1)  # the rows between were pruned before this process looked

    changes = feed.poll()
    assert changes is not None and changes.everything and changes.known_from == KEEP_ROWS


def test_a_log_that_went_backwards_means_everything() -> None:
    """A restored backup holds an older log: what changed since cannot be told."""
    log = FakeLog()
    log.commit(1, 10)
    feed = started(ChangeFeed(log, recheck_s=0))
    log.commit(2, 20)
    feed.poll()
    log.rows = [(1, "claim", 10)]  # restored
    log.signal = True

    changes = feed.poll()
    assert changes is not None and changes.everything and changes.reset


def test_an_engine_without_the_log_empties_on_this_process_commits() -> None:
    feed = ChangeFeed(None, recheck_s=3600)
    feed.poll()
    assert feed.poll() is None
    before = feed.position
    change_feed_module.note_local_commit(Committed())
    changes = feed.poll()
    assert changes is not None and changes.everything
    assert changes.known_from == feed.position > before  # renders from now on can be kept


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

    assert changes is not None and set(changes.tags) == {("actor", actor_id)}


def test_postgres_a_rolled_back_id_holds_the_position_back_only_while_it_may_commit(
    postgres_url: str,
) -> None:
    """A transaction that took a log id and then rolled back leaves a hole; once it has
    ended (the snapshot's oldest running transaction is past it), the position moves on."""
    engine = make_engine(postgres_url)
    upgrade(engine)
    insert = text(
        "INSERT INTO actor (created_at, updated_at, version, name, slug, kind, description)"
        " VALUES (now(), now(), 1, :name, :name, 'monitor', '')"
    )
    with engine.begin() as connection:
        connection.execute(insert, {"name": "first"})
    feed = started(change_feed(engine))
    feed.recheck_s = 0

    running = engine.connect()
    transaction = running.begin()
    running.execute(insert, {"name": "rolled-back"})  # takes the next id, not committed
    with engine.begin() as connection:
        connection.execute(insert, {"name": "committed"})  # a later id, committed
    top = feed.position
    deadline = time.monotonic() + 30
    while feed.poll() is None:  # the NOTIFY crosses a socket
        assert time.monotonic() < deadline, "no notification"
        time.sleep(0.01)
    assert feed.position == top  # the hole: the running transaction may still commit

    transaction.rollback()
    running.close()
    with engine.begin() as connection:
        newest = connection.execute(text("SELECT max(id) FROM change_log")).scalar()
    feed.quiet_read_s = 0  # read the log on this poll, notification or not
    feed.poll()
    engine.dispose()
    assert feed.source is not None
    feed.source.close()

    assert feed.position == newest
