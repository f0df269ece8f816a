"""In headless Chromium: a graded dispute page's JSON-LD data block lives with the CSP (no
inline scripts): it is neither blocked nor reported, it never runs, and it parses as the same
JSON the app offers at /disputes/{id}/claimreview.json. (An ungraded dispute's page links that
address instead of embedding it: its permalink renders a lean view.)"""

import json
import re
import sqlite3
import urllib.request

import pytest

from tests.conftest import (
    Console,
    LiveServer,
    copy_database,
    running_uvicorn,
    sqlite_url,
)

pytestmark = pytest.mark.browser

TOLL = "aleppo-offensive-toll-feb-2016"


@pytest.fixture(scope="module")
def graded_server(seed_template, tmp_path_factory):
    """A server whose toll dispute is graded (no seed dispute is)."""
    folder = tmp_path_factory.mktemp("graded")
    database = copy_database(seed_template.path, folder / "gainsay.db")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE dispute SET grade = 'contested' WHERE slug = ?", (TOLL,))
    connection.close()
    with running_uvicorn(sqlite_url(database), folder / "uvicorn.log") as base:
        yield LiveServer(base, seed_template.ids)


def test_the_json_ld_block_is_not_blocked_by_the_csp(browser, graded_server):
    live_server = graded_server
    dispute_id = live_server.ids.disputes[TOLL]
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    console = Console(page)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    try:
        response = page.goto(f"{live_server.url}/disputes/{dispute_id}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert re.search(rf"/disputes/{dispute_id}-{TOLL}$", page.url)
        embedded = page.evaluate(
            "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
        )
        with urllib.request.urlopen(
            f"{live_server.url}/disputes/{dispute_id}/claimreview.json"
        ) as offered:
            assert embedded == json.load(offered)
        card = page.evaluate("document.querySelector('meta[property=\"og:image\"]').content")
        with urllib.request.urlopen(card) as image:
            assert image.headers["content-type"] == "image/png"
        page.reload()
        assert violations == []
        assert console.errors == []
    finally:
        context.close()
