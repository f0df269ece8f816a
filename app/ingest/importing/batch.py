"""`gainsay import`'s batch: every source read, analysed in the import worker within the time
budget (as the web and the API do), and stored in a transaction of its own, so an interrupted
batch keeps what it finished and nothing half-done.

The worker analyses the next article while this process stores the one before (the two stages
take about as long, on two cores): the batch takes about as long as its analyses alone, and
stores the same as one article after the other would."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.db import write_session
from app.ingest import worker
from app.ingest.importing.results import ImportResult, ImportSummary, Refusal
from app.ingest.importing.sources import Source
from app.ingest.importing.store import import_prepared, load_directory
from app.ingest.suggest import ActorDirectory


def job_for_source(source: Source | Refusal, directory: ActorDirectory) -> worker.Job | Refusal:
    """The worker's job for one source, or why it cannot be read."""
    if isinstance(source, Refusal):
        return source
    raw = source.read()
    if isinstance(raw, Refusal):
        return Refusal(raw.reason, raw.message, source.name)
    origin = f"file:{Path(source.name).name}"
    return worker.job_for(raw, source.name, None, origin, directory)


def _collect(
    analyser: worker.BatchWorker, job: worker.Job, directory: ActorDirectory, budget_s: float
) -> worker.Analysis:
    """The analysis of the job in the worker; done again when the article stored meanwhile
    added an actor (a new outlet), so that the suggestions see the directory they would have
    seen one article after the other. Past the budget, a `too_slow` refusal (the worker is
    stopped, the batch goes on)."""
    try:
        analysis = analyser.collect()
        stale = job.actors != (rows := worker.actor_rows(directory))
        if stale and not isinstance(analysis.prepared, Refusal):
            analysis = analyser.analyse(replace(job, actors=rows), budget_s)
        return analysis
    except worker.ImportTooSlow as error:
        return worker.Analysis(error.refusal())


def analyses(
    sources: Iterable[Source | Refusal],
    directory: ActorDirectory,
    analyser: worker.BatchWorker,
    budget_s: float,
) -> Iterator[worker.Analysis]:
    """Each source's analysis in order. The next source is read and submitted to the worker
    before one is handed over, so the worker analyses it while the caller stores the one
    handed over (which may add to `directory`: see `_collect`)."""
    in_worker: worker.Job | None = None  # submitted, its analysis not yet collected
    ready: list[worker.Analysis] = []  # refusals read after the job in the worker
    for source in sources:
        job = job_for_source(source, directory)
        if isinstance(job, Refusal):
            if in_worker is None:
                yield worker.Analysis(job)
            else:
                ready.append(worker.Analysis(job))
            continue
        if in_worker is not None:
            previous = _collect(analyser, in_worker, directory, budget_s)
            analyser.submit(job, budget_s)
            in_worker = job
            yield previous
            yield from ready
            ready.clear()
        else:
            analyser.submit(job, budget_s)
            in_worker = job
    if in_worker is not None:
        yield _collect(analyser, in_worker, directory, budget_s)
    yield from ready


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
        for analysis in analyses(sources, directory, analyser, budget):
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
