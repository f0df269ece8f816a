"""Shared fixtures, on either engine.

The suite runs on SQLite by default. With GAINSAY_TEST_DATABASE_URL set to a PostgreSQL
server's URL (`postgresql+psycopg://user@host:port/postgres`, a role that may create databases;
`./dev test --postgres` starts a throwaway cluster), the same tests run on PostgreSQL: every
database below is then a database of that server, created and dropped by the session.

The database is migrated (Alembic only) and seeded ONCE per session into a template (a file,
or a PostgreSQL database copied with CREATE DATABASE ... TEMPLATE). Read-only tests share one
copy of it; a module that writes overrides `db_path` with its own copy (see `writable_copy`).
On SQLite a database is the Path of its file, as ever; on PostgreSQL it is a `PgDatabase`;
`database_url` gives either's URL. The app reads the database URL from GAINSAY_DATABASE_URL
through the cached `get_settings()` / `get_engine()`, so every fixture that points the app
somewhere sets the variable and clears both caches on the way in and on the way out.

Tests of one engine's own machinery carry `@pytest.mark.sqlite_only(reason=...)` or
`postgres_only(reason=...)` and are skipped, with that reason, on the other engine.
"""

import functools
import itertools
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from app.db import get_engine, write_session
from app.ingest.seeds import article_body, load_seeds, read_seed_set
from app.ingest.text import content_hash
from app.main import create_app
from app.migrate import upgrade
from app.models import Actor, Article, Claim, Dispute
from app.paths import SEEDS_DIR
from app.services.anchors import locate_quote
from app.settings import get_settings

with warnings.catch_warnings():
    # Starlette asks for `httpx2` (not a project dependency); its TestClient works with httpx.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parent.parent
ENV_VARS = ("GAINSAY_DATABASE_URL", "GAINSAY_PUBLIC_URL", "GAINSAY_SEARCH_MAX_LENGTH")


# --------------------------------------------------------------------------- temporary files

# The app commits with `synchronous = FULL`, so every commit waits for an fsync: 10-15 ms on the
# shared machine's disk against 0.1 ms in memory, and the suite commits thousands of times.
# Its temporary files (databases, logs, corpora; a run holds a few hundred MB) therefore go to
# a memory file system when there is one with room, unless TMPDIR chooses. What the tests check
# does not change: the pragmas are the same, and a SIGKILL (the crash test) loses only what a
# process held, never what it had written to the kernel, on either kind of file system.
MEMORY_TMP = Path("/dev/shm")
MEMORY_TMP_MIN_FREE = 4 << 30


def _use_memory_for_temporary_files() -> None:
    if os.environ.get("TMPDIR") or not MEMORY_TMP.is_dir() or not os.access(MEMORY_TMP, os.W_OK):
        return
    if shutil.disk_usage(MEMORY_TMP).free < MEMORY_TMP_MIN_FREE:
        return  # a container's small /dev/shm, say
    os.environ["TMPDIR"] = str(MEMORY_TMP)  # for the servers and browsers the tests start
    tempfile.tempdir = str(MEMORY_TMP)  # for pytest's tmp_path and this process


_use_memory_for_temporary_files()


# --------------------------------------------------------------------------- the engine

TEST_DATABASE_URL = os.environ.get("GAINSAY_TEST_DATABASE_URL", "").strip()
ON_POSTGRES = bool(TEST_DATABASE_URL)
if ON_POSTGRES and make_url(TEST_DATABASE_URL).get_backend_name() != "postgresql":
    raise pytest.UsageError(
        "GAINSAY_TEST_DATABASE_URL must be a PostgreSQL server's URL"
        " (postgresql+psycopg://user@host:port/postgres); unset it to test on SQLite."
    )
ENGINE_NAME = "postgresql" if ON_POSTGRES else "sqlite"


def pytest_report_header() -> str:
    where = make_url(TEST_DATABASE_URL).render_as_string() if ON_POSTGRES else "temporary files"
    return f"gainsay database engine: {ENGINE_NAME} ({where})"


