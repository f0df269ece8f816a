"""What link previews show of a page: its card's text, its description, its dates.

One data path for the card image (app/web/cards.py) and for the page's meta tags
(app/web/share_head.py). Readers' data only: drafts never reach a preview."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import overload

from sqlalchemy import func, select
from sqlmodel import Session

from app import page_deps
from app.cards import CardData
from app.db import HasConnection, LeanQuery
from app.models import Actor, Article, Claim, ClaimLink, Dispute
from app.services.disputes import DisputeRef, get_dispute_view
from app.vocabulary import ANSWER_LINKS, ClaimState, label

DESCRIPTION_LIMIT = 200
# The pages that have a card, by route name: the card's route and the entity's table.
CARD_ROUTES = {
    "dispute_detail": ("dispute_card", "dispute"),
    "article_detail": ("article_card", "article"),
    "claim_detail": ("claim_card", "claim"),
    "actor_detail": ("actor_card", "actor"),
}


def cut_text(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` on one line, at most `limit` characters: cut at a word, with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    if flat[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]  # the last whole word that fits
    return head.rstrip(" ,;:.–-") + "…"


@dataclass(frozen=True, slots=True)
class Dates:
    published: datetime | date | None
    modified: datetime | None


@overload
def _aware(moment: datetime) -> datetime: ...
@overload
def _aware(moment: None) -> None: ...
def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; they were stored in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def iso(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return _aware(moment).isoformat(timespec="seconds")
    return moment.isoformat()


_DATED: dict[str, type[Dispute | Claim | Actor]] = {
    "dispute": Dispute,
    "claim": Claim,
    "actor": Actor,
}
# Lean statements (app.db.LeanQuery): every dispute and article page reads its dates.
_DATES = {
    kind: LeanQuery(
        f"SELECT created_at, updated_at FROM {model.__tablename__} WHERE id = :entity_id",
        {0: model.created_at.type, 1: model.updated_at.type},
    )
    for kind, model in _DATED.items()
}
_ARTICLE_DATES = LeanQuery(
    "SELECT published_on, created_at, updated_at FROM article WHERE id = :entity_id",
    {0: Article.published_on.type, 1: Article.created_at.type, 2: Article.updated_at.type},
)


def page_dates(db: HasConnection, kind: str, entity_id: int) -> Dates | None:
    """When the entity was first published and last changed (None: no such entity), read on
    the connection of the session or the permalink's read transaction it is given."""
    if kind == "article":
        row = _ARTICLE_DATES.first(db, entity_id=entity_id)
        return Dates(row[0] or _aware(row[1]), _aware(row[2])) if row else None
    row = _DATES[kind].first(db, entity_id=entity_id)
    return Dates(_aware(row[0]), _aware(row[1])) if row else None


def dispute_dates(dispute: DisputeRef) -> Dates:
    """A dispute's dates as page_dates gives them, from a DisputeRef read with them
    (get_dispute_ref): the permalink's first statement, so its share head reads no second."""
    return Dates(_aware(dispute.created_at), _aware(dispute.updated_at))


def _answers_to(session: Session, claim_id: int) -> int:
    """Published claims that answer this one (rebut, counter-accuse, discredit)."""
    answers = session.execute(
        select(Claim.id, Claim.state)
        .join(ClaimLink, Claim.id == ClaimLink.source_id)
        .where(ClaimLink.target_id == claim_id, ClaimLink.kind.in_(list(ANSWER_LINKS)))
    ).all()
    # A draft answer counts once published: that change names the answer, not this claim.
    page_deps.shows("claim", (answer_id for answer_id, _ in answers))
    return len({answer_id for answer_id, state in answers if state == ClaimState.published})


def card_data(session: Session, kind: str, entity_id: int, site_name: str) -> CardData | None:
    """The text of an entity's preview card, as readers see it (None: nothing to show)."""
    if kind == "dispute":
        view = get_dispute_view(session, entity_id)
        if view is None or view.dispute.merged_into_id is not None:
            return None
        page_deps.shows_one("dispute", entity_id)
        page_deps.shows("claim", (c.id for c in view.claims))
        d = view.dispute
        return CardData(
            "Dispute",
            d.title,
            site_name,
            allegations=view.allegation_count,
            answers=view.answer_count,
            grade=label(d.grade) if d.grade else None,
            subtitle=f"{label(d.status)} · {len(view.articles)} "
            f"article{'' if len(view.articles) == 1 else 's'}",
        )
    if kind == "article":
        row = session.execute(
            select(Article.title, Actor.name, Article.outlet_id)
            .outerjoin(Actor, Actor.id == Article.outlet_id)
            .where(Article.id == entity_id)
        ).first()
        if row is None:
            return None
        claims = session.execute(
            select(Claim.id, Claim.kind).where(
                Claim.article_id == entity_id, Claim.state == ClaimState.published
            )
        ).all()
        page_deps.shows_one("article", entity_id)
        page_deps.shows_one("in_article", entity_id)  # the claims it counts
        page_deps.shows_one("actor", row[2])  # the outlet's name
        page_deps.shows("claim", (c[0] for c in claims))
        allegations = sum(1 for c in claims if c[1] == "allegation")
        denials = sum(1 for c in claims if c[1] == "denial")
        return CardData(
            "Article",
            row[0],
            site_name,
            subtitle=row[1] or "",
            stats=(
                f"{len(claims):,} claims",
                f"{allegations:,} allegations",
                f"{denials:,} denials",
            ),
        )
    if kind == "claim":
        row = session.execute(
            select(Claim.statement, Claim.kind, Actor.name, Claim.claimant_id)
            .join(Actor, Actor.id == Claim.claimant_id)
            .where(Claim.id == entity_id, Claim.state == ClaimState.published)
        ).first()
        if row is None:
            return None
        page_deps.shows_one("claim", entity_id)
        page_deps.shows_one("actor", row[3])
        return CardData(
            label(row[1]),
            row[0],
            site_name,
            answers=_answers_to(session, entity_id),
            subtitle=f"by {row[2]}",
        )
    if kind == "actor":
        row = session.execute(select(Actor.name, Actor.kind).where(Actor.id == entity_id)).first()
        if row is None:
            return None
        made = session.execute(
            select(func.count()).where(
                Claim.claimant_id == entity_id, Claim.state == ClaimState.published
            )
        ).scalar_one()
        page_deps.shows_one("actor", entity_id)
        page_deps.shows_one("by_actor", entity_id)  # the claims it counts
        return CardData(
            "Actor", row[0], site_name, subtitle=label(row[1]), stats=(f"{made:,} claims made",)
        )
    raise ValueError(f"no card for {kind}")
