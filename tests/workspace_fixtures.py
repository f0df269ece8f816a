"""Fixtures and helpers for the analyst-workspace tests: accounts and sessions, the write
routes, CSRF, concurrent editing, annotating and the browser flow.

A test module takes the fixtures it needs by assignment, so that pytest finds them in the
module (and ruff sees them used):

    from tests import workspace_fixtures as ws

    db_path = ws.db_path  # this module writes: a private copy of the seeded database
    analyst = ws.analyst
"""

import hashlib
import re
import secrets
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.auth import SESSION_COOKIE
from app.db import write_session
from app.main import create_app
from app.models import Article, Change
from app.passwords import hash_password
from app.services.accounts import start_session
from app.services.api_tokens import create_api_token
from app.vocabulary import Role
from tests.conftest import Database, libpq_url
from tests.htmldoc import Element, parse

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple 7"
# Hashing with argon2id takes a noticeable fraction of a second: hash the shared password once.
_HASHES: dict[str, str] = {}


@pytest.fixture(scope="module")
def db_path(writable_copy: Database) -> Database:
    """The module writes: it gets its own copy of the migrated, seeded database."""
    return writable_copy


# --- People -----------------------------------------------------------------------------------


@dataclass
class Person:
    """A user with a browser session: the client carries the session cookie."""

    client: TestClient
    user_id: int
    username: str
    token: str  # the session cookie's value
    csrf: str

    def form(self, **fields: object) -> dict[str, object]:
        return {"csrf_token": self.csrf, **fields}

    @property
    def htmx(self) -> dict[str, str]:
        return {"HX-Request": "true", "X-CSRF-Token": self.csrf}

    @property
    def json_headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}


def add_user(
    engine: Engine,
    role: str = Role.analyst,
    *,
    username: str | None = None,
    password: str = PASSWORD,
) -> tuple[int, str]:
    """A new user (id, username), stored as create_user would store it."""
    from app.models import User

    name = username or f"{role}-{secrets.token_hex(4)}"
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    with write_session(engine) as session:
        user = User(username=name, display_name=name, role=role, password_hash=_HASHES[password])
        session.add(user)
        session.commit()
        return user.id, user.username


def open_session(engine: Engine, user_id: int, agent: str = "pytest") -> tuple[str, str]:
    """A new signed-in session for the user: (cookie value, CSRF token)."""
    from app.models import User

    with write_session(engine) as session:
        token, row = start_session(session, session.get(User, user_id), agent)
        csrf = row.csrf_token
        session.commit()
    return token, csrf


def api_token(engine: Engine, user_id: int, name: str = "script") -> str:
    from app.models import User

    with write_session(engine) as session:
        secret, _ = create_api_token(session, session.get(User, user_id), name)
        session.commit()
    return secret


def new_person(engine: Engine, role: str = Role.analyst, **client_options: object) -> Person:
    """A new user signed in through a server-side session; the caller closes the client."""
    user_id, username = add_user(engine, role)
    token, csrf = open_session(engine, user_id)
    client = TestClient(create_app(), cookies={SESSION_COOKIE: token}, **client_options)
    client.__enter__()
    return Person(client, user_id, username, token, csrf)


def close(person: Person) -> None:
    person.client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def analyst(engine: Engine) -> Iterator[Person]:
    person = new_person(engine)
    yield person
    close(person)


@pytest.fixture(scope="module")
def other_analyst(engine: Engine) -> Iterator[Person]:
    person = new_person(engine)
    yield person
    close(person)


@pytest.fixture(scope="module")
def admin(engine: Engine) -> Iterator[Person]:
    person = new_person(engine, Role.admin)
    yield person
    close(person)


@pytest.fixture(scope="module")
def reader(engine: Engine) -> Iterator[TestClient]:
    """An anonymous reader (no cookies)."""
    with TestClient(create_app()) as client:
        yield client


