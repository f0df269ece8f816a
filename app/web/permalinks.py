"""The lean route: readers' requests for the three permalinks read most (a dispute, an article
with or without `?claim=`, a claim's JSON), served without FastAPI's router.

About 0.7 ms of each of these misses was spent outside the page's own work (docs/performance.md),
much of it in FastAPI: matching the ten-odd routes before them, solving three dependencies, and
the read session's begin and commit through the ORM. Here a request is recognised from its path,
query and headers alone, read in one transaction on one connection without an ORM session
(app.db.read_transaction) and rendered by the same functions the FastAPI routes call
(`dispute_page`, `article_page`, `claim_json`), so the two give the same bytes
(tests/web/test_permalinks.py compares them).

It is a middleware, the innermost one, rather than a second app in front of the stack: the
request still passes the request limits, the page cache's filler (which records what the page
shows), the security headers and the concurrency limit, and a HEAD is still a GET, with nothing
repeated. Whatever it does not recognise as plain goes on to FastAPI, which stays the one
source of truth for it: a signed-in viewer, a query parameter it does not know or a value
FastAPI would refuse, a reference that is not a number, and any error the page raises (a 404 or
422 is rendered there, from the start).
"""

from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.routes import claim_json
from app.auth import anonymous_viewer
from app.db import read_transaction
from app.models import MAX_ID
from app.read_threads import read_off_the_loop
from app.security import names_a_user
from app.slugs import parse_reference
from app.web.pages import article_page, dispute_page

# A page function: (request, connection holder, viewer, *its arguments) -> the response.
_Page = Callable[..., Response]


def _positive_id(value: str) -> int | None:
    """The id FastAPI's `int` in 1..MAX_ID accepts, in its plainest spelling only (no sign,
    spaces or leading zeros: those go to FastAPI, which may read them differently)."""
    if not (value.isascii() and value.isdigit()) or value.startswith("0") or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


class _Lean:
    """One permalink the lean route serves: which FastAPI route it stands for, and how its
    path parameter and query become the page function's arguments (None: leave it to FastAPI)."""

    def __init__(self, route_name: str, prefix: str, path_param: str, page: _Page) -> None:
        self.route_name = route_name
        self.prefix = prefix
        self.path_param = path_param  # its name in the route (share previews read it)
        self.page = page

    def arguments(self, tail: str, query: dict[str, str]) -> tuple[Any, ...] | None:
        raise NotImplementedError


class _DisputeLean(_Lean):
    def arguments(self, tail: str, query: dict[str, str]) -> tuple[Any, ...] | None:
        if parse_reference(tail) is None or query.keys() - {"denial_type"}:
            return None
        return tail, query.get("denial_type")


class _ArticleLean(_Lean):
    def arguments(self, tail: str, query: dict[str, str]) -> tuple[Any, ...] | None:
        if parse_reference(tail) is None or query.keys() - {"claim", "part"}:
            return None
        claim = None
        if "claim" in query:
            claim = _positive_id(query["claim"])
            if claim is None:
                return None
        part = query.get("part")
        if part is not None and part != "text":
            return None
        return tail, claim, part


class _ClaimJsonLean(_Lean):
    def arguments(self, tail: str, query: dict[str, str]) -> tuple[Any, ...] | None:
        claim_id = _positive_id(tail)
        if claim_id is None or query:
            return None
        return (claim_id,)


_LEAN = (
    _DisputeLean("dispute_detail", "/disputes/", "reference", dispute_page),
    _ArticleLean("article_detail", "/articles/", "reference", article_page),
    _ClaimJsonLean("api_claim", "/api/claims/", "claim_id", claim_json),
)


class LeanPermalinksMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # FastAPI's route objects, by name, looked up on the first request (the routes are
        # added after the middleware): pages read the route's name from the request.
        self._routes: dict[str, BaseRoute] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self._recognise(scope) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        lean, tail, arguments = found
        request = Request(
            {
                **scope,
                "route": self._route(scope, lean.route_name),
                "path_params": {lean.path_param: tail},
            }
        )
        response = await read_off_the_loop(_read_and_render, lean.page, request, arguments)
        if response is None:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

    @staticmethod
    def _recognise(scope: Scope) -> tuple[_Lean, str, tuple[Any, ...]] | None:
        if scope["method"] != "GET":
            return None
        path: str = scope["path"]
        for lean in _LEAN:
            if path.startswith(lean.prefix):
                break
        else:
            return None
        tail = path[len(lean.prefix) :]
        if not tail or "/" in tail:
            return None
        for name, value in scope["headers"]:
            if names_a_user(name, value):
                return None
        query = _plain_query(scope["query_string"])
        if query is None:
            return None
        arguments = lean.arguments(tail, query)
        return None if arguments is None else (lean, tail, arguments)

    def _route(self, scope: Scope, name: str) -> BaseRoute | None:
        if self._routes is None:
            names = {lean.route_name for lean in _LEAN}
            self._routes = _routes_named(scope["app"].router.routes, names)
        return self._routes.get(name)


def _routes_named(routes: list[BaseRoute], names: set[str]) -> dict[str, BaseRoute]:
    """The route objects FastAPI puts in a request's scope, by name (an included router's
    routes are behind its route contexts, as app.urls.RoutePaths reads them)."""
    found: dict[str, BaseRoute] = {}
    for route in routes:
        if hasattr(route, "effective_route_contexts"):  # a router included in the app
            for context in route.effective_route_contexts():
                if context.name in names:
                    found.setdefault(context.name, context.original_route)
        elif getattr(route, "name", None) in names:
            found.setdefault(route.name, route)  # type: ignore[attr-defined]
    return found


def _plain_query(query_string: bytes) -> dict[str, str] | None:
    """The query as Starlette reads it, or None when a name repeats (FastAPI takes one of the
    values; which one is left to it)."""
    if not query_string:
        return {}
    pairs = QueryParams(query_string).multi_items()
    query = dict(pairs)
    return query if len(query) == len(pairs) else None


def _read_and_render(page: _Page, request: Request, arguments: tuple[Any, ...]) -> Response | None:
    """In a read thread: the page from one read transaction, or None for FastAPI to answer."""
    viewer = request.state.viewer = anonymous_viewer(request)
    with read_transaction() as db:
        try:
            return page(request, db, viewer, *arguments)
        except HTTPException:
            return None
