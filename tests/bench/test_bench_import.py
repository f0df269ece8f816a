"""bench/bench_import.py at a small scale: both ways of importing (the batch of `gainsay
import`, and the server's article by article) store the same articles and suggestions. No
timing thresholds: this fails on a broken benchmark, never on a slow machine."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import make_engine
from app.ingest.importing.batch import run_import
from app.ingest.importing.sources import iter_sources
from app.migrate import upgrade
from app.models import Actor, Article, ClaimSuggestion
from bench import prose
from bench.bench_import import import_one_by_one, load_actors, write_corpus

pytestmark = pytest.mark.sqlite_only(reason="the benchmark imports into a SQLite file")


def stored(database: Path) -> tuple[list[str], int, int]:
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        titles = list(connection.execute(select(Article.title).order_by(Article.id)).scalars())
        suggestions = connection.execute(select(func.count(ClaimSuggestion.id))).scalar_one()
        actors = connection.execute(select(func.count(Actor.id))).scalar_one()
    engine.dispose()
    return titles, suggestions, actors


def test_the_batch_and_the_server_way_store_the_same(tmp_path: Path):
    world = prose.build_world(7)
    corpus = tmp_path / "articles"
    corpus.mkdir()
    write_corpus(corpus, world, 6, seed=7)
    results = {}
    for way in ("batch", "one-by-one"):
        database = tmp_path / f"{way}.db"
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        load_actors(engine, world)
        if way == "batch":
            summary = run_import(engine, iter_sources([corpus]))
        else:
            summary = import_one_by_one(engine, corpus)
        engine.dispose()
        assert (summary.imported, summary.refused) == (6, 0)
        results[way] = stored(database)
    titles, suggestions, actors = results["batch"]
    assert len(titles) == 6 and suggestions > 6 and actors == len(world.actors)
    assert results["one-by-one"] == results["batch"]
