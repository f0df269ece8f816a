"""Typed denials: the DenialType of each answer, its rules (app/services/denial_types.py), the
migration that classifies stored answers, the seed data, and the filter on the evidence page
and in the API."""

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import Session

from app.db import get_engine
from app.ingest.seeds import read_seed_set
from app.migrate import alembic_config, upgrade
from app.models import Claim
from app.services.denial_types import classify
from app.vocabulary import DenialType
from tests import workspace_fixtures as ws
from tests.conftest import clear_caches, point_app_at, sqlite_url
from tests.htmldoc import parse
from tests.workspace_fixtures import add_user, api_token
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES, form_fields

IDLIB = "idlib-bombing-sept-2017"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # the write API test adds claims


@pytest.fixture(scope="module")
def analyst_headers(engine) -> dict[str, str]:
    user_id, _ = add_user(engine)
    return {"Authorization": f"Bearer {api_token(engine, user_id)}"}


@pytest.mark.parametrize(
    ("kind", "quote", "links", "expected"),
    [
        ("denial", "The ministry denied the report.", (), DenialType.categorical),
        ("denial", "He dismissed the reports as “fake”.", (), DenialType.dismissal),
        ("denial", "called the claim “a fabrication”", (), DenialType.dismissal),
        ("denial", "a spokesman declined to comment", (), DenialType.non_denial),
        ("denial", "Moscow has not received convincing evidence", (), DenialType.non_denial),
        ("denial", "the toll was greatly exaggerated", (), DenialType.partial),
        ("denial", "they are “charlatans”, not reliable", (), DenialType.discrediting),
        ("denial", "The ministry denied it.", ("discredits_source",), DenialType.discrediting),
        ("denial", "US jets did it, he said.", ("counter_accuses",), DenialType.counter_accusation),
        ("counter_claim", "US jets did it.", ("rebuts",), DenialType.counter_accusation),
        ("allegation", "a fake report of a strike", (), None),
        ("statement", "declined to comment", (), None),
    ],
)
def test_rules_read_the_kind_links_and_words(kind, quote, links, expected):
    assert classify(kind, quote, links) == expected


def test_seed_answers_carry_the_type_the_rules_give():
    """The analyst's types in annotations.yaml are what migration 0005 would have given the
    same claims: the documented rules and the seed data agree, answer by answer."""
    seed_set = read_seed_set()
    links: dict[str, set[str]] = {}
    for link in seed_set.links:
        links.setdefault(link.source, set()).add(link.kind)
    typed = 0
    for article in seed_set.articles:
        for claim in article.claims:
            assert classify(claim.kind, claim.quote, links.get(claim.ref, ())) == claim.denial_type
            typed += claim.denial_type is not None
    assert typed == 16


def test_migration_classifies_the_answers_already_stored(tmp_path: Path, monkeypatch):
    point_app_at(monkeypatch, sqlite_url(tmp_path / "old.db"))
    try:
        engine = get_engine()
        config = alembic_config(str(engine.url))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO actor (id, name, slug, kind, description, created_at, updated_at,"
                    " version) VALUES (1, 'A', 'a', 'ministry', '', '2026-01-01', '2026-01-01', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO article (id, title, slug, body, content_hash, origin, created_at,"
                    " updated_at, version) VALUES (1, 'T', 't', 'body', 'h', '', '2026-01-01',"
                    " '2026-01-01', 1)"
                )
            )
            rows = [
                (1, "allegation", "Jets killed 40 people."),
                (2, "denial", "The ministry called the reports fake."),
                (3, "denial", "The ministry declined to comment."),
                (4, "denial", "The ministry denied it."),
                (5, "counter_claim", "Rebels did it."),
            ]
            for claim_id, kind, quote in rows:
                connection.execute(
                    text(
                        "INSERT INTO claim (id, article_id, claimant_id, kind, state, statement,"
                        " quote, quote_start, quote_end, quote_prefix, quote_suffix, event_place,"
                        " event_time, created_at, updated_at, version) VALUES (:id, 1, 1, :kind,"
                        " 'published', 's', :quote, 0, 4, '', '', '', '', '2026-01-01',"
                        " '2026-01-01', 1)"
                    ),
                    {"id": claim_id, "kind": kind, "quote": quote},
                )
        upgrade(engine)
        with engine.connect() as connection:
            found = dict(connection.execute(text("SELECT id, denial_type FROM claim")).all())
        assert found == {
            1: None,
            2: "dismissal",
            3: "non_denial",
            4: "categorical",
            5: "counter_accusation",
        }
        # The vocabulary is enforced by the database.
        with engine.begin() as connection, pytest.raises(Exception, match="CHECK"):
            connection.execute(text("UPDATE claim SET denial_type = 'shrug' WHERE id = 4"))
    finally:
        clear_caches()


