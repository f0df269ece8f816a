"""app/services/dataset.py through `gainsay export` and `gainsay import-dataset` (app/cli.py)."""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import app
from app.models import Claim, Dispute
from app.services import dataset
from tests.conftest import clear_caches, copy_database


def csv_rows(folder: Path, table: str) -> list[list[str]]:
    """The rows of a table's CSV file."""
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(io.StringIO(handle.read())))


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    # --database points the cached settings and engine elsewhere; undo that afterwards.
    monkeypatch.delenv("GAINSAY_DATABASE_URL", raising=False)
    yield CliRunner(env={"COLUMNS": "250"})
    clear_caches()


@pytest.fixture
def source(seed_template, tmp_path) -> Path:
    """The seeded database, with what must not leave it: a draft claim and a pending edit;
    and what must: a graded dispute."""
    path = copy_database(seed_template.path, tmp_path / "source.db")
    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        first = session.execute(select(Claim).order_by(Claim.id)).scalars().first()
        draft = Claim(
            article_id=first.article_id,
            claimant_id=first.claimant_id,
            kind="statement",
            state="draft",
            statement="An unpublished reading",
            quote=first.quote,
            quote_start=first.quote_start,
            quote_end=first.quote_end,
        )
        session.add(draft)
        first.pending_edit = {"statement": "A pending edit"}
        dispute = session.execute(select(Dispute).order_by(Dispute.id)).scalars().first()
        dispute.grade, dispute.grade_note = "fair", '=HYPERLINK("x") is text, not a formula'
        session.commit()
    engine.dispose()
    return path


def published_rows(path: Path) -> dict[str, list[tuple]]:
    """Every exported table's published rows, read straight from a database."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        found = {}
        with engine.connect() as connection:
            for table, where in dataset._tables():
                columns = [table.c[name] for name in dataset._columns(table)]
                query = select(*columns).order_by(*table.primary_key)
                if where is not None:
                    query = query.where(where)
                found[table.name] = [tuple(row) for row in connection.execute(query)]
        return found
    finally:
        engine.dispose()


def test_export_then_import_loses_nothing(runner, source, tmp_path):
    folder = tmp_path / "dataset"
    result = runner.invoke(app, ["export", str(folder), "--database", str(source)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    before = published_rows(source)
    assert {name: entry["rows"] for name, entry in manifest["tables"].items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert before["claim"] and before["claim_link"] and before["dispute_claim"]
    # Nothing unpublished left: no draft, no pending edit, no account reference.
    claims = [json.loads(line) for line in (folder / "claim.jsonl").read_text().splitlines()]
    assert {c["state"] for c in claims} == {"published"}
    assert not {"pending_edit", "created_by_id"} & set(claims[0])
    assert "A pending edit" not in (folder / "claim.csv").read_text()
    # The CSV holds the same rows, with formula-like text neutralised.
    csv_disputes = csv_rows(folder, "dispute")
    assert len(csv_disputes) == len(before["dispute"]) + 1
    assert any(cell.startswith("'=HYPERLINK") for row in csv_disputes for cell in row)

    target = tmp_path / "target.db"
    result = runner.invoke(app, ["import-dataset", str(folder), "--database", str(target)])
    assert result.exit_code == 0, result.output
    assert published_rows(target) == before

    # And the copy exports to the very same files.
    again = tmp_path / "again"
    assert runner.invoke(app, ["export", str(again), "--database", str(target)]).exit_code == 0
    for entry in manifest["tables"].values():
        assert (again / entry["jsonl"]).read_bytes() == (folder / entry["jsonl"]).read_bytes()
        assert (again / entry["csv"]).read_bytes() == (folder / entry["csv"]).read_bytes()


def test_import_refuses_a_database_with_data_and_a_tampered_file(runner, source, tmp_path):
    folder = tmp_path / "dataset"
    assert runner.invoke(app, ["export", str(folder), "--database", str(source)]).exit_code == 0
    result = runner.invoke(app, ["import-dataset", str(folder), "--database", str(source)])
    assert result.exit_code == 1
    assert "already holds data" in result.output

    with (folder / "actor.jsonl").open("a") as handle:
        handle.write('{"id": 999}\n')
    target = tmp_path / "target.db"
    result = runner.invoke(app, ["import-dataset", str(folder), "--database", str(target)])
    assert result.exit_code == 1
    assert "checksum" in result.output
    assert published_rows(target)["actor"] == []


def test_export_refuses_a_folder_that_holds_a_data_set(runner, source, tmp_path):
    folder = tmp_path / "dataset"
    assert runner.invoke(app, ["export", str(folder), "--database", str(source)]).exit_code == 0
    result = runner.invoke(app, ["export", str(folder), "--database", str(source)])
    assert result.exit_code == 1
    assert "already holds a data set" in result.output


def test_import_of_a_folder_without_a_manifest_says_so(runner, tmp_path):
    result = runner.invoke(
        app, ["import-dataset", str(tmp_path), "--database", str(tmp_path / "t.db")]
    )
    assert result.exit_code == 1
    assert "not a Gainsay data set" in " ".join(result.output.split())
