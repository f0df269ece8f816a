"""Stored XSS, end to end: a corpus of hostile strings (the Big List of Naughty Strings and our
own htmx payloads, tests/xss_fixtures.py) written into every field a user can write, through
the write API and the HTML forms as an analyst or admin would, then every page that shows them
opened in headless Chromium, as a reader and as a signed-in admin, with htmx swaps clicked and
typed into. Nothing may run and nothing may be fetched because of what was written, and every
payload must be on the page as text (so the test cannot pass by losing them).

The browser part runs twice: under the app's Content-Security-Policy, and with the CSP bypassed
(Playwright's bypass_csp), where escaping alone must hold.

Packing keeps it quick: payloads are joined into as few objects as each field's length allows,
and lists are read a hundred at a time. The quick profile (CI) takes our payloads, BLNS's
whole Script Injection section and every fourth line of the rest, and gives each field our
payloads and a third of those BLNS lines, a different third from the fields beside it (`given`),
so that every payload is written somewhere and every third is shown by every kind of page.
Display names (an account, so an argon2 hash, per 100 characters) get our payloads only.
GAINSAY_LONG_TESTS=1 writes the whole list into every field. Inputs that are only reflected, never
stored (search, sign-in, refused usernames, bad addresses), get a sample in both profiles.
"""

import re
import time
from collections.abc import Callable
from urllib.parse import quote

import httpx
import pytest

from app.web.forms import form_lines
from tests import xss_fixtures as xf
from tests import xss_site
from tests.reliability_fixtures import LONG, profile
from tests.xss_fixtures import norm
from tests.xss_pages import (
    SWAP_MS,
    Tab,
    Visit,
    actor_form,
    admin_form,
    claim_page_link_search,
    import_forms,
    paged,
    pick_claim,
    search_typed,
    sign_in_refused,
    suggestion_cards,
    texts_of_claim,
    texts_of_notes,
)
from tests.xss_site import (
    CLEANED,
    REFUSED_URLS,
    STORED_SQL,
    STORED_URL,
    Site,
    given,
)

pytestmark = pytest.mark.browser

site = xss_site.site

# Inputs that are only reflected (never stored) cost a page load per pack: both profiles take
# a sample.
SEARCH_PACKS = profile(4, 24)
USERNAME_PACKS = profile(2, 12)


# --- Survival: every payload is stored as written ---------------------------------------------


def test_every_payload_is_stored_as_written(site: Site):
    """Each payload placed in a field is in the stored value (whitespace aside), so the pages
    are really asked to show it. Only BLNS lines outside its XSS section may be changed by the
    importer's cleaning; nothing that can carry script may be lost anywhere."""
    lost, cleaned, written = [], [], 0
    for placement in site.placements:
        stored = norm("\n".join(site.stored(placement.field, placement.obj_id)))
        for payload in placement.pack.payloads:
            written += 1
            if norm(payload.text) in stored:
                continue
            where = f"{placement.field} #{placement.obj_id}: {payload.key} {payload.text!r}"
            if placement.field in CLEANED and not payload.must_survive:
                cleaned.append(where)
            else:
                lost.append(where)
    assert lost == [], f"{len(lost)} payloads were not stored as written:\n" + "\n".join(lost[:30])
    fields = {p.field for p in site.placements}
    assert fields == set(STORED_SQL), set(STORED_SQL) - fields
    # Each field is given a share of the corpus: together they write all of it.
    placed = {payload.key for p in site.placements for payload in p.pack.payloads}
    assert placed == {payload.key for payload in xf.corpus()}
    # Writing a link that is not http(s) is refused, whatever its spelling.
    assert {k: v for k, v in site.refused.items() if k.startswith("article url")} == {
        f"article url {url!r}": 422 for url in REFUSED_URLS
    }
    stored_url = site.query("SELECT url FROM article WHERE id = ?", site.ids["url_article"][0])
    assert stored_url == [(STORED_URL,)]
    html_url = site.query("SELECT url FROM article WHERE id = ?", site.ids["html_article"][0])
    assert html_url == [(None,)], "a javascript: canonical URL must not be kept"
    # The importer's cleaning is the exception: a few BLNS lines of numbers and mis-decodings.
    print(f"\n{written} payloads written in {len(site.placements)} packs; {len(cleaned)} cleaned")
    assert len(cleaned) <= written // 50, cleaned[:20]


