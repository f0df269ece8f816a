"""The API holds to what its OpenAPI document says: a 405 names every method the path offers,
and input that the request schema forbids is refused (app/errors.py, app/schemas.py)."""

import pytest

from tests import workspace_fixtures as ws

db_path = ws.db_path  # creates a dispute: a private copy of the seeded database
analyst = ws.analyst
reader = ws.reader


def operations(client, path: str) -> set[str]:
    spec = client.get("/openapi.json").json()
    return {method.upper() for method in spec["paths"][path]}


@pytest.mark.parametrize(
    ("method", "url", "template"),
    [
        ("PUT", "/api/claims/1", "/api/claims/{claim_id}"),
        ("POST", "/api/disputes/1", "/api/disputes/{dispute_id}"),
        ("DELETE", "/api/claims", "/api/claims"),
    ],
)
def test_a_405_names_every_method_of_the_path(reader, method, url, template):
    response = reader.request(method, url)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert allowed == operations(reader, template) | {"HEAD"}
    assert len(allowed) > 2 or template == "/api/claims"
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_number_is_not_a_date(analyst, seed_ids):
    body = {
        "article_id": seed_ids.articles["003_cd7533017dceb534.txt"],
        "kind": "allegation",
        "statement": "A statement",
        "claimant_id": seed_ids.actors["Syrian Observatory for Human Rights"],
        "quote": "Idlib",
        "event_date": 0,
    }
    response = analyst.client.post("/api/claims", json=body, headers=analyst.json_headers)
    assert response.status_code == 422
    problem = response.json()
    assert [e["loc"][-1] for e in problem["errors"]] == ["event_date"]
    assert "YYYY-MM-DD" in problem["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"title": "A dispute", "grade_note": " " + "x" * 2000},
        {"title": "A dispute", "grade_note": "x" * 2000 + "\n"},
        {"title": " " + "t" * 300},
        {"title": "   ab   "},
    ],
)
def test_text_past_the_schema_s_limits_is_refused_even_when_spaces_make_it_so(analyst, body):
    response = analyst.client.post("/api/disputes", json=body, headers=analyst.json_headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_text_within_the_limits_is_stored_trimmed(analyst):
    body = {"title": "  A dispute with spaces  ", "grade_note": " " + "x" * 1998 + " "}
    response = analyst.client.post("/api/disputes", json=body, headers=analyst.json_headers)
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "A dispute with spaces"


@pytest.mark.parametrize(
    "body",
    [{"title": "A dispute \x00 with a NUL"}, {"title": "A dispute", "summary": "\x00"}],
)
def test_text_with_a_nul_character_is_refused(analyst, body):
    """PostgreSQL cannot store U+0000 in text (a 500 there); both engines refuse it alike."""
    response = analyst.client.post("/api/disputes", json=body, headers=analyst.json_headers)
    assert response.status_code == 422, response.text
    assert "NUL" in response.json()["detail"]
