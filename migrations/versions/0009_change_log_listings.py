"""The change log tells a change to a listing from a change to what is listed.

Migration 0003's triggers named the actor of a claim (its claimant, an actor it was reported
via, an article's outlet) and the claim's article as changed whenever the claim changed: right
for the actor's page and the article's page, which list those claims, but every dispute page
that merely names that actor or cites that article was dropped too. A government named on
thousands of disputes had all of them dropped by any edit of any claim it made. From here a
claim's change names `by_actor` (the claims listed under an actor) and `in_article` (the claims
of an article) instead; a change to the actor's or the article's own row still names `actor`
and `article`. The pages that list claims by actor or by article declare these kinds
(app.page_deps).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 22:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTIFY_CHANNEL = "gainsay_change_log"  # as in migration 0003

# table -> the (entity kind, column) pairs a change to one of its rows touches, for the three
# tables whose triggers change (frozen copies, as in 0003). Kinds fit change_log.entity's 10.
BEFORE: dict[str, list[tuple[str, str]]] = {
    "article": [("article", "id"), ("actor", "outlet_id")],
    "claim": [("claim", "id"), ("article", "article_id"), ("actor", "claimant_id")],
    "claim_reporter": [("claim", "claim_id"), ("actor", "actor_id")],
}
AFTER: dict[str, list[tuple[str, str]]] = {
    "article": [("article", "id"), ("by_actor", "outlet_id")],
    "claim": [("claim", "id"), ("in_article", "article_id"), ("by_actor", "claimant_id")],
    "claim_reporter": [("claim", "claim_id"), ("by_actor", "actor_id")],
}


def _insert(pairs: list[tuple[str, str]], rows: list[str]) -> str:
    selects = [
        f"SELECT '{entity}' AS entity, {row}.{column} AS entity_id"
        for row in rows
        for entity, column in pairs
    ]
    touched = f"SELECT * FROM ({' UNION '.join(selects)}) AS touched WHERE entity_id IS NOT NULL"
    return f"INSERT INTO change_log (entity, entity_id) {touched};"


def _sqlite(tracked: dict[str, list[tuple[str, str]]]) -> None:
    for table, pairs in tracked.items():
        for event, rows in (("INSERT", ["new"]), ("UPDATE", ["old", "new"]), ("DELETE", ["old"])):
            name = f"change_log_{table}_{event.lower()}"
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {_insert(pairs, rows)} END"
            )


def _postgres(tracked: dict[str, list[tuple[str, str]]]) -> None:
    # The triggers stay; the functions they call are replaced.
    for table, pairs in tracked.items():
        op.execute(
            f"""CREATE OR REPLACE FUNCTION change_log_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
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


def _apply(tracked: dict[str, list[tuple[str, str]]]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite(tracked)
    elif dialect == "postgresql":
        _postgres(tracked)


def upgrade() -> None:
    _apply(AFTER)


def downgrade() -> None:
    _apply(BEFORE)
