"""The extract stage: an HTML page or a Markdown text → plain paragraphs, and the metadata the
document states about itself (a page's title, site name, date and canonical URL; a Markdown
front matter). Plain text needs no extraction."""

import logging
import re
from collections.abc import Callable

from app.ingest.importing.metadata import (
    MAX_FRONT_MATTER_CHARS,
    clean_line,
    front_matter,
    iso_date,
    outlet_name,
)
from app.ingest.importing.results import ArticleMetadata, Refusal, RefusalReason

_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^- (?=\S)")


def _quiet_trafilatura() -> None:
    # trafilatura logs every page it finds too short or empty; a refusal says so instead.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)


def extract_html(html: str) -> tuple[str, ArticleMetadata, list[str]] | Refusal:
    """The article text of a web page, paragraph by paragraph, and its title, site name, date
    and canonical URL from the page's metadata. Scripts, styles, navigation and comments are
    left out by trafilatura; nothing is fetched."""
    import trafilatura

    _quiet_trafilatura()
    notes = []
    scripts = len(_SCRIPT.findall(html))
    if scripts:
        notes.append(f"removed {scripts} script element{'s' if scripts != 1 else ''}")
    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
        # The date the page declares, never one guessed from its text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    assert not isinstance(document, dict)  # a dict comes only with as_dict=True
    text = (document.text if document is not None else "") or ""
    if not text.strip():
        what = f"it holds {scripts} scripts and" if scripts else "it holds"
        return Refusal(
            RefusalReason.no_text,
            f"No article text was found in this HTML page ({what} no readable paragraphs).",
        )
    metadata = ArticleMetadata()
    if document is not None:
        metadata = ArticleMetadata(
            title=clean_line(document.title),
            outlet=outlet_name(document.sitename),
            url=document.url or None,
            published_on=iso_date(document.date),
        )
    # trafilatura writes one block (paragraph, heading, list item) per line, list items
    # with a "- " marker that is not the page's text.
    blocks = (_LIST_ITEM.sub("", line.strip()) for line in text.split("\n") if line.strip())
    return "\n\n".join(blocks), metadata, notes


_FENCE_OPEN = re.compile(r"---[ \t]*\n")
_FENCE_CLOSE = re.compile(r"\n---[ \t]*(?:\n|\Z)")
_YAML_KEY = re.compile(r"[A-Za-z_][\w-]{0,40}[ \t]*:")
# Every rule runs in time linear in the text: a span (link text, emphasis, a tag) never holds
# its own opening mark, so that a long run of openers without a closer ("[[[[…", "**a **a …")
# is scanned once, not once from each opener (which was quadratic: minutes for 2 MiB).
_MD_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.MULTILINE), replacement)
    for pattern, replacement in (
        (r"^[ \t]*```.*$|^[ \t]*~~~.*$", ""),  # code fences (their contents stay)
        (r"^[ \t]*\[[^\[\]]+\]:[ \t]+\S+.*$", ""),  # reference link definitions
        (r"^[ \t]*(?:[-*_][ \t]*){3,}$", ""),  # horizontal rules
        (r"^[ \t]*(?:=+|-+)[ \t]*$", ""),  # setext heading underlines
        # ATX headings; the closing hashes are stripped in Python (a lazy "(.*?)[ \t]*#*[ \t]*$"
        # was quadratic on a heading line full of spaces).
        (r"^[ \t]{0,3}#{1,6}[ \t]+(.*)$", lambda m: _heading_text(m.group(1))),
        (r"^[ \t]{0,3}(?:>[ \t]?)+", ""),  # block quotes
        (r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+", ""),  # list markers
        (r"!\[[^\[\]]*\]\([^()]*\)", ""),  # images
        (r"\[([^\[\]]+)\]\([^()]*\)", r"\1"),  # inline links
        (r"\[([^\[\]]+)\]\[[^\[\]]*\]", r"\1"),  # reference links
        (r"<(https?://[^<>\s]+)>", r"\1"),  # autolinks
        (r"</?[A-Za-z][^<>\n]*>", ""),  # inline HTML tags
        (r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1", r"\2"),  # bold
        (r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1"),  # italics
        (r"(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)", r"\1"),
        (r"`([^`\n]+)`", r"\1"),  # inline code
        (r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1"),  # escapes
    )
)


def _heading_text(text: str) -> str:
    """A heading's words without its closing hashes: "Title ##" → "Title"."""
    return text.rstrip(" \t").rstrip("#").rstrip(" \t")


def extract_markdown(text: str) -> tuple[str, ArticleMetadata, str | None] | Refusal:
    """Markdown → plain paragraphs, simply: markup signs go, words stay. A YAML front matter
    may give title, url, date and outlet. Returns the text, that metadata and the first
    heading (a title candidate when it opens the document), or why the front matter is
    refused."""
    metadata = ArticleMetadata()
    if opening := _FENCE_OPEN.match(text):
        # Found with plain searches, bounded: the YAML parser only ever sees the capped part.
        start = opening.end()
        closing = _FENCE_CLOSE.search(text, start - 1, start + MAX_FRONT_MATTER_CHARS + 1)
        if closing is not None:
            found = front_matter(text[start : closing.start()])
            if isinstance(found, Refusal):
                return found
            metadata, text = found, text[closing.end() :]
        elif _YAML_KEY.match(text, start) and _FENCE_CLOSE.search(text, start - 1):
            return Refusal(
                RefusalReason.bad_metadata,
                f"Its YAML front matter (between the --- lines) is longer than "
                f"{MAX_FRONT_MATTER_CHARS:,} characters; Gainsay reads only a short one "
                "(title, outlet, url, date). Shorten it or remove it.",
            )
    first = next((line for line in text.split("\n") if line.strip()), "")
    heading = re.match(r"^\s{0,3}#\s+(.*)$", first)
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    title = " ".join(heading.group(1).split()).rstrip("#").rstrip() if heading else None
    return text, metadata, clean_line(title)
