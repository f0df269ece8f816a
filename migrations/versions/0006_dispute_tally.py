"""dispute tally: the stored counts /disputes sorts by, and indexes for its status filter

`dispute_tally` holds, per dispute, its answers and independent origins (of the published
claims), which take a whole dispute's claims, links and actors to compute;
`dispute_tally_mark` the last change_log row they take into account. The tallies are built by
the app on first use (app/services/dispute_tally.py: the mark starts at -1, "never built") and
kept current from the change log. Two indexes on dispute serve /disputes by recency, with and
without a status filter.

Revision ID: 0006_dispute_tally
Revises: 0005
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_dispute_tally"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dispute_tally",
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("answer_count", sa.Integer(), nullable=False),
        sa.Column("origin_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dispute_id"], ["dispute.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("dispute_id"),
    )
    op.create_index("ix_dispute_tally_answers", "dispute_tally", ["answer_count", "dispute_id"])
    op.create_index("ix_dispute_tally_origins", "dispute_tally", ["origin_count", "dispute_id"])
    op.create_table(
        "dispute_tally_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO dispute_tally_mark (id, log_id) VALUES (1, -1)")
    op.create_index("ix_dispute_recent", "dispute", ["updated_at", "id"])
    op.create_index("ix_dispute_status_recent", "dispute", ["status", "updated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_dispute_status_recent", table_name="dispute")
    op.drop_index("ix_dispute_recent", table_name="dispute")
    op.drop_table("dispute_tally_mark")
    op.drop_index("ix_dispute_tally_origins", table_name="dispute_tally")
    op.drop_index("ix_dispute_tally_answers", table_name="dispute_tally")
    op.drop_table("dispute_tally")
