"""app/maintenance.py: expired sessions, old sign-in failures and the change log's old rows go;
the rest stays; and it runs on its schedule for as long as the server serves."""

import asyncio
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

import app.main
from app import maintenance
from app.db import make_engine
from app.maintenance import Tidied, tidy
from app.models import LoginFailure, UserSession, utcnow
from app.services.accounts import THROTTLE_WINDOW
from app.vocabulary import Role
from tests.conftest import SeedTemplate, copy_database, sqlite_url
from tests.workspace_fixtures import add_user, open_session


def test_tidy_removes_expired_sessions_and_old_change_log_rows(
    seed_template: SeedTemplate, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url(copy_database(seed_template.path, tmp_path / "g.db")))
    user_id, _ = add_user(engine, Role.analyst)
    open_session(engine, user_id)
    open_session(engine, user_id)
    with Session(engine) as session:
        expired = session.exec(select(UserSession)).first()
        assert expired is not None
        expired.expires_at = utcnow() - timedelta(minutes=1)
        session.add(LoginFailure(username="a", client="c", at=utcnow() - 2 * THROTTLE_WINDOW))
        session.add(LoginFailure(username="a", client="c", at=utcnow()))
        session.commit()
    done = tidy(engine, keep_rows=10)

    with engine.connect() as connection:
        log_rows = connection.execute(text("SELECT count(*) FROM change_log")).scalar()
        sessions = connection.execute(text("SELECT count(*) FROM user_session")).scalar()
        failures = connection.execute(text("SELECT count(*) FROM login_failure")).scalar()
    engine.dispose()
    assert failures == 1  # the one still inside the throttling window
    assert done.sessions == 1 and sessions == 1
    assert done.change_log_rows > 0 and log_rows == 10


def test_tidy_runs_every_interval_and_a_failed_run_is_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[str] = []

    def flaky_tidy(_engine: object) -> Tidied:
        runs.append("failed" if not runs else "done")
        if len(runs) == 1:
            raise RuntimeError("database is locked")
        return Tidied(0, 0)

    monkeypatch.setattr(maintenance, "tidy", flaky_tidy)
    monkeypatch.setattr(maintenance, "get_engine", lambda: None)

    async def until_two_runs() -> None:
        task = asyncio.create_task(maintenance.tidy_forever(interval_s=0.001))
        while len(runs) < 2:
            await asyncio.sleep(0.001)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(until_two_runs(), timeout=30))
    assert runs[:2] == ["failed", "done"]


@pytest.fixture
def housekeeping(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, threading.Event]]:
    """app.main's housekeeping replaced by one that says when it starts and when it is stopped."""
    events = {"started": threading.Event(), "stopped": threading.Event()}

    async def watched() -> None:
        events["started"].set()
        try:
            await asyncio.Event().wait()
        finally:
            events["stopped"].set()

    monkeypatch.setattr(app.main, "tidy_forever", watched)
    yield events


def test_the_server_runs_housekeeping_while_it_serves(
    app_database: str, housekeeping: dict[str, threading.Event]
) -> None:
    with TestClient(app.main.create_app()) as client:
        assert client.get("/healthz").status_code == 200
        assert housekeeping["started"].wait(timeout=30)
        assert not housekeeping["stopped"].is_set()
    assert housekeeping["stopped"].is_set()
