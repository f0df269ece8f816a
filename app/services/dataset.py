"""The published data set as files: export (`gainsay export`) and import into an empty
database (`gainsay import-dataset`).

A data set is a folder: per table, `TABLE.jsonl` (one JSON object a row, every column, the
file the import reads) and `TABLE.csv` (the same rows for spreadsheets, formula-like cells
neutralised), and `manifest.json` naming each file with its row count, columns and SHA-256.

Only what readers see leaves: published claims and what hangs off them; no accounts, sessions,
drafts, pending edits, notes, history or import suggestions. Ids are kept, so permalinks made
against one copy work on another."""

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, Table, and_, func, select, text, update
from sqlalchemy.orm import aliased

from app.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    ClaimLink,
    ClaimReporter,
    Dispute,
    DisputeClaim,
    Figure,
)
from app.vocabulary import ClaimState
from app.web.exports import neutralise

FORMAT = "gainsay-dataset"
VERSION = 1
MANIFEST = "manifest.json"
# Columns that point at accounts, or hold unpublished work: never exported, empty on import.
_PRIVATE = {"pending_edit", "pending_by_id", "created_by_id"}
# Self-references, filled in a second pass (a parent may come after its child).
_SELF_REFERENCES = {"actor": "parent_id", "dispute": "merged_into_id"}


class DatasetError(ValueError):
    """A data set that cannot be written or read, or a database it cannot go into."""


@dataclass(frozen=True, slots=True)
class TableReport:
    name: str
    rows: int


def _published_claim_ids() -> Any:
    return select(Claim.id).where(Claim.state == ClaimState.published)


def _tables() -> list[tuple[Table, Any]]:
    """Each exported table in the order an import must load them, with its published rows."""
    published = _published_claim_ids()
    source, target = aliased(Claim), aliased(Claim)
    link = ClaimLink.__table__
    return [
        (Actor.__table__, None),
        (ActorAlias.__table__, None),
        (Article.__table__, None),
        (Claim.__table__, Claim.__table__.c.state == ClaimState.published),
        (ClaimReporter.__table__, ClaimReporter.__table__.c.claim_id.in_(published)),
        (Figure.__table__, Figure.__table__.c.claim_id.in_(published)),
        (
            link,
            and_(
                link.c.source_id.in_(select(source.id).where(source.state == ClaimState.published)),
                link.c.target_id.in_(select(target.id).where(target.state == ClaimState.published)),
            ),
        ),
        (Dispute.__table__, None),
        (DisputeClaim.__table__, DisputeClaim.__table__.c.claim_id.in_(published)),
    ]


