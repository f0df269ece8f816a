"""The analyst workspace end to end in headless Chromium against a real uvicorn serving a
fresh copy of the seeded database: sign in, select a passage, mark it as a claim from the
keyboard, link it as a rebuttal, publish it, and find it as a signed-out reader on the
dispute's permalink beside the allegation it answers."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.db import make_engine, write_session
from app.models import Claim
from app.schemas import ClaimUpdate
from app.services.accounts import create_user
from app.services.edit import claims as claim_edits
from app.vocabulary import Role
from tests.browser.test_browser import TIMEOUT_MS, box
from tests.conftest import (
    Console,
    SeedIds,
    copy_database,
    running_uvicorn,
    sqlite_url,
)
from tests.workspace_fixtures import PASSWORD
from tests.write_routes import ARTICLE_FILE

pytestmark = pytest.mark.browser

USERNAME = "browser-analyst"
# A paragraph of seed article 000 that no claim marks yet.
PASSAGE = (
    "The conflict has also displaced millions more and sent hundreds of thousands fleeing as "
    "refugees to Europe."
)
SWAP_MS = 5_000  # how long a refused or conflicting save may take to show its answer

# Select exactly `text` inside the article text with a DOM Range, as a reader's drag would.
SELECT = """(text) => {
    const root = document.getElementById("article-text");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(text);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + text.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return true;
        }
    }
    return false;
}"""
# Every CSP violation is reported to the test through an exposed binding.
REPORT_CSP = """document.addEventListener("securitypolicyviolation", (event) => {
    window.__reportCsp(`${event.violatedDirective} ${event.blockedURI}`);
});"""


@dataclass(frozen=True)
class Workspace:
    url: str
    ids: SeedIds
    database: Path


@pytest.fixture(scope="module")
def workspace(browser, seed_template, tmp_path_factory) -> Iterator[Workspace]:
    """uvicorn serving a private copy of the seeded database, with an analyst account."""
    folder = tmp_path_factory.mktemp("workspace-live")
    database = copy_database(seed_template.path, folder / "gainsay.db")
    engine = make_engine(sqlite_url(database))
    try:
        with write_session(engine) as session:
            create_user(session, USERNAME, PASSWORD, Role.analyst)
            session.commit()
    finally:
        engine.dispose()
    with running_uvicorn(sqlite_url(database), folder / "uvicorn.log") as base:
        yield Workspace(base, seed_template.ids, database)


class Tab:
    """A browser context with its page, its console errors and its CSP violations."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.csp: list[str] = []
        self.context.expose_binding("__reportCsp", lambda _source, report: self.csp.append(report))
        self.context.add_init_script(REPORT_CSP)
        self.page = self.context.new_page()
        self.console = Console(self.page)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    opened.close()


def sign_in(page: object, base: str) -> None:
    page.goto(f"{base}/sign-in?next=/")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def open_claim_form(page: object, base: str, article_id: int, text: str) -> None:
    """Open the article, select `text` and press M: the claim form opens beside it."""
    page.goto(f"{base}/articles/{article_id}")
    page.wait_for_url(re.compile(rf"/articles/{article_id}-[a-z0-9-]+$"))
    assert page.evaluate(SELECT, text), f"{text!r} is not in the article text"
    page.keyboard.press("m")
    page.wait_for_selector("#claim-panel form.claim-form")


