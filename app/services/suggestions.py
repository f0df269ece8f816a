"""Claim suggestions on imported articles: reading them, and the analyst's decisions.

Accepting a suggestion makes a DRAFT claim through the same service as the claim form, so every
rule of a hand-made claim holds. A suggestion is also settled when an analyst marks the same
words by hand (for instance through "Edit", which opens the ordinary claim form prefilled): a
new claim that covers at least half of a pending suggestion's quote accepts it, with that claim
(app/services/suggestion_settling.py, called by the claim service).
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.db import rows_changed
from app.models import (
    Actor,
    Article,
    Claim,
    ClaimSuggestion,
    CrossLinkSuggestion,
    User,
    saved_id,
    utcnow,
)
from app.schemas import ActorCreate, ClaimCreate, FigureIn, LinkCreate
from app.services.edit import InvalidInput, NotFound
from app.services.edit import claims as claim_edits
from app.services.edit import links as link_edits
from app.services.edit.actors import create_actor, find_actor_by_name
from app.services.unknown_speakers import ActorProposal, propose_actor
from app.services.views import ActorRef
from app.vocabulary import ActorKind, FigureCounts, SuggestionStatus

if TYPE_CHECKING:
    from app.services.cross_links import CrossLinkPanel

FIGURE_KEYS = ("qualifier", "low", "high", "counts", "text")


class AlreadyDecided(Exception):
    """Someone decided on this suggestion first."""

    def __init__(self, status: str, by: str | None) -> None:
        who = f" by {by}" if by else ""
        super().__init__(f"This suggestion was already {status}{who}.")
        self.status = status


@dataclass(frozen=True, slots=True)
class SuggestionView:
    id: int
    article_id: int
    position: int
    number: int  # 1-based, as the panel shows it
    kind: str
    denial_type: str | None
    statement: str
    quote: str
    quote_start: int
    quote_end: int
    claimant: ActorRef | None
    speaker_text: str
    figures: list[dict[str, Any]]
    links: list[dict[str, Any]]  # {kind, target (position), target_number, target_id}
    reported_via: list[str]
    status: SuggestionStatus
    decided_by: str | None
    decided_at: datetime | None
    claim_id: int | None
    # For a pending suggestion whose speaker is not a known actor: the actor to create.
    new_actor: ActorProposal | None = None

    @property
    def can_accept(self) -> bool:
        known = self.claimant is not None or self.new_actor is not None
        return self.status == SuggestionStatus.pending and known


@dataclass(frozen=True, slots=True)
class NewActor:
    """The actor to create, as the analyst confirmed it, for a speaker Gainsay did not know."""

    name: str
    kind: ActorKind | str
    parent: str = ""  # a known actor's name or alias; empty for none


@dataclass(slots=True)
class SuggestionPanel:
    """What the article page shows analysts: the pending suggestions, and how many of all were
    accepted or rejected."""

    article_id: int
    pending: list[SuggestionView] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Proposed links to claims in other articles (app/services/cross_links.py).
    cross_links: "CrossLinkPanel | None" = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def actor_kinds(self) -> list[ActorKind]:
        """The choices of kind for a new actor (an unknown speaker's)."""
        return list(ActorKind)


_claimant = aliased(Actor, name="claimant")
_decider = aliased(User, name="decider")


def _query() -> Any:
    return (
        select(
            ClaimSuggestion,
            _claimant.id,
            _claimant.name,
            _claimant.slug,
            _claimant.kind,
            _decider.username,
        )
        .outerjoin(_claimant, _claimant.id == ClaimSuggestion.claimant_id)
        .outerjoin(_decider, _decider.id == ClaimSuggestion.decided_by_id)
    )


def _views(rows: list[Any]) -> list[SuggestionView]:
    by_position = {row[0].position: row[0] for row in rows}
    numbers = {position: n for n, position in enumerate(sorted(by_position), start=1)}
    views = []
    for s, actor_id, name, slug, kind, decider in rows:
        links = []
        for link in s.links or []:
            target = by_position.get(link.get("target"))
            links.append(
                {
                    "kind": link.get("kind"),
                    "target": link.get("target"),
                    "target_number": numbers.get(link.get("target")),
                    "target_id": target.id if target else None,
                }
            )
        views.append(
            SuggestionView(
                id=s.id,
                article_id=s.article_id,
                position=s.position,
                number=numbers[s.position],
                kind=s.kind,
                denial_type=s.denial_type,
                statement=s.statement,
                quote=s.quote,
                quote_start=s.quote_start,
                quote_end=s.quote_end,
                claimant=ActorRef(actor_id, name, slug, kind) if actor_id is not None else None,
                speaker_text=s.speaker_text,
                figures=list(s.figures or []),
                links=links,
                reported_via=list(s.reported_via or []),
                status=SuggestionStatus(s.status),
                decided_by=decider,
                decided_at=s.decided_at,
                claim_id=s.claim_id,
            )
        )
    return views


def article_suggestions(session: Session, article_id: int) -> list[SuggestionView]:
    """Every suggestion for the article, in text order, whatever its status; a pending one
    with an unknown speaker carries the actor to create for it."""
    rows = session.execute(
        _query().where(ClaimSuggestion.article_id == article_id).order_by(ClaimSuggestion.position)
    ).all()
    views = _views(list(rows))
    unknown = [v for v in views if v.claimant is None and v.status == SuggestionStatus.pending]
    if not unknown:
        return views
    body = session.execute(select(Article.body).where(Article.id == article_id)).scalar_one()
    proposals = {v.id: propose_actor(session, v.speaker_text, _context(body, v)) for v in unknown}
    return [replace(v, new_actor=proposals[v.id]) if v.id in proposals else v for v in views]


# How much text before a quote may describe its speaker ("…, a spokesman for the army, said").
CONTEXT_BEFORE_CHARS = 300


def _context(body: str, view: SuggestionView) -> str:
    return body[max(0, view.quote_start - CONTEXT_BEFORE_CHARS) : view.quote_end]


def suggestion_panel(session: Session, article_id: int) -> SuggestionPanel | None:
    """The panel for the article page, or None when the article has no suggestions at all."""
    counts = dict(
        session.execute(
            select(ClaimSuggestion.status, func.count())
            .where(ClaimSuggestion.article_id == article_id)
            .group_by(ClaimSuggestion.status)
        ).all()
    )
    if not counts:
        return None
    from app.services.cross_links import cross_link_panel  # it builds on this module

    views = article_suggestions(session, article_id) if counts.get(SuggestionStatus.pending) else []
    return SuggestionPanel(
        article_id=article_id,
        pending=[v for v in views if v.status == SuggestionStatus.pending],
        counts={status: counts.get(status, 0) for status in SuggestionStatus},
        cross_links=cross_link_panel(session, article_id),
    )


def get_suggestion(session: Session, suggestion_id: int) -> ClaimSuggestion:
    suggestion = session.get(ClaimSuggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(f"There is no suggestion number {suggestion_id}.")
    return suggestion


def decide_pending(
    session: Session,
    row: ClaimSuggestion | CrossLinkSuggestion,
    status: SuggestionStatus,
    user_id: int | None,
    **values: Any,
) -> None:
    """Move a pending suggestion (a claim's, or a cross-article link's) to `status`; a
    conditional UPDATE, so that of two analysts deciding at once exactly one wins and the
    other hears so."""
    model = type(row)
    moved = rows_changed(
        session,
        update(model)
        .where(model.id == row.id, model.status == SuggestionStatus.pending)
        .values(status=status, decided_by_id=user_id, decided_at=utcnow(), **values)
        .execution_options(synchronize_session=False),
    )
    session.refresh(row)
    if not moved:
        raise AlreadyDecided(row.status, decider_name(session, row.decided_by_id))


def decider_name(session: Session, user_id: int | None) -> str | None:
    """The username of whoever decided (None: nobody, or an account since deleted)."""
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.username if user else None


def reject(session: Session, suggestion_id: int, user_id: int | None) -> ClaimSuggestion:
    suggestion = get_suggestion(session, suggestion_id)
    if suggestion.status != SuggestionStatus.pending:
        raise AlreadyDecided(suggestion.status, decider_name(session, suggestion.decided_by_id))
    decide_pending(session, suggestion, SuggestionStatus.rejected, user_id)
    return suggestion


def _figures(figures: list[dict[str, Any]]) -> list[FigureIn]:
    kept = []
    for figure in figures:
        try:
            kept.append(
                FigureIn(
                    low=figure["low"],
                    high=figure.get("high"),
                    qualifier=str(figure.get("qualifier") or "")[:30],
                    counts=figure.get("counts") or FigureCounts.other,
                    text=str(figure.get("text") or "")[:200],
                )
            )
        except (KeyError, ValueError):  # a figure the claim rules refuse is left for the analyst
            continue
    return kept[:20]


def reported_via_ids(session: Session, names: list[str], claimant_id: int | None) -> list[int]:
    """The outlets a claim was relayed through, for those Gainsay knows by name."""
    ids: list[int] = []
    for name in names:
        actor = find_actor_by_name(session, name)
        if actor is None:
            continue
        actor_id = saved_id(actor)
        if actor_id not in ids and actor_id != claimant_id:
            ids.append(actor_id)
    return ids[:10]


def accept(
    session: Session, suggestion_id: int, user_id: int | None, new_actor: NewActor | None = None
) -> Claim:
    """The suggestion becomes a draft claim (statement, kind, claimant, quote, figures and the
    known outlets it was relayed through), and its links to suggestions already accepted become
    links between the claims. A speaker Gainsay does not know needs `new_actor`: that actor is
    created in the same transaction (on any refusal the caller rolls back both)."""
    suggestion = get_suggestion(session, suggestion_id)
    if suggestion.status != SuggestionStatus.pending:
        raise AlreadyDecided(suggestion.status, decider_name(session, suggestion.decided_by_id))
    if suggestion.claimant_id is not None and new_actor is not None:
        raise InvalidInput(
            {"new_actor": "This suggestion's speaker is a known actor: accept it as it is."}
        )
    if suggestion.claimant_id is None:
        if new_actor is None:
            raise InvalidInput(
                {
                    "claimant_id": f"Gainsay does not know who “{suggestion.speaker_text}” is; "
                    "say what kind of actor to create, or use Edit to choose the claimant."
                }
            )
        _create_speaker(session, suggestion, new_actor, user_id)
    claim = claim_edits.create_claim(
        session,
        ClaimCreate(
            article_id=suggestion.article_id,
            kind=suggestion.kind,
            statement=suggestion.statement[:300],
            claimant_id=suggestion.claimant_id,
            quote=suggestion.quote,
            quote_start=suggestion.quote_start,
            quote_end=suggestion.quote_end,
            reported_via=reported_via_ids(
                session, list(suggestion.reported_via or []), suggestion.claimant_id
            ),
            figures=_figures(list(suggestion.figures or [])),
            # The engine's denial type; left out (a suggestion stored without one), the rules
            # type the new answer from its quote.
            **({"denial_type": suggestion.denial_type} if suggestion.denial_type else {}),
        ),
        user_id,
    )
    claim_id = saved_id(claim)
    # create_claim has already settled the suggestion (settle_by_claim); deciding again here
    # covers a claim whose anchor moved.
    session.refresh(suggestion)
    if suggestion.status == SuggestionStatus.pending:
        decide_pending(session, suggestion, SuggestionStatus.accepted, user_id, claim_id=claim_id)
    _link_accepted(session, suggestion, claim_id, user_id)
    return claim


def _create_speaker(
    session: Session, suggestion: ClaimSuggestion, new_actor: NewActor, user_id: int | None
) -> None:
    """Create the actor for an unknown speaker and make it the claimant of this suggestion and
    of the article's other pending suggestions by the same speaker."""
    name = " ".join(new_actor.name.split())
    if name and (existing := find_actor_by_name(session, name)) is not None:
        raise InvalidInput(
            {
                "new_actor_name": f"There is already an actor called “{existing.name}” (or with "
                f"that alias); use Edit to choose it as the claimant, or give another name."
            }
        )
    parent_id = None
    if parent_name := " ".join(new_actor.parent.split()):
        parent = find_actor_by_name(session, parent_name)
        if parent is None:
            raise InvalidInput(
                {
                    "new_actor_parent": f"No actor is called “{parent_name}”: leave “part of” "
                    "empty, or create that actor first."
                }
            )
        parent_id = parent.id
    try:
        shape = ActorCreate(name=name, kind=new_actor.kind, parent_id=parent_id)
    except ValidationError as error:
        raise InvalidInput(
            {f"new_actor_{e['loc'][0]}": e["msg"] for e in error.errors() if e["loc"]}
        ) from None
    try:
        actor = create_actor(session, shape, user_id)
    except InvalidInput as error:
        raise InvalidInput({f"new_actor_{k}": v for k, v in error.errors.items()}) from None
    session.execute(
        update(ClaimSuggestion)
        .where(
            ClaimSuggestion.article_id == suggestion.article_id,
            ClaimSuggestion.status == SuggestionStatus.pending,
            ClaimSuggestion.claimant_id.is_(None),
            ClaimSuggestion.speaker_text == suggestion.speaker_text,
        )
        .values(claimant_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    session.refresh(suggestion)


def _link_accepted(
    session: Session, suggestion: ClaimSuggestion, claim_id: int, user_id: int | None
) -> None:
    """Links the engine proposed between this suggestion and others already accepted."""
    accepted = {
        s.position: s
        for s in session.execute(
            select(ClaimSuggestion).where(
                ClaimSuggestion.article_id == suggestion.article_id,
                ClaimSuggestion.status == SuggestionStatus.accepted,
                ClaimSuggestion.claim_id.is_not(None),
                ClaimSuggestion.id != suggestion.id,
            )
        ).scalars()
    }
    wanted = [
        (claim_id, accepted[link["target"]].claim_id, link["kind"])
        for link in suggestion.links or []
        if link.get("target") in accepted
    ]
    wanted += [
        (other.claim_id, claim_id, link["kind"])
        for other in accepted.values()
        for link in other.links or []
        if link.get("target") == suggestion.position
    ]
    for source_id, target_id, kind in wanted:
        try:
            with session.begin_nested():
                link_edits.create_link(
                    session,
                    LinkCreate(source_id=source_id, target_id=target_id, kind=kind),
                    user_id,
                )
        except (InvalidInput, ValueError):  # already linked, or a kind the rules refuse
            continue


def edit_values(session: Session, suggestion: ClaimSuggestion) -> dict[str, Any]:
    """The claim form's values for "Edit": the suggestion as a new claim, ready to correct."""
    claimant = session.get(Actor, suggestion.claimant_id) if suggestion.claimant_id else None
    via = reported_via_ids(session, list(suggestion.reported_via or []), suggestion.claimant_id)
    names = dict(session.execute(select(Actor.id, Actor.name).where(Actor.id.in_(via))).all())
    return {
        "kind": suggestion.kind,
        "denial_type": suggestion.denial_type or "",
        "statement": suggestion.statement,
        "quote": suggestion.quote,
        "quote_start": suggestion.quote_start,
        "quote_end": suggestion.quote_end,
        "claimant": claimant.name if claimant else suggestion.speaker_text,
        "new_actor_kind": "",
        "new_actor_parent": "",
        "reported_via": "\n".join(names[i] for i in via if i in names),
        "figures": [
            {k: "" if f.get(k) is None else str(f.get(k)) for k in FIGURE_KEYS}
            for f in suggestion.figures or []
        ],
        "event_place": "",
        "event_time": "",
        "event_date": "",
        "dispute_ids": [],
    }
