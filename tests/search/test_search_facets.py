"""Search over disputes and the facets that narrow a search (app/search/facets.py), through
/search and /api/search, on the engine under test (SQLite FTS5 or PostgreSQL full-text)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import text

from app.search import windowed
from app.search.facets import Facets, FacetValue, SearchFilters, claim_condition, facet_groups
from app.vocabulary import ClaimKind
from tests.htmldoc import parse


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # a test adds a dispute (and takes it away)


def api(client, **params) -> dict:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(group: dict) -> set[int]:
    return {item["id"] for item in group["items"]}


def values(facet: list[dict]) -> dict[str, int]:
    return {v["value"]: v["count"] for v in facet}


# ------------------------------------------------------------------ disputes are found


def test_disputes_are_found_by_title_and_summary(client, seed_ids):
    by_title = api(client, q="Maarat strike")
    assert ids(by_title["disputes"]) == {seed_ids.disputes["maarat-al-numan-strike-jul-2019"]}
    hit = by_title["disputes"]["items"][0]
    assert hit["kind"] == "contested" and "<mark>" in hit["title_html"]
    assert hit["html_url"].endswith(
        f"/disputes/{seed_ids.disputes['maarat-al-numan-strike-jul-2019']}-maarat-al-numan-strike-jul-2019"
    )
    # "charlatans" is in the Idlib dispute's summary only, not its title.
    by_summary = api(client, q="charlatans")
    assert ids(by_summary["disputes"]) == {seed_ids.disputes["idlib-bombing-sept-2017"]}


def test_the_search_page_lists_disputes(client, seed_ids):
    root = parse(client.get("/search", params={"q": "ethnic cleansing"}).text)
    section = root.find("section", **{"aria-labelledby": "found-disputes"})
    links = [a.get("href") for a in section.find_all("a")]
    dispute_id = seed_ids.disputes["aleppo-ethnic-cleansing-feb-2016"]
    assert any(href.startswith(f"/disputes/{dispute_id}-") for href in links)


def test_a_merged_dispute_is_not_found(client, seed_ids, engine):
    target = seed_ids.disputes["idlib-bombing-sept-2017"]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO dispute (created_at, updated_at, version, title, slug, status,"
                " summary, grade_note, merged_into_id) VALUES (CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP, 1, 'Zanzibar merged', 'zanzibar-merged', 'open', '', '',"
                " :target)"
            ),
            {"target": target},
        )
    try:
        assert api(client, q="zanzibar")["disputes"]["total"] == 0
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM dispute WHERE slug = 'zanzibar-merged'"))


# ------------------------------------------------------------------ facets narrow


def test_facets_count_the_values_found(client):
    found = api(client, q="Russia")
    kinds = values(found["facets"]["kind"])
    assert kinds["denial"] >= 1 and kinds["allegation"] >= 1
    assert sum(kinds.values()) == found["claims"]["total"]
    assert "dismissal" in values(found["facets"]["denial_type"])
    assert values(found["facets"]["status"]).get("contested", 0) >= 1


def test_a_kind_narrows_the_claims_and_leaves_out_other_groups(client):
    everything = api(client, q="Russia")
    denials = api(client, q="Russia", kind="denial")
    assert 0 < denials["claims"]["total"] < everything["claims"]["total"]
    assert values(denials["facets"]["kind"]) == {"denial": denials["claims"]["total"]}
    for group in ("articles", "actors", "disputes"):
        assert denials[group]["total"] == 0, group
    assert denials["filters"] == {"kind": "denial"}


def test_a_denial_type_narrows_to_those_answers(client, seed_ids):
    found = api(client, q="Russia", denial_type="dismissal")
    assert seed_ids.claims["russia-fake-004"] in ids(found["claims"])
    assert values(found["facets"]["denial_type"]) == {"dismissal": found["claims"]["total"]}


def test_a_claimant_and_an_outlet_narrow(client, seed_ids):
    konashenkov = seed_ids.actors["Igor Konashenkov"]
    found = api(client, q="Aleppo", claimant=konashenkov)
    assert found["claims"]["total"] >= 1
    for item in found["claims"]["items"]:
        claim = client.get(f"/api/claims/{item['id']}").json()
        assert claim["claimant"]["id"] == konashenkov
    everything = api(client, q="said")
    [(outlet, count)] = list(values(everything["facets"]["outlet"]).items())[:1]
    narrowed = api(client, q="said", outlet=outlet)
    assert narrowed["claims"]["total"] == count
    assert narrowed["actors"]["total"] == 0 and narrowed["disputes"]["total"] == 0
    for item in narrowed["articles"]["items"]:
        article = client.get(f"/api/articles/{item['id']}").json()
        assert article["outlet"]["id"] == int(outlet)


def test_a_status_narrows_to_disputes(client, seed_ids):
    found = api(client, q="Aleppo", status="open")
    assert ids(found["disputes"]) == {seed_ids.disputes["aleppo-siege-displacement-feb-2016"]}
    assert found["claims"]["total"] == found["articles"]["total"] == 0


def test_a_date_range_narrows_by_the_known_dates(client):
    # No seed article states a publication date and no claim a full event date: a date range
    # finds nothing dated, and never guesses.
    found = api(client, q="Russia", **{"from": "2016-01-01", "to": "2026-12-31"})
    assert found["claims"]["total"] == found["articles"]["total"] == 0
    assert found["filters"] == {"from": "2016-01-01", "to": "2026-12-31"}


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "rumour"},
        {"denial_type": "rude"},
        {"status": "closed"},
        {"claimant": "0"},
        {"outlet": "x"},
        {"from": "2016-13-01"},
        {"from": "2017-01-02", "to": "2017-01-01"},
    ],
)
def test_bad_facets_are_clear_errors(client, params):
    response = client.get("/api/search", params={"q": "Russia", **params})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    page = client.get("/search", params={"q": "Russia", **params})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")


def test_empty_dates_are_no_dates(client):
    # The page's form sends both date fields, filled or not (and so does search as you type).
    everything = api(client, q="Russia")
    assert api(client, q="Russia", **{"from": "", "to": ""}) == everything
    page = client.get("/search", params={"q": "Russia", "from": "", "to": ""})
    assert page.status_code == 200 and 'id="found-claims"' in page.text


# ------------------------------------------------------------------ the page's links


def test_facet_links_keep_the_query_and_the_other_choices(client):
    response = client.get("/search", params={"q": "Russia", "kind": "denial"})
    assert response.status_code == 200
    root = parse(response.text)
    nav = root.find("nav", cls="search-facets")
    links = [a for a in nav.find_all("a")]
    assert links
    for a in links:
        query = parse_qs(urlsplit(a.get("href")).query)
        assert query["q"] == ["Russia"]
    denial_types = [a for a in links if "denial_type=" in a.get("href")]
    assert denial_types and all("kind=denial" in a.get("href") for a in denial_types)
    current = [a for a in links if a.get("aria-current") == "true"]
    assert [a.text.split()[0] for a in current] == ["denial"]
    clear = nav.find("a", cls="facet-clear")
    assert parse_qs(urlsplit(clear.get("href")).query) == {"q": ["Russia"]}
    # The form carries the chosen facets along with a new query.
    hidden = root.find("form", cls="big-search").find_all("input", type="hidden")
    assert [(i.get("name"), i.get("value")) for i in hidden] == [("kind", "denial")]


def test_the_page_says_when_counts_come_from_the_newest_matches_only(client, monkeypatch):
    def note(params: dict) -> str | None:
        nav = parse(client.get("/search", params=params).text).find("nav", cls="search-facets")
        found = nav.find("p", cls="facet-note")
        return found.text if found else None

    assert note({"q": "Russia"}) is None  # every match counted
    monkeypatch.setattr(windowed, "RANK_WINDOW", 2)
    # Another spelling of the same search: the page stored above is not what is asked for.
    assert note({"q": "russia"}) == "Counts among the newest 2 matches."
    counted = api(client, q="russia")["facets"]["kind"]
    assert sum(value["count"] for value in counted) <= 2


def test_facet_groups_escape_nothing_they_should_not():
    # Values are vocabulary words and ids; the query is URL-encoded, never raw in an href.
    filters = SearchFilters(kind=ClaimKind.denial)
    facets = Facets(kinds=[FacetValue("denial", "denial", 3)])
    [group] = facet_groups("/search", 'a&b "c"', filters, facets)
    assert group.links[0].href == "/search?q=a%26b+%22c%22&kind=denial"
    assert group.links[0].current
    assert group.clear_href == "/search?q=a%26b+%22c%22"


def test_conditions_bind_every_value():
    condition = claim_condition(SearchFilters(kind=ClaimKind.denial, claimant=7))
    assert condition.sql == " AND c.kind = :f_kind AND c.claimant_id = :f_claimant"
    assert condition.params == {"f_kind": "denial", "f_claimant": 7}
