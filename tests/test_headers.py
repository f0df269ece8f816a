"""The header crawler: every route of the app (read from its route table, so a new route is
covered or the test fails) and every kind of error answer, checked for the security headers.

Every answer must carry a Content-Security-Policy without inline scripts or eval that forbids
framing (`frame-ancestors 'none'`), `nosniff`, a Referrer-Policy and X-Frame-Options. Where an
htmx request (`HX-Request: true`) gets a different body than a full request, both answers
say `Vary: HX-Request`; where a signed-in user gets a different body than a reader, the
reader's answer says `Vary: Cookie` and the signed-in one may not be stored by any cache.
Every cookie is HttpOnly, SameSite, Path=/ and host-only, and Secure when Gainsay is served
over https (the request's own scheme, or GAINSAY_PUBLIC_URL).

Every GET route is requested once for each kind of answer it gives (one seed object of each
kind, its bare id, a draft, search results and pagers: the headers depend on the kind of
answer, never on which object it shows) as a reader, an analyst and an admin, each with and
without HX-Request; write routes are sent a request refused for its missing CSRF
token, its missing sign-in, its bad path or its bad body, and the request that succeeds.
All of it runs in process (TestClient), where a socket would add nothing; a real uvicorn is
used only for what is about the real server: its 503 under overload and the headers as they
go over the wire (gzip from the page cache, HEAD, OPTIONS, a 404).

Run alone, it prints its figures: `.venv/bin/python -m pytest tests/test_headers.py -q -s`.
"""

import http.client
import itertools
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import Mount

from app.api.concurrency import etag
from app.auth import ANON_CSRF_COOKIE, SESSION_COOKIE, ViewerDep
from app.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_URL_BYTES
from app.main import create_app
from app.page_cache import PageCache, PageCacheMiddleware
from app.security import SECURITY_HEADERS
from app.vocabulary import Role
from tests import workspace_fixtures as ws
from tests.conftest import (
    Database,
    SeedTemplate,
    TestClient,
    clear_caches,
    clone_database,
    database_url,
    point_app_at,
    reset_database,
    two_slot_server,
)
from tests.htmldoc import parse
from tests.limits_fixtures import concurrency_limiter, hold_a_place, wait_for_status
from tests.test_crawl import EXTRA, fill
from tests.write_routes import (
    ADMIN_ONLY,
    UNSAFE,
    Call,
    Identity,
    Targets,
    WriteRoute,
    call_for,
    make_targets,
    send,
    write_routes,
)

db_path = ws.db_path  # write routes are sent requests: a private copy of the seeded database

PROBLEM = "application/problem+json"
REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
HTMX = {"HX-Request": "true"}
# Values in a body that change from one request to the next without the page being another
# (an anonymous visitor of the sign-in page gets a new CSRF token each time).
VOLATILE = re.compile(r'(name="csrf_token" value=")[^"]*|("X-CSRF-Token": ")[^"]*')
# Routes added to the app itself, outside any router, that are not crawled like the others.
CHECKED_ELSEWHERE = {"/static": "the static files: test_static_files_and_their_errors"}


# --- What is counted, for the report ---------------------------------------------------------


@dataclass
class Audit:
    """Requests sent and header checks made by this module."""

    requests: int = 0
    checks: int = 0

    def expect(self, problems: list[str], ok: bool, problem: str) -> None:
        self.checks += 1
        if not ok:
            problems.append(problem)


AUDIT = Audit()


# --- The checks ------------------------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split() or [""]
        if name:
            directives[name.lower()] = values
    return directives


def header_tokens(headers: httpx.Headers, name: str) -> set[str]:
    """The comma-separated values of every `name` header, lower-cased."""
    return {
        token.strip().lower()
        for value in headers.get_list(name)
        for token in value.split(",")
        if token.strip()
    }


def security_problems(headers: httpx.Headers) -> list[str]:
    """What is missing of the headers every answer carries."""
    problems: list[str] = []
    csp = headers.get("content-security-policy", "")
    directives = csp_directives(csp)
    script_src = directives.get("script-src", directives.get("default-src"))
    AUDIT.expect(problems, bool(csp), "no Content-Security-Policy")
    AUDIT.expect(
        problems,
        directives.get("frame-ancestors") == ["'none'"],
        f"frame-ancestors is {directives.get('frame-ancestors')}",
    )
    AUDIT.expect(
        problems,
        script_src is not None
        and not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}
        & set(script_src),
        f"script-src is {script_src}",
    )
    AUDIT.expect(
        problems,
        "unsafe-inline" not in csp and "unsafe-eval" not in csp,
        "unsafe-inline or unsafe-eval in the CSP",
    )
    AUDIT.expect(problems, directives.get("object-src") == ["'none'"], "object-src is not 'none'")
    AUDIT.expect(
        problems,
        headers.get("x-content-type-options") == "nosniff",
        f"X-Content-Type-Options: {headers.get('x-content-type-options')}",
    )
    AUDIT.expect(
        problems,
        headers.get("referrer-policy") in REFERRER_POLICIES,
        f"Referrer-Policy: {headers.get('referrer-policy')}",
    )
    AUDIT.expect(
        problems,
        headers.get("x-frame-options", "").upper() == "DENY",
        f"X-Frame-Options: {headers.get('x-frame-options')}",
    )
    return problems


def cookie_problems(headers: httpx.Headers, *, secure: bool) -> list[str]:
    """Every Set-Cookie: HttpOnly (no script reads any of Gainsay's cookies: the CSRF token
    reaches htmx through the page, not a cookie), SameSite Lax or Strict, Path=/, no Domain
    (host-only), and Secure exactly when the site is served over https."""
    problems: list[str] = []
    for cookie in headers.get_list("set-cookie"):
        name = cookie.split("=", 1)[0].strip()
        attributes: dict[str, str] = {}
        for part in cookie.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            attributes[key.lower()] = value.strip()
        AUDIT.expect(problems, "httponly" in attributes, f"cookie {name} is not HttpOnly")
        AUDIT.expect(
            problems,
            attributes.get("samesite", "").lower() in ("lax", "strict"),
            f"cookie {name}: SameSite={attributes.get('samesite')}",
        )
        AUDIT.expect(
            problems, attributes.get("path") == "/", f"cookie {name}: Path={attributes.get('path')}"
        )
        AUDIT.expect(problems, "domain" not in attributes, f"cookie {name} names a Domain")
        if name.startswith("__Host-"):  # the prefix is only honoured with Secure
            AUDIT.expect(problems, "secure" in attributes, f"cookie {name} is not Secure")
        AUDIT.expect(
            problems,
            ("secure" in attributes) == secure,
            f"cookie {name}: Secure is {'secure' in attributes}, expected {secure}",
        )
    return problems


