"""Where code lives: the HTML and JSON route modules (app/web/, app/api/) run no SQL of their own;
their queries and writes belong to app/services/, where the HTML and JSON twins share them."""

import ast
from pathlib import Path

import pytest

import app

APP = Path(app.__file__).parent
ROUTE_MODULES = sorted([*(APP / "web").glob("*.py"), *(APP / "api").glob("*.py")])
# Statements are built from these (sqlalchemy, sqlmodel) and run by these methods.
STATEMENT_BUILDERS = {"select", "insert", "update", "delete", "text", "func"}
RUNNERS = {"exec", "execute", "scalar", "scalars"}
SQL_PACKAGES = ("sqlalchemy", "sqlmodel")


def sql_calls(source: str) -> list[str]:
    """Each statement builder imported and each statement run in `source`, as "line: name"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in SQL_PACKAGES:
            names = [alias.name for alias in node.names]
            found += [f"{node.lineno}: {name}" for name in names if name in STATEMENT_BUILDERS]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNNERS
        ):
            found.append(f"{node.lineno}: {node.func.attr}")
    return sorted(found, key=lambda item: int(item.split(":")[0]))


def test_the_check_finds_sql() -> None:
    source = (
        "from sqlalchemy import select\n"
        "def route(session):\n"
        "    rows = session.execute(select(Claim.id)).all()\n"
        "    return session.exec(text('SELECT 1'))\n"
    )
    assert sql_calls(source) == ["1: select", "3: execute", "4: exec"]
    harmless = "def route(session, d):\n    d.update(x=1)\n    return session.get(Claim, 1)\n"
    assert sql_calls(harmless) == []


def test_there_are_route_modules_to_check() -> None:
    assert len(ROUTE_MODULES) >= 20


@pytest.mark.parametrize("path", ROUTE_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_route_modules_run_no_sql(path: Path) -> None:
    assert sql_calls(path.read_text(encoding="utf-8")) == []
