"""The review queue: draft claims and pending edits waiting for an analyst to publish them."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlmodel import Session

from app.models import Claim, User
from app.services.claims import claim_cards
from app.services.views import ClaimCard
from app.vocabulary import ClaimState


@dataclass(frozen=True, slots=True)
class ReviewItem:
    card: ClaimCard
    version: int
    pending_edit: dict | None
    pending_by: str | None


def review_queue(session: Session, limit: int = 200) -> list[ReviewItem]:
    rows = session.execute(
        select(Claim.id, Claim.version, Claim.pending_edit, User.username)
        .outerjoin(User, User.id == Claim.pending_by_id)
        .where(or_(Claim.state == ClaimState.draft, Claim.pending_edit.is_not(None)))
        .order_by(Claim.updated_at.desc())
        .limit(limit)
    ).all()
    cards = claim_cards(session, [r[0] for r in rows], include_drafts=True)
    return [ReviewItem(cards[r[0]], r[1], r[2], r[3]) for r in rows if r[0] in cards]
