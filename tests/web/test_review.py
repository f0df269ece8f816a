"""Drafts and review (app/web/review.py, publishing in app/web/annotate.py): what readers and
analysts see of a draft, publishing it, and an edit to a published claim waiting for review."""

import pytest

from app.main import create_app
from app.models import Claim
from tests import annotate_fixtures as af
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import get, mark, publish
from tests.conftest import TestClient
from tests.htmldoc import parse
from tests.write_routes import form_fields

db_path = ws.db_path
analyst = ws.analyst
other_analyst = ws.other_analyst
reader = ws.reader
article = af.article


@pytest.fixture(scope="module")
def draft(engine, analyst, article, seed_ids) -> dict[str, int]:
    """A draft answer in the Aleppo toll dispute that rebuts its allegation."""
    dispute_id = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    claim_id = mark(
        analyst,
        article,
        kind="denial",
        statement="Zorbleflux denies the monitor's toll",
        quote="The conflict has also displaced millions more and sent hundreds of thousands "
        "fleeing as refugees to Europe.",
        claimant="Russian government",
        dispute_ids=[str(dispute_id)],
    )
    allegation_id = seed_ids.claims["aleppo-sohr-toll-000"]
    response = analyst.client.post(
        f"/claims/{claim_id}/links",
        data=analyst.form(kind="rebuts", other=f"#{allegation_id}"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    return {"claim": claim_id, "allegation": allegation_id, "dispute": dispute_id}


def test_a_draft_is_invisible_to_readers(reader, article, draft):
    claim_id = draft["claim"]

    assert reader.get(f"/claims/{claim_id}").status_code == 404
    page = reader.get(f"/articles/{article['ref']}")
    assert claim_id not in ws.claim_ids_highlighted(parse(page.text))
    assert "Zorbleflux" not in page.text
    assert reader.get(f"/api/claims/{claim_id}").status_code == 404
    listed = reader.get("/api/claims", params={"article_id": article["id"], "limit": 100}).json()
    assert claim_id not in [c["id"] for c in listed["items"]]
    assert claim_id not in reader.get(f"/api/articles/{article['id']}").json()["claim_ids"]
    found = parse(reader.get("/search", params={"q": "Zorbleflux"}).text)
    assert found.find("a", href=f"/claims/{claim_id}") is None
    assert reader.get("/api/search", params={"q": "Zorbleflux"}).json()["claims"]["total"] == 0
    dispute = reader.get(f"/disputes/{draft['dispute']}", follow_redirects=True)
    assert parse(dispute.text).find(id=f"c{claim_id}") is None
    api_dispute = reader.get(f"/api/disputes/{draft['dispute']}").json()
    assert claim_id not in [c["id"] for c in api_dispute["claims"]]


def test_credentials_are_checked_on_the_async_read_routes(engine, analyst, draft):
    """The permalinks and the claim and dispute API read through their own viewer dependency
    (app.auth.get_reader): a token or a session sees drafts there, a bad token is refused."""
    claim_id, dispute_id = draft["claim"], draft["dispute"]
    secret = ws.api_token(engine, analyst.user_id, name="reads")
    with TestClient(create_app()) as script:
        bearer = {"Authorization": f"Bearer {secret}"}
        assert script.get(f"/api/claims/{claim_id}", headers=bearer).status_code == 200
        held = script.get(f"/api/disputes/{dispute_id}", headers=bearer).json()["claims"]
        assert claim_id in [c["id"] for c in held]
        for path in (f"/api/claims/{claim_id}", f"/disputes/{dispute_id}", f"/claims/{claim_id}"):
            refused = script.get(path, headers={"Authorization": "Bearer gsy_not-a-token"})
            assert refused.status_code == 401, path
    assert analyst.client.get(f"/claims/{claim_id}").status_code == 200
    page = analyst.client.get(f"/disputes/{dispute_id}", follow_redirects=True)
    assert parse(page.text).find(id=f"c{claim_id}") is not None


def test_a_draft_leaves_no_trace_on_the_claim_it_answers(reader, draft):
    allegation = draft["allegation"]

    api = reader.get(f"/api/claims/{allegation}").json()
    page = reader.get(f"/claims/{allegation}")

    assert "Zorbleflux" not in page.text
    assert draft["claim"] not in [link["source_id"] for link in api["linked_from"]]


def test_analysts_see_drafts(analyst, article, draft):
    claim_id = draft["claim"]

    page = analyst.client.get(f"/claims/{claim_id}")
    assert page.status_code == 200 and "draft: analysts only" in page.text
    text = parse(analyst.client.get(f"/articles/{article['ref']}").text)
    assert claim_id in ws.claim_ids_highlighted(text)
    api = analyst.client.get(f"/api/claims/{claim_id}")
    assert api.status_code == 200 and api.json()["state"] == "draft"
    dispute = analyst.client.get(f"/disputes/{draft['dispute']}", follow_redirects=True)
    assert parse(dispute.text).find(id=f"c{claim_id}") is not None
    review = analyst.client.get("/review")
    assert f'/claims/{claim_id}"' in review.text


def test_publishing_shows_the_claim_to_readers_beside_what_it_answers(
    engine, analyst, other_analyst, reader, article, draft
):
    claim_id = draft["claim"]
    # The analyst's page holds the draft's version; meanwhile a colleague edits the draft.
    page_version = get(engine, Claim, claim_id).version
    form = form_fields(
        parse(other_analyst.client.get(f"/claims/{claim_id}/edit").text).find(
            "form", cls="claim-form"
        )
    )
    edited = other_analyst.client.post(
        f"/claims/{claim_id}/edit", data={**form, "event_place": "Moscow"}, follow_redirects=False
    )
    assert edited.status_code == 303
    stale = analyst.client.post(
        f"/claims/{claim_id}/publish", data=analyst.form(version=str(page_version))
    )
    assert stale.status_code == 409
    assert get(engine, Claim, claim_id).state == "draft"

    publish(analyst, engine, claim_id)

    assert get(engine, Claim, claim_id).state == "published"
    assert reader.get(f"/claims/{claim_id}").status_code == 200
    page = parse(reader.get(f"/articles/{article['ref']}").text)
    assert claim_id in ws.claim_ids_highlighted(page)
    assert reader.get(f"/api/claims/{claim_id}").json()["state"] == "published"
    assert reader.get("/api/search", params={"q": "Zorbleflux"}).json()["claims"]["total"] == 1
    found = parse(reader.get("/search", params={"q": "Zorbleflux"}).text)
    assert found.find("a", href=f"/claims/{claim_id}") is not None
    dispute = parse(reader.get(f"/disputes/{draft['dispute']}", follow_redirects=True).text)
    row = next(
        r
        for r in dispute.find_all(cls="exchange-row")
        if r.find(cls="side-allegation").find(id=f"c{draft['allegation']}") is not None
    )
    assert row.find(cls="side-answers").find(id=f"c{claim_id}") is not None
    assert [c.action for c in ws.changes_for(engine, "claim", claim_id)][-1] == "publish"
    again = analyst.client.post(
        f"/claims/{claim_id}/publish",
        data=analyst.form(version=str(get(engine, Claim, claim_id).version)),
    )
    assert again.status_code == 422  # nothing left to publish


def test_an_edit_to_a_published_claim_waits_for_review(
    engine, analyst, other_analyst, reader, seed_ids
):
    claim_id = seed_ids.claims["msf-azaz-camps-000"]
    old = get(engine, Claim, claim_id).statement
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )

    saved = analyst.client.post(
        f"/claims/{claim_id}/edit",
        data={**form, "statement": "MSF: 23,000 arrived near Azaz (edited)"},
        follow_redirects=False,
    )

    assert saved.status_code == 303
    claim = get(engine, Claim, claim_id)
    assert (claim.state, claim.statement) == ("published", old)
    assert claim.pending_edit["statement"] == "MSF: 23,000 arrived near Azaz (edited)"
    assert old in reader.get(f"/claims/{claim_id}").text
    assert "(edited)" not in reader.get(f"/claims/{claim_id}").text
    assert reader.get(f"/api/claims/{claim_id}").json()["statement"] == old
    analysts_page = other_analyst.client.get(f"/claims/{claim_id}").text
    assert "Pending edit" in analysts_page and "(edited)" in analysts_page
    assert "(edited)" in other_analyst.client.get("/review").text

    publish(other_analyst, engine, claim_id)

    claim = get(engine, Claim, claim_id)
    assert claim.statement == "MSF: 23,000 arrived near Azaz (edited)"
    assert claim.pending_edit is None
    assert "(edited)" in reader.get(f"/claims/{claim_id}").text
