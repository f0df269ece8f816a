"""app/api/annotations.py: an article's claims as W3C Web Annotations, and their import."""

import hashlib
import json

import pytest
from pyld import jsonld
from sqlalchemy import select
from sqlmodel import Session

from app.db import write_session
from app.models import Article, Claim
from tests import workspace_fixtures as ws

db_path = ws.db_path  # this module writes: a private copy of the seeded database
analyst = ws.analyst
reader = ws.reader

IDLIB_ARTICLE = "003_cd7533017dceb534.txt"
ANNO = "http://www.w3.org/ns/oa#"
PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
PREAMBLE = "Editor's note: this copy was re-published with a new first paragraph.\n\n"


def collection(client, article_id: int) -> dict:
    response = client.get(f"/api/articles/{article_id}/annotations")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == PROFILE
    return response.json()


def published(engine, article_id: int) -> list[Claim]:
    with Session(engine) as session:
        return list(
            session.execute(
                select(Claim)
                .where(Claim.article_id == article_id, Claim.state == "published")
                .order_by(Claim.quote_start, Claim.id)
            ).scalars()
        )


def test_the_collection_holds_each_claim_with_its_selectors(reader, engine, seed_ids):
    article_id = seed_ids.articles[IDLIB_ARTICLE]
    body = ws.article_body(engine, article_id)
    data = collection(reader, article_id)
    claims = published(engine, article_id)
    assert data["type"] == "AnnotationCollection" and data["total"] == len(claims)
    items = data["first"]["items"]
    assert [item["id"].rsplit("/", 1)[1] for item in items] == [str(c.id) for c in claims]
    for item, claim in zip(items, claims, strict=True):
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == claim.quote
        assert body[position["start"] : position["end"]] == claim.quote
        assert body[: position["start"]].endswith(quote["prefix"])
        assert item["body"][0]["value"] == claim.statement
        assert item["creator"]["id"].startswith(f"http://testserver/actors/{claim.claimant_id}-")


def fake_anno_loader(url, options=None):
    # The W3C context, reduced to the terms this test reads (the real one needs the network).
    assert url == "http://www.w3.org/ns/anno.jsonld"
    context = {
        "oa": ANNO,
        "dcterms": "http://purl.org/dc/terms/",
        "as": "https://www.w3.org/ns/activitystreams#",
        "id": "@id",
        "type": "@type",
        "Annotation": "oa:Annotation",
        "AnnotationCollection": "as:OrderedCollection",
        "AnnotationPage": "as:OrderedCollectionPage",
        "TextualBody": "oa:TextualBody",
        "TextQuoteSelector": "oa:TextQuoteSelector",
        "TextPositionSelector": "oa:TextPositionSelector",
        "first": {"@id": "as:first", "@type": "@id"},
        "items": {"@id": "as:items", "@container": "@list"},
        "body": {"@id": "oa:hasBody", "@type": "@id"},
        "target": {"@id": "oa:hasTarget", "@type": "@id"},
        "source": {"@id": "oa:hasSource", "@type": "@id"},
        "selector": {"@id": "oa:hasSelector", "@type": "@id"},
        "creator": {"@id": "dcterms:creator", "@type": "@id"},
        "value": "oa:bodyValue",
        "exact": "oa:exact",
        "start": "oa:start",
        "end": "oa:end",
    }
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": context}}


def test_the_collection_expands_to_web_annotation_triples(reader, seed_ids):
    data = collection(reader, seed_ids.articles[IDLIB_ARTICLE])
    dataset = jsonld.to_rdf(data, {"documentLoader": fake_anno_loader})["@default"]
    found = {
        (t["subject"]["value"], t["predicate"]["value"], t["object"]["value"]) for t in dataset
    }
    first = data["first"]["items"][0]
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert (first["id"], rdf_type, ANNO + "Annotation") in found
    assert (first["id"], "http://purl.org/dc/terms/creator", first["creator"]["id"]) in found
    selectors = {o for s, p, o in found if p == ANNO + "hasSelector"}
    exacts = {o for s, p, o in found if p == ANNO + "exact" and s in selectors}
    assert first["target"]["selector"][0]["exact"] in exacts