def _columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.name not in _PRIVATE]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes; they were stored in UTC.
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise(value)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_dataset(engine: Engine, folder: Path) -> list[TableReport]:
    """Write the data set into `folder` (created; it must not hold a data set already). The
    rows are read in one transaction: a consistent copy while the server writes."""
    if (folder / MANIFEST).exists():
        raise DatasetError(f"{folder} already holds a data set; choose an empty folder.")
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {},
    }
    reports = []
    with engine.connect() as connection, connection.begin():
        for table, where in _tables():
            columns = _columns(table)
            query = select(*(table.c[name] for name in columns)).order_by(*table.primary_key)
            if where is not None:
                query = query.where(where)
            jsonl_path, csv_path = folder / f"{table.name}.jsonl", folder / f"{table.name}.csv"
            count = 0
            with (
                jsonl_path.open("w", encoding="utf-8", newline="\n") as jsonl,
                csv_path.open("w", encoding="utf-8", newline="") as csv_file,
            ):
                writer = csv.writer(csv_file)
                writer.writerow(columns)
                for row in connection.execute(query):
                    values = [_plain(v) for v in row]
                    jsonl.write(
                        json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False)
                        + "\n"
                    )
                    writer.writerow([_csv_cell(v) for v in values])
                    count += 1
            manifest["tables"][table.name] = {
                "rows": count,
                "columns": columns,
                "jsonl": jsonl_path.name,
                "jsonl_sha256": _sha256(jsonl_path),
                "csv": csv_path.name,
                "csv_sha256": _sha256(csv_path),
            }
            reports.append(TableReport(table.name, count))
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return reports


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"There is no {MANIFEST} in {folder}: not a Gainsay data set.") from None
    except (OSError, ValueError) as error:
        raise DatasetError(f"{path} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"{path} does not describe a Gainsay data set.")
    if manifest.get("version") != VERSION:
        raise DatasetError(
            f"{path} is format version {manifest.get('version')}; this Gainsay reads {VERSION}."
        )
    return manifest


def _rows(path: Path, columns: list[str]) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                row = json.loads(line)
            except ValueError:
                raise DatasetError(f"{path.name} line {number} is not JSON.") from None
            if not isinstance(row, dict) or set(row) != set(columns):
                raise DatasetError(f"{path.name} line {number} does not have the listed columns.")
            yield row


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """JSON values back into what the columns hold (dates and times arrive as ISO text)."""
    typed = {}
    for name, value in row.items():
        if isinstance(value, str):
            kind = _python_type(table, name)
            if kind is datetime:
                value = datetime.fromisoformat(value)
            elif kind is date:
                value = date.fromisoformat(value)
        typed[name] = value
    return typed


def _python_type(table: Table, name: str) -> type | None:
    column_type = table.c[name].type
    # A decorated type (sqlmodel's timezone-aware DateTime) holds its base type as `impl`.
    base = getattr(column_type, "impl", column_type)
    if isinstance(base, DateTime):
        return datetime
    if isinstance(base, Date):
        return date
    return None


def _is_empty(connection: Any) -> bool:
    for model in (Actor, Article, Claim, Dispute):
        if connection.execute(select(func.count()).select_from(model.__table__)).scalar_one():
            return False
    return True


def import_dataset(engine: Engine, folder: Path) -> list[TableReport]:
    """Load a data set into an empty database (already at the newest schema), in one
    transaction: on any error nothing is kept."""
    manifest = read_manifest(folder)
    tables = _tables()
    listed = manifest.get("tables", {})
    missing = [table.name for table, _ in tables if table.name not in listed]
    if missing:
        raise DatasetError(f"The manifest lists no {', '.join(missing)}.")
    for table, _ in tables:  # check every file before touching the database
        entry = listed[table.name]
        path = folder / Path(str(entry.get("jsonl", ""))).name
        if not path.is_file():
            raise DatasetError(f"{path.name} is missing from {folder}.")
        if _sha256(path) != entry.get("jsonl_sha256"):
            raise DatasetError(f"{path.name} does not match its checksum in the manifest.")
        unknown = set(entry.get("columns", [])) - set(_columns(table))
        if unknown:
            raise DatasetError(f"{path.name} has columns this Gainsay does not know: {unknown}.")
    reports = []
    with engine.begin() as connection:
        if not _is_empty(connection):
            raise DatasetError(
                "The database already holds data; import a data set into an empty one."
            )
        for table, _ in tables:
            entry = listed[table.name]
            columns = list(entry["columns"])
            self_ref = _SELF_REFERENCES.get(table.name)
            deferred: list[tuple[int, int, Any]] = []
            batch: list[dict[str, Any]] = []
            count = 0
            for row in _rows(folder / Path(entry["jsonl"]).name, columns):
                row = _typed(table, row)
                if self_ref and row.get(self_ref) is not None:
                    deferred.append((row["id"], row[self_ref], row.get("updated_at")))
                    row[self_ref] = None
                batch.append(row)
                count += 1
                if len(batch) >= 1000:
                    connection.execute(table.insert(), batch)
                    batch = []
            if batch:
                connection.execute(table.insert(), batch)
            for row_id, target, updated_at in deferred:
                # updated_at given, or the column's onupdate would stamp the import's time.
                connection.execute(
                    update(table)
                    .where(table.c.id == row_id)
                    .values({self_ref: target, "updated_at": updated_at})
                )
            if count != entry.get("rows"):
                raise DatasetError(
                    f"{table.name}: the manifest says {entry.get('rows')} rows, "
                    f"the file holds {count}."
                )
            reports.append(TableReport(table.name, count))
        if connection.dialect.name == "postgresql":
            # Rows came with their ids: move each sequence past them.
            for table, _ in tables:
                if "id" in table.c and table.c.id.autoincrement:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return reports