# Chromium is the slowest part of the suite, and what it checks (pages, scripts, the XSS
# corpus) does not depend on the engine, whose part the application tests cover on both.
BROWSER_ON_SQLITE_ONLY = pytest.mark.sqlite_only(
    reason="browser tests run once, on SQLite: they check pages and scripts, not the engine"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the other engine's own tests, saying why; run the browser's modules last."""
    items[:] = browser_modules_last(items)
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("sqlite_only"):
            item.add_marker(BROWSER_ON_SQLITE_ONLY)
        for name, wanted in (("sqlite_only", "sqlite"), ("postgres_only", "postgresql")):
            marker = item.get_closest_marker(name)
            if marker is None:
                continue
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: @{name} needs a reason")
            if wanted != ENGINE_NAME:
                item.add_marker(pytest.mark.skip(reason=f"{name}: {reason}"))


def browser_modules_last(items: list[pytest.Item]) -> list[pytest.Item]:
    """The items of every module that uses the `browser` fixture after all others, each module
    whole and every order otherwise kept: Chromium is launched once for the session, and
    Playwright holds an event loop from then on, which the `asyncio.run` of other modules'
    tests would refuse to start beside."""
    with_browser = {item.module for item in items if "browser" in getattr(item, "fixturenames", ())}
    return [i for i in items if i.module not in with_browser] + [
        i for i in items if i.module in with_browser
    ]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class PgDatabase:
    """A database of the test server: on PostgreSQL, what a SQLite file's Path is."""

    name: str
    url: str
    parent: Path  # a scratch folder for what goes beside a database (server logs, copies)


Database = Path | PgDatabase


def database_url(database: Database) -> str:
    return database.url if isinstance(database, PgDatabase) else sqlite_url(database)


class PgServer:
    """Creates and drops the session's databases on the server at GAINSAY_TEST_DATABASE_URL
    (connected to its maintenance database, usually `postgres`). Names carry the process id
    and a random part, so that sessions sharing a server never meet."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"gainsay_test_{os.getpid()}_{secrets.token_hex(3)}"
        self._numbers = itertools.count()
        self.created: list[str] = []
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, folder: Path, template: PgDatabase | None = None) -> PgDatabase:
        name = f"{self.prefix}_{next(self._numbers)}"
        self._create(name, template)
        self.created.append(name)
        return PgDatabase(name, self._url(name), folder)

    def _create(self, name: str, template: PgDatabase | None) -> None:
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template.name}"' if template else "")
        # A template must have no connections: close the app's (its pool reconnects later).
        # A terminated backend takes a moment to leave, hence the retries.
        deadline = time.monotonic() + 10
        with self.admin.connect() as connection:
            while True:
                if template is not None:
                    connection.exec_driver_sql(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = %s AND pid <> pg_backend_pid()",
                        (template.name,),
                    )
                try:
                    connection.exec_driver_sql(sql)
                    return
                except OperationalError as error:
                    if "is being accessed by other users" not in str(error):
                        raise
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)

    def _terminate(self, database: PgDatabase) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (database.name,),
            )

    def reset(self, target: PgDatabase, source: PgDatabase) -> None:
        """Make `target`, a copy of the same schema, hold `source`'s rows. Copying the rows
        (about 0.1 s) is several times faster than dropping and copying the database. Other
        connections to `target` are ended first, so that no transaction left open holds a
        lock; the app's pool reconnects."""
        self._terminate(target)
        with (
            psycopg.connect(libpq_url(source.url)) as origin,
            psycopg.connect(libpq_url(target.url)) as copy,
        ):
            tables = [
                name
                for (name,) in origin.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            ]
            # The rows as they are: no triggers (history, search indexes), no key checks.
            copy.execute("SET session_replication_role = replica")
            copy.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in tables))
            for name in tables:
                with (
                    origin.cursor().copy(f'COPY "{name}" TO STDOUT (FORMAT BINARY)') as rows,
                    copy.cursor().copy(f'COPY "{name}" FROM STDIN (FORMAT BINARY)') as into,
                ):
                    for block in rows:
                        into.write(block)
            sequences = origin.execute(
                "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = current_schema()"
            ).fetchall()
            for sequence, last_value in sequences:
                if last_value is None:  # never used: as new
                    copy.execute("SELECT setval(%s, 1, false)", (sequence,))
                else:
                    copy.execute("SELECT setval(%s, %s)", (sequence, last_value))

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in self.created:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL as psycopg and libpq take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


