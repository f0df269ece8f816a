"""What every `gainsay` command shares: the console and the --database option."""

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        help="Database URL or SQLite file path (default: GAINSAY_DATABASE_URL or ./gainsay.db)",
    ),
]


def use_database(database: str | None) -> None:
    """Point settings at the chosen database before anything reads them."""
    if database:
        url = database if "://" in database else f"sqlite:///{Path(database).resolve()}"
        os.environ["GAINSAY_DATABASE_URL"] = url
        from app.db import get_engine
        from app.settings import get_settings

        get_settings.cache_clear()
        get_engine.cache_clear()
