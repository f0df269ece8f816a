"""cross-link suggestions: links proposed on import from a new article's suggested claims to
claims stored in other articles (same claim, corroborates, rebuts), and the decisions on them

One new table, and three indexes the proposals' candidate queries use: figures by what they
count and their value, articles by publication date, an actor's claims newest first. Deleting an article, a suggestion or the target
claim deletes the proposal; deleting the link made or the deciding user leaves a NULL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the link vocabulary as this migration writes it.
LINK_KINDS = ("rebuts", "counter_accuses", "discredits_source", "corroborates", "same_claim")


def upgrade() -> None:
    kinds = ", ".join(f"'{kind}'" for kind in LINK_KINDS)
    op.create_table(
        "cross_link_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("target_claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("outgoing", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            f"kind IN ({kinds})", name=op.f("ck_cross_link_suggestion_cross_link_kind")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'rejected')",
            name=op.f("ck_cross_link_suggestion_cross_link_status"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_cross_link_suggestion_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["claim_suggestion.id"],
            name=op.f("fk_cross_link_suggestion_suggestion_id_claim_suggestion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_claim_id"],
            ["claim.id"],
            name=op.f("fk_cross_link_suggestion_target_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_cross_link_suggestion_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["claim_link.id"],
            name=op.f("fk_cross_link_suggestion_link_id_claim_link"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_link_suggestion")),
        sa.UniqueConstraint(
            "suggestion_id",
            "target_claim_id",
            name=op.f("uq_cross_link_suggestion_suggestion_id"),
        ),
    )
    op.create_index(
        op.f("ix_cross_link_suggestion_article_id"),
        "cross_link_suggestion",
        ["article_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_cross_link_suggestion_target_claim_id"),
        "cross_link_suggestion",
        ["target_claim_id"],
        unique=False,
    )
    op.create_index("ix_figure_counts_low", "figure", ["counts", "low"], unique=False)
    op.create_index("ix_article_published_on", "article", ["published_on"], unique=False)
    op.create_index("ix_claim_claimant_recent", "claim", ["claimant_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_claimant_recent", table_name="claim")
    op.drop_index("ix_article_published_on", table_name="article")
    op.drop_index("ix_figure_counts_low", table_name="figure")
    op.drop_index(
        op.f("ix_cross_link_suggestion_target_claim_id"), table_name="cross_link_suggestion"
    )
    op.drop_index(op.f("ix_cross_link_suggestion_article_id"), table_name="cross_link_suggestion")
    op.drop_table("cross_link_suggestion")
