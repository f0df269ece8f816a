"""Loading the curated seed data set (seeds/annotations.yaml and the article files beside it).

Loading is idempotent: every row is looked up by its natural key (actor name, article text,
claim anchor, link ends, dispute slug) and created only when missing; rows that exist are left as
they are, so analysts' later edits to seeded material survive a re-run.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, select

from app.ingest.text import content_hash, drop_furniture, repair_text
from app.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    ClaimLink,
    ClaimReporter,
    Dispute,
    DisputeClaim,
    Figure,
    saved_id,
)
from app.paths import SEEDS_DIR
from app.services.anchors import locate_quote
from app.slugs import slugify
from app.vocabulary import (
    ActorKind,
    ClaimKind,
    DenialType,
    DisputeStatus,
    FigureCounts,
    LinkKind,
)

ANNOTATIONS_FILE = "annotations.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeedActor(_Strict):
    name: str
    kind: ActorKind
    parent: str | None = None
    aliases: list[str] = Field(default_factory=list)
    description: str = ""


class SeedFigure(_Strict):
    low: int = Field(ge=0)
    high: int | None = None
    qualifier: str = ""
    counts: FigureCounts
    text: str = ""


class SeedClaim(_Strict):
    ref: str
    kind: ClaimKind
    # How a denial or counter-claim answers (docs/evidence.md); None for other kinds.
    denial_type: DenialType | None = None
    claimant: str
    reported_via: list[str] = Field(default_factory=list)
    statement: str
    quote: str
    quote_prefix: str = ""
    figures: list[SeedFigure] = Field(default_factory=list)
    place: str = ""
    when: str = ""


class SeedArticle(_Strict):
    file: str
    header_lines: int = 0
    furniture: list[str] = Field(default_factory=list)
    title: str
    url: str | None = None
    outlet: str | None = None
    published_on: date | None = None
    claims: list[SeedClaim] = Field(default_factory=list)


class SeedLink(_Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from")
    kind: LinkKind
    target: str = Field(alias="to")


class SeedDispute(_Strict):
    slug: str
    title: str
    status: DisputeStatus = DisputeStatus.open
    summary: str = ""
    claims: list[str]


class SeedSet(_Strict):
    actors: list[SeedActor]
    articles: list[SeedArticle]
    links: list[SeedLink] = Field(default_factory=list)
    disputes: list[SeedDispute] = Field(default_factory=list)


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, noun: str) -> None:
        self.created[noun] = self.created.get(noun, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def read_seed_set(seeds_dir: Path = SEEDS_DIR) -> SeedSet:
    with (seeds_dir / ANNOTATIONS_FILE).open(encoding="utf-8") as handle:
        return SeedSet.model_validate(yaml.safe_load(handle))


def article_body(seeds_dir: Path, article: SeedArticle) -> str:
    """The stored text of a seed article: repaired, with its page furniture removed."""
    raw = (seeds_dir / article.file).read_text(encoding="utf-8")
    return drop_furniture(repair_text(raw), article.furniture, article.header_lines)


def load_seeds(session: Session, seeds_dir: Path = SEEDS_DIR) -> SeedReport:
    """Add whatever of the seed data set the database lacks. The caller commits."""
    seed_set = read_seed_set(seeds_dir)
    report = SeedReport()
    actors = _load_actors(session, seed_set.actors, report)
    claims: dict[str, Claim] = {}
    for seed_article in seed_set.articles:
        article = _load_article(session, seeds_dir, seed_article, actors, report)
        for seed_claim in seed_article.claims:
            if seed_claim.ref in claims:
                raise ValueError(f"claim ref used twice: {seed_claim.ref}")
            claims[seed_claim.ref] = _load_claim(session, article, seed_claim, actors, report)
    for seed_link in seed_set.links:
        _load_link(session, seed_link, claims, report)
    for seed_dispute in seed_set.disputes:
        _load_dispute(session, seed_dispute, claims, report)
    session.flush()
    return report


def _load_actors(session: Session, seeds: list[SeedActor], report: SeedReport) -> dict[str, Actor]:
    existing = {a.name: a for a in session.exec(select(Actor)).all()}
    for seed in seeds:
        if seed.name not in existing:
            actor = Actor(
                name=seed.name,
                slug=slugify(seed.name),
                kind=seed.kind,
                description=seed.description,
            )
            session.add(actor)
            existing[seed.name] = actor
            report.count("actors")
    session.flush()
    for seed in seeds:
        actor = existing[seed.name]
        if seed.parent and actor.parent_id is None:
            actor.parent_id = _actor(existing, seed.parent).id
        known = set(session.exec(select(ActorAlias.alias).where(ActorAlias.actor_id == actor.id)))
        for alias in dict.fromkeys(seed.aliases):
            if alias not in known:
                session.add(ActorAlias(actor_id=actor.id, alias=alias))
                report.count("aliases")
    session.flush()
    return existing


def _actor(actors: dict[str, Actor], name: str) -> Actor:
    try:
        return actors[name]
    except KeyError:
        raise ValueError(f"unknown actor in seed annotations: {name!r}") from None


def _load_article(
    session: Session,
    seeds_dir: Path,
    seed: SeedArticle,
    actors: dict[str, Actor],
    report: SeedReport,
) -> Article:
    body = article_body(seeds_dir, seed)
    digest = content_hash(body)
    article = session.exec(select(Article).where(Article.content_hash == digest)).first()
    if article is None:
        article = Article(
            url=seed.url,
            outlet_id=_actor(actors, seed.outlet).id if seed.outlet else None,
            title=seed.title,
            slug=slugify(seed.title),
            published_on=seed.published_on,
            body=body,
            content_hash=digest,
            origin=f"seed:{seed.file}",
        )
        session.add(article)
        session.flush()
        report.count("articles")
    return article


def _load_claim(
    session: Session,
    article: Article,
    seed: SeedClaim,
    actors: dict[str, Actor],
    report: SeedReport,
) -> Claim:
    anchor = locate_quote(article.body, seed.quote, prefix=seed.quote_prefix)
    claimant = _actor(actors, seed.claimant)
    claim = session.exec(
        select(Claim).where(
            Claim.article_id == article.id,
            Claim.quote_start == anchor.start,
            Claim.quote_end == anchor.end,
            Claim.claimant_id == claimant.id,
            Claim.kind == seed.kind,
        )
    ).first()
    if claim is not None:
        return claim
    claim = Claim(
        article_id=article.id,
        claimant_id=claimant.id,
        kind=seed.kind,
        denial_type=seed.denial_type,
        statement=seed.statement,
        quote=seed.quote,
        quote_start=anchor.start,
        quote_end=anchor.end,
        quote_prefix=anchor.prefix,
        quote_suffix=anchor.suffix,
        event_place=seed.place,
        event_time=seed.when,
    )
    session.add(claim)
    session.flush()
    for position, name in enumerate(seed.reported_via):
        session.add(
            ClaimReporter(claim_id=claim.id, position=position, actor_id=_actor(actors, name).id)
        )
    for position, figure in enumerate(seed.figures):
        session.add(Figure(claim_id=claim.id, position=position, **figure.model_dump()))
    report.count("claims")
    return claim


def _claim(claims: dict[str, Claim], ref: str) -> Claim:
    try:
        return claims[ref]
    except KeyError:
        raise ValueError(f"unknown claim ref in seed annotations: {ref!r}") from None


def _load_link(
    session: Session, seed: SeedLink, claims: dict[str, Claim], report: SeedReport
) -> None:
    source, target = _claim(claims, seed.source), _claim(claims, seed.target)
    exists = session.exec(
        select(ClaimLink.id).where(
            ClaimLink.source_id == source.id,
            ClaimLink.target_id == target.id,
            ClaimLink.kind == seed.kind,
        )
    ).first()
    if exists is None:
        session.add(ClaimLink(source_id=source.id, target_id=target.id, kind=seed.kind))
        report.count("links")


def _load_dispute(
    session: Session, seed: SeedDispute, claims: dict[str, Claim], report: SeedReport
) -> None:
    dispute = session.exec(select(Dispute).where(Dispute.slug == seed.slug)).first()
    if dispute is None:
        dispute = Dispute(
            title=seed.title, slug=seed.slug, status=seed.status, summary=seed.summary
        )
        session.add(dispute)
        session.flush()
        report.count("disputes")
    held = set(
        session.exec(select(DisputeClaim.claim_id).where(DisputeClaim.dispute_id == dispute.id))
    )
    for position, ref in enumerate(seed.claims):
        claim_id = saved_id(_claim(claims, ref))
        if claim_id not in held:
            session.add(DisputeClaim(dispute_id=dispute.id, claim_id=claim_id, position=position))
            held.add(claim_id)
            report.count("dispute memberships")
