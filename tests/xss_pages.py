"""A browser tab for the stored-XSS test (a context with its watcher) and what the test does on a
page: the visits, and the clicks and typing that make htmx fetch and swap."""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests import xss_fixtures as xf
from tests.workspace_fixtures import PASSWORD
from tests.xss_fixtures import Pack, Payload, Watch, shorten
from tests.xss_site import Site

TIMEOUT_MS = 15_000
SWAP_MS = 10_000  # the most an htmx swap may take


class Tab:
    """A browser context (reader or signed-in admin) with one page and its watcher."""

    def __init__(self, browser: object, site: Site, *, signed_in: bool, bypass_csp: bool) -> None:
        self.site = site
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        if signed_in:
            self.context.add_cookies(
                [{"name": "gainsay_session", "value": site.admin_token, "url": site.url}]
            )
        self.watch = Watch(site.url)
        self.watch.attach(self.context)
        self.page = self.context.new_page()
        self.checked = 0  # expected texts found
        self.scanned = 0  # DOM states scanned

    def look(self, expect: list[str], some: list[str] = (), label: str = "") -> list[str]:
        """Scan the page as it is now; the expected texts it lacks, as problems."""
        page = self.page
        page.evaluate(xf.SETTLE)
        self.watch.declare(page)
        where = f"{self.watch.where}{label}"
        problems = [f"[{where}] injected {item}" for item in xf.scan(page)]
        self.scanned += 1
        haystack = xf.page_text(page)
        lost = xf.missing(expect, haystack)
        problems += [f"[{where}] not on the page: {shorten(text)!r}" for text in lost]
        self.checked += len(expect) - len(lost)
        if some and len(xf.missing(some, haystack)) == len(some):
            problems.append(f"[{where}] none of {len(some)} texts on the page, e.g. {some[0]!r}")
        return problems

    def swap(self, act: Callable[[], None], ready: str, *, refused: bool = False) -> None:
        """Do something that makes htmx fetch, and wait until `ready` (a JS expression) holds.
        `refused`: the app answers with an error status on purpose (a form sent back)."""
        self.watch.declare(self.page)  # (the type-ahead the action may type into)
        self.watch.htmx_allowed, self.watch.refusal_expected = True, refused
        try:
            act()
            self.page.wait_for_function(xf.js(ready), timeout=SWAP_MS)
            self.page.wait_for_load_state()
        finally:
            self.watch.htmx_allowed = self.watch.refusal_expected = False

    def submit(self, button: str, *, refused: bool = False) -> None:
        """Click a form's submit button and wait for the page it answers with."""
        self.watch.refusal_expected = refused
        try:
            with self.page.expect_navigation():
                self.page.locator(button).click()
        finally:
            self.watch.refusal_expected = False

    def close(self) -> None:
        self.context.close()


@dataclass
class Visit:
    name: str
    path: str
    expect: list[str] = field(default_factory=list)  # every one must be on the page
    some: list[str] = field(default_factory=list)  # at least one must be
    act: Callable[[Tab], list[str]] | None = None  # htmx interactions, with their own checks
    status: int = 200


def paged(expect: list[str]) -> Callable[[Tab], list[str]]:
    """Read a list page by page through its htmx pager; all of `expect` must be on some page."""

    def act(tab: Tab) -> list[str]:
        page, problems, texts = tab.page, [], [xf.page_text(tab.page)]
        while page.locator("nav.pager a", has_text="Older").count():
            before = page.inner_text("nav.pager span")
            tab.swap(
                lambda: page.locator("nav.pager a", has_text="Older").click(),
                f"document.querySelector('nav.pager span')?.innerText !== {before!r}",
            )
            problems += tab.look([], label=" (next page)")
            texts.append(xf.page_text(page))
        lost = xf.missing(expect, "\n".join(texts))
        tab.checked += len(expect) - len(lost)
        return problems + [f"[{tab.watch.where}] on no page: {shorten(t)!r}" for t in lost]

    return act


