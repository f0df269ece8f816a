"""app/web/feeds.py: the Atom feeds, the sitemap, robots.txt and the schema.org JSON-LD."""

from xml.etree import ElementTree as ET

import feedparser
import pytest
from pyld import jsonld
from sqlalchemy import func, select, text
from sqlmodel import Session

from app.db import write_session
from app.models import Actor, Article, Claim, ClaimLink, Dispute
from app.schemas import DisputeUpdate
from app.services import sitemap
from app.services.edit import disputes as dispute_edits
from tests.conftest import permalink
from tests.htmldoc import parse

TOLL = "aleppo-offensive-toll-feb-2016"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    """This module grades a dispute: it gets its own copy of the seeded database."""
    return writable_copy


def read_feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def set_dispute(engine, dispute_id: int, **fields) -> None:
    with write_session(engine) as session:
        version = session.get(Dispute, dispute_id).version
        dispute_edits.update_dispute(session, dispute_id, DisputeUpdate(**fields), version, None)
        session.commit()


# ------------------------------------------------------------------------------- feeds


def test_the_site_feed_lists_every_dispute(client, session):
    parsed = read_feed(client, "/feeds/disputes.atom")
    titles = {entry.title for entry in parsed.entries}
    disputes = session.execute(select(Dispute.title).where(Dispute.merged_into_id.is_(None)))
    assert titles == set(disputes.scalars())
    for entry in parsed.entries:
        assert entry.id and entry.updated_parsed and entry.link.startswith("http://testserver/")
        assert "allegation" in entry.summary


def test_a_dispute_feed_has_its_claims_then_its_status_and_grade_changes(client, engine, seed_ids):
    dispute_id = seed_ids.disputes[TOLL]
    before = read_feed(client, f"/disputes/{dispute_id}/feed.atom")
    held = before.entries
    assert any(e.title.startswith("New allegation: ") for e in held)
    assert any(e.title.startswith("New answer: ") for e in held)
    assert any(e.title.startswith("Dispute opened") for e in held)
    # Each claim's entry points at the claim.
    assert all("/claims/" in e.link for e in held if e.title.startswith("New "))

    with Session(engine) as session:
        old_status = session.get(Dispute, dispute_id).status
    new_status = "settled" if old_status != "settled" else "open"
    set_dispute(engine, dispute_id, status=new_status)
    set_dispute(engine, dispute_id, grade="weak", grade_note="One interested source.")
    after = read_feed(client, f"/disputes/{dispute_id}/feed.atom")
    assert after.entries[0].title == "Grade: none → weak"
    assert after.entries[0].summary == "One interested source."
    assert after.entries[1].title == f"Status: {old_status} → {new_status}"
    # The entries already published keep their ids.
    assert {e.id for e in held} <= {e.id for e in after.entries}


def test_pages_link_their_feeds(client, seed_ids):
    dispute_id = seed_ids.disputes[TOLL]
    page = parse(client.get(permalink(client, f"/disputes/{dispute_id}")).text)
    feeds_linked = {
        link.get("href")
        for link in page.find_all("link", rel="alternate", type="application/atom+xml")
    }
    assert feeds_linked == {
        "http://testserver/feeds/disputes.atom",
        f"http://testserver/disputes/{dispute_id}/feed.atom",
    }
    home = parse(client.get("/").text)
    assert home.find_all("link", type="application/atom+xml")


@pytest.mark.parametrize("url", ["/disputes/999999/feed.atom", "/disputes/0/feed.atom"])
def test_the_feed_of_no_dispute_is_refused_cleanly(client, url):
    assert client.get(url).status_code in (404, 422)


# ------------------------------------------------------------------------------- sitemap


def expected_locations(session) -> set[str]:
    def count(model, *where):
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

    return (
        count(Dispute, Dispute.merged_into_id.is_(None))
        + count(Article)
        + count(Actor)
        + count(Claim, Claim.state == "published")
    )


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}urlset"
    return [loc.text for loc in root.iter(f"{SM}loc")]


