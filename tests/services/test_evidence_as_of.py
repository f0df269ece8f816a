"""A dispute as published at the end of a past day (app/services/as_of.py), rebuilt from the
history: writes go through the API, then their recorded times are moved into the past, as if
they had been made on those days."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from app.main import create_app
from app.models import Change
from tests.conftest import clear_caches
from tests.htmldoc import parse
from tests.workspace_fixtures import add_user, api_token

MAARAT = "maarat-al-numan-strike-jul-2019"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy


@dataclass(frozen=True)
class Story:
    dispute_id: int
    path: str  # the dispute's permalink today
    allegation: str  # statements
    denial: str


def _write(
    client: TestClient, headers: dict, method: str, path: str, body: dict, read: str = ""
) -> dict:
    """A write with the If-Match of the object as read at `read` (default: `path`)."""
    current = client.get(read or path, headers=headers)
    response = client.request(
        method, path, json=body, headers={**headers, "If-Match": current.headers["etag"]}
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def story(engine, seed_ids) -> Iterator[Story]:
    """A dispute created on 1 November with SOHR's 38 killed; Russia's "fake" added on
    10 November; renamed, summarised again and graded on 20 November."""
    user_id, _ = add_user(engine)
    headers = {"Authorization": f"Bearer {api_token(engine, user_id)}"}
    maarat, allegation, denial = (
        seed_ids.disputes[MAARAT],
        seed_ids.claims["maarat-sohr-38-004"],
        seed_ids.claims["russia-fake-004"],
    )
    with TestClient(create_app()) as client:
        created = client.post(
            "/api/disputes",
            json={"title": "Strike on the market", "summary": "First summary."},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        dispute_id = created.json()["id"]
        for claim_id in (allegation, denial):
            path = f"/api/claims/{claim_id}"
            _write(client, headers, "PATCH", path, {"dispute_ids": [maarat, dispute_id]})
            _write(client, headers, "POST", f"{path}/publish", {}, read=path)
        _write(
            client,
            headers,
            "PATCH",
            f"/api/disputes/{dispute_id}",
            {
                "title": "Market strike, July 2019",
                "summary": "Second summary.",
                "grade": "contested",
            },
        )
        statements = {
            claim_id: client.get(f"/api/claims/{claim_id}").json()["statement"]
            for claim_id in (allegation, denial)
        }
        path = client.get(f"/disputes/{dispute_id}", follow_redirects=False).headers["location"]
    day = datetime(2026, 11, 1, 10, tzinfo=UTC)
    with Session(engine) as session:
        changes = session.exec(select(Change).order_by(Change.id)).all()
        mine = [c for c in changes if c.entity == "dispute" and c.entity_id == dispute_id]
        mine += [c for c in changes if c.entity == "claim" and c.entity_id in (allegation, denial)]
        when = {
            ("dispute", "create"): day,
            ("dispute", "update"): day + timedelta(days=19),
            ("claim", allegation): day + timedelta(hours=2),
            ("claim", denial): day + timedelta(days=9),
        }
        for change in mine:
            key = (change.entity, change.action if change.entity == "dispute" else change.entity_id)
            change.at = when[key]
        # The seed rows were loaded long before, with no history of their own.
        for table in ("claim", "claim_link", "article", "actor"):
            session.execute(text(f"UPDATE {table} SET created_at = '2026-01-01 00:00:00.000000'"))
        session.execute(
            text("UPDATE dispute SET created_at = :at WHERE id = :id"),
            {"at": day, "id": dispute_id},
        )
        session.commit()
    yield Story(dispute_id, path, statements[allegation], statements[denial])


def as_of(client, story: Story, day: str):
    response = client.get(f"{story.path}/as-of/{day}")
    assert response.status_code == 200, response.text
    return response, parse(response.text)


def test_before_the_dispute_existed_nothing_was_published(client, story):
    _, doc = as_of(client, story, "2026-10-31")
    assert "Nothing published yet" in doc.find("section", cls="as-of-empty").text
    banner = doc.find(cls="as-of-banner")
    assert "As published at the end of 2026-10-31" in banner.text
    assert banner.find("a").get("href") == story.path
    assert story.allegation not in doc.text


def test_the_first_days_shows_the_first_title_summary_and_claims(client, story):
    response, doc = as_of(client, story, "2026-11-05")
    assert doc.find("h1").text == "Strike on the market"
    assert "First summary." in response.text
    assert "Second summary." not in response.text
    assert story.allegation in doc.text
    assert story.denial not in doc.text  # added on the 10th
    assert doc.find(cls="grade") is None


def test_a_later_day_shows_the_answer_and_then_the_grade(client, story):
    response, doc = as_of(client, story, "2026-11-15")
    answers = doc.find(cls="side-answers")
    assert story.denial in answers.text
    assert answers.find(cls="denial-tag").text == "dismissal"
    assert doc.find(cls="grade") is None

    response, doc = as_of(client, story, "2026-11-25")
    assert doc.find("h1").text == "Market strike, July 2019"
    assert "Second summary." in response.text
    assert "Graded contested" in " ".join(doc.find(cls="grade").text.split())


def test_the_form_moves_to_the_day_permalink(client, story):
    moved = client.get(
        f"{story.path}/as-of", params={"as_of": "2026-11-05"}, follow_redirects=False
    )
    assert moved.status_code == 301
    assert moved.headers["location"] == f"{story.path}/as-of/2026-11-05"
    wrong_slug = client.get(
        f"/disputes/{story.dispute_id}-old/as-of/2026-11-05", follow_redirects=False
    )
    assert wrong_slug.status_code == 301
    assert wrong_slug.headers["location"] == f"{story.path}/as-of/2026-11-05"


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2026-13-45", "is not a date"),
        ("yesterday", "is not a date"),
        ("2026-1-5", "is not a date"),
        ("2999-01-01", "has not come yet"),
    ],
)
def test_a_malformed_or_future_day_is_404(client, story, day, words):
    response = client.get(f"{story.path}/as-of/{day}")
    assert response.status_code == 404
    assert words in response.text


def test_a_malformed_form_date_is_422(client, story):
    response = client.get(f"{story.path}/as-of", params={"as_of": "<i>soon</i>"})
    assert response.status_code == 422
    assert "<i>soon" not in response.text


def test_the_form_without_a_day_shows_today(client, story):
    response = client.get(f"{story.path}/as-of")
    assert response.status_code == 200
    canonical = parse(response.text).find("link", rel="canonical").get("href")
    assert canonical.endswith(f"{story.path}/as-of/{datetime.now(UTC).date().isoformat()}")


def test_unknown_dispute_is_404(client):
    assert client.get("/disputes/999999/as-of/2026-11-05").status_code == 404


def test_today_is_the_dispute_as_it_stands(client, story):
    today = datetime.now(UTC).date().isoformat()
    _, doc = as_of(client, story, today)
    assert doc.find("h1").text == "Market strike, July 2019"
    assert "As published so far today" in doc.find(cls="as-of-banner").text


def test_a_past_day_may_be_cached_long_today_not(story, monkeypatch):
    """What the route asks of browsers and shared caches. (The in-process page cache stores
    every reader's page with its own "no-cache", so it is turned off here.)"""
    monkeypatch.setenv("GAINSAY_PAGE_CACHE_MB", "0")
    clear_caches()
    try:
        with TestClient(create_app()) as reader:
            past = reader.get(f"{story.path}/as-of/2026-11-05")
            assert past.headers["cache-control"] == "public, max-age=86400"
            today = datetime.now(UTC).date().isoformat()
            assert reader.get(f"{story.path}/as-of/{today}").headers["cache-control"] == "no-cache"
    finally:
        monkeypatch.delenv("GAINSAY_PAGE_CACHE_MB")
        clear_caches()


@pytest.mark.parametrize("day", ["0", "20261201", "2026-1-1", "2026-13-01"])
def test_the_api_refuses_a_day_that_is_not_written_yyyy_mm_dd(client, seed_ids, day):
    dispute = min(seed_ids.disputes.values())
    answer = client.get(f"/api/disputes/{dispute}/as-of/{day}")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
