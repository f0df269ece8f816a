"""For feed readers and crawlers: Atom feeds of the disputes, the sitemap, robots.txt, and the
disputes as schema.org JSON-LD (ClaimReview or Claim items) with Gainsay's JSON-LD context.

XML is built with ElementTree, which escapes every text and attribute: no user text is ever
spliced into markup by hand."""

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, HTTPException, Path, Request
from starlette.responses import Response

from app import page_deps
from app.db import SessionDep
from app.models import MAX_ID
from app.services import feeds
from app.services.disputes import get_dispute_view
from app.services.jsonld import dispute_jsonld, jsonld_context
from app.services.sitemap import SitemapUrl, sitemap_page_count, sitemap_urls
from app.settings import get_settings
from app.urls import absolute_url, entity_url, path_to, route_paths, url_for

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=MAX_ID)]

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
JSONLD_TYPE = "application/ld+json"
ET.register_namespace("", ATOM)


# Characters XML 1.0 cannot carry at all, escaped or not; imported text may hold some (a form
# feed from a PDF, a stray control code). ElementTree would write them and break the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _xml(root: ET.Element, media_type: str) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=media_type)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _atom(
    request: Request, feed_id: str, title: str, alternate: str, entries: Iterable[feeds.FeedEntry]
) -> Response:
    entries = list(entries)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _text(title)
    newest = max((e.updated for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = _text(get_settings().site_name)
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", href=str(absolute_url(request, request.url.path))
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=alternate)
    for entry in entries:
        page = entity_url(request, "dispute_detail", entry.dispute_id, entry.dispute_slug)
        stable = entity_url(request, "dispute_detail", entry.dispute_id)  # survives a rename
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}id").text = f"{stable}#{entry.key}"
        ET.SubElement(item, f"{{{ATOM}}}title").text = _text(entry.title)
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _stamp(entry.updated)
        href = entity_url(request, "claim_detail", entry.claim_id) if entry.claim_id else page
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href)
        if entry.summary:
            ET.SubElement(item, f"{{{ATOM}}}summary", type="text").text = _text(entry.summary)
    return _xml(feed, ATOM_TYPE)


@router.get("/feeds/disputes.atom", name="feed_disputes")
def feed_disputes(request: Request, session: SessionDep) -> Response:
    """New and changed disputes, most recent first."""
    site = get_settings().site_name
    home = absolute_url(request, path_to(request, "dispute_list"))
    return _atom(
        request,
        absolute_url(request, request.url.path),
        f"{site}: new and changed disputes",
        home,
        feeds.site_entries(session),
    )


@router.get("/disputes/{dispute_id}/feed.atom", name="feed_dispute")
def feed_dispute(request: Request, dispute_id: Id, session: SessionDep) -> Response:
    """One dispute's new claims and answers, and its status and grade changes."""
    entries = feeds.dispute_entries(session, dispute_id)
    view = get_dispute_view(session, dispute_id)
    if entries is None or view is None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    page = entity_url(request, "dispute_detail", dispute_id, view.dispute.slug)
    return _atom(
        request,
        absolute_url(request, request.url.path),
        f"{get_settings().site_name}: {view.dispute.title}",
        page,
        entries,
    )


def _urlset(request: Request, urls: Iterable[SitemapUrl]) -> Response:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url in urls:
        item = ET.SubElement(urlset, "url")
        ET.SubElement(item, "loc").text = entity_url(request, url.route, url.entity_id, url.slug)
        ET.SubElement(item, "lastmod").text = _stamp(url.lastmod)
    return _xml(urlset, "application/xml")


@router.get("/sitemap.xml", name="sitemap")
def sitemap(request: Request, session: SessionDep) -> Response:
    """Every published permalink; past 50,000 of them, an index of sitemap files."""
    pages = sitemap_page_count(session)
    if pages == 1:
        return _urlset(request, sitemap_urls(session, 0))
    index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    paths = route_paths(request.app)
    for number in range(1, pages + 1):
        item = ET.SubElement(index, "sitemap")
        ET.SubElement(item, "loc").text = absolute_url(request, paths("sitemap_page", page=number))
    return _xml(index, "application/xml")


@router.get("/sitemaps/{page}.xml", name="sitemap_page")
def sitemap_page(
    request: Request, page: Annotated[int, Path(ge=1, le=1_000_000)], session: SessionDep
) -> Response:
    if page > sitemap_page_count(session):
        raise HTTPException(404, f"There is no sitemap file number {page}.")
    return _urlset(request, sitemap_urls(session, page - 1))


@router.get("/robots.txt", name="robots")
def robots(request: Request) -> Response:
    paths = route_paths(request.app)
    # Pages for people signed in, and endless query spaces, are no use in a search index.
    private = [paths(name) for name in ("account", "review", "import_page", "sign_in", "search")]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private), "Allow: /", ""]
    lines.append(f"Sitemap: {absolute_url(request, paths('sitemap'))}")
    return Response("\n".join(lines) + "\n", media_type="text/plain")


def _jsonld(data: object) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type=JSONLD_TYPE)


@router.get("/ns/gainsay.jsonld", name="jsonld_context")
def context(request: Request) -> Response:
    """The JSON-LD context of the terms Gainsay adds to schema.org, with what each means."""
    return _jsonld(jsonld_context(absolute_url(request, request.url.path)))


@router.get("/disputes/{dispute_id}/claimreview.json", name="dispute_claimreview")
def dispute_claimreview(request: Request, dispute_id: Id, session: SessionDep) -> Response:
    """A graded dispute as schema.org ClaimReview; an ungraded one as its Claim items."""
    view = get_dispute_view(session, dispute_id)
    if view is None or view.dispute.merged_into_id is not None:
        raise HTTPException(404, f"There is no dispute number {dispute_id}.")
    # What the document names: the claims, who made them, where they appeared.
    page_deps.shows_one("dispute", dispute_id)
    page_deps.shows("claim", (c.id for c in view.claims))
    page_deps.shows("article", (c.article.id for c in view.claims))
    page_deps.shows("actor", (c.claimant.id for c in view.claims))
    page_deps.shows("actor", (c.article.outlet.id for c in view.claims if c.article.outlet))
    data = dispute_jsonld(
        view,
        url_for(request),
        {"name": get_settings().site_name, "url": absolute_url(request, "/")},
        absolute_url(request, path_to(request, "jsonld_context")),
    )
    return _jsonld(data)
