"""The timeline (app/services/timeline.py): every claim of a dispute in date order, each
answer after what it answers, gaps and unknown dates shown."""

from datetime import date

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from app.main import create_app
from app.models import Claim
from tests.htmldoc import parse

MAARAT = "maarat-al-numan-strike-jul-2019"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # the last test dates the Maarat al-Numan claims


def entries(html: str) -> list[tuple[int, list[int]]]:
    """(claim id, ids of what it answers) for each entry, in page order."""
    found = []
    for li in parse(html).find_all("li", cls="timeline-entry"):
        answers = li.find(cls="timeline-answers")
        targets = [int(a.get("href")[2:]) for a in answers.find_all("a")] if answers else []
        found.append((int(li.get("id")[1:]), targets))
    return found


def test_every_seed_timeline_puts_answers_after_what_they_answer(client, seed_ids):
    for slug, dispute in seed_ids.disputes.items():
        response = client.get(f"/disputes/{dispute}-{slug}/timeline")
        assert response.status_code == 200, slug
        order = entries(response.text)
        position = {claim_id: i for i, (claim_id, _) in enumerate(order)}
        for claim_id, targets in order:
            for target in targets:
                assert position[target] < position[claim_id], (slug, claim_id, target)


def test_seed_claims_are_listed_under_date_unknown(client, seed_ids):
    dispute = seed_ids.disputes["us-a10-aleppo-strike-feb-2016"]
    page = client.get(f"/disputes/{dispute}-us-a10-aleppo-strike-feb-2016/timeline")
    doc = parse(page.text)
    assert "No claim in this dispute has a known date" in doc.find(id="dated-title").parent.text
    undated = doc.find("ol", cls="timeline-undated")
    assert len(undated.find_all("li", cls="timeline-entry")) == 8
    state_dept = doc.find(id=f"t{seed_ids.claims['state-dept-no-us-missions-002']}")
    assert "rebuts" in state_dept.find(cls="timeline-answers").text
    counter = doc.find(id=f"t{seed_ids.claims['konashenkov-us-a10-002']}")
    assert "the text says “Wednesday”" in " ".join(counter.text.split())
    assert counter.find(cls="denial-tag").text == "counter-accusation"


def test_wrong_slug_moves_and_unknown_dispute_is_404(client, seed_ids):
    dispute = seed_ids.disputes[MAARAT]
    moved = client.get(f"/disputes/{dispute}/timeline", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == f"/disputes/{dispute}-{MAARAT}/timeline"
    assert client.get("/disputes/999999-x/timeline").status_code == 404
    assert client.get("/disputes/not-a-number/timeline").status_code == 404


def test_dated_claims_in_order_with_gaps_and_answers_moved_after(app_database, seed_ids, engine):
    # The dates are written straight to the database, as another process would write them. A
    # server already running, holding this page (an earlier test rendered it), drops it when the
    # commit's notification arrives, within 1 s on PostgreSQL, not before its next response
    # (docs/reliability.md). So the page is asked of a server started after the write.
    with Session(engine) as session:
        for ref, day in (
            ("maarat-sohr-38-004", date(2019, 7, 22)),
            ("idlib-sohr-59-004", date(2019, 7, 25)),
            # Russia's denial dated before what it denies: it is placed after it all the same.
            ("russia-fake-004", date(2019, 7, 20)),
        ):
            session.get(Claim, seed_ids.claims[ref]).event_date = day
        session.commit()
    with TestClient(create_app()) as client:
        page = client.get(f"/disputes/{seed_ids.disputes[MAARAT]}-{MAARAT}/timeline")
    doc = parse(page.text)
    dated = doc.find(id="dated-title").parent
    ids = [int(li.get("id")[1:]) for li in dated.find_all("li", cls="timeline-entry")]
    assert ids == [
        seed_ids.claims["maarat-sohr-38-004"],
        seed_ids.claims["idlib-sohr-59-004"],
        seed_ids.claims["russia-fake-004"],
    ]
    assert [" ".join(g.text.split()) for g in dated.find_all(cls="timeline-gap")] == [
        "3 days later"
    ]
    fake = doc.find(id=f"t{seed_ids.claims['russia-fake-004']}")
    when = " ".join(fake.find(cls="timeline-when").text.split())
    assert when.startswith("2019-07-25")
    assert "its own date is 2019-07-20, placed after what it answers" in when
    assert doc.find(id="undated-title") is None
