"""app/errors.py: bad input is a 4xx that says what was wrong (an HTML page for the site, a
problem detail for the API), never a 500."""

from pathlib import Path

import pytest

from app.main import create_app
from tests.conftest import (
    TestClient,
    clear_caches,
    database_url,
    new_database,
    point_app_at,
    unreachable_database_url,
)
from tests.htmldoc import parse

PROBLEM = "application/problem+json"
UNKNOWN = 999_999


def assert_html_error(response, status: int, message: str | None = None) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    root = parse(response.text)
    assert len(root.find_all("h1")) == 1
    if message is not None:
        assert message in root.find("main").text


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (f"/disputes/{UNKNOWN}", f"There is no dispute number {UNKNOWN}."),
        (f"/disputes/{UNKNOWN}-some-slug", f"There is no dispute number {UNKNOWN}."),
        (f"/articles/{UNKNOWN}", f"There is no article number {UNKNOWN}."),
        (f"/actors/{UNKNOWN}", f"There is no actor number {UNKNOWN}."),
        (f"/claims/{UNKNOWN}", f"There is no claim number {UNKNOWN}."),
        ("/no-such-page", "Not Found"),
    ],
)
def test_unknown_pages_are_a_404_html_page(client, path, message):
    assert_html_error(client.get(path), 404, message)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (f"/api/disputes/{UNKNOWN}", f"There is no dispute number {UNKNOWN}."),
        (f"/api/articles/{UNKNOWN}", f"There is no article number {UNKNOWN}."),
        (f"/api/actors/{UNKNOWN}", f"There is no actor number {UNKNOWN}."),
        (f"/api/claims/{UNKNOWN}", f"There is no claim number {UNKNOWN}."),
        ("/api/no-such-thing", None),
    ],
)
def test_unknown_api_objects_are_a_404_problem(client, path, message):
    body = assert_problem(client.get(path), 404)
    assert body["title"] == "Not Found"
    if message:
        assert body["detail"] == message


@pytest.mark.parametrize(
    "path",
    [
        "/disputes/abc",
        "/disputes/-1",
        "/disputes/0",
        "/disputes/99999999999999999999999",
        "/disputes/1.5",
        "/articles/abc",
        "/actors/-1",
        "/claims/abc",
        "/claims/0",
        "/claims/-1",
        "/claims/99999999999999999999",
        "/articles/1?claim=abc",
        "/articles/1?claim=0",
        "/articles/1?claim=99999999999999999999",
        "/disputes?limit=0",
        "/disputes?offset=-1",
        "/actors?limit=abc",
    ],
)
def test_malformed_page_requests_are_4xx_html(client, path):
    response = client.get(path, follow_redirects=True)

    assert response.status_code in (404, 422)
    assert_html_error(response, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/api/claims/0",
        "/api/claims/-1",
        "/api/claims/abc",
        "/api/claims/99999999999999999999",
        "/api/disputes/abc",
        "/api/articles/1.5",
        "/api/actors/99999999999999999999",
    ],
)
def test_malformed_api_ids_are_4xx_problems(client, path):
    response = client.get(path)

    assert response.status_code in (404, 422)
    assert_problem(response, response.status_code)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=1000", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
        ("kind=nonsense", "kind"),
        ("article_id=0", "article_id"),
        ("claimant_id=x", "claimant_id"),
    ],
)
def test_bad_query_strings_are_a_422_problem(client, query, parameter):
    body = assert_problem(client.get(f"/api/claims?{query}"), 422)

    assert parameter in body["detail"]
    assert any(parameter in error["loc"] for error in body["errors"])


def test_validation_problems_do_not_echo_the_input(client):
    body = assert_problem(client.get("/api/claims?kind=" + "x" * 500), 422)
    assert "x" * 100 not in str(body)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize(("path", "html"), [("/search", True), ("/api/search", False)])
def test_wrong_methods_on_read_only_routes_are_405(client, method, path, html):
    response = client.request(method, path)

    if html:
        assert_html_error(response, 405)
    else:
        assert_problem(response, 405)


# ------------------------------------------------------------------ search input


def test_empty_search_shows_a_hint(client):
    response = client.get("/search?q=")

    assert response.status_code == 200
    assert "Type a name" in parse(response.text).find(id="results").text


def test_empty_api_search_is_empty(client):
    response = client.get("/api/search?q=")

    assert response.status_code == 200
    found = response.json()
    assert found["terms"] == []
    assert found["claims"]["items"] == [] and found["actors"]["total"] == 0


@pytest.mark.parametrize("length", [300, 20_000])
def test_an_overlong_search_is_a_422_page_saying_the_limit(client, length):
    response = client.get("/search", params={"q": "a" * length})

    assert_html_error(response, 422)
    message = parse(response.text).find("main").text
    assert "200" in message, message  # says the most Gainsay accepts


@pytest.mark.parametrize("length", [300, 20_000])
def test_an_overlong_api_search_is_a_422_problem_saying_the_limit(client, length):
    body = assert_problem(client.get("/api/search", params={"q": "a" * length}), 422)

    assert f"{length:,}" in body["detail"]
    assert "200" in body["detail"]


FTS_SYNTAX = [
    '"',
    '""',
    "*",
    "**",
    "NEAR(",
    "NEAR(a b, 2)",
    "AND OR NOT",
    "NOT",
    "'",
    "(",
    ")",
    "-",
    "-Konashenkov",
    "^",
    "^Konash",
    "a:b",
    "title:Aleppo",
    "Konash*",
    "{col1 col2}: x",
    '"unbalanced',
    "_",
    "%",
    "\\",
    "\x00x",
    "é",
    "\U0001f600",
]


@pytest.mark.parametrize("query", FTS_SYNTAX)
@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_search_syntax_never_breaks_search(client, path, query):
    response = client.get(path, params={"q": query})

    assert response.status_code == 200, response.text[:300]


# ------------------------------------------------------------------ server errors


@pytest.fixture
def broken_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The app on a database with no schema: every query fails."""
    point_app_at(monkeypatch, database_url(new_database(tmp_path)))
    with TestClient(create_app(), raise_server_exceptions=False) as broken:
        yield broken
    clear_caches()


def test_a_server_error_is_a_500_page_without_details(broken_client):
    response = broken_client.get("/disputes")

    assert_html_error(response, 500, "Something went wrong on our side")
    assert "OperationalError" not in response.text and "no such table" not in response.text


def test_a_server_error_in_the_api_is_a_500_problem(broken_client):
    body = assert_problem(broken_client.get("/api/claims"), 500)
    assert "no such table" not in body["detail"]


def test_healthz_reports_an_unreachable_database(tmp_path, monkeypatch):
    point_app_at(monkeypatch, unreachable_database_url(tmp_path))
    try:
        with TestClient(create_app(), raise_server_exceptions=False) as unreachable:
            response = unreachable.get("/healthz")
    finally:
        clear_caches()

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_healthz_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_an_error_pages_canonical_link_is_a_well_formed_url(client):
    response = client.get('/disputes/<script>x"y</script>')

    assert response.status_code == 404
    canonical = parse(response.text).find("link", rel="canonical").get("href")
    assert canonical.endswith("/disputes/%3Cscript%3Ex%22y%3C/script%3E")
