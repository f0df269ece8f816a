"""app/web/cross_links.py and app/api/cross_links.py: the proposed cross-article links in the
article's suggestion panel, and deciding on them in the browser and through the API."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.models import ClaimLink, ClaimSuggestion, CrossLinkSuggestion
from tests import cross_link_fixtures, import_fixtures
from tests.htmldoc import parse

db_path = import_fixtures.db_path
analyst = import_fixtures.analyst
anonymous = import_fixtures.anonymous
corpus = cross_link_fixtures.corpus
imported = cross_link_fixtures.imported


def _row(engine, cross_link_id: int) -> CrossLinkSuggestion:
    with Session(engine) as session:
        return session.get(CrossLinkSuggestion, cross_link_id)


def _proposal(engine, article_id: int, target_claim_id: int, kind: str) -> CrossLinkSuggestion:
    with Session(engine) as session:
        suggestion_id = session.execute(
            select(ClaimSuggestion.id).where(
                ClaimSuggestion.article_id == article_id, ClaimSuggestion.kind == kind
            )
        ).scalar_one()
        return session.execute(
            select(CrossLinkSuggestion).where(
                CrossLinkSuggestion.suggestion_id == suggestion_id,
                CrossLinkSuggestion.target_claim_id == target_claim_id,
            )
        ).scalar_one()


def _suggestion_id(engine, article_id: int, kind: str) -> int:
    with Session(engine) as session:
        return session.execute(
            select(ClaimSuggestion.id).where(
                ClaimSuggestion.article_id == article_id, ClaimSuggestion.kind == kind
            )
        ).scalar_one()


def test_the_panel_shows_each_proposal_with_its_target_and_reason(
    analyst, anonymous, engine, corpus, imported
):
    proposal = _proposal(engine, imported, corpus["same"], "allegation")
    page = analyst.client.get(f"/articles/{imported}")
    assert page.status_code == 200
    root = parse(page.text)
    item = root.find("li", id=f"cross-link-{proposal.id}")
    assert item is not None
    words = " ".join(item.text.split())
    assert "same claim" in words
    assert "38 civilians were killed when Veloria" in words  # the target's quote
    assert "Strike on Kelvar market, 2026-03-02" in words  # its article and date
    assert "Why: same claimant, same figure 38 civilians" in words
    forms = item.find_all("form")
    assert [f.get("action") for f in forms] == [
        f"/cross-links/{proposal.id}/accept",
        f"/cross-links/{proposal.id}/reject",
    ]
    for form in forms:
        assert form.find("input", name="csrf_token").get("value") == analyst.csrf
        assert form.find("button").get("type") == "submit"  # reachable and usable by keyboard
    # The card's own keys stay the claim's: A, E, R.
    card = root.find("li", id=f"suggestion-{proposal.suggestion_id}")
    assert [el.get("data-key") for el in card.iter() if el.get("data-key")] == ["a", "e", "r"]
    assert "cross-link" not in anonymous.get(f"/articles/{imported}").text


def test_accepting_before_the_claim_exists_says_so_and_keeps_it_pending(
    analyst, engine, corpus, imported
):
    proposal = _proposal(engine, imported, corpus["same"], "allegation")
    response = analyst.client.post(f"/cross-links/{proposal.id}/accept", headers=analyst.htmx)
    assert response.status_code == 200
    assert "is not a claim yet: accept it first" in response.text
    plain = analyst.client.post(
        f"/cross-links/{proposal.id}/accept", data=analyst.form(), follow_redirects=False
    )
    assert plain.status_code == 409
    assert _row(engine, proposal.id).status == "pending"


def test_decisions_need_the_csrf_token(analyst, engine, corpus, imported):
    proposal = _proposal(engine, imported, corpus["same"], "allegation")
    response = analyst.client.post(f"/cross-links/{proposal.id}/reject", follow_redirects=False)
    assert response.status_code == 403
    assert _row(engine, proposal.id).status == "pending"


def test_once_the_claim_is_accepted_the_link_is_made_from_the_panel(
    analyst, engine, corpus, imported
):
    allegation_id = _suggestion_id(engine, imported, "allegation")
    accepted = analyst.client.post(f"/suggestions/{allegation_id}/accept", headers=analyst.htmx)
    assert accepted.status_code == 200
    proposal = _proposal(engine, imported, corpus["same"], "allegation")
    # The claim's card left the panel; its pending links are listed under the claim.
    root = parse(accepted.text)
    assert root.find("li", id=f"cross-link-{proposal.id}") is not None

    response = analyst.client.post(
        f"/cross-links/{proposal.id}/accept", data=analyst.form(), follow_redirects=False
    )
    assert response.status_code == 303
    row = _row(engine, proposal.id)
    assert (row.status, row.decided_by_id) == ("accepted", analyst.user_id)
    with Session(engine) as session:
        link = session.get(ClaimLink, row.link_id)
        claim_id = session.get(ClaimSuggestion, allegation_id).claim_id
    assert (link.source_id, link.target_id, link.kind) == (claim_id, corpus["same"], "same_claim")
    again = analyst.client.post(f"/cross-links/{proposal.id}/reject", headers=analyst.htmx)
    assert "already accepted" in again.text


def test_rejecting_from_the_panel_is_stored(analyst, engine, corpus, imported):
    proposal = _proposal(engine, imported, corpus["denial"], "allegation")
    response = analyst.client.post(f"/cross-links/{proposal.id}/reject", headers=analyst.htmx)
    assert response.status_code == 200
    assert f'id="cross-link-{proposal.id}"' not in response.text
    row = _row(engine, proposal.id)
    assert (row.status, row.link_id, row.decided_by_id) == ("rejected", None, analyst.user_id)


def test_unknown_proposals_are_404(analyst):
    response = analyst.client.post(
        f"/cross-links/{2**31 - 1}/accept", data=analyst.form(), follow_redirects=False
    )
    assert response.status_code == 404


# --- API ---------------------------------------------------------------------------------------


def test_the_api_lists_the_proposals_with_reasons(analyst, corpus, imported):
    response = analyst.client.get(f"/api/articles/{imported}/cross-links")
    assert response.status_code == 200
    listed = response.json()
    same = next(
        p for p in listed if p["target"]["claim_id"] == corpus["same"] and p["kind"] == "same_claim"
    )
    assert same["direction"] == "from_suggestion"
    assert same["reason"].startswith("same claimant, same figure 38 civilians")
    assert same["target"]["article_title"] == "Strike on Kelvar market"
    assert same["target"]["published_on"] == "2026-03-02"
    assert {p["status"] for p in listed} <= {"pending", "accepted", "rejected"}


def test_the_api_decides_and_explains_refusals(analyst, engine, corpus, imported):
    headers = {"X-CSRF-Token": analyst.csrf}
    denial_id = _suggestion_id(engine, imported, "denial")
    proposal = _proposal(engine, imported, corpus["same"], "denial")
    waiting = analyst.client.post(f"/api/cross-links/{proposal.id}/accept", headers=headers)
    assert waiting.status_code == 409
    assert waiting.headers["content-type"].startswith("application/problem+json")
    assert "not a claim yet" in waiting.json()["detail"]

    analyst.client.post(f"/suggestions/{denial_id}/accept", data=analyst.form())
    accepted = analyst.client.post(f"/api/cross-links/{proposal.id}/accept", headers=headers)
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert (body["status"], body["kind"], body["direction"]) == (
        "accepted",
        "rebuts",
        "from_suggestion",
    )
    assert body["link_id"] is not None and body["decided_by"] == analyst.username
    twice = analyst.client.post(f"/api/cross-links/{proposal.id}/reject", headers=headers)
    assert twice.status_code == 409 and "already accepted" in twice.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/articles/999999/cross-links", 404),
        ("get", "/api/articles/0/cross-links", 422),
        ("post", "/api/cross-links/999999/accept", 404),
        ("post", "/api/cross-links/abc/reject", 422),
        ("post", f"/api/cross-links/{2**31}/accept", 422),
    ],
)
def test_the_api_answers_bad_requests_with_problems(analyst, method, path, status):
    response = getattr(analyst.client, method)(path, headers={"X-CSRF-Token": analyst.csrf})
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


def test_readers_cannot_use_the_api(anonymous, imported):
    assert anonymous.get(f"/api/articles/{imported}/cross-links").status_code == 401
