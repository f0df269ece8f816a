"""Bad input to the claim forms and the claim API (app/web/claim_forms.py): answered next to
the field or as a problem detail naming it, and nothing saved."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.models import Actor, Article, Claim
from tests import annotate_fixtures as af
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import claim_form, get
from tests.htmldoc import parse
from tests.write_routes import FREE_QUOTES, form_fields

db_path = ws.db_path
analyst = ws.analyst
article = af.article


BAD_CLAIMS = [
    ("empty statement", {"statement": "   "}, "statement", "at least 1 character"),
    ("oversized statement", {"statement": "x" * 301}, "statement", "at most 300 characters"),
    ("quote not in the article", {"quote": "Russia bombed the moon."}, "quote", "do not occur"),
    ("quote more than once", {"quote": "Aleppo"}, "quote", "the one you mean"),
    ("oversized quote", {"quote": "x" * 5001}, "quote", "at most 5000 characters"),
    ("non-numeric figure",
     {"figure_low": "many", "figure_counts": "killed"}, "figures", "whole digits"),
    ("figure range upside down",
     {"figure_low": "10", "figure_high": "5", "figure_counts": "killed"}, "figures", "high end"),
    ("unknown claimant", {"claimant": "Nobody We Know"}, "claimant", "No actor is called"),
    ("unknown reporter", {"reported_via": "Nobody We Know"}, "reported_via", "No actor is called"),
    ("reporter twice",
     {"reported_via": "United Nations\nUnited Nations"}, "reported_via", "appears twice"),
    ("unknown kind", {"kind": "rumour"}, "kind", "Input should be"),
    ("impossible date", {"event_date": "2019-02-30"}, "event_date", "date"),
    ("unknown dispute", {"dispute_ids": "999999"}, "dispute_ids", "Unknown dispute"),
    ("oversized place", {"event_place": "x" * 201}, "event_place", "at most 200 characters"),
    ("oversized time", {"event_time": "x" * 201}, "event_time", "at most 200 characters"),
    ("new actor with an unknown parent",
     {"claimant": "A brand new council", "new_actor_kind": "other", "new_actor_parent": "Nobody"},
     "new_actor_parent", "No actor is called"),
    ("new actor of an unknown kind",
     {"claimant": "A brand new council", "new_actor_kind": "alien"}, "new_actor_kind",
     "Input should be"),
    ("new actor with a one-letter name",
     {"claimant": "X", "new_actor_kind": "other"}, "new_actor_name", "at least 2 characters"),
    # The inline actor itself is fine, but the claim is refused: the actor is not kept either.
    ("new actor, claim refused",
     {"claimant": "A brand new council", "new_actor_kind": "other", "quote": "Not in it."},
     "quote", "do not occur"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [case[1:] for case in BAD_CLAIMS],
    ids=[case[0] for case in BAD_CLAIMS],
)
def test_bad_claim_input_is_answered_next_to_the_field_and_nothing_is_saved(
    engine, analyst, article, db_path, values, field, message
):
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        f"/articles/{article['ref']}/claims", data=claim_form(analyst, **values)
    )

    assert response.status_code == 422
    page = parse(response.text)
    shown = ws.field_error(page, field)
    assert shown is not None, f"no message next to {field}: {ws.field_errors(page)}"
    assert message.lower() in shown.lower()
    assert page.find(cls="error-message", role="alert") is not None
    typed = values.get("statement", "A claim marked in a test")
    assert ws.input_value(page, "statement") == typed  # what was typed is kept
    assert ws.changed_tables(before, ws.table_digests(db_path)) == []
    with Session(engine) as session:
        assert (
            session.execute(select(Actor).where(Actor.name == "A brand new council")).first()
            is None
        )


def test_offsets_that_miss_the_words_fall_back_to_finding_the_words(engine, analyst, article):
    """A quote edited after it was selected keeps stale offsets; its words decide where it is."""
    response = analyst.client.post(
        f"/articles/{article['ref']}/claims",
        data=claim_form(
            analyst, quote_start="0", quote_end="12", statement="Stale offsets, right words"
        ),
        follow_redirects=False,
    )

    assert response.status_code == 303
    with Session(engine) as session:
        claim = (
            session.execute(select(Claim).where(Claim.statement == "Stale offsets, right words"))
            .scalars()
            .one()
        )
        body = session.get(Article, claim.article_id).body
    assert claim.quote == FREE_QUOTES[1]
    assert body[claim.quote_start : claim.quote_end] == FREE_QUOTES[1]
    assert claim.quote_start != 0


def test_a_bad_edit_is_answered_next_to_the_field_and_changes_nothing(
    engine, analyst, seed_ids, db_path
):
    claim_id = seed_ids.claims["un-aleppo-aid-cutoff-000"]
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        f"/claims/{claim_id}/edit",
        data={**form, "quote": "Words that are not there.", "quote_start": "", "quote_end": ""},
    )

    assert response.status_code == 422
    assert "do not occur" in ws.field_error(parse(response.text), "quote")
    assert ws.table_digests(db_path) == before


def test_an_edit_can_move_the_quote_to_other_words(engine, analyst, seed_ids, article):
    """The edit form holds the quote's old place; pasting other words of the article into it
    must move the claim there, as the API does."""
    claim_id = seed_ids.claims["ocha-aleppo-may-flee-000"]
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )
    quote = "local councils in the city estimate that some 100,000 to 150,000 civilians may flee"

    response = analyst.client.post(
        f"/claims/{claim_id}/edit", data={**form, "quote": quote}, follow_redirects=False
    )

    assert response.status_code == 303, ws.field_errors(parse(response.text))
    pending = get(engine, Claim, claim_id).pending_edit
    assert pending["quote"] == quote
    assert pending["quote_start"] == article["body"].index(quote)


BAD_API = [
    ("empty statement", "/api/claims", "claim", {"statement": ""}, "statement"),
    ("quote not in the article", "/api/claims", "claim", {"quote": "Not in it."}, "quote"),
    ("non-numeric figure", "/api/claims", "claim",
     {"figures": [{"low": "many", "counts": "killed"}]}, "figures"),
    ("unknown actor", "/api/claims", "claim", {"claimant_id": 999999}, "claimant_id"),
    ("oversized field", "/api/claims", "claim", {"event_place": "x" * 201}, "event_place"),
    ("unknown field", "/api/claims", "claim", {"colour": "red"}, "colour"),
    ("link to itself", "/api/links", "link", {"target_id": "self"}, "target_id"),
    ("link to nothing", "/api/links", "link", {"target_id": 999999}, "target_id"),
    ("unknown link kind", "/api/links", "link", {"kind": "likes"}, "kind"),
    ("unknown field in a link", "/api/links", "link", {"weight": 3}, "weight"),
    ("unknown field in a note", "/api/notes", "note", {"pinned": True}, "pinned"),
    ("unknown field in an actor", "/api/actors", "actor", {"born": "1970"}, "born"),
    ("unknown field in a dispute", "/api/disputes", "dispute", {"owner": 1}, "owner"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "shape", "values", "field"),
    [case[1:] for case in BAD_API],
    ids=[case[0] for case in BAD_API],
)
def test_bad_api_input_is_a_problem_detail_naming_the_field(
    analyst, article, seed_ids, db_path, path, shape, values, field
):
    claim_id = seed_ids.claims["un-aleppo-aid-cutoff-000"]
    bodies = {
        "claim": {
            "article_id": article["id"],
            "kind": "statement",
            "statement": "Through the API",
            "claimant_id": seed_ids.actors["United Nations"],
            "quote": FREE_QUOTES[1],
        },
        "link": {"source_id": claim_id, "target_id": seed_ids.claims["russia-fake-004"],
                 "kind": "rebuts"},
        "note": {"claim_id": claim_id, "body": "A note"},
        "actor": {"name": "An API actor", "kind": "ngo"},
        "dispute": {"title": "An API dispute"},
    }  # fmt: skip
    body = {**bodies[shape], **values}
    if body.get("target_id") == "self":
        body["target_id"] = body["source_id"]
    before = ws.table_digests(db_path)

    response = analyst.client.post(path, json=body, headers=analyst.json_headers)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    named = [str(part) for error in problem.get("errors", []) for part in error["loc"]]
    assert field in named or field in problem["detail"], problem
    assert ws.table_digests(db_path) == before
