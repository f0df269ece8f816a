"""Shared fixtures.

The database is migrated (Alembic only) and seeded ONCE per session into a template file.
Read-only tests share one copy of it; a module that writes overrides `db_path` with its own
copy (see `writable_copy`). The app reads the database URL from GAINSAY_DATABASE_URL through
the cached `get_settings()` / `get_engine()`, so every fixture that points the app somewhere
sets the variable and clears both caches on the way in and on the way out.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
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


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


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
    path: Path
    ids: SeedIds


def copy_database(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> SeedTemplate:
    """A migrated and seeded SQLite file, built once; never opened by the app directly."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, sqlite_url(path))
        try:
            engine = get_engine()
            upgrade(engine)
            with write_session(engine) as session:
                report = load_seeds(session)
                session.commit()
            assert report.total > 0
            ids = _seed_ids(engine)
            with engine.connect() as connection:  # fold the WAL into the file before copying
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            clear_caches()
    clear_caches()
    return SeedTemplate(path, ids)


@pytest.fixture(scope="session")
def seed_ids(seed_template: SeedTemplate) -> SeedIds:
    return seed_template.ids


@pytest.fixture(scope="session")
def shared_db(seed_template: SeedTemplate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy that read-only tests share."""
    return copy_database(seed_template.path, tmp_path_factory.mktemp("shared") / "gainsay.db")


@pytest.fixture(scope="module")
def db_path(shared_db: Path) -> Path:
    """The database file the module's app and sessions use. A module that writes overrides
    this fixture with one returning `writable_copy`."""
    return shared_db


@pytest.fixture(scope="module")
def writable_copy(seed_template: SeedTemplate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seeded database for one module."""
    return copy_database(seed_template.path, tmp_path_factory.mktemp("writable") / "gainsay.db")


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
        point_app_at(monkeypatch, sqlite_url(scratch))
        yield
        clear_caches()
    clear_caches()


@pytest.fixture(scope="module")
def app_database(db_path: Path) -> Iterator[str]:
    """Point GAINSAY_DATABASE_URL (and so get_settings()/get_engine()) at `db_path`."""
    url = sqlite_url(db_path)
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


@contextmanager
def running_uvicorn(database_url: str, log_path: Path, **settings: str) -> Iterator[str]:
    """A real uvicorn serving Gainsay on a free port (with extra GAINSAY_* settings); its URL.
    Stopped on the way out."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    env |= {"GAINSAY_DATABASE_URL": database_url, **settings}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process, log_path)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def two_slot_server(seed_template: SeedTemplate, folder: Path) -> Iterator[tuple[int, Path, Path]]:
    """A real uvicorn on a copy of the seeds that lets 2 requests be in progress at once (the
    overload tests); yields its port, database and log."""
    database = copy_database(seed_template.path, folder / "gainsay.db")
    log_path = folder / "uvicorn.log"
    settings = {"GAINSAY_MAX_IN_FLIGHT": "2", "GAINSAY_RETRY_AFTER_S": "2"}
    with running_uvicorn(sqlite_url(database), log_path, **settings) as base:
        yield int(base.rsplit(":", 1)[1]), database, log_path


@pytest.fixture(scope="session")
def live_server(
    seed_template: SeedTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A real uvicorn serving Gainsay from a copy of the seeded database."""
    folder = tmp_path_factory.mktemp("live")
    database = copy_database(seed_template.path, folder / "gainsay.db")
    with running_uvicorn(sqlite_url(database), folder / "uvicorn.log") as base:
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


# Module scope: Playwright's sync API holds an event loop while it runs, which would break
# tests in other modules that start their own (asyncio.run).
@pytest.fixture(scope="module")
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


def _wait_for_health(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"uvicorn exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"uvicorn did not answer /healthz within 30 s:\n{log_path.read_text()}")
