"""app/templating.py: the layout's links, built once per app."""

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
    client.get("/disputes")
    built = client.app.state.site_links
    client.get("/articles")
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
