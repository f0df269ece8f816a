"""denial type: how a denial or counter-claim answers (categorical, partial, dismissal, …)

A nullable column on claim, kept inside the DenialType vocabulary by a CHECK. The claims already
stored are classified by the documented rules over their kind, their links and their quote
(app/services/denial_types.py; docs/evidence.md); an analyst can change the type afterwards.

One plain ALTER TABLE ... ADD COLUMN on both SQLite and PostgreSQL: no table rebuild, so the
change-log triggers on claim (0003) stay in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.denial_types import classify

revision: str = "0005"
down_revision: str | None = "0004"
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
        "ALTER TABLE claim ADD COLUMN denial_type VARCHAR(20) "
        "CONSTRAINT ck_claim_claim_denial_type "
        f"CHECK (denial_type IS NULL OR denial_type IN ({allowed}))"
    )
    connection = op.get_bind()
    answers = connection.execute(
        sa.text("SELECT id, kind, quote FROM claim WHERE kind IN ('denial', 'counter_claim')")
    ).all()
    links: dict[int, set[str]] = {}
    for source_id, kind in connection.execute(sa.text("SELECT source_id, kind FROM claim_link")):
        links.setdefault(source_id, set()).add(kind)
    for claim_id, kind, quote in answers:
        denial_type = classify(kind, quote, links.get(claim_id, ()))
        if denial_type is not None:
            connection.execute(
                sa.text("UPDATE claim SET denial_type = :t WHERE id = :id"),
                {"t": str(denial_type), "id": claim_id},
            )


def downgrade() -> None:
    op.execute("ALTER TABLE claim DROP COLUMN denial_type")
