"""The dispute as evidence, for readers: origins and figures over time (the evidence page and
its two downloads), the timeline, and the dispute as published at the end of a past day.

Permalinks take "{id}-{slug}" like the dispute's own: a wrong slug moves with a 301, a merged
dispute's pages move to the dispute it went into."""

import json
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from app.auth import ReaderDep
from app.db import ReadSessionDep
from app.models import MAX_ID
from app.services.as_of import dispute_as_of
from app.services.disputes import surviving_dispute
from app.services.evidence import (
    EvidenceDispute,
    get_evidence_dispute,
    load_evidence,
)
from app.services.figures_series import FiguresView, figures_of
from app.services.origins import origins_of
from app.services.timeline import timeline_of
from app.templating import render
from app.urls import path_to, ref_path
from app.vocabulary import DENIAL_TYPE_RULES, GRADE_RULES, DenialType
from app.web.references import id_from_reference, redirect_if_outdated

router = APIRouter(include_in_schema=False)

DisputeId = Annotated[int, Path(ge=1, le=MAX_ID)]
# A past day no longer changes except by corrections, which are rare: a day's cache is fair.
PAST_DAY_CACHE = "public, max-age=86400"


def _dispute(
    request: Request, session: ReadSessionDep, reference: str, route: str
) -> tuple[EvidenceDispute, Response | None]:
    """The dispute a permalink names, or the redirect it deserves (merged, or wrong slug)."""
    dispute_id, slug = id_from_reference(reference, "dispute")
    found = surviving_dispute(session, dispute_id)
    dispute = get_evidence_dispute(session, dispute_id)
    if found is None or dispute is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    current = found[1]
    if current.id != dispute.id:
        return dispute, RedirectResponse(ref_path(request, route, current.id, current.slug), 301)
    return dispute, redirect_if_outdated(request, route, dispute.id, dispute.slug, slug)


def denial_filter(value: str | None) -> DenialType | None:
    if not value:
        return None
    try:
        return DenialType(value)
    except ValueError:
        allowed = ", ".join(t.value for t in DenialType)
        raise HTTPException(
            422, f"“{value[:40]}” is not a kind of answer; use one of: {allowed}."
        ) from None


@router.get("/disputes/{reference}/evidence", name="dispute_evidence")
async def dispute_evidence(
    request: Request,
    reference: str,
    session: ReadSessionDep,
    viewer: ReaderDep,
    denial_type: str | None = None,
) -> Response:
    dispute, moved = _dispute(request, session, reference, "dispute_evidence")
    if moved:
        return moved
    wanted = denial_filter(denial_type)
    evidence = load_evidence(session, dispute.id, include_drafts=viewer.is_analyst)
    assert evidence is not None  # the dispute was found above, in this transaction
    return render(
        request,
        "pages/dispute_evidence.html",
        {
            "dispute": dispute,
            "origins": origins_of(evidence),
            "figures": figures_of(evidence),
            "denial_type": wanted,
        },
    )


def _figures(session: ReadSessionDep, dispute_id: int, include_drafts: bool) -> FiguresView:
    evidence = load_evidence(session, dispute_id, include_drafts=include_drafts)
    if evidence is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    return figures_of(evidence)


FIGURE_FIELDS = (
    "source",
    "source_id",
    "counts",
    "qualifier",
    "low",
    "high",
    "text",
    "date",
    "dated_by",
    "event_time",
    "place",
    "side",
    "claim_id",
    "article_title",
    "article_url",
)


def _figure_rows(view: FiguresView) -> list[dict[str, object]]:
    return [
        {
            "source": p.source.name,
            "source_id": p.source.id,
            "counts": p.counts,
            "qualifier": p.figure.qualifier,
            "low": p.figure.low,
            "high": p.figure.high,
            "text": p.figure.text,
            "date": p.on.isoformat() if p.on else None,
            "dated_by": p.dated_by,
            "event_time": p.claim.event_time,
            "place": p.claim.event_place,
            "side": p.side,
            "claim_id": p.claim.id,
            "article_title": p.claim.article.title,
            "article_url": p.claim.article.url,
        }
        for p in view.points
    ]


