"""The store stage: a prepared article, its outlet and its claim suggestions written to the
database inside one SAVEPOINT (a failure leaves nothing of that article behind and the batch
goes on); an article already present (same URL or same text) is reported, never duplicated."""

import logging
from collections.abc import Sequence

from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.ingest.importing.prepare import suggestable, suggestion_coverage_note
from app.ingest.importing.results import (
    ImportResult,
    ImportStatus,
    PreparedArticle,
    Refusal,
    RefusalReason,
)
from app.ingest.importing.statements import statement_for
from app.ingest.suggest import ActorDirectory, KnownActor, Suggestion, suggest_claims
from app.models import Actor, ActorAlias, Article, ClaimSuggestion, saved_id, utcnow
from app.slugs import slugify
from app.vocabulary import ActorKind, ChangeAction, SuggestionStatus

log = logging.getLogger("gainsay.import")


def load_directory(session: Session) -> ActorDirectory:
    """Every actor with its aliases, as the suggestion engine looks them up."""
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in session.execute(select(ActorAlias.actor_id, ActorAlias.alias)):
        aliases.setdefault(actor_id, []).append(alias)
    rows = session.execute(select(Actor.id, Actor.name, Actor.kind, Actor.parent_id)).all()
    return ActorDirectory(
        (actor_id, name, kind, aliases.get(actor_id, ()), parent_id)
        for actor_id, name, kind, parent_id in rows
    )


def find_existing(session: Session, prepared: PreparedArticle) -> tuple[Article, str] | None:
    """The stored article with the same URL or the same text, and which matched."""
    condition = Article.content_hash == prepared.content_hash
    if prepared.url:
        condition = or_(condition, Article.url == prepared.url)
    found = session.execute(select(Article).where(condition).limit(2)).scalars().all()
    for article in found:
        if prepared.url and article.url == prepared.url:
            return article, "url"
    return (found[0], "text") if found else None


def _duplicate(prepared: PreparedArticle, article: Article, matched: str) -> ImportResult:
    why = "the same URL" if matched == "url" else "the same text"
    return ImportResult(
        prepared.name,
        ImportStatus.duplicate,
        f"Already present as “{article.title}” ({why}); nothing was changed.",
        article_id=article.id,
        title=article.title,
        slug=article.slug,
        reason=matched,
    )


def store_suggestions(session: Session, article_id: int, suggestions: list[Suggestion]) -> int:
    """Insert the engine's suggestions for one article (one multi-row INSERT)."""
    now = utcnow()
    rows = []
    for position, s in enumerate(suggestions):
        if not s.quote or s.anchor.end <= s.anchor.start:
            continue
        rows.append(
            {
                "article_id": article_id,
                "position": position,
                "kind": str(s.kind),
                "statement": statement_for(s),
                "quote": s.quote,
                "quote_start": s.anchor.start,
                "quote_end": s.anchor.end,
                "claimant_id": s.claimant_id,
                "speaker_text": (s.claimant_name or s.claimant_text)[:300],
                "figures": [
                    {
                        "low": f.low,
                        "high": f.high,
                        "qualifier": f.qualifier,
                        "counts": str(f.counts),
                        "text": f.text,
                    }
                    for f in s.figures
                ],
                "links": [{"kind": str(link.kind), "target": link.target} for link in s.links],
                "reported_via": list(s.reported_via),
                "denial_type": s.denial_type,
                "status": SuggestionStatus.pending,
                "created_at": now,
            }
        )
    if rows:
        session.execute(insert(ClaimSuggestion), rows)
    return len(rows)


