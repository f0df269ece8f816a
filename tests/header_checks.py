"""What the header tests share: the checks every answer must pass (security headers, cookies,
Vary and caching), with a count of the requests and checks made; the app's route table; the
people and objects the requests are made as and about (`World`); and the figures each module
prints."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.routing import Mount

from app.auth import ANON_CSRF_COOKIE, SESSION_COOKIE
from app.main import create_app
from app.security import SECURITY_HEADERS
from app.vocabulary import Role
from tests import workspace_fixtures as ws
from tests.conftest import Database, TestClient, clone_database
from tests.write_routes import (
    Identity,
    Targets,
    make_targets,
)

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


# --- The figures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def figures(request) -> Iterator[None]:
    """Print how much a module's crawl did (on the terminal, once the module is done), and how
    long its tests took (from its first fixture, not from its import at collection)."""
    started, requests, checks = time.perf_counter(), AUDIT.requests, AUDIT.checks
    yield
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\n{request.node.nodeid}: {AUDIT.requests - requests} requests, "
            f"{AUDIT.checks - checks} header checks, {time.perf_counter() - started:.1f} s"
        )
