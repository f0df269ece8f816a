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
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from app.db import make_engine, write_session
from app.models import User
from app.services.accounts import create_user, start_session
from app.services.api_tokens import create_api_token
from app.vocabulary import Role
from app.web.forms import form_lines
from tests import xss_fixtures as xf
from tests.conftest import copy_database, running_uvicorn, sqlite_url
from tests.reliability_fixtures import LONG, profile
from tests.workspace_fixtures import PASSWORD
from tests.xss_fixtures import Pack, Payload, Watch, norm, shorten

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
SWAP_MS = 10_000
# Inputs that are only reflected (never stored) cost a page load per pack: both profiles take
# a sample. (Display names, an argon2 hash each: see _accounts.)
SEARCH_PACKS = profile(4, 24)
USERNAME_PACKS = profile(2, 12)
DRAFTS = 5  # the last claims stay drafts (analysts only)
KINDS = ("allegation", "denial", "counter_claim", "corroboration", "statement")
ANSWERS = ("rebuts", "counter_accuses", "discredits_source", "corroborates")
ACTOR_KINDS = ("government", "ministry", "military", "monitor", "ngo", "person", "armed_group")
RENAMED, EDITED = " (renamed)", " (edited)"
INTRO = "This article carries the stored-XSS corpus, one paragraph per batch of payloads."
# Ways to write a link that is not http(s): the article URL must refuse every one.
REFUSED_URLS = (
    "javascript:alert('xss-url1')",
    "JaVaScRiPt:alert('xss-url2')",
    " javascript:alert('xss-url3')",
    "java\tscript:alert('xss-url4')",
    "javascript://example.test/%0aalert('xss-url5')",
    "data:text/html,<script>alert('xss-url6')</script>",
    "vbscript:msgbox('xss-url7')",
    "file:///etc/passwd",
    "//xss-hit.invalid/url9",
    "/xss-hit/url10",
    "https:alert('xss-url11')",
)
# An http(s) address full of markup: stored (it is a valid URL), it must stay an inert href.
STORED_URL = (
    "https://example.test/a\"><script>alert('xss-url12')</script>/'onmouseover='alert(13)'"
    '/<img/src=/xss-hit/url14/onerror=alert(14)>/{{7*7}}?q="><svg/onload=alert(15)>&x=<!--'
)


# --- Where each payload went ------------------------------------------------------------------

# The stored rows of a field, read back with plain SQL (the survival and presence checks).
STORED_SQL = {
    "article.title": "SELECT title FROM article WHERE id = ?",
    "article.body": "SELECT body FROM article WHERE id = ?",
    "article.outlet": "SELECT a.name FROM article r JOIN actor a ON a.id = r.outlet_id"
    " WHERE r.id = ?",
    "claim.statement": "SELECT statement FROM claim WHERE id = ?",
    "claim.quote": "SELECT quote FROM claim WHERE id = ?",
    "claim.event_place": "SELECT event_place FROM claim WHERE id = ?",
    "claim.event_time": "SELECT event_time FROM claim WHERE id = ?",
    "claim.pending_statement": "SELECT json_extract(pending_edit, '$.statement') FROM claim"
    " WHERE id = ?",
    "figure.qualifier": "SELECT qualifier FROM figure WHERE claim_id = ? ORDER BY id",
    "figure.text": "SELECT text FROM figure WHERE claim_id = ? ORDER BY id",
    "actor.name": "SELECT name FROM actor WHERE id = ?",
    "actor.description": "SELECT description FROM actor WHERE id = ?",
    "actor.alias": "SELECT alias FROM actor_alias WHERE actor_id = ? ORDER BY id",
    "dispute.title": "SELECT title FROM dispute WHERE id = ?",
    "dispute.summary": "SELECT summary FROM dispute WHERE id = ?",
    "dispute.grade_note": "SELECT grade_note FROM dispute WHERE id = ?",
    "link.note": "SELECT note FROM claim_link WHERE id = ?",
    "note.body": "SELECT body FROM note WHERE id = ?",
    "user.display_name": "SELECT display_name FROM user_account WHERE id = ?",
    "token.name": "SELECT name FROM api_token WHERE id = ?",
}
# Fields the importer cleans (mis-decoded characters repaired, page furniture dropped): BLNS's
# lines outside its XSS section may change there; anything that can carry script may not.
CLEANED = {"article.title", "article.body", "article.outlet", "claim.quote"}