def anonymous_csrf(client: TestClient) -> str:
    """The sign-in form's CSRF token; the matching cookie is left in the client's jar."""
    response = client.get("/sign-in")
    assert response.status_code == 200, response.status_code
    field = parse(response.text).find("input", name="csrf_token")
    assert field is not None and field.get("value")
    return field.get("value")


# --- The database -----------------------------------------------------------------------------


@contextmanager
def _tables(database: Database) -> Iterator[tuple[list[str], Callable[[str], list]]]:
    """The database's table names and a way to read a table's rows, on a connection of its
    own (a plain sqlite3 one on SQLite, as ever; psycopg on PostgreSQL)."""
    if isinstance(database, Path):
        with closing(sqlite3.connect(database)) as connection:
            names = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            yield names, lambda name: connection.execute(f'SELECT * FROM "{name}"').fetchall()
        return
    with psycopg.connect(libpq_url(database.url)) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                " ORDER BY tablename"
            )
        ]
        yield names, lambda name: connection.execute(f'SELECT * FROM "{name}"').fetchall()


def table_digests(database: Database) -> dict[str, str]:
    """A digest of every table's rows (in a stable order), by table name."""
    digests = {}
    with _tables(database) as (names, rows_of):
        for name in names:
            rows = sorted(repr(row) for row in rows_of(name))
            digests[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def database_text(database: Database) -> str:
    """Every row of every table as text (to look for a secret that must not be stored)."""
    lines = []
    with _tables(database) as (names, rows_of):
        for name in names:
            lines += [repr(row) for row in rows_of(name)]
    return "\n".join(lines)


def changes_for(engine: Engine, entity: str, entity_id: int) -> list[Change]:
    with Session(engine) as session:
        return list(
            session.execute(
                select(Change)
                .where(Change.entity == entity, Change.entity_id == entity_id)
                .order_by(Change.id)
            ).scalars()
        )


def article_body(engine: Engine, article_id: int) -> str:
    with Session(engine) as session:
        return session.get(Article, article_id).body


# --- Pages ------------------------------------------------------------------------------------


def hidden_fields(form: Element) -> dict[str, str]:
    return {
        el.get("name"): el.get("value") or ""
        for el in form.find_all("input", type="hidden")
        if el.get("name")
    }


def field_error(root: Element, field: str) -> str | None:
    """The message shown next to a form field: the `.field-error` the field points at with
    aria-describedby (checked to exist), or the one named after it."""
    control = root.find(where=lambda el: el.get("name") == field and el.tag != "form")
    described = control.get("aria-describedby") if control is not None else None
    if described:
        target = root.find(id=described)
        assert target is not None, f"{field} points at #{described}, which is not on the page"
        assert control.get("aria-invalid") == "true"
        return " ".join(target.text.split())
    found = root.find("p", cls="field-error", id=f"{field}-error")
    return " ".join(found.text.split()) if found is not None else None


def field_errors(root: Element) -> dict[str, str]:
    return {
        (el.get("id") or "").removesuffix("-error"): " ".join(el.text.split())
        for el in root.find_all(cls="field-error")
    }


def input_value(root: Element, name: str) -> str | None:
    el = root.find(where=lambda e: e.get("name") == name and e.tag in ("input", "textarea"))
    if el is None:
        return None
    return el.text if el.tag == "textarea" else el.get("value")


def claim_ids_highlighted(root: Element) -> set[int]:
    """Claims with a highlighted run in an article page."""
    ids: set[int] = set()
    for run in root.find_all("a", cls="hl"):
        ids.update(int(i) for i in (run.get("data-claims") or "").split())
    return ids


ETAG = re.compile(r'^"(?P<entity>[a-z]+)-(?P<id>\d+)-v(?P<version>\d+)"$')


def assert_security_headers(response: object) -> None:
    """The headers every answer carries: a CSP without inline scripts or eval that forbids
    framing, nosniff and a Referrer-Policy."""
    csp = response.headers.get("content-security-policy", "")
    directives = {
        name.lower(): values
        for name, *values in (part.split() for part in csp.split(";") if part.strip())
    }
    assert directives.get("script-src") == ["'self'"], csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy")