PG_SERVER: PgServer | None = PgServer(TEST_DATABASE_URL) if ON_POSTGRES else None


@pytest.fixture(scope="session", autouse=True)
def drop_test_databases() -> Iterator[None]:
    """Whatever databases the session made on the PostgreSQL server go when it ends, unless
    the whole cluster does (`./dev test --postgres`'s own): dropping them one by one took a
    minute and a half of a loaded 2-core machine."""
    yield
    if PG_SERVER is not None and os.environ.get("GAINSAY_TEST_CLUSTER_IS_THROWAWAY") != "1":
        PG_SERVER.drop_all()


def new_database(folder: Path) -> Database:
    """An empty database: a file in `folder` (not created yet), or a new PostgreSQL database."""
    return folder / "gainsay.db" if PG_SERVER is None else PG_SERVER.create(folder)


def unreachable_database_url(folder: Path) -> str:
    """A database the app cannot reach: a file in a missing folder, or a port nobody serves."""
    if PG_SERVER is None:
        return sqlite_url(folder / "missing-folder" / "gainsay.db")
    return PG_SERVER.url.set(
        host="127.0.0.1", port=free_port(), database="nowhere"
    ).render_as_string(hide_password=False)


def clone_database(source: Database, folder: Path) -> Database:
    """A copy of `source` (which the app may have open) in `folder` or on the server."""
    if isinstance(source, PgDatabase):
        assert PG_SERVER is not None
        return PG_SERVER.create(folder, template=source)
    target = folder / "gainsay.db"
    reset_database(target, source)
    return target


def reset_database(target: Database, source: Database) -> None:
    """Make `target` hold what `source` holds; the app's connections to `target` see it from
    their next transaction (SQLite's backup API writes into the open file; PostgreSQL's copy
    ends them, and the app's pool reconnects)."""
    if isinstance(target, PgDatabase):
        assert PG_SERVER is not None and isinstance(source, PgDatabase)
        PG_SERVER.reset(target, source)
        return
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def clear_caches() -> None:
    """Forget the cached settings and engine (disposing the engine first)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


@dataclass(frozen=True)
class SeedIds:
    """Ids of the seed objects, by their natural keys in seeds/annotations.yaml."""

    claims: dict[str, int]  # claim ref → id
    articles: dict[str, int]  # seed file name → id
    disputes: dict[str, int]  # slug → id
    actors: dict[str, int]  # name → id


def _seed_ids(engine: Engine) -> SeedIds:
    seed_set = read_seed_set()
    claims, articles = {}, {}
    with Session(engine) as session:
        actors = {name: i for i, name in session.execute(select(Actor.id, Actor.name))}
        disputes = {slug: i for i, slug in session.execute(select(Dispute.id, Dispute.slug))}
        for seed_article in seed_set.articles:
            body = article_body(SEEDS_DIR, seed_article)
            article_id = session.execute(
                select(Article.id).where(Article.content_hash == content_hash(body))
            ).scalar_one()
            articles[seed_article.file] = article_id
            for seed_claim in seed_article.claims:
                anchor = locate_quote(body, seed_claim.quote, prefix=seed_claim.quote_prefix)
                claims[seed_claim.ref] = session.execute(
                    select(Claim.id).where(
                        Claim.article_id == article_id,
                        Claim.quote_start == anchor.start,
                        Claim.claimant_id == actors[seed_claim.claimant],
                        Claim.kind == seed_claim.kind,
                    )
                ).scalar_one()
    return SeedIds(claims, articles, disputes, actors)


@dataclass(frozen=True)
class SeedTemplate:
    database: Database  # of the engine under test
    ids: SeedIds
    sqlite_file: Callable[[], Path]

    @property
    def path(self) -> Path:
        """A seeded SQLite file, for tests of SQLite itself: on a PostgreSQL run it is built
        the first time a test asks (the seeds load in one order, so the ids are the same)."""
        return self.sqlite_file()


def copy_database(source: Path, target: Path) -> Path:
    """A file copy of a SQLite database that nothing has open (the template)."""
    shutil.copyfile(source, target)
    return target


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> SeedTemplate:
    """A migrated and seeded database, built once; never opened by the app directly."""
    folder = tmp_path_factory.mktemp("template")
    database = new_database(folder)
    if isinstance(database, Path):
        database = database.with_name("seeded.db")
        ids = _build_template(database)
        return SeedTemplate(database, ids, lambda: database)

    @functools.cache
    def sqlite_file() -> Path:
        path = tmp_path_factory.mktemp("sqlite-template") / "seeded.db"
        assert _build_template(path) == ids
        return path

    ids = _build_template(database)
    return SeedTemplate(database, ids, sqlite_file)


def _build_template(database: Database) -> SeedIds:
    """Migrate and seed an empty database; the seed objects' ids."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, database_url(database))
        try:
            engine = get_engine()
            upgrade(engine)
            with write_session(engine) as session:
                report = load_seeds(session)
                session.commit()
            assert report.total > 0
            ids = _seed_ids(engine)
            if isinstance(database, Path):
                with engine.connect() as connection:  # fold the WAL into the file for copies
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            clear_caches()  # a PostgreSQL template must have no connections
    clear_caches()
    return ids


