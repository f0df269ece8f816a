"""Every kind of page in headless Chromium, on a desktop and a phone: axe-core finds no
violation of any impact, in light and dark mode, and no page is wider than the screen.

axe-core is vendored in tests/vendor/axe-core (see its README); it is evaluated into each page
through the browser's debugging protocol, which the page's CSP does not govern, so the CSP under
test stays the app's own."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.db import make_engine, write_session
from app.schemas import LinkCreate
from app.services.accounts import create_user
from app.services.edit import links as link_edits
from app.vocabulary import Role
from tests.browser.test_browser import TIMEOUT_MS
from tests.conftest import Console, SeedIds, copy_database, running_uvicorn, sqlite_url
from tests.workspace_fixtures import PASSWORD
from tests.write_routes import ARTICLE_FILE

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
USERNAME = "axe-admin"
TOLL = "aleppo-offensive-toll-feb-2016"
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Each violation as one line: rule, impact, and where (at most three elements).
RUN_AXE = """async (rules) => {
    const options = { resultTypes: ["violations"], ...(rules ? { runOnly: rules } : {}) };
    const result = await axe.run(document, options);
    return {
        violations: result.violations.map((v) => {
            const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
            return `${v.id} (${v.impact}): ${v.help} at ${where}`;
        }),
        checked: result.passes.length + result.incomplete.length + result.inapplicable.length,
    };
}"""
# How far the page reaches past the right edge of the screen, and the first elements that do.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
}"""


@dataclass(frozen=True)
class Site:
    url: str
    ids: SeedIds
    link_id: int  # a link with a recorded change, for a history page


@pytest.fixture(scope="module")
def site(browser, seed_template, tmp_path_factory) -> Iterator[Site]:
    """uvicorn on a private copy of the seeds, with an admin account (the analysts' pages and
    the admin's) and one recorded change (a history page)."""
    folder = tmp_path_factory.mktemp("a11y-live")
    database = copy_database(seed_template.path, folder / "gainsay.db")
    engine = make_engine(sqlite_url(database))
    claims = seed_template.ids.claims
    try:
        with write_session(engine) as session:
            user = create_user(session, USERNAME, PASSWORD, Role.admin)
            link = link_edits.create_link(
                session,
                LinkCreate(
                    source_id=claims["un-300000-displaced-004"],
                    target_id=claims["humanitarian-nightmare-004"],
                    kind="corroborates",
                ),
                user.id,
            )
            session.commit()
            link_id = link.id
    finally:
        engine.dispose()
    with running_uvicorn(sqlite_url(database), folder / "uvicorn.log") as base:
        yield Site(base, seed_template.ids, link_id)


def reader_pages(ids: SeedIds) -> dict[str, str]:
    """One page of each kind a reader sees: name → path."""
    dispute = f"/disputes/{ids.disputes[TOLL]}-{TOLL}"
    article = f"/articles/{ids.articles[ARTICLE_FILE]}"
    claim = ids.claims["konashenkov-charlatans-003"]
    return {
        "home": "/",
        "disputes": "/disputes",
        "dispute": dispute,
        "article": article,
        "article with a claim": f"{article}?claim={ids.claims['aleppo-sohr-toll-000']}",
        "claim": f"/claims/{claim}",
        "actors": "/actors",
        "actor": f"/actors/{ids.actors['Russian government']}",
        "search": "/search?q=Aleppo",
        "evidence": f"{dispute}/evidence",
        "timeline": f"{dispute}/timeline",
        "sign-in": "/sign-in",
    }


def analyst_pages(site: Site) -> dict[str, str]:
    """The analysts' and the admin's own pages, and a reader's page as an analyst sees it."""
    ids = site.ids
    claim = ids.claims["konashenkov-charlatans-003"]
    return {
        "review": "/review",
        "import": "/import",
        "account": "/account",
        "users": "/admin/users",
        "new dispute": "/disputes/new",
        "dispute form": f"/disputes/{ids.disputes[TOLL]}/edit",
        "claim form": f"/claims/{claim}/edit",
        "claim (analyst)": f"/claims/{claim}",
        "article (analyst)": reader_pages(ids)["article"],
        "history": f"/history/link/{site.link_id}",
    }


