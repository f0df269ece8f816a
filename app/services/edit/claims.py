"""Creating, editing, publishing and deleting claims.

A new claim is a draft until an analyst publishes it. An edit to a published claim is kept
aside as a pending edit (readers go on seeing the published claim) until it is published."""

from datetime import date
from typing import Any

from sqlalchemy import delete, or_, select
from sqlmodel import Session

from app.models import (
    Actor,
    Article,
    Claim,
    ClaimLink,
    ClaimReporter,
    Dispute,
    DisputeClaim,
    Figure,
    saved_id,
    utcnow,
)
from app.schemas import ClaimCreate, ClaimUpdate, FigureIn
from app.services import history
from app.services.anchors import AmbiguousQuote, Anchor, QuoteNotFound, anchor_at, locate_quote
from app.services.denial_types import classify
from app.services.edit import InvalidInput, NotFound, claim_version, next_claim_position
from app.services.suggestion_settling import settle_by_claim
from app.vocabulary import DENIAL_TYPE_KINDS, ChangeAction, ClaimState

ENTITY = "claim"
# Fields an edit may change, as stored in a pending edit and in history snapshots.
EDITABLE = (
    "kind",
    "statement",
    "claimant_id",
    "quote",
    "quote_start",
    "quote_end",
    "quote_prefix",
    "quote_suffix",
    "event_place",
    "event_time",
    "event_date",
    "reported_via",
    "figures",
    "dispute_ids",
    "denial_type",
)


class ClaimHasLinks(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(f"{count} link(s) join this claim to others")
        self.count = count


def snapshot(session: Session, claim_id: int) -> dict[str, Any] | None:
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "state": claim.state,
        "version": claim.version,
        **_published_fields(session, claim),
        "pending_edit": claim.pending_edit,
    }


def _published_fields(session: Session, claim: Claim) -> dict[str, Any]:
    return history.plain(
        {
            "kind": claim.kind,
            "denial_type": claim.denial_type,
            "statement": claim.statement,
            "claimant_id": claim.claimant_id,
            "quote": claim.quote,
            "quote_start": claim.quote_start,
            "quote_end": claim.quote_end,
            "quote_prefix": claim.quote_prefix,
            "quote_suffix": claim.quote_suffix,
            "event_place": claim.event_place,
            "event_time": claim.event_time,
            "event_date": claim.event_date,
            "reported_via": list(
                session.execute(
                    select(ClaimReporter.actor_id)
                    .where(ClaimReporter.claim_id == claim.id)
                    .order_by(ClaimReporter.position)
                ).scalars()
            ),
            "figures": [
                {
                    "low": f.low,
                    "high": f.high,
                    "qualifier": f.qualifier,
                    "counts": f.counts,
                    "text": f.text,
                }
                for f in session.execute(
                    select(Figure).where(Figure.claim_id == claim.id).order_by(Figure.position)
                ).scalars()
            ],
            "dispute_ids": list(
                session.execute(
                    select(DisputeClaim.dispute_id)
                    .where(DisputeClaim.claim_id == claim.id)
                    .order_by(DisputeClaim.dispute_id)
                ).scalars()
            ),
        }
    )


def editable_fields(session: Session, claim: Claim) -> dict[str, Any]:
    """What an edit form starts from: the pending edit if there is one, else the claim."""
    return dict(claim.pending_edit) if claim.pending_edit else _published_fields(session, claim)


def _anchor(body: str, quote: str, start: int | None, end: int | None, preceding: str) -> Anchor:
    """Where the quote stands: at the given offsets when the words are there (a selection), else
    found by its words (a pasted quote, or a quote edited after it was selected)."""
    if (
        start is not None
        and end is not None
        and 0 <= start < end <= len(body)
        and body[start:end] == quote
    ):
        return anchor_at(body, start, end)
    try:
        return locate_quote(body, quote, prefix=preceding, near=start)
    except QuoteNotFound:
        raise InvalidInput(
            {"quote": "These words do not occur in the article; copy them exactly."}
        ) from None
    except AmbiguousQuote as error:
        raise InvalidInput(
            {
                "quote": f"These words {str(error).split(':')[0]} in the article; "
                "select the one you mean in the text, or quote a little more."
            }
        ) from None


def _check_actors(
    session: Session, claimant_id: int | None, reported_via: list[int] | None
) -> None:
    wanted = {i for i in [claimant_id, *(reported_via or [])] if i is not None}
    if not wanted:
        return
    known = set(session.execute(select(Actor.id).where(Actor.id.in_(wanted))).scalars())
    errors = {}
    if claimant_id is not None and claimant_id not in known:
        errors["claimant_id"] = f"There is no actor number {claimant_id}."
    missing = [i for i in reported_via or [] if i not in known]
    if missing:
        errors["reported_via"] = f"Unknown actor(s): {', '.join(map(str, missing))}."
    if reported_via and len(set(reported_via)) != len(reported_via):
        errors["reported_via"] = "An actor appears twice in the reporting chain."
    if errors:
        raise InvalidInput(errors)


