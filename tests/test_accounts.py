"""Accounts and sessions (app/auth.py, app/services/accounts.py, app/web/account.py,
app/web/admin.py, the `gainsay user` commands): argon2id hashes, server-side sessions behind
an HttpOnly SameSite=Lax cookie, session ids that change at sign-in and sessions that end at
once, sign-in throttling, safe `next=` redirects, personal API tokens."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from typer.testing import CliRunner

from app import cli, passwords
from app.auth import SESSION_COOKIE
from app.db import write_session
from app.main import create_app
from app.models import ApiToken, LoginFailure, Note, User, UserSession, utcnow
from app.passwords import needs_rehash, verify_password
from app.services.accounts import THROTTLE_MAX_FAILURES, THROTTLE_WINDOW, create_user
from app.vocabulary import Role
from tests import workspace_fixtures as ws
from tests.conftest import TestClient
from tests.htmldoc import parse

db_path = ws.db_path
analyst = ws.analyst
other_analyst = ws.other_analyst
admin = ws.admin

NEW_PASSWORD = "an entirely new passphrase 12"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def sign_in(client: TestClient, username: str, password: str = ws.PASSWORD, **extra: str):
    token = ws.anonymous_csrf(client)
    form = {"csrf_token": token, "username": username, "password": password, **extra}
    return client.post("/sign-in", data=form, follow_redirects=False)


def set_cookie(response, name: str) -> dict[str, str] | None:
    """The attributes of the Set-Cookie header for `name` (lower-cased keys; the value under
    "value"), or None."""
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        cookie_name, _, value = first.partition("=")
        if cookie_name == name:
            found = {"value": value.strip('"')}
            for attribute in attributes:
                key, _, attribute_value = attribute.partition("=")
                found[key.lower()] = attribute_value or "true"
            return found
    return None


def sessions_of(engine, user_id: int) -> set[str]:
    with Session(engine) as session:
        return set(
            session.execute(select(UserSession.id).where(UserSession.user_id == user_id)).scalars()
        )


def page_csrf(client: TestClient) -> str:
    """The session's CSRF token, as the account page's forms carry it."""
    response = client.get("/account")
    assert response.status_code == 200
    return parse(response.text).find("input", name="csrf_token").get("value")


@pytest.fixture
def fresh_client(app_database):
    with TestClient(create_app()) as client:
        yield client


# --- Passwords and sessions ----------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(engine):
    with write_session(engine) as session:
        user = create_user(session, "hash-check", ws.PASSWORD, Role.analyst)
        stored = user.password_hash
        session.commit()

    assert stored.startswith("$argon2id$")
    assert ws.PASSWORD not in stored


def test_an_unknown_name_costs_what_a_wrong_password_costs():
    # The hash verified for an unknown username has the parameters of every new hash.
    assert passwords._DUMMY_HASH.startswith("$argon2id$")
    assert not needs_rehash(passwords._DUMMY_HASH)
    assert not verify_password(None, "an unguessable placeholder that matches nobody")


def test_signing_in_starts_a_server_side_session_behind_an_httponly_lax_cookie(
    engine, fresh_client
):
    user_id, username = ws.add_user(engine)

    response = sign_in(fresh_client, username, next="/review")

    assert response.status_code == 303
    assert response.headers["location"] == "/review"
    cookie = set_cookie(response, SESSION_COOKIE)
    assert cookie is not None
    assert cookie.get("httponly") == "true"
    assert cookie.get("samesite", "").lower() == "lax"
    assert cookie.get("path") == "/"
    assert "secure" not in cookie  # plain http: a Secure cookie would never come back
    assert sessions_of(engine, user_id) == {digest(cookie["value"])}  # only a hash is kept
    assert fresh_client.get("/review", follow_redirects=False).status_code == 200


def test_cookies_are_secure_over_https(engine, app_database):
    _, username = ws.add_user(engine)
    with TestClient(create_app(), base_url="https://testserver") as client:
        form_page = client.get("/sign-in")
        csrf_cookie = set_cookie(form_page, "gainsay_csrf")
        response = sign_in(client, username)

    cookie = set_cookie(response, SESSION_COOKIE)
    assert response.status_code == 303
    assert cookie.get("secure") == "true"
    assert cookie.get("httponly") == "true"
    assert cookie.get("samesite", "").lower() == "lax"
    assert csrf_cookie.get("secure") == "true" and csrf_cookie.get("httponly") == "true"


def test_signing_in_again_replaces_the_session_id(engine, app_database):
    user_id, username = ws.add_user(engine)
    old_token, old_csrf = ws.open_session(engine, user_id)
    with TestClient(create_app(), cookies={SESSION_COOKIE: old_token}) as client:
        form = {"csrf_token": old_csrf, "username": username, "password": ws.PASSWORD}
        response = client.post("/sign-in", data=form, follow_redirects=False)

    new_token = set_cookie(response, SESSION_COOKIE)["value"]
    assert response.status_code == 303
    assert new_token != old_token
    assert sessions_of(engine, user_id) == {digest(new_token)}  # the old row is gone


def test_a_session_id_planted_before_sign_in_is_never_adopted(engine, app_database):
    _, username = ws.add_user(engine)
    planted = "attacker-chosen-session-id"
    with TestClient(create_app(), cookies={SESSION_COOKIE: planted}) as client:
        response = sign_in(client, username)

    assert response.status_code == 303
    assert set_cookie(response, SESSION_COOKIE)["value"] != planted
    with Session(engine) as session:
        assert session.get(UserSession, digest(planted)) is None


def test_signing_out_ends_the_session_at_once(engine, fresh_client, db_path):
    user_id, username = ws.add_user(engine)
    token = set_cookie(sign_in(fresh_client, username), SESSION_COOKIE)["value"]
    csrf = page_csrf(fresh_client)

    response = fresh_client.post("/sign-out", data={"csrf_token": csrf}, follow_redirects=False)

    assert response.status_code == 303
    cleared = set_cookie(response, SESSION_COOKIE)
    assert cleared is not None and cleared.get("max-age") == "0"
    assert sessions_of(engine, user_id) == set()
    # The cookie replayed (by whoever copied it) signs nobody in, and writes nothing.
    with TestClient(create_app(), cookies={SESSION_COOKIE: token}) as replay:
        assert replay.get("/account", follow_redirects=False).status_code == 303
        before = ws.table_digests(db_path)
        refused = replay.post(
            "/api/notes",
            json={"claim_id": 1, "body": "replayed"},
            headers={"X-CSRF-Token": csrf},
        )
        assert refused.status_code == 401
        assert ws.table_digests(db_path) == before


def test_changing_the_password_ends_every_session_of_the_account(engine, app_database):
    user_id, username = ws.add_user(engine)
    token_a, csrf_a = ws.open_session(engine, user_id)
    token_b, _ = ws.open_session(engine, user_id)
    with (
        TestClient(create_app(), cookies={SESSION_COOKIE: token_a}) as browser_a,
        TestClient(create_app(), cookies={SESSION_COOKIE: token_b}) as browser_b,
    ):
        response = browser_a.post(
            "/account/password",
            data={
                "csrf_token": csrf_a,
                "current_password": ws.PASSWORD,
                "new_password": NEW_PASSWORD,
                "confirm_password": NEW_PASSWORD,
            },
            follow_redirects=False,
        )
        fresh = set_cookie(response, SESSION_COOKIE)["value"]

        assert response.status_code == 303
        assert sessions_of(engine, user_id) == {digest(fresh)}  # both old sessions ended
        assert fresh not in (token_a, token_b)
        assert browser_b.get("/account", follow_redirects=False).status_code == 303
        assert browser_a.get("/account", follow_redirects=False).status_code == 200

    with TestClient(create_app()) as client:
        assert sign_in(client, username, ws.PASSWORD).status_code == 401
        assert sign_in(client, username, NEW_PASSWORD).status_code == 303


def test_a_wrong_current_password_changes_nothing(engine, analyst, db_path):
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        "/account/password",
        data=analyst.form(
            current_password="not my password at all",
            new_password=NEW_PASSWORD,
            confirm_password=NEW_PASSWORD,
        ),
    )

    assert response.status_code == 422
    assert "not your current password" in ws.field_error(parse(response.text), "current_password")
    assert ws.table_digests(db_path) == before


# --- Administrators ------------------------------------------------------------------------------


def test_disabling_an_account_ends_its_sessions_and_tokens_at_once(engine, admin):
    user_id, username = ws.add_user(engine)
    token, _ = ws.open_session(engine, user_id)
    secret = ws.api_token(engine, user_id)

    response = admin.client.post(
        f"/admin/users/{user_id}/disable", data=admin.form(), follow_redirects=False
    )

    assert response.status_code == 303
    assert sessions_of(engine, user_id) == set()
    with TestClient(create_app(), cookies={SESSION_COOKIE: token}) as browser:
        assert browser.get("/account", follow_redirects=False).status_code == 303
    with TestClient(create_app()) as script:
        refused = script.post(
            "/api/notes",
            json={"claim_id": 1, "body": "from a disabled account"},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert refused.status_code == 401
        denied = sign_in(script, username)
        assert denied.status_code == 401
        assert "disabled" in denied.text

    enabled = admin.client.post(
        f"/admin/users/{user_id}/enable", data=admin.form(), follow_redirects=False
    )
    assert enabled.status_code == 303
    with TestClient(create_app()) as client:
        assert sign_in(client, username).status_code == 303


def test_admins_add_users_and_change_roles_in_the_web_ui(engine, admin):
    page = admin.client.get("/admin/users")
    assert page.status_code == 200
    assert admin.username in page.text

    created = admin.client.post(
        "/admin/users",
        data=admin.form(username="web-added", role="analyst", password=ws.PASSWORD),
        follow_redirects=False,
    )
    assert created.status_code == 303
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == "web-added")).scalar_one()
        assert user.role == Role.analyst
        assert user.password_hash.startswith("$argon2id$")
        user_id = user.id

    promoted = admin.client.post(
        f"/admin/users/{user_id}/role", data=admin.form(role="admin"), follow_redirects=False
    )
    assert promoted.status_code == 303
    with Session(engine) as session:
        assert session.get(User, user_id).role == Role.admin
    assert "web-added" in admin.client.get("/admin/users").text


def test_a_refused_new_user_shows_why_and_stores_nothing(engine, admin, db_path):
    before = ws.table_digests(db_path)

    response = admin.client.post(
        "/admin/users",
        data=admin.form(username="short-pw", role="analyst", password="short"),
    )

    assert response.status_code == 422
    assert "at least 10 characters" in ws.field_error(parse(response.text), "password")
    assert ws.table_digests(db_path) == before


def test_an_admin_cannot_disable_their_own_account(engine, admin):
    response = admin.client.post(f"/admin/users/{admin.user_id}/disable", data=admin.form())

    assert response.status_code == 409
    with Session(engine) as session:
        assert session.get(User, admin.user_id).disabled_at is None


# --- Throttling ----------------------------------------------------------------------------------


def test_sign_in_is_throttled_per_account_and_address_but_never_for_good(engine, app_database):
    user_id, username = ws.add_user(engine)
    attacker_address = ("203.0.113.5", 4000)
    with TestClient(create_app(), client=attacker_address) as attacker:
        for attempt in range(THROTTLE_MAX_FAILURES):
            assert sign_in(attacker, username, f"wrong password {attempt}").status_code == 401

        throttled = sign_in(attacker, username)  # even the right password waits now

        assert throttled.status_code == 429
        retry_after = int(throttled.headers["retry-after"])
        assert 1 <= retry_after <= THROTTLE_WINDOW.total_seconds() + 1
        assert "Too many failed attempts" in throttled.text
        assert sessions_of(engine, user_id) == set()

        # X-Forwarded-For is not trusted: claiming another address changes nothing.
        csrf = ws.anonymous_csrf(attacker)
        forwarded = attacker.post(
            "/sign-in",
            data={"csrf_token": csrf, "username": username, "password": ws.PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.99"},
            follow_redirects=False,
        )
        assert forwarded.status_code == 429

    # The owner, from their own address, is not locked out.
    with TestClient(create_app(), client=("198.51.100.7", 4000)) as owner:
        assert sign_in(owner, username).status_code == 303

    with Session(engine) as session:
        failures = session.execute(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.username == username)
        ).scalar_one()
    assert failures == THROTTLE_MAX_FAILURES  # throttled attempts do not extend the wait

    # Once the failures are older than the window, the same address may try again.
    with write_session(engine) as session:
        for failure in session.execute(
            select(LoginFailure).where(LoginFailure.username == username)
        ).scalars():
            failure.at = failure.at - THROTTLE_WINDOW - timedelta(seconds=1)
        session.commit()
    with TestClient(create_app(), client=attacker_address) as same_address:
        assert sign_in(same_address, username).status_code == 303


# --- Where sign-in leads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/disputes?limit=2", "/disputes?limit=2"),
        ("//evil.com", "/"),
        ("https://evil.com/account", "/"),
        ("/\\evil.com", "/"),
        ("http:evil.com", "/"),
    ],
)
def test_next_leads_only_to_a_path_on_this_site(engine, fresh_client, target, expected):
    _, username = ws.add_user(engine)
    form_page = fresh_client.get("/sign-in", params={"next": target})
    shown = parse(form_page.text).find("input", name="next").get("value")

    response = sign_in(fresh_client, username, next=target)

    assert shown == expected
    assert response.status_code == 303
    assert response.headers["location"] == expected


# --- Personal API tokens -------------------------------------------------------------------------


def test_api_tokens_are_shown_once_stored_hashed_and_work_on_the_write_api(
    engine, analyst, seed_ids, db_path
):
    created = analyst.client.post("/account/tokens", data=analyst.form(name="nightly import"))

    assert created.status_code == 201
    secret = parse(created.text).find("input", id="new-token").get("value")
    assert secret.startswith("gsy_") and len(secret) > 30
    with Session(engine) as session:
        row = session.execute(select(ApiToken).where(ApiToken.token_hash == digest(secret))).one()[
            0
        ]
        assert row.user_id == analyst.user_id and row.name == "nightly import"
        assert row.prefix == secret[:10]
    assert secret not in ws.database_text(db_path)
    again = analyst.client.get("/account")
    assert secret not in again.text and "nightly import" in again.text

    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    with TestClient(create_app()) as script:
        made = script.post(
            "/api/notes",
            json={"claim_id": claim_id, "body": "from a script"},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert made.status_code == 201
        with Session(engine) as session:
            assert session.get(Note, made.json()["id"]).author_id == analyst.user_id

        revoked = analyst.client.post(
            f"/account/tokens/{row.id}/revoke", data=analyst.form(), follow_redirects=False
        )
        assert revoked.status_code == 303
        refused = script.post(
            "/api/notes",
            json={"claim_id": claim_id, "body": "after revoking"},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.headers["www-authenticate"].startswith("Bearer")


def test_nobody_else_can_revoke_a_token(engine, analyst, other_analyst):
    secret = ws.api_token(engine, analyst.user_id, "mine")
    with Session(engine) as session:
        token_id = session.execute(
            select(ApiToken.id).where(ApiToken.token_hash == digest(secret))
        ).scalar_one()

    response = other_analyst.client.post(
        f"/account/tokens/{token_id}/revoke", data=other_analyst.form()
    )

    assert response.status_code == 404
    with Session(engine) as session:
        assert session.get(ApiToken, token_id).revoked_at is None


def test_a_token_needs_a_name(engine, analyst, db_path):
    before = ws.table_digests(db_path)

    response = analyst.client.post("/account/tokens", data=analyst.form(name="   "))

    assert response.status_code == 422
    assert "Give the token a name" in ws.field_error(parse(response.text), "name")
    assert ws.table_digests(db_path) == before


# --- The `gainsay user` commands -----------------------------------------------------------------


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli.app, list(args), input=input)


def user_row(output: str, username: str) -> list[str]:
    """A user's row in `gainsay user list`, as its cells."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip("│┃|").split("│")]
        if cells and cells[0] == username:
            return cells
    raise AssertionError(f"{username} is not listed:\n{output}")


