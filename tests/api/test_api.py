"""app/api/routes.py and app/api/responses.py: the JSON twins of the pages."""

import pytest
from sqlalchemy import func, select

from app.models import Actor, Article, Claim, Dispute
from tests.conftest import permalink

CLAIM_KEYS = {
    "id", "kind", "statement", "quote", "anchor", "article_id", "claimant",
    "reported_via", "figures", "links", "dispute_ids",
}  # fmt: skip
PAGE_KEYS = {"items", "total", "limit", "offset", "next", "previous"}


def get_json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/json"
    return response.json()


def assert_actor_brief(actor: dict) -> None:
    assert set(actor) >= {"id", "name", "kind"}
    assert isinstance(actor["id"], int) and actor["name"]


def assert_claim_shape(claim: dict) -> None:
    assert set(claim) >= CLAIM_KEYS
    assert set(claim["anchor"]) >= {"start", "end", "prefix", "suffix"}
    assert claim["anchor"]["end"] - claim["anchor"]["start"] == len(claim["quote"])
    assert_actor_brief(claim["claimant"])
    for actor in claim["reported_via"]:
        assert_actor_brief(actor)
    for figure in claim["figures"]:
        assert set(figure) >= {"low", "high", "qualifier", "counts", "text"}
    for link in claim["links"]:
        assert set(link) >= {"kind", "target_id"}
    assert all(isinstance(i, int) for i in claim["dispute_ids"])


def test_claim_json_has_its_shape_and_values(client, seed_ids):
    claims = seed_ids.claims
    claim = get_json(client, f"/api/claims/{claims['konashenkov-us-a10-002']}")

    assert_claim_shape(claim)
    assert claim["id"] == claims["konashenkov-us-a10-002"]
    assert claim["kind"] == "counter_claim"
    assert claim["claimant"]["name"] == "Igor Konashenkov"
    assert claim["claimant"]["kind"] == "person"
    assert [a["name"] for a in claim["reported_via"]] == ["CNN"]
    assert [(f["low"], f["counts"]) for f in claim["figures"]] == [(2, "other")]
    target = claims["russia-aleppo-civilian-casualties-002"]
    assert ("counter_accuses", target) in [(x["kind"], x["target_id"]) for x in claim["links"]]
    assert claim["dispute_ids"] == [seed_ids.disputes["us-a10-aleppo-strike-feb-2016"]]
    assert claim["url"] == f"http://testserver/claims/{claim['id']}"


def test_claim_anchor_points_into_the_article_json(client, seed_ids):
    for ref in ["aleppo-sohr-toll-000", "konashenkov-charlatans-003", "russia-fake-004"]:
        claim = get_json(client, f"/api/claims/{seed_ids.claims[ref]}")
        article = get_json(client, f"/api/articles/{claim['article_id']}")
        anchor = claim["anchor"]

        assert article["body"][anchor["start"] : anchor["end"]] == claim["quote"]
        assert article["body"][: anchor["start"]].endswith(anchor["prefix"])
        assert article["body"][anchor["end"] :].startswith(anchor["suffix"])
        assert claim["id"] in article["claim_ids"]


def test_article_json(client, session, seed_ids):
    article_id = seed_ids.articles["000_e76c41c0d3b84bab.txt"]
    article = get_json(client, f"/api/articles/{article_id}")

    assert set(article) >= {"id", "title", "outlet", "url", "published_on", "body"}
    assert article["id"] == article_id
    assert article["title"] == "Syria: Russian-backed Aleppo offensive kills hundreds"
    assert article["outlet"]["name"] == "Caribbean Broadcasting Corporation"
    assert article["url"].startswith("http://www.cbc.bb/")
    assert article["published_on"] is None
    assert article["body"] == session.get(Article, article_id).body
    assert article["html_url"] == "http://testserver" + permalink(client, f"/articles/{article_id}")


def test_article_without_source_has_nulls(client, seed_ids):
    article = get_json(client, f"/api/articles/{seed_ids.articles['003_cd7533017dceb534.txt']}")

    assert (article["outlet"], article["url"], article["published_on"]) == (None, None, None)


def test_dispute_json(client, seed_ids):
    dispute_id = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    dispute = get_json(client, f"/api/disputes/{dispute_id}")

    assert set(dispute) >= {"id", "title", "slug", "url", "status", "summary", "claims"}
    assert dispute["id"] == dispute_id
    assert dispute["slug"] == "aleppo-offensive-toll-feb-2016"
    assert dispute["url"] == f"http://testserver/disputes/{dispute_id}-{dispute['slug']}"
    assert dispute["status"] == "contested"
    assert dispute["summary"].startswith("The Syrian Observatory for Human Rights says")
    assert len(dispute["claims"]) == 6
    for claim in dispute["claims"]:
        assert_claim_shape(claim)
        assert dispute_id in claim["dispute_ids"]
    assert (dispute["allegation_count"], dispute["answer_count"]) == (5, 1)


