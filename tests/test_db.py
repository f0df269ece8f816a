"""app/db.py: LeanQuery, the hot read paths' way to the driver, and the read session."""

import asyncio
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from app.db import LeanQuery, get_engine, get_read_session, make_engine, read_transaction
from app.models import Article, Claim
from app.settings import get_settings


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


def test_a_read_sessions_queries_read_one_snapshot(app_database: str) -> None:
    """A page's queries all see one state of the database, even if a writer commits between
    them (SQLite: a WAL read transaction; PostgreSQL: REPEATABLE READ)."""

    async def scenario() -> tuple[tuple, tuple, tuple]:
        reading = get_read_session()
        session = await anext(reading)
        claim_id = session.execute(select(Claim.id).limit(1)).scalar_one()
        before = CLAIM.first(session, claim_id=claim_id)
        other = make_engine(app_database)
        with other.begin() as connection:
            connection.execute(
                text("UPDATE claim SET statement = 'changed meanwhile' WHERE id = :i"),
                {"i": claim_id},
            )
        other.dispose()
        during = CLAIM.first(session, claim_id=claim_id)
        await reading.aclose()
        reading = get_read_session()
        after = CLAIM.first(await anext(reading), claim_id=claim_id)
        await reading.aclose()
        return before, during, after

    before, during, after = asyncio.run(scenario())

    assert during == before
    assert after[1] == "changed meanwhile"


def test_a_read_transactions_statements_read_one_snapshot(app_database: str) -> None:
    """The lean permalinks' read, begun on the driver (app.db.read_transaction), sees one state
    of the database too: a writer's commit between two statements shows only in the next."""
    with Session(get_engine()) as session:
        claim_id = session.execute(select(Claim.id).limit(1)).scalar_one()
    with read_transaction() as read:
        before = CLAIM.first(read, claim_id=claim_id)
        other = make_engine(app_database)
        with other.begin() as connection:
            connection.execute(
                text("UPDATE claim SET statement = 'changed during a read' WHERE id = :i"),
                {"i": claim_id},
            )
        other.dispose()
        during = CLAIM.first(read, claim_id=claim_id)
    with read_transaction() as read:
        after = CLAIM.first(read, claim_id=claim_id)

    assert before is not None and before[1] != "changed during a read"
    assert during == before
    assert after is not None and after[1] == "changed during a read"


def _in_transaction(dbapi_connection: object) -> bool:
    if isinstance(dbapi_connection, psycopg.Connection):
        return dbapi_connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
    return bool(dbapi_connection.in_transaction)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fails", [False, True], ids=["ends", "fails"])
def test_a_read_transaction_leaves_its_connection_idle(engine: Engine, fails: bool) -> None:
    """Whether the page rendered or raised, the driver's transaction is over when the block is
    (an open one would hold SQLite's snapshot, and the WAL could not be checkpointed)."""
    failing = pytest.raises(LookupError) if fails else nullcontext()
    with failing, read_transaction(engine) as read:
        assert CLAIM.rows(read, claim_id=10**9) == []
        dbapi_connection = read.connection().connection.dbapi_connection
        assert _in_transaction(dbapi_connection)
        if fails:
            raise LookupError("the page failed")

    assert not _in_transaction(dbapi_connection)


@pytest.mark.parametrize("megabytes", [0, 64])
def test_sqlite_reads_the_file_through_a_memory_map_of_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, megabytes: int
) -> None:
    monkeypatch.setenv("GAINSAY_SQLITE_MMAP_MB", str(megabytes))
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path / 'mapped.db'}")
    try:
        with engine.connect() as connection:
            mapped = connection.exec_driver_sql("PRAGMA mmap_size").scalar()
    finally:
        engine.dispose()
        get_settings.cache_clear()

    assert mapped == megabytes * 1024 * 1024