def test_api_gives_each_answer_its_type_and_filters_by_it(client, seed_ids):
    dispute = seed_ids.disputes[IDLIB]
    body = client.get(f"/api/disputes/{dispute}/origins").json()
    types = {a["claim_id"]: a["denial_type"] for a in body["assertions"]}
    assert types[seed_ids.claims["konashenkov-charlatans-003"]] == "discrediting"
    assert types[seed_ids.claims["rdm-denies-idlib-deaths-003"]] == "categorical"
    assert types[seed_ids.claims["idlib-civil-defence-150-003"]] is None
    labels = {a["claim_id"]: a["denial_type_label"] for a in body["assertions"]}
    assert labels[seed_ids.claims["konashenkov-charlatans-003"]] == "discrediting the source"

    only = client.get(f"/api/disputes/{dispute}/origins", params={"denial_type": "discrediting"})
    assert [a["claim_id"] for a in only.json()["assertions"]] == [
        seed_ids.claims["konashenkov-charlatans-003"]
    ]


def test_api_refuses_an_unknown_type_with_a_problem(client, seed_ids):
    dispute = seed_ids.disputes[IDLIB]
    response = client.get(f"/api/disputes/{dispute}/origins", params={"denial_type": "shrug"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_page_labels_answers_and_filters_them(client, seed_ids):
    dispute = seed_ids.disputes["maarat-al-numan-strike-jul-2019"]
    page = client.get(f"/disputes/{dispute}/evidence", follow_redirects=True)
    assert page.status_code == 200
    doc = parse(page.text)
    fake = doc.find(id=f"origin-{seed_ids.claims['russia-fake-004']}")
    tag = fake.find(cls="denial-tag")
    assert tag.text == "dismissal"
    assert "fake, fabricated or propaganda" in tag.get("title")
    filters = {a.text: a.get("href") for a in doc.find(cls="denial-filter").find_all("a")}
    assert set(filters) == {"all", "dismissal"}

    idlib = client.get(f"/disputes/{seed_ids.disputes[IDLIB]}/evidence", follow_redirects=True)
    filtered = client.get(idlib.url.path, params={"denial_type": "discrediting"})
    cards = parse(filtered.text).find_all(cls="origin-answer")
    assert [c.get("id") for c in cards] == [
        f"origin-{seed_ids.claims['konashenkov-charlatans-003']}"
    ]
    # Allegations stay: the filter narrows the answers only.
    assert parse(filtered.text).find_all(cls="origin-allegation")


def test_page_refuses_an_unknown_type_with_a_page(client, seed_ids):
    idlib = client.get(f"/disputes/{seed_ids.disputes[IDLIB]}/evidence", follow_redirects=True)
    response = client.get(idlib.url.path, params={"denial_type": "<b>shrug</b>"})
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    assert "is not a kind of answer" in response.text
    assert "<b>shrug" not in response.text


def stored_type(engine, claim_id: int) -> str | None:
    with Session(engine) as session:
        return session.get(Claim, claim_id).denial_type


def test_the_write_api_suggests_then_keeps_the_analysts_type(
    client, engine, seed_ids, analyst_headers
):
    new = {
        "article_id": seed_ids.articles["004_9b201937729236e9.txt"],
        "kind": "denial",
        "statement": "Russia denies any involvement",
        "claimant_id": seed_ids.actors["Russian government"],
        "quote": "Russia denied any involvement in the deadly attack",
    }
    created = client.post("/api/claims", json=new, headers=analyst_headers)
    assert created.status_code == 201, created.text
    claim_id = created.json()["id"]
    assert stored_type(engine, claim_id) == "categorical"  # the rules' suggestion

    current = client.get(f"/api/claims/{claim_id}", headers=analyst_headers)
    changed = client.patch(
        f"/api/claims/{claim_id}",
        json={"denial_type": "dismissal"},
        headers={**analyst_headers, "If-Match": current.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    assert stored_type(engine, claim_id) == "dismissal"

    # No longer an answer: the type goes with the kind.
    current = client.get(f"/api/claims/{claim_id}", headers=analyst_headers)
    client.patch(
        f"/api/claims/{claim_id}",
        json={"kind": "statement"},
        headers={**analyst_headers, "If-Match": current.headers["etag"]},
    )
    assert stored_type(engine, claim_id) is None


def test_the_write_api_refuses_a_type_on_an_allegation_or_outside_the_vocabulary(
    client, seed_ids, analyst_headers
):
    new = {
        "article_id": seed_ids.articles["004_9b201937729236e9.txt"],
        "kind": "allegation",
        "statement": "Strikes killed 59",
        "claimant_id": seed_ids.actors["Syrian Observatory for Human Rights"],
        "quote": "killed 59 people",
        "denial_type": "dismissal",
    }
    refused = client.post("/api/claims", json=new, headers=analyst_headers)
    assert refused.status_code == 422
    assert "denial_type" in refused.text
    unknown = client.post(
        "/api/claims",
        json={**new, "kind": "denial", "denial_type": "shrug"},
        headers=analyst_headers,
    )
    assert unknown.status_code == 422


analyst = ws.analyst


def _form(person: ws.Person, **values: object) -> dict[str, object]:
    return person.form(
        **{
            "kind": "denial",
            "denial_type": "",
            "statement": "A denial marked in a test",
            "quote": FREE_QUOTES[0],
            "quote_start": "",
            "quote_end": "",
            "claimant": "Russian government",
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


def test_the_analysts_form_offers_and_saves_the_type(engine, seed_ids, analyst):
    article_id = seed_ids.articles[ARTICLE_FILE]
    ref = analyst.client.get(f"/articles/{article_id}").url.path.rsplit("/", 1)[-1]
    page = analyst.client.get(f"/articles/{ref}/claims/new", params={"quote": FREE_QUOTES[0]})
    select = parse(page.text).find("select", name="denial_type")
    options = [o.get("value") for o in select.find_all("option")]
    assert options == ["", *(t.value for t in DenialType)]
    assert select.find("option").text == "Suggest from its words"

    saved = analyst.client.post(
        f"/articles/{ref}/claims",
        data=_form(analyst, denial_type="non_denial"),
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:500]
    claim_id = int(saved.headers["location"].split("claim=")[1].split("#")[0])
    assert stored_type(engine, claim_id) == "non_denial"

    edit = parse(analyst.client.get(f"/claims/{claim_id}/edit").text)
    chosen = edit.find("select", name="denial_type").find(
        "option", where=lambda o: "selected" in o.attrs
    )
    assert chosen.get("value") == "non_denial"
    fields = form_fields(edit.find("form", cls="claim-form"))
    # An allegation carries no type, whatever the select still holds.
    edited = analyst.client.post(
        f"/claims/{claim_id}/edit", data={**fields, "kind": "allegation"}, follow_redirects=False
    )
    assert edited.status_code == 303, edited.text[:500]
    assert stored_type(engine, claim_id) is None

    refused = analyst.client.post(
        f"/articles/{ref}/claims",
        data=_form(analyst, quote=FREE_QUOTES[1], denial_type="shrug"),
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert ws.field_error(parse(refused.text), "denial_type")
