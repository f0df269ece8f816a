"""app/db.py: LeanQuery, the hot read paths' way to the driver, the read session and the change
watcher."""

import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from app.db import LeanQuery, SqliteChangeWatcher
from app.models import Actor, Article, Claim


@pytest.fixture(scope="module")
def db_path(writable_copy: Path) -> Path:
    return writable_copy  # one test below commits a change


CLAIM = LeanQuery(
    "SELECT c.id, c.statement, c.created_at, a.published_on FROM claim AS c"
    " JOIN article AS a ON a.id = c.article_id WHERE c.id = :claim_id",
    {2: Claim.created_at.type, 3: Article.published_on.type},
)


def test_rows_match_the_orm_with_dates_converted(session: Session) -> None:
    claim, article = session.execute(
        select(Claim, Article).join(Article, Article.id == Claim.article_id).limit(1)
    ).one()
    article.published_on = date(2016, 2, 15)  # the seeds know no publication dates
    session.flush()  # the lean query reads the session's own transaction

    row = CLAIM.first(session, claim_id=claim.id)

    assert row == (claim.id, claim.statement, claim.created_at, article.published_on)
    assert isinstance(row[2], datetime) and isinstance(row[3], date)


def test_nothing_found_is_none_or_empty(session: Session) -> None:
    assert CLAIM.first(session, claim_id=10**9) is None
    assert CLAIM.rows(session, claim_id=10**9) == []


def test_a_missing_parameter_is_an_error_not_a_null(session: Session) -> None:
    with pytest.raises((KeyError, psycopg.ProgrammingError)):  # sqlite3's or psycopg's
        CLAIM.rows(session)


def test_the_same_text_compiles_for_postgresql() -> None:
    """The SQL is written once; another dialect gets its own parameter style."""
    query = LeanQuery("SELECT id FROM claim WHERE id = :claim_id AND state IN (:a, :b)")
    sql, order, _ = query._compile(postgresql.dialect())

    assert sql == "SELECT id FROM claim WHERE id = %(claim_id)s AND state IN (%(a)s, %(b)s)"
    assert order is None  # named parameters, passed as a mapping


@pytest.mark.sqlite_only(reason="SQLite's WAL read snapshot (PostgreSQL reads committed)")
def test_queries_read_the_session_snapshot(session: Session, db_path: Path) -> None:
    """A page's queries all see one state of the database, even if a writer commits between
    them (SQLite WAL: a read transaction keeps its snapshot)."""
    claim_id = session.execute(select(Claim.id).limit(1)).scalar_one()
    before = CLAIM.first(session, claim_id=claim_id)

    other = create_engine(f"sqlite:///{db_path}")
    with other.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE claim SET statement = 'changed meanwhile' WHERE id = ?", (claim_id,)
        )
    other.dispose()

    assert CLAIM.first(session, claim_id=claim_id) == before
    session.rollback()  # a new transaction sees the commit
    assert CLAIM.first(session, claim_id=claim_id)[1] == "changed meanwhile"


@pytest.mark.sqlite_only(reason="SqliteChangeWatcher reads SQLite's data_version")
def test_the_change_watcher_sees_every_commit(engine: Engine, db_path: Path) -> None:
    """This process's commits count at once; another connection's (another process, a CLI
    import) within the recheck interval, and not before it is read again."""
    watcher = SqliteChangeWatcher(str(db_path), recheck_s=0.05)
    first = watcher.version()

    other = sqlite3.connect(db_path)
    with other:
        other.execute("UPDATE actor SET description = description || '.' WHERE id = 1")
    other.close()
    unread = watcher.version()  # within the interval: the last value read
    time.sleep(0.06)
    after_other = watcher.version()

    with Session(engine) as session:
        actor = session.get(Actor, 1)
        assert actor is not None
        actor.description = f"{actor.description} "
        session.commit()
    after_local = watcher.version()  # no wait: the count of this process's commits

    assert unread == first
    assert len({first, after_other, after_local}) == 3, (first, after_other, after_local)


class _BrokenConnection:
    def execute(self, sql: str) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("disk I/O error")


@pytest.mark.sqlite_only(reason="SqliteChangeWatcher reads SQLite's data_version")
def test_a_change_watcher_that_cannot_read_never_repeats_a_version(db_path: Path) -> None:
    """If data_version cannot be read, each answer is new, so the page cache serves nothing
    it stored (and the app meets the error itself)."""
    watcher = SqliteChangeWatcher(str(db_path), recheck_s=0)
    readable = watcher.version()
    watcher._connection = _BrokenConnection()  # type: ignore[assignment]

    unreadable = [watcher.version() for _ in range(3)]

    assert len({readable, *unreadable}) == 4
