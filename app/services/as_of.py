"""A dispute as Gainsay published it at the end of a past day, rebuilt from the history table
`change` (docs/evidence.md, "As of a date").

Every create, edit, publish, merge, revert and delete of a claim, link or dispute records the
object's snapshot before and after (app/services/history.py). The state of an object at a
moment is the `after` of its last change before that moment; with none, the `before` of its
first change after it; with no change at all, the row as it stands if it was created before
the moment (rows loaded without history, such as the seed data, have only their creation time).

The claims a dispute held are rebuilt by undoing, newest first, every change after the moment
that moved a claim in or out of it (a dispute's `claim_ids`, a claim's `dispute_ids`). Readers
saw published claims only, so a claim counts when its state then was "published".

Not rebuilt: actors' and articles' names and outlets (they are shown as they are now), and
anything changed without going through the app (hand-made SQL, the seed loader).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from app.models import (
    Actor,
    Article,
    Change,
    Claim,
    ClaimLink,
    Dispute,
    DisputeClaim,
    saved_id,
)
from app.services.edit import claims as claim_edits
from app.services.edit import disputes as dispute_edits
from app.services.edit import links as link_edits
from app.services.evidence import (
    DisputeEvidence,
    EvidenceDispute,
    HeldClaim,
    HeldLink,
    actor_roots,
)
from app.services.views import ActorRef, ArticleRef, FigureView
from app.vocabulary import ClaimState

Snapshot = dict[str, Any]


def end_of(day: date) -> datetime:
    """The first instant after `day` ends (UTC)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


@dataclass(slots=True)
class AsOfView:
    day: date
    cutoff: datetime
    current: EvidenceDispute  # the dispute as it is now (for links to today's page)
    evidence: DisputeEvidence | None  # None: nothing published yet on that day
    changes_after: int  # recorded changes to the dispute and its claims since


def _changes(session: Session, entity: str, ids: set[int]) -> dict[int, list[Change]]:
    found: dict[int, list[Change]] = {}
    if not ids:
        return found
    for change in session.execute(
        select(Change).where(Change.entity == entity, Change.entity_id.in_(ids)).order_by(Change.id)
    ).scalars():
        found.setdefault(change.entity_id, []).append(change)
    return found


def _state_at(
    changes: list[Change],
    cutoff: datetime,
    current: Snapshot | None,
    created_at: datetime | None,
) -> Snapshot | None:
    before = [c for c in changes if _aware(c.at) < cutoff]
    if before:
        return before[-1].after
    if changes:
        return changes[0].before
    if current is not None and created_at is not None and _aware(created_at) < cutoff:
        return current
    return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def dispute_as_of(session: Session, dispute_id: int, day: date) -> AsOfView | None:
    """None when there is no dispute `dispute_id` today."""
    row = session.get(Dispute, dispute_id)
    if row is None:
        return None
    cutoff = end_of(day)
    current = EvidenceDispute(
        dispute_id,
        row.title,
        row.slug,
        row.status,
        row.summary,
        row.grade,
        row.grade_note,
        row.merged_into_id,
        row.created_at,
    )
    dispute_changes = _changes(session, "dispute", {dispute_id}).get(dispute_id, [])
    state = _state_at(
        dispute_changes, cutoff, dispute_edits.snapshot(session, dispute_id), row.created_at
    )
    later = [c for c in dispute_changes if _aware(c.at) >= cutoff]
    if state is None:
        return AsOfView(day, cutoff, current, None, len(later))
    members = _members_at(session, dispute_id, cutoff, dispute_changes)
    claim_changes = _changes(session, "claim", set(members))
    claims: dict[int, Snapshot] = {}
    created = dict(
        session.execute(select(Claim.id, Claim.created_at).where(Claim.id.in_(members))).all()
    )
    for claim_id in members:
        changes = claim_changes.get(claim_id, [])
        later += [c for c in changes if _aware(c.at) >= cutoff]
        snap = _state_at(
            changes,
            cutoff,
            claim_edits.snapshot(session, claim_id) if claim_id in created else None,
            created.get(claim_id),
        )
        if snap is not None and snap.get("state") == ClaimState.published:
            claims[claim_id] = snap
    links = _links_at(session, set(claims), cutoff)
    evidence = _evidence(session, state, claims, members, links, row.created_at)
    return AsOfView(day, cutoff, current, evidence, len(later))


