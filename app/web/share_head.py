"""The layout's <head>: the page's title, description and canonical URL, the additions for
sharing and machines (the preview card (og:image), the page's dates, its feeds and, on a dispute
page, its schema.org JSON-LD) and the static files.

`page_head()` is a template global (installed by `install`), which templates/base.html prints.
`share_head()` finds what the page shows from the route that rendered it, so the pages' own
templates need not change."""

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from sqlmodel import Session

from app.db import HasConnection, get_engine
from app.escaping import escape_str
from app.services.dispute_page import DisputePage
from app.services.disputes import DisputeView, get_dispute_view
from app.services.jsonld import dispute_jsonld, script_json
from app.services.share import CARD_ROUTES, Dates, cut_text, dispute_dates, iso, page_dates
from app.settings import get_settings
from app.slugs import parse_reference
from app.static import static_url
from app.urls import absolute_url, route_paths, url_for

_NOUNS = {"dispute": "dispute", "article": "article", "claim": "claim", "actor": "actor"}


@dataclass(slots=True)
class ShareHead:
    image: str = ""
    image_alt: str = ""
    published: str = ""
    modified: str = ""
    # (title, absolute URL) of the Atom feeds this page offers
    feeds: list[tuple[str, str]] = field(default_factory=list)
    jsonld: Markup | None = None
    # Where the page's JSON-LD is offered when it is not embedded (an ungraded dispute).
    jsonld_url: str = ""

    def html(self) -> Markup:
        """The tags, one value where a partial printed a dozen (every page's layout has them),
        laid out as the layout printed them: each line indented and ended. Words escaped here,
        as autoescape would."""
        out = []
        if self.image:
            image, alt = escape_str(self.image), escape_str(self.image_alt)
            out.append(
                f'  <meta property="og:image" content="{image}">\n'
                '  <meta property="og:image:type" content="image/png">\n'
                '  <meta property="og:image:width" content="1200">\n'
                '  <meta property="og:image:height" content="630">\n'
                f'  <meta property="og:image:alt" content="{alt}">\n'
                '  <meta name="twitter:card" content="summary_large_image">\n'
                f'  <meta name="twitter:image" content="{image}">\n'
                f'  <meta name="twitter:image:alt" content="{alt}">\n'
            )
        else:
            out.append('  <meta name="twitter:card" content="summary">\n')
        if self.published:
            out.append(
                '  <meta property="article:published_time"'
                f' content="{escape_str(self.published)}">\n'
            )
        if self.modified:
            out.append(
                f'  <meta property="article:modified_time" content="{escape_str(self.modified)}">\n'
            )
        for title, url in self.feeds:
            out.append(
                '  <link rel="alternate" type="application/atom+xml"'
                f' title="{escape_str(title)}" href="{escape_str(url)}">\n'
            )
        if self.jsonld:
            # A data block, not a script: never executed, so the CSP (script-src 'self') does
            # not apply; script_json escapes < > & so no text can end the element.
            out.append(f'  <script type="application/ld+json">{self.jsonld}</script>\n')
        elif self.jsonld_url:
            out.append(
                '  <link rel="alternate" type="application/ld+json"'
                f' href="{escape_str(self.jsonld_url)}">\n'
            )
        return Markup("".join(out))


def _entity_id(request: Request, route: str) -> int | None:
    if route == "claim_detail":
        value = str(request.path_params.get("claim_id", ""))
        return int(value) if value.isdecimal() and len(value) <= 18 else None
    parsed = parse_reference(str(request.path_params.get("reference", "")))
    return parsed[0] if parsed else None


def build_share_head(
    request: Request,
    title: str,
    view: Any = None,
    *,
    card: bool = True,
    page_read: HasConnection | None = None,
) -> ShareHead:
    paths = route_paths(request.app)
    site = get_settings().site_name
    head = ShareHead(feeds=[(f"{site}: disputes", absolute_url(request, paths("feed_disputes")))])
    route = getattr(request.scope.get("route"), "name", None)
    if not card or route not in CARD_ROUTES:
        return head
    card_route, kind = CARD_ROUTES[route]
    entity_id = _entity_id(request, route)
    if entity_id is None:
        return head
    head.image = absolute_url(request, paths(card_route, **{f"{kind}_id": entity_id}))
    head.image_alt = cut_text(
        f"{site} preview of the {_NOUNS[kind]} “{title}”"
        + (": its allegations, answers and grade" if kind == "dispute" else ""),
        300,
    )
    # The permalink's lean view (DisputePage) is not what the JSON-LD is built from; a graded
    # dispute's ClaimReview is worth reading the full view for (an ungraded one's Claim items
    # are at /disputes/{id}/claimreview.json, linked below).
    full_view = (
        kind == "dispute"
        and not isinstance(view, DisputeView)
        and getattr(getattr(view, "dispute", None), "grade", None) is not None
    )
    # An actor is a profile, not an article: its page has no publication dates.
    dates: Dates | None = None
    if isinstance(view, DisputePage) and view.dispute.id == entity_id:
        # The permalink read its dispute with its dates, in the page's own transaction.
        dates = dispute_dates(view.dispute)
        if full_view:
            with Session(get_engine()) as session:
                view = get_dispute_view(session, entity_id)
    elif page_read is not None and not full_view:
        # The page's own read transaction (the permalinks offer it): the same snapshot as
        # the rest of the page, and no second transaction.
        dates = page_dates(page_read, kind, entity_id) if kind != "actor" else None
    else:
        with Session(get_engine()) as session:
            dates = page_dates(session, kind, entity_id) if kind != "actor" else None
            if kind == "dispute" and not isinstance(view, DisputeView):
                view = get_dispute_view(session, entity_id) if full_view else None
    if dates is not None:
        head.published, head.modified = iso(dates.published), iso(dates.modified)
    if kind == "dispute":
        head.feeds.append(
            (f"{site}: {title}", absolute_url(request, paths("feed_dispute", dispute_id=entity_id)))
        )
        head.jsonld_url = absolute_url(request, paths("dispute_claimreview", dispute_id=entity_id))
        if isinstance(view, DisputeView):
            data = dispute_jsonld(
                view,
                url_for(request),
                {"name": site, "url": absolute_url(request, "/")},
                absolute_url(request, paths("jsonld_context")),
            )
            head.jsonld = script_json(data)
    return head