def is_dynamic(path: str) -> bool:
    return not path.startswith("/static/")


def private_problems(headers: httpx.Headers) -> list[str]:
    """A signed-in answer holds the session's CSRF token (and drafts): no cache may keep it."""
    problems: list[str] = []
    cache_control = header_tokens(headers, "cache-control")
    AUDIT.expect(
        problems,
        "no-store" in cache_control,
        f"a signed-in answer with Cache-Control: {headers.get('cache-control')}",
    )
    return problems


def varies_on(headers: httpx.Headers, name: str) -> bool:
    return name.lower() in header_tokens(headers, "vary") or "*" in header_tokens(headers, "vary")


def leak_problems(status: int, body: str) -> list[str]:
    """An error answer says what went wrong in words, never with the server's insides."""
    problems: list[str] = []
    AUDIT.expect(problems, "Traceback" not in body, "a traceback in the body")
    AUDIT.expect(
        problems,
        status < 500 or not re.search(r'File "[^"]+\.py"', body),
        "a source file named in a 5xx body",
    )
    return problems


@dataclass(frozen=True)
class Answer:
    """One request and the headers and (normalised) body of its answer."""

    label: str
    path: str
    status: int
    headers: httpx.Headers
    body: str
    credentialed: bool


def answer_of(label: str, response: httpx.Response, credentialed: bool) -> Answer:
    AUDIT.requests += 1
    path = urlsplit(str(response.request.url)).path
    body = VOLATILE.sub(r"\1\2", response.text)
    return Answer(label, path, response.status_code, response.headers, body, credentialed)


def answer_problems(answer: Answer, *, secure: bool = False) -> list[str]:
    """Everything checked on every single answer."""
    problems = security_problems(answer.headers)
    problems += cookie_problems(answer.headers, secure=secure)
    problems += leak_problems(answer.status, answer.body)
    if answer.credentialed and is_dynamic(answer.path):
        problems += private_problems(answer.headers)
    return problems


def pair_problems(full: Answer, partial: Answer) -> list[str]:
    """A full and an htmx request for the same URL: if their bodies differ, both say so."""
    problems: list[str] = []
    if full.body != partial.body:
        for answer in (full, partial):
            AUDIT.expect(
                problems,
                varies_on(answer.headers, "HX-Request"),
                f"{answer.label}: differs for htmx without Vary: HX-Request "
                f"(Vary: {answer.headers.get('vary')})",
            )
    return problems


def cookie_dependence_problems(reader: Answer, signed_in: Answer) -> list[str]:
    """The same URL for a reader and a signed-in user: if their bodies differ, the reader's
    answer varies on Cookie (or is not stored) and the signed-in one is not stored."""
    problems: list[str] = []
    if reader.body != signed_in.body:
        cache_control = header_tokens(reader.headers, "cache-control")
        AUDIT.expect(
            problems,
            varies_on(reader.headers, "Cookie") or bool({"private", "no-store"} & cache_control),
            f"{reader.label}: differs for a signed-in user without Vary: Cookie",
        )
        AUDIT.expect(
            problems,
            bool({"private", "no-store"} & header_tokens(signed_in.headers, "cache-control")),
            f"{signed_in.label}: differs from the reader's without Cache-Control private",
        )
    return problems


def fake(status: int = 200, body: str = "x", **headers: str | list[str]) -> Answer:
    """An answer made up for the self-checks: the real headers, then the given changes."""
    raw = [(k, v) for k, v in SECURITY_HEADERS.items()]
    for name, value in headers.items():
        name = name.replace("_", "-")
        raw = [(k, v) for k, v in raw if k != name]
        raw += [(name, v) for v in ([value] if isinstance(value, str) else value) if v]
    return Answer("fake", "/fake", status, httpx.Headers(raw), body, False)


# --- The checks can fail ---------------------------------------------------------------------


def test_the_header_checks_pass_the_apps_own_headers_and_catch_each_gap():
    assert answer_problems(fake()) == []
    csp = SECURITY_HEADERS["content-security-policy"]
    assert "no Content-Security-Policy" in answer_problems(fake(content_security_policy=""))
    framed = csp.replace("frame-ancestors 'none'", "frame-ancestors *")
    assert any(
        "frame-ancestors" in p for p in answer_problems(fake(content_security_policy=framed))
    )
    unframed = csp.replace("; frame-ancestors 'none'", "")
    assert any(
        "frame-ancestors" in p for p in answer_problems(fake(content_security_policy=unframed))
    )
    inline = csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    assert any("script-src" in p for p in answer_problems(fake(content_security_policy=inline)))
    evil = csp.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
    assert any("script-src" in p for p in answer_problems(fake(content_security_policy=evil)))
    assert answer_problems(fake(x_content_type_options="")) != []
    assert answer_problems(fake(referrer_policy="unsafe-url")) != []
    assert answer_problems(fake(x_frame_options="")) != []
    traceback = 'Traceback (most recent call last):\n  File "app/x.py", line 1'
    assert len(answer_problems(fake(500, traceback))) == 2


def test_the_cookie_checks_catch_each_missing_flag():
    good = "gainsay_session=abc; HttpOnly; Max-Age=60; Path=/; SameSite=lax"
    assert answer_problems(fake(set_cookie=good)) == []
    assert answer_problems(fake(set_cookie=good + "; Secure"), secure=True) == []
    assert answer_problems(fake(set_cookie=good), secure=True) != []  # https, not Secure
    assert answer_problems(fake(set_cookie=good + "; Secure")) != []  # http: unusable
    for broken in (
        good.replace("HttpOnly; ", ""),
        good.replace("SameSite=lax", "SameSite=none"),
        good.replace("; SameSite=lax", ""),
        good.replace("Path=/", "Path=/account"),
        good + "; Domain=example.org",
    ):
        assert answer_problems(fake(set_cookie=[good, broken])) != [], broken


