"""app/search/bounds.py and snippets.py: every search bounded. A huge article's snippet comes
from a window of it; a search past its deadline stops with a clear 503; a search runs off the
event loop and stops when its client leaves."""

import asyncio
import json
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio
import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.db import write_session
from app.main import create_app
from app.models import Article
from app.search import MARK_CLOSE, MARK_OPEN, marked, query_terms, snippets
from app.search.bounds import Budget, SearchStopped, bounded, search_off_the_loop
from app.search.snippets import TOKENIZER, WINDOW_CHARS, window_snippets
from app.search.sqlite_fts import SqliteFtsSearch, match_expression
from tests.conftest import (
    TestClient,
    clear_caches,
    copy_database,
    point_app_at,
    running_uvicorn,
    sqlite_url,
)

# The PostgreSQL equivalents (statement_timeout, cancel, ts_headline windows) are in
# tests/search/test_search_postgres.py, which runs the engine-neutral checks there too.
pytestmark = pytest.mark.sqlite_only(
    reason="SQLite's FTS5 snippets and progress handler (PostgreSQL: test_search_postgres.py)"
)

# The issue's case: a 2 MB article where a common word comes 55,000 times. FTS5's snippet()
# over it took 23 s of CPU. A word only past the window tells where the snippet came from.
SENTENCE = "The spokesman said the strike killed dozens, officials said on Monday. "
HUGE_BODY = SENTENCE * (2_000_000 // len(SENTENCE)) + "Only here: zanzibarquux."
HUGE_TITLE = "A very long report"


def add_huge_article(engine, title: str = HUGE_TITLE) -> int:
    with write_session(engine) as session:
        article = Article(
            title=title,
            slug="a-very-long-report",
            body=HUGE_BODY,
            content_hash=f"huge-{title}",
            origin="test",
        )
        session.add(article)
        session.commit()
        return article.id


@pytest.fixture(scope="module")
def db_path(writable_copy: Path) -> Path:
    return writable_copy


@pytest.fixture(scope="module")
def huge_id(engine) -> int:
    return add_huge_article(engine)


def search(session: Session, query: str, limit: int = 20):
    return SqliteFtsSearch().search(session, query_terms(query), limit)


# ------------------------------------------------------------------ snippets from a window


def test_a_huge_article_is_found_with_a_snippet_from_its_window(session, huge_id):
    results = search(session, "said")

    [hit] = [h for h in results.articles.hits if h.id == huge_id]
    snippet = str(hit.snippet)
    assert "<mark>said</mark>" in snippet
    assert len(snippet) < 400  # 24 words, not 2 MB
    assert snippet.endswith("…")


def test_a_word_only_past_the_window_finds_the_article_and_shows_its_opening(session, huge_id):
    """Matching uses the whole text; the snippet only its window, where the word is not."""
    results = search(session, "zanzibarquux")

    assert [h.id for h in results.articles.hits] == [huge_id]
    snippet = str(results.articles.hits[0].snippet)
    assert "<mark>" not in snippet
    assert snippet.startswith("The spokesman said") and snippet.endswith("…")


def test_the_huge_article_answers_over_http(client, huge_id):
    response = client.get("/api/search", params={"q": "said killed"})

    assert response.status_code == 200
    [hit] = [h for h in response.json()["articles"]["items"] if h["id"] == huge_id]
    assert "<mark>said</mark>" in hit["snippet_html"]
    assert "<mark>killed</mark>" in hit["snippet_html"]


def test_hits_within_the_window_get_fts5_snippets_from_the_index(session, huge_id):
    """Only a text longer than the window goes through the scratch table: the others'
    snippets are FTS5's snippet() over the index, read for the hits only."""
    results = search(session, "said", limit=50)
    within = [hit for hit in results.articles.hits if hit.id != huge_id]
    assert within and huge_id in {hit.id for hit in results.articles.hits}
    expected = dict(
        session.execute(
            text(
                "SELECT rowid, snippet(article_fts, 1, :open, :close, '…', 24) FROM article_fts"
                " WHERE article_fts MATCH 'said*' AND rowid IN (SELECT value FROM json_each(:ids))"
            ),
            {"open": MARK_OPEN, "close": MARK_CLOSE, "ids": json.dumps([h.id for h in within])},
        ).all()
    )
    assert {hit.id: hit.snippet for hit in within} == {
        id_: marked(snippet) for id_, snippet in expected.items()
    }


def test_the_scratch_table_tokenizes_like_the_index(session):
    sql = session.execute(
        text("SELECT sql FROM sqlite_master WHERE name = 'article_fts'")
    ).scalar_one()
    assert f"tokenize='{TOKENIZER}'" in sql


@pytest.mark.parametrize(
    "query", ["said", "Konashenkov", "killed children", "Observatory said that", "Maar", "Syria"]
)
def test_window_snippets_are_fts5_snippets_for_texts_within_the_window(session, query):
    """Within the window, the snippet is exactly the one FTS5's own snippet() makes over the
    index (stemming, prefixes and words matched in the title included)."""
    match = match_expression(query_terms(query))
    expected = dict(
        session.execute(
            text(
                "SELECT rowid, snippet(article_fts, 1, '[', ']', '…', 24) FROM article_fts"
                " WHERE article_fts MATCH :match AND rowid IN (SELECT id FROM article"
                " WHERE length(body) <= :window)"
            ),
            {"match": match, "window": WINDOW_CHARS},
        ).all()
    )
    texts = session.execute(
        text("SELECT id, title, body FROM article WHERE id IN (SELECT value FROM json_each(:ids))"),
        {"ids": json.dumps(list(expected))},
    ).all()
    assert expected, query

    assert window_snippets(texts, match, "[", "]", 24) == expected
    assert snippets._table().execute("SELECT count(*) FROM w").fetchone() == (0,)


def test_a_stopped_snippet_leaves_the_scratch_table_empty_and_usable(session):
    texts = [(1, HUGE_TITLE, HUGE_BODY)]

    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        window_snippets(texts, '"said"', "[", "]", 24, stop=lambda: True)

    assert snippets._table().execute("SELECT count(*) FROM w").fetchone() == (0,)
    assert "[said]" in window_snippets(texts, '"said"', "[", "]", 24)[1]


def test_a_window_is_cut_between_words():
    cut = snippets.window(HUGE_BODY)

    assert WINDOW_CHARS - 200 <= len(cut) <= WINDOW_CHARS
    assert HUGE_BODY.startswith(cut) and HUGE_BODY[len(cut)] == " "


# ------------------------------------------------------------------ the deadline


def test_a_spent_budget_stops_the_statement_and_leaves_the_connection_as_it_was(session):
    """The progress handler stops a running statement; afterwards it is gone from the
    request's connection, whose next statements run as usual."""
    budget = Budget(0)
    long_count = text(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000)"
        " SELECT count(*) FROM c"
    )

    with pytest.raises(SearchStopped) as stopped, bounded(session, budget):
        session.execute(long_count).scalar_one()

    assert not stopped.value.cancelled and budget.checks >= 1
    assert session.execute(long_count).scalar_one() == 100000


