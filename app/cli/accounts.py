"""`gainsay user` and `gainsay token`: analysts' and administrators' accounts and their API
tokens."""

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from app.cli.common import DatabaseOption, console, use_database

if TYPE_CHECKING:  # the commands import what they use when they run, for a quick start
    from sqlmodel import Session

    from app.models import User

users = typer.Typer(help="Manage analyst and administrator accounts.", no_args_is_help=True)


@users.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Sign-in name (letters, digits, . _ -)")],
    role: Annotated[str, typer.Option(help="analyst or admin")] = "analyst",
    display_name: Annotated[str, typer.Option(help="Name shown to others")] = "",
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input (for scripts)"
        ),
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Add a user. The password is asked at a prompt (never given as an argument)."""
    import sys

    from app.db import commit, get_engine, write_session
    from app.migrate import upgrade
    from app.services.accounts import AccountError, create_user

    use_database(database)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    upgrade(get_engine())
    with write_session() as session:
        try:
            user = create_user(session, username, password, role, display_name)
        except AccountError as error:
            console.print(f"[red]Not added:[/] {error}")
            raise typer.Exit(1) from None
        name, role_given = user.username, user.role
        commit(session)
    console.print(f"Added [bold]{name}[/] as {role_given}.")


@users.command("list")
def user_list(database: DatabaseOption = None) -> None:
    """List users with their role and status."""
    from rich.table import Table

    from app.db import get_engine, write_session
    from app.migrate import upgrade
    from app.services.accounts import list_users

    use_database(database)
    upgrade(get_engine())
    table = Table("username", "name", "role", "status", "created")
    with write_session() as session:
        for user in list_users(session):
            status = "disabled" if user.disabled_at else "active"
            table.add_row(
                user.username,
                user.display_name,
                user.role,
                status,
                user.created_at.strftime("%Y-%m-%d"),
            )
    console.print(table)


def _set_disabled(username: str, disabled: bool, database: str | None) -> None:
    from app.db import commit, get_engine, write_session
    from app.migrate import upgrade
    from app.services.accounts import find_user, set_disabled

    use_database(database)
    upgrade(get_engine())
    with write_session() as session:
        user = find_user(session, username)
        if user is None:
            console.print(f"[red]There is no user called {username}.[/]")
            raise typer.Exit(1)
        set_disabled(session, user, disabled)
        name = user.username
        commit(session)
    state = "disabled; their sessions have ended" if disabled else "enabled"
    console.print(f"{name} is {state}.")


@users.command("disable")
def user_disable(username: str, database: DatabaseOption = None) -> None:
    """Disable a user: their sessions end at once and their API tokens stop working."""
    _set_disabled(username, True, database)


@users.command("enable")
def user_enable(username: str, database: DatabaseOption = None) -> None:
    """Enable a disabled user again."""
    _set_disabled(username, False, database)


tokens = typer.Typer(help="Manage users' personal API tokens.", no_args_is_help=True)


def _token_user(session: "Session", username: str) -> "User":
    from app.services.accounts import find_user

    user = find_user(session, username)
    if user is None:
        console.print(f"[red]There is no user called {username}.[/]")
        raise typer.Exit(1)
    return user


@tokens.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Whose token it is")],
    name: Annotated[str, typer.Option(help="What the token is for (a script's name)")] = "cli",
    database: DatabaseOption = None,
) -> None:
    """Make a token for USER and print it. It is shown this once; only its hash is kept."""
    from app.db import commit, get_engine, write_session
    from app.migrate import upgrade
    from app.services.accounts import AccountError
    from app.services.api_tokens import create_api_token

    use_database(database)
    upgrade(get_engine())
    with write_session() as session:
        user = _token_user(session, username)
        if user.disabled_at is not None:
            console.print(f"[red]{user.username} is disabled; enable them first.[/]")
            raise typer.Exit(1)
        try:
            secret, row = create_api_token(session, user, name)
        except AccountError as error:
            console.print(f"[red]No token made:[/] {error}")
            raise typer.Exit(1) from None
        token_id = row.id
        commit(session)
    # The token alone on stdout, so that a script can capture it; the rest on stderr.
    Console(stderr=True).print(
        f"Token {token_id} for {username} (use it as `Authorization: Bearer …`; "
        "it will not be shown again):"
    )
    typer.echo(secret)


@tokens.command("list")
def token_list(
    username: Annotated[str, typer.Argument(help="Whose tokens to list")],
    database: DatabaseOption = None,
) -> None:
    """List USER's tokens: id, name, first characters, created, last used, status."""
    from rich.table import Table

    from app.db import get_engine, write_session
    from app.migrate import upgrade
    from app.models import saved_id
    from app.services.api_tokens import list_api_tokens

    use_database(database)
    upgrade(get_engine())
    table = Table("id", "name", "starts with", "created", "last used", "status")
    with write_session() as session:
        user = _token_user(session, username)
        for token in list_api_tokens(session, saved_id(user)):
            table.add_row(
                str(token.id),
                token.name,
                token.prefix + "…",
                token.created_at.strftime("%Y-%m-%d %H:%M"),
                token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never",
                "revoked" if token.revoked_at else "active",
            )
    console.print(table)


@tokens.command("revoke")
def token_revoke(
    username: Annotated[str, typer.Argument(help="Whose token it is")],
    token_id: Annotated[
        int, typer.Argument(min=1, max=2**63 - 1, help="The token's id (see `gainsay token list`)")
    ],
    database: DatabaseOption = None,
) -> None:
    """Revoke one of USER's tokens: it stops working at once."""
    from app.db import commit, get_engine, write_session
    from app.migrate import upgrade
    from app.models import saved_id
    from app.services.api_tokens import revoke_api_token

    use_database(database)
    upgrade(get_engine())
    with write_session() as session:
        user = _token_user(session, username)
        revoked = revoke_api_token(session, saved_id(user), token_id)
        commit(session)
    if not revoked:
        console.print(f"[red]{username} has no active token {token_id}.[/]")
        raise typer.Exit(1)
    console.print(f"Token {token_id} of {username} is revoked.")