def test_form_lines_split_only_at_line_breaks():
    """A textarea of names (aliases, reporters) splits at CR and LF only. BLNS's line "test"
    between two U+2029 in an alias made the actor form refuse to save (str.splitlines() cut it
    in three); U+2028, U+0085 and a form feed would do the same."""
    separated = next(line for line in xf.blns_lines() if "\u2029" in line)
    alias = f"{separated} \u2028 \x85 \x0c end"
    assert form_lines(f"{alias}\r\nsecond\n\n third \r") == [alias.strip(), "second", "third"]


def reader_visits(site: Site) -> list[Visit]:
    ids = site.ids
    published = ids["published"]
    corpus_article = ids["articles"][0]
    statements = site.texts("claim.statement", published)
    # Short enough for a username field (maxlength 40) and an address.
    short = [p for p in xf.pack(xf.htmx_payloads(), 40, "", label=False) if "\t" not in p.text]
    visits = [
        Visit("home", "/", some=site.texts("dispute.title") + site.texts("article.title")),
        Visit("disputes", "/disputes?limit=100", act=paged(site.texts("dispute.title"))),
        Visit(
            "articles",
            "/articles?limit=100",
            act=paged(site.texts("article.title") + site.texts("article.outlet")),
        ),
        Visit(
            "actors",
            "/actors?limit=100",
            act=paged(site.texts("actor.name") + site.texts("article.outlet")),
        ),
        Visit(
            "dispute",
            f"/disputes/{ids['disputes'][0]}",
            expect=[
                *site.texts("dispute.title", ids["disputes"][:1]),
                *site.texts("dispute.summary", ids["disputes"][:1]),
                *site.texts("dispute.grade_note", ids["disputes"][:1]),
                *[t for c in published for t in texts_of_claim(site, c)],
                *texts_of_notes(site, ids["notes"][::2], "dispute_id"),
            ],
        ),
        *[
            Visit(
                f"dispute {d}",
                f"/disputes/{d}",
                expect=[
                    *site.texts("dispute.title", [d]),
                    *site.texts("dispute.summary", [d]),
                    *site.texts("dispute.grade_note", [d]),
                ],
            )
            for d in ids["rich_disputes"][1:]
        ],
        Visit(
            "corpus article",
            f"/articles/{corpus_article}",
            expect=[
                *site.texts("article.title", [corpus_article]),
                *site.texts("article.outlet", [corpus_article]),
                *site.texts("article.body", [corpus_article]),
                *statements,
            ],
            act=pick_claim(site, published[0], edit=False),
        ),
        Visit("url article", f"/articles/{ids['url_article'][0]}", act=_external_link),
        Visit(
            "html article",
            f"/articles/{ids['html_article'][0]}",
            expect=[
                t
                for (t,) in site.query(
                    "SELECT title FROM article WHERE id = ?", ids["html_article"][0]
                )
            ],
        ),
        Visit(
            "claim",
            f"/claims/{ids['claims'][0]}",
            expect=[
                *texts_of_claim(site, ids["claims"][0]),
                *site.texts("dispute.title", ids["disputes"][:2]),
                *texts_of_notes(site, ids["notes"][::2], "claim_id"),
            ],
        ),
        *[
            Visit(
                f"actor {a}",
                f"/actors/{a}",
                expect=[
                    *site.texts("actor.name", [a]),
                    *site.texts("actor.description", [a]),
                    *site.texts("actor.alias", [a]),
                    *[
                        s
                        for (c,) in site.query(
                            "SELECT id FROM claim WHERE claimant_id = ? AND state = 'published'", a
                        )
                        for s in site.texts("claim.statement", [c])
                    ],
                ],
            )
            for a in ids["rich_actors"]
        ],
        Visit("search typed", "/search", act=search_typed(site)),
        # Reflected, not stored: what a reader types into a failed sign-in, a bad address.
        Visit("sign-in", "/sign-in", act=sign_in_refused(short[:USERNAME_PACKS])),
        *[
            Visit(f"bad address {n}", f"/disputes/{quote(p.text, safe='')}", status=404)
            for n, p in enumerate(short[:USERNAME_PACKS])
        ],
        *[
            Visit(f"bad query {n}", f"/articles?limit={quote(p.text, safe='')}", status=422)
            for n, p in enumerate(short[:USERNAME_PACKS])
        ],
    ]
    for n, query in enumerate(xf.pack(xf.corpus(), 200, "q")[:SEARCH_PACKS]):
        visits.append(
            Visit(
                f"search {n}",
                "/search?" + str(httpx.QueryParams({"q": query.text})),
                expect=[query.text],
            )
        )
    return visits


