"""The `gainsay` command."""

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.cli import accounts
from app.cli.common import DatabaseOption, console, use_database

app = typer.Typer(help="Gainsay: allegations beside their answers.", no_args_is_help=True)


def _prepare(with_seeds: bool) -> None:
    from app.db import commit, get_engine, write_session
    from app.ingest.seeds import load_seeds
    from app.migrate import upgrade

    engine = get_engine()
    upgrade(engine)
    console.print(f"[green]Database is at the newest schema[/]: {engine.url.render_as_string()}")
    if with_seeds:
        with write_session(engine) as session:
            report = load_seeds(session)
            commit(session)
        if report.total:
            added = ", ".join(f"{n} {noun}" for noun, n in report.created.items())
            console.print(f"[green]Seed data loaded[/]: {added}")
        else:
            console.print("Seed data already present; nothing added.")


@app.command()
def migrate(database: DatabaseOption = None) -> None:
    """Create or upgrade the database schema."""
    use_database(database)
    _prepare(with_seeds=False)


@app.command()
def seed(database: DatabaseOption = None) -> None:
    """Load the bundled seed articles, claims and disputes (idempotent)."""
    use_database(database)
    _prepare(with_seeds=True)


def _cpu_count() -> int:
    # The cores this process may run on (a container's cpuset), not every core of the host.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


