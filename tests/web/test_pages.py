"""app/web/pages.py and templates/: the readers' pages, whole or as htmx partials."""

import pytest

from app.services.articles import get_article
from tests.conftest import TestClient, clear_caches, permalink, point_app_at
from tests.htmldoc import Element, parse, top_level_elements

HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}

TOLL = "aleppo-offensive-toll-feb-2016"
A10 = "us-a10-aleppo-strike-feb-2016"
IDLIB_ARTICLE = "003_cd7533017dceb534.txt"


def squash(text: str) -> str:
    return " ".join(text.split())


def get_page(client: TestClient, url: str, headers: dict | None = None) -> Element:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def one(root: Element, tag: str | None = None, **kwargs: object) -> Element:
    found = root.find_all(tag, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, (tag, kwargs, len(found))
    return found[0]


# ------------------------------------------------------------------ partials


@pytest.fixture(scope="module")
def partial_pages(client, seed_ids) -> dict[str, tuple[str, str]]:
    """Pages with an htmx partial: name → (URL, id of the element the partial is)."""
    claim_id = seed_ids.claims["konashenkov-charlatans-003"]
    article = permalink(client, f"/articles/{seed_ids.articles[IDLIB_ARTICLE]}")
    return {
        "disputes": ("/disputes", "results"),
        "disputes page 2": ("/disputes?limit=2&offset=2", "results"),
        "articles": ("/articles", "results"),
        "actors": ("/actors?limit=10&offset=10", "results"),
        "search": ("/search?q=Konashenkov", "results"),
        "search hint": ("/search", "results"),
        # The article text and its claim panel swap together (the server marks the passage).
        "article claim": (f"{article}?claim={claim_id}", "reader"),
        "article no claim": (article, "reader"),
    }


PARTIAL_NAMES = [
    "disputes",
    "disputes page 2",
    "articles",
    "actors",
    "search",
    "search hint",
    "article claim",
    "article no claim",
]


@pytest.mark.parametrize("name", PARTIAL_NAMES)
def test_plain_request_gets_the_whole_page(client, partial_pages, name):
    url, block_id = partial_pages[name]
    response = client.get(url)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    root = parse(response.text)
    assert root.find("html") is not None and root.find("head") is not None
    assert len(root.find_all("h1")) == 1
    assert len(root.find_all(id=block_id)) == 1


@pytest.mark.parametrize("name", PARTIAL_NAMES)
def test_htmx_request_gets_only_the_block(client, partial_pages, name):
    url, block_id = partial_pages[name]
    response = client.get(url, headers=HTMX)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    assert "<html" not in response.text and "<head" not in response.text
    [block] = top_level_elements(response.text)
    assert block.get("id") == block_id
    assert block.tag == "div"
    whole = one(get_page(client, url), id=block_id)
    assert squash(block.text) == squash(whole.text)


@pytest.mark.parametrize("name", PARTIAL_NAMES)
@pytest.mark.parametrize("headers", [HISTORY_RESTORE, BOOSTED], ids=["history", "boosted"])
def test_history_restore_and_boosted_requests_get_the_whole_page(
    client, partial_pages, name, headers
):
    url, block_id = partial_pages[name]
    response = client.get(url, headers=headers)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    root = parse(response.text)
    assert root.find("html") is not None
    assert len(root.find_all("h1")) == 1
    assert len(root.find_all(id=block_id)) == 1


def test_pages_without_a_partial_ignore_hx_request(client, seed_ids):
    claim_id = seed_ids.claims["konashenkov-us-a10-002"]
    response = client.get(f"/claims/{claim_id}", headers=HTMX)

    assert response.status_code == 200
    assert parse(response.text).find("html") is not None


# ------------------------------------------------------------------ home and lists


def test_home_links_every_dispute_and_recent_articles(client, seed_ids):
    root = get_page(client, "/")
    hrefs = {a.get("href") for a in root.find_all("a")}

    for dispute_id in seed_ids.disputes.values():
        assert permalink(client, f"/disputes/{dispute_id}") in hrefs
    for article_id in seed_ids.articles.values():
        assert permalink(client, f"/articles/{article_id}") in hrefs


def test_dispute_list_shows_counts(client, seed_ids):
    root = get_page(client, "/disputes")
    tiles = root.find_all("li", cls="dispute-tile")

    assert len(tiles) == len(seed_ids.disputes)
    toll = next(t for t in tiles if "Aleppo offensive death toll" in t.text)
    assert "5 allegations" in squash(toll.text)
    assert "1 answer" in squash(toll.text)


def test_list_pager_links_to_the_next_page(client):
    root = get_page(client, "/disputes?limit=3")
    pager = one(root, "nav", cls="pager")
    [older] = [a for a in pager.find_all("a") if "Next" in a.text]

    assert older.get("href") == "/disputes?sort=recent&offset=3&limit=3"
    assert older.get("hx-get") == older.get("href")
    assert older.get("hx-target") == "#results"
    assert len(one(root, id="results").find_all("li", cls="dispute-tile")) == 3


# ------------------------------------------------------------------ dispute page


def row_with(root: Element, claim_id: int) -> Element:
    card = one(root, "article", id=f"c{claim_id}")
    return next(a for a in card.ancestors() if "exchange-row" in a.classes)


def test_dispute_page_sets_the_allegation_beside_its_answer(client, seed_ids):
    claims = seed_ids.claims
    root = get_page(client, permalink(client, f"/disputes/{seed_ids.disputes[TOLL]}"))

    toll = one(root, "article", id=f"c{claims['aleppo-sohr-toll-000']}")
    denial = one(root, "article", id=f"c{claims['zakharova-no-evidence-000']}")
    row = row_with(root, claims["aleppo-sohr-toll-000"])

    assert toll.inside(one(row, cls="side-allegation"))
    assert denial.inside(one(row, cls="side-answers"))
    # the 002 article carries the same claim: shown inside the allegation, not as its own row
    carriers = one(toll, cls="carriers")
    assert "Russia blames US A-10s for bombing Aleppo" in carriers.text
    assert "Moscow has still not received convincing evidence" in denial.text


def test_dispute_page_nests_an_answer_to_an_answer(client, seed_ids):
    claims = seed_ids.claims
    root = get_page(client, permalink(client, f"/disputes/{seed_ids.disputes[A10]}"))

    a10 = one(root, "article", id=f"c{claims['konashenkov-us-a10-002']}")
    state_dept = one(root, "article", id=f"c{claims['state-dept-no-us-missions-002']}")

    assert a10.inside(one(root, cls="side-answers"))
    assert state_dept.inside(a10)
    assert state_dept.inside(one(a10, cls="nested-answers"))


def test_dispute_page_tallies_and_figures(client, seed_ids):
    root = get_page(client, permalink(client, f"/disputes/{seed_ids.disputes[TOLL]}"))

    tally = squash(one(root, "p", cls="tally").text)
    assert "5 allegations" in tally and "1 answer" in tally
    # One chart and data table per counted thing (partials/evidence_figures.html)
    tables = root.find_all("table", cls="figures-table")
    rows = [tr for table in tables for tr in table.find_all("tr")[1:]]
    assert any("at least 500" in squash(tr.text) for tr in rows)
    assert len(root.find_all("svg", cls="chart")) == len(tables) > 1


def test_dispute_page_quotes_link_to_the_passage(client, seed_ids):
    claim_id = seed_ids.claims["aleppo-sohr-toll-000"]
    root = get_page(client, permalink(client, f"/disputes/{seed_ids.disputes[TOLL]}"))
    article = permalink(client, f"/articles/{seed_ids.articles['000_e76c41c0d3b84bab.txt']}")

    card = one(root, "article", id=f"c{claim_id}")
    quote_link = card.find("blockquote", cls="quote").find("a")  # the lead's own quote

    assert quote_link.get("href") == f"{article}?claim={claim_id}#claim-{claim_id}"


# ------------------------------------------------------------------ article page


def article_runs(root: Element, claim_id: int) -> list[Element]:
    return root.find_all(
        "a", cls="hl", where=lambda a: str(claim_id) in (a.get("data-claims") or "").split()
    )


def test_article_page_shows_the_body_verbatim(client, session, seed_ids):
    for article_id in seed_ids.articles.values():
        view = get_article(session, article_id)
        root = get_page(client, permalink(client, f"/articles/{article_id}"))
        text = one(root, "section", cls="article-text")

        paragraphs = [p.text for p in text.find_all("p")]

        assert paragraphs == [line for line in view.body.split("\n") if line.strip()]


def test_article_page_marks_every_quote_and_its_anchor(client, session, seed_ids):
    for article_id in seed_ids.articles.values():
        view = get_article(session, article_id)
        root = get_page(client, permalink(client, f"/articles/{article_id}"))
        assert view.spans

        for span in view.spans:
            assert len(root.find_all(id=f"claim-{span.claim_id}")) == 1
            runs = article_runs(root, span.claim_id)
            quote = view.body[span.start : span.end]
            assert "".join(r.text for r in runs) == quote.replace("\n", "")


def test_selected_claim_is_marked_and_shown_in_the_panel(client, seed_ids):
    claim_id = seed_ids.claims["konashenkov-charlatans-003"]
    article = permalink(client, f"/articles/{seed_ids.articles[IDLIB_ARTICLE]}")
    root = get_page(client, f"{article}?claim={claim_id}")

    panel = one(root, "aside", id="claim-panel")
    assert panel.get("data-selected-claim") == str(claim_id)
    assert "charlatans" in panel.text
    assert "Idlib bombing and civilian toll" in panel.text  # its dispute
    selected = root.find_all("a", cls="is-selected")
    assert selected and selected == article_runs(root, claim_id)


def test_a_claim_of_another_article_is_not_selected(client, seed_ids):
    other = seed_ids.claims["aleppo-sohr-toll-000"]
    article = permalink(client, f"/articles/{seed_ids.articles[IDLIB_ARTICLE]}")
    root = get_page(client, f"{article}?claim={other}")

    panel = one(root, "aside", id="claim-panel")
    assert panel.get("data-selected-claim") is None
    assert "Claims in this article" in panel.text
    assert root.find_all("a", cls="is-selected") == []


def test_article_facts_show_unknowns_as_unknown(client, seed_ids):
    with_source = get_page(
        client, permalink(client, f"/articles/{seed_ids.articles['000_e76c41c0d3b84bab.txt']}")
    )
    without = get_page(client, permalink(client, f"/articles/{seed_ids.articles[IDLIB_ARTICLE]}"))

    external = one(with_source, "a", cls="external")
    assert external.get("href").startswith("http://www.cbc.bb/")
    assert "noopener" in external.get("rel")
    assert "Caribbean Broadcasting Corporation" in one(with_source, "dl", cls="facts").text
    facts = {
        div.find("dt").text: squash(div.find("dd").text)
        for div in one(without, "dl", cls="facts").find_all("div")
    }
    assert facts["Outlet"] == "unknown" and facts["Published"] == "unknown"
    assert without.find("a", cls="external") is None


# ------------------------------------------------------------------ actor and claim pages


def test_actor_page_shows_claims_and_who_answered(client, seed_ids):
    claims = seed_ids.claims
    root = get_page(client, permalink(client, f"/actors/{seed_ids.actors['Igor Konashenkov']}"))

    assert one(root, "h1").text == "Igor Konashenkov"
    assert "Russian Defence Ministry" in one(root, "p", cls="lineage").text
    hrefs = {a.get("href") for a in root.find_all("a")}
    for ref in ["konashenkov-us-a10-002", "konashenkov-charlatans-003"]:
        assert f"/claims/{claims[ref]}" in hrefs
    answered = one(root, "section", aria_labelledby="answered-by-title")
    assert f"/claims/{claims['state-dept-no-us-missions-002']}" in {
        a.get("href") for a in answered.find_all("a")
    }


def test_claim_page_shows_both_ends_of_its_links(client, seed_ids):
    claims = seed_ids.claims
    root = get_page(client, f"/claims/{claims['konashenkov-us-a10-002']}")

    [answered_by, answers] = root.find_all("section", cls="linked")
    assert one(answered_by, "article", id=f"c{claims['state-dept-no-us-missions-002']}")
    assert one(answers, "article", id=f"c{claims['russia-aleppo-civilian-casualties-002']}")
    assert "Who bombed Aleppo" in one(root, "p", cls="in-disputes").text
    assert "as reported by" in one(root, cls="claim-hero").text  # via CNN


# ------------------------------------------------------------------ canonical URLs


def meta(root: Element, **attrs: str) -> str:
    return one(root, "meta", **attrs).get("content")


def test_canonical_url_uses_the_request_host_by_default(client, seed_ids):
    path = permalink(client, f"/disputes/{seed_ids.disputes[TOLL]}")
    root = get_page(client, path)

    assert one(root, "link", rel="canonical").get("href") == f"http://testserver{path}"
    assert meta(root, property="og:url") == f"http://testserver{path}"


def test_canonical_url_uses_the_public_url_when_set(app_database, seed_ids, monkeypatch):
    from app.main import create_app

    point_app_at(monkeypatch, app_database, public_url="https://gainsay.example/")
    try:
        with TestClient(create_app()) as public:
            path = permalink(public, f"/disputes/{seed_ids.disputes[TOLL]}")
            root = get_page(public, path)
            listed = public.get("/api/disputes?limit=100").json()["items"]
    finally:
        clear_caches()

    assert one(root, "link", rel="canonical").get("href") == f"https://gainsay.example{path}"
    assert meta(root, property="og:url") == f"https://gainsay.example{path}"
    assert one(root, "input", cls="share-url").get("value") == f"https://gainsay.example{path}"
    [api] = [d for d in listed if d["id"] == seed_ids.disputes[TOLL]]
    assert api["url"] == f"https://gainsay.example{path}"


def test_an_ungraded_dispute_page_links_its_json_ld_instead_of_embedding_it(client, seed_ids):
    """No seed dispute is graded: the page links its schema.org Claim items (the permalink
    renders a lean view; a graded dispute embeds its ClaimReview,
    tests/browser/test_share_browser.py)."""
    dispute_id = min(seed_ids.disputes.values())
    page = parse(client.get(f"/disputes/{dispute_id}", follow_redirects=True).text)

    [link] = page.find_all("link", rel="alternate", type="application/ld+json")
    assert link.get("href", "").endswith(f"/disputes/{dispute_id}/claimreview.json")
    assert page.find_all("script", type="application/ld+json") == []


def test_the_api_docs_lead_back_to_the_site(client):
    root = parse(client.get("/docs").text)

    nav = root.find("nav", aria_label="Site")
    assert nav is not None and nav.find("a", href="/") is not None
    assert {a.get("href") for a in nav.find_all("a")} >= {"/", "/disputes", "/articles"}