def _external_link(tab: Tab) -> list[str]:
    """The stored markup-laden URL is the link's href, byte for byte, and nothing else."""
    href = tab.page.get_attribute("a.external", "href")
    problems = tab.look([])
    if href != STORED_URL:
        problems.append(f"[{tab.watch.where}] the article's link is {href!r}")
    tab.checked += 1
    return problems


def admin_visits(site: Site, run: str) -> list[Visit]:
    ids = site.ids
    claims, published = ids["claims"], ids["published"]
    corpus_article = ids["articles"][0]
    payloads = xf.corpus()
    suggestion_texts, suggestion_act = suggestion_cards(site, ids["suggested_article"][0])
    usernames = xf.pack(payloads, 100, "user")[:USERNAME_PACKS]
    visits = [
        Visit("home (admin)", "/", some=site.texts("dispute.title")),
        Visit(
            "dispute (admin)",
            f"/disputes/{ids['disputes'][0]}",
            expect=[
                *site.texts("dispute.title", ids["disputes"][:1]),
                *[t for c in claims for t in texts_of_claim(site, c)],
                *[
                    t
                    for n in ids["notes"]
                    for t in site.stored("note.body", n)
                    if site.query("SELECT dispute_id FROM note WHERE id = ?", n)[0][0]
                ],
            ],
        ),
        Visit(
            "corpus article (admin)",
            f"/articles/{corpus_article}",
            expect=site.texts("claim.statement"),
            act=pick_claim(site, claims[0], edit=True),
        ),
        Visit(
            "suggestions",
            f"/articles/{ids['suggested_article'][0]}",
            expect=suggestion_texts,
            act=suggestion_act,
        ),
        Visit(
            "claim (admin)",
            f"/claims/{published[1]}",
            expect=[
                *site.texts("claim.statement", [published[1]]),
                *site.texts("claim.pending_statement", [published[1]]),
            ],
            act=claim_page_link_search(site),
        ),
        Visit(
            "claim with notes (admin)",
            f"/claims/{claims[0]}",
            expect=[
                t
                for n in ids["notes"]
                for t in site.stored("note.body", n)
                if site.query("SELECT claim_id FROM note WHERE id = ?", n)[0][0]
            ],
        ),
        *[
            Visit(
                f"claim form {c}",
                f"/claims/{c}/edit",
                expect=[
                    *site.texts("figure.text", [c]),
                    *site.texts("figure.qualifier", [c]),
                    *site.texts("claim.event_place", [c]),
                    *site.texts("claim.event_time", [c]),
                    *site.texts("dispute.title"),
                ],
            )
            for c in ids["figure_claims"]
        ],
        Visit(
            "dispute form",
            f"/disputes/{ids['disputes'][0]}/edit",
            expect=[
                *site.texts("dispute.title"),  # its own, and the others to merge into
                *site.texts("dispute.summary", ids["disputes"][:1]),
                *site.texts("dispute.grade_note", ids["disputes"][:1]),
            ],
        ),
        Visit(
            "actor form",
            f"/actors/{ids['actors'][0]}/edit",
            expect=[
                *site.texts("actor.name", ids["actors"][:1]),
                *site.texts("actor.alias", ids["actors"][:1]),
                *site.texts("actor.description", ids["actors"][:1]),
            ],
            act=actor_form(site),
        ),
        Visit(
            "review",
            "/review",
            expect=[
                *site.texts("claim.statement", ids["drafts"]),
                *site.texts("claim.pending_statement"),
            ],
        ),
        Visit(
            "delete claim",
            f"/claims/{published[0]}/delete",
            some=site.texts("claim.statement", published),
        ),
        Visit(
            "history of a claim",
            f"/history/claim/{published[0]}",
            expect=site.texts("claim.statement", [published[0]])
            + site.texts("claim.pending_statement", [published[0]]),
        ),
        Visit(
            "history of a dispute",
            f"/history/dispute/{ids['disputes'][1]}",
            expect=[
                p.pack.text
                for p in site.placements
                if p.field == "dispute.title" and p.obj_id == ids["disputes"][1]
            ]
            + site.texts("dispute.title", ids["disputes"][1:2]),
        ),
        Visit(
            "history of an actor",
            f"/history/actor/{ids['actors'][0]}",
            expect=site.texts("actor.name", ids["actors"][:1])
            + site.texts("actor.description", ids["actors"][:1]),
        ),
        Visit(
            "history of a note",
            f"/history/note/{ids['notes'][0]}",
            expect=site.texts("note.body", ids["notes"][:1]),
        ),
        *[
            Visit(f"history of link {k}", f"/history/link/{k}", expect=site.texts("link.note", [k]))
            for k in ids["links"]
        ],
        Visit(
            "account",
            "/account",
            expect=[*site.texts("token.name"), *site.texts("user.display_name", ids["admin"])],
        ),
        Visit(
            "users",
            "/admin/users",
            expect=site.texts("user.display_name"),
            act=admin_form(usernames, xf.pack(given(payloads, "user.display_name"), 100, "dn")[0]),
        ),
        Visit("import", "/import", act=import_forms(payloads, run)),
    ]
    return visits


