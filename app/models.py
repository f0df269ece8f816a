"""Tables: the curated record (articles, actors, claims, links, disputes), then accounts,
sessions and tokens, notes and history, and the import's suggestions. API shapes live in
app/schemas.py; queries and rules in app/services/."""

from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.vocabulary import (
    ActorKind,
    ClaimKind,
    ClaimState,
    DenialType,
    DisputeStatus,
    FigureCounts,
    Grade,
    LinkKind,
    NoteVisibility,
    Role,
    SuggestionStatus,
    check_in,
)

# Tables whose ids appear in permalinks or the history use AUTOINCREMENT on SQLite: an id is
# never given again after its row is deleted, so an old link never shows a different object.
# Deterministic constraint names, so migrations can alter and drop them (SQLite batch mode too).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The largest id anything may name: ids are INTEGER columns, 32-bit on PostgreSQL (an id past
# it in a path or a body is refused or not found, never sent to the database).
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def saved_id(row: _Row) -> int:
    """The id of a row that has been flushed: the database gave it one. (A table's `id` is
    None only between creating the object and its first flush.)"""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(
        default_factory=utcnow, nullable=False, sa_column_kwargs={"onupdate": utcnow}
    )


class Versioned(Timestamped):
    # Bumped on every edit; edit forms and If-Match carry it so no edit is silently lost.
    version: int = Field(default=1, nullable=False)


