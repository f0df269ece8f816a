"""Building paths from route names, fast.

Starlette's `url_path_for` searches the whole route table on every call; a dispute page makes
about a hundred links. `RoutePaths` reads the table once and formats paths from it, so links
are still built from route names (never literal paths) at a fraction of the cost."""

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from starlette.routing import NoMatchFound


class RoutePaths:
    def __init__(self, app: FastAPI) -> None:
        self._formats: dict[str, str] = {}
        for route in app.router.routes:
            if hasattr(route, "effective_route_contexts"):  # a router included in the app
                for context in route.effective_route_contexts():
                    self._formats.setdefault(context.name, context.path_format)
            elif getattr(route, "name", None) and hasattr(route, "path_format"):
                self._formats.setdefault(route.name, route.path_format)

    def __call__(self, name: str, /, **params: Any) -> str:
        try:
            template = self._formats[name]
        except KeyError:
            raise NoMatchFound(name, params) from None
        # Path parameters are single segments, except a mount's file path.
        values = {
            key: quote(str(value), safe="/" if key == "path" else "")
            for key, value in params.items()
        }
        try:
            return template.format(**values)
        except KeyError:
            raise NoMatchFound(name, params) from None


def route_paths(app: FastAPI) -> RoutePaths:
    paths = getattr(app.state, "route_paths", None)
    if paths is None:
        paths = app.state.route_paths = RoutePaths(app)
    return paths
