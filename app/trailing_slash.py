"""A page asked for with a trailing slash ("/disputes/") moves permanently (301) to the same
path without it, so links and search engines settle on one address. Starlette's own redirect
answers 307, which says the move is temporary. Writes keep Starlette's 307: it preserves their
method and body."""

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def without_trailing_slash(raw_path: str) -> str | None:
    """The path to move to, or None when there is nothing to strip. Leading slashes collapse to
    one, so "//example.com/" stays on this site ("/example.com") instead of naming a host."""
    if raw_path == "/" or not raw_path.endswith("/"):
        return None
    return "/" + raw_path.strip("/")


class TrailingSlashRedirectMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            # raw_path keeps the percent-encoding the Location header needs.
            raw = scope.get("raw_path") or scope["path"].encode()
            target = without_trailing_slash(raw.decode("latin-1"))
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                location = f"{target}?{query}" if query else target
                await RedirectResponse(location, status_code=301)(scope, receive, send)
                return
        await self.app(scope, receive, send)
