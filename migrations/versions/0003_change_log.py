"""change log: the entities each committed write touched, for every process's page cache

Triggers on the tables whose rows readers see write one `change_log` row per entity a row
change touches, in the writer's own transaction: every write path is covered (the app, the CLI,
bulk statements, foreign-key cascades, hand-made SQL). An UPDATE names the entities of the row
both before and after, so a claim moved to another article drops both articles' pages. On
PostgreSQL the trigger also sends a NOTIFY (delivered at commit, once per transaction), so a
process knows to read the log without asking the server every millisecond.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the (entity kind, column) pairs a change to one of its rows touches. A frozen copy:
# a later migration that tracks more must say so itself.
TRACKED: dict[str, list[tuple[str, str]]] = {
    "article": [("article", "id"), ("actor", "outlet_id")],
    "actor": [("actor", "id"), ("actor", "parent_id")],
    "actor_alias": [("actor", "actor_id")],
    "claim": [("claim", "id"), ("article", "article_id"), ("actor", "claimant_id")],
    "claim_reporter": [("claim", "claim_id"), ("actor", "actor_id")],
    "figure": [("claim", "claim_id")],
    "claim_link": [("claim", "source_id"), ("claim", "target_id")],
    "dispute": [("dispute", "id"), ("dispute", "merged_into_id")],
    "dispute_claim": [("dispute", "dispute_id"), ("claim", "claim_id")],
    "note": [("claim", "claim_id"), ("dispute", "dispute_id")],
}
# Readers see a user only as the author's name on a public note.
USER_COLUMNS = "display_name, username"
NOTIFY_CHANNEL = "gainsay_change_log"


def _touched(pairs: list[tuple[str, str]], rows: list[str]) -> str:
    """A SELECT of the distinct (entity, entity_id) pairs the trigger's rows touch."""
    selects = [
        f"SELECT '{entity}' AS entity, {row}.{column} AS entity_id"
        for row in rows
        for entity, column in pairs
    ]
    return f"SELECT * FROM ({' UNION '.join(selects)}) AS touched WHERE entity_id IS NOT NULL"


def _insert(pairs: list[tuple[str, str]], rows: list[str]) -> str:
    return f"INSERT INTO change_log (entity, entity_id) {_touched(pairs, rows)};"


def _sqlite_up() -> None:
    for table, pairs in TRACKED.items():
        for event, rows in (("INSERT", ["new"]), ("UPDATE", ["old", "new"]), ("DELETE", ["old"])):
            op.execute(
                f"CREATE TRIGGER change_log_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {_insert(pairs, rows)} END"
            )
    op.execute(
        f"CREATE TRIGGER change_log_user_account_update AFTER UPDATE OF {USER_COLUMNS} "
        "ON user_account BEGIN INSERT INTO change_log (entity, entity_id) "
        "VALUES ('user', new.id); END"
    )


def _postgres_up() -> None:
    for table, pairs in TRACKED.items():
        op.execute(
            f"""CREATE FUNCTION change_log_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_insert(pairs, ["NEW"])}
    ELSIF TG_OP = 'UPDATE' THEN
        {_insert(pairs, ["OLD", "NEW"])}
    ELSE
        {_insert(pairs, ["OLD"])}
    END IF;
    PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
    RETURN NULL;
END $$"""
        )
        op.execute(
            f"CREATE TRIGGER change_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION change_log_{table}()"
        )
    op.execute(
        f"""CREATE FUNCTION change_log_user_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO change_log (entity, entity_id) VALUES ('user', NEW.id);
    PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
    RETURN NULL;
END $$"""
    )
    op.execute(
        f"CREATE TRIGGER change_log_user_account AFTER UPDATE OF {USER_COLUMNS} "
        "ON user_account FOR EACH ROW EXECUTE FUNCTION change_log_user_account()"
    )


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
        sqlite_autoincrement=True,
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_up()
    elif dialect == "postgresql":
        _postgres_up()
    # Other engines get no triggers; app.change_feed then treats every poll as "anything may
    # have changed" for them.


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in TRACKED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS change_log_{table}_{event}")
        op.execute("DROP TRIGGER IF EXISTS change_log_user_account_update")
    elif dialect == "postgresql":
        for table in [*TRACKED, "user_account"]:
            op.execute(f"DROP TRIGGER IF EXISTS change_log_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS change_log_{table}()")
    op.drop_table("change_log")
