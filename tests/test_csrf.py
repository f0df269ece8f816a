"""CSRF protection (app/auth.py csrf_protect) on every state-changing request, sign-in
included: cross-site form posts and fetches from another origin are refused with 403, a
cookie-authenticated write needs the session's token (form field, or the X-CSRF-Token header
htmx sends through `hx-headers`), and a session cookie replayed after sign-out is refused."""

import json

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.auth import ANON_CSRF_COOKIE, SESSION_COOKIE
from app.main import create_app
from app.models import Note
from app.vocabulary import Role
from tests import workspace_fixtures as ws
from tests.conftest import TestClient
from tests.htmldoc import parse
from tests.write_routes import (
    Identity,
    Targets,
    call_for,
    make_targets,
    required_role,
    send,
    write_routes,
)

db_path = ws.db_path
analyst = ws.analyst
reader = ws.reader

EVIL = "https://evil.example"


@pytest.fixture(scope="module")
def app_client(app_database):
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def setting(engine, seed_ids, app_client) -> tuple[list, Targets, dict[str, Identity]]:
    analyst_id, _ = ws.add_user(engine, Role.analyst)
    admin_id, _ = ws.add_user(engine, Role.admin)
    targets = make_targets(engine, seed_ids, analyst_id, [analyst_id, admin_id])
    identities = {}
    for role, user_id in ((Role.analyst, analyst_id), (Role.admin, admin_id)):
        cookie, csrf = ws.open_session(engine, user_id)
        identities[role] = Identity(role, {SESSION_COOKIE: cookie}, csrf, user_id=user_id)
    csrf = ws.anonymous_csrf(app_client)
    identities["reader"] = Identity("reader", {ANON_CSRF_COOKIE: csrf}, csrf)
    return write_routes(app_client.app), targets, identities


def caller_for(route, identities: dict[str, Identity]) -> Identity:
    """Someone whom only the CSRF check stands between and the route's success."""
    if route.name == "sign_in_submit":
        return identities["reader"]
    return identities[Role.admin if required_role(route) == Role.admin else Role.analyst]


def check_every_route(app_client, db_path, setting, **send_options) -> list[str]:
    routes, targets, identities = setting
    failures = []
    baseline = ws.table_digests(db_path)
    for route in routes:
        identity = caller_for(route, identities)
        response = send(app_client, call_for(route, targets, identity.user_id), identity,
                        **send_options)  # fmt: skip
        after = ws.table_digests(db_path)
        if response.status_code != 403:
            failures.append(f"{route}: {response.status_code}")
        if after != baseline:
            failures.append(f"{route}: changed {ws.changed_tables(baseline, after)}")
            baseline = after
    return failures


def test_every_write_route_needs_the_csrf_token(app_client, db_path, setting):
    failures = check_every_route(app_client, db_path, setting, with_csrf=False)

    assert len(setting[0]) >= 45
    assert failures == []


def test_every_write_route_refuses_a_wrong_csrf_token(app_client, db_path, setting):
    routes, targets, identities = setting
    forged = {
        label: Identity(i.label, i.cookies, "forged-" + (i.csrf or ""), None, i.user_id)
        for label, i in identities.items()
    }

    failures = check_every_route(app_client, db_path, (routes, targets, forged))

    assert failures == []