@pytest.fixture(scope="module")
def shifted_copy(engine, seed_ids) -> int:
    """The Idlib article again, as another outlet printed it: a paragraph longer at the top,
    so every claim's offsets differ by the preamble's length."""
    body = PREAMBLE + ws.article_body(engine, seed_ids.articles[IDLIB_ARTICLE])
    with write_session(engine) as session:
        article = Article(
            title="Idlib, reprinted",
            slug="idlib-reprinted",
            body=body,
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        session.add(article)
        session.commit()
        return article.id


def test_a_collection_imported_onto_another_copy_re_finds_every_quote(
    reader, analyst, engine, seed_ids, shifted_copy
):
    source = collection(reader, seed_ids.articles[IDLIB_ARTICLE])
    # Sent back as it came: JSON-LD with the Web Annotation profile.
    response = analyst.client.post(
        f"/api/articles/{shifted_copy}/annotations",
        content=json.dumps(source),
        headers={**analyst.json_headers, "Content-Type": PROFILE},
    )
    assert response.status_code == 201, response.text
    assert response.json()["created"] == source["total"]
    originals = published(engine, seed_ids.articles[IDLIB_ARTICLE])
    with Session(engine) as session:
        copies = list(
            session.execute(
                select(Claim).where(Claim.article_id == shifted_copy).order_by(Claim.quote_start)
            ).scalars()
        )
    assert [c.state for c in copies] == ["draft"] * len(originals)
    for copy, original in zip(copies, originals, strict=True):
        assert (copy.statement, copy.kind, copy.claimant_id, copy.quote) == (
            original.statement,
            original.kind,
            original.claimant_id,
            original.quote,
        )
        assert copy.quote_start == original.quote_start + len(PREAMBLE)
        assert copy.created_by_id == analyst.user_id
    # And the copy's own collection (an analyst sees the drafts) says the same thing again.
    again = collection(analyst.client, shifted_copy)
    bodies = [[b["value"] for b in item["body"]] for item in again["first"]["items"]]
    assert bodies == [[b["value"] for b in item["body"]] for item in source["first"]["items"]]


def one_annotation(**changes) -> dict:
    annotation = {
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "A statement"},
        "creator": {"name": "Syrian Observatory for Human Rights"},
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "Idlib"}},
    }
    annotation.update(changes)
    return {"type": "AnnotationPage", "items": [annotation, annotation | {"creator": "nobody"}]}


@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        (one_annotation(), 422, "creator names no known actor"),
        (
            one_annotation(target={"selector": {"type": "TextQuoteSelector", "exact": "zzqx"}}),
            422,
            "does not occur",
        ),
        ({"type": "AnnotationPage", "items": "nope"}, 422, "items"),
        ({"type": "Something"}, 422, "type"),
    ],
)
def test_bad_annotations_are_refused_and_nothing_is_imported(
    analyst, engine, shifted_copy, page, status, message
):
    with Session(engine) as session:
        before = session.execute(select(Claim.id).where(Claim.article_id == shifted_copy)).all()
    response = analyst.client.post(
        f"/api/articles/{shifted_copy}/annotations", json=page, headers=analyst.json_headers
    )
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert message in response.text
    with Session(engine) as session:
        after = session.execute(select(Claim.id).where(Claim.article_id == shifted_copy)).all()
    assert after == before


def test_readers_cannot_import_and_unknown_articles_are_404(reader, analyst):
    page = one_annotation()
    assert reader.post("/api/articles/1/annotations", json=page).status_code in (401, 403)
    response = analyst.client.post(
        "/api/articles/999999/annotations", json=page, headers=analyst.json_headers
    )
    assert response.status_code == 404
    assert reader.get("/api/articles/999999/annotations").status_code == 404
