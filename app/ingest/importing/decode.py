"""The decode stage: which format an article is in (by its file name and first bytes), and its
bytes as text. A byte-order mark, UTF-8, an HTML page's declared charset or charset-normalizer's
best guess says the encoding; binary data is refused."""

import codecs
import re
from pathlib import Path
from typing import Literal

from app.ingest.importing.results import Refusal, RefusalReason

# Control characters (other than tab, line breaks and form feed) that text may hold before
# it is taken for binary: a stray one is noise, many are a binary file.
MAX_CONTROL_SHARE = 0.01

HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
IMPORTABLE_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
ACCEPT_ATTRIBUTE = ".txt,.md,.html,.htm"

Format = Literal["html", "markdown", "text"]


def unsupported(suffix: str) -> str:
    return f"Gainsay imports .txt, .md and .html files, not {suffix or 'files without a suffix'}."


def article_format(filename: str | None, text_start: bytes) -> Format | None:
    """The article's format by its suffix (None: not one Gainsay imports); a web page saved
    as .txt, or sent without a name, is still a web page."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES or not suffix:
        head = text_start.lstrip()[:64].lower()
        return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
    return None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Formats people upload by mistake, recognised by their first bytes.
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or a Word/OpenDocument file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
)
# "[^<>]": one <meta> tag at a time (with "[^>]+", many "<meta" without a ">" were quadratic).
_META_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes, *, html: bool = False) -> str | Refusal:
    """Bytes → text: a byte-order mark says the encoding; else UTF-8; else the HTML page's
    declared charset; else charset-normalizer's best guess. Binary data is refused."""
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            return Refusal(
                RefusalReason.binary, f"This is {what}, not text. Save the article as text first."
            )
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw[len(bom) :].decode(codec))
            except UnicodeDecodeError:
                return Refusal(
                    RefusalReason.encoding,
                    f"The file starts with a {codec} byte-order mark but is not valid {codec}.",
                )
    if b"\x00" in raw:
        return Refusal(
            RefusalReason.binary,
            "This looks like a binary file (it holds NUL bytes), not text. If it is UTF-16 "
            "text without a byte-order mark, save it as UTF-8.",
        )
    try:
        return _checked(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if html and (declared := _META_CHARSET.search(raw[:8192])):
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
            return _checked(raw.decode(codec))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess instead
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return Refusal(
            RefusalReason.encoding,
            "Gainsay could not tell this file's character encoding. Save it as UTF-8 and "
            "import it again.",
        )
    return _checked(str(best))


def _checked(text: str) -> str | Refusal:
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(2, len(text) * MAX_CONTROL_SHARE):
        return Refusal(
            RefusalReason.binary,
            f"This looks like binary data, not text ({controls:,} control characters).",
        )
    return _CONTROL.sub("", text)
