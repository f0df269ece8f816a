"""A dispute's claims in date order, each answer after what it answers (docs/evidence.md,
"Timeline").

A claim is placed by its event date where the text states one, else by its article's
publication date. An answer never stands before what it answers: it takes the later of its own
date and theirs, and among claims of one date (or of none) comes after its targets. Claims with
no known date are listed apart, after the dated ones, in the order the dispute holds them,
answers again after what they answer. Gaps between dates are stated in days.
"""

from dataclasses import dataclass
from datetime import date

from app.services.evidence import DisputeEvidence, EvidenceDispute, HeldClaim
from app.services.figures_series import dated


@dataclass(frozen=True, slots=True)
class Entry:
    claim: HeldClaim
    side: str
    on: date | None  # where it is placed
    own_date: date | None  # its own date (event, else publication)
    dated_by: str
    answers: tuple[tuple[str, int], ...]  # (link kind, claim id) of what it answers
    moved: bool  # placed later than its own date, after what it answers
    gap_days: int | None  # days since the previous dated entry's date, when more than 0


@dataclass(frozen=True, slots=True)
class TimelineView:
    dispute: EvidenceDispute
    dated: list[Entry]
    undated: list[Entry]


def timeline_of(evidence: DisputeEvidence) -> TimelineView:
    claims = evidence.claims
    position = {c.id: i for i, c in enumerate(claims)}
    # What each claim answers, among the held claims (answer links, by claim).
    answers: dict[int, list[tuple[str, int]]] = {c.id: [] for c in claims}
    sides = evidence.sides
    for link in evidence.links:
        if sides.find(link.source_id) == sides.find(link.target_id):
            continue
        if link.kind in ("rebuts", "counter_accuses", "discredits_source"):
            answers[link.source_id].append((link.kind, link.target_id))
    own = {c.id: dated(c) for c in claims}
    # Effective dates: the latest of a claim's own date and those of what it answers
    # (a fixed point over the answer links; cycles settle because dates only grow).
    placed: dict[int, date | None] = {c.id: own[c.id][0] for c in claims}
    for _ in range(len(claims)):
        changed = False
        for claim in claims:
            for _, target in answers[claim.id]:
                mine, theirs = placed[claim.id], placed[target]
                # An undated answer stays undated: it is listed after the dated claims anyway.
                dated_answer = own[claim.id][0] is not None
                if dated_answer and theirs is not None and (mine is None or theirs > mine):
                    placed[claim.id] = theirs
                    changed = True
        if not changed:
            break
    order = _after_targets(claims, answers, placed, position)
    entries, previous = [], None
    for claim in order:
        on = placed[claim.id]
        gap: int | None = (on - previous).days if on is not None and previous is not None else None
        entries.append(
            Entry(
                claim=claim,
                side=sides.side(claim.id),
                on=on,
                own_date=own[claim.id][0],
                dated_by=own[claim.id][1],
                answers=tuple(answers[claim.id]),
                moved=on is not None and own[claim.id][0] is not None and on != own[claim.id][0],
                gap_days=gap if gap else None,
            )
        )
        if on is not None:
            previous = on
    return TimelineView(
        evidence.dispute,
        [e for e in entries if e.on is not None],
        [e for e in entries if e.on is None],
    )


def _after_targets(
    claims: list[HeldClaim],
    answers: dict[int, list[tuple[str, int]]],
    placed: dict[int, date | None],
    position: dict[int, int],
) -> list[HeldClaim]:
    """Claims by (date known first, date, held order), each answer moved after its targets of
    the same section; a cycle of answers keeps the held order."""

    def key(claim: HeldClaim) -> tuple[int, date, int]:
        on = placed[claim.id]
        return (1, date.min, position[claim.id]) if on is None else (0, on, position[claim.id])

    by_id = {c.id: c for c in claims}
    ordered: list[HeldClaim] = []
    seen: set[int] = set()

    def visit(claim: HeldClaim) -> None:
        if claim.id in seen:
            return
        seen.add(claim.id)  # before its targets: a cycle of answers is cut where it closes
        for _, target in answers[claim.id]:
            # Only within a section: an undated answer to a dated claim already follows it.
            if (placed[target] is None) == (placed[claim.id] is None):
                visit(by_id[target])
        ordered.append(claim)

    for claim in sorted(claims, key=key):
        visit(claim)
    return ordered
