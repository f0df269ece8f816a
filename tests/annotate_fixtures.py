"""Fixtures and helpers shared by the analyst-workspace tests of claims, links, notes,
disputes and history: the article they mark, and a claim, a note or a dispute made through
the forms as an analyst makes it."""

import re

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.models import Article, Claim, ClaimLink
from tests import workspace_fixtures as ws
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES


@pytest.fixture(scope="module")
def article(engine, seed_ids) -> dict[str, object]:
    article_id = seed_ids.articles[ARTICLE_FILE]
    with Session(engine) as session:
        row = session.get(Article, article_id)
        return {"id": article_id, "ref": f"{article_id}-{row.slug}", "body": row.body}


def claim_id_from(response) -> int:
    """The new claim's id, from the redirect to the article with the claim selected."""
    assert response.status_code == 303, (response.status_code, response.text[:500])
    match = re.search(r"\?claim=(\d+)#claim-\d+$", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


def claim_form(person: ws.Person, **values: object) -> dict[str, object]:
    """A complete new-claim form (valid unless `values` break it)."""
    return person.form(
        **{
            "kind": "allegation",
            "statement": "A claim marked in a test",
            "quote": FREE_QUOTES[1],
            "quote_start": "",
            "quote_end": "",
            "claimant": "Syrian Observatory for Human Rights",
            "new_actor_kind": "",
            "new_actor_parent": "",
            "reported_via": "",
            "figure_qualifier": "",
            "figure_low": "",
            "figure_high": "",
            "figure_counts": "other",
            "figure_text": "",
            "event_place": "",
            "event_time": "",
            "event_date": "",
            **values,
        }
    )


def mark(person: ws.Person, article: dict, **values: object) -> int:
    response = person.client.post(
        f"/articles/{article['ref']}/claims",
        data=claim_form(person, **values),
        follow_redirects=False,
    )
    return claim_id_from(response)


def publish(person: ws.Person, engine, claim_id: int) -> None:
    with Session(engine) as session:
        version = session.get(Claim, claim_id).version
    response = person.client.post(
        f"/claims/{claim_id}/publish", data=person.form(version=str(version)),
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text[:300]


def get(engine, model: type, obj_id: object) -> object:
    with Session(engine) as session:
        return session.get(model, obj_id)


def link_between(engine, source_id: int, target_id: int) -> ClaimLink | None:
    with Session(engine) as session:
        return session.execute(
            select(ClaimLink).where(
                ClaimLink.source_id == source_id, ClaimLink.target_id == target_id
            )
        ).scalar_one_or_none()


def post_note(person: ws.Person, **fields: str) -> int:
    response = person.client.post("/notes", data=person.form(**fields), follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    return int(response.headers["location"].rsplit("#note-", 1)[1])


def new_dispute(person: ws.Person, title: str) -> tuple[int, str]:
    response = person.client.post(
        "/disputes/new",
        data=person.form(title=title, summary="", status="open", grade="", grade_note=""),
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    location = response.headers["location"]
    return int(re.match(r"/disputes/(\d+)-", location).group(1)), location