def test_a_budget_with_time_left_changes_nothing(session, huge_id):
    budget = Budget(60_000)

    with bounded(session, budget):
        results = search(session, "said")

    assert huge_id in {h.id for h in results.articles.hits} and budget.checks > 0


@pytest.fixture
def hurried_client(db_path: Path) -> Iterator[TestClient]:
    """The app with no time for a search at all: every search passes its deadline."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, sqlite_url(db_path), search_deadline_ms="0")
        with TestClient(create_app()) as test_client:
            yield test_client
        clear_caches()
    clear_caches()


def test_the_api_answers_a_search_past_its_deadline_with_a_problem(hurried_client):
    response = hurried_client.get("/api/search", params={"q": "said"})

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    assert "took longer than the 0 ms" in response.json()["detail"]


@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_answers_a_search_past_its_deadline_with_its_error(hurried_client, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = hurried_client.get("/search", params={"q": "said"}, headers=headers)

    assert response.status_code == 503 and int(response.headers["retry-after"]) >= 1
    assert "text/html" in response.headers["content-type"]
    assert "took longer than the 0 ms" in response.text
    assert ("<html" in response.text) is not htmx


def test_an_empty_query_needs_no_time(hurried_client):
    assert hurried_client.get("/search", params={"q": " "}).status_code == 200


# ------------------------------------------------------------------ off the loop, stopped


def test_searches_run_off_the_event_loop(client, monkeypatch):
    threads = []
    real_search = SqliteFtsSearch.search

    def spy(self, session, terms, limit, filters):
        try:
            asyncio.get_running_loop()
            threads.append("event loop")
        except RuntimeError:
            threads.append("worker")
        return real_search(self, session, terms, limit, filters)

    monkeypatch.setattr(SqliteFtsSearch, "search", spy)

    # Words no other test asks for: a stored page would answer without searching.
    assert client.get("/search", params={"q": "said offloop"}).status_code == 200
    assert client.get("/api/search", params={"q": "said offloop"}).status_code == 200
    assert threads == ["worker", "worker"]


def test_a_client_that_leaves_stops_its_search(engine, monkeypatch):
    """The progress handler sees the cancellation that the client's disconnect sets, and
    the statement stops long before its deadline (a count that would take minutes)."""
    started = threading.Event()
    endless = text(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000000)"
        " SELECT count(*) FROM c"
    )

    def slow_search(self, session, terms, limit, filters):
        started.set()
        session.execute(endless).scalar_one()
        raise AssertionError("the statement was not stopped")

    monkeypatch.setattr(SqliteFtsSearch, "search", slow_search)
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if messages:
            return messages.pop()
        await anyio.to_thread.run_sync(started.wait)  # the statement is running
        return {"type": "http.disconnect"}

    async def run() -> SearchStopped:
        with Session(engine) as session, pytest.raises(SearchStopped) as stopped:
            await search_off_the_loop(receive, session, ["said"], 20, deadline_ms=120_000)
        return stopped.value

    stopped = asyncio.run(run())

    assert stopped.cancelled
    assert "interrupted" in str(stopped.__cause__)


# ------------------------------------------------------------------ a real server


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_healthz_answers_while_huge_articles_are_searched(seed_template, tmp_path):
    """The issue's case on a real uvicorn: searches for a common word over three 2 MB articles
    keep coming, and /healthz still answers within half a second. (Before, one such search
    held the event loop 23-54 s, and /healthz waited as long. On a shared machine any process
    may stall for a moment, so the median is held to 0.5 s and every answer to 5 s.)"""
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, sqlite_url(database))
        from app.db import get_engine

        huge = {add_huge_article(get_engine(), f"{HUGE_TITLE} {n}") for n in range(3)}
        clear_caches()
    clear_caches()

    # A deadline no search here comes near, even on a loaded machine: the searches run whole.
    deadline = {"GAINSAY_SEARCH_DEADLINE_MS": "60000"}
    with running_uvicorn(sqlite_url(database), tmp_path / "uvicorn.log", **deadline) as base:
        stop = threading.Event()

        def keep_searching(path: str) -> list[int]:
            statuses = []
            while not stop.is_set():
                # A new address each time: the page cache would answer a repeated one.
                status, body = get(f"{base}{path}&n={len(statuses)}")
                statuses.append(status)
                if path.startswith("/api") and status == 200:
                    found = {h["id"] for h in json.loads(body)["articles"]["items"]}
                    assert huge <= found
            return statuses

        with ThreadPoolExecutor(2) as pool:
            searchers = [
                pool.submit(keep_searching, path)
                for path in ("/api/search?q=said", "/search?q=kill")
            ]
            waits = []
            for _ in range(10):
                started = time.monotonic()
                status, _ = get(f"{base}/healthz", timeout=5)
                waits.append(time.monotonic() - started)
                assert status == 200
                time.sleep(0.05)
            stop.set()
            statuses = [status for searcher in searchers for status in searcher.result()]

    assert sorted(waits)[len(waits) // 2] < 0.5 and max(waits) < 5, waits
    assert statuses and set(statuses) == {200}, statuses


def test_the_claim_type_ahead_answers_past_its_deadline_with_a_retry(db_path, engine):
    """The analysts' claim picker searches too: under the same deadline, a clear 503."""
    from app.auth import SESSION_COOKIE
    from tests.import_fixtures import new_analyst

    _user_id, _username, token, _csrf = new_analyst(engine)
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, sqlite_url(db_path), search_deadline_ms="0")
        with TestClient(create_app(), cookies={SESSION_COOKIE: token}) as client:
            response = client.get("/suggest/claims", params={"other": "said"})
        clear_caches()
    clear_caches()

    assert response.status_code == 503 and int(response.headers["retry-after"]) >= 1
    assert "took longer than the 0 ms" in response.text