def given(payloads: list[Payload], field_name: str) -> list[Payload]:
    """The payloads a field is given: in the quick profile, ours and the stratum of BLNS's lines
    of the field's place in STORED_SQL (xss_fixtures.stratum); all of them in the long one."""
    return xf.stratum(payloads, list(STORED_SQL).index(field_name))


@dataclass(frozen=True)
class Placement:
    field: str
    obj_id: int
    pack: Pack


@dataclass
class Site:
    url: str
    database: Path
    admin_token: str  # the admin's session cookie
    placements: list[Placement] = field(default_factory=list)
    ids: dict[str, list[int]] = field(default_factory=dict)  # "claims", "disputes", …
    refused: dict[str, int] = field(default_factory=dict)  # what was refused: its status
    write_seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds each kind of write took
    requests: int = 0

    def place(self, field_name: str, obj_id: int, pack: Pack) -> None:
        self.placements.append(Placement(field_name, obj_id, pack))

    def stored(self, field_name: str, obj_id: int) -> list[str]:
        with closing(sqlite3.connect(self.database, timeout=30)) as connection:
            rows = connection.execute(STORED_SQL[field_name], (obj_id,)).fetchall()
        return [row[0] for row in rows if row[0]]

    def texts(self, field_name: str, ids: list[int] | None = None) -> list[str]:
        """The stored values of a field where payloads were placed (on `ids` only, if given)."""
        wanted = None if ids is None else set(ids)
        seen: list[str] = []
        for p in self.placements:
            if p.field == field_name and (wanted is None or p.obj_id in wanted):
                seen += [t for t in self.stored(field_name, p.obj_id) if t not in seen]
        return seen

    def query(self, sql: str, *parameters: object) -> list[tuple]:
        with closing(sqlite3.connect(self.database, timeout=30)) as connection:
            return connection.execute(sql, parameters).fetchall()


class Api:
    """The JSON write API, as an analyst's script calls it (Bearer token)."""

    def __init__(self, base: str, token: str) -> None:
        self.http = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        self.requests = 0
        self.last_etag = ""  # of the last answer: the version a next write must name

    def send(self, method: str, path: str, body: dict | None, expect: int, **headers: str) -> dict:
        self.requests += 1
        response = self.http.request(method, path, json=body, headers=headers)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        self.last_etag = response.headers.get("etag", "")
        return response.json() if response.content else {}

    def status_of(self, path: str, body: dict) -> int:
        self.requests += 1
        return self.http.post(path, json=body).status_code

    def close(self) -> None:
        self.http.close()


# --- Writing the corpus -------------------------------------------------------------------------


def _accounts(site: Site, payloads: list[Payload]) -> tuple[str, str]:
    """Through the account services, before the server starts (it caches pages, and these
    writes would not empty its cache): the admin who browses (a payload display name and
    payload-named API tokens), the analyst who writes, and accounts that only carry display
    names (one account per pack: each costs an argon2 hash, so the quick profile gives display
    names our own payloads only). Returns the writer's API token and the admin's session
    cookie."""
    names = xf.pack(payloads if LONG else xf.htmx_payloads(), 100, "un")
    engine = make_engine(sqlite_url(site.database))
    try:
        for n, name in enumerate(names[1:], start=1):
            with write_session(engine) as session:
                user = create_user(session, f"xss-user-{n}", PASSWORD, Role.analyst, name.text)
                session.commit()
                site.place("user.display_name", user.id, name)
        with write_session(engine) as session:
            admin = create_user(session, "xss-admin", PASSWORD, Role.admin, names[0].text)
            site.place("user.display_name", admin.id, names[0])
            site.ids["admin"] = [admin.id]
            writer = create_user(session, "xss-writer", PASSWORD, Role.analyst)
            api_token, _ = create_api_token(session, writer, "corpus writer")
            for token_name in xf.pack(given(payloads, "token.name"), 100, "tn"):
                _, row = create_api_token(session, admin, token_name.text)
                site.place("token.name", row.id, token_name)
            cookie, _ = start_session(session, session.get(User, admin.id), "xss corpus")
            session.commit()
        with engine.connect() as connection:  # leave no WAL behind for the server to find
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return api_token, cookie


