"""app/search/postgres_fts.py: on PostgreSQL, full-text search answers the search checks that
FTS5 answers on SQLite, finds what FTS5 finds on the seeds, stays current through its
triggers and stops at its deadline.

Runs when GAINSAY_TEST_DATABASE_URL points at a PostgreSQL server (a database there is
created, migrated, seeded, and dropped at the end); skipped otherwise."""

import asyncio
import os
import re
import threading
import uuid
from collections.abc import Iterator

import anyio
import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.db import get_engine, write_session
from app.ingest.seeds import load_seeds
from app.migrate import alembic_config, upgrade
from app.search import query_terms, search_backend
from app.search.bounds import Budget, SearchStopped, bounded, search_off_the_loop
from app.search.portable import PortableSearch
from app.search.postgres_fts import PostgresFtsSearch, tsquery
from app.search.sqlite_fts import SqliteFtsSearch
from tests.conftest import SeedIds, _seed_ids, clear_caches, point_app_at
from tests.search.test_search import (  # noqa: F401  (the shared checks, run here on PostgreSQL)
    search,
    test_a_quoted_phrase_keeps_its_order,
    test_a_word_in_a_quote_is_marked,
    test_a_word_only_in_drafts_finds_no_claims,
    test_an_alias_finds_the_actor,
    test_api_search_finds_an_alias,
    test_api_search_reports_phrases_as_terms,
    test_articles_are_found_by_their_text,
    test_drafts_are_neither_found_nor_counted,
    test_every_word_must_match,
    test_marked_text_is_escaped,
    test_name_finds_the_actor_and_his_claims,
    test_no_terms_is_empty,
    test_nothing_found_is_empty,
    test_query_phrases_keep_words_joined_without_a_space,
    test_search_page_links_the_actor_and_claims,
    test_search_page_marks_the_word,
    test_the_htmx_partial_is_the_results_with_canonical_links,
    test_the_last_word_may_be_a_prefix,
    test_the_query_is_escaped_in_the_page,
    test_totals_count_beyond_the_limit,
    test_words_joined_without_a_space_are_a_phrase,
)
from tests.search.test_search_bounds import HUGE_BODY, add_huge_article

