"""Every GET route of the app (from app.routes), for every seed object, as an anonymous reader;
then every internal link, htmx link and link fragment found on the pages.

Reader pages and the API (routes defined in app/web/pages.py, app/api/routes.py and
app/main.py) must answer 200, or 301 from a bare id to the canonical URL. Other routes belong
to signed-in analysts: they answer a reader with 200, a 303 to the sign-in page (coming back to
where the reader was), or a 401 error, and never a 404 or a 5xx.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest
from starlette.routing import Mount

from app.main import create_app
from tests.conftest import TestClient
from tests.htmldoc import Element, parse

ORIGIN = "http://testserver"
PUBLIC_MODULES = {
    "app.web.pages",
    "app.api.routes",
    "app.main",
    "app.web.evidence",
    "app.api.evidence",
}
# A past day for the dispute-as-of permalink.
AS_OF_DAY = "2026-12-01"
SEPARATE = {"/docs", "/openapi.json"}  # checked on their own below
# The as-of date form's target, which moves to a day's permalink
# (tests/services/test_evidence_as_of.py).
SEPARATE |= {"/disputes/{reference}/as-of"}
# Query strings the crawl adds, so that search results and pagers are crawled too.
EXTRA = [
    "/search?q=Konashenkov",
    "/search?q=charlatans",
    "/disputes?limit=2&offset=2",
    "/articles?limit=2",
    "/actors?limit=10&offset=10",
    "/api/search?q=Konashenkov",
    "/api/claims?limit=5&offset=5",
]
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def get_routes(routes: list, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(path, route) of every GET route, through included routers; mounts are left out."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            context = getattr(route, "include_context", None)
            yield from get_routes(included.routes, prefix + (getattr(context, "prefix", "") or ""))
        elif isinstance(route, Mount):
            continue
        elif "GET" in (getattr(route, "methods", None) or ()):
            yield prefix + route.path, route


def is_public(route: object) -> bool:
    return getattr(route, "endpoint", None).__module__ in PUBLIC_MODULES


@dataclass(frozen=True)
class Start:
    url: str
    public: bool


def fill(path: str, ids: dict[str, list[int]]) -> list[str]:
    """The path with its parameters filled in from every seed object."""
    path = path.replace("{day}", AS_OF_DAY)
    params = PARAM.findall(path)
    if not params:
        return [path]
    if params == ["entity", "entity_id"]:
        return [
            path.replace("{entity}", noun[:-1]).replace("{entity_id}", str(i))
            for noun in ("claims", "disputes", "actors")
            for i in ids[noun]
        ]
    [param] = params
    if param == "reference":  # /{noun}/{reference}…: the bare id, which moves to id-slug
        noun = path.split("/{reference}")[0].rsplit("/", 1)[-1]
    else:  # claim_id → claims
        noun = param.removesuffix("_id") + "s"
    if noun not in ids:
        # Objects the seed data set has none of (import suggestions…): one made-up id, which
        # must still answer cleanly (a sign-in redirect or a 404 page, never a 5xx).
        return [PARAM.sub("1", path)]
    return [PARAM.sub(str(i), path) for i in ids[noun]]


@pytest.fixture(scope="module")
def crawler(app_database) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def starts(crawler, seed_ids) -> list[Start]:
    ids = {
        "disputes": sorted(seed_ids.disputes.values()),
        "articles": sorted(seed_ids.articles.values()),
        "actors": sorted(seed_ids.actors.values()),
        "claims": sorted(seed_ids.claims.values()),
    }
    found = [
        Start(url, is_public(route))
        for path, route in get_routes(crawler.app.routes)
        if path not in SEPARATE
        for url in fill(path, ids)
    ]
    return found + [Start(url, True) for url in EXTRA]


@dataclass
class Visit:
    url: str
    public: bool
    status: int
    content_type: str = ""
    final_url: str = ""
    redirect: str | None = None  # the 301's Location
    sign_in: str | None = None  # the 303's Location
    root: Element | None = None


@dataclass
class Crawl:
    visits: dict[str, Visit] = field(default_factory=dict)
    links: dict[str, set[str]] = field(default_factory=dict)  # link → pages it is on
    fragments: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    htmx: dict[str, set[str]] = field(default_factory=dict)  # hx-get → pages it is on


def visit(client: TestClient, start: Start) -> Visit:
    response = client.get(start.url, follow_redirects=False)
    redirect = sign_in = None
    if response.status_code == 301:
        redirect = response.headers["location"]
        response = client.get(redirect, follow_redirects=False)
    if response.status_code == 303:
        sign_in = response.headers["location"]
    found = Visit(start.url, start.public, response.status_code)
    found.content_type = response.headers.get("content-type", "")
    found.redirect, found.sign_in = redirect, sign_in
    found.final_url = redirect or start.url
    if found.content_type.startswith("text/html"):
        found.root = parse(response.text)
    elif found.content_type.startswith("application/json"):
        json.loads(response.text)
    return found


def internal(href: str) -> str | None:
    """The path?query of an internal link, or None for an external one."""
    if href.startswith(ORIGIN + "/"):
        href = href[len(ORIGIN) :]
    if href.startswith("/") and not href.startswith("//"):
        return href
    return None


def links_on(root: Element) -> Iterator[str]:
    for el in root.iter():
        for attribute in ("href", "src", "hx-get", "action"):
            if value := el.get(attribute):
                yield value


@pytest.fixture(scope="module")
def crawl(crawler, starts) -> Crawl:
    result = Crawl()
    for start in starts:
        found = result.visits[start.url] = visit(crawler, start)
        if found.root is None or found.status != 200:
            continue
        for href in links_on(found.root):
            if href.startswith("#"):
                href = found.final_url + href
            if (target := internal(href)) is None:
                continue
            path, fragment = urldefrag(target)
            result.links.setdefault(path, set()).add(start.url)
            if fragment:
                result.fragments.setdefault((path, fragment), set()).add(start.url)
        for el in found.root.find_all(where=lambda el: el.get("hx-get") is not None):
            result.htmx.setdefault(el.get("hx-get"), set()).add(start.url)
    return result


def test_the_route_table_is_crawled(crawler, starts):
    paths = {path for path, _ in get_routes(crawler.app.routes)}

    assert {"/", "/disputes/{reference}", "/api/claims/{claim_id}", "/search"} <= paths
    assert all(not p.startswith("/static") for p in paths)
    assert len([s for s in starts if s.public]) > 200  # every seed object, as page and JSON


def test_every_reader_page_and_api_route_answers_200(crawl):
    failures = {url: v.status for url, v in crawl.visits.items() if v.public and v.status != 200}
    assert failures == {}


def test_analyst_routes_ask_a_reader_to_sign_in(crawl, crawler):
    others = [v for v in crawl.visits.values() if not v.public]

    failures = {}
    for v in others:
        if v.status == 303:
            location = urlsplit(v.sign_in)
            back = parse_qs(location.query).get("next", [""])[0]
            if location.path != "/sign-in" or back != v.final_url:
                failures[v.url] = f"303 to {v.sign_in}"
        elif v.status == 401:
            if not (v.root is not None and v.root.find("h1")) and "json" not in v.content_type:
                failures[v.url] = "401 without an error page or problem"
        elif v.status != 200:
            failures[v.url] = v.status
    assert failures == {}
    signed_out = {v.sign_in for v in others if v.sign_in}
    assert all(crawler.get(url).status_code == 200 for url in sorted(signed_out)[:5])


def test_only_bare_ids_redirect_and_to_their_canonical_path(crawl):
    redirected = {url: v.redirect for url, v in crawl.visits.items() if v.redirect}

    assert redirected
    for url, location in redirected.items():
        noun_and_id = re.fullmatch(r"(/(?:disputes|articles|actors)/\d+)(/.*)?", url)
        assert noun_and_id, url
        head, tail = noun_and_id.group(1), noun_and_id.group(2) or ""
        assert re.fullmatch(rf"{re.escape(head)}-[a-z0-9-]+{re.escape(tail)}", location), (
            url,
            location,
        )


def meta(root: Element, **attrs: str) -> list[str]:
    return [m.get("content") or "" for m in root.find_all("meta", **attrs)]


def head_problems(page: Visit) -> list[str]:
    root, problems = page.root, []
    if len(root.find_all("h1")) != 1:
        problems.append(f"{len(root.find_all('h1'))} <h1>")
    # The document's own title (an inline SVG chart has titles of its own).
    titles = root.find_all("title", where=lambda t: t.parent is not None and t.parent.tag == "head")
    if len(titles) != 1 or not titles[0].text.strip():
        problems.append("no <title>")
    canonical = [link.get("href") for link in root.find_all("link", rel="canonical")]
    if len(canonical) != 1:
        problems.append(f"{len(canonical)} canonical links")
    elif not canonical[0].startswith(ORIGIN + "/"):
        problems.append(f"canonical {canonical[0]} is not absolute")
    elif urlsplit(canonical[0]).path != urlsplit(page.final_url).path:
        problems.append(f"canonical {canonical[0]} is not {page.final_url}")
    for name, found in [
        ("description", meta(root, name="description")),
        ("og:title", meta(root, property="og:title")),
        ("og:description", meta(root, property="og:description")),
        ("og:url", meta(root, property="og:url")),
    ]:
        if len(found) != 1 or not found[0].strip():
            problems.append(f"meta {name}: {found}")
    if canonical and meta(root, property="og:url") != canonical[:1]:
        problems.append("og:url is not the canonical URL")
    og_title = meta(root, property="og:title")
    if titles and og_title and not titles[0].text.startswith(og_title[0]):
        problems.append("og:title is not the page title")
    alternates = root.find_all("link", rel="alternate", type="application/json")
    if page.public and len(alternates) != 1:
        problems.append(f"{len(alternates)} JSON alternates")
    if len(root.find_all("main")) != 1:
        problems.append("no single <main>")
    return problems


def html_pages(crawl: Crawl) -> list[Visit]:
    pages = [v for v in crawl.visits.values() if v.root is not None and v.status == 200]
    assert len(pages) > 100
    return pages


def test_every_page_has_its_head_and_landmarks(crawl):
    problems = {page.url: head_problems(page) for page in html_pages(crawl)}
    assert {url: found for url, found in problems.items() if found} == {}


def test_every_json_alternate_returns_json(crawl, crawler):
    alternates = {}
    for page in html_pages(crawl):
        for link in page.root.find_all("link", rel="alternate", type="application/json"):
            alternates[link.get("href")] = page.url
    assert len(alternates) > 100

    failures = {}
    for href, page in sorted(alternates.items()):
        response = crawler.get(href)
        if response.status_code != 200 or response.headers["content-type"] != "application/json":
            failures[href] = (response.status_code, page)
        else:
            json.loads(response.text)
    assert failures == {}


def test_every_internal_link_resolves(crawl, crawler):
    assert len(crawl.links) > 100

    failures = {}
    for link, pages in sorted(crawl.links.items()):
        known = crawl.visits.get(link)
        status = known.status if known else crawler.get(link, follow_redirects=True).status_code
        if status >= 400:
            failures[link] = (status, sorted(pages)[:3])

    assert failures == {}


def test_every_link_fragment_has_its_target(crawl, crawler):
    assert crawl.fragments  # quote links point at #claim-{id}

    missing = {}
    for (link, fragment), pages in sorted(crawl.fragments.items()):
        response = crawler.get(link, follow_redirects=True)
        if not parse(response.text).find(id=fragment):
            missing[f"{link}#{fragment}"] = sorted(pages)[:3]

    assert missing == {}


def test_every_htmx_link_answers_its_partial(crawl, crawler):
    assert crawl.htmx  # highlights, the claim index, pagers

    failures = {}
    for link, pages in sorted(crawl.htmx.items()):
        response = crawler.get(link, headers={"HX-Request": "true"}, follow_redirects=True)
        if response.status_code != 200 or "<html" in response.text:
            failures[link] = (response.status_code, sorted(pages)[:3])

    assert failures == {}


def test_api_docs_and_openapi(crawler):
    docs = crawler.get("/docs")
    assert docs.status_code == 200
    root = parse(docs.text)
    assert root.find(id="swagger-ui").get("data-openapi-url") == "/openapi.json"

    schema = crawler.get("/openapi.json")
    assert schema.status_code == 200
    paths = set(json.loads(schema.text)["paths"])
    api_routes = {p for p, _ in get_routes(crawler.app.routes) if p.startswith("/api/")}
    assert api_routes and api_routes <= paths
    assert all(path.startswith("/api/") for path in paths)
