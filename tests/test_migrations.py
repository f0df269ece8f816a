"""app/migrate.py and migrations/: the schema comes from Alembic alone, and matches the models."""

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from app.db import get_engine, is_sqlite
from app.migrate import alembic_config, upgrade
from app.paths import MIGRATIONS_DIR
from tests.conftest import clear_caches, database_url, new_database, point_app_at

FTS_TABLES = {"article_fts", "claim_fts", "actor_fts", "dispute_fts"}  # dispute_fts: 0006


def is_current(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


@pytest.fixture
def empty_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The app's engine, pointed at a new, empty database (a file, or a PostgreSQL database)."""
    point_app_at(monkeypatch, database_url(new_database(tmp_path)))
    yield get_engine()
    clear_caches()  # monkeypatch then restores the environment


def env_include_object() -> Callable[..., bool]:
    """The `include_object` filter defined in migrations/env.py (that module runs the
    migrations when imported, so the function is compiled from its source on its own)."""
    source = (MIGRATIONS_DIR / "env.py").read_text()
    tree = ast.parse(source)
    [function] = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "include_object"
    ]
    namespace: dict = {}
    exec(compile(ast.Module([function], type_ignores=[]), "env.py", "exec"), namespace)
    return namespace["include_object"]


def schema(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        ).all()


def heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


@pytest.mark.sqlite_only(reason="checks the FTS5 tables in sqlite_master")
def test_upgrade_from_empty_reaches_head_with_every_table(empty_engine):
    assert not is_current(empty_engine)

    upgrade(empty_engine)

    assert is_current(empty_engine)
    assert current(empty_engine) == heads()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert tables >= FTS_TABLES
    with empty_engine.connect() as connection:
        fts = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%fts5%'")
        ).scalars()
        assert set(fts) == FTS_TABLES


@pytest.mark.sqlite_only(reason="compares sqlite_master")
def test_upgrade_twice_is_harmless(empty_engine):
    upgrade(empty_engine)
    before = schema(empty_engine)

    upgrade(empty_engine)

    assert schema(empty_engine) == before
    assert current(empty_engine) == heads()


def test_models_and_migrations_do_not_drift(empty_engine):
    upgrade(empty_engine)
    include_object = env_include_object()
    assert not include_object(None, "claim_fts", "table", True, None)  # FTS tables left out
    assert include_object(None, "claim", "table", True, None)

    with empty_engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": include_object,
                "compare_type": True,
                "target_metadata": SQLModel.metadata,
            },
        )
        diff = compare_metadata(context, SQLModel.metadata)

    assert diff == []


def test_downgrade_to_base_and_upgrade_again(empty_engine):
    upgrade(empty_engine)
    config = alembic_config(empty_engine.url.render_as_string(hide_password=False))

    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")

    left = set(inspect(empty_engine).get_table_names())
    assert left <= {"alembic_version"}
    assert current(empty_engine) == set()

    upgrade(empty_engine)

    assert is_current(empty_engine)
    expected = (FTS_TABLES if is_sqlite(empty_engine) else set()) | set(SQLModel.metadata.tables)
    assert set(inspect(empty_engine).get_table_names()) >= expected


@pytest.mark.sqlite_only(reason="SQLite's FTS5 triggers (app/search/ has PostgreSQL's own)")
def test_search_triggers_keep_the_indexes_current(empty_engine):
    upgrade(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO actor (id, name, slug, kind, description, version, created_at,"
                " updated_at) VALUES (1, 'Zyxwv Monitor', 'zyxwv-monitor', 'monitor', '', 1,"
                " '2020-01-01', '2020-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO actor_alias (actor_id, alias, created_at, updated_at)"
                " VALUES (1, 'Qwertz Watch', '2020-01-01', '2020-01-01')"
            )
        )

    def actor_matches(query: str) -> list[int]:
        with empty_engine.connect() as connection:
            return list(
                connection.execute(
                    text("SELECT rowid FROM actor_fts WHERE actor_fts MATCH :q"), {"q": query}
                ).scalars()
            )

    assert actor_matches("zyxwv") == [1]
    assert actor_matches("qwertz") == [1]  # the alias trigger filled in the aliases column

    with empty_engine.begin() as connection:
        connection.execute(text("UPDATE actor SET name = 'Renamed Body' WHERE id = 1"))
        connection.execute(text("DELETE FROM actor_alias WHERE actor_id = 1"))

    assert actor_matches("zyxwv") == []
    assert actor_matches("renamed") == [1]
    assert actor_matches("qwertz") == []


def test_seeded_template_is_at_head(engine):
    assert is_current(engine)
