"""postgres search: full-text indexes for PostgreSQL, like SQLite's FTS5 ones

On PostgreSQL search fell back to substring matching ("A-10" matched the "a" in "local" and
the "10" in "100,000"). Here each searched table gets a companion table of `tsvector`
documents with a GIN index, kept current by triggers in the writer's own transaction, as the
FTS5 tables are on SQLite: every write path (the app, the CLI, bulk loads) keeps search
current, and the models know nothing of it (the names end in "_fts", which migrations/env.py
leaves out of the model comparison). app/search/postgres_fts.py reads them.

The text search configuration `gainsay` is English stemming without stop words, like FTS5's
porter tokenizer: "the" and "a" can be searched for, and "killed" finds "killing". (FTS5 also
folds diacritics; this does not, as PostgreSQL's `unaccent` is an extension not every server
has.) The title (or statement, or name) is weighted 'A' for ranking.

A tsvector holds at most 1 MB; a 2 MB article of varied words can pass that, and then its
document is made from its first 200,000 characters rather than failing the write.

SQLite: nothing to do (migration 0001 made its FTS5 tables).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = [
    "CREATE TEXT SEARCH DICTIONARY gainsay_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION gainsay (COPY = english)",
    """ALTER TEXT SEARCH CONFIGURATION gainsay ALTER MAPPING
        FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH gainsay_stem""",
    # A heading (weight A) and a text (weight D), within the tsvector size limit. Everything
    # but letters and digits is a space first, so words split as FTS5's unicode61 splits
    # them: PostgreSQL's parser would read "U.S." as one file name token and "reuters.com"
    # as a host, where FTS5 (and a query's words) have "u" "s" and "reuters" "com".
    """CREATE FUNCTION gainsay_fts_words(content text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(coalesce(content, ''), '[^[:alnum:]]+', ' ', 'g')
    $$""",
    """CREATE FUNCTION gainsay_fts_document(heading text, body text) RETURNS tsvector
        LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
        RETURN setweight(to_tsvector('gainsay', gainsay_fts_words(heading)), 'A')
            || to_tsvector('gainsay', gainsay_fts_words(body));
    EXCEPTION WHEN program_limit_exceeded THEN
        RETURN setweight(to_tsvector('gainsay', gainsay_fts_words(heading)), 'A')
            || to_tsvector('gainsay', gainsay_fts_words(left(body, 200000)));
    END $$""",
    # Articles: title and body.
    """CREATE TABLE article_fts (
        id integer PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    "CREATE INDEX article_fts_document ON article_fts USING gin (document)",
    """CREATE FUNCTION article_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO article_fts (id, document)
        VALUES (NEW.id, gainsay_fts_document(NEW.title, NEW.body))
        ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER article_fts_sync AFTER INSERT OR UPDATE OF title, body ON article
        FOR EACH ROW EXECUTE FUNCTION article_fts_sync()""",
    """INSERT INTO article_fts (id, document)
        SELECT id, gainsay_fts_document(title, body) FROM article""",
    # Claims: statement and quote (drafts too; the search leaves them out).
    """CREATE TABLE claim_fts (
        id integer PRIMARY KEY REFERENCES claim (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    "CREATE INDEX claim_fts_document ON claim_fts USING gin (document)",
    """CREATE FUNCTION claim_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claim_fts (id, document)
        VALUES (NEW.id, gainsay_fts_document(NEW.statement, NEW.quote))
        ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claim_fts_sync AFTER INSERT OR UPDATE OF statement, quote ON claim
        FOR EACH ROW EXECUTE FUNCTION claim_fts_sync()""",
    """INSERT INTO claim_fts (id, document)
        SELECT id, gainsay_fts_document(statement, quote) FROM claim""",
    # Actors: the name and every alias (kept as text too, for the "also called" snippet).
    """CREATE TABLE actor_fts (
        id integer PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
        aliases text NOT NULL,
        document tsvector NOT NULL)""",
    "CREATE INDEX actor_fts_document ON actor_fts USING gin (document)",
    # An actor's row from its current name and aliases; none once the actor is gone (its
    # aliases are deleted by a cascade after it).
    """CREATE FUNCTION actor_fts_refresh(target integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO actor_fts (id, aliases, document)
        SELECT a.id, coalesce(string_agg(al.alias, ' | ' ORDER BY al.id), ''),
               gainsay_fts_document(a.name, coalesce(string_agg(al.alias, ' | ' ORDER BY al.id), ''))
        FROM actor a LEFT JOIN actor_alias al ON al.actor_id = a.id
        WHERE a.id = target
        GROUP BY a.id, a.name
        ON CONFLICT (id) DO UPDATE SET aliases = EXCLUDED.aliases, document = EXCLUDED.document
    $$""",
    """CREATE FUNCTION actor_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'actor' THEN
            PERFORM actor_fts_refresh(NEW.id);
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM actor_fts_refresh(OLD.actor_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM actor_fts_refresh(NEW.actor_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER actor_fts_sync AFTER INSERT OR UPDATE OF name ON actor
        FOR EACH ROW EXECUTE FUNCTION actor_fts_sync()""",
    """CREATE TRIGGER actor_alias_fts_sync AFTER INSERT OR UPDATE OR DELETE ON actor_alias
        FOR EACH ROW EXECUTE FUNCTION actor_fts_sync()""",
    "SELECT actor_fts_refresh(id) FROM actor",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS actor_alias_fts_sync ON actor_alias",
    "DROP TRIGGER IF EXISTS actor_fts_sync ON actor",
    "DROP FUNCTION IF EXISTS actor_fts_sync()",
    "DROP FUNCTION IF EXISTS actor_fts_refresh(integer)",
    "DROP TABLE IF EXISTS actor_fts",
    "DROP TRIGGER IF EXISTS claim_fts_sync ON claim",
    "DROP FUNCTION IF EXISTS claim_fts_sync()",
    "DROP TABLE IF EXISTS claim_fts",
    "DROP TRIGGER IF EXISTS article_fts_sync ON article",
    "DROP FUNCTION IF EXISTS article_fts_sync()",
    "DROP TABLE IF EXISTS article_fts",
    "DROP FUNCTION IF EXISTS gainsay_fts_document(text, text)",
    "DROP FUNCTION IF EXISTS gainsay_fts_words(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS gainsay",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS gainsay_stem",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