def pick_claim(site: Site, claim_id: int, edit: bool) -> Callable[[Tab], list[str]]:
    """On the article: pick a highlight (htmx swaps text and panel), then this claim from the
    panel's index; an analyst then opens its form in the panel and types a claimant, which
    fills the list of actors by htmx. Each state must show the claim's payloads."""

    def act(tab: Tab) -> list[str]:
        page, problems = tab.page, []
        selected = "Boolean(document.getElementById('claim-panel')?.dataset.selectedClaim)"
        tab.swap(lambda: page.locator("#article-text a.hl").first.click(), selected)
        problems += tab.look([], some=site.texts("claim.statement"), label=" (highlight)")
        show_all = page.locator("#claim-panel a", has_text="Show all claims")
        tab.swap(lambda: show_all.click(), "Boolean(document.querySelector('.claim-index'))")
        entry = page.locator(f'.claim-index a[href*="?claim={claim_id}#"]')
        tab.swap(
            lambda: entry.click(),
            f"document.getElementById('claim-panel')?.dataset.selectedClaim === '{claim_id}'",
        )
        disputes = [
            d
            for (d,) in site.query(
                "SELECT title FROM dispute d JOIN dispute_claim dc ON dc.dispute_id = d.id"
                " WHERE dc.claim_id = ?",
                claim_id,
            )
        ]
        claim_texts = texts_of_claim(site, claim_id)
        problems += tab.look(claim_texts + disputes, label=" (claim in panel)")
        if not edit:
            # Back: htmx keeps no history cache, so it asks for the whole page again.
            tab.swap(
                lambda: page.go_back(),
                "!document.getElementById('claim-panel')?.dataset.selectedClaim",
            )
            return problems + tab.look(site.texts("article.body"), label=" (back)")
        tab.swap(
            lambda: page.locator("#claim-panel a", has_text="Edit").click(),
            "Boolean(document.querySelector('#claim-panel form.claim-form'))",
        )
        form_texts = claim_texts + site.texts("figure.text", [claim_id])
        problems += tab.look(
            form_texts + site.texts("dispute.title"), label=" (claim form in panel)"
        )
        claimant = page.input_value("#cf-claimant")
        problems += _type_for_options(
            tab, "#cf-claimant", "⟦an-1", "#actor-options", site.texts("actor.name")
        )
        page.fill("#cf-claimant", claimant)
        # Save words that are not in the article: refused, the form comes back (422) by htmx
        # holding what was typed.
        quote, statement = xf.pack(xf.htmx_payloads(), 300, "rq")[:2]
        page.fill("#cf-quote", quote.text)
        page.fill("#cf-statement", statement.text)

        def save() -> None:
            page.focus("#cf-statement")
            page.keyboard.press("Control+Enter")

        tab.swap(
            save, "Boolean(document.querySelector('#claim-panel .error-message'))", refused=True
        )
        problems += tab.look([quote.text, statement.text], label=" (refused claim form)")
        # Only the quote is wrong: the claimant and the reporters (payload names) read back.
        errors = page.eval_on_selector_all("#claim-panel .field-error", "els => els.map(e => e.id)")
        if errors != ["quote-error"]:
            problems.append(f"[{tab.watch.where}] the claim form refused {errors}")
        return problems

    return act


def texts_of_notes(site: Site, note_ids: list[int], on: str) -> list[str]:
    """The stored bodies of those notes that are attached by `on` (dispute_id, claim_id)."""
    return [
        text
        for n in note_ids
        if site.query(f"SELECT {on} FROM note WHERE id = ?", n)[0][0]
        for text in site.stored("note.body", n)
    ]


def texts_of_claim(site: Site, claim_id: int) -> list[str]:
    return [
        text
        for name in (
            "claim.statement",
            "claim.quote",
            "claim.event_place",
            "claim.event_time",
            "figure.qualifier",
        )
        for text in site.texts(name, [claim_id])
    ]


def _type_for_options(
    tab: Tab, field_selector: str, typed: str, options: str, some: list[str]
) -> list[str]:
    """Type into a search-as-you-type field: htmx fills its datalist with stored names."""
    page = tab.page
    page.fill(field_selector, "")
    tab.swap(
        lambda: page.locator(field_selector).press_sequentially(typed, delay=10),
        f"document.querySelectorAll('{options} option').length > 0",
    )
    return tab.look([], some=some, label=f" (typed into {field_selector})")


def suggestion_cards(site: Site, article_id: int) -> tuple[list[str], Callable[[Tab], list[str]]]:
    rows = site.query(
        "SELECT statement, quote, speaker_text, claimant_id FROM claim_suggestion"
        " WHERE article_id = ? AND status = 'pending' ORDER BY position",
        article_id,
    )
    expect = [t for s, q, who, actor in rows for t in (s, q, who if actor is None else "")]

    def act(tab: Tab) -> list[str]:
        page, problems = tab.page, []
        cards = "document.querySelectorAll('[data-suggestion]').length"
        runs = "document.querySelectorAll('#article-text .hl').length"
        tab.swap(
            lambda: page.locator("[data-suggestion] a[data-key=e]").first.click(),
            "Boolean(document.querySelector('#claim-panel form.claim-form'))",
        )
        problems += tab.look([], some=[s for s, *_ in rows], label=" (suggestion in the form)")
        # Accept one: a draft claim, and the text refreshes its highlights (HX-Trigger).
        page.reload()
        accept = page.locator("[data-suggestion] button[data-key=a]:not([disabled])").first
        before, highlights = page.locator("[data-suggestion]").count(), page.evaluate(runs)
        tab.swap(lambda: accept.click(), f"{cards} < {before} && {runs} > {highlights}")
        problems += tab.look([], label=" (accepted)")
        # Reject one: the panel comes back without it.
        before = page.locator("[data-suggestion]").count()
        reject = page.locator("[data-suggestion] button[data-key=r]").first
        tab.swap(lambda: reject.click(), f"{cards} < {before}")
        return problems + tab.look([], label=" (rejected)")

    assert len(rows) >= 3, "the suggestion engine found too few claims to test its panel"
    return [t for t in expect if t], act