def test_the_vary_and_cache_checks_catch_a_mixed_up_answer():
    full, partial = fake(body="<html>page</html>"), fake(body="<div>block</div>")
    assert len(pair_problems(full, partial)) == 2  # neither says Vary: HX-Request
    varied = {"vary": "HX-Request, Accept-Encoding"}
    assert len(pair_problems(fake(body="a", **varied), partial)) == 1
    assert pair_problems(fake(body="a", **varied), fake(body="b", **varied)) == []
    assert pair_problems(full, fake(body=full.body)) == []  # the same body needs no Vary

    signed_in = Answer("fake", "/", 200, fake().headers, "<html>ana</html>", True)
    assert any("signed-in" in p for p in answer_problems(signed_in))
    assert len(cookie_dependence_problems(full, signed_in)) == 2
    private = fake(body="<html>ana</html>", cache_control="private, no-store")
    reader = fake(body=full.body, vary="Cookie")
    assert cookie_dependence_problems(reader, private) == []


# --- The route table -------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteEntry:
    method: str
    path: str


def route_table(app: object) -> tuple[list[RouteEntry], list[str]]:
    """Every (method, path) the app answers, through included routers, and its mounts."""
    entries, mounts = [], []
    for route in app.routes:
        if isinstance(route, Mount):
            mounts.append(route.path)
            continue
        if hasattr(route, "effective_route_contexts"):  # a route of an included router
            contexts = [(c.path, c.methods) for c in route.effective_route_contexts()]
        else:
            contexts = [(route.path, getattr(route, "methods", None))]
        for path, methods in contexts:
            assert methods, f"a route without methods (a websocket?) at {path}: classify it"
            entries.extend(RouteEntry(m, path) for m in sorted(methods))
    return entries, mounts


# --- The world: people, objects, the app -------------------------------------------------------


@dataclass
class World:
    targets: Targets
    reader: Identity
    analyst: Identity
    admin: Identity
    token: Identity  # the analyst's API token
    pristine: Database  # the database before any write, for the writes that succeed

    def identities(self) -> list[Identity]:
        """Who the GET crawl goes as: a reader with no cookie at all, an analyst, an admin."""
        return [Identity("reader"), self.analyst, self.admin]


