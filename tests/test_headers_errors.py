"""Every kind of error answer (404, 405, 422, a 500 provoked through a route added for the test,
an overloaded app's 503, the static files' own), and every cookie over http and https, carry
the security headers (tests/header_checks.py); all in process."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import pytest

from app.api.concurrency import etag
from app.auth import ANON_CSRF_COOKIE, SESSION_COOKIE, ViewerDep
from app.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_URL_BYTES
from app.main import create_app
from app.vocabulary import Role
from tests import header_checks as hc
from tests import workspace_fixtures as ws
from tests.conftest import TestClient, clear_caches, point_app_at
from tests.header_checks import HTMX, PROBLEM, Answer, World, answer_of, answer_problems, request
from tests.htmldoc import parse
from tests.limits_fixtures import concurrency_limiter
from tests.write_routes import Identity

db_path = ws.db_path  # sign-ins and password changes write: a private copy of the seeded database
app_client = hc.app_client
world = hc.world
figures = hc.figures


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