@pass_context
def share_head(context: Context, title: str | Markup) -> ShareHead:
    # The title block arrives escaped: unescape it, since it is escaped again where output.
    plain = title.unescape() if isinstance(title, Markup) else str(title)
    if context.get("detail") is not None:  # an error page (pages/error.html): no card
        return build_share_head(context["request"], plain, card=False)
    return build_share_head(
        context["request"], plain, context.get("view"), page_read=context.get("page_read")
    )


def cut_description(text: str) -> str:
    """A page's description for previews: plain text, cut at a word, at most 200 characters.
    (The block arrives escaped; it is unescaped here and escaped again where it is output.)"""
    return cut_text(Markup(text).unescape() if isinstance(text, Markup) else str(text))


# htmx under a strict CSP: no injected <style>, no eval, no inline scripts from swaps. A refused
# form (422) or an edit conflict (409) comes back as the form with its messages: htmx must swap
# those in instead of dropping them.
_HTMX_CONFIG = (
    '{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false,'
    ' "selfRequestsOnly": true, "historyCacheSize": 0, "responseHandling":'
    ' [{"code": "204", "swap": false}, {"code": "[23]..", "swap": true},'
    ' {"code": "409", "swap": true, "error": false}, {"code": "422", "swap": true, "error": false},'
    ' {"code": "[45]..", "swap": false, "error": true}, {"code": "...", "swap": false}]}'
)


@pass_context
def page_head(
    context: Context,
    title: str | Markup,
    description: str | Markup,
    canonical_path: str | Markup,
    json_path: str | Markup,
    site: str,
    og_type: str = "website",
) -> Markup:
    """The layout's <head> from its <title> to its scripts, one value where the layout printed
    two dozen (each a lookup, a call or an escape, on every page). The blocks (title,
    description, canonical_path, json_path) arrive as the layout rendered them, escaped; the
    description is cut as plain text (cut_description) and escaped once here."""
    title_html, site_html = escape_str(title), escape_str(site)
    description_html = escape_str(cut_description(description))
    url = escape_str(absolute_url(context["request"], canonical_path))
    css, icon, htmx, reader = (
        escape_str(static_url(context, path))
        for path in ("app.css", "favicon.svg", "vendor/htmx/htmx.min.js", "reader.js")
    )
    alternate = (
        f'  <link rel="alternate" type="application/json" href="{escape_str(json_path)}">\n'
        if json_path
        else ""
    )
    return Markup(
        f"  <title>{title_html} · {site_html}</title>\n"
        f'  <meta name="description" content="{description_html}">\n'
        f'  <link rel="canonical" href="{url}">\n'
        f"{alternate}"
        f'  <meta property="og:site_name" content="{site_html}">\n'
        f'  <meta property="og:type" content="{escape_str(og_type)}">\n'
        f'  <meta property="og:title" content="{title_html}">\n'
        f'  <meta property="og:description" content="{description_html}">\n'
        f'  <meta property="og:url" content="{url}">\n'
        f"{share_head(context, title).html()}"
        f'  <meta name="twitter:title" content="{title_html}">\n'
        f'  <meta name="twitter:description" content="{description_html}">\n'
        f"  <meta name=\"htmx-config\" content='{_HTMX_CONFIG}'>\n"
        f'  <link rel="stylesheet" href="{css}">\n'
        f'  <link rel="icon" href="{icon}" type="image/svg+xml">\n'
        f'  <script src="{htmx}" defer></script>\n'
        f'  <script src="{reader}" defer></script>'
    )


def install(env: Environment) -> None:
    env.globals.update(share_head=share_head, cut_description=cut_description, page_head=page_head)