def _members_at(
    session: Session, dispute_id: int, cutoff: datetime, dispute_changes: list[Change]
) -> list[int]:
    """The claims the dispute held at `cutoff`, in its order then as far as known."""
    members = list(
        session.execute(
            select(DisputeClaim.claim_id)
            .where(DisputeClaim.dispute_id == dispute_id)
            .order_by(DisputeClaim.position, DisputeClaim.claim_id)
        ).scalars()
    )
    later_claim_changes = session.execute(
        select(Change).where(Change.entity == "claim", Change.at >= cutoff).order_by(Change.id)
    ).scalars()
    events = [c for c in dispute_changes if _aware(c.at) >= cutoff]
    events += [
        c
        for c in later_claim_changes
        if (dispute_id in (c.before or {}).get("dispute_ids", []))
        != (dispute_id in (c.after or {}).get("dispute_ids", []))
    ]
    # Undo, newest first.
    for change in sorted(events, key=saved_id, reverse=True):
        if change.entity == "dispute":
            members = list((change.before or {}).get("claim_ids", []))
        elif dispute_id in (change.before or {}).get("dispute_ids", []):
            if change.entity_id not in members:
                members.append(change.entity_id)
        elif change.entity_id in members:
            members.remove(change.entity_id)
    return members


def _links_at(session: Session, claim_ids: set[int], cutoff: datetime) -> list[HeldLink]:
    if not claim_ids:
        return []
    current = {
        link_id: created
        for link_id, created in session.execute(
            select(ClaimLink.id, ClaimLink.created_at).where(
                or_(ClaimLink.source_id.in_(claim_ids), ClaimLink.target_id.in_(claim_ids))
            )
        )
    }
    # Links since deleted or moved have a change after the cutoff that remembers them.
    later = set(
        session.execute(
            select(Change.entity_id).where(Change.entity == "link", Change.at >= cutoff)
        ).scalars()
    )
    candidates = set(current) | later
    changes = _changes(session, "link", candidates)
    links = []
    for link_id in sorted(candidates):
        snap = _state_at(
            changes.get(link_id, []),
            cutoff,
            link_edits.snapshot(session, link_id) if link_id in current else None,
            current.get(link_id),
        )
        if snap and snap["source_id"] in claim_ids and snap["target_id"] in claim_ids:
            links.append(HeldLink(snap["kind"], snap["source_id"], snap["target_id"]))
    return links


def _evidence(
    session: Session,
    state: Snapshot,
    claims: dict[int, Snapshot],
    order: list[int],
    links: list[HeldLink],
    created_at: datetime | None,
) -> DisputeEvidence:
    dispute = EvidenceDispute(
        state["id"],
        state["title"],
        state["slug"],
        state["status"],
        state["summary"],
        state.get("grade"),
        state.get("grade_note", ""),
        state.get("merged_into_id"),
        created_at,
    )
    actor_ids = {s["claimant_id"] for s in claims.values()}
    actor_ids |= {a for s in claims.values() for a in s.get("reported_via", [])}
    article_ids = {s["article_id"] for s in claims.values()}
    articles: dict[int, ArticleRef] = {}
    outlets: dict[int, int | None] = {}
    if article_ids:
        rows = session.execute(
            select(
                Article.id,
                Article.title,
                Article.slug,
                Article.published_on,
                Article.url,
                Article.outlet_id,
            ).where(Article.id.in_(article_ids))
        ).all()
        for article_id, *_, outlet_id in rows:
            outlets[article_id] = outlet_id
        actor_ids |= {o for o in outlets.values() if o is not None}
    actors = {
        row[0]: ActorRef(*row)
        for row in session.execute(
            select(Actor.id, Actor.name, Actor.slug, Actor.kind).where(Actor.id.in_(actor_ids))
        )
    }
    if article_ids:
        for article_id, title, slug, published_on, url, outlet_id in rows:
            outlet = actors.get(outlet_id) if outlet_id is not None else None
            articles[article_id] = ArticleRef(article_id, title, slug, outlet, published_on, url)
    held = []
    for claim_id in order:
        snap = claims.get(claim_id)
        if snap is None or snap["article_id"] not in articles:
            continue
        held.append(
            HeldClaim(
                id=claim_id,
                kind=snap["kind"],
                denial_type=snap.get("denial_type"),
                statement=snap["statement"],
                quote=snap["quote"],
                event_place=snap.get("event_place", ""),
                event_time=snap.get("event_time", ""),
                event_date=date.fromisoformat(snap["event_date"])
                if snap.get("event_date")
                else None,
                article=articles[snap["article_id"]],
                claimant=actors.get(
                    snap["claimant_id"], ActorRef(snap["claimant_id"], "(actor deleted)", "", "")
                ),
                reported_via=tuple(actors[a] for a in snap.get("reported_via", []) if a in actors),
                figures=tuple(
                    FigureView(
                        f["low"],
                        f.get("high"),
                        f.get("qualifier", ""),
                        f["counts"],
                        f.get("text", ""),
                    )
                    for f in snap.get("figures", [])
                ),
            )
        )
    evidence = DisputeEvidence(dispute, held, links)
    evidence.roots = actor_roots(session, set(actors))
    return evidence
