"""The stages in order: sentences → attribution → speakers → kinds → sides → kinds by side →
figures → links."""

import copy

from app.ingest.figures import claim_figures
from app.ingest.suggest.actors import ActorDirectory
from app.ingest.suggest.article_actors import (
    byline_author,
    document_issuers,
    local_definitions,
)
from app.ingest.suggest.attribution import attribute, split_claims
from app.ingest.suggest.kind_model import KIND_MODEL, KindDecider
from app.ingest.suggest.kinds import classify_kind, mark_answers, type_answers
from app.ingest.suggest.link_model import LINK_MODEL, LinkScorer
from app.ingest.suggest.links import Pairing, propose_links, type_by_links
from app.ingest.suggest.model import Context, Suggestion, Unit
from app.ingest.suggest.sentences import (
    block_owners,
    listed_items,
    printed_answers,
    printed_statements,
    printed_texts,
    quoted_blocks,
    read_units,
    trim,
)
from app.ingest.suggest.sides import assign_roles
from app.services.anchors import anchor_at


def suggest_claims(
    body: str,
    actors: ActorDirectory,
    *,
    publisher: str | None = None,
    kind_model: KindDecider | None = KIND_MODEL,
    claims_out: list[Unit] | None = None,
    link_model: LinkScorer | None = LINK_MODEL,
) -> list[Suggestion]:
    """Candidate claims in `body`, in text order. `publisher` names who issued the text (the
    article's outlet): when it is a known actor other than a news outlet, as for a ministry's or
    a company's statement, its unattributed assertions are its own claims. `kind_model` decides
    the kinds from the rules' kinds and the other stages' signals (the packaged model;
    None: the rules' kinds). `claims_out`, when given, receives a copy of the claims as the
    links stage is handed them (one per suggestion, in order): what the link model is trained
    on. `link_model` scores the links (the packaged learned model, link_model.py; None: the
    hand-set weights of links.py)."""
    local = local_definitions(body, actors)
    blocks = quoted_blocks(body)
    issuers = document_issuers(publisher, body, actors)
    context = Context(
        body=body,
        actors=actors,
        local=local,
        mentions=sorted(actors.mentions(body) + local.mentions(body), key=lambda m: m[0]),
        publisher=issuers[0][1],
        outlet=publisher or "",
        issuers=issuers if len(issuers) > 1 else [],
        quoted_blocks=blocks,
        block_owners=block_owners(body, blocks),
        author=byline_author(body),
        printed=printed_statements(body) + printed_texts(body),
        answers=printed_answers(body),
        items=listed_items(body),
    )
    units = read_units(body)
    claims: list[Unit] = []
    previous: Unit | None = None
    for unit in units:
        # A quotation standing alone continues the claim just before it, if any.
        previous = unit if attribute(unit, context, previous) else None
        if previous is not None:
            claims.append(unit)
    claims = [piece for unit in claims for piece in split_claims(unit, context)]
    for unit in claims:
        unit.kind = unit.first_kind = classify_kind(unit)
        unit.first_strong = unit.strong
    dispute = assign_roles(claims, context)
    mark_answers(claims, context, dispute)
    # The claims as the link stage pairs them, read once: the kind model's first link pass
    # reads them by the rules' kinds, the link stage by the kinds decided (what it reads of
    # their speakers and words no stage changes from here).
    context.pairing = Pairing(claims, actors)
    if kind_model is not None:
        kind_model.decide(claims, context, dispute)
    type_answers(claims)
    if claims_out is not None:
        claims_out.extend(copy.copy(unit) for unit in claims)
    links = propose_links(claims, actors, link_model, context.pairing)
    type_by_links(claims, links)
    suggestions = []
    for index, unit in enumerate(claims):
        speaker = unit.speaker
        assert speaker is not None
        start, end = trim(body, unit.start, unit.end)
        quote = body[start:end]
        suggestions.append(
            Suggestion(
                kind=unit.kind,
                quote=quote,
                anchor=anchor_at(body, start, end),
                claimant_text=speaker.text,
                claimant_name=speaker.name or speaker.text,
                claimant_id=speaker.actor.id if speaker.actor else None,
                cue=unit.cue,
                figures=tuple(claim_figures(quote, offset=start)),
                links=tuple(links.get(index, ())),
                reported_via=tuple(unit.via),
                denial_type=unit.denial_type,
            )
        )
    return suggestions