def test_actor_json(client, seed_ids):
    actor_id = seed_ids.actors["Igor Konashenkov"]
    actor = get_json(client, f"/api/actors/{actor_id}")

    assert actor["name"] == "Igor Konashenkov"
    assert "Konashenkov" in actor["aliases"]
    assert [p["name"] for p in actor["parents"]] == [
        "Russian Defence Ministry",
        "Russian government",
    ]
    assert seed_ids.claims["konashenkov-charlatans-003"] in actor["claim_ids"]


def test_search_json(client, seed_ids):
    found = get_json(client, "/api/search?q=charlatans")

    assert found["query"] == "charlatans"
    assert found["terms"] == ["charlatans"]
    assert {"articles", "claims", "actors"} <= set(found)
    ids = [hit["id"] for hit in found["claims"]["items"]]
    assert seed_ids.claims["konashenkov-charlatans-003"] in ids
    hit = found["claims"]["items"][ids.index(seed_ids.claims["konashenkov-charlatans-003"])]
    assert "<mark>charlatans</mark>" in hit["title_html"] + hit["snippet_html"]
    assert hit["html_url"] == f"http://testserver/claims/{hit['id']}"


# ------------------------------------------------------------------ lists


def walk(client, url: str) -> list[dict]:
    """Every item of a list, following `next` links; checks each page's shape."""
    items, seen_urls = [], set()
    while url is not None:
        assert url not in seen_urls, f"pagination loops at {url}"
        seen_urls.add(url)
        page = get_json(client, url)
        assert set(page) >= PAGE_KEYS
        assert len(page["items"]) <= page["limit"]
        items.extend(page["items"])
        url = page["next"]
    return items


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/api/claims", Claim),
        ("/api/disputes", Dispute),
        ("/api/articles", Article),
        ("/api/actors", Actor),
    ],
)
def test_walking_next_visits_every_item_once(client, session, path, model):
    total = session.execute(select(func.count()).select_from(model)).scalar_one()

    items = walk(client, f"{path}?limit=7")

    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == total
    assert set(ids) == set(session.execute(select(model.id)).scalars())


def test_page_links_and_totals(client, session):
    total = session.execute(select(func.count()).select_from(Claim)).scalar_one()

    first = get_json(client, "/api/claims?limit=10")
    second = get_json(client, first["next"])
    last = get_json(client, f"/api/claims?limit=10&offset={(total - 1) // 10 * 10}")

    assert (first["total"], first["limit"], first["offset"]) == (total, 10, 0)
    assert first["previous"] is None
    assert second["offset"] == 10
    assert get_json(client, second["previous"])["items"] == first["items"]
    assert last["next"] is None
    assert first["items"][0]["id"] not in [c["id"] for c in second["items"]]
    for claim in first["items"]:
        assert_claim_shape(claim)


def test_past_the_end_is_an_empty_page(client):
    page = get_json(client, "/api/claims?offset=100000")
    assert page["items"] == [] and page["next"] is None and page["total"] > 0


@pytest.mark.parametrize("kind", ["allegation", "denial", "counter_claim", "statement"])
def test_claims_filter_by_kind(client, session, kind):
    expected = session.execute(select(Claim.id).where(Claim.kind == kind)).scalars().all()

    items = walk(client, f"/api/claims?kind={kind}&limit=100")

    assert {c["id"] for c in items} == set(expected)
    assert all(c["kind"] == kind for c in items)


def test_claims_filter_by_article_and_claimant(client, seed_ids):
    article_id = seed_ids.articles["003_cd7533017dceb534.txt"]
    konashenkov = seed_ids.actors["Igor Konashenkov"]

    by_article = walk(client, f"/api/claims?article_id={article_id}&limit=100")
    by_both = walk(client, f"/api/claims?article_id={article_id}&claimant_id={konashenkov}")

    assert by_article and all(c["article_id"] == article_id for c in by_article)
    assert by_both and all(c["claimant"]["id"] == konashenkov for c in by_both)
    assert {c["id"] for c in by_both} < {c["id"] for c in by_article}


def test_openapi_lists_every_api_route(client):
    schema = get_json(client, "/openapi.json")

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/disputes", "/api/disputes/{dispute_id}", "/api/claims", "/api/claims/{claim_id}",
        "/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/actors/{actor_id}",
        "/api/search",
    }  # fmt: skip
    assert all(path.startswith("/api/") for path in schema["paths"])