@pytest.fixture(scope="session")
def seed_ids(seed_template: SeedTemplate) -> SeedIds:
    return seed_template.ids


def seeded_copy(seed_template: SeedTemplate, folder: Path) -> Database:
    """A new copy of the seeded template."""
    if isinstance(seed_template.database, Path):
        return copy_database(seed_template.database, folder / "gainsay.db")
    return clone_database(seed_template.database, folder)


@pytest.fixture(scope="session")
def shared_db(seed_template: SeedTemplate, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The copy that read-only tests share."""
    return seeded_copy(seed_template, tmp_path_factory.mktemp("shared"))


@pytest.fixture(scope="module")
def db_path(shared_db: Database) -> Database:
    """The database the module's app and sessions use (a file's Path on SQLite, a PgDatabase
    on PostgreSQL). A module that writes overrides this fixture with one returning
    `writable_copy`."""
    return shared_db


@pytest.fixture(scope="module")
def writable_copy(
    seed_template: SeedTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Database:
    """A private copy of the seeded database for one module."""
    return seeded_copy(seed_template, tmp_path_factory.mktemp("writable"))


def point_app_at(monkeypatch: pytest.MonkeyPatch, url: str, **settings: str) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GAINSAY_DATABASE_URL", url)
    for name, value in settings.items():
        monkeypatch.setenv(f"GAINSAY_{name.upper()}", value)
    clear_caches()


@pytest.fixture(scope="session", autouse=True)
def no_default_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Until a fixture points the app somewhere, point it at an empty scratch file, so that
    nothing can ever open the repository's gainsay.db (or a .env's database)."""
    scratch = tmp_path_factory.mktemp("unset") / "unset.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        if PG_SERVER is not None:
            # Servers' page stores go in the user's cache folder by default; the session's
            # own keeps them with the rest of its files (each database's pages apart, by build).
            pages = tmp_path_factory.mktemp("pages") / "pages.db"
            monkeypatch.setenv("GAINSAY_PAGE_STORE_PATH", str(pages))
        point_app_at(monkeypatch, sqlite_url(scratch))
        yield
        clear_caches()
    clear_caches()


