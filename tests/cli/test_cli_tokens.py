"""`gainsay token create|list|revoke` (app/cli.py), through Typer's CliRunner, and the tokens
it makes used against the API."""

import re
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.main import create_app
from tests.conftest import TestClient, clear_caches, copy_database, point_app_at, sqlite_url

PASSWORD = "correct horse battery staple 7"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.delenv("GAINSAY_DATABASE_URL", raising=False)
    yield CliRunner(env={"COLUMNS": "250"})
    clear_caches()


@pytest.fixture
def database(seed_template, tmp_path, runner) -> str:
    path = str(copy_database(seed_template.path, tmp_path / "tokens.db"))
    result = runner.invoke(
        app, ["user", "add", "ana", "--password-stdin", "--database", path], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    return path


def api_status(database: str, token: str, monkeypatch) -> int:
    point_app_at(monkeypatch, sqlite_url(database))
    with TestClient(create_app()) as client:
        return client.get("/api/disputes", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_token_made_on_the_command_line_works_until_revoked(runner, database, monkeypatch):
    result = runner.invoke(app, ["token", "create", "ana", "--name", "nightly", "-d", database])
    assert result.exit_code == 0, result.output
    tokens = re.findall(r"gsy_[A-Za-z0-9_-]+", result.stdout)
    assert len(tokens) == 1
    token = tokens[0]
    assert result.stdout.strip() == token  # alone on stdout, for scripts
    assert api_status(database, token, monkeypatch) == 200

    listed = runner.invoke(app, ["token", "list", "ana", "-d", database])
    assert listed.exit_code == 0
    row = next(line for line in listed.output.splitlines() if "nightly" in line)
    assert token[:10] in row and "active" in row
    assert token not in listed.output  # only its first characters are ever shown again
    token_id = re.search(r"│\s*(\d+)\s*│", row).group(1)

    revoked = runner.invoke(app, ["token", "revoke", "ana", token_id, "-d", database])
    assert revoked.exit_code == 0, revoked.output
    assert api_status(database, token, monkeypatch) == 401
    again = runner.invoke(app, ["token", "revoke", "ana", token_id, "-d", database])
    assert again.exit_code == 1
    assert "no active token" in again.output


@pytest.mark.parametrize(
    "args",
    [
        ["token", "create", "nobody"],
        ["token", "list", "nobody"],
        ["token", "revoke", "nobody", "1"],
        ["token", "create", "ana", "--name", "   "],
        ["token", "revoke", "ana", "99999999999999999999999"],
    ],
)
def test_bad_requests_fail_with_a_message(runner, database, args):
    result = runner.invoke(app, [*args, "-d", database])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.strip()
