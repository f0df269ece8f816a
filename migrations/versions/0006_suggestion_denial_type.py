"""suggestion denial type: how a suggested denial or counter-claim answers

A nullable column on claim_suggestion, kept inside the DenialType vocabulary by a CHECK; the
suggestion engine fills it for the answers it proposes and accepting a suggestion carries it
into the claim. Suggestions stored before it stay without one (accepting them types the claim
by the rules, as before).

One plain ALTER TABLE ... ADD COLUMN on both SQLite and PostgreSQL: no table rebuild.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the vocabulary as this migration writes it.
DENIAL_TYPES = (
    "categorical",
    "partial",
    "dismissal",
    "discrediting",
    "non_denial",
    "counter_accusation",
)


def upgrade() -> None:
    allowed = ", ".join(f"'{value}'" for value in DENIAL_TYPES)
    op.execute(
        "ALTER TABLE claim_suggestion ADD COLUMN denial_type VARCHAR(20) "
        "CONSTRAINT ck_claim_suggestion_suggestion_denial_type "
        f"CHECK (denial_type IS NULL OR denial_type IN ({allowed}))"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE claim_suggestion DROP COLUMN denial_type")
