"""dispute find: disputes in search, the stored counts /disputes sorts by, indexes for its filter

`dispute_tally` holds, per dispute, its answers and independent origins (of the published
claims), which take a whole dispute's claims, links and actors to compute;
`dispute_tally_mark` the last change_log row they take into account. The tallies are built by
the app on first use (app/services/dispute_tally.py: the mark starts at -1, "never built") and
kept current from the change log. Two indexes on dispute serve /disputes by recency, with and
without a status filter.

Search covers disputes (title and summary) as it covers claims: on SQLite an FTS5 table
`dispute_fts` over the dispute table, on PostgreSQL a table of tsvector documents (the
functions and configuration of migration 0004), each kept current by triggers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_TOKENIZER = "porter unicode61 remove_diacritics 2"  # as migration 0001's FTS5 tables
SQLITE_UP = [
    "CREATE VIRTUAL TABLE dispute_fts USING fts5(title, summary, content='dispute',"
    f" content_rowid='id', tokenize='{_TOKENIZER}')",
    """CREATE TRIGGER dispute_fts_ai AFTER INSERT ON dispute BEGIN
        INSERT INTO dispute_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
        END""",
    """CREATE TRIGGER dispute_fts_ad AFTER DELETE ON dispute BEGIN
        INSERT INTO dispute_fts(dispute_fts, rowid, title, summary)
        VALUES ('delete', old.id, old.title, old.summary); END""",
    """CREATE TRIGGER dispute_fts_au AFTER UPDATE OF title, summary ON dispute BEGIN
        INSERT INTO dispute_fts(dispute_fts, rowid, title, summary)
        VALUES ('delete', old.id, old.title, old.summary);
        INSERT INTO dispute_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
        END""",
    "INSERT INTO dispute_fts(dispute_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS dispute_fts_au",
    "DROP TRIGGER IF EXISTS dispute_fts_ad",
    "DROP TRIGGER IF EXISTS dispute_fts_ai",
    "DROP TABLE IF EXISTS dispute_fts",
]
POSTGRES_UP = [
    """CREATE TABLE dispute_fts (
        id integer PRIMARY KEY REFERENCES dispute (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    "CREATE INDEX dispute_fts_document ON dispute_fts USING gin (document)",
    """CREATE FUNCTION dispute_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO dispute_fts (id, document)
        VALUES (NEW.id, gainsay_fts_document(NEW.title, NEW.summary))
        ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER dispute_fts_sync AFTER INSERT OR UPDATE OF title, summary ON dispute
        FOR EACH ROW EXECUTE FUNCTION dispute_fts_sync()""",
    """INSERT INTO dispute_fts (id, document)
        SELECT id, gainsay_fts_document(title, summary) FROM dispute""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS dispute_fts_sync ON dispute",
    "DROP FUNCTION IF EXISTS dispute_fts_sync()",
    "DROP TABLE IF EXISTS dispute_fts",
]


def _search_statements(sqlite: list[str], postgres: list[str]) -> list[str]:
    dialect = op.get_bind().dialect.name
    return sqlite if dialect == "sqlite" else postgres if dialect == "postgresql" else []


def upgrade() -> None:
    for statement in _search_statements(SQLITE_UP, POSTGRES_UP):
        op.execute(statement)
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
    for statement in _search_statements(SQLITE_DOWN, POSTGRES_DOWN):
        op.execute(statement)
    op.drop_index("ix_dispute_status_recent", table_name="dispute")
    op.drop_index("ix_dispute_recent", table_name="dispute")
    op.drop_table("dispute_tally_mark")
    op.drop_index("ix_dispute_tally_origins", table_name="dispute_tally")
    op.drop_index("ix_dispute_tally_answers", table_name="dispute_tally")
    op.drop_table("dispute_tally")
