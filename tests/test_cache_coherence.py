"""Several processes on one database: a write through one server shows on another at once,
and drops only the pages that show what it changed (app.page_cache, app.change_feed)."""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import make_engine
from app.page_store import default_path
from app.vocabulary import Role
from tests.conftest import SeedTemplate, copy_database, running_uvicorn, sqlite_url
from tests.workspace_fixtures import add_user, api_token

# Long enough for any machine under load; the servers are asked again and again until then.
SHOWS_WITHIN_S = 1.0


@dataclass(frozen=True)
class Servers:
    a: httpx.Client
    b: httpx.Client
    writer: dict[str, str]  # the analyst's API headers
    disputes: list[int]
    actors: dict[str, int]  # name -> id
    url: str  # the database's
    folder: Path


POSTGRES_URL = os.environ.get("GAINSAY_TEST_DATABASE_URL", "")


@contextmanager
def sqlite_database(seed_template: SeedTemplate, folder: Path) -> Iterator[str]:
    yield sqlite_url(copy_database(seed_template.path, folder / "gainsay.db"))


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new PostgreSQL database, migrated and seeded by the `gainsay seed` command."""
    if not POSTGRES_URL.startswith("postgresql"):
        pytest.skip("needs GAINSAY_TEST_DATABASE_URL pointing at a PostgreSQL server")
    name = f"gainsay_coherence_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        env = {**os.environ, "GAINSAY_DATABASE_URL": url}
        subprocess.run(
            [Path(sys.executable).parent / "gainsay", "seed"],
            env=env,
            check=True,
            capture_output=True,
        )
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def servers(
    request: pytest.FixtureRequest,
    seed_template: SeedTemplate,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Servers]:
    """Two uvicorn servers, each its own process, on one database."""
    folder = tmp_path_factory.mktemp("coherence")
    database = (
        sqlite_database(seed_template, folder) if request.param == "sqlite" else postgres_database()
    )
    with database as url:
        engine = make_engine(url)
        user_id, _ = add_user(engine, Role.analyst)
        token = api_token(engine, user_id)
        with engine.connect() as connection:
            disputes = list(
                connection.execute(text("SELECT id FROM dispute ORDER BY id")).scalars()
            )
            actors = {name: i for name, i in connection.execute(text("SELECT name, id FROM actor"))}
        engine.dispose()
        with (
            running_uvicorn(url, folder / "a.log") as base_a,
            running_uvicorn(url, folder / "b.log") as base_b,
            httpx.Client(base_url=base_a, timeout=30) as a,
            httpx.Client(base_url=base_b, timeout=30) as b,
        ):
            yield Servers(a, b, {"Authorization": f"Bearer {token}"}, disputes, actors, url, folder)


def page(client: httpx.Client, path: str) -> httpx.Response:
    """A reader's GET that follows a slug redirect (a permalink by its id alone)."""
    return client.get(path, follow_redirects=True)


def write(servers: Servers, path: str, **fields: object) -> httpx.Response:
    current = servers.a.get(path)
    response = servers.a.patch(
        path, json=fields, headers={**servers.writer, "If-Match": current.headers["etag"]}
    )
    assert response.status_code == 200, response.text
    return response


def until(check: object, within_s: float = SHOWS_WITHIN_S) -> float:
    """Seconds until `check()` held; fails the test if it did not within `within_s`."""
    started = time.monotonic()
    while True:
        if check():  # type: ignore[operator]
            return time.monotonic() - started
        assert time.monotonic() - started < within_s, "not shown in time"
        time.sleep(0.02)


def test_a_write_on_one_server_shows_on_the_other_and_spares_other_pages(servers):
    x, y = servers.disputes[0], servers.disputes[1]
    path_x = page(servers.b, f"/disputes/{x}").url.path
    path_y = page(servers.b, f"/disputes/{y}").url.path
    assert servers.b.get(path_x).headers["x-cache"] == "hit"
    assert servers.b.get(path_y).headers["x-cache"] == "hit"

    write(servers, f"/api/disputes/{x}", summary="Summary written through server A.")

    until(lambda: "Summary written through server A." in servers.b.get(path_x).text)
    y_again = servers.b.get(path_y)
    assert y_again.headers["x-cache"] == "hit", "a write to X dropped Y's page"
    assert int(y_again.headers["age"]) >= 0


def test_a_renamed_dispute_redirects_on_the_other_server(servers):
    x = servers.disputes[2]
    old_path = page(servers.b, f"/disputes/{x}").url.path
    assert servers.b.get(old_path).headers["x-cache"] == "hit"

    write(servers, f"/api/disputes/{x}", title="Renamed through server A")

    def redirects() -> bool:
        answer = servers.b.get(old_path)
        return answer.status_code == 301 and answer.headers["location"].endswith(
            f"/disputes/{x}-renamed-through-server-a"
        )

    until(redirects)


def test_an_actor_renamed_on_one_server_drops_the_pages_that_name_it(servers):
    """The dispute page shows its claimants' names: renaming one is a change of that page."""
    x = servers.disputes[3]
    dispute = servers.a.get(f"/api/disputes/{x}").json()
    path_x = page(servers.b, f"/disputes/{x}").url.path
    actor_id = _first_claimant(dispute)
    assert servers.b.get(path_x).headers["x-cache"] == "hit"

    write(servers, f"/api/actors/{actor_id}", name="A renamed claimant")

    until(lambda: "A renamed claimant" in servers.b.get(path_x).text)


