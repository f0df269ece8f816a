"""W3C Web Annotations imported as draft claims on an article: the shapes accepted (anything
else in an annotation is ignored), the claimant found from the creator, and the quote placed in
the article's text (the export is app/services/annotations.py)."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Actor, ActorAlias, Article, saved_id
from app.schemas import ClaimCreate
from app.services.anchors import AmbiguousQuote, QuoteNotFound, locate_quote
from app.services.edit import InvalidInput
from app.services.edit import claims as claim_edits
from app.slugs import parse_reference
from app.vocabulary import ClaimKind

MAX_ITEMS = 500


class _Loose(BaseModel):
    # Annotations carry many properties Gainsay has no use for; they are let through.
    model_config = ConfigDict(extra="ignore")


class SelectorIn(_Loose):
    type: str = Field(max_length=100)
    exact: str | None = Field(default=None, min_length=1, max_length=5000)
    prefix: str = Field(default="", max_length=200)
    suffix: str = Field(default="", max_length=200)
    start: int | None = Field(default=None, ge=0, le=10**9)
    end: int | None = Field(default=None, ge=1, le=10**9)


class TargetIn(_Loose):
    source: str | None = Field(default=None, max_length=2000)
    selector: Annotated[list[SelectorIn], Field(max_length=10)] | SelectorIn


class BodyIn(_Loose):
    type: str = Field(default="TextualBody", max_length=100)
    value: str = Field(default="", max_length=5000)
    purpose: str | None = Field(default=None, max_length=100)


class AgentIn(_Loose):
    id: str | None = Field(default=None, max_length=2000)
    name: str | None = Field(default=None, max_length=200)


class AnnotationIn(_Loose):
    type: str | list[str] = "Annotation"
    body: Annotated[list[BodyIn], Field(min_length=1, max_length=10)] | BodyIn
    target: Annotated[list[TargetIn], Field(min_length=1, max_length=5)] | TargetIn | str
    creator: AgentIn | str | None = None


class AnnotationPageIn(_Loose):
    type: Literal["AnnotationPage"]
    items: list[AnnotationIn] = Field(max_length=MAX_ITEMS)


class AnnotationCollectionIn(_Loose):
    type: Literal["AnnotationCollection"]
    first: AnnotationPageIn


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _claimant(session: Session, creator: AgentIn | str | None) -> int | None:
    """The actor an annotation's creator names: this site's actor URL, or a name or alias."""
    agent = AgentIn(id=creator) if isinstance(creator, str) else creator
    if agent is None:
        return None
    if agent.id and "/actors/" in agent.id:
        parsed = parse_reference(agent.id.rstrip("/").rsplit("/actors/", 1)[1])
        if parsed and session.get(Actor, parsed[0]) is not None:
            return parsed[0]
    if agent.name:
        name = agent.name.strip().lower()
        found = session.execute(select(Actor.id).where(func.lower(Actor.name) == name)).first()
        found = (
            found
            or session.execute(
                select(ActorAlias.actor_id).where(func.lower(ActorAlias.alias) == name)
            ).first()
        )
        if found:
            return found[0]
    return None


def _anchor(body: str, quote: SelectorIn, position: SelectorIn | None) -> tuple[int, int] | str:
    """Where the quote stands in this article's text: at the given offsets when the words are
    there; else found again by the words (and the prefix, and nearness to the old offsets).
    A string says why it could not be placed."""
    exact = quote.exact or ""
    start = position.start if position else None
    end = position.end if position else None
    if start is not None and end is not None and body[start:end] == exact:
        return start, end
    for prefix in (quote.prefix, ""):  # texts differ: the context may have changed too
        try:
            anchor = locate_quote(body, exact, prefix=prefix, near=start)
        except QuoteNotFound:
            continue
        except AmbiguousQuote:
            return (
                "the quote occurs more than once and neither its prefix nor its position says which"
            )
        return anchor.start, anchor.end
    return "the quote does not occur in the article's text"


def import_annotations(
    session: Session,
    article_id: int,
    annotations: list[AnnotationIn],
    user_id: int | None,
) -> list[int]:
    """Each annotation becomes a draft claim on the article; all of them or none (InvalidInput
    names each annotation at fault, by its index)."""
    article = session.get(Article, article_id)
    if article is None:
        raise LookupError(article_id)
    errors: dict[str, str] = {}
    creates: list[ClaimCreate] = []
    for index, annotation in enumerate(annotations):
        where = f"items[{index}]"
        targets = [t for t in _as_list(annotation.target) if isinstance(t, TargetIn)]
        selectors = [s for t in targets for s in _as_list(t.selector)]
        quote = next((s for s in selectors if s.type == "TextQuoteSelector" and s.exact), None)
        position = next((s for s in selectors if s.type == "TextPositionSelector"), None)
        bodies = _as_list(annotation.body)
        statement = next(
            (
                b.value
                for b in bodies
                if b.purpose in (None, "describing", "commenting") and b.value
            ),
            "",
        ).strip()
        tags = {b.value for b in bodies if b.purpose in ("tagging", "classifying")}
        kind = next((k for k in ClaimKind if k.value in tags), ClaimKind.statement)
        claimant_id = _claimant(session, annotation.creator)
        if quote is None:
            errors[where] = "no TextQuoteSelector with the exact words"
            continue
        if not statement:
            errors[where] = "no describing TextualBody to take the claim's statement from"
            continue
        if claimant_id is None:
            errors[where] = "its creator names no known actor (an actor URL, name or alias)"
            continue
        placed = _anchor(article.body, quote, position)
        if isinstance(placed, str):
            errors[where] = placed
            continue
        creates.append(
            ClaimCreate(
                article_id=article_id,
                kind=kind,
                statement=statement[:300],
                claimant_id=claimant_id,
                quote=article.body[placed[0] : placed[1]],
                quote_start=placed[0],
                quote_end=placed[1],
            )
        )
    if errors:
        raise InvalidInput(errors)
    return [saved_id(claim_edits.create_claim(session, data, user_id)) for data in creates]
