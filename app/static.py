"""Static file URLs that change when the file does, so they can be cached for a long time."""

import hashlib
from functools import cache

from jinja2 import pass_context
from jinja2.runtime import Context

from app.paths import STATIC_DIR
from app.urls import route_paths


@cache
def _digest(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


@pass_context
def static_url(context: Context, path: str) -> str:
    """A static file's URL, built once per app: the layout prints four on every page, and the
    files, like the templates, are part of the build."""
    app = context["request"].app
    urls: dict[str, str] | None = getattr(app.state, "static_urls", None)
    if urls is None:
        urls = app.state.static_urls = {}
    url = urls.get(path)
    if url is None:
        base = route_paths(app)("static", path=path)
        url = urls[path] = f"{base}?v={_digest(path)}"
    return url
