"""Claims: batch loading of claim cards, and the claim list."""

from collections.abc import Sequence

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.models import Actor, Article, Claim, ClaimLink, ClaimReporter, DisputeClaim, Figure
from app.services.views import ActorRef, ArticleRef, ClaimCard, FigureView, LinkView, Page
from app.vocabulary import ClaimState

_claimant = aliased(Actor, name="claimant")
_outlet = aliased(Actor, name="outlet")

_CARD_COLUMNS = (
    Claim.id,
    Claim.kind,
    Claim.state,
    Claim.statement,
    Claim.quote,
    Claim.quote_start,
    Claim.quote_end,
    Claim.quote_prefix,
    Claim.quote_suffix,
    Claim.event_place,
    Claim.event_time,
    Claim.event_date,
    Claim.created_at,
    Claim.updated_at,
    Article.id,
    Article.title,
    Article.slug,
    Article.published_on,
    Article.url,
    _outlet.id,
    _outlet.name,
    _outlet.slug,
    _outlet.kind,
    _claimant.id,
    _claimant.name,
    _claimant.slug,
    _claimant.kind,
    Claim.version,
)


def visible_states(include_drafts: bool) -> tuple[str, ...]:
    return (ClaimState.published, ClaimState.draft) if include_drafts else (ClaimState.published,)


def claim_cards(
    session: Session, claim_ids: Sequence[int], *, include_drafts: bool = False
) -> dict[int, ClaimCard]:
    """Cards for the given claims, keyed by id (unknown or hidden ids are left out).

    Five lean queries whatever the number of claims: the claims with their article and
    claimant, then their reporting chains, figures, links and disputes."""
    if not claim_ids:
        return {}
    ids = list(dict.fromkeys(claim_ids))
    rows = session.execute(
        select(*_CARD_COLUMNS)
        .join(Article, Article.id == Claim.article_id)
        .join(_claimant, _claimant.id == Claim.claimant_id)
        .outerjoin(_outlet, _outlet.id == Article.outlet_id)
        .where(Claim.id.in_(bindparam("ids", expanding=True)))
        .where(Claim.state.in_(visible_states(include_drafts))),
        {"ids": ids},
    ).all()
    cards: dict[int, ClaimCard] = {}
    for row in rows:
        outlet = ActorRef(*row[19:23]) if row[19] is not None else None
        cards[row[0]] = ClaimCard(
            *row[:14],
            article=ArticleRef(row[14], row[15], row[16], outlet, row[17], row[18]),
            claimant=ActorRef(*row[23:27]),
            version=row[27],
        )
    if not cards:
        return {}
    found = {"ids": list(cards)}
    id_list = bindparam("ids", expanding=True)

    for claim_id, *actor in session.execute(
        select(ClaimReporter.claim_id, Actor.id, Actor.name, Actor.slug, Actor.kind)
        .join(Actor, Actor.id == ClaimReporter.actor_id)
        .where(ClaimReporter.claim_id.in_(id_list))
        .order_by(ClaimReporter.claim_id, ClaimReporter.position),
        found,
    ):
        cards[claim_id].reported_via.append(ActorRef(*actor))

    for claim_id, *figure in session.execute(
        select(
            Figure.claim_id, Figure.low, Figure.high, Figure.qualifier, Figure.counts, Figure.text
        )
        .where(Figure.claim_id.in_(id_list))
        .order_by(Figure.claim_id, Figure.position),
        found,
    ):
        cards[claim_id].figures.append(FigureView(*figure))

    # Links in each direction, each by its own index, and only to claims this viewer may see
    # (a reader must not learn that a draft answers a published claim).
    other = aliased(Claim, name="other_end")
    states = visible_states(include_drafts)
    for near, far, attribute in (
        (ClaimLink.source_id, ClaimLink.target_id, "links_out"),
        (ClaimLink.target_id, ClaimLink.source_id, "links_in"),
    ):
        for link_id, kind, source_id, target_id in session.execute(
            select(ClaimLink.id, ClaimLink.kind, ClaimLink.source_id, ClaimLink.target_id)
            .join(other, other.id == far)
            .where(near.in_(id_list), other.state.in_(states))
            .order_by(ClaimLink.id),
            found,
        ):
            link = LinkView(link_id, kind, source_id, target_id)
            owner = source_id if attribute == "links_out" else target_id
            getattr(cards[owner], attribute).append(link)

    for claim_id, dispute_id in session.execute(
        select(DisputeClaim.claim_id, DisputeClaim.dispute_id)
        .where(DisputeClaim.claim_id.in_(id_list))
        .order_by(DisputeClaim.claim_id, DisputeClaim.dispute_id),
        found,
    ):
        cards[claim_id].dispute_ids.append(dispute_id)
    return cards


def get_claim(session: Session, claim_id: int, *, include_drafts: bool = False) -> ClaimCard | None:
    return claim_cards(session, [claim_id], include_drafts=include_drafts).get(claim_id)


def list_claims(
    session: Session,
    *,
    limit: int,
    offset: int,
    kind: str | None = None,
    article_id: int | None = None,
    claimant_id: int | None = None,
    include_drafts: bool = False,
) -> Page[ClaimCard]:
    filters = [Claim.state.in_(visible_states(include_drafts))]
    if kind is not None:
        filters.append(Claim.kind == kind)
    if article_id is not None:
        filters.append(Claim.article_id == article_id)
    if claimant_id is not None:
        filters.append(Claim.claimant_id == claimant_id)
    total = session.execute(select(func.count()).select_from(Claim).where(*filters)).scalar_one()
    ids = (
        session.execute(
            select(Claim.id).where(*filters).order_by(Claim.id).limit(limit).offset(offset)
        )
        .scalars()
        .all()
    )
    cards = claim_cards(session, ids, include_drafts=include_drafts)
    return Page([cards[i] for i in ids if i in cards], total, limit, offset)
