"""`gainsay import` and `gainsay eval-suggestions` (app/cli.py), through Typer's CliRunner."""

import io
import zipfile
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from app.cli import app
from app.models import Article, ClaimSuggestion
from tests.conftest import REPO, clear_caches, database_url, new_database

GOLD = REPO / "tests" / "data" / "gold"
WIRE = (
    "Shelling of Kelmora market kills 23, monitor says\n\n"
    "At least 23 people were killed in Kelmora on Monday, the Varessa Casualty Monitor said.\n\n"
    "The Varessan Armed Forces denied any involvement, calling the report a fabrication.\n"
)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    # --database points the cached settings and engine elsewhere; undo that afterwards.
    monkeypatch.delenv("GAINSAY_DATABASE_URL", raising=False)
    yield CliRunner(env={"COLUMNS": "250"})  # wide enough that no path is wrapped
    clear_caches()


def rows(database: str, model: type) -> list:
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model)).all())
    finally:
        engine.dispose()


def test_import_reads_files_folders_and_zips_and_summarises(runner, tmp_path):
    folder = tmp_path / "batch"
    (folder / "nested").mkdir(parents=True)
    (folder / "wire.txt").write_text(WIRE)
    (folder / "nested" / "copy.md").write_text(WIRE)  # the same text again, as Markdown
    (folder / "nested" / "empty.html").write_text("")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("zipped.txt", "A zipped story\n\nThe ministry denied the report.")
        archive.writestr("../evil.txt", "escape")
    (tmp_path / "batch.zip").write_bytes(buffer.getvalue())
    database = database_url(new_database(tmp_path))  # a file, or a PostgreSQL database

    result = runner.invoke(
        app, ["import", str(folder), str(tmp_path / "batch.zip"), "--database", database]
    )

    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "imported │ 2" in output
    assert "already present │ 1" in output
    assert "refused │ 2" in output
    assert "empty.html" in output and "It is empty." in output
    assert "evil.txt" in output and "leads out of the archive" in output
    titles = sorted(row.title for row in rows(database, Article))
    assert titles == ["A zipped story", "Shelling of Kelmora market kills 23, monitor says"]
    assert rows(database, ClaimSuggestion)


def test_import_exits_1_when_everything_is_refused(runner, tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    result = runner.invoke(
        app, ["import", str(tmp_path / "binary.txt"), "-d", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert "binary" in result.output


def test_import_with_nothing_to_import_says_so(runner, tmp_path):
    (tmp_path / "empty-folder").mkdir()
    result = runner.invoke(
        app, ["import", str(tmp_path / "empty-folder"), "-d", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert "Nothing to import" in result.output


def test_import_twice_changes_nothing_the_second_time(runner, tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE)
    database = database_url(new_database(tmp_path))
    assert runner.invoke(app, ["import", str(tmp_path / "wire.txt"), "-d", database]).exit_code == 0
    again = runner.invoke(app, ["import", str(tmp_path / "wire.txt"), "-d", database])
    assert again.exit_code == 0
    assert "already present │ 1" in " ".join(again.output.split())
    assert len(rows(database, Article)) == 1


def test_eval_suggestions_prints_precision_and_recall(runner):
    result = runner.invoke(app, ["eval-suggestions", str(GOLD / "gold.json")])
    assert result.exit_code == 0, result.output
    assert "Claim suggestions against gold.json" in result.output
    assert "overall" in result.output
    for article in ("kelmora_market_wi", "corvane_statement"):
        assert article in result.output


def test_eval_suggestions_with_a_missing_file_fails_cleanly(runner, tmp_path):
    result = runner.invoke(app, ["eval-suggestions", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "There is no gold file" in result.output


def test_import_stops_an_article_past_the_time_budget_and_goes_on(runner, tmp_path, monkeypatch):
    # No worker starts and answers within a millisecond: every article runs over.
    monkeypatch.setenv("GAINSAY_IMPORT_TIME_BUDGET_S", "0.001")
    (tmp_path / "one.txt").write_text(WIRE)
    (tmp_path / "two.txt").write_text("Another story\n\nThe ministry denied the report.")
    database = database_url(new_database(tmp_path))
    result = runner.invoke(app, ["import", str(tmp_path), "-d", database])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "refused │ 2" in output
    assert output.count("took too long to analyse") == 2
    # The reason wraps inside its table cell, wherever the path's length puts the breaks.
    assert "stopped after 0.001 seconds" in " ".join(result.output.replace("│", " ").split())
    assert rows(database, Article) == []
