"""Links proposed on import from an article's suggested claims to claims stored in other
articles: `GET /api/articles/{id}/cross-links` lists them with their reasons and decisions;
`POST /api/cross-links/{id}/accept` makes the claim link (409 while the suggestion is not a
claim yet, or once decided), `POST /api/cross-links/{id}/reject` declines it."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path
from sqlmodel import Session

from app.api.responses import Public, UtcDatetime
from app.api.writes import PROBLEMS
from app.auth import AnalystDep, ApiWrite
from app.db import SessionDep
from app.models import MAX_ID, Article
from app.services import cross_links as cross_link_service
from app.services.cross_links import CrossLinkView
from app.services.edit import InvalidInput, NotFound
from app.vocabulary import LinkKind

router = APIRouter(prefix="/api", tags=["import"], dependencies=ApiWrite)
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class CrossLinkTarget(Public):
    claim_id: int
    kind: str
    claimant: str
    excerpt: str
    article_id: int
    article_title: str
    published_on: date | None


class CrossLinkPublic(Public):
    id: int
    suggestion_id: int
    suggestion_number: int
    suggestion_status: Literal["pending", "accepted", "rejected"]
    claim_id: int | None
    kind: LinkKind
    direction: Literal["from_suggestion", "to_suggestion"]
    score: float
    reason: str
    target: CrossLinkTarget
    status: Literal["pending", "accepted", "rejected"]
    decided_by: str | None
    decided_at: UtcDatetime | None
    link_id: int | None

    @classmethod
    def of(cls, view: CrossLinkView) -> "CrossLinkPublic":
        return cls(
            id=view.id,
            suggestion_id=view.suggestion_id,
            suggestion_number=view.suggestion_number,
            suggestion_status=view.suggestion_status,
            claim_id=view.claim_id,
            kind=view.kind,
            direction="from_suggestion" if view.outgoing else "to_suggestion",
            score=view.score,
            reason=view.reason,
            target=CrossLinkTarget(
                claim_id=view.target_claim_id,
                kind=view.target_kind,
                claimant=view.target_claimant,
                excerpt=view.target_excerpt,
                article_id=view.target_article_id,
                article_title=view.target_article_title,
                published_on=view.target_published_on,
            ),
            status=view.status,
            decided_by=view.decided_by,
            decided_at=view.decided_at,
            link_id=view.link_id,
        )


@router.get(
    "/articles/{article_id}/cross-links",
    name="api_cross_links",
    responses=PROBLEMS,
    summary="Links proposed from the article's suggested claims to claims in other articles",
)
def api_cross_links(
    article_id: Id, session: SessionDep, viewer: AnalystDep
) -> list[CrossLinkPublic]:
    if session.get(Article, article_id) is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    return [
        CrossLinkPublic.of(v) for v in cross_link_service.article_cross_links(session, article_id)
    ]


def _decided(session: Session, cross_link_id: int) -> CrossLinkPublic:
    session.flush()
    article_id = cross_link_service.get_cross_link(session, cross_link_id).article_id
    view = next(
        v
        for v in cross_link_service.article_cross_links(session, article_id)
        if v.id == cross_link_id
    )
    return CrossLinkPublic.of(view)


def _decide(session: Session, cross_link_id: int, accept: bool, user_id: int | None) -> None:
    decision = (
        cross_link_service.accept_cross_link if accept else cross_link_service.reject_cross_link
    )
    try:
        decision(session, cross_link_id, user_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except (cross_link_service.AlreadyDecided, cross_link_service.NotAClaimYet) as error:
        session.rollback()
        raise HTTPException(409, str(error)) from None
    except InvalidInput as error:
        session.rollback()
        raise HTTPException(422, " ".join(error.errors.values())) from None


@router.post(
    "/cross-links/{cross_link_id}/accept",
    name="api_cross_link_accept",
    responses=PROBLEMS,
    summary="Accept a proposed cross-article link: the claim link is made",
)
def api_cross_link_accept(
    cross_link_id: Id, session: SessionDep, viewer: AnalystDep
) -> CrossLinkPublic:
    _decide(session, cross_link_id, True, viewer.user_id)
    return _decided(session, cross_link_id)


@router.post(
    "/cross-links/{cross_link_id}/reject",
    name="api_cross_link_reject",
    responses=PROBLEMS,
    summary="Reject a proposed cross-article link",
)
def api_cross_link_reject(
    cross_link_id: Id, session: SessionDep, viewer: AnalystDep
) -> CrossLinkPublic:
    _decide(session, cross_link_id, False, viewer.user_id)
    return _decided(session, cross_link_id)