@pytest.fixture(scope="module")
def app_database(db_path: Database) -> Iterator[str]:
    """Point GAINSAY_DATABASE_URL (and so get_settings()/get_engine()) at `db_path`."""
    url = database_url(db_path)
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, url)
        yield url
        clear_caches()
    clear_caches()


@pytest.fixture(scope="module")
def engine(app_database: str) -> Engine:
    return get_engine()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
        session.rollback()


def permalink(client: TestClient, bare: str) -> str:
    """The canonical path a bare-id URL ("/articles/3") redirects to."""
    response = client.get(bare, follow_redirects=False)
    assert response.status_code == 301, (bare, response.status_code)
    return response.headers["location"]


@pytest.fixture(scope="module")
def client(app_database: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


# --------------------------------------------------------------------------- live server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class LiveServer:
    url: str
    ids: SeedIds


# Between free_port() finding a port free and uvicorn binding it, another process may take it
# (any outgoing connection's local port comes from the same range): uvicorn then exits at once
# saying so, and is started again on another port.
PORT_TAKEN = "address already in use"
START_ATTEMPTS = 3
# How long a start may take before it is a failure: seconds, and far more on a loaded machine.
START_DEADLINE_S = 120


@contextmanager
def running_uvicorn(database_url: str, log_path: Path, **settings: str) -> Iterator[str]:
    """A real uvicorn serving Gainsay on a free port (with extra GAINSAY_* settings); its URL.
    Stopped on the way out."""
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    env |= {"GAINSAY_DATABASE_URL": database_url, **settings}
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        base = f"http://127.0.0.1:{port}"
        try:
            if wait_for_health(
                base, process, log_path, retry_if_port_taken=attempt < START_ATTEMPTS
            ):
                break
        except BaseException:
            stop_process(process)
            raise
    try:
        yield base
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def two_slot_server(
    seed_template: SeedTemplate, folder: Path
) -> Iterator[tuple[int, Database, Path]]:
    """A real uvicorn on a copy of the seeds that lets 2 requests be in progress at once (the
    overload tests); yields its port, database and log."""
    database = seeded_copy(seed_template, folder)
    log_path = folder / "uvicorn.log"
    settings = {"GAINSAY_MAX_IN_FLIGHT": "2", "GAINSAY_RETRY_AFTER_S": "2"}
    with running_uvicorn(database_url(database), log_path, **settings) as base:
        yield int(base.rsplit(":", 1)[1]), database, log_path


@pytest.fixture(scope="session")
def live_server(
    seed_template: SeedTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A real uvicorn serving Gainsay from a copy of the seeded database."""
    folder = tmp_path_factory.mktemp("live")
    database = seeded_copy(seed_template, folder)
    with running_uvicorn(database_url(database), folder / "uvicorn.log") as base:
        yield LiveServer(base, seed_template.ids)


# --------------------------------------------------------------------------- browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Session scope: one launch (seconds on a loaded machine) for every browser test, each of
# which opens a context of its own. Playwright's sync API holds an event loop while it runs,
# so the modules that use it run last (`browser_modules_last`): no test that starts an event
# loop of its own (asyncio.run) may be in one of them.
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium through Playwright. Missing, the browser tests are skipped,
    unless GAINSAY_REQUIRE_BROWSER=1 (CI), where that is a failure."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed; the browser tests need it"
        if os.environ.get("GAINSAY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (GAINSAY_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Console:
    """Console errors (CSP violations among them) and uncaught exceptions of a page."""

    def __init__(self, page: object) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))


def wait_for_health(
    base: str, process: subprocess.Popen, log_path: Path, *, retry_if_port_taken: bool
) -> bool:
    """Whether the server at `base` answered /healthz; False if it exited because another
    process had taken its port (and `retry_if_port_taken`); else the test fails."""
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            if retry_if_port_taken and PORT_TAKEN in log:
                return False
            pytest.fail(f"uvicorn exited with {process.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(
        f"uvicorn did not answer /healthz within {START_DEADLINE_S} s:\n{log_path.read_text()}"
    )
