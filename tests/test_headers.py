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
used only for what is about the real server (tests/test_headers_server.py). This module: the
checks themselves, every GET and write route, and the page cache's variants; error answers
and cookies are in tests/test_headers_errors.py.

Run alone, it prints its figures: `.venv/bin/python -m pytest tests/test_headers*.py -q -s`.
"""

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.auth import ANON_CSRF_COOKIE
from app.main import create_app
from app.page_cache import PageCache, PageCacheMiddleware
from app.security import SECURITY_HEADERS
from tests import header_checks as hc
from tests import workspace_fixtures as ws
from tests.conftest import (
    Database,
    TestClient,
    clear_caches,
    clone_database,
    database_url,
    point_app_at,
    reset_database,
)
from tests.header_checks import (
    AUDIT,
    CHECKED_ELSEWHERE,
    HTMX,
    Answer,
    World,
    answer_of,
    answer_problems,
    cookie_dependence_problems,
    credentialed,
    fake,
    pair_problems,
    request,
    route_table,
    varies_on,
)
from tests.test_crawl import EXTRA, fill
from tests.write_routes import (
    ADMIN_ONLY,
    UNSAFE,
    Call,
    Identity,
    WriteRoute,
    call_for,
    send,
    write_routes,
)

db_path = ws.db_path  # write routes are sent requests: a private copy of the seeded database
app_client = hc.app_client
world = hc.world
figures = hc.figures


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
            # (Memory may hold more: a starting worker preloads the host's stored pages.)
            stored = {
                (path + ("?" + query.decode() if query else ""), htmx)
                for _scheme, _host, path, query, htmx in cache.entries
            }
            assert all(
                len({htmx for stored_url, htmx in stored if stored_url == url}) == len(HX_VARIANTS)
                for url in urls
            ), sorted(stored)
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