@pytest.fixture(scope="module")
def app_client(app_database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def world(engine, seed_ids, db_path, app_client, tmp_path_factory) -> World:
    analyst_id, _ = ws.add_user(engine, Role.analyst)
    admin_id, _ = ws.add_user(engine, Role.admin)
    targets = make_targets(engine, seed_ids, analyst_id, [analyst_id, admin_id])
    cookie, csrf = ws.open_session(engine, analyst_id)
    analyst = Identity("analyst", {SESSION_COOKIE: cookie}, csrf, user_id=analyst_id)
    cookie, csrf = ws.open_session(engine, admin_id)
    admin = Identity("admin", {SESSION_COOKIE: cookie}, csrf, user_id=admin_id)
    token = Identity(
        "analyst (API token)",
        authorization=f"Bearer {targets.token_secrets[analyst_id]}",
        user_id=analyst_id,
    )
    reader_csrf = ws.anonymous_csrf(app_client)
    app_client.cookies.clear()
    reader = Identity("reader", {ANON_CSRF_COOKIE: reader_csrf}, reader_csrf)
    pristine = clone_database(db_path, tmp_path_factory.mktemp("headers"))
    return World(targets, reader, analyst, admin, token, pristine)


def credentialed(identity: Identity) -> bool:
    return SESSION_COOKIE in identity.cookies or identity.authorization is not None


def request(
    client: TestClient,
    method: str,
    url: str,
    identity: Identity | None = None,
    *,
    label: str = "",
    headers: dict[str, str] | None = None,
    **kwargs: object,
) -> Answer:
    """One request as `identity` (cookies and Authorization; no CSRF token unless given)."""
    identity = identity or Identity("reader")
    client.cookies.clear()
    sent = {**identity.headers(with_csrf=False), **(headers or {})}
    response = client.request(method, url, headers=sent, follow_redirects=False, **kwargs)
    mode = " (htmx)" if sent.get("HX-Request") else ""
    name = label or f"{method} {url} as {identity.label}{mode}"
    return answer_of(name, response, credentialed(identity))


# --- Every GET route, as everyone, full and htmx ------------------------------------------------


@dataclass
class Crawl:
    answers: list[Answer] = field(default_factory=list)
    # (url, identity label) → (full answer, htmx answer)
    pairs: dict[tuple[str, str], tuple[Answer, Answer]] = field(default_factory=dict)
    urls_by_route: dict[str, set[str]] = field(default_factory=dict)  # route path → urls


def get_urls(app: object, world: World, seed_ids) -> dict[str, list[str]]:
    """Every GET route's path → the URLs it is crawled at: one of each kind of answer the route
    gives, not one per seed object. The headers come from middleware and from what kind of
    answer it is (a page, its htmx block, a 301 from a bare id, a 404 for a draft, a sign-in
    redirect, JSON), never from which dispute or actor is shown, so a second object of the same
    kind checks nothing new: one seed object of each kind, its bare id (which redirects, and is
    followed), a draft claim (404 for readers, a page for analysts), the history of each kind
    of entity, and search results and pagers with their htmx blocks (EXTRA)."""
    ids = {
        "disputes": sorted(seed_ids.disputes.values())[:1],
        "articles": sorted(seed_ids.articles.values())[:1],
        "actors": sorted(seed_ids.actors.values())[:1],
        "claims": sorted(seed_ids.claims.values())[:1],
        "suggestions": [world.targets.suggestion_id],
    }
    entries, _ = route_table(app)
    urls = {e.path: fill(e.path, ids) for e in entries if e.method == "GET"}
    # A draft, which readers may not see (404) and analysts may.
    urls["/claims/{claim_id}"].append(f"/claims/{world.targets.draft_id}")
    urls["/api/claims/{claim_id}"].append(f"/api/claims/{world.targets.draft_id}")
    for extra in EXTRA:  # search results and pagers, and their htmx partials
        urls.setdefault(urlsplit(extra).path, []).append(extra)
    return urls


@pytest.fixture(scope="module")
def crawl(app_client, world, seed_ids) -> Crawl:
    result = Crawl()
    for route_path, urls in get_urls(app_client.app, world, seed_ids).items():
        result.urls_by_route[route_path] = set(urls)
        for identity in world.identities():
            queue = list(urls)
            while queue:
                url = queue.pop(0)
                full = request(app_client, "GET", url, identity)
                partial = request(app_client, "GET", url, identity, headers=HTMX)
                result.answers += [full, partial]
                result.pairs[(url, identity.label)] = (full, partial)
                if full.status == 301:  # bare id → canonical URL: crawl that too
                    queue.append(full.headers["location"])
    return result


def unplaced_routes(
    app: object, crawled: dict[str, set[str]], sent: set[tuple[str, str]]
) -> list[str]:
    """Routes and mounts of `app` that the crawl neither requested nor accounts for: GET routes
    without a crawled URL, write routes without a request sent, anything else."""
    entries, mounts = route_table(app)
    gets = {e.path for e in entries if e.method == "GET"}
    unplaced = []
    for entry in entries:
        if entry.method == "GET" and crawled.get(entry.path):
            continue
        if entry.method == "HEAD" and entry.path in gets:  # Starlette's own, beside GET
            continue
        if entry.method in UNSAFE and (entry.method, entry.path) in sent:
            continue
        unplaced.append(f"{entry.method} {entry.path}")
    return unplaced + [f"mount {m}" for m in mounts if m not in CHECKED_ELSEWHERE]


def test_every_route_is_crawled_or_classified(app_client, crawl, write_answers):
    sent = {(a.method, a.path) for a in write_answers}

    unplaced = unplaced_routes(app_client.app, crawl.urls_by_route, sent)

    assert unplaced == [], "new routes: crawl them here (and list a mount in CHECKED_ELSEWHERE)"
    assert len(crawl.urls_by_route) >= 30 and len(sent) >= 45


def test_a_route_the_crawl_does_not_know_is_caught():
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    for method, path in [("GET", "/page"), ("PUT", "/thing"), ("OPTIONS", "/odd")]:
        app.add_api_route(path, lambda: None, methods=[method])
    app.mount("/files", StaticFiles(directory=Path(__file__).parent))

    assert unplaced_routes(app, {}, set()) == [
        "GET /page",
        "PUT /thing",
        "OPTIONS /odd",
        "mount /files",
    ]
    assert unplaced_routes(app, {"/page": {"/page"}}, {("PUT", "/thing")}) == [
        "OPTIONS /odd",
        "mount /files",
    ]


def test_every_get_answer_carries_the_security_headers(crawl):
    failures = {a.label: problems for a in crawl.answers if (problems := answer_problems(a))}

    # Every GET route at least once as each of the three, full and htmx.
    assert len(crawl.answers) >= 2 * 3 * len(crawl.urls_by_route) >= 200
    assert failures == {}


def test_no_get_answer_is_a_server_error(crawl):
    statuses = Counter(a.status for a in crawl.answers)
    errors = [a.label for a in crawl.answers if a.status >= 500]

    assert errors == []
    assert statuses[200] > 100 and statuses[301] and statuses[303] and statuses[404]


def test_htmx_and_full_answers_that_differ_both_vary_on_hx_request(crawl):
    differing = [key for key, (full, partial) in crawl.pairs.items() if full.body != partial.body]
    failures = {
        f"{url} as {who}": problems
        for (url, who), (full, partial) in crawl.pairs.items()
        if (problems := pair_problems(full, partial))
    }

    # The lists, search, article panels and the suggestion form render a block for htmx.
    assert len(differing) > 20
    assert {urlsplit(url).path.split("/")[1] for url, _ in differing} >= {
        "disputes",
        "articles",
        "actors",
        "search",
    }
    assert failures == {}


def test_answers_that_differ_for_a_signed_in_user_are_kept_apart(crawl):
    by_url: dict[tuple[str, bool], dict[str, Answer]] = {}
    for (url, who), (full, partial) in crawl.pairs.items():
        by_url.setdefault((url, False), {})[who] = full
        by_url.setdefault((url, True), {})[who] = partial
    failures, differing = {}, 0
    for (url, _), answers in by_url.items():
        reader = answers.get("reader")
        for who in ("analyst", "admin"):
            if reader is None or who not in answers:
                continue
            differing += reader.body != answers[who].body
            if problems := cookie_dependence_problems(reader, answers[who]):
                failures[f"{url} as {who}"] = problems

    assert differing > 100  # every page names who is signed in; drafts show to analysts
    assert failures == {}


def test_head_and_options_on_every_get_route(app_client, crawl, world):
    failures = {}
    for urls in crawl.urls_by_route.values():
        url = sorted(urls)[0]
        for method in ("HEAD", "OPTIONS"):
            for identity in (Identity("reader"), world.analyst):
                answer = request(app_client, method, url, identity)
                problems = answer_problems(answer)
                if answer.status >= 500:
                    problems.append(f"status {answer.status}")
                if problems:
                    failures[answer.label] = problems
    assert failures == {}


# --- Every write route: refused, mistaken and successful ------------------------------------------


@dataclass(frozen=True)
class WriteAnswer:
    method: str
    path: str  # the route's path (with its parameters)
    answer: Answer


def bad_path(route: WriteRoute) -> str | None:
    """The call's URL with every path parameter made non-numeric (422, or 404 for a slug)."""
    if "{" not in route.path:
        return None
    return re.sub(r"{(\w+)(?::\w+)?}", "not-a-number", route.path)


def allowed(route: WriteRoute, world: World) -> Identity:
    if route.name == "sign_in_submit":
        return world.reader
    if route.name in ADMIN_ONLY:
        return world.admin
    return world.analyst


def bad_body(call: Call) -> Call:
    """The call with a body no route accepts: a form missing every field (its version among
    them), JSON of the wrong shape."""
    if call.json is not None or call.path.startswith("/api/"):
        return Call(call.method, call.path, 422, json={"no such field": ["x"] * 3})
    return Call(call.method, call.path, 422, form={"no such field": "x"})


def restore(source: Database, target: Database) -> None:
    """Make `target` hold what `source` holds (the app's open connections see the restored
    content)."""
    reset_database(target, source)


def send_answer(client: TestClient, call: Call, identity: Identity, **options: object) -> Answer:
    response = send(client, call, identity, **options)
    mode = " (htmx)" if "HX-Request" in (options.get("extra_headers") or {}) else ""
    return answer_of(
        f"{call.method} {call.path} as {identity.label}{mode}", response, credentialed(identity)
    )


@pytest.fixture(scope="module")
def write_answers(app_client, world, tmp_path_factory) -> list[WriteAnswer]:
    """For every write route: refusals (no sign-in, no CSRF token, a bad path) on the shared
    database, which they cannot change; then a bad body and the successful request, plain and
    htmx, each on a copy of the database as the writes found it (restored after any answer
    that may have changed it, not before every request)."""
    routes = write_routes(app_client.app)
    t = world.targets
    found: list[WriteAnswer] = []
    for route in routes:
        call = call_for(route, t, allowed(route, world).user_id)
        refusals = [
            send_answer(app_client, call, Identity("reader"), with_csrf=False),
            send_answer(app_client, call, world.analyst, with_csrf=False),
        ]
        if (path := bad_path(route)) is not None:
            wrong = Call(call.method, path, 422, form=call.form, json=call.json)
            refusals.append(send_answer(app_client, wrong, world.admin))
        found += [WriteAnswer(route.method, route.path, a) for a in refusals]

    copy = clone_database(world.pristine, tmp_path_factory.mktemp("headers-writes"))
    with pytest.MonkeyPatch.context() as patch:
        point_app_at(patch, database_url(copy), page_cache_mb="0")
        try:
            with TestClient(create_app(), raise_server_exceptions=False) as client:
                changed = False  # whether the copy may differ from the pristine database
                for route in routes:
                    caller = allowed(route, world)
                    call = call_for(route, t, caller.user_id)
                    for attempt, extra in itertools.product((bad_body(call), call), ({}, HTMX)):
                        if changed:
                            restore(world.pristine, copy)
                            changed = False
                        answer = send_answer(client, attempt, caller, extra_headers=extra)
                        found.append(WriteAnswer(route.method, route.path, answer))
                        # A refused request (4xx) changes nothing (test_permissions.py and
                        # test_csrf.py check that with table digests): only an answer below
                        # 400 calls for a fresh copy before the next successful request.
                        changed = changed or answer.status < 400
        finally:
            clear_caches()
    clear_caches()
    return found


def test_every_write_answer_carries_the_security_headers(write_answers):
    failures = {
        w.answer.label: problems
        for w in write_answers
        if (problems := answer_problems(w.answer)) or w.answer.status >= 500
    }
    statuses = Counter(w.answer.status for w in write_answers)

    assert len({(w.method, w.path) for w in write_answers}) >= 45
    # Refused (401, 403), mistaken (404, 409, 412, 422, 428) and successful (200, 201, 204, 303).
    assert statuses[401] and statuses[403] and statuses[422]
    assert statuses[303] and statuses[201] and statuses[204]
    assert failures == {}


def test_writes_that_succeed_did_succeed(write_answers):
    """The successful requests of write_routes.py succeed here too, so the headers above were
    checked on real successes (sign-in and password changes set the session cookie)."""
    successes = [w for w in write_answers if w.answer.status in (200, 201, 204, 303)]
    cookies = [w for w in write_answers if w.answer.headers.get_list("set-cookie")]

    assert len({(w.method, w.path) for w in successes}) >= 45
    assert {urlsplit(w.path).path for w in cookies} >= {
        "/sign-in",
        "/sign-out",
        "/account/password",
    }


# --- Every kind of error answer -----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    label: str
    method: str
    url: str
    status: int | tuple[int, ...]
    who: str = "reader"  # reader, analyst, admin, token
    kwargs: dict[str, object] = field(default_factory=dict)
    csrf: bool = False


def error_cases(world: World) -> list[Case]:
    t = world.targets
    claim, dispute = t.claim_id, t.dispute_id
    form = {"content-type": "application/x-www-form-urlencoded"}
    json = {"content-type": "application/json"}
    too_long = {"content-length": str(MAX_BODY_BYTES + 1)}
    padding = {"headers": {"x-padding": "a" * MAX_HEADER_BYTES}}
    a_title = {"data": {"title": "x"}}
    a_json_title = {"json": {"title": "x"}}
    stale_form = {
        "version": "0",
        "title": "Stale",
        "summary": "",
        "status": "open",
        "grade": "",
        "grade_note": "",
    }
    stale_merge = {"version": "999", "target_id": str(t.merge_target_id)}
    summary = {"json": {"summary": "x"}}
    stale_tag = {"If-Match": etag("dispute", dispute, 999)}
    many_fields = "&".join(f"f{i}=v" for i in range(5000)).encode()
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    return [
        Case("404 unknown page", "GET", "/no/such/page", 404),
        Case("404 unknown API path", "GET", "/api/no/such/thing", 404),
        Case("404 unknown dispute", "GET", "/disputes/999999", 404),
        Case("404 unknown claim (API)", "GET", "/api/claims/999999", 404),
        Case("404 unknown claim, signed in", "GET", "/claims/999999", 404, "analyst"),
        Case("404 a draft, to a reader", "GET", f"/claims/{t.draft_id}", 404),
        Case("405 page", "DELETE", "/", 405),
        Case("405 API", "PUT", "/api/claims", 405),
        Case("405 signed in", "PUT", f"/claims/{claim}", 405, "analyst"),
        Case("422 page path", "GET", "/history/claim/abc", 422),
        Case("422 API path", "GET", "/api/claims/abc", 422),
        Case("422 API query", "GET", "/api/claims?limit=0", 422),
        Case("422 page query", "GET", "/disputes?limit=100000", 422),
        Case("422 search too long", "GET", "/search?q=" + "a" * 20_000, 422),
        # (Not a list: the API's list routes never read the viewer, so a bad token goes unnoticed.)
        Case("401 bad token", "GET", f"/api/claims/{claim}", 401, "bad token"),
        Case("401 write API, no sign-in", "POST", "/api/disputes", 401, kwargs=a_json_title),
        Case("401 write page, no sign-in", "POST", "/disputes/new", 401, kwargs=a_title, csrf=True),
        Case("303 page to sign in", "GET", "/account", 303),
        Case("303 analysts' page to sign in", "GET", "/review", 303),
        Case("403 CSRF on sign-in", "POST", "/sign-in", 403, kwargs={"data": {"username": "x"}}),
        Case("403 CSRF, signed in", "POST", "/disputes/new", 403, "analyst", a_title),
        Case("403 CSRF (API, session)", "POST", "/api/disputes", 403, "analyst", a_json_title),
        Case(
            "403 cross-site",
            "POST",
            "/disputes/new",
            403,
            "analyst",
            {**a_title, "headers": {"Sec-Fetch-Site": "cross-site"}},
            csrf=True,
        ),
        Case(
            "403 another origin",
            "POST",
            "/api/disputes",
            403,
            "analyst",
            {**a_json_title, "headers": {"Origin": "https://evil.example"}},
            csrf=True,
        ),
        Case("403 admin page", "GET", "/admin/users", 403, "analyst"),
        Case("403 admin API", "POST", f"/api/changes/{t.change_id}/revert", 403, "token"),
        Case(
            "409 stale form",
            "POST",
            f"/disputes/{dispute}/edit",
            409,
            "analyst",
            {"data": stale_form},
            csrf=True,
        ),
        Case(
            "409 stale merge",
            "POST",
            f"/disputes/{dispute}/merge",
            409,
            "analyst",
            {"data": stale_merge},
            csrf=True,
        ),
        Case(
            "412 stale If-Match",
            "PATCH",
            f"/api/disputes/{dispute}",
            412,
            "token",
            {**summary, "headers": stale_tag},
        ),
        Case("428 no If-Match", "PATCH", f"/api/disputes/{dispute}", 428, "token", summary),
        Case("422 bad JSON body", "POST", "/api/disputes", 422, "token", {"json": {"title": ""}}),
        Case(
            "422 not JSON",
            "POST",
            "/api/disputes",
            422,
            "token",
            {"content": b"{", "headers": json},
        ),
        Case(
            "422 bad form", "POST", "/disputes/new", 422, "analyst", {"data": {"title": ""}}, True
        ),
        Case(
            "413 body (page)",
            "POST",
            "/sign-in",
            413,
            kwargs={"content": b"x", "headers": {**too_long, **form}},
        ),
        Case(
            "413 body (API)",
            "POST",
            "/api/claims",
            413,
            kwargs={"content": b"{}", "headers": {**too_long, **json}},
        ),
        Case(
            "413 streamed body",
            "POST",
            "/sign-in",
            413,
            # A list of chunks: sent chunked (no Content-Length), and again for the htmx run.
            kwargs={"content": [b"username=", b"x" * (MAX_BODY_BYTES + 1)], "headers": form},
        ),
        Case("414 page", "GET", "/search?q=" + "a" * MAX_URL_BYTES, 414),
        Case("414 API", "GET", "/api/search?q=" + "a" * MAX_URL_BYTES, 414),
        Case("431 page", "GET", "/", 431, kwargs=padding),
        Case("431 API", "GET", "/api/claims", 431, kwargs=padding),
        Case(
            "400 deep JSON",
            "POST",
            "/api/claims",
            400,
            kwargs={"content": b"[" * 100 + b"]" * 100, "headers": json},
        ),
        Case(
            "400 too many form fields",
            "POST",
            "/sign-in",
            400,
            kwargs={"content": many_fields, "headers": form},
        ),
        Case("docs", "GET", "/docs", 200),
        Case("openapi", "GET", "/openapi.json", 200),
        Case("openapi HEAD", "HEAD", "/openapi.json", 200),
        Case("healthz", "GET", "/healthz", 200),
        Case("healthz, signed in", "GET", "/healthz", 200, "analyst"),
        Case("OPTIONS API", "OPTIONS", "/api/claims", 405),
        Case("OPTIONS preflight", "OPTIONS", "/api/claims", 405, kwargs={"headers": preflight}),
        Case("HEAD page", "HEAD", "/disputes", 200),
    ]


def run_case(client: TestClient, case: Case, world: World, extra: dict[str, str]) -> Answer:
    identity = {
        "reader": world.reader if case.csrf else Identity("reader"),
        "analyst": world.analyst,
        "admin": world.admin,
        "token": world.token,
        "bad token": Identity("bad token", authorization="Bearer gsy_not_a_token"),
    }[case.who]
    kwargs = dict(case.kwargs)
    headers = {**dict(kwargs.pop("headers", {})), **extra}
    if case.csrf and identity.csrf:
        headers["X-CSRF-Token"] = identity.csrf
    label = f"{case.label}{' (htmx)' if extra else ''}"
    return request(client, case.method, case.url, identity, label=label, headers=headers, **kwargs)


def test_every_kind_of_error_answer_carries_the_security_headers(app_client, world):
    failures, kinds = {}, set()
    for case in error_cases(world):
        for extra in ({}, HTMX):
            answer = run_case(app_client, case, world, extra)
            expected = case.status if isinstance(case.status, tuple) else (case.status,)
            problems = answer_problems(answer)
            if answer.status not in expected:
                problems.append(f"status {answer.status}, expected {expected}: {answer.body[:200]}")
            if answer.status >= 400:
                wants_json = urlsplit(case.url).path.startswith("/api/")
                content_type = answer.headers.get("content-type", "")
                form = PROBLEM if wants_json else "text/html"
                if not content_type.startswith(form):
                    problems.append(f"a {answer.status} as {content_type}, not {form}")
                kinds.add((answer.status, form))
            if problems:
                failures[answer.label] = problems

    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
    # Both forms of every error status: an HTML page and a problem detail.
    statuses = {status for status, _ in kinds}
    assert statuses >= {400, 401, 403, 404, 405, 409, 412, 413, 414, 422, 428, 431}
    assert {(s, PROBLEM) for s in (400, 401, 403, 404, 405, 413, 414, 422, 431)} <= kinds
    assert {(s, "text/html") for s in (400, 401, 403, 404, 405, 409, 413, 414, 422, 431)} <= kinds


def test_static_files_and_their_errors(app_client, world):
    root = parse(app_client.get("/").text)
    assets = [el.get("href") or el.get("src") for el in root.iter() if el.tag in ("link", "script")]
    assets = [a for a in assets if a and a.startswith("/static/")]
    urls = [*assets, "/static/app.css", "/static/no-such-file.css", "/static/../app/main.py"]
    failures = {}
    for url in urls:
        for method in ("GET", "HEAD"):
            for identity in (Identity("reader"), world.analyst):
                answer = request(app_client, method, url, identity)
                if problems := answer_problems(answer):
                    failures[answer.label] = problems
                if answer.status >= 500:
                    failures[answer.label] = [f"status {answer.status}"]
    assert len(assets) >= 3  # the stylesheet, the icon, htmx
    assert failures == {}


# --- 500: an internal error, provoked through a route added for the test ------------------------


@pytest.fixture(scope="module")
def failing_client(app_database: str) -> Iterator[TestClient]:
    """The app with two routes that fail (a page and an API route), after reading the viewer,
    so a signed-in user's 500 page is rendered with their name and CSRF token."""
    app = create_app()

    def fail(viewer: ViewerDep) -> None:
        raise RuntimeError("secret internals of the failure, not for the page")

    app.add_api_route("/test-only/fail", fail, methods=["GET"])
    app.add_api_route("/api/test-only/fail", fail, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/test-only/fail", "/api/test-only/fail"])
@pytest.mark.parametrize("who", ["reader", "analyst"])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_500_carries_the_security_headers_and_no_traceback(
    failing_client, world, path, who, htmx
):
    identity = world.analyst if who == "analyst" else Identity("reader")

    answer = request(failing_client, "GET", path, identity, headers=HTMX if htmx else {})

    assert answer.status == 500
    assert answer_problems(answer) == []
    assert "secret internals" not in answer.body and "RuntimeError" not in answer.body
    wanted = PROBLEM if path.startswith("/api/") else "text/html"
    assert answer.headers["content-type"].startswith(wanted)


# --- 503: overload, in process ---------------------------------------------------------------


def test_an_overloaded_apps_503_carries_the_security_headers(app_client, world):
    limiter = concurrency_limiter(app_client)
    limiter.in_flight = limiter.max_in_flight  # as if that many requests were in progress
    try:
        answers = [
            request(app_client, "GET", "/disputes?limit=11", Identity("reader")),
            request(app_client, "GET", "/api/disputes?limit=11", Identity("reader")),
            request(app_client, "GET", "/review", world.analyst),
            request(app_client, "POST", "/sign-in", Identity("reader"), data={"username": "x"}),
        ]
    finally:
        limiter.in_flight = 0

    assert [a.status for a in answers] == [503] * 4
    assert {a.label: p for a in answers if (p := answer_problems(a))} == {}
    assert all(a.headers["retry-after"] for a in answers)


# --- The page cache: never a full page for htmx, nor a block for a full request ------------------


def page_cache(client: TestClient) -> PageCache:
    layer = client.app.middleware_stack
    while not isinstance(layer, PageCacheMiddleware):
        assert layer is not None, "PageCacheMiddleware is not in the middleware stack"
        layer = getattr(layer, "app", None)
    assert layer.cache is client.app.page_cache, "the front door serves another store"
    return layer.cache


HX_VARIANTS = {
    "full": {},
    "htmx": HTMX,
    "boosted": {**HTMX, "HX-Boosted": "true"},  # htmx navigation: the whole page
    "history restore": {**HTMX, "HX-History-Restore-Request": "true"},  # the whole page too
}


def variant_problems(answers: dict[str, Answer]) -> list[str]:
    """Answers to one URL under each of HX_VARIANTS: where two bodies differ, a cache can only
    tell them apart if Vary names a header in which the two requests differ (a history restore
    carries HX-Request too, so Vary: HX-Request alone would hand it the block)."""
    problems: list[str] = []
    for first, second in itertools.combinations(answers, 2):
        if answers[first].body == answers[second].body:
            continue
        sent = (HX_VARIANTS[first], HX_VARIANTS[second])
        differing = {n for n in sent[0].keys() | sent[1].keys() if sent[0].get(n) != sent[1].get(n)}
        for name in (first, second):
            AUDIT.expect(
                problems,
                any(varies_on(answers[name].headers, header) for header in differing),
                f"{name} differs from {second if name == first else first} "
                f"and Vary ({answers[name].headers.get('vary')}) names none of {sorted(differing)}",
            )
    return problems


def test_the_page_cache_keeps_full_pages_and_htmx_blocks_apart(app_database, crawl):
    """For every URL whose htmx answer differs, readers' requests in both orders through the
    page cache: each gets what the application renders for it (a block only for a plain htmx
    request), served from the cache the second time, saying what it varies on."""
    urls = sorted(
        {url for (url, who), (f, p) in crawl.pairs.items() if who == "reader" and f.body != p.body}
    )
    assert len(urls) >= 10
    failures = {}
    for order in (list(HX_VARIANTS), list(reversed(HX_VARIANTS))):
        with TestClient(create_app()) as client:
            cache = page_cache(client)
            for round_ in ("fill", "hit"):
                for url in urls:
                    full, partial = crawl.pairs[(url, "reader")]  # rendered without the cache
                    answers = {
                        name: request(
                            client, "GET", url, label=f"{url} {name}", headers=HX_VARIANTS[name]
                        )
                        for name in order
                    }
                    problems = variant_problems(answers)
                    for name, answer in answers.items():
                        problems += answer_problems(answer)
                        expected = partial if name == "htmx" else full
                        AUDIT.expect(
                            problems, answer.body == expected.body, f"{name}: the other rendering"
                        )
                    if problems:
                        failures[f"{url} ({round_}, {order[0]} first)"] = problems
            # Every variant of every URL was stored: the second round came from the cache.
            assert len(cache.entries) == len(urls) * len(HX_VARIANTS)
    assert failures == {}


def test_the_page_cache_304_keeps_the_security_headers(app_client):
    first = request(app_client, "GET", "/disputes?limit=13")
    etag = first.headers["etag"]

    answer = request(app_client, "GET", "/disputes?limit=13", headers={"If-None-Match": etag})

    assert answer.status == 304
    assert answer_problems(answer) == []
    assert varies_on(answer.headers, "HX-Request")


def test_the_sign_in_page_is_never_cached_with_another_browsers_token(app_client):
    """The sign-in form holds the visitor's own CSRF token (double-submit cookie). A page
    cached for one visitor would hand their token to the next, whose sign-in then fails."""
    client = app_client
    client.cookies.clear()
    first = client.get("/sign-in")
    mine = first.cookies[ANON_CSRF_COOKIE]
    again = client.get("/sign-in")  # with the cookie: no Set-Cookie, so a cache might keep it
    client.cookies.clear()
    other = client.get("/sign-in")  # another browser
    AUDIT.requests += 3

    token = ws.parse(other.text).find("input", name="csrf_token").get("value")
    assert mine in again.text
    assert mine not in other.text
    assert other.cookies.get(ANON_CSRF_COOKIE) == token
    assert "no-store" in again.headers["cache-control"]


# --- Cookies over http and https ------------------------------------------------------------------


def cookie_value(response: httpx.Response, name: str) -> str:
    """A cookie's value read from the Set-Cookie headers themselves (a client's jar would not
    send back a Secure cookie that came over http)."""
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    raise AssertionError(f"no {name} cookie in {response.headers.get_list('set-cookie')}")


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def cookie_flow(client: TestClient, engine, label: str) -> list[Answer]:
    """Every answer that sets a cookie, in order: the sign-in page (the anonymous CSRF
    cookie), a refused and a successful sign-in, a password change (a new session), signing
    out (the cookie removed)."""
    _, username = ws.add_user(engine, Role.analyst)
    answers: list[Answer] = []

    def send_raw(method: str, path: str, cookies: dict[str, str], **kwargs) -> httpx.Response:
        client.cookies.clear()
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        response = client.request(
            method,
            path,
            headers={"Cookie": cookie} if cookie else {},
            follow_redirects=False,
            **kwargs,
        )
        answers.append(answer_of(f"{method} {path} ({label})", response, SESSION_COOKIE in cookies))
        return response

    anon = cookie_value(send_raw("GET", "/sign-in", {}), ANON_CSRF_COOKIE)
    jar = {ANON_CSRF_COOKIE: anon}
    refused = send_raw(
        "POST", "/sign-in", jar, data={"csrf_token": anon, "username": username, "password": "no"}
    )
    assert refused.status_code == 401, refused.status_code
    signed = send_raw(
        "POST",
        "/sign-in",
        jar,
        data={"csrf_token": anon, "username": username, "password": ws.PASSWORD},
    )
    session = {SESSION_COOKIE: cookie_value(signed, SESSION_COOKIE)}
    csrf = CSRF_FIELD.search(send_raw("GET", "/account", session).text).group(1)
    new_password = "another good password 42"
    changed = send_raw(
        "POST",
        "/account/password",
        session,
        data={
            "csrf_token": csrf,
            "current_password": ws.PASSWORD,
            "new_password": new_password,
            "confirm_password": new_password,
        },
    )
    session = {SESSION_COOKIE: cookie_value(changed, SESSION_COOKIE)}
    csrf = CSRF_FIELD.search(send_raw("GET", "/account", session).text).group(1)
    out = send_raw("POST", "/sign-out", session, data={"csrf_token": csrf})
    assert cookie_value(out, SESSION_COOKIE) in ("", '""'), out.headers.get_list("set-cookie")
    assert [r.status for r in answers if r.label.startswith("POST")] == [401, 303, 303, 303]
    return answers


# (label, GAINSAY_PUBLIC_URL, the TestClient's base URL, whether cookies must be Secure)
SCHEMES = [
    ("plain http", None, "http://testserver", False),
    ("http public URL", "http://gainsay.example", "http://testserver", False),
    (
        "https public URL, TLS ended by a proxy",
        "https://gainsay.example",
        "http://testserver",
        True,
    ),
    ("https request", None, "https://testserver", True),
]


@pytest.mark.parametrize(
    ("label", "public_url", "base_url", "secure"), SCHEMES, ids=[s[0] for s in SCHEMES]
)
def test_cookie_flags_over_http_and_https(
    app_database, engine, label, public_url, base_url, secure
):
    settings = {"public_url": public_url} if public_url else {}
    with pytest.MonkeyPatch.context() as patch:
        point_app_at(patch, app_database, **settings)
        try:
            with TestClient(
                create_app(), base_url=base_url, raise_server_exceptions=False
            ) as client:
                answers = cookie_flow(client, engine, label)
        finally:
            clear_caches()
    clear_caches()

    failures = {a.label: p for a in answers if (p := answer_problems(a, secure=secure))}
    cookies = [c for a in answers for c in a.headers.get_list("set-cookie")]
    assert len(cookies) >= 4  # the CSRF cookie, two sessions, the removal
    assert failures == {}


# --- A real uvicorn: overload, and the headers as they go over the wire ------------------------


@dataclass(frozen=True)
class Live:
    port: int
    database: Database


@pytest.fixture(scope="module")
def live(seed_template: SeedTemplate, tmp_path_factory) -> Iterator[Live]:
    """A real uvicorn that lets 2 requests be in progress at once."""
    folder = tmp_path_factory.mktemp("headers-live")
    with two_slot_server(seed_template, folder) as (port, database, log_path):
        yield Live(port, database)
    assert "Traceback" not in log_path.read_text(), log_path.read_text()


def over_the_wire(port: int, method: str, target: str, headers: dict[str, str]) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        body = response.read()
        received = httpx.Headers(response.getheaders())
    finally:
        connection.close()
    AUDIT.requests += 1
    text = body.decode("utf-8", "replace") if received.get("content-encoding") != "gzip" else ""
    signed_in = SESSION_COOKIE in headers.get("Cookie", "")
    return Answer(
        f"{method} {target} (uvicorn)",
        urlsplit(target).path,
        response.status,
        received,
        text,
        signed_in,
    )


def test_a_real_servers_503_carries_the_security_headers(live):
    held = [hold_a_place(live.port), hold_a_place(live.port)]
    try:
        wait_for_status(live.port, 503)  # both places are taken once the server has seen both
        answers = [
            over_the_wire(live.port, "GET", "/disputes?limit=5&busy=1", {}),
            over_the_wire(live.port, "GET", "/api/disputes?busy=1", {}),
            over_the_wire(live.port, "GET", "/disputes?limit=5&busy=1", HTMX),
        ]
    finally:
        for sock in held:
            sock.close()
    wait_for_status(live.port, 200)

    assert [a.status for a in answers] == [503, 503, 503]
    assert answers[1].headers["content-type"] == PROBLEM
    assert {a.label: p for a in answers if (p := answer_problems(a))} == {}


def test_a_real_server_sends_every_header(live):
    from sqlalchemy import create_engine

    live_engine = create_engine(database_url(live.database))
    try:
        user_id, _ = ws.add_user(live_engine, Role.analyst)
        session, _ = ws.open_session(live_engine, user_id)
    finally:
        live_engine.dispose()
    cookie = {"Cookie": f"{SESSION_COOKIE}={session}"}
    gzip = {"Accept-Encoding": "gzip"}
    answers = [
        over_the_wire(live.port, "GET", "/disputes", gzip),
        over_the_wire(live.port, "GET", "/disputes", {**gzip, **HTMX}),
        over_the_wire(live.port, "GET", "/disputes", {**gzip, **cookie}),
        over_the_wire(live.port, "GET", "/review", cookie),
        over_the_wire(live.port, "GET", "/no/such/page", {}),
        over_the_wire(live.port, "HEAD", "/static/app.css", {}),
        over_the_wire(live.port, "OPTIONS", "/api/claims", {}),
    ]

    assert [a.status for a in answers] == [200, 200, 200, 200, 404, 200, 405]
    assert answers[0].headers["content-encoding"] == "gzip"  # the page cache's stored gzip
    assert {a.label: p for a in answers if (p := answer_problems(a))} == {}
    for answer in answers[:2]:
        assert {"hx-request", "cookie", "accept-encoding"} <= header_tokens(answer.headers, "vary")


# --- The figures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def figures(request) -> Iterator[None]:
    """Print how much the crawler did (on the terminal, once the module is done), and how long
    the module's tests took (from its first fixture, not from its import at collection)."""
    started = time.perf_counter()
    yield
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\ntests/test_headers.py: {AUDIT.requests} requests, {AUDIT.checks} header checks, "
            f"{time.perf_counter() - started:.1f} s"
        )
