"""Slugs for permalinks: /disputes/{id}-{slug}. The id decides; the slug is for people."""

import re

from slugify import slugify as _slugify

from app.models import MAX_ID

MAX_SLUG = 80
_REFERENCE = re.compile(r"^(?P<id>[1-9][0-9]{0,17})(?:-(?P<slug>.*))?$")


def slugify(text: str) -> str:
    return _slugify(text, max_length=MAX_SLUG, word_boundary=True) or "untitled"


def parse_reference(reference: str) -> tuple[int, str | None] | None:
    """Split "12-some-title" (or "12") into id and slug; None for anything else.

    An id past MAX_ID names nothing (None), so it never reaches an integer column."""
    match = _REFERENCE.match(reference)
    if match is None or int(match["id"]) > MAX_ID:
        return None
    return int(match["id"]), match["slug"]
