"""The stored-XSS corpus written into a copy of the seeded database through the write API (and
the account services), served by a real uvicorn: `site`, the fixture of
tests/browser/test_xss_corpus.py, and where each payload was placed (`Site.placements`), read
back with plain SQL."""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import httpx
import pytest

from app.db import make_engine, write_session
from app.models import User
from app.passwords import hash_password
from app.services import accounts
from app.services.accounts import create_user, start_session
from app.services.api_tokens import create_api_token
from app.vocabulary import Role
from tests import xss_fixtures as xf
from tests.conftest import copy_database, running_uvicorn, sqlite_url
from tests.reliability_fixtures import LONG
from tests.workspace_fixtures import PASSWORD
from tests.xss_fixtures import Pack, Payload

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
    names (one account per pack; the quick profile gives display names our own payloads only).
    Every account gets the same argon2 hash of PASSWORD, computed once (a valid one: each
    could sign in with it), not one each at a fifth of a second or more. Returns the writer's
    API token and the admin's session cookie."""
    names = xf.pack(payloads if LONG else xf.htmx_payloads(), 100, "un")
    engine = make_engine(sqlite_url(site.database))
    hashed = hash_password(PASSWORD)
    patch = pytest.MonkeyPatch()

    def hash_once(password: str) -> str:
        assert password == PASSWORD, "only PASSWORD's hash is computed in advance"
        return hashed

    patch.setattr(accounts, "hash_password", hash_once)
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
        patch.undo()
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
