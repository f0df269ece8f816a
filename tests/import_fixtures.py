"""Fixtures for the import tests: a private writable database per module, and analysts signed
in through a real session (the cookie and CSRF token a browser would hold) or an API token.

Import them into a test module: `from tests.import_fixtures import *`-style, by name."""

import secrets
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.auth import SESSION_COOKIE
from app.db import write_session
from app.main import create_app
from app.services.accounts import create_user, start_session

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def db_path(writable_copy: Path) -> Path:
    """This module writes: it gets its own copy of the migrated, seeded database."""
    return writable_copy


@dataclass
class Analyst:
    client: TestClient
    csrf: str
    user_id: int
    username: str

    def form(self, **fields: str) -> dict[str, str]:
        return {"csrf_token": self.csrf, **fields}

    @property
    def htmx(self) -> dict[str, str]:
        return {"HX-Request": "true", "X-CSRF-Token": self.csrf}


def new_analyst(engine: Engine, role: str = "analyst") -> tuple[int, str, str, str]:
    """A new user with a browser session: (user id, username, session token, CSRF token)."""
    username = f"{role}-{secrets.token_hex(4)}"
    with write_session(engine) as session:
        user = create_user(session, username, PASSWORD, role)
        token, row = start_session(session, user, "pytest")
        ids = (user.id, user.username, token, row.csrf_token)
        session.commit()
    return ids


@pytest.fixture(scope="module")
def analyst(engine: Engine) -> Iterator[Analyst]:
    user_id, username, token, csrf = new_analyst(engine)
    with TestClient(create_app(), cookies={SESSION_COOKIE: token}) as client:
        yield Analyst(client, csrf, user_id, username)


@pytest.fixture(scope="module")
def anonymous(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


@pytest.fixture(scope="module")
def import_live_server(db_path: Path, app_database: str) -> Iterator[str]:
    """A real uvicorn serving this module's database (for the browser test); its URL."""
    from tests.conftest import running_uvicorn

    log_path = db_path.parent / "uvicorn-import.log"
    with running_uvicorn(app_database, log_path, GAINSAY_LOAD_SEEDS="false") as base:
        yield base
