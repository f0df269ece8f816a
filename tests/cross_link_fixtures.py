"""A small corpus for the cross-article link tests: four stored articles on a made-up war, and
a new article imported over them. Import the fixtures into a test module by name."""

from datetime import date

import pytest
from sqlmodel import Session

from app.ingest.importing.prepare import prepare
from app.ingest.importing.results import ArticleMetadata
from app.ingest.importing.store import import_article
from app.models import Actor, ActorAlias, Article, Claim, Figure
from app.slugs import slugify

MONITOR = "Northern Monitor Group"
MINISTRY = "Veloria Defence Ministry"
NEW_STORY = (
    "The Northern Monitor Group said 38 civilians were killed in an air strike on the "
    "market in Kelvar on Monday.\n\n"
    "The Veloria Defence Ministry denied that its aircraft had struck the Kelvar market, "
    "calling the report a fabrication.\n"
)


def _actor(session: Session, name: str, kind: str, parent: Actor | None = None) -> Actor:
    actor = Actor(name=name, slug=slugify(name), kind=kind, parent_id=parent and parent.id)
    session.add(actor)
    session.flush()
    return actor


def _article_with_claim(
    session: Session,
    title: str,
    on: date,
    claimant: Actor,
    kind: str,
    quote: str,
    figures: list[tuple[int, str]] = (),
    place: str = "",
) -> int:
    article = Article(
        title=title,
        slug=slugify(title),
        published_on=on,
        body=quote,
        content_hash=slugify(title).ljust(64, "0")[:64],
    )
    session.add(article)
    session.flush()
    claim = Claim(
        article_id=article.id,
        claimant_id=claimant.id,
        kind=kind,
        statement=quote[:200],
        quote=quote,
        quote_start=0,
        quote_end=len(quote),
        event_place=place,
    )
    session.add(claim)
    session.flush()
    for position, (low, counts) in enumerate(figures):
        session.add(Figure(claim_id=claim.id, position=position, low=low, counts=counts))
    return claim.id


@pytest.fixture(scope="module")
def corpus(engine) -> dict[str, int]:
    """Four stored articles: the same report two days earlier (A), the accused side's denial
    (B), the same report a year earlier (C), another town's toll the same week (D)."""
    with Session(engine) as session:
        monitor = _actor(session, MONITOR, "monitor")
        government = _actor(session, "Veloria government", "government")
        session.add(ActorAlias(actor_id=government.id, alias="Veloria"))
        ministry = _actor(session, MINISTRY, "ministry", government)
        ids = {
            "same": _article_with_claim(
                session,
                "Strike on Kelvar market",
                date(2026, 3, 2),
                monitor,
                "allegation",
                "The Northern Monitor Group said 38 civilians were killed when Veloria's "
                "aircraft struck the market in Kelvar.",
                [(38, "civilians")],
                "Kelvar",
            ),
            "denial": _article_with_claim(
                session,
                "Veloria denies Kelvar strike",
                date(2026, 3, 3),
                ministry,
                "denial",
                "The ministry denied that its aircraft had struck the Kelvar market.",
            ),
            "last_year": _article_with_claim(
                session,
                "Kelvar market struck",
                date(2025, 1, 10),
                monitor,
                "allegation",
                "The Northern Monitor Group said 38 civilians were killed in strikes on the "
                "market in Kelvar.",
                [(38, "civilians")],
                "Kelvar",
            ),
            "elsewhere": _article_with_claim(
                session,
                "Dornach shelled",
                date(2026, 3, 3),
                monitor,
                "allegation",
                "The Northern Monitor Group said 12 civilians were killed by shelling in Dornach.",
                [(12, "civilians")],
                "Dornach",
            ),
        }
        session.commit()
    return ids


@pytest.fixture(scope="module")
def imported(engine, corpus) -> int:
    prepared = prepare(
        NEW_STORY.encode(),
        "kelvar.txt",
        ArticleMetadata(title="Kelvar toll", outlet="Wire", published_on=date(2026, 3, 4)),
    )
    with Session(engine) as session:
        result = import_article(session, prepared, None)
        session.commit()
    return result.article_id