def _check_disputes(session: Session, dispute_ids: list[int] | None) -> None:
    if not dispute_ids:
        return
    rows = dict(
        session.execute(
            select(Dispute.id, Dispute.merged_into_id).where(Dispute.id.in_(dispute_ids))
        ).all()
    )
    missing = [i for i in dispute_ids if i not in rows]
    merged = [i for i in dispute_ids if rows.get(i)]
    if missing:
        raise InvalidInput({"dispute_ids": f"Unknown dispute(s): {', '.join(map(str, missing))}."})
    if merged:
        raise InvalidInput(
            {"dispute_ids": f"Dispute(s) {', '.join(map(str, merged))} were merged into others."}
        )


def _denial_type(kind: str, given: str | None, quote: str, named: bool) -> str | None:
    """The type an answer is stored with: the one named, else (a new answer) the rules'
    suggestion (app/services/denial_types.py). Only denials and counter-claims carry one."""
    if kind not in DENIAL_TYPE_KINDS:
        if given is not None:
            raise InvalidInput(
                {"denial_type": "Only a denial or a counter-claim answers in a way of its own."}
            )
        return None
    if given is None and not named:
        suggested = classify(kind, quote)
        return str(suggested) if suggested is not None else None
    return str(given) if given is not None else None


def _figures(figures: list[FigureIn] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f.model_dump() if isinstance(f, FigureIn) else dict(f) for f in figures]


def _write_children(session: Session, claim_id: int, fields: dict[str, Any]) -> None:
    """Replace a claim's reporting chain, figures and dispute memberships with `fields`'."""
    session.execute(delete(ClaimReporter).where(ClaimReporter.claim_id == claim_id))
    session.execute(delete(Figure).where(Figure.claim_id == claim_id))
    for position, actor_id in enumerate(fields["reported_via"]):
        session.add(ClaimReporter(claim_id=claim_id, position=position, actor_id=actor_id))
    for position, figure in enumerate(fields["figures"]):
        session.add(Figure(claim_id=claim_id, position=position, **figure))
    held = set(
        session.execute(
            select(DisputeClaim.dispute_id).where(DisputeClaim.claim_id == claim_id)
        ).scalars()
    )
    wanted = set(fields["dispute_ids"])
    if held - wanted:
        session.execute(
            delete(DisputeClaim).where(
                DisputeClaim.claim_id == claim_id, DisputeClaim.dispute_id.in_(held - wanted)
            )
        )
    for dispute_id in sorted(wanted - held):
        position = next_claim_position(session, dispute_id)
        session.add(DisputeClaim(dispute_id=dispute_id, claim_id=claim_id, position=position))
    session.flush()


def _apply(session: Session, claim: Claim, fields: dict[str, Any]) -> None:
    for name in (
        "kind",
        "statement",
        "claimant_id",
        "quote",
        "quote_start",
        "quote_end",
        "quote_prefix",
        "quote_suffix",
        "event_place",
        "event_time",
    ):
        setattr(claim, name, fields[name])
    event_date = fields.get("event_date")
    claim.event_date = date.fromisoformat(event_date) if isinstance(event_date, str) else event_date
    # Pending edits and history recorded before denial types existed do not name one: keep it.
    if "denial_type" in fields:
        claim.denial_type = fields["denial_type"]
    if claim.kind not in DENIAL_TYPE_KINDS:
        claim.denial_type = None
    session.add(claim)
    session.flush()
    _write_children(session, saved_id(claim), fields)


def create_claim(session: Session, data: ClaimCreate, user_id: int | None) -> Claim:
    article = session.get(Article, data.article_id)
    if article is None:
        raise InvalidInput({"article_id": f"There is no article number {data.article_id}."})
    anchor = _anchor(
        article.body, data.quote, data.quote_start, data.quote_end, data.preceding_text
    )
    _check_actors(session, data.claimant_id, data.reported_via)
    _check_disputes(session, data.dispute_ids)
    claim = Claim(
        denial_type=_denial_type(
            data.kind, data.denial_type, data.quote, "denial_type" in data.model_fields_set
        ),
        article_id=article.id,
        state=ClaimState.draft,
        created_by_id=user_id,
        kind=data.kind,
        statement=data.statement,
        claimant_id=data.claimant_id,
        quote=data.quote,
        quote_start=anchor.start,
        quote_end=anchor.end,
        quote_prefix=anchor.prefix,
        quote_suffix=anchor.suffix,
        event_place=data.event_place,
        event_time=data.event_time,
        event_date=data.event_date,
    )
    session.add(claim)
    session.flush()
    claim_id = saved_id(claim)
    _write_children(
        session,
        claim_id,
        {
            "reported_via": data.reported_via,
            "figures": _figures(data.figures),
            "dispute_ids": data.dispute_ids,
        },
    )
    history.record(
        session, ENTITY, claim_id, ChangeAction.create, user_id, None, snapshot(session, claim_id)
    )
    # The pending suggestions this claim takes up are not offered again.
    settle_by_claim(session, claim)
    return claim


