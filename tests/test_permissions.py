"""The permission matrix: every write route of the app (enumerated from its route table, so a
new route cannot be missed) by reader, analyst, admin, disabled user and bad token.

Those who may not are refused (401 or 403) and nothing in the database changes; those who
may succeed with the very same request, each on a fresh copy of the database."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.main import create_app
from app.vocabulary import Role
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
from tests.write_routes import (
    ADMIN_ONLY,
    ANALYST,
    BODIES,
    CLASSIFIED,
    OWN_ACCOUNT,
    PUBLIC,
    Identity,
    Targets,
    WriteRoute,
    call_for,
    disabled_identity,
    make_targets,
    required_role,
    send,
    write_routes,
)

db_path = ws.db_path


@dataclass
class World:
    targets: Targets
    reader: Identity
    analyst: Identity
    admin: Identity
    analyst_token: Identity
    disabled_session: Identity
    disabled_token: Identity
    bad_token: Identity
    pristine: Database  # the database as the matrix starts, for the runs that succeed


@pytest.fixture(scope="module")
def app_client(app_database) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def routes(app_client) -> list[WriteRoute]:
    return write_routes(app_client.app)


@pytest.fixture(scope="module")
def world(engine, seed_ids, db_path, app_client, tmp_path_factory) -> World:
    analyst_id, _ = ws.add_user(engine, Role.analyst)
    admin_id, _ = ws.add_user(engine, Role.admin)
    targets = make_targets(engine, seed_ids, analyst_id, [analyst_id, admin_id])
    reader_csrf = ws.anonymous_csrf(app_client)
    reader = Identity("reader", {"gainsay_csrf": reader_csrf}, reader_csrf)
    cookie, csrf = ws.open_session(engine, analyst_id)
    analyst = Identity("analyst", {"gainsay_session": cookie}, csrf, user_id=analyst_id)
    cookie, csrf = ws.open_session(engine, admin_id)
    admin = Identity("admin", {"gainsay_session": cookie}, csrf, user_id=admin_id)
    analyst_token = Identity(
        "analyst (API token)",
        authorization=f"Bearer {targets.token_secrets[analyst_id]}",
        user_id=analyst_id,
    )
    disabled_session, disabled_token = disabled_identity(engine, targets.disabled_id)
    bad_token = Identity("bad token", authorization="Bearer gsy_bogus")
    pristine = clone_database(db_path, tmp_path_factory.mktemp("matrix"))
    return World(
        targets,
        reader,
        analyst,
        admin,
        analyst_token,
        disabled_session,
        disabled_token,
        bad_token,
        pristine,
    )


def test_every_write_route_is_classified(routes):
    names = {route.name for route in routes}

    assert len(routes) >= 45  # the pages' forms, the write API, accounts, admin, import
    unclassified = sorted(str(r) for r in routes if r.name not in CLASSIFIED)
    assert unclassified == [], "new write routes: classify them in tests/write_routes.py"
    assert sorted(CLASSIFIED - names) == []  # nothing listed that the app no longer has
    assert sorted(names - BODIES.keys()) == []  # a request to try for every route
    assert len({(r.method, r.path) for r in routes}) == len(routes)
    for route in routes:
        administrative = route.path.startswith(("/admin/", "/api/admin/"))
        if administrative or route.path.endswith("/revert"):
            assert route.name in ADMIN_ONLY, route


def refusals(
    app_client,
    db_path: Path,
    routes: list[WriteRoute],
    identity: Identity,
    targets: Targets,
    expected: set[int],
) -> list[str]:
    """Send every route's request as `identity`; what was not refused as expected, or changed
    the database, or lacked the security headers."""
    failures = []
    baseline = ws.table_digests(db_path)
    for route in routes:
        call = call_for(route, targets, identity.user_id)
        response = send(app_client, call, identity)
        after = ws.table_digests(db_path)
        if response.status_code not in expected:
            failures.append(f"{route}: {response.status_code}, expected {sorted(expected)}")
        if after != baseline:
            failures.append(f"{route}: changed {ws.changed_tables(baseline, after)}")
            baseline = after
        if route.is_api and not response.headers.get("content-type", "").startswith(
            "application/problem+json"
        ):
            failures.append(f"{route}: the refusal is not a problem detail")
        try:
            ws.assert_security_headers(response)
        except AssertionError as error:
            failures.append(f"{route}: security headers: {error}")
    return failures


def test_readers_are_refused_every_write_but_signing_in_and_out(app_client, routes, world, db_path):
    guarded = [r for r in routes if r.name not in PUBLIC]

    failures = refusals(app_client, db_path, guarded, world.reader, world.targets, {401})

    assert len(guarded) >= 40
    assert failures == []


def test_analysts_are_refused_the_admin_routes(app_client, routes, world, db_path):
    admin_routes = [r for r in routes if required_role(r) == Role.admin]

    by_session = refusals(app_client, db_path, admin_routes, world.analyst, world.targets, {403})
    by_token = refusals(
        app_client, db_path, admin_routes, world.analyst_token, world.targets, {403}
    )

    assert {r.name for r in admin_routes} == ADMIN_ONLY
    assert by_session == []
    assert by_token == []


def test_an_api_token_cannot_change_the_account_it_belongs_to(app_client, routes, world, db_path):
    own = [r for r in routes if r.name in OWN_ACCOUNT]

    failures = refusals(app_client, db_path, own, world.analyst_token, world.targets, {401})

    assert len(own) == len(OWN_ACCOUNT)
    assert failures == []


@pytest.mark.parametrize("which", ["disabled_session", "disabled_token"])
def test_a_disabled_user_is_refused_everywhere(app_client, routes, world, db_path, which):
    identity = getattr(world, which)
    guarded = [r for r in routes if r.name not in PUBLIC]

    failures = refusals(app_client, db_path, guarded, identity, world.targets, {401, 403})

    assert failures == []


def test_a_bad_token_is_refused_everywhere_with_401(app_client, routes, world, db_path):
    failures = refusals(app_client, db_path, routes, world.bad_token, world.targets, {401})

    response = send(app_client, call_for(routes[0], world.targets), world.bad_token)
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert failures == []


# --- Those who may, can: the same requests succeed ------------------------------------------


def allowed_callers(route: WriteRoute, world: World) -> list[Identity]:
    role = required_role(route)
    if route.name == "sign_in_submit":
        return [world.reader]
    if route.name == "sign_out":
        return [world.analyst, world.admin]
    if role == Role.admin:
        return [world.admin]
    callers = [world.analyst, world.admin]
    if role == Role.analyst and route.is_api:
        callers.append(world.analyst_token)
    return callers


def test_the_same_requests_succeed_for_those_allowed(routes, world, tmp_path):
    """Each from the database as the matrix found it (restored before every request), so
    every refusal above was of a request that would have changed something."""
    copy = clone_database(world.pristine, tmp_path)
    failures = []
    runs = 0
    with pytest.MonkeyPatch.context() as patch:
        point_app_at(patch, database_url(copy), page_cache_mb="0")
        try:
            with TestClient(create_app(), raise_server_exceptions=False) as client:
                for route in routes:
                    for identity in allowed_callers(route, world):
                        runs += 1
                        restore(world.pristine, copy)
                        before = ws.table_digests(copy)
                        call = call_for(route, world.targets, identity.user_id)
                        response = send(client, call, identity)
                        if response.status_code != call.ok:
                            failures.append(
                                f"{route} as {identity.label}: {response.status_code}, "
                                f"expected {call.ok}: {response.text[:300]}"
                            )
                        elif ws.table_digests(copy) == before:
                            failures.append(f"{route} as {identity.label}: changed nothing")
                        try:
                            ws.assert_security_headers(response)
                        except AssertionError as error:
                            failures.append(f"{route} as {identity.label}: headers: {error}")
        finally:
            clear_caches()
    clear_caches()

    assert runs > 2 * len(ANALYST)
    assert failures == []


def restore(source: Database, target: Database) -> None:
    """Make `target` hold what `source` holds (connections the app keeps open to `target` see
    the restored content)."""
    reset_database(target, source)
