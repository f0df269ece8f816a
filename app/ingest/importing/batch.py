"""`gainsay import`'s batch: every source read, analysed in the import worker within the time
budget (as the web and the API do), and stored in a transaction of its own, so an interrupted
batch keeps what it finished and nothing half-done."""

from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.db import write_session
from app.ingest import worker
from app.ingest.importing.results import ImportResult, ImportSummary, Refusal
from app.ingest.importing.sources import Source
from app.ingest.importing.store import import_prepared, load_directory
from app.ingest.suggest import ActorDirectory


def analyse_source(
    source: Source | Refusal,
    directory: ActorDirectory,
    analyser: worker.BatchWorker,
    budget_s: float,
) -> worker.Analysis:
    """One source read, prepared and its claims suggested in the batch's worker process; past
    the budget, a `too_slow` refusal (the worker is stopped, the batch goes on)."""
    if isinstance(source, Refusal):
        return worker.Analysis(source)
    raw = source.read()
    if isinstance(raw, Refusal):
        return worker.Analysis(Refusal(raw.reason, raw.message, source.name))
    origin = f"file:{Path(source.name).name}"
    job = worker.job_for(raw, source.name, None, origin, directory)
    try:
        return analyser.analyse(job, budget_s)
    except worker.ImportTooSlow as error:
        return worker.Analysis(error.refusal())


def run_import(
    engine: Engine,
    sources: Iterable[Source | Refusal],
    *,
    user_id: int | None = None,
    budget_s: float | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
) -> ImportSummary:
    """Import a batch, one transaction per article. The actor directory is loaded once and grows
    with the outlets the batch creates. `budget_s`: seconds each article's analysis may take
    (GAINSAY_IMPORT_TIME_BUDGET_S by default)."""
    budget = worker.budget_s() if budget_s is None else budget_s
    summary = ImportSummary()
    with Session(engine) as session:
        directory = load_directory(session)
    with worker.BatchWorker() as analyser:
        for source in sources:
            analysis = analyse_source(source, directory, analyser, budget)
            if isinstance(analysis.prepared, Refusal):
                result = ImportResult.refused(analysis.prepared)
            else:
                with write_session(engine) as session:
                    result = import_prepared(
                        session, analysis.prepared, user_id, directory, analysis.suggestions
                    )
                    session.commit()
            summary.results.append(result)
            if on_result is not None:
                on_result(result)
    return summary