APP_FACTORY = "app.main:create_app"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    database: DatabaseOption = None,
    seeds: Annotated[
        bool, typer.Option("--seeds/--no-seeds", help="Load the seed data set if missing")
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            envvar="GAINSAY_WORKERS",
            show_default="the number of CPU cores",
            help="Worker processes, each listening on a socket of its own (gunicorn's process "
            "manager restarts any that dies)",
        ),
    ] = None,
    reload: Annotated[
        bool, typer.Option(help="Restart on code changes (development: one worker, uvicorn's)")
    ] = False,
) -> None:
    """Upgrade the database, load the seeds once, and serve Gainsay."""
    from app.cli import serving
    from app.settings import get_settings

    # Options reach the workers through the environment (_use_database sets it): each worker
    # process builds its app from the factory and reads its settings anew.
    use_database(database)
    settings = get_settings()
    # Each worker binds the port itself: one taken already is refused here, before anything.
    if not serving.port_is_free(host, port):
        console.print(f"[red]Cannot listen on {host}:{port}:[/] the address is in use.")
        raise typer.Exit(1)
    # Migrations and seeds run here, once, before any worker starts.
    _prepare(with_seeds=seeds and settings.load_seeds)
    count = 1 if reload else workers or _cpu_count()
    plural = "es" if count > 1 else ""
    console.print(f"Serving on [bold]http://{host}:{port}/[/] with {count} worker process{plural}")
    if reload:
        import uvicorn

        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            reload=True,
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            server_header=False,
        )
        return
    # X-Forwarded-For and -Proto are believed from GAINSAY_FORWARDED_ALLOW_IPS only (the proxy
    # in front); from anyone else they are ignored.
    serving.run(
        APP_FACTORY,
        host=host,
        port=port,
        workers=count,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


@app.command("import")
def import_articles(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files (.txt, .md, .html), folders (read recursively) or .zip archives"
        ),
    ],
    database: DatabaseOption = None,
) -> None:
    """Import articles and suggest the claims in them; print what was imported, what was already
    present and what was refused (and why). Exits 1 when nothing could be imported."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from app.db import get_engine
    from app.ingest.importing.batch import run_import
    from app.ingest.importing.results import ImportStatus
    from app.ingest.importing.sources import iter_sources
    from app.migrate import upgrade

    use_database(database)
    engine = get_engine()
    upgrade(engine)
    sources = list(iter_sources(paths))
    if not sources:
        console.print("[red]Nothing to import:[/] no .txt, .md, .html or .zip files there.")
        raise typer.Exit(1)
    with Progress(
        TextColumn("Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}", style="dim"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=len(sources), name="")
        summary = run_import(
            engine,
            sources,
            on_result=lambda r: progress.update(task, advance=1, name=Path(r.name).name[:40]),
        )
    table = Table("outcome", "articles", title="Import summary")
    table.add_row("[green]imported[/]", str(summary.imported))
    table.add_row("already present", str(summary.duplicates))
    table.add_row("[red]refused[/]" if summary.refused else "refused", str(summary.refused))
    console.print(table)
    suggested = sum(r.suggestion_count for r in summary.results)
    if summary.imported:
        console.print(f"{suggested:,} claims suggested for review.")
    refused = [r for r in summary.results if r.status == ImportStatus.refused]
    if refused:
        why = Table("refused", "why", title="Refused", show_lines=False)
        for result in refused:
            why.add_row(result.name, result.message)
        console.print(why)
    if not summary.imported and not summary.duplicates:
        raise typer.Exit(1)


@app.command("eval-suggestions")
def eval_suggestions(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold files (JSON), e.g. tests/data/gold/styles.json; several are "
            "scored together with a combined overall row"
        ),
    ],
    seed_actors_only: Annotated[
        bool,
        typer.Option(
            "--seed-actors-only",
            help="Ignore the actors the gold file lists (speakers are then mostly unknown)",
        ),
    ] = False,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print a JSON report instead of tables: the metrics per article and overall, "
            "and per gold claim its match or miss, wrong kind or claimant, missed links; the "
            "suggestions and links that match nothing",
        ),
    ] = False,
) -> None:
    """Score the claim suggestions against gold files: precision and recall per article and
    overall (on all claims and on allegations and denials), kind, claimant and denial-type
    accuracy, links. A gold file that cannot be used is named with the article, claim and field
    at fault, and the exit code is 2."""
    import json

    from rich.markup import escape

    from app.ingest.evaluation import evaluate_file, print_reports, report_json
    from app.ingest.gold import GoldFileError
    from app.ingest.suggest import ActorDirectory

    errors = Console(stderr=True)
    for path in gold:
        if not path.is_file():
            errors.print(f"[red]There is no gold file at {escape(str(path))}.[/]", soft_wrap=True)
            raise typer.Exit(2)
    actors = ActorDirectory.from_seed_annotations() if seed_actors_only else None
    try:
        reports = [evaluate_file(path, actors) for path in gold]
    except GoldFileError as error:
        errors.print(f"[red]Could not evaluate:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(2) from None
    if json_output:
        typer.echo(json.dumps(report_json(reports, seed_actors_only=seed_actors_only), indent=2))
    else:
        print_reports(reports, console)


@app.command("gold-agreement")
def gold_agreement(
    pairs: Annotated[
        list[Path],
        typer.Argument(
            help="Pairs of files: a gold file, then a second annotation of the same claims "
            "(e.g. blind14/blind14.json blind14/second_annotator.json under tests/data/gold); "
            "several pairs are added together"
        ),
    ],
    engine: Annotated[
        bool,
        typer.Option(
            "--engine",
            help="Also run the suggestion engine (seed actors only) and score its kinds against "
            "both annotations",
        ),
    ] = False,
    own_claims: Annotated[
        bool,
        typer.Option(
            "--own-claims",
            help="The second annotation marks its own claims (made from scratch): score it as "
            "eval-suggestions scores the engine, its claims standing for suggestions",
        ),
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON instead of tables")
    ] = False,
) -> None:
    """How far two annotators agree on the same claims: kinds and denial types (share and
    Cohen's kappa), links (how many of the first's the second found, and how many of its own
    the first has). A pair that does not mark the same claims is named with the article and
    claim at fault, and the exit code is 2. With --own-claims, a second annotation made from
    scratch gets the figures the engine gets, claims found included."""
    import json

    from rich.markup import escape

    from app.ingest.agreement import (
        Agreement,
        compare_files,
        print_agreement,
        score_as_suggestions,
    )
    from app.ingest.evaluation import print_reports, report_json
    from app.ingest.gold import GoldFileError
    from app.ingest.suggest import ActorDirectory

    errors = Console(stderr=True)
    if len(pairs) % 2:
        errors.print("[red]Give the files in pairs: a gold file, then its second annotation.[/]")
        raise typer.Exit(2)
    actors = ActorDirectory.from_seed_annotations() if engine else None
    total = Agreement()
    try:
        if own_claims:
            reports = [
                score_as_suggestions(first, second)
                for first, second in zip(pairs[::2], pairs[1::2], strict=True)
            ]
        else:
            for first, second in zip(pairs[::2], pairs[1::2], strict=True):
                total.add(compare_files(first, second, engine_actors=actors))
    except GoldFileError as error:
        errors.print(f"[red]Could not compare:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(2) from None
    if own_claims:
        if json_output:
            typer.echo(json.dumps(report_json(reports), indent=2))
        else:
            print_reports(reports, console)
    elif json_output:
        typer.echo(json.dumps(total.as_dict(), indent=2))
    else:
        print_agreement(total, console)


def _size(size: int) -> str:
    from app.ingest.importing.limits import human_size

    return human_size(size)


@app.command("backup")
def backup_command(
    path: Annotated[Path, typer.Argument(help="The backup file to write (must not exist yet)")],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace PATH if it already exists")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Copy the database to PATH while Gainsay keeps running (SQLite, or PostgreSQL with pg_dump).

    The copy is a consistent snapshot: the database as it stood at one instant, with every
    write acknowledged before the backup began. Writers are not held up meanwhile. On
    PostgreSQL it is pg_dump's custom format (pg_dump from PATH or /usr/lib/postgresql/*/bin)."""
    from app.backup import BackupError, backup_database
    from app.settings import get_settings

    use_database(database)
    try:
        report = backup_database(get_settings().database_url, path, overwrite=overwrite)
    except BackupError as error:
        console.print(f"[red]No backup made:[/] {error}")
        raise typer.Exit(1) from None
    newest = "the newest" if report.check.is_newest else "not the newest"
    console.print(
        f"[green]Backed up[/] {report.source} to {report.target}: "
        f"{_size(report.check.size_bytes)}, schema revision {report.check.revision} ({newest}), "
        f"integrity check ok, in {report.seconds:.2f} s."
    )


