"""app/search/: FTS5 and the portable backend answer the same questions; the page escapes."""

import re

import pytest
from sqlalchemy import select, text

from app.models import Actor, Claim
from app.search import SearchResults, query_phrases, query_terms, search_backend, windowed
from app.search.portable import PortableSearch
from app.search.sqlite_fts import SqliteFtsSearch, match_expression
from tests.conftest import permalink
from tests.htmldoc import parse

SOHR = "Syrian Observatory for Human Rights"
FTS5_ONLY = pytest.mark.sqlite_only(
    reason="SQLite FTS5 internals (PostgreSQL's: tests/search/test_search_postgres.py)"
)


@pytest.fixture(params=[pytest.param("fts5", marks=FTS5_ONLY), "portable"])
def backend(request):
    return SqliteFtsSearch() if request.param == "fts5" else PortableSearch()


@pytest.fixture
def full_text(engine):
    """The full-text backend of the tests' database: FTS5 or PostgreSQL's."""
    return search_backend(engine)


def search(backend, session, query: str, limit: int = 50) -> SearchResults:
    return backend.search(session, query_terms(query), limit=limit)


def claim_ids(results: SearchResults) -> set[int]:
    return {hit.id for hit in results.claims.hits}


def unmark(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def actor_names(results: SearchResults) -> set[str]:
    return {unmark(str(hit.title)) for hit in results.actors.hits}


@FTS5_ONLY
def test_sqlite_databases_get_the_fts_backend(engine):
    assert isinstance(search_backend(engine), SqliteFtsSearch)


def test_query_terms_keep_only_words():
    assert query_terms('"Konashenkov" AND (A-10*) NEAR( ^x') == [
        "konashenkov",
        "and",
        "a",
        "10",
        "near",
        "x",
    ]
    assert query_terms("  ") == []
    assert len(query_terms("w " * 50)) == 12


def test_query_phrases_keep_words_joined_without_a_space():
    assert query_phrases('"Konashenkov" AND (A-10*) NEAR( ^x') == [
        "konashenkov",
        "and",
        "a 10",
        "near",
        "x",
    ]
    assert query_phrases('al-Numan "civil  Defence" 100,000 "open') == [
        "al numan",
        "civil defence",
        "100 000",
        "open",
    ]
    assert query_phrases("Konashenkov's Russia’s") == ["konashenkov", "russia"]
    assert query_phrases(' "" -- ') == []
    assert sum(len(t.split()) for t in query_phrases("a-b " * 10)) == 12


def test_match_expression_quotes_every_term_and_prefixes_the_last():
    assert match_expression(["and", "near"]) == '"and" "near"*'


def test_name_finds_the_actor_and_his_claims(backend, session, seed_ids):
    results = search(backend, session, "Konashenkov")

    assert "Igor Konashenkov" in actor_names(results)
    konashenkov = seed_ids.actors["Igor Konashenkov"]
    his = (
        session.execute(
            select(Claim.id).where(
                Claim.claimant_id == konashenkov, Claim.statement.contains("Konashenkov")
            )
        )
        .scalars()
        .all()
    )
    assert his and set(his) <= claim_ids(results)
    assert results.claims.total == len(results.claims.hits) >= len(his)


def test_a_word_in_a_quote_is_marked(backend, session, seed_ids):
    results = search(backend, session, "charlatans")

    charlatans = seed_ids.claims["konashenkov-charlatans-003"]
    assert charlatans in claim_ids(results)
    hit = next(h for h in results.claims.hits if h.id == charlatans)
    assert "<mark>charlatans</mark>" in str(hit.snippet)
    assert "<mark>charlatans</mark>" in str(hit.title)


@pytest.mark.parametrize("alias", ["the Observatory", "SOHR", "sohr"])
def test_an_alias_finds_the_actor(backend, session, alias):
    assert SOHR in actor_names(search(backend, session, alias))


@pytest.mark.parametrize("prefix", ["Konash", "konashenk"])
def test_the_last_word_may_be_a_prefix(backend, session, prefix):
    results = search(backend, session, prefix)

    assert "Igor Konashenkov" in actor_names(results)
    assert results.claims.hits


def test_every_word_must_match(backend, session, seed_ids):
    results = search(backend, session, "Konashenkov charlatans")

    assert claim_ids(results) == {seed_ids.claims["konashenkov-charlatans-003"]}


def test_articles_are_found_by_their_text(backend, session, seed_ids):
    results = search(backend, session, "Maarat")

    assert seed_ids.articles["004_9b201937729236e9.txt"] in {h.id for h in results.articles.hits}
    assert all("<mark>" in str(h.snippet) for h in results.articles.hits)


def test_nothing_found_is_empty(backend, session):
    results = search(backend, session, "xylophonequartz")
    assert results.total == 0 and results.claims.hits == []


def test_no_terms_is_empty(backend, session):
    assert search(backend, session, "").total == 0


def test_totals_count_beyond_the_limit(backend, session):
    results = search(backend, session, "Syria", limit=2)

    assert len(results.claims.hits) == 2
    assert results.claims.total > 2


def test_marked_text_is_escaped(backend, session, seed_ids):
    """Quotes with double quotation marks come back escaped, with only <mark> as markup."""
    results = search(backend, session, "Observatory said that among those killed")
    [hit] = [h for h in results.claims.hits if h.id == seed_ids.claims["aleppo-sohr-breakdown-000"]]

    html = str(hit.snippet)
    assert '"89' not in html
    assert "&#34;89" in html or "&quot;89" in html
    assert "<" not in unmark(html)


def test_words_joined_without_a_space_are_a_phrase(full_text, session, seed_ids):
    """ "A-10" is "a" then "10" side by side; the words apart found an "a" and a "100,000"
    anywhere in a text (the issue's false match, and worse with LIKE)."""
    apart = full_text.search(session, query_terms("A-10"), 50)
    phrase = full_text.search(session, query_phrases("A-10"), 50)

    assert seed_ids.claims["konashenkov-us-a10-002"] in claim_ids(phrase)
    assert {h.id for h in phrase.articles.hits} < {h.id for h in apart.articles.hits}
    for hit in phrase.articles.hits:
        body = session.execute(
            text("SELECT body FROM article WHERE id = :a"), {"a": hit.id}
        ).scalar_one()
        assert re.search(r"\bA-10", body)


def test_a_quoted_phrase_keeps_its_order(full_text, session):
    in_order = full_text.search(session, query_phrases('"civil defence"'), 50)
    reversed_ = full_text.search(session, query_phrases('"defence civil"'), 50)
    apart = full_text.search(session, query_phrases("defence civil"), 50)

    assert apart.total >= in_order.total > 0
    # (Actors are left out: their aliases are one text, "… Civil Defence | Civil …".)
    assert reversed_.articles.total == reversed_.claims.total == 0


def test_api_search_reports_phrases_as_terms(client):
    found = client.get("/api/search", params={"q": "A-10 strike"}).json()

    assert found["terms"] == ["a 10", "strike"]
    assert found["claims"]["items"]


@FTS5_ONLY
def test_actors_found_by_both_backends_agree(session):
    for query in ["Konashenkov", "SOHR", "the Observatory", "Civil Defence", "Zakharova"]:
        terms = query_terms(query)
        fts = {h.id for h in SqliteFtsSearch().search(session, terms, 50).actors.hits}
        portable = {h.id for h in PortableSearch().search(session, terms, 50).actors.hits}
        assert fts == portable, query


# ------------------------------------------------------------------ over HTTP


def test_search_page_links_the_actor_and_claims(client, seed_ids):
    response = client.get("/search", params={"q": "Konashenkov"})

    assert response.status_code == 200
    root = parse(response.text)
    hrefs = {a.get("href") for a in root.find(id="results").find_all("a")}
    assert f"/actors/{seed_ids.actors['Igor Konashenkov']}-igor-konashenkov" in hrefs
    assert f"/claims/{seed_ids.claims['konashenkov-us-a10-002']}" in hrefs


def test_search_page_marks_the_word(client):
    response = client.get("/search", params={"q": "charlatans"})

    assert response.status_code == 200
    assert "<mark>charlatans</mark>" in response.text


@pytest.mark.parametrize(
    "query",
    ['<script>alert("x")</script>', "\"'><img src=x onerror=alert(1)>", "Konashenkov & <b>"],
)
def test_the_query_is_escaped_in_the_page(client, query):
    response = client.get("/search", params={"q": query})

    assert response.status_code == 200
    assert query not in response.text
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    root = parse(response.text)
    assert root.find("input", id="search-q").get("value") == query
    assert root.find_all("script", where=lambda s: not s.get("src")) == []


def test_the_htmx_partial_is_the_results_with_canonical_links(client, seed_ids):
    article_id = seed_ids.articles["004_9b201937729236e9.txt"]
    canonical = permalink(client, f"/articles/{article_id}")

    response = client.get("/search", params={"q": "Maarat"}, headers={"HX-Request": "true"})

    assert response.status_code == 200 and "HX-Request" in response.headers["vary"]
    assert response.text.lstrip().startswith('<div id="results"') and "<html" not in response.text
    root = parse(response.text)
    assert canonical in {a.get("href") for a in root.find_all("a")}
    assert root.find_all("mark") and root.find_all("span", cls="count")


def test_api_search_finds_an_alias(client, session):
    sohr_id = session.execute(select(Actor.id).where(Actor.name == SOHR)).scalar_one()

    found = client.get("/api/search", params={"q": "the Observatory"}).json()

    assert sohr_id in [hit["id"] for hit in found["actors"]["items"]]


@FTS5_ONLY
def test_a_common_word_is_ranked_among_its_newest_matches(session, monkeypatch):
    """Past RANK_WINDOW matches only the newest are ranked (what keeps a common word fast on a
    big corpus); the count still covers every match."""
    everything = SqliteFtsSearch().search(session, ["the"], limit=50)
    assert len(everything.articles.hits) >= 3 and len(everything.claims.hits) >= 3

    monkeypatch.setattr(windowed, "RANK_WINDOW", 2)
    in_window = SqliteFtsSearch().search(session, ["the"], limit=50)

    newest_articles = sorted((hit.id for hit in everything.articles.hits), reverse=True)[:2]
    assert sorted(hit.id for hit in in_window.articles.hits) == sorted(newest_articles)
    # Claims are windowed before drafts are left out: the published among the two newest.
    floor = session.execute(
        text(
            "SELECT min(rowid) FROM (SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'the*'"
            " ORDER BY rowid DESC LIMIT 2)"
        )
    ).scalar_one()
    assert {hit.id for hit in in_window.claims.hits} == {
        hit.id for hit in everything.claims.hits if hit.id >= floor
    }
    assert in_window.articles.total == everything.articles.total
    assert in_window.claims.total == everything.claims.total


def published_matches(session, match: str) -> int:
    """Every published claim matching an FTS5 query, counted without the backend's shortcuts."""
    return session.execute(
        text(
            "SELECT count(*) FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid"
            " WHERE claim_fts MATCH :match AND c.state = 'published'"
        ),
        {"match": match},
    ).scalar_one()


@FTS5_ONLY
@pytest.mark.parametrize("window", [1, 2, 3, 2000])
@pytest.mark.parametrize("cap", [1, 2, 1000])
def test_totals_from_the_window_match_a_plain_count(session, monkeypatch, window, cap):
    """Totals come from the rank window where it holds every match or passes the cap, and
    from a count query otherwise: every way gives the capped count of every match."""
    monkeypatch.setattr(windowed, "RANK_WINDOW", window)
    monkeypatch.setattr(windowed, "COUNT_CAP", cap)
    articles = session.execute(
        text("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'syria*'")
    ).scalar_one()
    claims = published_matches(session, "syria*")
    assert articles > 3 and claims > 3

    results = SqliteFtsSearch().search(session, ["syria"], limit=2)

    assert results.articles.total == min(articles, cap + 1)
    assert results.claims.total == min(claims, cap + 1)


@FTS5_ONLY
def test_a_full_window_that_reaches_the_cap_is_counted_exactly(session, monkeypatch):
    """Every match fills the window and reaches the cap without passing it: a count, not
    "cap+"."""
    matches = session.execute(
        text("SELECT count(*) FROM claim_fts WHERE claim_fts MATCH 'syria*'")
    ).scalar_one()
    published = published_matches(session, "syria*")
    monkeypatch.setattr(windowed, "RANK_WINDOW", matches)
    monkeypatch.setattr(windowed, "COUNT_CAP", published)

    results = SqliteFtsSearch().search(session, ["syria"], limit=2)

    assert results.claims.total == published


def make_drafts(session, claim_ids: list[int]) -> None:
    """Turn published claims into drafts for this test (the session fixture rolls back)."""
    session.execute(
        text(
            "UPDATE claim SET state = 'draft' WHERE id IN ({})".format(
                ",".join(map(str, claim_ids))
            )
        )
    )


def test_drafts_are_neither_found_nor_counted(backend, session):
    before = search(backend, session, "Syria", limit=2)
    drafts = [hit.id for hit in before.claims.hits]
    make_drafts(session, drafts)

    after = search(backend, session, "Syria", limit=2)

    assert after.claims.total == before.claims.total - len(drafts)
    assert not set(drafts) & claim_ids(after)


def test_a_word_only_in_drafts_finds_no_claims(backend, session, seed_ids):
    make_drafts(session, [seed_ids.claims["konashenkov-charlatans-003"]])

    results = search(backend, session, "charlatans")

    assert results.claims.hits == [] and results.claims.total == 0


@FTS5_ONLY
def test_a_window_of_drafts_still_counts_the_published_beyond_it(session, monkeypatch):
    """The newest matches all drafts: nothing is ranked, yet the total counts the rest."""
    monkeypatch.setattr(windowed, "RANK_WINDOW", 2)
    newest = (
        session.execute(
            text(
                "SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'syria*'"
                " ORDER BY rowid DESC LIMIT 2"
            )
        )
        .scalars()
        .all()
    )
    make_drafts(session, newest)

    results = SqliteFtsSearch().search(session, ["syria"], limit=20)

    assert results.claims.hits == []
    assert results.claims.total == published_matches(session, "syria*") > 0
