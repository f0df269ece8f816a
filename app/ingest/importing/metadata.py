"""The metadata stage: what an article says about itself (a Markdown front matter, the header
of Gainsay's own article files, a URL on the first line, a headline) and the clean forms of
titles, outlets, dates and URLs."""

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from app.ingest.importing.results import ArticleMetadata, Refusal, RefusalReason
from app.ingest.text import repair_text

# A YAML front matter gives a few short fields; more than this is not metadata.
MAX_FRONT_MATTER_CHARS = 4_000
MAX_FRONT_MATTER_DEPTH = 8


class _FrontMatterRefused(Exception):
    pass


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases (`&a`, `*a`): expanding them is how
    a few hundred bytes become an exponential "billion laughs" structure. Nesting is bounded
    too (deep nesting exhausts the parser's recursion)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _FrontMatterRefused(
                "Its YAML front matter uses anchors or aliases (& and *), which Gainsay does "
                "not expand. Write each value out (title, outlet, url, date)."
            )
        self._depth += 1
        try:
            if self._depth > MAX_FRONT_MATTER_DEPTH:
                raise _FrontMatterRefused(
                    f"Its YAML front matter is nested more than {MAX_FRONT_MATTER_DEPTH} "
                    "levels deep; Gainsay reads only plain fields (title, outlet, url, date)."
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def front_matter(source: str) -> ArticleMetadata | Refusal:
    try:
        data = yaml.load(source, Loader=_FrontMatterLoader)
    except _FrontMatterRefused as refused:
        return Refusal(RefusalReason.bad_metadata, str(refused))
    except (yaml.YAMLError, RecursionError, ValueError):
        return ArticleMetadata()  # not YAML after all: the text is read without it
    if not isinstance(data, dict):
        return ArticleMetadata()

    def first(*keys: str) -> Any:
        return next((data[k] for k in keys if data.get(k) not in (None, "")), None)

    when = first("date", "published", "published_on")
    return ArticleMetadata(
        title=clean_line(str(first("title") or "")),
        outlet=clean_line(str(first("outlet", "publisher", "source", "site") or "")),
        url=str(first("url", "link", "source_url") or "") or None,
        published_on=when if isinstance(when, date) else iso_date(str(when or "")),
    )


_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
_SENTENCE = re.compile(r"^(.+?[.!?…])(?:[\"”’)]*)(?:\s|$)")


def clean_line(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(repair_text(value).split())
    return value or None


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def outlet_name(sitename: str | None) -> str | None:
    """The page's site name, unless it is only a domain name ("example.com"), which names
    no outlet Gainsay could recognise."""
    name = clean_line(sitename)
    if not name or (" " not in name and "." in name):
        return None
    return name[:200]


def iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        found = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    # A date in the future is a page's mistake, not a publication date.
    return found if found <= date.today() + timedelta(days=1) else None


def normalise_url(url: str) -> str | None:
    """An http(s) URL as stored: trimmed, scheme and host lower-cased, the fragment dropped.
    None for anything else (a relative path, javascript:, spaces, over 2,000 characters)."""
    url = url.strip()
    if not url or len(url) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()  # never store credentials
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def text_header(text: str) -> tuple[ArticleMetadata, str]:
    """Metadata a plain text may open with: Gainsay's own article-file header (URL, outlet,
    date and title on the first four lines, "unknown" where not known, then a blank line, as
    in the gold and seed files), or a first line that is nothing but a URL."""
    lines = text.lstrip("\ufeff\n").split("\n", 5)
    if len(lines) >= 5 and not lines[4].strip():
        url, outlet, when, title = (line.strip() for line in lines[:4])
        if (
            (url == "unknown" or _URL_LINE.match(url))
            and (when == "unknown" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", when))
            and 0 < len(outlet) <= 200
            and 0 < len(title) <= 500
        ):
            metadata = ArticleMetadata(
                title=title,
                outlet=None if outlet == "unknown" else outlet,
                url=None if url == "unknown" else url,
                published_on=iso_date(when),
            )
            return metadata, lines[5] if len(lines) > 5 else ""
    first, _, rest = text.lstrip().partition("\n")
    if match := _URL_LINE.match(first):
        return ArticleMetadata(url=match.group(1)), rest
    return ArticleMetadata(), text


def _looks_like_headline(line: str) -> bool:
    """The first line is a headline when it is short (at most 160 characters and 25 words), has
    at least two words, and does not end like a sentence in running text (a full stop, comma,
    semicolon or colon); a question or exclamation mark may end a headline."""
    words = line.split()
    return (
        2 <= len(words) <= 25
        and len(line) <= 160
        and not re.search(r"[.,;:]['\"”’)]*$", line)
        and not re.match(r"^[\"“‘']", line)  # a line that opens with a quotation is text
    )


def split_headline(body: str) -> tuple[str | None, str]:
    """A plain text's headline, taken out of the body: its first line, when that line stands
    alone (a blank line follows) and looks like a headline. The body is the same whether or
    not a title was given, so the same text is recognised however it was labelled."""
    first, _, rest = body.partition("\n\n")
    if rest and "\n" not in first.strip() and _looks_like_headline(first.strip()):
        return first.strip(), rest.lstrip("\n")
    return None, body


def first_sentence(body: str) -> str:
    """The title of a text with no title and no headline: its first sentence, cut at a word
    to 120 characters."""
    first = " ".join(body.split("\n\n", 1)[0].split())
    sentence = _SENTENCE.match(first)
    return truncate(sentence.group(1) if sentence else first, 120)
