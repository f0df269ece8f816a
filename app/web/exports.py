"""Downloads: a dispute's figures table as CSV, from the same service as the dispute page.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some with a leading tab or
carriage return) as a formula, and a claim's wording comes from news text anyone can write.
Every text cell that starts so is prefixed with a single quote (OWASP, "CSV Injection"),
which spreadsheets show as text. Numbers stay numbers: a bare integer is never a formula.
"""

import csv
import io
import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from starlette.responses import RedirectResponse, Response

from app.auth import ViewerDep
from app.db import SessionDep
from app.models import MAX_ID, Dispute
from app.services.disputes import DisputeView, get_dispute_view
from app.urls import path_to

router = APIRouter(include_in_schema=False)

CSV_COLUMNS = (
    "who",
    "via",
    "qualifier",
    "low",
    "high",
    "counts",
    "text",
    "place",
    "when",
    "date",
    "dated by",
    "side",
    "article title",
    "article url",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str | int | None) -> str | int:
    """A cell a spreadsheet will show, never run."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def figures_csv(view: DisputeView) -> str:
    out = io.StringIO()
    # A byte order mark, so that Excel reads the names as UTF-8 rather than its code page.
    out.write("\ufeff")
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(CSV_COLUMNS)
    for row in view.figures:
        claim, figure = row.claim, row.figure
        writer.writerow(
            neutralise(cell)
            for cell in (
                claim.claimant.name,
                "; ".join(actor.name for actor in claim.reported_via),
                figure.qualifier,
                figure.low,
                figure.high,
                figure.counts,
                figure.text,
                claim.event_place,
                claim.event_time,
                *_dated(claim.event_date, claim.article.published_on),
                row.side,
                claim.article.title,
                claim.article.url,
            )
        )
    return out.getvalue()


def _dated(event: date | None, published: date | None) -> tuple[str, str]:
    """The figure's date as the figures chart places it (app/services/figures_series.py): the
    event date, else the article's publication date, else unknown (never guessed)."""
    if event is not None:
        return event.isoformat(), "event date"
    if published is not None:
        return published.isoformat(), "publication date"
    return "", "unknown"


def csv_filename(slug: str, dispute_id: int) -> str:
    # Slugs are made by slugify, but the header must stay safe whatever the column holds.
    safe = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-")[:80]
    return f"{safe or f'dispute-{dispute_id}'}-figures.csv"


@router.get("/disputes/{dispute_id}/figures.csv", name="dispute_figures_csv")
def dispute_figures_csv(
    request: Request,
    dispute_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    session: SessionDep,
    viewer: ViewerDep,
) -> Response:
    stored = session.get(Dispute, dispute_id)
    if stored is not None and stored.merged_into_id is not None:
        # As the page does: a merged dispute's figures are those of the one it went into.
        target = path_to(request, "dispute_figures_csv", dispute_id=str(stored.merged_into_id))
        return RedirectResponse(target, 301)
    view = get_dispute_view(session, dispute_id, include_drafts=viewer.is_analyst)
    if view is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    filename = csv_filename(view.dispute.slug, dispute_id)
    return Response(
        figures_csv(view).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
