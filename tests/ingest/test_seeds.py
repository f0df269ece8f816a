"""app/ingest/seeds.py and the seed data set (seeds/*.txt + seeds/annotations.yaml)."""

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.db import write_session
from app.ingest.seeds import load_seeds
from app.models import Actor, Article, Claim, ClaimLink, Dispute, Figure

SOHR = "Syrian Observatory for Human Rights"


@pytest.fixture(scope="module")
def db_path(writable_copy: Path) -> Path:
    return writable_copy  # this module loads the seeds a second time


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())  # either engine's catalogue


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the rows of every table."""
    state = {}
    with engine.connect() as connection:
        for name in table_names(engine):
            rows = connection.execute(text(f'SELECT * FROM "{name}" ORDER BY 1')).all()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            state[name] = (len(rows), digest)
    return state


def test_loading_twice_changes_nothing(engine):
    before = snapshot(engine)
    assert before["claim"][0] > 0  # the database was seeded once already

    with write_session(engine) as session:
        report = load_seeds(session)
        session.commit()

    assert report.total == 0, report.created
    assert snapshot(engine) == before


def count(session: Session, model: type) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_data_set_is_big_enough(session):
    assert count(session, Claim) >= 40
    assert count(session, Dispute) >= 5


def test_every_claim_has_a_claimant(session):
    orphans = session.execute(
        select(Claim.id)
        .outerjoin(Actor, Actor.id == Claim.claimant_id)
        .where((Actor.id.is_(None)) | (Actor.name == ""))
    ).all()
    assert orphans == []


def claims_by(session: Session, actor_name: str) -> list[Claim]:
    return list(
        session.execute(
            select(Claim).join(Actor, Actor.id == Claim.claimant_id).where(Actor.name == actor_name)
        ).scalars()
    )


def linked(session: Session, source_id: int, target_id: int, kind: str) -> bool:
    return (
        session.execute(
            select(ClaimLink.id).where(
                ClaimLink.source_id == source_id,
                ClaimLink.target_id == target_id,
                ClaimLink.kind == kind,
            )
        ).first()
        is not None
    )


def sohr_500_toll(session: Session) -> list[Claim]:
    return list(
        session.execute(
            select(Claim)
            .join(Actor, Actor.id == Claim.claimant_id)
            .join(Figure, Figure.claim_id == Claim.id)
            .where(
                Actor.name == SOHR,
                Claim.kind == "allegation",
                Figure.low == 500,
                Figure.counts == "killed",
            )
            .order_by(Claim.id)
        ).scalars()
    )


def test_sohr_toll_is_one_claim_in_two_articles(session):
    tolls = sohr_500_toll(session)

    assert len(tolls) == 2
    first, second = tolls
    assert first.article_id != second.article_id
    assert linked(session, first.id, second.id, "same_claim") or linked(
        session, second.id, first.id, "same_claim"
    )


def test_zakharova_denial_rebuts_the_sohr_toll(session):
    denials = [c for c in claims_by(session, "Maria Zakharova") if c.kind == "denial"]
    tolls = sohr_500_toll(session)

    assert any(linked(session, d.id, t.id, "rebuts") for d in denials for t in tolls)


def test_state_department_rebuts_konashenkov_a10_counter_claim(session):
    [a10] = [
        c
        for c in claims_by(session, "Igor Konashenkov")
        if c.kind == "counter_claim" and "A-10" in c.quote
    ]
    officials = claims_by(session, "U.S. State Department official (unnamed)")

    assert any(linked(session, o.id, a10.id, "rebuts") for o in officials)


def test_konashenkov_discredits_the_civil_defence(session):
    source, target = aliased(Claim), aliased(Claim)
    accuser, accused = aliased(Actor), aliased(Actor)
    links = session.execute(
        select(ClaimLink.id)
        .join(source, source.id == ClaimLink.source_id)
        .join(accuser, accuser.id == source.claimant_id)
        .join(target, target.id == ClaimLink.target_id)
        .join(accused, accused.id == target.claimant_id)
        .where(
            ClaimLink.kind == "discredits_source",
            accuser.name == "Igor Konashenkov",
            accused.name == "Syrian Civil Defence",
        )
    ).all()
    assert links


def test_unknown_dates_stay_null_and_only_article_000_has_a_source(session):
    articles = session.execute(
        select(Article.origin, Article.url, Article.outlet_id, Article.published_on)
    ).all()

    assert len(articles) == 5
    assert all(a.published_on is None for a in articles)
    with_source = [a for a in articles if a.url is not None or a.outlet_id is not None]
    assert len(with_source) == 1
    [origin, url, outlet_id, _] = with_source[0]
    assert origin.startswith("seed:000_")
    assert url.startswith("http://www.cbc.bb/")
    assert outlet_id is not None


FURNITURE_LINES = ["Share", "Advertisement", "202", "20", "AFP"]
FURNITURE_TEXT = [
    "A Syrian man with a blood stained shirt",
    "Destroyed ambulances from the Syrian Civil Defence are seen",
    "Picture taken on September 19, 2017 shows hospital beds",
    "http://www.cbc.bb/",
    "Kerry wants 'all or nothing' truce",
]


def bodies(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Article.origin, Article.body)).all())


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_lines_are_not_in_bodies(session, line):
    for origin, body in bodies(session).items():
        assert line not in [b.strip() for b in body.split("\n")], origin


@pytest.mark.parametrize("fragment", FURNITURE_TEXT)
def test_captions_and_header_text_are_not_in_bodies(session, fragment):
    for origin, body in bodies(session).items():
        assert fragment not in body, origin


def test_bodies_keep_their_text_and_paragraph_breaks(session):
    texts = bodies(session)
    assert all(not body.startswith("\n") and "\n\n\n" not in body for body in texts.values())
    assert any(
        body.startswith("At least 500 people, including 89 civilians") for body in texts.values()
    )


def test_mojibake_is_repaired(session):
    texts = "\n".join(bodies(session).values())
    quotes = "\n".join(session.execute(select(Claim.quote)).scalars())

    assert "â€™" not in texts and "â€" not in texts
    assert "â€" not in quotes
    assert "Russian Foreign Ministry’s spokesperson Maria Zakharova" in texts
