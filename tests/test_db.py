"""app/db.py: LeanQuery, the hot read paths' way to the driver, and the read session."""

from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from app.db import LeanQuery
from app.models import Article, Claim


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