def _articles(site: Site, api: Api, payloads: list[Payload]) -> None:
    """Imports: the corpus article (every payload in its body), carriers of titles and outlets,
    a page imported as HTML, an article whose URL is full of markup, and an article whose
    sentences make the suggestion engine propose claims that quote payloads. Non-http(s) URLs
    must be refused."""
    titles = xf.pack(
        given(payloads, "article.title"), 200, "at"
    )  # the importer keeps 200 characters of a title
    outlets = xf.pack(given(payloads, "article.outlet"), 200, "ao")
    paragraphs = xf.pack(given(payloads, "article.body"), 600, "ab")
    body = "\n\n".join([INTRO, *(p.text for p in paragraphs)])
    ids = []
    for n in range(max(len(titles), len(outlets))):
        title = titles[n] if n < len(titles) else None
        outlet = outlets[n] if n < len(outlets) else None
        text = body if n == 0 else f"Carrier article {n} of the stored-XSS corpus test."
        data = {"body": text, "title": title.text if title else f"Carrier article {n}"}
        if outlet:
            data["outlet"] = outlet.text
        article = api.send("POST", "/api/articles", data, 201)
        ids.append(article["id"])
        if title:
            site.place("article.title", article["id"], title)
        if outlet:
            site.place("article.outlet", article["id"], outlet)
    for paragraph in paragraphs:
        site.place("article.body", ids[0], paragraph)

    for url in REFUSED_URLS:
        data = {"title": "Refused URL", "url": url, "body": f"An article with the URL {url!r}."}
        site.refused[f"article url {url!r}"] = api.status_of("/api/articles", data)
    url_article = api.send(
        "POST",
        "/api/articles",
        {
            "title": "⟦url⟧ An article whose address is markup",
            "url": STORED_URL,
            "body": "The address of this article is an http(s) URL full of markup.",
        },
        201,
    )
    html_article = api.send("POST", "/api/articles", {"html": _html_page(payloads)}, 201)
    suggested = api.send(
        "POST",
        "/api/articles",
        {"title": "⟦sg⟧ Suggestions that quote payloads", "body": _speech(payloads)},
        201,
    )
    site.ids |= {
        "articles": ids,
        "url_article": [url_article["id"]],
        "html_article": [html_article["id"]],
        "suggested_article": [suggested["id"]],
    }


def _html_page(payloads: list[Payload]) -> str:
    """A web page whose title, site name and text are payloads (escaped, as a page carries
    text), with a javascript: canonical URL that the importer must not keep, and live script
    that extraction must drop."""
    ours = [p for p in payloads if p.source == "htmx"]
    title = xf.pack(ours, 400, "ht")[0]
    site_name = xf.pack(ours, 150, "hs")[0]
    paragraphs = "".join(f"<p>{escape(p.text)} — paragraph {n}.</p>" for n, p in enumerate(ours))
    return (
        f"<!doctype html><html><head><title>{escape(title.text)}</title>"
        f'<meta property="og:site_name" content="{escape(site_name.text)}">'
        '<link rel="canonical" href="javascript:alert(\'xss-canonical\')">'
        '<meta property="og:url" content="javascript:alert(\'xss-og-url\')">'
        "</head><body><article><h1>Imported page</h1>"
        f"<p>An imported page with live markup around escaped payloads.</p>{paragraphs}"
        "<script>alert('xss-html-script')</script><p onclick=\"alert('xss-onclick')\">End.</p>"
        "</article></body></html>"
    )


def _speech(payloads: list[Payload]) -> str:
    """Sentences the suggestion engine reads as claims, with payloads in the words quoted and
    in the speaker's name."""
    ours = [p.text for p in payloads if p.source == "htmx"]
    lines = ["Fighting went on in the north on Monday, according to reports from the area."]
    for n in range(0, len(ours), 3):
        a, b, c = (ours[(n + k) % len(ours)] for k in range(3))
        lines += [
            f'The Russian Defence Ministry said 38 "{a}" fighters were killed in the strike.',
            f'"{b} hit the market," said Dr {c} Ahmed, adding that 12 civilians died.',
        ]
    return "\n\n".join(lines)


