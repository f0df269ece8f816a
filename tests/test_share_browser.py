"""In headless Chromium: the dispute page's JSON-LD data block lives with the CSP (no inline
scripts): it is neither blocked nor reported, it never runs, and it parses as the same JSON the
app offers at /disputes/{id}/claimreview.json."""

import json
import re
import urllib.request

import pytest

from tests.conftest import Console

pytestmark = pytest.mark.browser

TOLL = "aleppo-offensive-toll-feb-2016"


def test_the_json_ld_block_is_not_blocked_by_the_csp(browser, live_server):
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
