"""Jinja2 set-up: autoescaped templates that can render one block for htmx, and the helpers
every template uses to build links (app.urls's, always from route names)."""

from typing import Any, NamedTuple

from fastapi import Request
from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup
from starlette.responses import Response

from app.auth import ANONYMOUS, Viewer
from app.escaping import escape_str
from app.paths import TEMPLATES_DIR
from app.settings import get_settings
from app.urls import PageLinks, RoutePaths, absolute_url, page_links, ref_path, route_paths
from app.vocabulary import DENIAL_TYPE_RULES, label

templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
templates.env.autoescape = True  # every template, whatever its file name
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
# Templates are part of the build (the host's page store is keyed by their files' stamps when the
# process starts): not checked against their files at every render, a few % of a page's miss.
templates.env.auto_reload = False


def is_partial(request: Request) -> bool:
    """An htmx request asking for a block (not a boosted navigation or a history restore,
    which need the whole page)."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and headers.get("hx-history-restore-request") != "true"
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    """The page, or only `block` of it for an htmx request.

    Pages that have a block always vary on HX-Request, so caches keep both renderings apart."""
    partial = block is not None and is_partial(request)
    response = templates.TemplateResponse(
        request, template, context, status_code=status_code, block_name=block if partial else None
    )
    if block is not None:
        response.headers["Vary"] = "HX-Request"
    return response


@pass_context
def path_for(context: Context, name: str, /, **params: Any) -> str:
    return route_paths(context["request"].app)(name, **params)


@pass_context
def dispute_href(context: Context, dispute: Any) -> str:
    return ref_path(context["request"], "dispute_detail", dispute.id, dispute.slug)


@pass_context
def article_href(context: Context, article: Any, claim_id: int | None = None) -> str:
    path = ref_path(context["request"], "article_detail", article.id, article.slug)
    return f"{path}?claim={claim_id}#claim-{claim_id}" if claim_id else path


@pass_context
def actor_href(context: Context, actor: Any) -> str:
    return ref_path(context["request"], "actor_detail", actor.id, actor.slug)


@pass_context
def claim_href(context: Context, claim_id: int) -> str:
    return route_paths(context["request"].app)("claim_detail", claim_id=claim_id)


@pass_context
def links(context: Context) -> PageLinks:
    """Links for a page's view model, each built once (see app.urls.PageLinks)."""
    return page_links(context["request"].app)


class SiteLinks(NamedTuple):
    """The layout's links to routes without parameters, which every page prints: built once
    per app (its routes never change), where the layout called path_for for each at every
    render."""

    home: str
    sections: Markup  # the main navigation's links, as the layout printed them
    search: str
    sign_in: str
    api_docs: str

    @classmethod
    def of(cls, paths: RoutePaths) -> "SiteLinks":
        sections = "\n        ".join(
            f'<a href="{escape_str(paths(route))}">{name}</a>'
            for route, name in (
                ("dispute_list", "Disputes"),
                ("article_list", "Articles"),
                ("actor_list", "Actors"),
            )
        )
        return cls(
            paths("home"), Markup(sections), paths("search"), paths("sign_in"), paths("api_docs")
        )


@pass_context
def site_links(context: Context) -> SiteLinks:
    app = context["request"].app
    links = getattr(app.state, "site_links", None)
    if links is None:
        links = app.state.site_links = SiteLinks.of(route_paths(app))
    return links


@pass_context
def evidence_nav(context: Context, dispute: Any, current: str, as_of_day: Any = None) -> Markup:
    """The links between a dispute's views, `current` ("dispute", "evidence", "timeline" or
    "as_of") marked, and a plain GET form for the as-of page (works without JavaScript): one
    value where a partial printed a dozen, its four links from one call."""
    request = context["request"]
    paths = route_paths(request.app)
    reference = f"{dispute.id}-{dispute.slug}"
    tabs = (
        ("dispute", ref_path(request, "dispute_detail", dispute.id, dispute.slug), "Who says what"),
        ("evidence", paths("dispute_evidence", reference=reference), "Origins and figures"),
        ("timeline", paths("dispute_timeline", reference=reference), "Timeline"),
    )
    current_mark = ' aria-current="page"'
    items = "".join(
        f'    <li><a href="{escape_str(href)}"{current_mark if view == current else ""}>'
        f"{name}</a></li>\n"
        for view, href, name in tabs
    )
    as_of = escape_str(paths("dispute_as_of_query", reference=reference))
    day = f' value="{escape_str(str(as_of_day))}"' if as_of_day is not None else ""
    return Markup(
        '<nav class="evidence-nav" aria-label="Views of this dispute">\n'
        '  <ul class="evidence-tabs">\n'
        f"{items}"
        "  </ul>\n"
        f'  <form class="as-of-form" method="get" action="{as_of}">\n'
        '    <label for="as-of-day">As published on</label>\n'
        f'    <input id="as-of-day" type="date" name="as_of" required{day}>\n'
        '    <button type="submit" class="button-quiet">Show</button>\n'
        "  </form>\n"
        "</nav>"
    )


def share(url: str, what: str = "page") -> Markup:
    """A permalink box with its copy button (static/reader.js), for a page's `what` ("dispute",
    "article", ...): a function rather than a macro, a Jinja macro call costing several times
    a function's."""
    url, what = escape_str(url), escape_str(what)
    return Markup(
        f'<div class="share" data-share>\n'
        f'  <label for="share-{what}" class="visually-hidden">Permalink to this {what}</label>\n'
        f'  <input id="share-{what}" class="share-url" type="text" readonly value="{url}">\n'
        f'  <button type="button" class="button-quiet" data-copy="share-{what}" hidden>'
        "Copy link</button>\n"
        '  <span class="share-status" role="status" aria-live="polite"></span>\n'
        "</div>"
    )


@pass_context
def canonical(context: Context, path: str) -> str:
    return absolute_url(context["request"], path)


@pass_context
def viewer(context: Context) -> Viewer:
    """Who is looking (set by the get_viewer dependency; anonymous where it did not run)."""
    return getattr(context["request"].state, "viewer", ANONYMOUS)


templates.env.globals.update(
    viewer=viewer,
    path_for=path_for,
    site_links=site_links,
    share=share,
    evidence_nav=evidence_nav,
    dispute_href=dispute_href,
    article_href=article_href,
    actor_href=actor_href,
    claim_href=claim_href,
    links=links,
    canonical=canonical,
    label=label,
    site_name=lambda: get_settings().site_name,
)


def history_value(value: Any) -> str:
    """A recorded value as people read it in a history table."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):  # a pending edit
        return f"a pending edit: “{value.get('statement', '')}”"
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):  # figures
        return "; ".join(
            " ".join(
                str(part)
                for part in (
                    f.get("qualifier"),
                    f.get("low"),
                    f"to {f['high']}" if f.get("high") else "",
                    label(str(f.get("counts", ""))),
                )
                if part
            )
            for f in value
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


templates.env.filters["label"] = label
templates.env.filters["history_value"] = history_value
# What a denial type means (app.vocabulary.DENIAL_TYPE_RULES), for the label's tooltip.
templates.env.filters["denial_rule"] = lambda value: DENIAL_TYPE_RULES.get(value, "")
