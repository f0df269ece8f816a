"""The dispute as evidence, as JSON: origins and independence per assertion and per side.
The same service as the origins section of the dispute's evidence page (app/web/evidence.py)."""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import Field

from app.api.responses import ActorBrief, Public
from app.auth import ReaderDep, get_reader
from app.db import ReadSessionDep
from app.errors import problem_responses
from app.models import MAX_ID
from app.schemas import IsoDate
from app.services.as_of import dispute_as_of
from app.services.origins import (
    NodeOrigins,
    OriginsView,
    SideOrigins,
    dispute_origins,
    origins_of,
)
from app.urls import absolute_url, entity_url, ref_path
from app.vocabulary import DenialType, label

router = APIRouter(
    prefix="/api",
    tags=["read"],
    dependencies=[Depends(get_reader)],
    responses=problem_responses({401: "A bad API token"}),
)


class ChainPublic(Public):
    claim_id: int
    claim_url: str
    chain: list[str] = Field(description="Claimant first, then each relay, then the outlet")


class AssertionOrigins(Public):
    claim_id: int = Field(description="The first claim carrying the assertion")
    claim_ids: list[int] = Field(description="Every claim carrying it (linked 'same claim')")
    statement: str
    kind: str
    denial_type: DenialType | None = Field(description="How an answer answers; null otherwise")
    denial_type_label: str | None
    side: str = Field(description="allegation or answer")
    answers: list[int] = Field(description="Lead claim ids of the assertions answering it")
    independent_origins: int
    origins: list[ActorBrief] = Field(description="One per independent origin (organisation)")
    outlets: int
    outlet_names: list[str]
    chains: list[ChainPublic]
    corroborated_by: list[int]
    independent_origins_with_corroboration: int


class SideOriginsPublic(Public):
    claims: int
    independent_origins: int
    origins: list[ActorBrief]
    outlets: int
    outlet_names: list[str]


class DisputeOriginsPublic(Public):
    dispute_id: int
    url: str
    rule: str = Field(description="What counts as an independent origin and as an outlet")
    allegations: SideOriginsPublic
    answers: SideOriginsPublic
    assertions: list[AssertionOrigins]


def _side(side: SideOrigins) -> SideOriginsPublic:
    return SideOriginsPublic(
        claims=side.claims,
        independent_origins=side.origin_count,
        origins=[ActorBrief.of(a) for a in side.origins],
        outlets=side.outlet_count,
        outlet_names=list(side.outlets),
    )


def _node(request: Request, node: NodeOrigins) -> AssertionOrigins:
    return AssertionOrigins(
        claim_id=node.lead.id,
        claim_ids=[c.claim_id for c in node.chains],
        statement=node.lead.statement,
        kind=node.lead.kind,
        denial_type=node.lead.denial_type,
        denial_type_label=label(node.lead.denial_type) if node.lead.denial_type else None,
        side=node.side,
        answers=[claim_id for _, claim_id in node.answers],
        independent_origins=node.origin_count,
        origins=[ActorBrief.of(a) for a in node.origins],
        outlets=node.outlet_count,
        outlet_names=list(node.outlets),
        chains=[
            ChainPublic(
                claim_id=c.claim_id,
                claim_url=entity_url(request, "claim_detail", c.claim_id),
                chain=c.names,
            )
            for c in node.chains
        ],
        corroborated_by=list(node.corroborated_by),
        independent_origins_with_corroboration=len(node.origins_with_corroboration),
    )


def origins_public(
    request: Request, view: OriginsView, denial_type: DenialType | None = None
) -> DisputeOriginsPublic:
    nodes = [n for n in view.nodes if denial_type is None or n.lead.denial_type == denial_type]
    d = view.dispute
    return DisputeOriginsPublic(
        dispute_id=d.id,
        url=absolute_url(request, ref_path(request, "dispute_detail", d.id, d.slug)),
        rule=view.rule,
        allegations=_side(view.allegations),
        answers=_side(view.answers),
        assertions=[_node(request, n) for n in nodes],
    )


@router.get(
    "/disputes/{dispute_id}/origins",
    name="api_dispute_origins",
    summary="How many outlets carried each allegation and answer, and how many independent "
    "origins stand behind it",
    responses=problem_responses({404: "No such dispute", 422: "Invalid parameters"}),
)
async def api_dispute_origins(
    request: Request,
    dispute_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    session: ReadSessionDep,
    viewer: ReaderDep,
    denial_type: Annotated[
        DenialType | None, Query(description="Only the assertions answering in this way")
    ] = None,
) -> DisputeOriginsPublic:
    view = dispute_origins(session, dispute_id, include_drafts=viewer.is_analyst)
    if view is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    return origins_public(request, view, denial_type)


class DisputeAsOfPublic(Public):
    dispute_id: int
    day: date
    published: bool = Field(description="Whether the dispute had been published by that day")
    title: str | None
    status: str | None
    summary: str | None
    grade: str | None
    grade_note: str | None
    origins: DisputeOriginsPublic | None = Field(
        description="The claims, their links and origins as readers saw them then"
    )


@router.get(
    "/disputes/{dispute_id}/as-of/{day}",
    name="api_dispute_as_of",
    summary="A dispute as published at the end of a past day (UTC), rebuilt from its history",
    responses=problem_responses({404: "No such dispute, or a day to come", 422: "Not a date"}),
)
async def api_dispute_as_of(
    request: Request,
    dispute_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    day: Annotated[IsoDate, Path(description="A day, YYYY-MM-DD")],
    session: ReadSessionDep,
) -> DisputeAsOfPublic:
    if day > datetime.now(UTC).date():
        raise HTTPException(404, f"{day.isoformat()} has not come yet.")
    view = dispute_as_of(session, dispute_id, day)
    if view is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    then = view.evidence.dispute if view.evidence else None
    return DisputeAsOfPublic(
        dispute_id=dispute_id,
        day=day,
        published=then is not None,
        title=then.title if then else None,
        status=then.status if then else None,
        summary=then.summary if then else None,
        grade=then.grade if then else None,
        grade_note=then.grade_note if then else None,
        origins=origins_public(request, origins_of(view.evidence)) if view.evidence else None,
    )
