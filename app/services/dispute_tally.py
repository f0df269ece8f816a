"""The stored counts /disputes sorts by (table `dispute_tally`): per dispute, its answers (by the
dispute page's layout) and its independent origins (the distinct organisations behind its
claims: app.services.origins's rule), both of the published claims.

They take a whole dispute's claims, links and actors to compute, so they are stored, and kept
current from the change log (app/change_feed.py: database triggers name every claim, link,
dispute and actor a committed write touched). Before a sorted list is read, `refresh` reads the
log past the mark (`dispute_tally_mark`) and recomputes only the disputes those changes reach:

- a dispute: itself (its claims, merges, status);
- a claim (its kind, state, claimant, links or figures): the disputes holding it;
- an actor (its parent may have changed): the disputes holding a claim by it or by any actor
  under it, whose top-level organisation may have moved.

When the mark is older than the oldest row the log keeps (it is pruned), or the backlog is
longer than one read, every tally is rebuilt. The first use after the migration builds them all.
"""

import logging
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.change_feed import READ_LIMIT
from app.db import get_engine, rows_changed, write_session
from app.models import (
    Actor,
    ChangeLogEntry,
    Claim,
    Dispute,
    DisputeClaim,
    DisputeTally,
    DisputeTallyMark,
)
from app.services.disputes import dispute_counts
from app.services.evidence import actor_roots
from app.vocabulary import ClaimState

log = logging.getLogger(__name__)

# On PostgreSQL a change_log id is handed out when its row is inserted, not when it commits: a
# row just under the mark may commit after it was passed over. Each refresh reads this many
# rows before the mark again (recomputing a dispute twice is harmless).
REREAD_ROWS = 200
# Disputes recomputed per batch of queries.
BATCH = 500


def refresh(session: Session) -> None:
    """Bring the stored tallies up to the change log, in the session's transaction (the
    caller commits). Recomputes only what the changes since the last refresh reach."""
    mark = session.execute(select(DisputeTallyMark.log_id).where(DisputeTallyMark.id == 1))
    mark_id = mark.scalar_one_or_none()
    newest, oldest = session.execute(
        select(func.max(ChangeLogEntry.id), func.min(ChangeLogEntry.id))
    ).one()
    newest = newest or 0
    if mark_id is None or mark_id < 0 or (oldest is not None and mark_id < oldest - 1):
        rebuild(session, newest)
        return
    rows = session.execute(
        select(ChangeLogEntry.id, ChangeLogEntry.entity, ChangeLogEntry.entity_id)
        .where(ChangeLogEntry.id > max(mark_id - REREAD_ROWS, 0))
        .order_by(ChangeLogEntry.id)
        .limit(READ_LIMIT + 1)
    ).all()
    if len(rows) > READ_LIMIT:
        rebuild(session, newest)
        return
    if not any(row_id > mark_id for row_id, _, _ in rows):
        return
    recompute(session, _reached(session, [(entity, entity_id) for _, entity, entity_id in rows]))
    _set_mark(session, max(row_id for row_id, _, _ in rows))


def is_current(session: Session) -> bool:
    """Whether the tallies take every logged change into account (two primary-key reads)."""
    mark = session.execute(select(DisputeTallyMark.log_id).where(DisputeTallyMark.id == 1))
    newest = session.execute(select(func.max(ChangeLogEntry.id))).scalar_one()
    return mark.scalar_one_or_none() == (newest or 0)


def bring_up_to_date() -> None:
    """Before a list sorted by the tallies is read: a look with no lock, then, if the log has
    moved, `refresh` in a short write transaction of its own. When the database is busy (a
    writer holds the lock), the list is sorted by the tallies as of the previous refresh."""
    with Session(get_engine()) as session:
        if is_current(session):
            return
    with write_session() as session:
        try:
            refresh(session)
            session.commit()
        except OperationalError:
            session.rollback()
            log.warning("The dispute tallies were not refreshed: the database is busy.")


def rebuild(session: Session, up_to_log_id: int) -> None:
    ids = list(session.execute(select(Dispute.id).order_by(Dispute.id)).scalars())
    session.execute(delete(DisputeTally))
    recompute(session, ids)
    _set_mark(session, up_to_log_id)


def _set_mark(session: Session, log_id: int) -> None:
    done = rows_changed(
        session, update(DisputeTallyMark).where(DisputeTallyMark.id == 1).values(log_id=log_id)
    )
    if done == 0:
        session.execute(insert(DisputeTallyMark).values(id=1, log_id=log_id))


def _reached(session: Session, changes: list[tuple[str, int]]) -> set[int]:
    """The disputes whose tallies the changed entities may move."""
    disputes = {entity_id for entity, entity_id in changes if entity == "dispute"}
    claims = {entity_id for entity, entity_id in changes if entity == "claim"}
    actors = {entity_id for entity, entity_id in changes if entity == "actor"}
    if actors:
        claimants = _with_descendants(session, actors)
        for chunk in _chunks(sorted(claimants)):
            claims.update(
                session.execute(select(Claim.id).where(Claim.claimant_id.in_(chunk))).scalars()
            )
    for chunk in _chunks(sorted(claims)):
        disputes.update(
            session.execute(
                select(DisputeClaim.dispute_id).where(DisputeClaim.claim_id.in_(chunk))
            ).scalars()
        )
    return disputes


def _with_descendants(session: Session, actor_ids: set[int]) -> set[int]:
    found, frontier = set(actor_ids), set(actor_ids)
    while frontier:
        children = set(
            session.execute(select(Actor.id).where(Actor.parent_id.in_(frontier))).scalars()
        )
        frontier = children - found
        found |= frontier
    return found


def recompute(session: Session, dispute_ids: Iterable[int]) -> None:
    """Compute and store the tallies of these disputes (a dispute that no longer exists is
    left out)."""
    for chunk in _chunks(sorted(set(dispute_ids))):
        existing = list(session.execute(select(Dispute.id).where(Dispute.id.in_(chunk))).scalars())
        answers = {d: counts[1] for d, counts in dispute_counts(session, existing).items()}
        claimants: dict[int, set[int]] = {}
        for dispute_id, claimant_id in session.execute(
            select(DisputeClaim.dispute_id, Claim.claimant_id)
            .join(Claim, Claim.id == DisputeClaim.claim_id)
            .where(DisputeClaim.dispute_id.in_(existing), Claim.state == ClaimState.published)
        ):
            claimants.setdefault(dispute_id, set()).add(claimant_id)
        roots = actor_roots(session, {a for ids in claimants.values() for a in ids})
        session.execute(delete(DisputeTally).where(DisputeTally.dispute_id.in_(chunk)))
        if existing:
            session.execute(
                insert(DisputeTally),
                [
                    {
                        "dispute_id": dispute_id,
                        "answer_count": answers.get(dispute_id, 0),
                        "origin_count": len(
                            {
                                roots[a].id if a in roots else a
                                for a in claimants.get(dispute_id, ())
                            }
                        ),
                    }
                    for dispute_id in existing
                ],
            )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]