def _wait_until(tab: Tab, done: Callable[[], bool], what: str) -> None:
    """Let the browser's events reach the watcher until `done()` holds (or fail, naming it)."""
    deadline = time.monotonic() + SWAP_MS / 1000
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}: {tab.watch.problems}"
        tab.page.wait_for_timeout(20)


# An htmx element planted in the page that fetches by itself, as a payload that escaped would.
PLANT_HTMX = """(path) => {
  const el = document.createElement("div");
  el.id = "planted";
  el.setAttribute("hx-get", path);
  el.setAttribute("hx-trigger", "load");
  document.body.append(el);
  htmx.process(el);
}"""


def test_the_watcher_expects_the_type_ahead_and_catches_any_other_request(browser, site: Site):
    """The request check is exact whatever the timing: a type-ahead's own request (here sent
    while no swap is awaited, as a debounced request may be) is expected, and every request a
    page makes by itself is caught, an htmx one included, even to the type-ahead's endpoint."""
    tab = Tab(browser, site, signed_in=True, bypass_csp=False)
    page, watch = tab.page, tab.watch
    try:
        watch.where = "detector"
        page.goto(f"{site.url}/actors/{site.ids['actors'][0]}/edit", wait_until="load")
        assert tab.look([]) == []
        assert watch.typeahead == {"a-parent": "/suggest/actors"}

        page.fill("#a-parent", "")
        page.locator("#a-parent").press_sequentially("⟦an", delay=10)
        _wait_until(tab, lambda: watch.typeahead_requests >= 1, "the type-ahead's request")
        page.evaluate(xf.SETTLE)
        assert watch.problems == [] and watch.htmx_requests == 0

        # A type-ahead request still in flight when it is replaced (here: held, then aborted as
        # hx-sync aborts it when the reader types on) is expected with htmx's logs of it.
        held: list[object] = []
        suggestions = re.compile(r"/suggest/actors\?")
        page.route(suggestions, lambda route: held.append(route))
        page.locator("#a-parent").press_sequentially("x", delay=10)
        _wait_until(tab, lambda: len(held) == 1, "the type-ahead's request to be held")
        page.evaluate("htmx.trigger('#a-parent', 'htmx:abort')")
        _wait_until(
            tab,
            lambda: watch.typeahead_aborts == 1 and len(watch.abort_logs) == 2,
            "the aborted request and htmx's logs of it",
        )
        page.unroute(suggestions)
        assert watch.finish() == []

        planted = [
            "fetch('/disputes')",  # a script's own request
            "fetch('/suggest/actors?q=x', {headers: {'HX-Request': 'true'}})",  # names no input
        ]
        for script in planted:
            page.evaluate(script)
        page.evaluate(PLANT_HTMX, "/suggest/actors?q=planted")  # htmx, but no type-ahead
        page.evaluate("fetch('/xss-hit/detector')")
        _wait_until(tab, lambda: len(watch.problems) >= 4, "the planted requests to be caught")
    finally:
        tab.close()

    assert watch.finish() == watch.problems  # no abort logs left unexplained
    caught = "\n".join(watch.problems)
    assert sum("unexpected request: fetch GET" in p for p in watch.problems) == 2, caught
    assert any("unexpected request: xhr GET" in p and "q=planted" in p for p in watch.problems), (
        caught
    )
    assert any("marker request" in p for p in watch.problems), caught


