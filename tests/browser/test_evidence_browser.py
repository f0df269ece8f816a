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


# ------------------------------------------------------------------ on the dispute page itself


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dispute_page_shows_its_chart_and_origins_fitting_the_screen(
    browser, live_server, width
):
    dispute = live_server.ids.disputes["aleppo-offensive-toll-feb-2016"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        console = Console(page)
        response = page.goto(f"{live_server.url}/disputes/{dispute}")
        assert response.status == 200
        chart = page.locator(".evidence-figures svg.chart").first
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert 300 <= box["width"] <= min(width, 460)
        # Drawn at 12 units in a 360-unit view box: at least 10 px on a phone.
        size = page.evaluate(
            "el => el.querySelector('text').getBoundingClientRect().height", chart.element_handle()
        )
        assert size >= 10
        # The chains of reporting open from the counts, without a script of ours.
        origins = page.locator("article.claim-card details.node-origins").first
        chains = origins.locator("ol.chains")
        assert not chains.is_visible()
        origins.locator("summary").click()
        assert chains.is_visible()
        assert "Syrian Observatory for Human Rights" in chains.inner_text()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert console.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("url", ["/disputes?sort=origins&status=contested", "/search?q=Russia"])
def test_list_and_search_controls_fit_a_phone(browser, live_server, url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        console = Console(page)
        assert page.goto(f"{live_server.url}{url}").status == 200
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert console.errors == []
    finally:
        context.close()