def test_an_edit_of_a_claim_spares_the_pages_that_only_name_its_claimant(servers):
    """A claim's claimant is named on many disputes: only the pages that show the claim, or
    list the claimant's claims, are dropped by its edit (migration 0009)."""
    engine = make_engine(servers.url)
    with engine.connect() as connection:
        x, y, claim_id, claimant_id = connection.execute(
            text(
                "SELECT dx.dispute_id, dy.dispute_id, c.id, c.claimant_id"
                " FROM claim c JOIN dispute_claim dx ON dx.claim_id = c.id"
                " JOIN claim other ON other.claimant_id = c.claimant_id AND other.id <> c.id"
                " JOIN dispute_claim dy ON dy.claim_id = other.id"
                " WHERE c.state = 'published' AND dy.dispute_id <> dx.dispute_id"
                " AND NOT EXISTS (SELECT 1 FROM dispute_claim WHERE dispute_id = dy.dispute_id"
                " AND claim_id = c.id) ORDER BY c.id LIMIT 1"
            )
        ).one()
    engine.dispose()
    path_x = page(servers.b, f"/disputes/{x}").url.path
    path_y = page(servers.b, f"/disputes/{y}").url.path
    path_actor = page(servers.b, f"/actors/{claimant_id}").url.path
    assert servers.b.get(path_y).headers["x-cache"] == "hit"
    assert servers.b.get(path_actor).headers["x-cache"] == "hit"

    write(servers, f"/api/claims/{claim_id}", statement="A statement edited through server A.")

    until(lambda: servers.b.get(path_actor).headers["x-cache"] == "miss")
    assert servers.b.get(path_x).status_code == 200
    assert servers.b.get(path_y).headers["x-cache"] == "hit", (
        "an edit dropped a page naming only its claimant"
    )


def _first_claimant(dispute: dict) -> int:
    for key in ("allegations", "claims"):
        for claim in dispute.get(key) or []:
            claimant = claim.get("claimant")
            if isinstance(claimant, dict) and "id" in claimant:
                return claimant["id"]
    raise AssertionError(f"no claimant in the dispute's JSON: {sorted(dispute)}")


def test_actor_pages_are_dropped_by_their_own_changes_only(servers):
    # Neither page shows the other actor (Balanche is cited on Aleppo only).
    x, y = servers.actors["Russian government"], servers.actors["Fabrice Balanche"]
    path_x = page(servers.b, f"/actors/{x}").url.path
    path_y = page(servers.b, f"/actors/{y}").url.path
    assert servers.b.get(path_y).headers["x-cache"] == "hit"

    write(servers, f"/api/actors/{x}", description="Described through server A.")

    until(lambda: "Described through server A." in servers.b.get(path_x).text)
    assert servers.b.get(path_y).headers["x-cache"] == "hit"


# The host's page store (app.page_store): what one server rendered, the other serves, and a
# server started later begins with it. Pages are kept by the Host they were asked for, so
# these readers name one, as a proxy in front of both servers would.
SITE = {"Host": "gainsay.test"}


def in_page_store(servers: Servers, path: str) -> bool:
    """Whether the page at `path`, as asked for by SITE's readers, has reached the host's page
    store (written in batches by each server's writer thread, a moment after the answer). The
    host is part of the key: the same path fetched without SITE is another page, stored first."""
    store = os.environ.get("GAINSAY_PAGE_STORE_PATH") or default_path(servers.url)
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM page WHERE CAST(key AS TEXT) LIKE ?",
            (f'%"{SITE["Host"]}","{path}"%',),
        ).fetchone()
    return count > 0


def test_a_page_rendered_by_one_server_is_a_hit_on_the_other(servers):
    x = servers.disputes[-1]
    path_x = page(servers.a, f"/disputes/{x}").url.path
    assert servers.a.get(path_x, headers=SITE).headers["x-cache"] == "miss"
    until(lambda: in_page_store(servers, path_x), within_s=30)

    first = servers.b.get(path_x, headers=SITE)

    assert first.headers["x-cache"] == "hit", "server B rendered a page server A had stored"


def test_a_server_started_later_begins_with_the_pages_less_those_changed_meanwhile(servers):
    x, y = servers.disputes[-2], servers.disputes[-3]
    path_x = page(servers.a, f"/disputes/{x}").url.path
    path_y = page(servers.a, f"/disputes/{y}").url.path
    servers.a.get(path_x, headers=SITE), servers.a.get(path_y, headers=SITE)
    until(lambda: in_page_store(servers, path_x) and in_page_store(servers, path_y), 30)
    write(servers, f"/api/disputes/{x}", summary="Written before server C started.")

    with (
        running_uvicorn(servers.url, servers.folder / "c.log") as base_c,
        httpx.Client(base_url=base_c, timeout=30) as c,
    ):
        answer_y, answer_x = c.get(path_y, headers=SITE), c.get(path_x, headers=SITE)

    assert answer_y.headers["x-cache"] == "hit"
    assert answer_x.headers["x-cache"] == "miss"
    assert "Written before server C started." in answer_x.text
