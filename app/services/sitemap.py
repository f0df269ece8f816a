"""What the sitemap lists: every published permalink, with when it last changed."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from app.models import Actor, Article, Claim, Dispute
from app.vocabulary import ClaimState

# The sitemap protocol's limit per file; past it, /sitemap.xml becomes an index of files.
SITEMAP_PAGE_SIZE = 50_000


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    route: str
    entity_id: int
    slug: str
    lastmod: datetime


Published = type[Dispute | Article | Actor | Claim]


def _sources() -> list[tuple[str, Published, list[ColumnElement[bool]]]]:
    """Each kind of permalink: its route, its table, and what makes a row published."""
    return [
        ("dispute_detail", Dispute, [Dispute.merged_into_id.is_(None)]),
        ("article_detail", Article, []),
        ("actor_detail", Actor, []),
        ("claim_detail", Claim, [Claim.state == ClaimState.published]),
    ]


def sitemap_counts(session: Session) -> list[int]:
    return [
        session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()
        for _, model, where in _sources()
    ]


def sitemap_page_count(session: Session) -> int:
    total = sum(sitemap_counts(session))
    return max(1, -(-total // SITEMAP_PAGE_SIZE))


def sitemap_urls(session: Session, page: int) -> Iterator[SitemapUrl]:
    """The URLs of sitemap file `page` (0-based): every permalink, in a fixed order."""
    start, remaining = page * SITEMAP_PAGE_SIZE, SITEMAP_PAGE_SIZE
    for (route, model, where), count in zip(_sources(), sitemap_counts(session), strict=True):
        if remaining <= 0:
            return
        if start >= count:
            start -= count
            continue
        slug = model.slug if hasattr(model, "slug") else model.id
        rows = session.execute(
            select(model.id, slug, model.updated_at)
            .where(*where)
            .order_by(model.id)
            .offset(start)
            .limit(remaining)
        ).all()
        for entity_id, entity_slug, updated in rows:
            yield SitemapUrl(
                route, entity_id, "" if route == "claim_detail" else entity_slug, _aware(updated)
            )
        remaining -= len(rows)
        start = 0
