"""app.events: commits that wrote are announced once, by app.db.commit; reads are not."""

from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from app import events
from app.db import commit, make_engine
from app.events import Committed, publish, subscribe
from app.models import Actor
from tests.conftest import SeedTemplate, copy_database, sqlite_url


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[Committed]:
    monkeypatch.setattr(events, "_handlers", {})
    seen: list[Committed] = []
    subscribe(Committed, seen.append)
    return seen


def test_a_handler_subscribed_twice_hears_each_event_once(heard: list[Committed]) -> None:
    subscribe(Committed, heard.append)
    publish(Committed())
    assert heard == [Committed()]


@pytest.fixture
def db_file(tmp_path: Path, seed_template: SeedTemplate) -> Path:
    return copy_database(seed_template.path, tmp_path / "events.db")


def test_commit_publishes_only_when_the_transaction_wrote(
    db_file: Path, heard: list[Committed]
) -> None:
    engine = make_engine(sqlite_url(db_file))
    try:
        with Session(engine) as session:
            session.execute(select(Actor.id)).all()
            commit(session)
        assert heard == []

        with Session(engine) as session:
            actor = session.get(Actor, 1)
            assert actor is not None
            actor.description = "changed"
            commit(session)
        assert heard == [Committed()]

        with Session(engine) as session:
            session.execute(update(Actor).where(Actor.id == 2).values(description="bulk"))
            commit(session)
        assert heard == [Committed(), Committed()]
    finally:
        engine.dispose()