def _outlet(
    session: Session, name: str | None, directory: ActorDirectory, user_id: int | None
) -> tuple[int | None, KnownActor | None]:
    """The outlet's actor id: a known actor of that name or alias, else a new media actor
    (recorded in the history like any actor). Returns the id and the new actor, if any."""
    if not name:
        return None, None
    known = directory.lookup(name)
    if known is not None and known.id is not None:
        return known.id, None
    from app.schemas import ActorCreate
    from app.services.edit import InvalidInput
    from app.services.edit.actors import create_actor, find_actor_by_name

    found = find_actor_by_name(session, name)
    if found is not None:
        return found.id, None
    try:
        actor = create_actor(session, ActorCreate(name=name, kind=ActorKind.media), user_id)
    except (ValueError, InvalidInput):  # a name the actor rules refuse: leave the outlet unknown
        return None, None
    return actor.id, KnownActor(actor.id, actor.name, actor.kind)


def import_article(
    session: Session,
    prepared: PreparedArticle,
    user_id: int | None,
    directory: ActorDirectory | None = None,
    suggestions: Sequence[Suggestion] | None = None,
) -> ImportResult:
    """Store one prepared article with its suggestions, inside a SAVEPOINT: on any failure
    nothing of it is left and the exception propagates. An article already present (same URL
    or same text) is reported, never duplicated or overwritten. `directory` is the batch's
    actor directory (loaded from the database when not given); new outlets are added to it.
    `suggestions` were made beforehand, in a worker process (app/ingest/worker.py); without
    them the engine runs here."""
    from app.services import history
    from app.services.cross_link_proposals import propose_cross_links

    if (existing := find_existing(session, prepared)) is not None:
        return _duplicate(prepared, *existing)
    directory = directory if directory is not None else load_directory(session)
    try:
        with session.begin_nested():
            outlet_id, new_outlet = _outlet(session, prepared.outlet, directory, user_id)
            article = Article(
                url=prepared.url,
                outlet_id=outlet_id,
                title=prepared.title,
                slug=slugify(prepared.title),
                published_on=prepared.published_on,
                body=prepared.body,
                content_hash=prepared.content_hash,
                origin=prepared.origin,
            )
            session.add(article)
            session.flush()
            article_id = saved_id(article)
            if suggestions is None:
                suggestions = suggest_claims(
                    suggestable(prepared.body), directory, publisher=prepared.outlet
                )
            count = store_suggestions(session, article_id, list(suggestions))
            propose_cross_links(session, article_id)
            history.record(
                session,
                "article",
                article_id,
                ChangeAction.create,
                user_id,
                None,
                {
                    "id": article_id,
                    "title": article.title,
                    "url": article.url,
                    "outlet_id": outlet_id,
                    "published_on": article.published_on,
                    "content_hash": article.content_hash,
                    "origin": article.origin,
                    "suggestions": count,
                },
            )
    except IntegrityError:
        # Another writer stored the same URL or text between the check and the insert.
        if (existing := find_existing(session, prepared)) is not None:
            return _duplicate(prepared, *existing)
        raise
    if new_outlet is not None:
        directory.add(new_outlet)
    plural = "s" if count != 1 else ""
    notes = prepared.notes
    if (coverage := suggestion_coverage_note(prepared.body)) is not None:
        notes += (coverage,)
    return ImportResult(
        prepared.name,
        ImportStatus.imported,
        f"Imported with {count} suggested claim{plural}.",
        article_id=article.id,
        title=article.title,
        slug=article.slug,
        suggestion_count=count,
        notes=notes,
    )


def import_prepared(
    session: Session,
    item: PreparedArticle | Refusal,
    user_id: int | None,
    directory: ActorDirectory,
    suggestions: Sequence[Suggestion] | None = None,
) -> ImportResult:
    """One item of a batch: a refusal is reported; an article that fails to store is
    reported as refused (and logged) without stopping the batch."""
    if isinstance(item, Refusal):
        return ImportResult.refused(item)
    try:
        return import_article(session, item, user_id, directory, suggestions)
    except Exception:  # one broken article must not abort the rest of the batch
        log.exception("importing %s failed", item.name)
        return ImportResult(
            item.name,
            ImportStatus.refused,
            "It could not be stored because of an error on Gainsay's side (logged); "
            "nothing of it was kept.",
            reason=RefusalReason.failed,
        )