def _actors(site: Site, api: Api, payloads: list[Payload]) -> None:
    names = xf.pack(given(payloads, "actor.name"), 200, "an")
    descriptions = xf.pack(given(payloads, "actor.description"), 2000 - len(EDITED), "ad")
    aliases = xf.pack(given(payloads, "actor.alias"), 200, "aa")
    ids: list[int] = []
    for n, name in enumerate(names):
        mine = aliases[30 * n : 30 * (n + 1)]
        data = {
            "name": name.text,
            "kind": ACTOR_KINDS[n % len(ACTOR_KINDS)],
            "aliases": [a.text for a in mine],
        }
        if n < len(descriptions):
            data["description"] = descriptions[n].text
        if 0 < n <= 3:
            data["parent_id"] = ids[0]  # lineage and members on the actor pages
        actor = api.send("POST", "/api/actors", data, 201)
        ids.append(actor["id"])
        site.place("actor.name", actor["id"], name)
        for alias in mine:
            site.place("actor.alias", actor["id"], alias)
        if n < len(descriptions):
            site.place("actor.description", actor["id"], descriptions[n])
    # An edit, so that the actor's history shows a payload before and after.
    api.send(
        "PATCH",
        f"/api/actors/{ids[0]}",
        {"description": descriptions[0].text + EDITED},
        200,
        **{"If-Match": f'"actor-{ids[0]}-v1"'},
    )
    site.ids["actors"] = ids
    site.ids["rich_actors"] = ids[: max(len(descriptions), -(-len(aliases) // 30))]


def _disputes(site: Site, api: Api, payloads: list[Payload]) -> None:
    titles = xf.pack(given(payloads, "dispute.title"), 300 - len(RENAMED), "dt")
    summaries = xf.pack(given(payloads, "dispute.summary"), 5000, "ds")
    notes = xf.pack(given(payloads, "dispute.grade_note"), 2000, "dg")
    ids = []
    for n, title in enumerate(titles):
        data = {"title": title.text}
        if n < len(summaries):
            data["summary"] = summaries[n].text
        if n < len(notes):
            data |= {"grade": "contested", "grade_note": notes[n].text}
        dispute = api.send("POST", "/api/disputes", data, 201)
        ids.append(dispute["id"])
        site.place("dispute.title", dispute["id"], title)
        if n < len(summaries):
            site.place("dispute.summary", dispute["id"], summaries[n])
        if n < len(notes):
            site.place("dispute.grade_note", dispute["id"], notes[n])
    # A rename: history shows both titles; the old permalink redirects.
    renamed = ids[1]
    api.send(
        "PATCH",
        f"/api/disputes/{renamed}",
        {"title": titles[1].text + RENAMED},
        200,
        **{"If-Match": f'"dispute-{renamed}-v1"'},
    )
    site.ids["disputes"] = ids
    site.ids["rich_disputes"] = ids[: max(len(summaries), len(notes))]


def _claims(site: Site, api: Api, payloads: list[Payload], article_id: int) -> None:
    """Claims in the corpus article, each quoting one of its payload paragraphs, made by and
    reported via payload-named actors, with payload figures, places and times, in the first
    dispute and one other. Most are published; published ones get a pending edit."""
    statements = xf.pack(given(payloads, "claim.statement"), 300, "cs")
    places = xf.pack(given(payloads, "claim.event_place"), 200, "cp")
    times = xf.pack(given(payloads, "claim.event_time"), 200, "ct")
    figure_texts = xf.pack(given(payloads, "figure.text"), 200, "cf")
    qualifiers = xf.pack(given(payloads, "figure.qualifier"), 30, "", label=False)
    pending = xf.pack(given(payloads, "claim.pending_statement"), 300, "pe")
    body = api.send("GET", f"/api/articles/{article_id}", None, 200)["body"]
    # Each stored paragraph, found by its label (the importer may have changed the rest).
    quotes = [
        (placed.pack, body.index(placed.pack.label))
        for placed in site.placements
        if placed.field == "article.body" and placed.pack.label in body
    ]
    actors, disputes = site.ids["actors"], site.ids["disputes"]
    count = max(len(statements), len(places), len(times))
    ids: list[int] = []
    etags: dict[int, str] = {}
    for n in range(count):
        paragraph, start = quotes[n % len(quotes)]
        end = body.find("\n\n", start)
        end = len(body) if end < 0 else end
        figures = []
        for k in range(20):
            index = 20 * n + k
            if index >= max(len(figure_texts), len(qualifiers)):
                break
            figure = {"low": index + 1, "counts": "killed"}
            if index < len(figure_texts):
                figure["text"] = figure_texts[index].text
            if index < len(qualifiers):
                figure["qualifier"] = qualifiers[index].text
            figures.append(figure)
        data = {
            "article_id": article_id,
            "kind": KINDS[n % len(KINDS)],
            "statement": statements[n].text if n < len(statements) else f"⟦cs-{n}⟧ carrier",
            "claimant_id": actors[n % len(actors)],
            "reported_via": [actors[(n + 1) % len(actors)], actors[(n + 2) % len(actors)]],
            "quote": body[start:end],
            "quote_start": start,
            "quote_end": end,
            "figures": figures,
            "event_place": places[n].text if n < len(places) else "",
            "event_time": times[n].text if n < len(times) else "",
            "dispute_ids": [disputes[0], disputes[1 + n % (len(disputes) - 1)]],
        }
        claim_id = api.send("POST", "/api/claims", data, 201)["id"]
        etags[claim_id] = api.last_etag
        ids.append(claim_id)
        if n < len(statements):
            site.place("claim.statement", claim_id, statements[n])
        site.place("claim.quote", claim_id, paragraph)
        if n < len(places):
            site.place("claim.event_place", claim_id, places[n])
        if n < len(times):
            site.place("claim.event_time", claim_id, times[n])
        for k in range(len(figures)):
            index = 20 * n + k
            if index < len(figure_texts):
                site.place("figure.text", claim_id, figure_texts[index])
            if index < len(qualifiers):
                site.place("figure.qualifier", claim_id, qualifiers[index])
    published = ids[:-DRAFTS]
    for n, claim_id in enumerate(published):
        api.send(
            "POST", f"/api/claims/{claim_id}/publish", None, 200, **{"If-Match": etags[claim_id]}
        )
        if n < len(pending):  # readers go on seeing the published text
            api.send(
                "PATCH",
                f"/api/claims/{claim_id}",
                {"statement": pending[n].text},
                200,
                **{"If-Match": api.last_etag},
            )
            site.place("claim.pending_statement", claim_id, pending[n])
    site.ids |= {
        "claims": ids,
        "published": published,
        "drafts": ids[-DRAFTS:],
        "figure_claims": ids[: -(-max(len(figure_texts), len(qualifiers)) // 20)],
    }


def _links_and_notes(site: Site, api: Api, payloads: list[Payload]) -> None:
    claims, published = site.ids["claims"], site.ids["published"]
    link_ids = []
    for n, note in enumerate(xf.pack(given(payloads, "link.note"), 1000, "ln")):
        source, target = published[(2 * n + 1) % len(published)], published[0]
        if n % 2:
            target = published[(2 * n + 2) % len(published)]
        data = {"source_id": source, "target_id": target, "kind": ANSWERS[n % len(ANSWERS)]}
        link = api.send("POST", "/api/links", data | {"note": note.text}, 201)
        link_ids.append(link["id"])
        site.place("link.note", link["id"], note)
    note_ids = []
    bodies = xf.pack(given(payloads, "note.body"), 10_000 - len(EDITED), "nb")
    for n, body in enumerate(bodies):
        target = {"claim_id": claims[0]} if n % 2 == 0 else {"dispute_id": site.ids["disputes"][0]}
        note = api.send("POST", "/api/notes", {**target, "body": body.text}, 201)
        note_ids.append(note["id"])
        site.place("note.body", note["id"], body)
        # An analysts-only reply quoting the same payloads.
        reply = {**target, "parent_id": note["id"], "body": body.text, "visibility": "analysts"}
        reply_id = api.send("POST", "/api/notes", reply, 201)["id"]
        site.place("note.body", reply_id, body)
        note_ids.append(reply_id)
    edited = note_ids[0]
    api.send(
        "PATCH",
        f"/api/notes/{edited}",
        {"body": bodies[0].text + EDITED},
        200,
        **{"If-Match": f'"note-{edited}-v1"'},
    )
    site.ids |= {"links": link_ids, "notes": note_ids}


@pytest.fixture(scope="module")
def site(seed_template, tmp_path_factory) -> Iterator[Site]:
    """uvicorn serving a copy of the seeded database with the corpus written into it."""
    folder = tmp_path_factory.mktemp("xss-corpus")
    database = copy_database(seed_template.path, folder / "gainsay.db")
    payloads = xf.corpus()
    began = time.monotonic()
    built = Site("", database, "")
    api_token, built.admin_token = _accounts(built, payloads)
    built.phases["accounts"] = time.monotonic() - began
    with running_uvicorn(sqlite_url(database), folder / "uvicorn.log") as base:
        built.url = base
        api = Api(base, api_token)
        try:
            for name, write in (
                ("articles", lambda: _articles(built, api, payloads)),
                ("actors", lambda: _actors(built, api, payloads)),
                ("disputes", lambda: _disputes(built, api, payloads)),
                ("claims", lambda: _claims(built, api, payloads, built.ids["articles"][0])),
                ("links and notes", lambda: _links_and_notes(built, api, payloads)),
            ):
                started = time.monotonic()
                write()
                built.phases[name] = time.monotonic() - started
        finally:
            api.close()
        built.requests = api.requests
        built.write_seconds = time.monotonic() - began
        yield built


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


# --- In the browser -------------------------------------------------------------------------


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


def _paged(expect: list[str]) -> Callable[[Tab], list[str]]:
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


def _pick_claim(site: Site, claim_id: int, edit: bool) -> Callable[[Tab], list[str]]:
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
        claim_texts = _claim_texts(site, claim_id)
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


def _note_texts(site: Site, note_ids: list[int], on: str) -> list[str]:
    """The stored bodies of those notes that are attached by `on` (dispute_id, claim_id)."""
    return [
        text
        for n in note_ids
        if site.query(f"SELECT {on} FROM note WHERE id = ?", n)[0][0]
        for text in site.stored("note.body", n)
    ]


def _claim_texts(site: Site, claim_id: int) -> list[str]:
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


def _suggestions(site: Site, article_id: int) -> tuple[list[str], Callable[[Tab], list[str]]]:
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


def _search_typed(site: Site) -> Callable[[Tab], list[str]]:
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


def _claim_page_link_search(site: Site) -> Callable[[Tab], list[str]]:
    def act(tab: Tab) -> list[str]:
        published = site.texts("claim.statement", site.ids["published"])
        return _type_for_options(tab, "#link-other", "xss alert", "#claim-options", published)

    return act


def _actor_form(site: Site) -> Callable[[Tab], list[str]]:
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


def _sign_in_refused(names: list[Pack]) -> Callable[[Tab], list[str]]:
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


def _admin_form(usernames: list[Pack], display: Pack) -> Callable[[Tab], list[str]]:
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


def _import_forms(payloads: list[Payload], run: str) -> Callable[[Tab], list[str]]:
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


def reader_visits(site: Site) -> list[Visit]:
    ids = site.ids
    published = ids["published"]
    corpus_article = ids["articles"][0]
    statements = site.texts("claim.statement", published)
    # Short enough for a username field (maxlength 40) and an address.
    short = [p for p in xf.pack(xf.htmx_payloads(), 40, "", label=False) if "\t" not in p.text]
    visits = [
        Visit("home", "/", some=site.texts("dispute.title") + site.texts("article.title")),
        Visit("disputes", "/disputes?limit=100", act=_paged(site.texts("dispute.title"))),
        Visit(
            "articles",
            "/articles?limit=100",
            act=_paged(site.texts("article.title") + site.texts("article.outlet")),
        ),
        Visit(
            "actors",
            "/actors?limit=100",
            act=_paged(site.texts("actor.name") + site.texts("article.outlet")),
        ),
        Visit(
            "dispute",
            f"/disputes/{ids['disputes'][0]}",
            expect=[
                *site.texts("dispute.title", ids["disputes"][:1]),
                *site.texts("dispute.summary", ids["disputes"][:1]),
                *site.texts("dispute.grade_note", ids["disputes"][:1]),
                *[t for c in published for t in _claim_texts(site, c)],
                *_note_texts(site, ids["notes"][::2], "dispute_id"),
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
            act=_pick_claim(site, published[0], edit=False),
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
                *_claim_texts(site, ids["claims"][0]),
                *site.texts("dispute.title", ids["disputes"][:2]),
                *_note_texts(site, ids["notes"][::2], "claim_id"),
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
        Visit("search typed", "/search", act=_search_typed(site)),
        # Reflected, not stored: what a reader types into a failed sign-in, a bad address.
        Visit("sign-in", "/sign-in", act=_sign_in_refused(short[:USERNAME_PACKS])),
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
    suggestion_texts, suggestion_act = _suggestions(site, ids["suggested_article"][0])
    usernames = xf.pack(payloads, 100, "user")[:USERNAME_PACKS]
    visits = [
        Visit("home (admin)", "/", some=site.texts("dispute.title")),
        Visit(
            "dispute (admin)",
            f"/disputes/{ids['disputes'][0]}",
            expect=[
                *site.texts("dispute.title", ids["disputes"][:1]),
                *[t for c in claims for t in _claim_texts(site, c)],
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
            act=_pick_claim(site, claims[0], edit=True),
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
            act=_claim_page_link_search(site),
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
            act=_actor_form(site),
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
            act=_admin_form(usernames, xf.pack(given(payloads, "user.display_name"), 100, "dn")[0]),
        ),
        Visit("import", "/import", act=_import_forms(payloads, run)),
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