POSTGRES_URL = os.environ.get("GAINSAY_TEST_DATABASE_URL", "")


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A new database on the server, dropped afterwards."""
    if not POSTGRES_URL.startswith("postgresql"):
        pytest.skip("needs GAINSAY_TEST_DATABASE_URL pointing at a PostgreSQL server")
    name = f"gainsay_search_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        clear_caches()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def app_database(postgres_url: str) -> Iterator[str]:
    """The app (and conftest's engine, session and client) on the migrated, seeded database."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_app_at(monkeypatch, postgres_url)
        upgrade(get_engine())
        with write_session(get_engine()) as session:
            load_seeds(session)
            session.commit()
        yield postgres_url
        clear_caches()
    clear_caches()


@pytest.fixture(scope="module")
def seed_ids(engine) -> SeedIds:
    return _seed_ids(engine)


@pytest.fixture
def full_text():
    return PostgresFtsSearch()


@pytest.fixture(params=["postgres", "portable"])
def backend(request):
    return PostgresFtsSearch() if request.param == "postgres" else PortableSearch()


def test_postgresql_databases_get_the_full_text_backend(engine):
    assert isinstance(search_backend(engine), PostgresFtsSearch)


def test_the_query_quotes_every_term_and_prefixes_the_last():
    assert tsquery(["and", "near", "a"]) == "'and' & 'near' & 'a':*"
    assert tsquery(["a 10", "us air"]) == "('a' <-> '10') & ('us' <-> 'air':*)"


def test_operators_typed_in_a_query_are_words(session):
    results = search(PostgresFtsSearch(), session, "Konashenkov & | ! <-> ( ' :*")

    assert results.actors.hits


@pytest.mark.parametrize(
    "query",
    [
        "Konashenkov",
        "the Observatory",
        "SOHR",
        "Civil Defence",
        "Zakharova",
        "charlatans",
        "Maarat",
        "Maar",
        "Syria",
        "said",
        "killed children",
        "Observatory said that among those killed",
        "hospitals",
        "xylophonequartz",
    ],
)
def test_postgresql_finds_what_fts5_finds_on_the_seeds(session, seed_template, query):
    """The same seeds in SQLite (FTS5) and here find the same articles, claims and actors.
    (The seeds get the same ids in both: they are loaded in the same order.)"""
    assert _seed_ids(session.get_bind()) == seed_template.ids
    terms = query_terms(query)
    with Session(create_engine(f"sqlite:///{seed_template.path}")) as sqlite_session:
        expected = SqliteFtsSearch().search(sqlite_session, terms, 50)

    found = PostgresFtsSearch().search(session, terms, 50)

    for group in ("articles", "claims", "actors"):
        ids = {hit.id for hit in getattr(found, group).hits}
        assert ids == {hit.id for hit in getattr(expected, group).hits}, (query, group)
        assert getattr(found, group).total == getattr(expected, group).total, (query, group)


def test_actors_found_by_both_postgresql_backends_agree(session):
    for query in ["Konashenkov", "SOHR", "the Observatory", "Civil Defence", "Zakharova"]:
        terms = query_terms(query)
        full_text = {h.id for h in PostgresFtsSearch().search(session, terms, 50).actors.hits}
        portable = {h.id for h in PortableSearch().search(session, terms, 50).actors.hits}
        assert full_text == portable, query


def test_a_hyphenated_name_is_not_found_inside_other_words(session, seed_ids):
    """The issue: LIKE found "A-10" in "local" and "100,000". Here "a" is a whole word."""
    results = search(PostgresFtsSearch(), session, "A-10")

    assert seed_ids.claims["konashenkov-us-a10-002"] in {h.id for h in results.claims.hits}
    for hit in results.articles.hits:
        body = session.execute(
            text("SELECT body FROM article WHERE id = :a"), {"a": hit.id}
        ).scalar_one()
        assert re.search(r"\ba\b", body, re.IGNORECASE) and re.search(r"\b10", body)


def test_the_indexes_follow_every_write(session, seed_ids):
    """Triggers keep the documents current: a new and a deleted alias, a renamed actor, an
    edited claim (the session rolls back afterwards; a deleted article is below)."""
    zakharova = seed_ids.actors["Maria Zakharova"]
    session.execute(
        text(
            "INSERT INTO actor_alias (actor_id, alias, created_at, updated_at)"
            " VALUES (:a, 'Quuxfrobber', now(), now())"
        ),
        {"a": zakharova},
    )
    assert [h.id for h in search(PostgresFtsSearch(), session, "quuxfrob").actors.hits] == [
        zakharova
    ]
    session.execute(text("DELETE FROM actor_alias WHERE alias = 'Quuxfrobber'"))
    assert search(PostgresFtsSearch(), session, "quuxfrob").actors.hits == []

    session.execute(
        text("UPDATE actor SET name = 'Maria Zorblatova' WHERE id = :a"), {"a": zakharova}
    )
    assert [h.id for h in search(PostgresFtsSearch(), session, "zorblatova").actors.hits] == [
        zakharova
    ]

    charlatans = seed_ids.claims["konashenkov-charlatans-003"]
    session.execute(
        text("UPDATE claim SET statement = 'Grobnitz' WHERE id = :c"), {"c": charlatans}
    )
    assert [h.id for h in search(PostgresFtsSearch(), session, "grobnitz").claims.hits] == [
        charlatans
    ]


def test_a_huge_article_is_found_with_a_snippet_from_its_window(engine, session):
    article = add_huge_article(engine)
    try:
        results = search(PostgresFtsSearch(), session, "said")
        [hit] = [h for h in results.articles.hits if h.id == article]
        assert "<mark>said</mark>" in str(hit.snippet) and len(str(hit.snippet)) < 600
        assert str(hit.snippet).endswith("…")

        # Found by a word only past the window; the snippet is the opening, unmarked.
        [hit] = search(PostgresFtsSearch(), session, "zanzibarquux").articles.hits
        assert hit.id == article and "<mark>" not in str(hit.snippet)
        assert HUGE_BODY.startswith(str(hit.snippet).rstrip("…")[:40])
    finally:
        with write_session(engine) as writer:
            writer.execute(text("DELETE FROM article WHERE id = :a"), {"a": article})
            writer.commit()


def test_a_statement_past_the_deadline_is_stopped_by_statement_timeout(session):
    budget = Budget(50)

    with pytest.raises(SearchStopped) as stopped, bounded(session, budget):
        session.execute(text("SELECT pg_sleep(30)"))

    assert not stopped.value.cancelled
    assert "statement timeout" in str(stopped.value.__cause__)


def test_the_timeout_is_the_default_again_after_a_search(session):
    default = session.execute(text("SHOW statement_timeout")).scalar_one()

    with bounded(session, Budget(60_000)):
        assert session.execute(text("SHOW statement_timeout")).scalar_one() != default
        search(PostgresFtsSearch(), session, "said")

    assert session.execute(text("SHOW statement_timeout")).scalar_one() == default


def _search_until_its_client_leaves(engine, started: threading.Event) -> SearchStopped:
    """A search whose client disconnects once the search has `started`: how it stopped."""
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if messages:
            return messages.pop()
        await anyio.to_thread.run_sync(started.wait)
        return {"type": "http.disconnect"}

    async def run() -> SearchStopped:
        with Session(engine) as session, pytest.raises(SearchStopped) as stopped:
            await search_off_the_loop(receive, session, ["said"], 20, deadline_ms=120_000)
        return stopped.value

    return asyncio.run(run())


def test_a_client_that_leaves_stops_its_statement(engine, monkeypatch):
    """The disconnect sends PostgreSQL a cancel request for the statement in progress: it
    stops long before its deadline, and the connection goes back to the pool usable."""
    started = threading.Event()

    def slow_search(self, session, terms, limit, filters):
        started.set()
        session.execute(text("SELECT pg_sleep(60)"))
        raise AssertionError("the statement was not stopped")

    monkeypatch.setattr(PostgresFtsSearch, "search", slow_search)
    stopped = _search_until_its_client_leaves(engine, started)

    assert stopped.cancelled
    assert "user request" in str(stopped.__cause__)  # the cancel, not the statement timeout
    with Session(engine) as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1


def test_a_cancel_sent_before_the_statement_starts_is_sent_again(engine, monkeypatch):
    """The client leaves while the statement is still on its way to the server: the first
    cancel request stops nothing there, and the next one stops the statement."""
    started, first_cancel_sent = threading.Event(), threading.Event()
    send_cancel = Budget.cancel

    def cancel_and_tell(self):
        send_cancel(self)
        first_cancel_sent.set()

    def late_search(self, session, terms, limit, filters):
        started.set()
        assert first_cancel_sent.wait(30)
        session.execute(text("SELECT pg_sleep(60)"))
        raise AssertionError("the statement was not stopped")

    monkeypatch.setattr(Budget, "cancel", cancel_and_tell)
    monkeypatch.setattr(PostgresFtsSearch, "search", late_search)
    stopped = _search_until_its_client_leaves(engine, started)

    assert stopped.cancelled
    assert "user request" in str(stopped.__cause__)  # a cancel, not the statement timeout


def test_the_migration_goes_down_and_up_again(engine, seed_ids):
    """Down to 0003 the search tables, triggers and configuration are gone (search would fail);
    up again they are rebuilt from the rows."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    tables = text("SELECT count(*) FROM pg_tables WHERE tablename LIKE '%\\_fts'")

    command.downgrade(config, "0003")
    with Session(engine) as session:
        assert session.execute(tables).scalar_one() == 0
    command.upgrade(config, "head")

    with Session(engine) as session:
        # article, claim and actor (0004), dispute (0006)
        assert session.execute(tables).scalar_one() == 4
        results = search(PostgresFtsSearch(), session, "charlatans")
        assert seed_ids.claims["konashenkov-charlatans-003"] in {h.id for h in results.claims.hits}
        assert seed_ids.disputes["idlib-bombing-sept-2017"] in {h.id for h in results.disputes.hits}
