"""The evidence pages in headless Chromium against a real uvicorn: no console errors (a CSP
violation is one), nothing wider than a phone, and the as-of date form works without
JavaScript."""

import pytest

from tests.conftest import Console

pytestmark = pytest.mark.browser

IDLIB = "idlib-bombing-sept-2017"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("view", ["evidence", "timeline", "as-of/2026-12-01"])
def test_evidence_pages_fit_and_raise_no_errors(browser, live_server, view, width):
    dispute = live_server.ids.disputes[IDLIB]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        console = Console(page)
        response = page.goto(f"{live_server.url}/disputes/{dispute}-{IDLIB}/{view}")
        assert response.status == 200
        assert page.locator("h1").count() == 1
        # Wide tables scroll inside their own region; the page itself never scrolls sideways.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert console.errors == []
    finally:
        context.close()


def test_figure_charts_keep_their_text_readable_on_a_phone(browser, live_server):
    dispute = live_server.ids.disputes["aleppo-offensive-toll-feb-2016"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/disputes/{dispute}/evidence")
        chart = page.locator("svg.chart").nth(1)
        box = chart.bounding_box()
        assert 300 <= box["width"] <= 390
        # Drawn at 12 units in a 360-unit view box: at least 10 px on the screen.
        size = page.evaluate(
            "el => el.querySelector('text').getBoundingClientRect().height", chart.element_handle()
        )
        assert size >= 10
    finally:
        context.close()


def test_the_date_form_works_without_javascript(browser, live_server):
    dispute = live_server.ids.disputes[IDLIB]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/disputes/{dispute}-{IDLIB}/timeline")
        page.fill("#as-of-day", "2026-12-01")
        page.click(".as-of-form button")
        page.wait_for_url(f"**/disputes/{dispute}-{IDLIB}/as-of/2026-12-01")
        assert "As published at the end of 2026-12-01" in page.inner_text(".as-of-banner")
    finally:
        context.close()
