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
    base = route_paths(context["request"].app)("static", path=path)
    return f"{base}?v={_digest(path)}"
