"""app/templating.py: the link helpers and the permalink box that the layout and pages print."""

from datetime import UTC, datetime

import pytest

from app.templating import SiteLinks, share
from app.urls import route_paths
from tests.htmldoc import parse


def test_the_layout_links_each_section_by_its_route(client):
    page = parse(client.get("/disputes").text)
    header = page.find("header", cls="site-header")
    assert header is not None
    hrefs = {a.text.strip(): a.get("href") for a in header.find_all("a")}
    paths = route_paths(client.app)
    assert hrefs["Disputes"] == paths("dispute_list")
    assert hrefs["Articles"] == paths("article_list")
    assert hrefs["Actors"] == paths("actor_list")
    assert hrefs["Sign in"] == paths("sign_in") + "?next=/disputes"
    assert header.find("a", cls="brand").get("href") == paths("home")
    assert header.find("form", cls="site-search").get("action") == paths("search")
    footer = page.find("footer", cls="site-footer")
    assert footer.find("a", href=paths("api_docs")) is not None


def test_the_links_are_built_once_per_app(client):
    # Queries no other test asks for: rendered, not served from the page cache.
    client.get("/disputes?built=once")
    built = client.app.state.site_links
    client.get("/articles?built=once")
    assert client.app.state.site_links is built
    assert built == SiteLinks.of(route_paths(client.app))


def test_the_share_box_escapes_its_url_and_noun_once():
    box = share('https://example.org/a?b=1&c="<x>"', "dispute")
    root = parse(str(box))
    field = root.find("input", cls="share-url")
    assert field is not None
    assert field.get("value") == 'https://example.org/a?b=1&c="<x>"'
    assert 'value="https://example.org/a?b=1&amp;c=&#34;&lt;x&gt;&#34;"' in box
    assert root.find("label").get("for") == field.get("id") == "share-dispute"
    assert root.find("button").get("data-copy") == "share-dispute"
    assert 'id="share-page"' in share("/x")


@pytest.mark.parametrize("view", ["", "/evidence", "/timeline"])
def test_every_view_of_a_dispute_links_the_others(client, seed_ids, view):
    dispute_id = min(seed_ids.disputes.values())
    page = client.get(f"/disputes/{dispute_id}{view}", follow_redirects=True)
    assert page.status_code == 200
    nav = parse(page.text).find("nav", cls="evidence-nav")
    assert nav is not None
    reference = str(page.url.path).split("/")[2]
    paths = route_paths(client.app)
    assert [a.get("href") for a in nav.find_all("a")] == [
        paths("dispute_detail", reference=reference),
        paths("dispute_evidence", reference=reference),
        paths("dispute_timeline", reference=reference),
    ]
    assert nav.find("form").get("action") == paths("dispute_as_of_query", reference=reference)


TODAY = datetime.now(UTC).date().isoformat()


@pytest.mark.parametrize(
    ("view", "current", "day"),
    [
        ("", 0, None),
        ("/evidence", 1, None),
        ("/timeline", 2, None),
        (f"/as-of/{TODAY}", None, TODAY),
    ],
)
def test_the_dispute_nav_marks_the_view_shown_and_the_day_asked(
    client, seed_ids, view, current, day
):
    dispute_id = min(seed_ids.disputes.values())
    page = client.get(f"/disputes/{dispute_id}{view}", follow_redirects=True)
    assert page.status_code == 200
    nav = parse(page.text).find("nav", cls="evidence-nav")
    assert nav is not None
    marked = [i for i, a in enumerate(nav.find_all("a")) if a.get("aria-current") == "page"]
    assert marked == ([] if current is None else [current])
    assert nav.find("input", id="as-of-day").get("value") == day