@router.get("/disputes/{dispute_id}/figures.json", name="dispute_figures_json")
async def dispute_figures_json(
    dispute_id: DisputeId, session: ReadSessionDep, viewer: ReaderDep
) -> Response:
    view = _figures(session, dispute_id, viewer.is_analyst)
    body = {
        "dispute_id": dispute_id,
        "dating_rule": "A figure is dated by its claim's event date where the text states one, "
        "else by its article's publication date; otherwise its date is null (unknown).",
        "figures": _figure_rows(view),
        "spreads": [
            {
                "counts": panel.counts,
                "date": s.on.isoformat() if s.on else None,
                "low": s.low,
                "high": s.high,
                "sources": s.sources,
            }
            for panel in view.panels
            for s in panel.spreads
        ],
    }
    return Response(json.dumps(body, ensure_ascii=False, indent=1), media_type="application/json")


@router.get("/disputes/{reference}/timeline", name="dispute_timeline")
async def dispute_timeline(
    request: Request, reference: str, session: ReadSessionDep, viewer: ReaderDep
) -> Response:
    dispute, moved = _dispute(request, session, reference, "dispute_timeline")
    if moved:
        return moved
    evidence = load_evidence(session, dispute.id, include_drafts=viewer.is_analyst)
    assert evidence is not None  # the dispute was found above, in this transaction
    return render(
        request,
        "pages/dispute_timeline.html",
        {"dispute": dispute, "view": timeline_of(evidence), "denial_rules": DENIAL_TYPE_RULES},
    )


def _day(value: str) -> date:
    """A past or present day in ISO form, or a 404 saying what is wrong."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or len(value) != 10:
        raise HTTPException(
            404, f"“{value[:40]}” is not a date; give one as year-month-day, such as 2026-12-01."
        )
    if day > datetime.now(UTC).date():
        raise HTTPException(
            404, f"{day.isoformat()} has not come yet; Gainsay can show only days that have begun."
        )
    return day


def _as_of_path(request: Request, dispute: EvidenceDispute, day: date) -> str:
    reference = f"{dispute.id}-{dispute.slug}"
    return path_to(request, "dispute_as_of", reference=reference, day=day.isoformat())


@router.get("/disputes/{reference}/as-of", name="dispute_as_of_query")
async def dispute_as_of_query(
    request: Request,
    reference: str,
    session: ReadSessionDep,
    as_of: Annotated[str | None, Query(max_length=40, description="A day: 2026-12-01")] = None,
) -> Response:
    """The date form's target: moves to the day's permalink. Without a day: today's page
    (whose canonical link is today's permalink)."""
    if as_of is None:
        dispute_id, slug = id_from_reference(reference, "dispute")
        return _as_of_page(request, session, dispute_id, slug, datetime.now(UTC).date(), True)
    dispute, _ = _dispute(request, session, reference, "dispute_timeline")
    try:
        day = date.fromisoformat(as_of)
    except ValueError:
        raise HTTPException(
            422, f"“{as_of}” is not a date; give one as year-month-day, such as 2026-12-01."
        ) from None
    _day(day.isoformat())
    return RedirectResponse(_as_of_path(request, dispute, day), 301)


@router.get("/disputes/{reference}/as-of/{day}", name="dispute_as_of")
async def dispute_as_of_page(
    request: Request, reference: str, day: str, session: ReadSessionDep
) -> Response:
    dispute_id, slug = id_from_reference(reference, "dispute")
    return _as_of_page(request, session, dispute_id, slug, _day(day))


def _as_of_page(
    request: Request,
    session: ReadSessionDep,
    dispute_id: int,
    slug: str | None,
    wanted: date,
    any_slug: bool = False,
) -> Response:
    view = dispute_as_of(session, dispute_id, wanted)
    if view is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    if slug != view.current.slug and not any_slug:
        return RedirectResponse(_as_of_path(request, view.current, wanted), 301)
    today = datetime.now(UTC).date()
    response = render(
        request,
        "pages/dispute_as_of.html",
        {
            "view": view,
            "dispute": view.current,
            "origins": origins_of(view.evidence) if view.evidence else None,
            "grade_rules": GRADE_RULES,
            "denial_rules": DENIAL_TYPE_RULES,
            "is_today": wanted == today,
        },
    )
    # The page shows what the history says of that day; today's may still change.
    response.headers["Cache-Control"] = PAST_DAY_CACHE if wanted < today else "no-cache"
    return response