@pytest.mark.parametrize("csp", ["csp", "no-csp"])
def test_no_stored_payload_runs_in_the_browser(browser, site: Site, csp: str):
    began = time.monotonic()
    ran: list[str] = []  # what the watcher saw happen: scripts, dialogs, requests
    problems: list[str] = []  # what the pages hold: injected markup, missing payloads
    visited, checked, scanned, htmx, typeahead = 0, 0, 0, 0, 0
    for signed_in, visits in (
        (False, reader_visits(site)),
        (True, admin_visits(site, csp)),
    ):
        tab = Tab(browser, site, signed_in=signed_in, bypass_csp=csp == "no-csp")
        try:
            for visit in visits:
                tab.watch.where = f"{'admin' if signed_in else 'reader'} {visit.name}"
                tab.watch.refusal_expected = visit.status != 200  # an error page, on purpose
                response = tab.page.goto(site.url + visit.path, wait_until="load")
                if response is None or response.status != visit.status:
                    problems.append(
                        f"[{tab.watch.where}] {visit.path} answered "
                        f"{response.status if response else None}"
                    )
                problems += tab.look(visit.expect, visit.some)
                tab.watch.refusal_expected = False
                if visit.act is not None:
                    problems += visit.act(tab)
                visited += 1
            tab.page.evaluate(xf.SETTLE)
            ran += tab.watch.finish()
            checked += tab.checked
            scanned += tab.scanned
            htmx += tab.watch.htmx_requests
            typeahead += tab.watch.typeahead_requests
        finally:
            tab.close()
    seconds = time.monotonic() - began
    print(
        f"\nxss corpus ({csp}, {'long' if LONG else 'quick'}): {len(xf.corpus())} payloads, "
        f"{len(site.placements)} packs in {len({p.field for p in site.placements})} fields "
        f"written in {site.write_seconds:.1f}s ({site.requests} API requests; "
        f"{', '.join(f'{k} {v:.1f}s' for k, v in site.phases.items())}); {visited} pages, "
        f"{scanned} DOM states scanned, {htmx} htmx swaps, {typeahead} type-ahead requests, "
        f"{checked} texts found, {seconds:.1f}s"
    )
    assert ran == [], f"{len(ran)} things happened:\n" + "\n".join(ran[:60])
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:60])
    assert visited >= 30 and checked >= len(site.placements) and htmx >= 8
