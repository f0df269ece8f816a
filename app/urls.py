"""Every link Gainsay makes, HTML or JSON, is built here from a route's name, never a literal
path: `path_to` for a path, `ref_path` for a permalink ("/disputes/12-some-title"),
`absolute_url` and `entity_url` for absolute ones (feeds, JSON, share tags), and `PageLinks`
for the many links of one page. (The templates' link functions in app/templating.py call these.)

Starlette's `url_path_for` searches the whole route table on every call; a dispute page makes
about a hundred links. `RoutePaths` reads the table once and formats paths from it, at a
fraction of the cost."""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from starlette.routing import NoMatchFound

from app.settings import get_settings

# `url_for(route, id, slug="")`: an entity's absolute permalink, as the JSON-LD and annotation
# builders take it (they know no request).
UrlFor = Callable[..., str]


def path_to(request: Request, name: str, /, **params: Any) -> str:
    """The path of route `name` with its parameters."""
    return route_paths(request.app)(name, **params)


def ref_path(request: Request, name: str, obj_id: int, slug: str = "") -> str:
    """A permalink's path: its id, then its slug when it has one."""
    reference = f"{obj_id}-{slug}" if slug else str(obj_id)
    return route_paths(request.app)(name, reference=reference)


# Where a request's absolute URLs begin, kept in its scope: a page makes half a dozen (its
# canonical URL, permalink box, preview card, feeds), and Starlette builds base_url anew each time.
_ROOT = "gainsay.site_root"


def absolute_url(request: Request, path: str) -> str:
    """`path` on this site: under the configured public URL, else where the request came."""
    scope = request.scope
    root = scope.get(_ROOT)
    if root is None:
        base = get_settings().public_url
        root = scope[_ROOT] = str(base if base else request.base_url).rstrip("/")
    return root + path


def entity_url(request: Request, route: str, entity_id: int, slug: str = "") -> str:
    """The absolute permalink of an entity page, by its route name."""
    if route == "claim_detail":
        return absolute_url(request, path_to(request, route, claim_id=entity_id))
    return absolute_url(request, ref_path(request, route, entity_id, slug))


def url_for(request: Request) -> UrlFor:
    """`entity_url` for this request, for builders that know no request."""
    return lambda route, entity_id, slug="": entity_url(request, route, entity_id, slug)


# The characters `quote` never changes (RFC 3986's unreserved): a reference ("12-some-title")
# or an id is made of them only, and matching them costs a third of quote's pure-Python path,
# which a dispute page took some thirty times.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch


def quote_segment(value: str, safe: str = "") -> str:
    """`urllib.parse.quote(value, safe=safe)`: the value itself when it has nothing to quote."""
    return value if _UNRESERVED(value) else quote(value, safe=safe)


class RoutePaths:
    def __init__(self, app: FastAPI) -> None:
        self._formats: dict[str, str] = {}
        for route in app.router.routes:
            if hasattr(route, "effective_route_contexts"):  # a router included in the app
                for context in route.effective_route_contexts():
                    self._formats.setdefault(context.name, context.path_format)
            else:
                name = getattr(route, "name", None)
                path_format = getattr(route, "path_format", None)
                if name and path_format:
                    self._formats.setdefault(name, path_format)
        # The paths of routes without parameters (the layout's links), as they are.
        self._plain = {name: path for name, path in self._formats.items() if "{" not in path}

    def __call__(self, name: str, /, **params: Any) -> str:
        if not params and (path := self._plain.get(name)) is not None:
            return path
        try:
            template = self._formats[name]
        except KeyError:
            raise NoMatchFound(name, params) from None
        # Path parameters are single segments, except a mount's file path.
        values = {
            key: quote_segment(str(value), "/" if key == "path" else "")
            for key, value in params.items()
        }
        try:
            return template.format(**values)
        except KeyError:
            raise NoMatchFound(name, params) from None

    def prefix(self, name: str, param: str) -> str:
        """The path of `name` before its one parameter `param`, which must end it: the
        prefix plus the quoted value is what `self(name, param=value)` gives."""
        template = self._formats.get(name, "")
        marker = "{" + param + "}"
        if not template.endswith(marker) or template.count("{") != 1:
            raise NoMatchFound(name, {param: "…"})
        return template[: -len(marker)]


def route_paths(app: FastAPI) -> RoutePaths:
    paths = getattr(app.state, "route_paths", None)
    if paths is None:
        paths = app.state.route_paths = RoutePaths(app)
    return paths


def page_links(app: FastAPI) -> "PageLinks":
    """A fresh set of links for one page (the route prefixes are read once per app)."""
    base = getattr(app.state, "page_links", None)
    if base is None:
        base = app.state.page_links = PageLinks(route_paths(app))
    return base.fresh()


class PageLinks:
    """The permalinks of one page, each distinct one built once.

    A dispute page links the same article and actor many times; each href here is a route's
    path up to its last parameter (read once from the route table) plus the quoted reference,
    exactly what `RoutePaths` gives for the same name and parameters."""

    __slots__ = ("_actor", "_article", "_built", "_claim", "_dispute")

    def __init__(self, paths: RoutePaths) -> None:
        self._article = paths.prefix("article_detail", "reference")
        self._actor = paths.prefix("actor_detail", "reference")
        self._claim = paths.prefix("claim_detail", "claim_id")
        self._dispute = paths.prefix("dispute_detail", "reference")
        self._built: dict[tuple[str, int], str] = {}

    def fresh(self) -> "PageLinks":
        # Built hrefs live for one page only: a renamed article or actor gets a new slug.
        links = object.__new__(PageLinks)
        links._article, links._actor = self._article, self._actor
        links._claim, links._dispute = self._claim, self._dispute
        links._built = {}
        return links

    def _ref(self, prefix: str, obj_id: int, slug: str) -> str:
        key = (prefix, obj_id)
        href = self._built.get(key)
        if href is None:
            reference = f"{obj_id}-{slug}" if slug else str(obj_id)
            href = self._built[key] = prefix + quote_segment(reference)
        return href

    def article(self, article_id: int, slug: str) -> str:
        return self._ref(self._article, article_id, slug)

    def actor(self, actor_id: int, slug: str) -> str:
        return self._ref(self._actor, actor_id, slug)

    def dispute(self, dispute_id: int, slug: str) -> str:
        return self._ref(self._dispute, dispute_id, slug)

    def claim(self, claim_id: int) -> str:
        return f"{self._claim}{claim_id}"
