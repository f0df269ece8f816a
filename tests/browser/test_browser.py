"""End to end in headless Chromium against a real uvicorn (the `live_server` fixture):
home → dispute → quoted passage in its article → another claim through htmx."""

import re

import pytest

from tests.conftest import Console

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000  # how long to wait for a page or a swap before failing

# The first highlighted run of a claim is inside the viewport.
IN_VIEW = """(id) => {
    const r = document.querySelector(`.hl[data-claims~="${id}"]`).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
}"""
# Exactly the runs of this claim are marked selected.
ONLY_SELECTED = """(id) => {
    const runs = [...document.querySelectorAll(`.hl[data-claims~="${id}"]`)];
    const selected = [...document.querySelectorAll(".hl.is-selected")];
    return runs.length > 0 && runs.length === selected.length
        && runs.every((run) => run.classList.contains("is-selected"));
}"""


def box(locator: object) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not displayed"
    return found


def dispute_cards(page: object) -> tuple[object, object]:
    """The first allegation card that has an answer beside it, and that answer's card."""
    row = page.locator(".exchange-row").filter(has=page.locator(".side-answers .claim-card")).first
    allegation = row.locator(".side-allegation > article.claim-card").first
    answer = row.locator(".side-answers > .answer > article.claim-card").first
    return allegation, answer


def open_toll_dispute(page: object, base: str) -> None:
    page.goto(base + "/")
    page.locator(".dispute-tile a", has_text="Aleppo offensive death toll").click()
    page.wait_for_url(re.compile(r"/disputes/\d+-aleppo-offensive-toll-feb-2016$"))


def test_dispute_to_passage_to_another_claim(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    try:
        # home → a dispute tile
        open_toll_dispute(page, live_server.url)

        # the allegation and its answer side by side
        allegation, answer = dispute_cards(page)
        left, right = box(allegation), box(answer)
        assert right["x"] > left["x"] + left["width"] / 2
        assert right["y"] < left["y"] + left["height"] and left["y"] < right["y"] + right["height"]

        # a quote opens its passage in the article, marked and in view
        claim_id = allegation.get_attribute("id").removeprefix("c")
        allegation.locator("blockquote.quote a").first.click()
        page.wait_for_url(
            re.compile(rf"/articles/\d+-[a-z0-9-]+\?claim={claim_id}#claim-{claim_id}$")
        )
        runs = page.locator(f'.hl[data-claims~="{claim_id}"]')
        assert runs.count() >= 1
        for index in range(runs.count()):
            assert "is-selected" in runs.nth(index).get_attribute("class").split()
        page.wait_for_function(IN_VIEW, arg=claim_id)

        # another highlight: htmx swaps the panel in place and pushes ?claim=
        page.evaluate("window.__marker = 1")
        other = page.locator(f'a.hl:not([data-claims~="{claim_id}"])').first
        other_id = other.get_attribute("data-claims").split()[0]
        other.click()
        try:
            page.wait_for_function(
                "(id) => document.getElementById('claim-panel')?.dataset.selectedClaim === id",
                arg=other_id,
            )
        except Exception as error:  # a timeout: say what the page logged
            pytest.fail(f"the claim panel did not update: {error}\nconsole: {console.errors}")
        assert page.evaluate("window.__marker") == 1  # no full navigation
        assert re.search(rf"\?claim={other_id}(#|$)", page.url), page.url
        page.wait_for_function(ONLY_SELECTED, arg=other_id)  # marked once the swap settles
        assert console.errors == []
    finally:
        context.close()


def test_dispute_page_stacks_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    try:
        open_toll_dispute(page, live_server.url)

        allegation, answer = dispute_cards(page)
        top, below = box(allegation), box(answer)
        assert below["y"] >= top["y"] + top["height"] - 1
        assert below["x"] + below["width"] <= 390 + 1  # nothing pushed off the screen
        assert console.errors == []
    finally:
        context.close()


def test_readers_get_htmx_and_the_readers_script_only(browser, live_server):
    """Readers load htmx and static/reader.js (copy link, focus after swaps); the analysts'
    tools (static/app.js) are not sent to them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    try:
        open_toll_dispute(page, live_server.url)

        # Scripts that run (a JSON-LD data block is not one).
        scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
        names = sorted(re.sub(r"[?#].*$", "", src).rsplit("/", 1)[-1] for src in scripts)
        assert names == ["htmx.min.js", "reader.js"], scripts
        assert page.locator("input.share-url").first.is_visible()
        assert page.locator("[data-copy]").first.is_visible()  # the clipboard API is there
        assert console.errors == []
    finally:
        context.close()