def test_mark_link_publish_then_read_it_beside_the_allegation(tab, workspace):
    page, base, ids = tab.page, workspace.url, workspace.ids
    article_id = ids.articles[ARTICLE_FILE]
    dispute_id = ids.disputes["aleppo-offensive-toll-feb-2016"]
    allegation_id = ids.claims["aleppo-sohr-toll-000"]

    sign_in(page, base)

    # Select a passage and press M: the form holds the exact words.
    open_claim_form(page, base, article_id, PASSAGE)
    page.evaluate("() => { window.__marker = 1; }")
    assert page.input_value("#cf-quote") == PASSAGE
    page.fill("#cf-statement", "Russia: the toll is invented to smear the operation")
    page.select_option("#cf-kind", "denial")
    # The claimant by search-as-you-type: type, wait for the suggestions, pick one.
    page.locator("#cf-claimant").press_sequentially("Russian gov", delay=30)
    page.wait_for_selector('#actor-options option[value="Russian government"]', state="attached")
    page.fill("#cf-claimant", "Russian government")
    page.check(f'input[name="dispute_ids"][value="{dispute_id}"]')
    page.focus("#cf-statement")
    page.keyboard.press("Control+Enter")

    # Saved through htmx: the panel shows the new claim and its highlight appears, no reload.
    page.wait_for_function(
        "() => Boolean(document.getElementById('claim-panel')?.dataset.selectedClaim)"
    )
    claim_id = page.get_attribute("#claim-panel", "data-selected-claim")
    page.wait_for_selector(f'#article-text .hl.hl-draft[data-claims~="{claim_id}"]')
    assert page.evaluate("() => window.__marker") == 1

    # Its page: link it as a rebuttal of the allegation, found by typing.
    page.locator(f'#claim-panel a[href="/claims/{claim_id}"]', has_text="Claim page").click()
    page.wait_for_url(f"{base}/claims/{claim_id}")
    page.select_option("#link-kind", "rebuts")
    page.locator("#link-other").press_sequentially("89 civilians monitoring group", delay=20)
    page.wait_for_function(
        """(id) => [...document.querySelectorAll('#claim-options option')]
            .some((o) => o.value.startsWith(`#${id} · `))""",
        arg=str(allegation_id),
    )
    option = page.evaluate(
        """(id) => [...document.querySelectorAll('#claim-options option')]
            .map((o) => o.value).find((v) => v.startsWith(`#${id} · `))""",
        str(allegation_id),
    )
    page.fill("#link-other", option)
    page.locator("form.link-form button[type=submit]").click()
    page.wait_for_url(f"{base}/claims/{claim_id}#links")
    assert page.locator(f"section.linked #c{allegation_id}").is_visible()

    # Publish it, then sign out.
    page.locator(f'form[action="/claims/{claim_id}/publish"] button').click()
    page.wait_for_load_state()
    page.locator('form[action="/sign-out"] button').click()
    page.wait_for_url(f"{base}/")
    assert page.locator('form[action="/sign-out"]').count() == 0

    # A reader on the dispute's permalink: the answer in the row of the allegation it answers.
    page.goto(f"{base}/disputes/{dispute_id}")
    page.wait_for_url(re.compile(rf"/disputes/{dispute_id}-aleppo-offensive-toll-feb-2016$"))
    row = page.locator(".exchange-row").filter(
        has=page.locator(f".side-allegation #c{allegation_id}")
    )
    assert row.count() == 1
    allegation = row.locator(f".side-allegation #c{allegation_id}")
    answer = row.locator(f".side-answers #c{claim_id}")
    assert answer.count() == 1
    left, right = box(allegation), box(answer)
    assert right["x"] > left["x"]
    assert "rebuts" in answer.locator("xpath=..").locator(".link-kind").inner_text().lower()

    assert tab.console.errors == []
    assert tab.csp == []


def test_a_refused_claim_shows_its_message_next_to_the_field(tab, workspace):
    page, base, ids = tab.page, workspace.url, workspace.ids
    sign_in(page, base)
    open_claim_form(page, base, ids.articles[ARTICLE_FILE], "The Syrian opposition has said")

    page.fill("#cf-quote", "Words that are nowhere in this article.")
    page.fill("#cf-statement", "A claim about words that are not there")
    page.fill("#cf-claimant", "Russian government")
    page.focus("#cf-statement")
    page.keyboard.press("Control+Enter")

    try:
        page.wait_for_selector("#claim-panel #quote-error", timeout=SWAP_MS)
    except Exception as error:  # a timeout: the 422 answer never reached the page
        pytest.fail(
            f"no message appeared next to the quote after a refused save: {error}\n"
            f"console: {tab.console.errors}"
        )
    assert page.input_value("#cf-statement") == "A claim about words that are not there"
    assert tab.csp == []


def test_a_conflicting_save_shows_the_other_persons_change(tab, workspace):
    page, base, ids = tab.page, workspace.url, workspace.ids
    claim_id = ids.claims["msf-bab-al-salameh-000"]
    sign_in(page, base)
    page.goto(f"{base}/articles/{ids.articles[ARTICLE_FILE]}?claim={claim_id}")
    page.locator("#claim-panel a", has_text="Edit").click()
    page.wait_for_selector("#claim-panel form.claim-form")

    # Meanwhile another analyst saves a change to the same claim.
    engine = make_engine(sqlite_url(workspace.database))
    try:
        with write_session(engine) as db:
            version = db.get(Claim, claim_id).version
            claim_edits.update_claim(
                db, claim_id, ClaimUpdate(statement="Saved first by someone else"), version, None
            )
            db.commit()
    finally:
        engine.dispose()

    page.fill("#cf-statement", "My own wording")
    page.focus("#cf-statement")
    page.keyboard.press("Control+Enter")

    try:
        page.wait_for_selector("#claim-panel .conflict", timeout=SWAP_MS)
    except Exception as error:  # a timeout: the 409 answer never reached the page
        pytest.fail(
            f"the conflict was not shown after saving over a newer version: {error}\n"
            f"console: {tab.console.errors}"
        )
    assert "Saved first by someone else" in page.inner_text("#claim-panel .conflict")
    assert page.input_value("#cf-statement") == "My own wording"
