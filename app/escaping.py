"""HTML escaping for the runs of a page that view models build as one value (f-strings, then
one `Markup`): `escape_str` escapes exactly as `markupsafe.escape` and Jinja's autoescape do,
but returns a plain `str`. `markupsafe.escape` wraps every result in a `Markup`, whose
construction cost several times the escaping itself; a dispute page escapes some 200 words.
`markup` wraps a run built that way, for the same reason."""

from typing import Any

from markupsafe import Markup, escape

try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # MarkupSafe without its C extension
    from markupsafe._native import _escape_inner


def escape_str(value: Any) -> str:
    """`str(markupsafe.escape(value))`: a plain string's characters & < > ' " replaced by their
    entities; anything else (Markup, an object with `__html__`, a number) as markupsafe
    treats it, so text already escaped is never escaped twice."""
    if type(value) is str:
        return _escape_inner(value)
    return str(escape(value))


_new_str = str.__new__


def markup(html: str) -> Markup:
    """`Markup(html)` for a plain `str` already escaped (a run built with `escape_str`):
    what `Markup.__new__` does with one, without its checks, a Python call costing several
    times the copy. A dispute page wraps some ninety runs (its cards, bylines, passages)."""
    return _new_str(Markup, html)
