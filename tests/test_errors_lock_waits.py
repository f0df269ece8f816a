"""app/errors.py: a write that gives up waiting for another process's lock is a 503 to retry,
with nothing saved, never a 500."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import get_engine
from app.main import create_app
from app.vocabulary import Role
from tests.conftest import (
    SeedTemplate,
    TestClient,
    clear_caches,
    copy_database,
    point_app_at,
    sqlite_url,
)
from tests.workspace_fixtures import add_user, api_token


@pytest.fixture
def impatient_app(seed_template: SeedTemplate, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The app on a copy of the seeds, waiting only 100 ms for SQLite's write lock."""
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, sqlite_url(database), sqlite_busy_timeout_ms="100")
        user_id, _ = add_user(get_engine(), Role.analyst)
        yield database, api_token(get_engine(), user_id)
        clear_caches()


def test_a_write_blocked_by_another_process_is_a_503_and_saves_nothing(impatient_app):
    database, token = impatient_app
    with get_engine().connect() as connection:
        dispute_id = connection.execute(text("SELECT min(id) FROM dispute")).scalar()
    other = sqlite3.connect(database, isolation_level=None)
    with TestClient(create_app()) as client:
        etag = client.get(f"/api/disputes/{dispute_id}").headers["etag"]
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            answer = client.patch(
                f"/api/disputes/{dispute_id}",
                json={"summary": "Never saved."},
                headers={"Authorization": f"Bearer {token}", "If-Match": etag},
            )
        finally:
            other.execute("ROLLBACK")
            other.close()
        after = client.get(f"/api/disputes/{dispute_id}")

    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "1"
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "try again" in answer.json()["detail"].lower()
    assert after.json()["summary"] != "Never saved."
    assert after.headers["etag"] == etag