def search_typed(site: Site) -> Callable[[Tab], list[str]]:
    def act(tab: Tab) -> list[str]:
        page = tab.page
        page.fill("#search-q", "")
        tab.swap(
            lambda: page.locator("#search-q").press_sequentially("xss alert", delay=10),
            "document.querySelectorAll('#results .hits li').length > 0",
        )
        published = site.texts("claim.statement", site.ids["published"])
        return tab.look([], some=published, label=" (search as you type)")

    return act


def claim_page_link_search(site: Site) -> Callable[[Tab], list[str]]:
    def act(tab: Tab) -> list[str]:
        published = site.texts("claim.statement", site.ids["published"])
        return _type_for_options(tab, "#link-other", "xss alert", "#claim-options", published)

    return act


def actor_form(site: Site) -> Callable[[Tab], list[str]]:
    """Type a parent (htmx fills the list of names), then rename the actor to another's name:
    refused, the form comes back with the clash named in its message."""

    def act(tab: Tab) -> list[str]:
        page, names = tab.page, site.texts("actor.name")
        problems = _type_for_options(tab, "#a-parent", "⟦an-2", "#actor-options", names)
        actor_id, other = site.ids["actors"][0], site.texts("actor.name", site.ids["actors"][1:2])
        page.fill("#a-parent", "")
        page.fill("#a-name", other[0])
        tab.submit(f'form[action="/actors/{actor_id}/edit"] button[type=submit]', refused=True)
        problems += tab.look(other, label=" (refused rename)")
        if page.locator("#name-error").count() != 1:
            problems.append(f"[{tab.watch.where}] renaming to another actor's name was allowed")
        return problems

    return act


def sign_in_refused(names: list[Pack]) -> Callable[[Tab], list[str]]:
    """A failed sign-in shows the username typed back in its field."""

    def act(tab: Tab) -> list[str]:
        page, problems = tab.page, []
        for name in names:
            page.fill("#username", name.text)
            page.fill("#password", "not the password")
            tab.submit("main form button[type=submit]", refused=True)
            problems += tab.look([name.text], label=" (refused sign-in)")
        return problems

    return act


def admin_form(usernames: list[Pack], display: Pack) -> Callable[[Tab], list[str]]:
    """Add users named with payloads: refused (usernames are plain), and the form shows what
    was typed back in its fields."""

    def act(tab: Tab) -> list[str]:
        page, problems = tab.page, []
        for name in usernames:
            page.fill("#new-username", name.text)
            page.fill("#new-display_name", display.text)
            page.fill("#new-password", PASSWORD)
            tab.submit('form[action="/admin/users"] button[type=submit]', refused=True)
            problems += tab.look([name.text, display.text], label=" (refused username)")
            if page.locator("#new-username-error").count() != 1:
                problems.append(f"[{tab.watch.where}] a payload username was not refused")
        return problems

    return act


def import_forms(payloads: list[Payload], run: str) -> Callable[[Tab], list[str]]:
    """Paste an article with payload title and outlet and a javascript: URL (refused: the form
    comes back with everything typed), then upload a file with a payload name."""
    ours = [p for p in payloads if p.source == "htmx"]
    title, outlet = xf.pack(ours, 500, "it")[0], xf.pack(ours, 200, "io")[0]
    text = "\n\n".join(p.text for p in xf.pack(ours, 600, "ix"))
    # Browsers encode a double quote in a file name, and a path separator ends the name.
    file_name = next(p.text for p in ours if not set('/\\"') & set(p.text)) + ".txt"

    def act(tab: Tab) -> list[str]:
        page, problems = tab.page, []
        page.fill("#imp-text", text)
        page.fill("#imp-title", title.text)
        page.fill("#imp-outlet", outlet.text)
        page.fill("#imp-url", "javascript:alert('xss-import-url')")
        tab.submit("form:has(#imp-text) button[type=submit]", refused=True)
        problems += tab.look(
            [title.text, outlet.text, "javascript:alert('xss-import-url')"], label=" (refused)"
        )
        if page.locator(".import-result.result-refused").count() != 1:
            problems.append(f"[{tab.watch.where}] a javascript: URL was not refused")
        content = f"⟦upload-{run}⟧ {title.text}\n\n{text}\n".encode()
        page.set_input_files(
            "#imp-files", files=[{"name": file_name, "mimeType": "text/plain", "buffer": content}]
        )
        tab.submit("form:has(#imp-files) button[type=submit]")
        problems += tab.look([file_name], label=" (uploaded)")
        return problems

    return act
