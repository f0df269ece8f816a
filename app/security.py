"""Response headers that every page, API answer and error carry."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import SESSION_COOKIE

# No inline scripts or styles, no eval: htmx is configured for this in templates/base.html
# (its indicator styles are in static/app.css instead of an injected <style>).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


# Every dynamic answer may differ for htmx (app.templating.is_partial reads the three HX-
# headers: a plain htmx request gets a block, a boosted one or a history restore the whole page)
# and for who is signed in (the session cookie). Saying so on every answer, not route by route,
# keeps any cache from giving one rendering for the other, and a new route cannot forget it.
VARY = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "Cookie")
# A signed-in answer holds the session's CSRF token, drafts and the user's name: no cache may
# keep it (a shared one could hand it to the next reader).
PRIVATE = "private, no-store"
STATIC_PREFIX = "/static/"  # files that are the same for everyone, whatever the request says
_SESSION_COOKIE = SESSION_COOKIE.encode() + b"="


# The request headers that may name someone (`names_a_user` tells whether they do).
USER_HEADERS = frozenset({b"authorization", b"cookie"})


def names_a_user(name: bytes, value: bytes) -> bool:
    """Whether this request header identifies someone: an Authorization header or the session
    cookie. The one test for "signed in" outside the app: answers to such requests are kept
    private here, and the page cache neither serves nor stores them."""
    return name == b"authorization" or (name == b"cookie" and _SESSION_COOKIE in value)


def _has_credentials(scope: Scope) -> bool:
    return any(names_a_user(name, value) for name, value in scope["headers"])


def add_vary(headers: MutableHeaders, names: tuple[str, ...]) -> None:
    """Add `names` to the Vary header, keeping what is there and not repeating a name."""
    present = [v.strip() for value in headers.getlist("vary") for v in value.split(",")]
    present = [v for v in present if v]
    known = {v.lower() for v in present}
    if "*" in known:
        return
    merged = present + [n for n in names if n.lower() not in known]
    headers["vary"] = ", ".join(merged)


def apply_security_headers(scope: Scope, headers: MutableHeaders) -> None:
    """What every answer carries; shared by the middleware and the 500 handler in app.errors
    (Starlette answers that one from outside every middleware)."""
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if scope.get("path", "").startswith(STATIC_PREFIX):
        return
    add_vary(headers, VARY)
    if _has_credentials(scope):
        headers["cache-control"] = PRIVATE


class SecurityHeadersMiddleware:
    """Pure ASGI (no per-request task or body buffering, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                apply_security_headers(scope, MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_headers)
