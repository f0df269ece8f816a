"""bench.to_postgres: the generated corpus, copied onto PostgreSQL, is the same corpus there.

The benchmark serves this copy to compare the engines side by side, so a row lost, a search
table left empty or an id sequence left behind would make the comparison a lie.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, text
from sqlmodel import Session, select

from app.models import Actor, ChangeLogEntry
from bench.generate import generate
from bench.to_postgres import copy_corpus
from tests.conftest import database_url, new_database

pytestmark = pytest.mark.postgres_only(reason="copies a corpus onto the PostgreSQL test server")

ARTICLES = 40
COUNTED = ("article", "actor", "actor_alias", "claim", "claim_link", "dispute", "figure")


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("bench-pg")
    corpus = folder / "corpus.db"
    generate(corpus, articles=ARTICLES, claims=10 * ARTICLES, workers=1, chunk_articles=20)
    url = database_url(new_database(folder))
    copy_corpus(corpus, url, progress=lambda _line: None)
    return corpus, url


def test_every_row_is_copied_with_its_id(copied):
    corpus, url = copied
    engine = create_engine(url)
    with closing(sqlite3.connect(corpus)) as source, engine.connect() as target:
        for table in COUNTED:
            expected = source.execute(f"SELECT count(*), sum(id) FROM {table}").fetchone()
            got = target.execute(text(f"SELECT count(*), sum(id) FROM {table}")).one()
            assert tuple(got) == expected, table
        quote = source.execute("SELECT quote FROM claim WHERE id = 7").fetchone()[0]
        assert target.execute(text("SELECT quote FROM claim WHERE id = 7")).scalar_one() == quote
    engine.dispose()


def test_search_documents_are_built_for_every_row(copied):
    corpus, url = copied
    engine = create_engine(url)
    with closing(sqlite3.connect(corpus)) as source, engine.connect() as target:
        title = source.execute("SELECT title FROM article WHERE id = 3").fetchone()[0]
        word = max(title.split(), key=len).strip(",:")
        hits = target.execute(
            text(
                "SELECT id FROM article_fts "
                "WHERE document @@ plainto_tsquery('gainsay', gainsay_fts_words(:word))"
            ),
            {"word": word},
        ).scalars()
        assert 3 in set(hits)
        for table in ("article", "claim", "actor", "dispute"):
            rows = target.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            documents = target.execute(text(f"SELECT count(*) FROM {table}_fts")).scalar_one()
            assert documents == rows, table
    engine.dispose()


def test_new_rows_get_ids_after_the_copied_ones_and_are_logged(copied):
    _corpus, url = copied
    engine = create_engine(url)
    with Session(engine) as session:  # left without a commit: rolled back
        highest = session.exec(select(func.max(Actor.id))).one()
        actor = Actor(name="Copy Check", slug="copy-check", kind="person")
        session.add(actor)
        session.flush()
        assert actor.id is not None and actor.id > highest
        # The triggers were off only for the load: this write is in the change log.
        logged = session.exec(
            select(func.count()).where(
                ChangeLogEntry.entity == "actor", ChangeLogEntry.entity_id == actor.id
            )
        ).one()
        assert logged >= 1
    engine.dispose()


def test_a_database_that_has_rows_is_refused(copied):
    corpus, url = copied
    with pytest.raises(SystemExit, match="already has rows"):
        copy_corpus(corpus, url, progress=lambda _line: None)