def update_claim(
    session: Session, claim_id: int, data: ClaimUpdate, expected_version: int, user_id: int | None
) -> Claim:
    """Apply an edit. On a draft it takes effect at once; on a published claim it becomes the
    claim's pending edit, replacing any earlier pending edit."""
    before = snapshot(session, claim_id)
    if before is None:
        raise NotFound(f"There is no claim number {claim_id}.")
    claim_version(session, Claim, claim_id, expected_version)
    claim = session.get_one(Claim, claim_id)
    fields = editable_fields(session, claim)
    changes = data.model_dump(exclude_unset=True)
    preceding_text = changes.pop("preceding_text", "")
    if "figures" in changes:
        changes["figures"] = _figures(data.figures or [])
    fields.update(changes)
    if {"quote", "quote_start", "quote_end"} & changes.keys():
        article = session.get_one(Article, claim.article_id)
        anchor = _anchor(
            article.body,
            fields["quote"],
            changes.get("quote_start"),
            changes.get("quote_end"),
            preceding_text,
        )
        fields.update(
            quote_start=anchor.start,
            quote_end=anchor.end,
            quote_prefix=anchor.prefix,
            quote_suffix=anchor.suffix,
        )
    _check_actors(session, fields["claimant_id"], fields["reported_via"])
    _check_disputes(session, fields["dispute_ids"])
    if fields["kind"] not in DENIAL_TYPE_KINDS and "denial_type" not in changes:
        fields["denial_type"] = None  # no longer an answer: its old type goes with its kind
    fields["denial_type"] = _denial_type(
        fields["kind"], fields.get("denial_type"), fields["quote"], "denial_type" in changes
    )
    if claim.state == ClaimState.draft:
        _apply(session, claim, fields)
    else:
        claim.pending_edit = history.plain({k: fields[k] for k in EDITABLE})
        claim.pending_by_id = user_id
        session.add(claim)
        session.flush()
    history.record(
        session, ENTITY, claim_id, ChangeAction.update, user_id, before, snapshot(session, claim_id)
    )
    return claim


def publish_claim(
    session: Session, claim_id: int, expected_version: int, user_id: int | None
) -> Claim:
    before = snapshot(session, claim_id)
    if before is None:
        raise NotFound(f"There is no claim number {claim_id}.")
    claim_version(session, Claim, claim_id, expected_version)
    claim = session.get_one(Claim, claim_id)
    if claim.state == ClaimState.published and not claim.pending_edit:
        raise InvalidInput({"state": "This claim is already published and has no pending edit."})
    if claim.pending_edit:
        _apply(session, claim, dict(claim.pending_edit))
        claim.pending_edit = None
        claim.pending_by_id = None
    claim.state = ClaimState.published
    session.add(claim)
    session.flush()
    history.record(
        session,
        ENTITY,
        claim_id,
        ChangeAction.publish,
        user_id,
        before,
        snapshot(session, claim_id),
    )
    return claim


def links_touching(session: Session, claim_id: int) -> list[ClaimLink]:
    return list(
        session.execute(
            select(ClaimLink)
            .where(or_(ClaimLink.source_id == claim_id, ClaimLink.target_id == claim_id))
            .order_by(ClaimLink.id)
        ).scalars()
    )


def delete_claim(
    session: Session,
    claim_id: int,
    expected_version: int,
    user_id: int | None,
    *,
    remove_links: bool,
) -> None:
    """Delete a claim. If other claims link to it, `remove_links` must be given: its links go
    in the same transaction (each recorded, so a revert can bring them back)."""
    from app.services.edit import links as link_edits

    before = snapshot(session, claim_id)
    if before is None:
        raise NotFound(f"There is no claim number {claim_id}.")
    claim_version(session, Claim, claim_id, expected_version)
    links = links_touching(session, claim_id)
    if links and not remove_links:
        raise ClaimHasLinks(len(links))
    for link in links:
        link_edits.delete_link(session, saved_id(link), link.version, user_id)
    session.execute(delete(Claim).where(Claim.id == claim_id))
    session.flush()
    history.record(session, ENTITY, claim_id, ChangeAction.delete, user_id, before, None)


def restore(session: Session, claim_id: int, state: dict[str, Any] | None) -> None:
    """Put a claim back as a snapshot recorded it (None: the claim did not exist)."""
    claim = session.get(Claim, claim_id)
    if state is None:
        if claim is not None:
            session.delete(claim)
            session.flush()
        return
    if claim is None:
        claim = Claim(
            id=claim_id,
            article_id=state["article_id"],
            quote_start=0,
            quote_end=1,
            kind=state["kind"],
            statement="",
            claimant_id=state["claimant_id"],
            quote="",
        )
        session.add(claim)
        session.flush()
    claim.state = state["state"]
    claim.pending_edit = state.get("pending_edit")
    claim.version = (claim.version or 0) + 1
    claim.updated_at = utcnow()
    _apply(session, claim, state)
