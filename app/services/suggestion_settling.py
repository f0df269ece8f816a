"""A hand-made claim settles the claim suggestions it takes up.

An analyst who marks the same words as a pending suggestion (through "Edit", which opens the
claim form prefilled, or by selecting them) has taken the suggestion up: it should not be
offered again. `create_claim` (app/services/edit/claims.py) calls `settle_by_claim` for every
new claim, in the claim's own transaction. Kept apart from app/services/suggestions.py, which
builds on the claim services (accepting makes a claim), so that neither imports the other."""

from sqlalchemy import case, update
from sqlmodel import Session

from app.db import rows_changed
from app.models import Claim, ClaimSuggestion, utcnow
from app.vocabulary import SuggestionStatus

# A new claim settles a pending suggestion when it covers this share of its quote.
SETTLING_COVERAGE = 0.5


def settle_by_claim(session: Session, claim: Claim) -> int:
    """Accept, with `claim`, every pending suggestion of its article whose quote the claim
    covers at least SETTLING_COVERAGE of. Returns how many were settled."""
    table = ClaimSuggestion.__table__
    # min(end) - max(start), written with CASE: two-argument MIN is SQLite's alone.
    overlap = case(
        (table.c.quote_end < claim.quote_end, table.c.quote_end), else_=claim.quote_end
    ) - case(
        (table.c.quote_start > claim.quote_start, table.c.quote_start),
        else_=claim.quote_start,
    )
    return rows_changed(
        session,
        update(table)
        .where(
            table.c.article_id == claim.article_id,
            table.c.status == SuggestionStatus.pending,
            overlap * 1.0 >= (table.c.quote_end - table.c.quote_start) * SETTLING_COVERAGE,
        )
        .values(
            status=SuggestionStatus.accepted,
            decided_by_id=claim.created_by_id,
            decided_at=utcnow(),
            claim_id=claim.id,
        )
        .execution_options(synchronize_session=False),
    )