def test_cli_adds_users_from_stdin_or_a_prompt(engine):
    added = run("user", "add", "cli-analyst", "--role", "analyst", "--password-stdin",
                input=ws.PASSWORD + "\n")  # fmt: skip
    prompted = run("user", "add", "cli-admin", "--role", "admin",
                   input=f"{ws.PASSWORD}\n{ws.PASSWORD}\n")  # fmt: skip

    assert added.exit_code == 0, added.output
    assert prompted.exit_code == 0, prompted.output
    assert ws.PASSWORD not in added.output + prompted.output
    with Session(engine) as session:
        users = {
            u.username: u
            for u in session.execute(
                select(User).where(User.username.in_(["cli-analyst", "cli-admin"]))
            ).scalars()
        }
    assert users["cli-analyst"].role == Role.analyst
    assert users["cli-admin"].role == Role.admin
    assert all(u.password_hash.startswith("$argon2id$") for u in users.values())
    with TestClient(create_app()) as client:
        assert sign_in(client, "cli-admin").status_code == 303


def test_cli_lists_users_with_role_and_status(engine):
    ws.add_user(engine, Role.admin, username="cli-listed")

    listed = run("user", "list")

    assert listed.exit_code == 0, listed.output
    row = user_row(listed.output, "cli-listed")
    assert row[2:4] == ["admin", "active"]


