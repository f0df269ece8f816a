"""Links from a newly imported article's suggested claims to claims stored in other articles:
showing them to analysts, and their decisions (proposing them at import is
app/services/cross_link_proposals.py).

Accepting a proposal creates the claim link through the same service as the link form, once
the suggestion has become a claim; until then it stays pending and the analyst is told why.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.models import (
    Actor,
    Article,
    Claim,
    ClaimLink,
    ClaimSuggestion,
    CrossLinkSuggestion,
    User,
)
from app.schemas import LinkCreate
from app.services.edit import NotFound
from app.services.edit import links as link_edits
from app.services.suggestions import AlreadyDecided, decide_pending, decider_name
from app.vocabulary import SuggestionStatus

EXCERPT_CHARS = 180


class NotAClaimYet(Exception):
    """The proposal's suggested claim has not been accepted: there is nothing to link yet."""


@dataclass(frozen=True, slots=True)
class CrossLinkView:
    id: int
    article_id: int
    suggestion_id: int
    suggestion_number: int  # 1-based, as the suggestion panel numbers the article's suggestions
    suggestion_status: str
    claim_id: int | None  # the claim the suggestion became
    kind: str
    outgoing: bool
    score: float
    reason: str
    status: str
    target_claim_id: int
    target_kind: str
    target_claimant: str
    target_excerpt: str
    target_article_id: int
    target_article_title: str
    target_article_slug: str
    target_published_on: date | None
    decided_by: str | None
    decided_at: datetime | None
    link_id: int | None

    @property
    def target_article_reference(self) -> str:
        return f"{self.target_article_id}-{self.target_article_slug}"


@dataclass(slots=True)
class CrossLinkPanel:
    """The pending proposals of an article, by suggestion; and those whose suggestion is
    already a claim (their card has left the panel)."""

    by_suggestion: dict[int, list[CrossLinkView]]
    of_claims: list[CrossLinkView]

    def for_suggestion(self, suggestion_id: int) -> list[CrossLinkView]:
        return self.by_suggestion.get(suggestion_id, [])


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def article_cross_links(
    session: Session, article_id: int, *, pending_only: bool = False
) -> list[CrossLinkView]:
    """The article's proposals, best first within each suggestion, in text order."""
    numbers = {
        position: n
        for n, position in enumerate(
            session.execute(
                select(ClaimSuggestion.position)
                .where(ClaimSuggestion.article_id == article_id)
                .order_by(ClaimSuggestion.position)
            ).scalars(),
            start=1,
        )
    }
    query = (
        select(
            CrossLinkSuggestion,
            ClaimSuggestion.position,
            ClaimSuggestion.status,
            ClaimSuggestion.claim_id,
            Claim.kind,
            Claim.quote,
            Actor.name,
            Article.id,
            Article.title,
            Article.slug,
            Article.published_on,
            User.username,
        )
        .join(ClaimSuggestion, ClaimSuggestion.id == CrossLinkSuggestion.suggestion_id)
        .join(Claim, Claim.id == CrossLinkSuggestion.target_claim_id)
        .join(Actor, Actor.id == Claim.claimant_id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(User, User.id == CrossLinkSuggestion.decided_by_id)
        .where(CrossLinkSuggestion.article_id == article_id)
        .order_by(
            ClaimSuggestion.position, CrossLinkSuggestion.score.desc(), CrossLinkSuggestion.id
        )
    )
    if pending_only:
        query = query.where(CrossLinkSuggestion.status == SuggestionStatus.pending)
    views = []
    for row in session.execute(query):
        link = row[0]
        views.append(
            CrossLinkView(
                id=link.id,
                article_id=link.article_id,
                suggestion_id=link.suggestion_id,
                suggestion_number=numbers.get(row[1], 0),
                suggestion_status=row[2],
                claim_id=row[3],
                kind=link.kind,
                outgoing=link.outgoing,
                score=link.score,
                reason=link.reason,
                status=link.status,
                target_claim_id=link.target_claim_id,
                target_kind=row[4],
                target_excerpt=_excerpt(row[5]),
                target_claimant=row[6],
                target_article_id=row[7],
                target_article_title=row[8],
                target_article_slug=row[9],
                target_published_on=row[10],
                decided_by=row[11],
                decided_at=link.decided_at,
                link_id=link.link_id,
            )
        )
    return views


def cross_link_panel(session: Session, article_id: int) -> CrossLinkPanel:
    """Pending proposals for the suggestion panel; those of rejected suggestions are moot."""
    by_suggestion: dict[int, list[CrossLinkView]] = defaultdict(list)
    of_claims = []
    for view in article_cross_links(session, article_id, pending_only=True):
        if view.suggestion_status == SuggestionStatus.pending:
            by_suggestion[view.suggestion_id].append(view)
        elif view.suggestion_status == SuggestionStatus.accepted and view.claim_id is not None:
            of_claims.append(view)
    return CrossLinkPanel(dict(by_suggestion), of_claims)


def get_cross_link(session: Session, cross_link_id: int) -> CrossLinkSuggestion:
    row = session.get(CrossLinkSuggestion, cross_link_id)
    if row is None:
        raise NotFound(f"There is no proposed link number {cross_link_id}.")
    return row


def _number(session: Session, suggestion: ClaimSuggestion) -> int:
    """The suggestion's number in the panel (its rank in text order)."""
    return session.execute(
        select(func.count()).where(
            ClaimSuggestion.article_id == suggestion.article_id,
            ClaimSuggestion.position <= suggestion.position,
        )
    ).scalar_one()


def _pending(session: Session, cross_link_id: int) -> CrossLinkSuggestion:
    row = get_cross_link(session, cross_link_id)
    if row.status != SuggestionStatus.pending:
        raise AlreadyDecided(row.status, decider_name(session, row.decided_by_id))
    return row


def reject_cross_link(
    session: Session, cross_link_id: int, user_id: int | None
) -> CrossLinkSuggestion:
    row = _pending(session, cross_link_id)
    decide_pending(session, row, SuggestionStatus.rejected, user_id)
    return row


def accept_cross_link(session: Session, cross_link_id: int, user_id: int | None) -> ClaimLink:
    """The proposal becomes a claim link between the suggestion's claim and the stored claim
    (or is settled by the same link, made by hand meanwhile)."""
    row = _pending(session, cross_link_id)
    suggestion = session.get_one(ClaimSuggestion, row.suggestion_id)
    number = _number(session, suggestion)
    if suggestion.status == SuggestionStatus.rejected:
        raise NotAClaimYet(
            f"Suggested claim {number} was rejected, so there is nothing to link: "
            "reject this link, or mark the claim by hand first."
        )
    if suggestion.claim_id is None:
        raise NotAClaimYet(
            f"Suggested claim {number} is not a claim yet: accept it first. "
            "This link stays pending until then."
        )
    source, target = (
        (suggestion.claim_id, row.target_claim_id)
        if row.outgoing
        else (row.target_claim_id, suggestion.claim_id)
    )
    existing = session.execute(
        select(ClaimLink).where(
            ClaimLink.source_id == source, ClaimLink.target_id == target, ClaimLink.kind == row.kind
        )
    ).scalar_one_or_none()
    link = existing or link_edits.create_link(
        session, LinkCreate(source_id=source, target_id=target, kind=row.kind), user_id
    )
    decide_pending(session, row, SuggestionStatus.accepted, user_id, link_id=link.id)
    return link
