"""What the Atom feeds list, from the tables and the change history.

Readers' data only: a draft claim, or a change that touched only drafts, never shows."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Change, Claim, Dispute, DisputeClaim
from app.services.disputes import get_dispute_view, list_disputes
from app.vocabulary import ChangeAction, ClaimState, label

FEED_SIZE = 50


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # unique within its feed, stable: a fragment of the entry's id
    title: str
    summary: str
    updated: datetime
    dispute_id: int
    dispute_slug: str
    claim_id: int | None = None


def site_entries(session: Session) -> list[FeedEntry]:
    """The most recently changed disputes, one entry each (its id stays, its date moves)."""
    page = list_disputes(session, limit=FEED_SIZE, offset=0)
    if not page.items:
        return []
    ids = [s.dispute.id for s in page.items]
    times = dict(
        session.execute(select(Dispute.id, Dispute.updated_at).where(Dispute.id.in_(ids))).all()
    )
    # A new answer changes a dispute as much as an edit of its title does.
    latest_claims = dict(
        session.execute(
            select(DisputeClaim.dispute_id, func.max(DisputeClaim.added_at))
            .join(Claim, Claim.id == DisputeClaim.claim_id)
            .where(DisputeClaim.dispute_id.in_(ids), Claim.state == ClaimState.published)
            .group_by(DisputeClaim.dispute_id)
        ).all()
    )
    entries = []
    for summary in page.items:
        d = summary.dispute
        updated = max(_aware(t) for t in (times[d.id], latest_claims.get(d.id) or times[d.id]))
        grade = f", graded {label(d.grade)}" if d.grade else ""
        text = (
            f"{summary.allegations} allegation{'' if summary.allegations == 1 else 's'} and "
            f"{summary.answers} answer{'' if summary.answers == 1 else 's'}; "
            f"{label(d.status)}{grade}. {d.summary}"
        ).strip()
        entries.append(FeedEntry(f"dispute-{d.id}", d.title, text, updated, d.id, d.slug))
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries


_WATCHED = ("title", "status", "grade", "grade_note", "summary")


def _describe_change(before: dict | None, after: dict | None) -> tuple[str, str] | None:
    """A dispute's recorded change as (title, summary), or None when it changed nothing a
    reader follows (the claims it holds have entries of their own)."""
    before, after = before or {}, after or {}
    parts = []
    for name in _WATCHED:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in ("status", "grade"):
            old_text = label(old) if old else "none"
            new_text = label(new) if new else "none"
            parts.append((f"{name.capitalize()}: {old_text} → {new_text}", name))
        else:
            parts.append((f"{name.replace('_', ' ').capitalize()} changed", name))
    graded = any(name == "grade" for _, name in parts)
    if graded:  # the new grade's note is the entry's summary, not news of its own
        parts = [(text, name) for text, name in parts if name != "grade_note"]
    if not parts:
        return None
    title = "; ".join(text for text, _ in parts)
    summary = after.get("grade_note") if graded else ""
    return title, summary or ""


def dispute_entries(session: Session, dispute_id: int) -> list[FeedEntry] | None:
    """A dispute's news: its claims as they were added, and its status, grade and wording
    as they changed (None: no such dispute, or merged away)."""
    view = get_dispute_view(session, dispute_id)
    if view is None or view.dispute.merged_into_id is not None:
        return None
    d = view.dispute
    answers = {a.node.lead.id for row in view.rows for a in row.answers}
    answers |= {c.id for row in view.rows for a in row.answers for c in a.node.carriers}
    added = dict(
        session.execute(
            select(DisputeClaim.claim_id, DisputeClaim.added_at).where(
                DisputeClaim.dispute_id == dispute_id
            )
        ).all()
    )
    published_at = dict(
        session.execute(
            select(Change.entity_id, func.max(Change.at))
            .where(
                Change.entity == "claim",
                Change.action == ChangeAction.publish,
                Change.entity_id.in_([c.id for c in view.claims] or [0]),
            )
            .group_by(Change.entity_id)
        ).all()
    )
    entries = []
    for card in view.claims:
        when = max(
            _aware(t)
            for t in (added.get(card.id), published_at.get(card.id), card.created_at)
            if t is not None
        )
        side = "answer" if card.id in answers or card.kind == "denial" else "allegation"
        entries.append(
            FeedEntry(
                f"claim-{card.id}",
                f"New {side}: {card.claimant.name}: {card.statement}",
                f"{label(card.kind).capitalize()} by {card.claimant.name} in "
                f"“{card.article.title}”: “{card.quote}”",
                when,
                d.id,
                d.slug,
                claim_id=card.id,
            )
        )
    changes = session.execute(
        select(Change.id, Change.action, Change.at, Change.before, Change.after)
        .where(Change.entity == "dispute", Change.entity_id == dispute_id)
        .order_by(Change.id.desc())
        .limit(FEED_SIZE)
    ).all()
    created_recorded = False
    for change_id, action, at, before, after in changes:
        if action == ChangeAction.create:
            created_recorded = True
            entries.append(
                FeedEntry(
                    f"change-{change_id}",
                    f"Dispute opened: {d.title}",
                    d.summary,
                    _aware(at),
                    d.id,
                    d.slug,
                )
            )
            continue
        described = _describe_change(before, after)
        if described is not None:
            entries.append(
                FeedEntry(
                    f"change-{change_id}", described[0], described[1], _aware(at), d.id, d.slug
                )
            )
    if not created_recorded and len(changes) < FEED_SIZE:  # seeded disputes have no history
        created = session.execute(
            select(Dispute.created_at).where(Dispute.id == dispute_id)
        ).scalar_one()
        entries.append(
            FeedEntry(
                "opened", f"Dispute opened: {d.title}", d.summary, _aware(created), d.id, d.slug
            )
        )
    entries.sort(key=lambda e: (e.updated, e.key), reverse=True)
    return entries[:FEED_SIZE]