class Actor(Versioned, table=True):
    __table_args__ = (
        CheckConstraint(check_in("kind", ActorKind), name="actor_kind"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    slug: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    parent_id: int | None = Field(default=None, foreign_key="actor.id", index=True)
    description: str = Field(default="", max_length=2000)


class ActorAlias(Timestamped, table=True):
    __tablename__ = "actor_alias"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", index=True, ondelete="CASCADE")
    alias: str = Field(max_length=200)


class Article(Versioned, table=True):
    __table_args__ = (
        # Cross-article link proposals look for articles of the same days.
        Index("ix_article_published_on", "published_on"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str | None = Field(default=None, max_length=2000, unique=True)
    outlet_id: int | None = Field(default=None, foreign_key="actor.id", index=True)
    title: str = Field(max_length=500)
    slug: str = Field(max_length=200)
    # Unknown stays unknown: never filled in from context.
    published_on: date | None = Field(default=None)
    # The body exactly as stored; claim anchors are character offsets into it.
    body: str = Field(sa_column=Column(Text, nullable=False))
    # sha256 of the body, for recognising the same text imported twice.
    content_hash: str = Field(max_length=64, unique=True)
    # Where the text came from (a seed file name, an upload, a URL fetch).
    origin: str = Field(default="", max_length=500)


class Claim(Versioned, table=True):
    __table_args__ = (
        CheckConstraint(check_in("kind", ClaimKind), name="claim_kind"),
        CheckConstraint(check_in("state", ClaimState), name="claim_state"),
        CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name="claim_anchor"),
        CheckConstraint(
            f"denial_type IS NULL OR {check_in('denial_type', DenialType)}",
            name="claim_denial_type",
        ),
        Index("ix_claim_article_start", "article_id", "quote_start"),
        # An actor's newest claims, for cross-article link proposals.
        Index("ix_claim_claimant_recent", "claimant_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    claimant_id: int = Field(foreign_key="actor.id", index=True)
    kind: str = Field(max_length=20)
    state: str = Field(default=ClaimState.published, max_length=20)
    # How a denial or counter-claim answers (DenialType); None for other kinds, or not yet read.
    denial_type: str | None = Field(default=None, max_length=20)
    # The analyst's one-line wording of the assertion.
    statement: str = Field(max_length=500)
    # The exact words in the article and where they stand (W3C TextQuote + TextPosition).
    quote: str = Field(sa_column=Column(Text, nullable=False))
    quote_start: int
    quote_end: int
    quote_prefix: str = Field(default="", max_length=64)
    quote_suffix: str = Field(default="", max_length=64)
    # Where and when the event happened, as the text states it.
    event_place: str = Field(default="", max_length=200)
    event_time: str = Field(default="", max_length=200)
    event_date: date | None = Field(default=None)
    # An edit to a published claim waits here, as a draft, until an analyst publishes it;
    # readers keep seeing the published fields meanwhile.
    pending_edit: dict | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    pending_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )


class ClaimReporter(SQLModel, table=True):
    """One step of a claim's chain of reporting, from the claimant outwards (SOHR → AFP)."""

    __tablename__ = "claim_reporter"

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", index=True)


class Figure(SQLModel, table=True):
    """A number or range a claim states, and what it counts."""

    __table_args__ = (
        CheckConstraint(check_in("counts", FigureCounts), name="figure_counts"),
        CheckConstraint("high IS NULL OR high >= low", name="figure_range"),
        # Cross-article link proposals look for the same count of the same thing.
        Index("ix_figure_counts_low", "counts", "low"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    low: int = Field(ge=0)
    high: int | None = Field(default=None)
    # "at least", "over", "nearly", "up to", "around" or empty for an exact figure.
    qualifier: str = Field(default="", max_length=30)
    counts: str = Field(max_length=20)
    # The words as written: "at least 150 civilians".
    text: str = Field(default="", max_length=200)


class ClaimLink(Versioned, table=True):
    """A typed edge: the source claim rebuts / counter-accuses / … the target claim."""

    __tablename__ = "claim_link"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind"),
        CheckConstraint(check_in("kind", LinkKind), name="link_kind"),
        CheckConstraint("source_id <> target_id", name="link_not_self"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    target_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    note: str = Field(default="", max_length=1000)


class Dispute(Versioned, table=True):
    __table_args__ = (
        CheckConstraint(check_in("status", DisputeStatus), name="dispute_status"),
        CheckConstraint(f"grade IS NULL OR {check_in('grade', Grade)}", name="dispute_grade"),
        # /disputes, most recently changed first, with or without a status filter.
        Index("ix_dispute_recent", "updated_at", "id"),
        Index("ix_dispute_status_recent", "status", "updated_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    slug: str = Field(max_length=200, unique=True)
    status: str = Field(default=DisputeStatus.open, max_length=20)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    grade: str | None = Field(default=None, max_length=20)
    grade_note: str = Field(default="", max_length=2000)
    # A dispute merged into another keeps its row so that its permalink can redirect there.
    merged_into_id: int | None = Field(default=None, foreign_key="dispute.id", index=True)


class DisputeTally(SQLModel, table=True):
    """Counts /disputes sorts by, stored because they take a whole dispute's claims, links and
    actors to compute (app/services/dispute_tally.py keeps them current from the change log).
    Of the published claims: answers by the dispute page's layout, and independent origins."""

    __tablename__ = "dispute_tally"
    __table_args__ = (
        Index("ix_dispute_tally_answers", "answer_count", "dispute_id"),
        Index("ix_dispute_tally_origins", "origin_count", "dispute_id"),
    )

    dispute_id: int = Field(foreign_key="dispute.id", primary_key=True, ondelete="CASCADE")
    answer_count: int = Field(default=0)
    origin_count: int = Field(default=0)


class DisputeTallyMark(SQLModel, table=True):
    """One row: the last change_log id the stored tallies take into account (-1: never built)."""

    __tablename__ = "dispute_tally_mark"

    id: int = Field(default=1, primary_key=True)
    log_id: int = Field(default=-1)


class DisputeClaim(SQLModel, table=True):
    __tablename__ = "dispute_claim"

    dispute_id: int = Field(foreign_key="dispute.id", primary_key=True, ondelete="CASCADE")
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    added_at: datetime = Field(default_factory=utcnow, nullable=False)


class User(Versioned, table=True):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(check_in("role", Role), name="user_role"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    # Lower-case; what people type to sign in.
    username: str = Field(max_length=40, unique=True)
    display_name: str = Field(default="", max_length=100)
    role: str = Field(max_length=20)
    password_hash: str = Field(max_length=200)
    disabled_at: datetime | None = Field(default=None)


class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
    copy of the database does not sign anyone in."""

    __tablename__ = "user_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    last_seen_at: datetime = Field(default_factory=utcnow, nullable=False)
    expires_at: datetime = Field(nullable=False)
    user_agent: str = Field(default="", max_length=300)


class ApiToken(Timestamped, table=True):
    """A personal token for scripts (Authorization: Bearer). Shown once; stored hashed."""

    __tablename__ = "api_token"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    # The first characters, so people can tell their tokens apart.
    prefix: str = Field(max_length=16)
    last_used_at: datetime | None = Field(default=None)
    revoked_at: datetime | None = Field(default=None)


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins, for throttling per account and client address."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_lookup", "username", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40)
    client: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, nullable=False)


class Note(Versioned, table=True):
    """A comment on a claim or a dispute; replies thread under their parent."""

    __table_args__ = (
        CheckConstraint(check_in("visibility", NoteVisibility), name="note_visibility"),
        CheckConstraint("(claim_id IS NULL) <> (dispute_id IS NULL)", name="note_one_target"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int | None = Field(
        default=None, foreign_key="claim.id", index=True, ondelete="CASCADE"
    )
    dispute_id: int | None = Field(
        default=None, foreign_key="dispute.id", index=True, ondelete="CASCADE"
    )
    parent_id: int | None = Field(
        default=None, foreign_key="note.id", index=True, ondelete="CASCADE"
    )
    author_id: int | None = Field(
        default=None, foreign_key="user_account.id", index=True, ondelete="SET NULL"
    )
    body: str = Field(sa_column=Column(Text, nullable=False))
    visibility: str = Field(default=NoteVisibility.public, max_length=20)


class Change(SQLModel, table=True):
    """One recorded change to a claim, link, dispute, actor or note: who, when, before, after."""

    __table_args__ = (
        Index("ix_change_entity", "entity", "entity_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)
    entity_id: int
    action: str = Field(max_length=20)
    user_id: int | None = Field(
        default=None, foreign_key="user_account.id", index=True, ondelete="SET NULL"
    )
    at: datetime = Field(default_factory=utcnow, nullable=False)
    before: dict | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    after: dict | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    # Set on a change that undid an earlier one.
    reverts_id: int | None = Field(default=None, foreign_key="change.id")


class ChangeLogEntry(SQLModel, table=True):
    """One entity touched by a committed write, for every process's page cache to drop the
    pages that show it (app.change_feed). Rows are written only by database triggers, in the
    writer's own transaction (migration 0003), so every write path is covered: the app, the
    CLI, bulk statements, cascades and hand-made SQL. Old rows are pruned after a retention
    count (app.change_feed.prune)."""

    __tablename__ = "change_log"
    __table_args__ = ({"sqlite_autoincrement": True},)

    # AUTOINCREMENT: an id is never reused, even once the rows before it are pruned.
    id: int | None = Field(default=None, primary_key=True)
    # app.page_deps.EntityKind: article, actor, claim, dispute or user.
    entity: str = Field(max_length=10)
    entity_id: int


class ClaimSuggestion(SQLModel, table=True):
    """A candidate claim the suggestion engine proposed for an imported article, and the
    analyst's decision on it (accepted: it became the draft claim `claim_id`; or rejected)."""

    __tablename__ = "claim_suggestion"
    __table_args__ = (
        CheckConstraint(check_in("kind", ClaimKind), name="suggestion_kind"),
        CheckConstraint(check_in("status", SuggestionStatus), name="suggestion_status"),
        CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name="suggestion_anchor"),
        CheckConstraint(
            f"denial_type IS NULL OR {check_in('denial_type', DenialType)}",
            name="suggestion_denial_type",
        ),
        UniqueConstraint("article_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    # Order in the article (the engine's text order); links point at other positions.
    position: int
    kind: str = Field(max_length=20)
    # How an answer answers (a DenialType value), for denials and counter-claims.
    denial_type: str | None = Field(default=None, max_length=20)
    # A generated one-liner ("Speaker: clause"), the analyst's starting point.
    statement: str = Field(max_length=300)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    quote_start: int
    quote_end: int
    # The actor the speaker resolved to; None when the text names someone Gainsay does not know.
    claimant_id: int | None = Field(
        default=None, foreign_key="actor.id", index=True, ondelete="SET NULL"
    )
    # The speaker as resolved to a name ("Syrian Observatory for Human Rights", "he" → a name).
    speaker_text: str = Field(default="", max_length=300)
    # [{low, high, qualifier, counts, text}] as the figures parser read them.
    figures: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # [{kind, target}]: a LinkKind and the position of the suggestion it points at.
    links: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Names of the outlets the claim was relayed through, as the text gives them.
    reported_via: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=SuggestionStatus.pending, max_length=20)
    decided_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    decided_at: datetime | None = Field(default=None)
    claim_id: int | None = Field(
        default=None, foreign_key="claim.id", index=True, ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class CrossLinkSuggestion(SQLModel, table=True):
    """A link the import proposed between a suggested claim of a new article and a claim
    stored in another article (app/services/cross_links.py), and the analyst's decision.
    `outgoing`: the suggested claim is the link's source; otherwise the stored claim is.
    Accepting needs the suggestion to have become a claim; the link made is `link_id`."""

    __tablename__ = "cross_link_suggestion"
    __table_args__ = (
        CheckConstraint(check_in("kind", LinkKind), name="cross_link_kind"),
        CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="cross_link_status"),
        UniqueConstraint("suggestion_id", "target_claim_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    suggestion_id: int = Field(foreign_key="claim_suggestion.id", ondelete="CASCADE")
    target_claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    outgoing: bool = Field(default=True)
    score: float
    # Why, in words: "same figure 38 killed, same place (Maarat al-Numan), 2 days apart".
    reason: str = Field(max_length=300)
    status: str = Field(default="pending", max_length=20)
    decided_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    decided_at: datetime | None = Field(default=None)
    link_id: int | None = Field(default=None, foreign_key="claim_link.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