def test_the_sitemap_lists_every_published_permalink(client, session, seed_ids):
    found = locations(client, "/sitemap.xml")
    assert len(found) == len(set(found)) == expected_locations(session)
    assert "http://testserver" + permalink(client, f"/disputes/{seed_ids.disputes[TOLL]}") in found
    # Every listed address answers 200 as it stands (no redirect).
    for url in found[:: max(1, len(found) // 15)]:
        assert client.get(url, follow_redirects=False).status_code == 200, url


def test_past_its_page_size_the_sitemap_becomes_an_index(client, session, monkeypatch):
    whole = locations(client, "/sitemap.xml")
    monkeypatch.setattr(sitemap, "SITEMAP_PAGE_SIZE", 20)
    index = ET.fromstring(client.get("/sitemap.xml?as=index").content)
    assert index.tag == f"{SM}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{SM}loc")]
    assert len(parts) == -(-len(whole) // 20)
    paged = [
        url for part in parts for url in locations(client, part.removeprefix("http://testserver"))
    ]
    assert paged == whole
    assert client.get(f"/sitemaps/{len(parts) + 1}.xml").status_code == 404


def test_robots_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /account" in lines and "User-agent: *" in lines


# ------------------------------------------------------------------------------- JSON-LD


def loader_for(client):
    """pyld's document loader, answering from the app; schema.org's own context (which would
    need the network) stands in as its essence: every term in the schema.org vocabulary."""

    def load(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            document = {"@context": {"@vocab": SCHEMA, "sameAs": {"@type": "@id"}}}
        else:
            response = client.get(url.removeprefix("http://testserver"))
            assert response.status_code == 200, url
            document = response.json()
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


def triples(client, document) -> set[tuple[str, str, str]]:
    dataset = jsonld.to_rdf(document, {"documentLoader": loader_for(client)})
    return {
        (t["subject"]["value"], t["predicate"]["value"], t["object"]["value"])
        for t in dataset["@default"]
    }


def claimreview(client, dispute_id: int) -> dict:
    response = client.get(f"/disputes/{dispute_id}/claimreview.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    return response.json()


def test_an_ungraded_dispute_exports_its_claims_and_what_answers_what(client, session, seed_ids):
    dispute_id = seed_ids.disputes["us-a10-aleppo-strike-feb-2016"]
    found = triples(client, claimreview(client, dispute_id))
    vocab = "http://testserver/ns/gainsay.jsonld#"
    claims = {s for s, p, o in found if p == RDF_TYPE and o == SCHEMA + "Claim"}
    assert claims
    for claim in claims:
        predicates = {p for s, p, o in found if s == claim}
        assert {SCHEMA + "author", SCHEMA + "appearance", SCHEMA + "name"} <= predicates
    # Every answer link between held claims is a triple, in Gainsay's terms.
    claim_ids = {int(c.rsplit("/", 1)[1]) for c in claims}
    links = session.execute(
        select(ClaimLink.source_id, ClaimLink.target_id, ClaimLink.kind).where(
            ClaimLink.source_id.in_(claim_ids), ClaimLink.target_id.in_(claim_ids)
        )
    ).all()
    assert any(kind == "rebuts" or kind == "counter_accuses" for _, _, kind in links)
    term = {
        "rebuts": "rebuts",
        "counter_accuses": "counterAccuses",
        "same_claim": "sameClaimAs",
        "corroborates": "corroborates",
        "discredits_source": "discreditsSource",
    }
    for source, target, kind in links:
        triple = (
            f"http://testserver/claims/{source}",
            vocab + term[kind],
            f"http://testserver/claims/{target}",
        )
        assert triple in found


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_a_graded_dispute_is_a_claim_review_in_page_and_apart(client, engine, seed_ids):
    dispute_id = seed_ids.disputes[TOLL]
    set_dispute(engine, dispute_id, grade="contested", grade_note="Both sides cite <sources>.")
    document = claimreview(client, dispute_id)
    found = triples(client, document)
    reviews = {s for s, p, o in found if p == RDF_TYPE and o == SCHEMA + "ClaimReview"}
    assert reviews
    page = "http://testserver" + permalink(client, f"/disputes/{dispute_id}")
    for review in reviews:
        assert (review, SCHEMA + "url", page) in found
        (rating,) = {o for s, p, o in found if s == review and p == SCHEMA + "reviewRating"}
        assert (rating, SCHEMA + "alternateName", "contested") in found
        assert (rating, SCHEMA + "ratingExplanation", "Both sides cite <sources>.") in found
        (item,) = {o for s, p, o in found if s == review and p == SCHEMA + "itemReviewed"}
        assert (item, RDF_TYPE, SCHEMA + "Claim") in found
        assert any(s == item and p == SCHEMA + "appearance" for s, p, o in found)
    # The page embeds the same document, escaped so no text can end the script element.
    html = client.get(page).text
    (script,) = parse(html).find_all("script", type="application/ld+json")
    assert "<sources>" not in html.split('type="application/ld+json">', 1)[1].split("</script>")[0]
    import json

    assert json.loads(script.text) == document


def test_the_jsonld_context_documents_its_terms(client):
    response = client.get("/ns/gainsay.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"]["rebuts"]["@type"] == "@id"
    documented = {node["@id"] for node in body["@graph"]}
    assert {"gainsay:rebuts", "gainsay:answers", "gainsay:claimKind"} <= documented


def test_text_xml_cannot_carry_is_dropped_and_markup_stays_text(client, engine, seed_ids):
    dispute_id = seed_ids.disputes[TOLL]
    with engine.begin() as connection:
        claim_id = connection.execute(
            text("SELECT min(claim_id) FROM dispute_claim WHERE dispute_id = :id"),
            {"id": dispute_id},
        ).scalar_one()
        connection.execute(
            text("UPDATE claim SET statement = :s WHERE id = :id"),
            {"s": "Page\x0cbreak\x01 </title><script>alert(1)</script> & more", "id": claim_id},
        )
    parsed = read_feed(client, f"/disputes/{dispute_id}/feed.atom")
    (entry,) = [e for e in parsed.entries if e.link.endswith(f"/claims/{claim_id}")]
    assert entry.title.endswith("Pagebreak </title><script>alert(1)</script> & more")
