"""Importing articles in the browser (paste or upload). Deciding on the claims suggested for
an imported article is app/web/suggestions.py."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import PureWindowsPath
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.auth import AnalystDep, ViewerDep, csrf_protect, require_analyst
from app.db import SessionDep
from app.ingest import worker
from app.ingest.importing import limits
from app.ingest.importing.decode import ACCEPT_ATTRIBUTE
from app.ingest.importing.results import (
    ArticleMetadata,
    ImportResult,
    ImportStatus,
    PreparedArticle,
    Refusal,
    RefusalReason,
)
from app.ingest.importing.store import import_prepared
from app.ingest.suggest import ActorDirectory, Suggestion
from app.templating import render
from app.web.guards import analyst_page

router = APIRouter(include_in_schema=False)

PASTE_FIELDS = ("title", "outlet", "url", "published_on")


def _too_large(detail: str) -> HTTPException:
    return HTTPException(413, detail)


async def _limit_request(request: Request) -> None:
    """Refuse an over-size upload from its Content-Length, before reading any of it."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and (refused := limits.upload_too_large(int(length))) is not None:
        raise _too_large(refused)


async def _read_import_form(request: Request) -> None:
    """Parse the form with the import's own limits (pasted text may be as long as an article);
    csrf_protect then reads the same parsed form."""
    try:
        await request.form(
            max_files=limits.MAX_UPLOAD_FILES,
            max_fields=20,
            max_part_size=limits.MAX_UPLOAD_PART_BYTES,
        )
    except StarletteHTTPException as error:
        # Starlette says 400 for a part or file count over the limits; that is a 413.
        if error.status_code == 400 and "maximum" in str(error.detail).lower():
            raise _too_large(limits.upload_parts_refused()) from None
        raise


# Analysts only, CSRF-checked; the size is checked before anything is read.
ImportWrite = [
    Depends(_limit_request),
    Depends(require_analyst),
    Depends(_read_import_form),
    Depends(csrf_protect),
]


def _page(
    request: Request,
    *,
    results: list[ImportResult] | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "pages/import.html",
        {
            "results": results or [],
            "values": values or {},
            "errors": errors or {},
            "max_bytes": limits.human_size(limits.MAX_IMPORT_BYTES),
            "max_files": limits.MAX_UPLOAD_FILES,
            "accept": ACCEPT_ATTRIBUTE,
            "ImportStatus": ImportStatus,
        },
        status_code=status_code,
    )


@router.get("/import", name="import_page")
def import_page(request: Request, viewer: ViewerDep) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    return _page(request)


def _paste_metadata(values: dict[str, str], errors: dict[str, str]) -> ArticleMetadata:
    published_on = None
    if values["published_on"]:
        try:
            published_on = date.fromisoformat(values["published_on"])
        except ValueError:
            errors["published_on"] = "Give the date as YYYY-MM-DD, or leave it empty."
    for name, limit in (("title", 500), ("outlet", 200), ("url", 2000)):
        if len(values[name]) > limit:
            errors[name] = f"At most {limit} characters."
    return ArticleMetadata(
        title=values["title"] or None,
        outlet=values["outlet"] or None,
        url=values["url"] or None,
        published_on=published_on,
    )


def _upload_name(upload: UploadFile) -> str:
    # Browsers send a bare file name, but nothing stops a client sending a path.
    name = PureWindowsPath(upload.filename or "upload").name.strip() or "upload"
    return name[:200]


async def _read_upload(upload: UploadFile) -> bytes | Refusal:
    name = _upload_name(upload)
    raw = await upload.read(limits.READ_AT_MOST)
    if (too_large := limits.article_too_large(len(raw), name)) is None:
        return raw
    # Say the file's whole size when the upload states it, not the part that was read.
    return limits.article_too_large(max(upload.size or 0, len(raw)), name) or too_large


@dataclass
class _Submission:
    """An import form as analysed, before anything is stored."""

    values: dict[str, str]
    text: str
    errors: dict[str, str] = field(default_factory=dict)
    items: list[PreparedArticle | Refusal] = field(default_factory=list)
    suggestions: list[tuple[Suggestion, ...] | None] = field(default_factory=list)
    directory: ActorDirectory | None = None


async def _analyse_submission(request: Request, viewer: AnalystDep) -> _Submission:
    """Each pasted or uploaded article extracted and its claims suggested, one after another,
    each in a worker process within the time budget (app/ingest/worker.py). A dependency
    resolved before the session: the request takes its turn at the write lock only to store."""
    form = await request.form()
    text = form.get("text")
    text = text if isinstance(text, str) else ""
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    values = {name: str(form.get(name) or "").strip() for name in PASTE_FIELDS}
    submission = _Submission(values, text)
    jobs: list[tuple[bytes | Refusal, str | None, ArticleMetadata | None, str, str]] = []
    if text.strip():
        metadata = _paste_metadata(values, submission.errors)
        if submission.errors:
            return submission
        title = metadata.title
        label = f"The pasted article “{title}”" if title else "The pasted text"
        jobs.append((text.encode("utf-8"), None, metadata, "paste", label))
    for upload in uploads:
        name = _upload_name(upload)
        jobs.append((await _read_upload(upload), name, None, f"upload:{name}", ""))
    if not jobs:
        submission.errors["form"] = "Paste the text of an article, or choose files to upload."
        return submission
    directory = submission.directory = await worker.current_directory()
    budget = worker.budget_s()
    for raw, filename, job_metadata, origin, label in jobs:
        item: PreparedArticle | Refusal
        suggestions: tuple[Suggestion, ...] | None = None
        if isinstance(raw, Refusal):
            item = raw
        else:
            job = worker.job_for(raw, filename, job_metadata, origin, directory, label)
            try:
                analysis = await worker.analyse_async(job, budget)
                item, suggestions = analysis.prepared, analysis.suggestions
            except worker.ImportTooSlow as error:
                item = error.refusal()
        submission.items.append(item)
        submission.suggestions.append(suggestions)
    return submission


def _store(session: Session, submission: _Submission, user_id: int | None) -> list[ImportResult]:
    assert submission.directory is not None
    return [
        import_prepared(session, item, user_id, submission.directory, suggestions)
        for item, suggestions in zip(submission.items, submission.suggestions, strict=True)
    ]


def _status_for(results: list[ImportResult], items: list[PreparedArticle | Refusal]) -> int:
    """200 when anything was imported or found present; else 413 if a file was too large,
    otherwise 422: the page lists every file's outcome either way."""
    if any(r.status != ImportStatus.refused for r in results):
        return 200
    too_large = any(isinstance(i, Refusal) and i.reason == RefusalReason.too_large for i in items)
    return 413 if too_large else 422


@router.post("/import", name="import_submit", dependencies=ImportWrite)
async def import_submit(
    request: Request,
    viewer: AnalystDep,
    submission: Annotated[_Submission, Depends(_analyse_submission)],
    session: SessionDep,
) -> Response:
    values, text, errors = submission.values, submission.text, submission.errors
    if errors:
        kept = {**values, "text": text} if text.strip() else values
        return _page(request, values=kept, errors=errors, status_code=422)
    # Storing runs in a thread: thousands of suggestion rows for a long text take a while.
    results = await anyio.to_thread.run_sync(_store, session, submission, viewer.user_id)
    # A refused paste keeps what was typed, to correct and send again.
    keep = bool(text.strip()) and results[0].status == ImportStatus.refused
    return _page(
        request,
        results=results,
        values={**values, "text": text} if keep else {},
        status_code=_status_for(results, submission.items),
    )
