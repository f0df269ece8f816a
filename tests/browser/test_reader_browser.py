"""static/reader.js and the reader's layout, in headless Chromium against a real uvicorn: after
Enter on a highlight focus goes to the opened claim and a status line says so; on a phone the
claim opens as a sheet where the reader is, and Escape or Back closes it; readers get a working
"copy link" under the CSP. Every wait is on a condition, never on time."""

import re
from collections.abc import Iterator

import pytest

from tests.browser.test_browser import TIMEOUT_MS, box
from tests.conftest import Console
from tests.write_routes import ARTICLE_FILE

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

SELECTED = "(id) => document.getElementById('claim-panel')?.dataset.selectedClaim === id"
CLOSED = """() => {
    const panel = document.getElementById("claim-panel");
    return !!panel && !panel.dataset.selectedClaim;
}"""
FOCUSED_ID = "() => document.activeElement && document.activeElement.id"
# The element with focus is a highlighted run of this claim.
FOCUS_ON_PASSAGE = """(id) => {
    const el = document.activeElement;
    return !!el && el.matches(".hl") && el.dataset.claims.split(" ").includes(id);
}"""


class Reader:
    """A browser context with one page and its console errors (CSP violations among them)."""

    def __init__(self, browser: object, viewport: dict, **options: object) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.console = Console(self.page)


@pytest.fixture
def desktop(browser) -> Iterator[Reader]:
    reader = Reader(browser, DESKTOP)
    yield reader
    reader.context.close()


@pytest.fixture
def phone(browser) -> Iterator[Reader]:
    reader = Reader(browser, PHONE, is_mobile=True, has_touch=True)
    yield reader
    reader.context.close()


def open_article(page: object, live_server: object) -> None:
    article_id = live_server.ids.articles[ARTICLE_FILE]
    page.goto(f"{live_server.url}/articles/{article_id}")
    page.wait_for_url(re.compile(rf"/articles/{article_id}-[a-z0-9-]+$"))


def test_enter_on_a_highlight_moves_focus_to_the_claim_and_escape_brings_it_back(
    desktop, live_server
):
    page = desktop.page
    open_article(page, live_server)
    run = page.locator("#article-text a.hl").first
    claim_id = run.get_attribute("data-claims").split()[0]

    run.focus()
    page.keyboard.press("Enter")

    page.wait_for_function(SELECTED, arg=claim_id)
    page.wait_for_function(f"() => ({FOCUSED_ID})() === 'claim-panel'")
    statement = page.locator("#claim-panel .statement").inner_text()
    status = page.locator("#reader-status")
    assert status.get_attribute("role") == "status"
    page.wait_for_function(
        "(text) => document.getElementById('reader-status').textContent.includes(text)",
        arg=statement.strip(),
    )
    assert re.search(rf"\?claim={claim_id}(#|$)", page.url)

    # The next Tab stays in the claim, not on the footer.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('#claim-panel')")

    # Escape closes the claim; focus goes back to its passage.
    page.keyboard.press("Escape")
    page.wait_for_function(CLOSED)
    page.wait_for_function(FOCUS_ON_PASSAGE, arg=claim_id)
    assert "Claim closed" in status.inner_text()
    assert "claim=" not in page.url
    assert desktop.console.errors == []


def test_on_a_phone_a_tapped_claim_opens_as_a_sheet_where_the_reader_is(phone, live_server):
    page = phone.page
    open_article(page, live_server)
    run = page.locator("#article-text a.hl").last
    claim_id = run.get_attribute("data-claims").split()[0]
    run.scroll_into_view_if_needed()
    page.evaluate("window.__marker = 1")

    run.tap()

    page.wait_for_function(SELECTED, arg=claim_id)
    # reader.js has run once the swap settled: focus is on the sheet.
    page.wait_for_function(f"() => ({FOCUSED_ID})() === 'claim-panel'")
    assert page.evaluate("window.__marker") == 1  # an htmx swap, not a page load
    sheet = page.locator("#claim-panel")
    assert sheet.evaluate("(el) => getComputedStyle(el).position") == "fixed"
    found = box(sheet)
    assert found["y"] >= 0 and found["y"] + found["height"] <= PHONE["height"] + 1
    assert found["height"] <= PHONE["height"] * 0.6  # the text stays in sight above it
    assert page.locator("#claim-panel .statement").is_visible()
    # The passage the reader tapped is still on screen, above the sheet.
    passage = box(page.locator(f'#article-text .hl[data-claims~="{claim_id}"]').first)
    assert passage["y"] >= 0 and passage["y"] + passage["height"] <= found["y"] + 1

    # Escape closes it (a keyboard on a tablet); the claim list is back in the page.
    page.keyboard.press("Escape")
    page.wait_for_function(CLOSED)
    assert sheet.evaluate("(el) => getComputedStyle(el).position") != "fixed"

    # Back closes it too: the sheet was a step in the history.
    page.locator(f'#article-text .hl[data-claims~="{claim_id}"]').first.tap()
    page.wait_for_function(SELECTED, arg=claim_id)
    page.go_back()
    page.wait_for_function(CLOSED)
    assert "claim=" not in page.url
    assert phone.console.errors == []


def test_the_close_control_is_reachable_on_a_phone_and_closes_the_sheet(phone, live_server):
    page = phone.page
    open_article(page, live_server)
    run = page.locator("#article-text a.hl").first
    claim_id = run.get_attribute("data-claims").split()[0]
    run.tap()
    page.wait_for_function(SELECTED, arg=claim_id)

    close = page.locator("#claim-panel [data-close-claim]")
    close_box = box(close)
    assert close_box["y"] >= 0 and close_box["y"] + close_box["height"] <= PHONE["height"]
    close.tap()

    page.wait_for_function(CLOSED)
    assert phone.console.errors == []


def test_readers_get_a_working_copy_link(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    try:
        open_article(page, live_server)
        button = page.locator("[data-copy]").first
        assert button.is_visible()

        button.click()

        status = page.locator(".share-status").first
        page.wait_for_function(
            "() => document.querySelector('.share-status').textContent === 'Link copied'"
        )
        assert status.inner_text() == "Link copied"
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("input.share-url").first.input_value()
        assert copied.startswith(live_server.url + "/articles/")
        assert console.errors == []  # the CSP let it run: no violation was reported
    finally:
        context.close()