def test_cli_disable_ends_the_sessions_at_once(engine):
    user_id, username = ws.add_user(engine, username="cli-disabled")
    ws.open_session(engine, user_id)

    disabled = run("user", "disable", username)

    assert sessions_of(engine, user_id) == set()
    assert user_row(run("user", "list").output, username)[3] == "disabled"
    with TestClient(create_app()) as client:
        assert sign_in(client, username).status_code == 401
    assert disabled.exit_code == 0, disabled.output
    assert f"{username} is disabled" in disabled.output


def test_cli_enable_lets_a_disabled_user_sign_in_again(engine):
    user_id, username = ws.add_user(engine, username="cli-enabled")
    with write_session(engine) as session:
        session.get(User, user_id).disabled_at = utcnow()
        session.commit()

    enabled = run("user", "enable", username)

    assert user_row(run("user", "list").output, username)[3] == "active"
    with TestClient(create_app()) as client:
        assert sign_in(client, username).status_code == 303
    assert enabled.exit_code == 0, enabled.output
    assert f"{username} is enabled" in enabled.output


@pytest.mark.parametrize(
    ("args", "password"),
    [
        (["cli-short", "--role", "analyst"], "short"),
        (["cli-reader", "--role", "reader"], ws.PASSWORD),
        (["Not A Name!", "--role", "analyst"], ws.PASSWORD),
    ],
)
def test_cli_refuses_bad_users_and_stores_nothing(engine, args, password, db_path):
    before = ws.table_digests(db_path)

    result = run("user", "add", *args, "--password-stdin", input=password + "\n")

    assert result.exit_code == 1
    assert "Not added" in result.output
    assert ws.table_digests(db_path) == before


def test_cli_says_when_there_is_no_such_user(engine):
    result = run("user", "disable", "nobody-by-that-name")

    assert result.exit_code == 1
    assert "no user called" in result.output