@pytest.mark.parametrize(
    "header",
    [{"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
    ids=["origin", "sec-fetch-site", "opaque-origin"],
)
def test_every_write_route_refuses_a_cross_site_request_even_with_the_token(
    app_client, db_path, setting, header
):
    failures = check_every_route(app_client, db_path, setting, extra_headers=header)

    assert failures == []


# --- Forms and fetches, one by one ---------------------------------------------------------------


def note_count(engine) -> int:
    with Session(engine) as session:
        return len(session.execute(select(Note.id)).all())


def test_a_cross_site_form_post_is_refused(engine, analyst, seed_ids):
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    before = note_count(engine)

    response = analyst.client.post(
        "/notes",
        data=analyst.form(body="planted", claim_id=str(claim_id)),
        headers={"Origin": EVIL, "Referer": EVIL + "/trap"},
        follow_redirects=False,
    )

    assert response.status_code == 403
    assert "other sites" in response.text
    assert note_count(engine) == before


def test_a_fetch_from_another_origin_is_refused(engine, analyst, seed_ids):
    before = note_count(engine)
    body = {"claim_id": seed_ids.claims["konashenkov-us-a10-002"], "body": "planted"}

    # What a page on another site can send with the reader's cookies: no token, its Origin.
    without_token = analyst.client.post(
        "/api/notes",
        content=json.dumps(body),
        headers={"Origin": EVIL, "Content-Type": "text/plain", "Sec-Fetch-Site": "cross-site"},
    )
    # Even with the token (were it ever leaked), another origin is refused.
    with_token = analyst.client.post(
        "/api/notes", json=body, headers={"Origin": EVIL, "X-CSRF-Token": analyst.csrf}
    )

    assert without_token.status_code == 403
    assert with_token.status_code == 403
    assert with_token.headers["content-type"].startswith("application/problem+json")
    assert note_count(engine) == before


def test_same_origin_requests_with_the_token_go_through(engine, analyst, seed_ids):
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    before = note_count(engine)

    form = analyst.client.post(
        "/notes",
        data=analyst.form(body="same-origin form", claim_id=str(claim_id)),
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        follow_redirects=False,
    )
    fetch = analyst.client.post(
        "/api/notes",
        json={"claim_id": claim_id, "body": "same-origin fetch"},
        headers={"Origin": "http://testserver", "X-CSRF-Token": analyst.csrf},
    )

    assert form.status_code == 303
    assert fetch.status_code == 201
    assert note_count(engine) == before + 2


def test_htmx_requests_carry_the_token_in_a_header(engine, analyst, reader, seed_ids):
    page = analyst.client.get(f"/claims/{seed_ids.claims['konashenkov-us-a10-002']}")
    body = parse(page.text).find("body")
    sent = json.loads(body.get("hx-headers"))
    readers_body = parse(reader.get("/").text).find("body")

    assert sent == {"X-CSRF-Token": analyst.csrf}
    assert readers_body.get("hx-headers") is None  # readers hold no session token

    # An htmx post: the token in the header, none in the form.
    before = note_count(engine)
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    response = analyst.client.post(
        "/notes",
        data={"body": "through htmx", "claim_id": str(claim_id)},
        headers={"HX-Request": "true", **sent},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert note_count(engine) == before + 1


def test_signing_in_needs_the_anonymous_csrf_token(engine, app_database):
    _, username = ws.add_user(engine)
    credentials = {"username": username, "password": ws.PASSWORD}
    with TestClient(create_app()) as client:
        no_token = client.post("/sign-in", data=credentials, follow_redirects=False)
        token = ws.anonymous_csrf(client)
        cookie = client.cookies.get(ANON_CSRF_COOKIE)
        no_field = client.post("/sign-in", data=credentials, follow_redirects=False)
        wrong = client.post(
            "/sign-in", data={**credentials, "csrf_token": "x" + token}, follow_redirects=False
        )
        cross_site = client.post(
            "/sign-in",
            data={**credentials, "csrf_token": token},
            headers={"Origin": EVIL},
            follow_redirects=False,
        )
        signed_in = client.post(
            "/sign-in", data={**credentials, "csrf_token": token}, follow_redirects=False
        )
    # The token cannot be planted through another cookie jar either: no cookie, no sign-in.
    with TestClient(create_app()) as other:
        planted = other.post(
            "/sign-in", data={**credentials, "csrf_token": token}, follow_redirects=False
        )

    assert cookie == token
    assert [no_token.status_code, no_field.status_code, wrong.status_code] == [403, 403, 403]
    assert cross_site.status_code == 403
    assert planted.status_code == 403
    assert signed_in.status_code == 303


def test_the_anonymous_csrf_cookie_is_httponly_and_strict(app_database):
    with TestClient(create_app()) as client:
        response = client.get("/sign-in")
    header = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(ANON_CSRF_COOKIE)
    )
    attributes = {part.strip().lower() for part in header.split(";")}

    assert "httponly" in attributes
    assert "samesite=strict" in attributes


def test_a_session_cookie_replayed_after_sign_out_is_refused(
    engine, app_database, seed_ids, db_path
):
    user_id, _ = ws.add_user(engine)
    token, csrf = ws.open_session(engine, user_id)
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    with TestClient(create_app(), cookies={SESSION_COOKIE: token}) as browser:
        out = browser.post("/sign-out", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303

    before = ws.table_digests(db_path)
    with TestClient(create_app(), cookies={SESSION_COOKIE: token}) as replay:
        form = replay.post(
            "/notes",
            data={"csrf_token": csrf, "body": "replayed", "claim_id": str(claim_id)},
            follow_redirects=False,
        )
        fetch = replay.post(
            "/api/notes",
            json={"claim_id": claim_id, "body": "replayed"},
            headers={"X-CSRF-Token": csrf},
        )
        page = replay.get("/review", follow_redirects=False)

    assert form.status_code in (401, 403)
    assert fetch.status_code == 401
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    assert ws.table_digests(db_path) == before


def test_csrf_refusals_carry_the_security_headers(analyst, seed_ids):
    response = analyst.client.post(
        "/notes", data={"body": "no token", "claim_id": "1"}, follow_redirects=False
    )

    assert response.status_code == 403
    ws.assert_security_headers(response)
