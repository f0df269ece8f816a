"""Copy a generated corpus (a SQLite file from bench.generate) into a PostgreSQL database.

    python -m bench.to_postgres --db bench/data/corpus.db \
        --url postgresql+psycopg://postgres@127.0.0.1:5432/gainsay_bench

The PostgreSQL database gets the app's own schema (Alembic, `app.migrate.upgrade`) and then
every row of the SQLite file, ids and all, through COPY, in one transaction. With triggers
off for the load (`session_replication_role = replica`, which needs a superuser): the change
log's triggers would record a million changes nobody made, and the search triggers would
index one row at a time. Foreign keys are not checked row by row either; the source already
held them. The search documents are then built in one statement per table (the same
statements migration 0004 runs on existing rows), the id sequences moved past the copied ids,
and the tables analysed. The result is the same corpus on the other engine, so that
`python -m bench.run --database-url ...` can serve it and sample its paths from the file.

The target database is created when missing, and refused when it already holds articles.
"""

import argparse
import importlib.util
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import make_url
from sqlmodel import SQLModel

import app.models  # noqa: F401  (the tables SQLModel.metadata lists)
from app.db import make_engine
from app.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
BATCH_ROWS = 20_000


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as a libpq connection string for psycopg."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def ensure_database(url: str) -> None:
    """Create the target database when it does not exist (from the server's `postgres` one)."""
    target = make_url(url)
    admin = _libpq(str(target.set(database="postgres")))
    with closing(psycopg.connect(admin, autocommit=True)) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database))
            )


def search_rebuild_statements() -> list[str]:
    """The migrations' statements that fill PostgreSQL's search tables from existing rows
    (INSERT INTO x_fts ... SELECT, SELECT actor_fts_refresh(id)), in migration order."""
    fills = re.compile(r"^\s*(INSERT INTO \w+_fts\b.*\bSELECT\b|SELECT \w+_fts_refresh\()", re.S)
    statements = []
    for path in sorted(MIGRATIONS.glob("[0-9]*.py")):
        spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, value in vars(module).items():
            if name.isupper() and "DOWN" not in name and isinstance(value, list):
                statements += [s for s in value if isinstance(s, str) and fills.match(s)]
    return statements


def _rows(source: sqlite3.Connection, table: str, columns: list[str]) -> Iterable[tuple]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    cursor = source.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid')
    while batch := cursor.fetchmany(BATCH_ROWS):
        yield from batch


def copy_corpus(db: Path, url: str, progress: Callable[[str], None] = print) -> dict[str, int]:
    ensure_database(url)
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name != "alembic_version"]
    counts: dict[str, int] = {}
    with (
        closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as source,
        closing(psycopg.connect(_libpq(url))) as target,
    ):
        with target.transaction():
            if target.execute("SELECT 1 FROM article LIMIT 1").fetchone():
                raise SystemExit("article already has rows: copy into an empty database")
            target.execute("SET session_replication_role = replica")
            for table in tables:
                # A corpus generated before a migration lacks its tables and columns: they
                # stay empty (or take their defaults) in the copy, as an upgrade leaves them.
                source_columns = {
                    row[1] for row in source.execute(f'PRAGMA table_info("{table.name}")')
                }
                columns = [c.name for c in table.columns if c.name in source_columns]
                if not columns:
                    progress(f"{table.name}: not in the corpus, left as the migrations made it")
                    continue
                # Rows a migration put there (a bookkeeping mark) give way to the corpus's own.
                target.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table.name)))
                started = time.monotonic()
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                copied = 0
                with target.cursor().copy(statement) as copy:
                    for row in _rows(source, table.name, columns):
                        copy.write_row(row)
                        copied += 1
                counts[table.name] = copied
                progress(f"{table.name}: {copied:,} rows in {time.monotonic() - started:.1f} s")
            target.execute("SET session_replication_role = origin")
            for statement in search_rebuild_statements():
                started = time.monotonic()
                target.execute(statement)
                took = time.monotonic() - started
                progress(f"search: {' '.join(statement.split()[:3])} in {took:.1f} s")
            for table in tables:
                id_column = table.columns.get("id")
                if id_column is not None and id_column.type.python_type is int:
                    target.execute(
                        sql.SQL(
                            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                            "coalesce((SELECT max(id) FROM {}), 0) + 1, false) "
                            "WHERE pg_get_serial_sequence(%s, 'id') IS NOT NULL"
                        ).format(sql.Identifier(table.name)),
                        (table.name, table.name),
                    )
        target.autocommit = True
        started = time.monotonic()
        target.execute("ANALYZE")
        progress(f"analyse: {time.monotonic() - started:.1f} s")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("bench/data/corpus.db"))
    parser.add_argument("--url", required=True, help="postgresql+psycopg://user@host:port/database")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"{args.db} does not exist; make one with python -m bench.generate")
    started = time.monotonic()
    counts = copy_corpus(args.db, args.url, progress=lambda line: print(line, file=sys.stderr))
    print(f"copied {sum(counts.values()):,} rows in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