def new_page(browser: object, screen: str, scheme: str = "light") -> tuple[object, object]:
    context = browser.new_context(viewport=SCREENS[screen], color_scheme=scheme)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def sign_in(page: object, base: str) -> None:
    page.goto(f"{base}/sign-in?next=/")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def axe_violations(page: object, rules: list[str] | None = None) -> list[str]:
    """What axe-core finds on the page (every rule, or only `rules`)."""
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(AXE.read_text() + "\n;0")
    assert page.evaluate("() => axe.version") == AXE_VERSION
    found = page.evaluate(RUN_AXE, rules)
    assert found["checked"] > 0, "axe checked nothing: is the page empty?"
    return found["violations"]


def too_wide(page: object) -> dict | None:
    """Where the page is wider than the screen, or None (page width equals viewport width)."""
    found = page.evaluate(OVERFLOW)
    return found if found["scrollWidth"] != found["width"] else None


def axe_and_width(page: object) -> dict[str, object]:
    return {k: v for k, v in (("axe", axe_violations(page)), ("width", too_wide(page))) if v}


def check_pages(page: object, base: str, pages: dict[str, str], check) -> dict[str, object]:
    """`check(page)` on each page; the pages where it found something."""
    failures = {}
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response.ok, (name, response.status)
        if found := check(page):
            failures[name] = found
    return failures


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_kind_of_page_passes_axe_and_fits_the_screen(browser, site, screen):
    """Every axe rule, any impact, on each kind of page a reader and an analyst sees; and each
    page's width is the screen's (/docs is Swagger UI's page: its width only)."""
    context, page = new_page(browser, screen)
    console = Console(page)
    try:
        failures = check_pages(page, site.url, reader_pages(site.ids), axe_and_width)
        failures |= check_pages(page, site.url, {"api docs": "/docs"}, too_wide)
        sign_in(page, site.url)
        failures |= check_pages(page, site.url, analyst_pages(site), axe_and_width)
        assert failures == {}
        assert console.errors == []
    finally:
        context.close()


def test_dark_mode_keeps_the_contrast(browser, site):
    context, page = new_page(browser, "desktop", "dark")
    try:
        page.goto(site.url + "/")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 21, 25)", background  # the dark palette is in use
        contrast = lambda page: axe_violations(page, ["color-contrast"])  # noqa: E731
        assert check_pages(page, site.url, reader_pages(site.ids), contrast) == {}
        sign_in(page, site.url)
        assert check_pages(page, site.url, analyst_pages(site), contrast) == {}
    finally:
        context.close()


def test_the_long_source_address_wraps_on_a_phone(browser, site):
    """Article 1's source URL is one long word: it wraps instead of widening the page."""
    context, page = new_page(browser, "phone")
    try:
        page.goto(site.url + reader_pages(site.ids)["article"])
        page.wait_for_url(re.compile(r"/articles/\d+-"))
        source = page.locator(".facts a.external")
        assert len(source.inner_text()) > 40
        found = source.bounding_box()
        assert found["x"] + found["width"] <= SCREENS["phone"]["width"]
        assert too_wide(page) is None
    finally:
        context.close()


def test_printing_keeps_the_content_and_drops_the_sites_controls(browser, site):
    context, page = new_page(browser, "desktop")
    try:
        ids = site.ids
        page.goto(
            f"{site.url}/articles/{ids.articles[ARTICLE_FILE]}?claim={ids.claims['aleppo-sohr-toll-000']}"
        )
        page.emulate_media(media="print")
        for hidden in (".site-header", ".site-footer", ".share", "#claim-panel .panel-close"):
            assert page.locator(hidden).first.is_hidden(), hidden
        for shown in ("h1", "#article-text", "#claim-panel .statement"):
            assert page.locator(shown).first.is_visible(), shown
        # The panel follows the text instead of sitting in a scroll box beside it.
        panel = page.locator("#claim-panel").evaluate(
            "(el) => [getComputedStyle(el).position, getComputedStyle(el).overflowY]"
        )
        assert panel == ["static", "visible"]
        assert too_wide(page) is None
    finally:
        context.close()