@app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="A backup made by `gainsay backup`")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation")] = False,
    database: DatabaseOption = None,
) -> None:
    """Replace the database's content with the backup at PATH (SQLite or PostgreSQL).

    The backup is checked first (a SQLite file with its integrity ok, or a pg_dump file that
    reads to its end; a schema revision this version knows); then it replaces the live
    database's content in one transaction, which is safe while the server runs: its connections
    see the restored data from their next request."""
    from app.backup import BackupError, check_backup, describe_database, restore_database
    from app.page_store import host_page_store
    from app.settings import get_settings

    use_database(database)
    url = get_settings().database_url
    try:
        target = describe_database(url)
        check = check_backup(url, path)
    except BackupError as error:
        console.print(f"[red]Nothing restored:[/] {error}")
        raise typer.Exit(1) from None
    console.print(
        f"Backup {path}: {_size(check.size_bytes)}, schema revision {check.revision}, "
        "integrity check ok."
    )
    if not yes and not typer.confirm(
        f"Replace everything in {target} with this backup?", default=False
    ):
        console.print("Nothing restored.")
        raise typer.Exit(1)
    try:
        report = restore_database(url, path)
    except BackupError as error:
        console.print(f"[red]Nothing restored:[/] {error}")
        raise typer.Exit(1) from None
    # Pages rendered from the replaced content must not be served again by any process.
    page_store = host_page_store(get_settings())
    if page_store is not None:
        page_store.restart(log_top=0)
    before = f" (it was at revision {report.previous_revision})" if report.previous_revision else ""
    console.print(
        f"[green]Restored[/] {report.target} from {report.source}{before}: it is now at schema "
        f"revision {report.check.revision}, in {report.seconds:.2f} s."
    )
    if not report.check.is_newest:
        console.print(
            "This backup's schema is older than this version's: run `gainsay migrate` "
            "(or restart `gainsay serve`, which upgrades) before serving it."
        )


app.add_typer(accounts.users, name="user")
app.add_typer(accounts.tokens, name="token")


def main() -> None:
    app()


@app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(help="A new or empty folder to write the data set to")],
    database: DatabaseOption = None,
) -> None:
    """Write the published data set (articles, actors, claims, links, disputes) to PATH as
    JSON Lines and CSV per table, with a manifest of row counts and checksums."""
    from app.db import get_engine
    from app.services.dataset import DatasetError, export_dataset

    use_database(database)
    try:
        reports = export_dataset(get_engine(), path)
    except (DatasetError, OSError) as error:
        console.print(f"[red]Nothing exported:[/] {error}")
        raise typer.Exit(1) from None
    rows = ", ".join(f"{r.rows:,} {r.name}" for r in reports)
    console.print(f"[green]Exported[/] to {path}: {rows}.")


@app.command("import-dataset")
def import_dataset_command(
    path: Annotated[Path, typer.Argument(help="A folder written by `gainsay export`")],
    database: DatabaseOption = None,
) -> None:
    """Load a data set written by `gainsay export` into an empty database (migrated first).
    All or nothing: on any error the database is left as it was."""
    from app.db import get_engine
    from app.migrate import upgrade
    from app.services.dataset import DatasetError, import_dataset

    use_database(database)
    engine = get_engine()
    upgrade(engine)
    try:
        reports = import_dataset(engine, path)
    except (DatasetError, OSError) as error:
        console.print(f"[red]Nothing imported:[/] {error}")
        raise typer.Exit(1) from None
    rows = ", ".join(f"{r.rows:,} {r.name}" for r in reports)
    console.print(f"[green]Imported[/] from {path}: {rows}.")
