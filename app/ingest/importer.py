"""Importing articles: received bytes → clean article text → a stored Article with suggestions.

Two steps, so that every way in (the import page, `POST /api/articles`, `gainsay import`)
behaves the same:

* `prepare(raw, filename, metadata)` is pure: it checks the size, decodes, extracts the text
  (HTML through trafilatura, Markdown stripped of markup, plain text as it is), repairs
  mis-decoded characters, drops page furniture, finds a title, and returns a
  `PreparedArticle` or a `Refusal` that says why not.
* `import_article(session, prepared, user_id)` recognises an article that is already present
  (same URL or same text), else stores the article, its outlet and its claim suggestions inside
  one SAVEPOINT: a failure leaves nothing of that article behind and the batch goes on.

`iter_sources(paths)` reads files, folders and zip archives for the command line (without
extracting anything to disk), and `run_import` drives a whole batch, one transaction per article.
"""

import codecs
import logging
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from sqlalchemy import Engine, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.ingest.suggest import ActorDirectory, KnownActor, Suggestion, suggest_claims
from app.ingest.text import content_hash, repair_text
from app.models import Actor, ActorAlias, Article, ClaimSuggestion, utcnow
from app.slugs import slugify
from app.vocabulary import ActorKind, ChangeAction

log = logging.getLogger("gainsay.import")

# --- Limits ----------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # one article, as received
MAX_ZIP_ENTRIES = 2_000
# What a zip may unpack to in all (a zip bomb claims little and unpacks to a lot).
MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024
# Control characters (other than tab, line breaks and form feed) that text may hold before
# it is taken for binary: a stray one is noise, many are a binary file.
MAX_CONTROL_SHARE = 0.01
# Suggestions are made for the first 300,000 characters (50,000 words; a long news article
# has 2,000): the engine takes about 2 s for that much, so a huge text cannot stall the batch.
MAX_SUGGEST_CHARS = 300_000
TITLE_MAX = 200
STATEMENT_MAX = 200

HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
IMPORTABLE_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
ACCEPT_ATTRIBUTE = ".txt,.md,.html,.htm"


def _unsupported(suffix: str) -> str:
    return f"Gainsay imports .txt, .md and .html files, not {suffix or 'files without a suffix'}."


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


# --- Results ---------------------------------------------------------------------------------


class RefusalReason(StrEnum):
    too_large = "too_large"
    empty = "empty"
    binary = "binary"
    encoding = "encoding"
    unsupported = "unsupported"
    no_text = "no_text"
    bad_metadata = "bad_metadata"
    unsafe_path = "unsafe_path"
    archive = "archive"
    failed = "failed"
    too_slow = "too_slow"  # extraction and suggestions ran past the time budget


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: RefusalReason
    message: str
    name: str = ""

    @property
    def status_code(self) -> int:
        return 413 if self.reason == RefusalReason.too_large else 422


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What the person importing says about the article; it wins over the page's own."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_on: date | None = None


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    title: str
    # The body exactly as it will be stored: claim anchors are offsets into it.
    body: str
    content_hash: str
    url: str | None
    outlet: str | None
    published_on: date | None
    origin: str
    name: str = ""
    # What cleaning did, for the person importing ("dropped 2 lines of page furniture").
    notes: tuple[str, ...] = ()


class ImportStatus(StrEnum):
    imported = "imported"
    duplicate = "duplicate"
    refused = "refused"


@dataclass(frozen=True, slots=True)
class ImportResult:
    name: str
    status: ImportStatus
    message: str = ""
    article_id: int | None = None
    title: str = ""
    slug: str = ""
    suggestion_count: int = 0
    reason: str = ""  # a RefusalReason for refusals; "url" or "text" for duplicates
    notes: tuple[str, ...] = ()

    @classmethod
    def refused(cls, refusal: Refusal) -> "ImportResult":
        return cls(refusal.name, ImportStatus.refused, refusal.message, reason=refusal.reason)


# --- Decoding --------------------------------------------------------------------------------

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


# --- Page furniture ----------------------------------------------------------------------------

# Whole lines that are never article text: sharing buttons, ads, navigation and teasers.
# Compared without case, surrounding spaces or a trailing colon.
FURNITURE_LINES = frozenset(
    line.casefold()
    for line in (
        "Share", "Share this", "Share this article", "Share this story", "Share on Facebook",
        "Share on Twitter", "Share on X", "Share via email", "Tweet", "Email", "Print",
        "Copy link", "Facebook", "Twitter", "WhatsApp", "LinkedIn", "Reddit", "Comments",
        "Advertisement", "Advertisements", "Sponsored", "Sponsored content", "Ad",
        "Skip advertisement", "Skip to content", "Skip to main content", "Back to top",
        "Related", "Related articles", "Related stories", "Related content", "Related topics",
        "Read more", "More on this story", "Recommended", "Most read", "Most popular",
        "Continue reading", "Listen to this article", "Subscribe", "Sign up", "Newsletter",
        "Leave a comment", "Show comments", "Hide caption", "Toggle caption",
        "Enlarge this image", "Image", "Photo", "Video",
    )
)  # fmt: skip
# "Related: Kerry wants …", "Read more: …": a teaser for another story.
_TEASER = re.compile(
    r"^(?:related|read more|read also|also read|see also|more from \w+|watch)\s*:\s*\S.{0,200}$",
    re.IGNORECASE,
)
# Picture credits: "Photo: Jane Doe/AFP", "(Image: Reuters)", "Photograph by …".
_PHOTO_CREDIT = re.compile(
    r"^\(?(?:photo(?:graph)?s?|image|picture|pictured|video|graphic|illustration|credit|"
    r"file photo)(?:\s+credit)?\s*(?::|by\b)\s*.{0,150}\)?$",
    re.IGNORECASE,
)
# A line that is nothing but an agency credit: "AFP", "Reuters/John Smith", "AFP via Getty
# Images", "AP Photo/Hussein Malla", "EPA-EFE".
_AGENCIES = (
    r"AFP|Reuters|AP|AP Photo|Associated Press|EPA|EPA-EFE|Getty Images|Getty|Anadolu|"
    r"Anadolu Agency|Xinhua|Shutterstock|Alamy|PA|PA Images|PA Wire|Bloomberg|SIPA|TASS|SANA"
)
_AGENCY_CREDIT = re.compile(
    rf"^\(?(?:{_AGENCIES})(?:\s*(?:/|via|-|–|\|)\s*[\w .,'’&/-]{{1,60}})?\)?$", re.IGNORECASE
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s).{0,200}$", re.IGNORECASE)
# Page numbers and share counters left from a page: "202", "3/12", "1 of 4".
_COUNTER = re.compile(r"^[\d\s/.,:|-]{1,12}$|^\d+\s+of\s+\d+$", re.IGNORECASE)


def _is_credit(line: str) -> bool:
    return bool(_AGENCY_CREDIT.match(line) or _PHOTO_CREDIT.match(line))


def _is_furniture(line: str) -> bool:
    text = line.strip()
    return (
        text.casefold().rstrip(":").strip() in FURNITURE_LINES
        or bool(_TEASER.match(text))
        or _is_credit(text)
        or bool(_COPYRIGHT.match(text))
        or bool(_COUNTER.match(text))
    )


def drop_page_furniture(text: str) -> tuple[str, int]:
    """Drop whole lines that are obviously not article text (see the patterns above); a photo
    caption directly followed by its credit line goes with it, and so does any repeat of that
    caption elsewhere. Returns the text and how many lines went."""
    lines = text.split("\n")
    drop = [False] * len(lines)
    captions: set[str] = set()
    for i, line in enumerate(lines):
        if not line.strip() or not _is_furniture(line):
            continue
        drop[i] = True
        previous = lines[i - 1].strip() if i else ""
        if _is_credit(line.strip()) and previous and not _is_furniture(previous):
            # "A man walks past the ruins on Tuesday.\nAFP": the caption goes too.
            drop[i - 1] = True
            captions.add(previous)
    for i, line in enumerate(lines):
        if line.strip() in captions:
            drop[i] = True
    kept = [line for i, line in enumerate(lines) if not drop[i]]
    return "\n".join(kept), sum(drop)


# --- Extraction ------------------------------------------------------------------------------

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
            title=_clean_line(document.title),
            outlet=_outlet_name(document.sitename),
            url=document.url or None,
            published_on=_iso_date(document.date),
        )
    # trafilatura writes one block (paragraph, heading, list item) per line, list items
    # with a "- " marker that is not the page's text.
    blocks = (_LIST_ITEM.sub("", line.strip()) for line in text.split("\n") if line.strip())
    return "\n\n".join(blocks), metadata, notes


# A YAML front matter gives a few short fields; more than this is not metadata.
MAX_FRONT_MATTER_CHARS = 4_000
MAX_FRONT_MATTER_DEPTH = 8
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
            found = _front_matter(text[start : closing.start()])
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
    return text, metadata, _clean_line(title)


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


def _front_matter(source: str) -> ArticleMetadata | Refusal:
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
        title=_clean_line(str(first("title") or "")),
        outlet=_clean_line(str(first("outlet", "publisher", "source", "site") or "")),
        url=str(first("url", "link", "source_url") or "") or None,
        published_on=when if isinstance(when, date) else _iso_date(str(when or "")),
    )


# --- Titles, URLs, dates -----------------------------------------------------------------------

_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
_SENTENCE = re.compile(r"^(.+?[.!?…])(?:[\"”’)]*)(?:\s|$)")


def _clean_line(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(repair_text(value).split())
    return value or None


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _outlet_name(sitename: str | None) -> str | None:
    """The page's site name, unless it is only a domain name ("example.com"), which names
    no outlet Gainsay could recognise."""
    name = _clean_line(sitename)
    if not name or (" " not in name and "." in name):
        return None
    return name[:200]


def _iso_date(value: str | None) -> date | None:
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


def _text_header(text: str) -> tuple[ArticleMetadata, str]:
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
                published_on=_iso_date(when),
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


def _headline(body: str) -> tuple[str | None, str]:
    """A plain text's headline, taken out of the body: its first line, when that line stands
    alone (a blank line follows) and looks like a headline. The body is the same whether or
    not a title was given, so the same text is recognised however it was labelled."""
    first, _, rest = body.partition("\n\n")
    if rest and "\n" not in first.strip() and _looks_like_headline(first.strip()):
        return first.strip(), rest.lstrip("\n")
    return None, body


def _first_sentence(body: str) -> str:
    """The title of a text with no title and no headline: its first sentence, cut at a word
    to 120 characters."""
    first = " ".join(body.split("\n\n", 1)[0].split())
    sentence = _SENTENCE.match(first)
    return _truncate(sentence.group(1) if sentence else first, 120)


# --- Paragraphs ---------------------------------------------------------------------------------

# "(?<!…)": from the first space of a run only (from each, a long run was quadratic).
_TRAILING_SPACE = re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]+\n")
_BLANKS = re.compile(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*")


def normalise_paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces.

    Hard-wrapped text (lines of at most 100 characters, most of those followed by another line
    ending mid-sentence) is unwrapped, so that no sentence is split by a line break. Otherwise a
    text without any blank line gets one paragraph per line, and other single line breaks stay
    as they are (a caption above its credit line)."""
    text = text.replace("\t", " ")
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    text = _BLANKS.sub("\n\n", text).strip("\n")
    if not text:
        return ""
    blocks = [block.split("\n") for block in text.split("\n\n")]
    inner = [line.strip() for lines in blocks for line in lines[:-1]]
    longest = max(len(line) for lines in blocks for line in lines)
    mid_sentence = sum(1 for line in inner if not _ENDS_SENTENCE.search(line))
    if len(inner) >= 3 and longest <= 100 and mid_sentence * 2 >= len(inner):
        return "\n\n".join(" ".join(line.strip() for line in lines) for lines in blocks)
    if len(blocks) == 1:
        return "\n\n".join(line.strip() for line in blocks[0] if line.strip())
    return "\n\n".join("\n".join(lines).strip(" ") for lines in blocks)


_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"”’)\]]*$")


# --- prepare -----------------------------------------------------------------------------------


def _kind(filename: str | None, text_start: bytes) -> str | None:
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES or not suffix:
        # A web page saved as .txt is still a web page.
        head = text_start.lstrip()[:64].lower()
        return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
    return None


def prepare(
    raw: bytes,
    filename: str | None = None,
    metadata: ArticleMetadata | None = None,
    *,
    origin: str = "",
) -> PreparedArticle | Refusal:
    """Received bytes → the article as it will be stored, or why it cannot be."""
    name = filename or "pasted text"
    prepared = _prepare(raw, filename, metadata or ArticleMetadata(), origin or f"upload:{name}")
    if isinstance(prepared, Refusal):
        return Refusal(prepared.reason, prepared.message, name)
    return prepared


def _prepare(
    raw: bytes, filename: str | None, given: ArticleMetadata, origin: str
) -> PreparedArticle | Refusal:
    name = filename or "pasted text"
    if len(raw) > MAX_IMPORT_BYTES:
        return Refusal(
            RefusalReason.too_large,
            f"It is {human_size(len(raw))}; the most Gainsay imports is "
            f"{human_size(MAX_IMPORT_BYTES)} per article.",
        )
    if not raw.strip():
        return Refusal(RefusalReason.empty, "It is empty.")
    kind = _kind(filename, raw[:256])
    if kind is None:
        suffix = Path(name).suffix.lower()
        return Refusal(
            RefusalReason.unsupported,
            _unsupported(suffix),
        )
    text = decode(raw, html=kind == "html")
    if isinstance(text, Refusal):
        return text
    notes: list[str] = []
    page = ArticleMetadata()
    heading = None
    if kind == "html":
        extracted = extract_html(text)
        if isinstance(extracted, Refusal):
            return extracted
        text, page, html_notes = extracted
        notes += html_notes
    elif kind == "markdown":
        markdown = extract_markdown(text)
        if isinstance(markdown, Refusal):
            return markdown
        text, page, heading = markdown
    repaired = repair_text(text)
    if repaired != text:
        notes.append("repaired mis-decoded characters")
    text = unicodedata.normalize("NFC", repaired) if _has_decomposed(repaired) else repaired
    if kind == "text":
        page, text = _text_header(text)
    text, dropped = drop_page_furniture(text)
    if dropped:
        notes.append(f"dropped {dropped} line{'s' if dropped != 1 else ''} of page furniture")
    body = normalise_paragraphs(text)
    if not re.search(r"\w", body):
        return Refusal(RefusalReason.empty, "No article text is left once markup is removed.")

    given_title = _clean_line(given.title)
    title = given_title or page.title or heading
    if kind != "html" or not title:
        headline, body = _headline(body)
        title = title or headline
    if title:
        # A page's own headline repeated at the top of the text is not article text.
        first, _, rest = body.partition("\n\n")
        if rest and " ".join(first.split()).casefold() == title.casefold():
            body = rest
    else:
        title = _first_sentence(body)
    if not re.search(r"\w", body):
        return Refusal(RefusalReason.empty, "There is a title but no article text.")

    url = None
    if given.url:
        url = normalise_url(given.url)
        if url is None:
            return Refusal(
                RefusalReason.bad_metadata,
                "The URL must be a web address starting with http:// or https://.",
            )
    elif page.url:
        url = normalise_url(page.url)
    outlet = _clean_line(given.outlet) or page.outlet
    return PreparedArticle(
        # A title someone typed is kept whole (the forms and the API cap it at 500 characters,
        # as the column does); one taken from the text or the page is shortened.
        title=title if title == given_title else _truncate(title, TITLE_MAX),
        body=body,
        content_hash=content_hash(body),
        url=url,
        outlet=outlet[:200] if outlet else None,
        published_on=given.published_on or page.published_on,
        origin=origin[:500],
        name=name,
        notes=tuple(notes),
    )


def _has_decomposed(text: str) -> bool:
    # Combining marks (decomposed accents) are rare; NFC only runs when there are some.
    return any(unicodedata.combining(ch) for ch in text if ord(ch) >= 0x300)


# --- Storing -------------------------------------------------------------------------------------


def load_directory(session: Session) -> ActorDirectory:
    """Every actor with its aliases, as the suggestion engine looks them up."""
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in session.execute(select(ActorAlias.actor_id, ActorAlias.alias)):
        aliases.setdefault(actor_id, []).append(alias)
    rows = session.execute(select(Actor.id, Actor.name, Actor.kind, Actor.parent_id)).all()
    return ActorDirectory(
        (actor_id, name, kind, aliases.get(actor_id, ()), parent_id)
        for actor_id, name, kind, parent_id in rows
    )


def find_existing(session: Session, prepared: PreparedArticle) -> tuple[Article, str] | None:
    """The stored article with the same URL or the same text, and which matched."""
    condition = Article.content_hash == prepared.content_hash
    if prepared.url:
        condition = or_(condition, Article.url == prepared.url)
    found = session.execute(select(Article).where(condition).limit(2)).scalars().all()
    for article in found:
        if prepared.url and article.url == prepared.url:
            return article, "url"
    return (found[0], "text") if found else None


def _duplicate(prepared: PreparedArticle, article: Article, matched: str) -> ImportResult:
    why = "the same URL" if matched == "url" else "the same text"
    return ImportResult(
        prepared.name,
        ImportStatus.duplicate,
        f"Already present as “{article.title}” ({why}); nothing was changed.",
        article_id=article.id,
        title=article.title,
        slug=article.slug,
        reason=matched,
    )


def _cue_follows(after: str, cue: str) -> bool:
    """ "…, Vask told state television." / "… the ministry also said.": the cue is one of the
    two words after the speaker, and no sentence or quotation starts after it."""
    words = after.lstrip(" ,").split()[:2]
    rest = after.rstrip(" .!")
    return cue in (w.casefold().strip(",.!;:") for w in words) and not any(
        mark in rest for mark in '.“”"'
    )


def _without_attribution(clause: str, speaker: str, cue: str) -> str:
    """The quote without its attribution: "…, <speaker> <cue> …." or "…, <cue> <speaker>." at
    its end, "<speaker> <cue> (that)" at its start. Plain string search: the speakers and cues
    vary too much to compile a pattern for each suggestion."""
    lower, who, cue = clause.casefold(), speaker.casefold(), cue.casefold()
    at = lower.rfind(who)
    if at > 0 and _cue_follows(clause[at + len(who) :], cue):
        return clause[:at]
    at = lower.rfind(f"{cue} {who}")
    if at > 0 and not any(mark in clause[at:].rstrip(" .!") for mark in '.“”"'):
        return clause[:at]
    if lower.startswith(who):
        words = clause[len(who) :].split()
        for skip in (0, 1):  # "X said that …", "X also said …"
            if len(words) > skip + 1 and words[skip].casefold() == cue:
                kept = words[skip + 1 :]
                # "said on Tuesday that …": the clause starts after "that".
                that = [i for i, w in enumerate(kept[:4]) if w.casefold() == "that"]
                return " ".join(kept[that[0] + 1 :] if that else kept)
    return clause


# Reporting verbs that only attribute: cut from a statement, they lose nothing ("denied",
# "accused" carry the claim and stay).
NEUTRAL_CUES = frozenset(
    (
        "said", "says", "say", "saying", "told", "tells", "added", "adds", "stated", "states",
        "noted", "notes", "explained", "wrote", "writes", "reported", "reports", "announced",
        "announces", "insisted", "insists", "maintained", "argued", "declared", "warned",
        "according",
    )
)  # fmt: skip


def statement_for(suggestion: Suggestion) -> str:
    """A one-line statement to start from: "<Speaker>: <clause>", the quote without its
    attribution ("…, the ministry said.") and outer quotation marks, at most 200 characters."""
    clause = " ".join(suggestion.quote.split())
    speaker = suggestion.claimant_name or suggestion.claimant_text
    cue = suggestion.cue.split()[0].casefold() if suggestion.cue else ""
    if cue in NEUTRAL_CUES and suggestion.claimant_text:
        trimmed = _without_attribution(clause, suggestion.claimant_text, suggestion.cue)
        trimmed = trimmed.rstrip(" ,;:“”\"‘’'").rstrip(" ,")
        if len(trimmed.split()) >= 3:
            clause = trimmed
    clause = clause.strip(" “”\"‘’'").rstrip(" ,;:.")
    if clause:
        clause = clause[0].upper() + clause[1:]
    text = f"{speaker}: {clause}" if speaker else clause
    return _truncate(text, STATEMENT_MAX)


def store_suggestions(session: Session, article_id: int, suggestions: list[Suggestion]) -> int:
    """Insert the engine's suggestions for one article (one multi-row INSERT)."""
    now = utcnow()
    rows = []
    for position, s in enumerate(suggestions):
        if not s.quote or s.anchor.end <= s.anchor.start:
            continue
        rows.append(
            {
                "article_id": article_id,
                "position": position,
                "kind": str(s.kind),
                "statement": statement_for(s),
                "quote": s.quote,
                "quote_start": s.anchor.start,
                "quote_end": s.anchor.end,
                "claimant_id": s.claimant_id,
                "speaker_text": (s.claimant_name or s.claimant_text)[:300],
                "figures": [
                    {
                        "low": f.low,
                        "high": f.high,
                        "qualifier": f.qualifier,
                        "counts": str(f.counts),
                        "text": f.text,
                    }
                    for f in s.figures
                ],
                "links": [{"kind": str(link.kind), "target": link.target} for link in s.links],
                "reported_via": list(s.reported_via),
                "status": "pending",
                "created_at": now,
            }
        )
    if rows:
        session.execute(insert(ClaimSuggestion), rows)
    return len(rows)


def _outlet(
    session: Session, name: str | None, directory: ActorDirectory, user_id: int | None
) -> tuple[int | None, KnownActor | None]:
    """The outlet's actor id: a known actor of that name or alias, else a new media actor
    (recorded in the history like any actor). Returns the id and the new actor, if any."""
    if not name:
        return None, None
    known = directory.lookup(name)
    if known is not None and known.id is not None:
        return known.id, None
    from app.schemas import ActorCreate
    from app.services.edit import InvalidInput
    from app.services.edit.actors import create_actor, find_actor_by_name

    found = find_actor_by_name(session, name)
    if found is not None:
        return found.id, None
    try:
        actor = create_actor(session, ActorCreate(name=name, kind=ActorKind.media), user_id)
    except (ValueError, InvalidInput):  # a name the actor rules refuse: leave the outlet unknown
        return None, None
    return actor.id, KnownActor(actor.id, actor.name, actor.kind)


def suggestable(body: str) -> str:
    """The part of the body the suggestion engine reads: all of any news article, but no more
    than MAX_SUGGEST_CHARS (cut at a paragraph), so that one huge text cannot hold the
    database's write lock for long. Offsets in the part are offsets in the body."""
    if len(body) <= MAX_SUGGEST_CHARS:
        return body
    cut = body.rfind("\n\n", 0, MAX_SUGGEST_CHARS)
    return body[: cut if cut > 0 else MAX_SUGGEST_CHARS]


def import_article(
    session: Session,
    prepared: PreparedArticle,
    user_id: int | None,
    directory: ActorDirectory | None = None,
    suggestions: Sequence[Suggestion] | None = None,
) -> ImportResult:
    """Store one prepared article with its suggestions, inside a SAVEPOINT: on any failure
    nothing of it is left and the exception propagates. An article already present (same URL
    or same text) is reported, never duplicated or overwritten. `directory` is the batch's
    actor directory (loaded from the database when not given); new outlets are added to it.
    `suggestions` were made beforehand, in a worker process (app/ingest/worker.py); without
    them the engine runs here."""
    from app.services import history
    from app.services.cross_links import propose_cross_links

    if (existing := find_existing(session, prepared)) is not None:
        return _duplicate(prepared, *existing)
    directory = directory if directory is not None else load_directory(session)
    try:
        with session.begin_nested():
            outlet_id, new_outlet = _outlet(session, prepared.outlet, directory, user_id)
            article = Article(
                url=prepared.url,
                outlet_id=outlet_id,
                title=prepared.title,
                slug=slugify(prepared.title),
                published_on=prepared.published_on,
                body=prepared.body,
                content_hash=prepared.content_hash,
                origin=prepared.origin,
            )
            session.add(article)
            session.flush()
            if suggestions is None:
                suggestions = suggest_claims(
                    suggestable(prepared.body), directory, publisher=prepared.outlet
                )
            count = store_suggestions(session, article.id, list(suggestions))
            propose_cross_links(session, article.id)
            history.record(
                session,
                "article",
                article.id,
                ChangeAction.create,
                user_id,
                None,
                {
                    "id": article.id,
                    "title": article.title,
                    "url": article.url,
                    "outlet_id": outlet_id,
                    "published_on": article.published_on,
                    "content_hash": article.content_hash,
                    "origin": article.origin,
                    "suggestions": count,
                },
            )
    except IntegrityError:
        # Another writer stored the same URL or text between the check and the insert.
        if (existing := find_existing(session, prepared)) is not None:
            return _duplicate(prepared, *existing)
        raise
    if new_outlet is not None:
        directory.add(new_outlet)
    plural = "s" if count != 1 else ""
    notes = prepared.notes
    if len(prepared.body) > MAX_SUGGEST_CHARS:
        notes += (f"suggestions cover the first {MAX_SUGGEST_CHARS:,} characters only",)
    return ImportResult(
        prepared.name,
        ImportStatus.imported,
        f"Imported with {count} suggested claim{plural}.",
        article_id=article.id,
        title=article.title,
        slug=article.slug,
        suggestion_count=count,
        notes=notes,
    )


def import_prepared(
    session: Session,
    item: PreparedArticle | Refusal,
    user_id: int | None,
    directory: ActorDirectory,
    suggestions: Sequence[Suggestion] | None = None,
) -> ImportResult:
    """One item of a batch: a refusal is reported; an article that fails to store is
    reported as refused (and logged) without stopping the batch."""
    if isinstance(item, Refusal):
        return ImportResult.refused(item)
    try:
        return import_article(session, item, user_id, directory, suggestions)
    except Exception:  # one broken article must not abort the rest of the batch
        log.exception("importing %s failed", item.name)
        return ImportResult(
            item.name,
            ImportStatus.refused,
            "It could not be stored because of an error on Gainsay's side (logged); "
            "nothing of it was kept.",
            reason=RefusalReason.failed,
        )


# --- Files, folders and zip archives -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One file to import, read only when its turn comes."""

    name: str
    read: Callable[[], bytes | Refusal]


def _read_file(path: Path) -> bytes | Refusal:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        return Refusal(RefusalReason.failed, f"It could not be read: {error.strerror or error}.")
    if len(data) > MAX_IMPORT_BYTES:
        size = path.stat().st_size
        return Refusal(
            RefusalReason.too_large,
            f"It is {human_size(size)}; the most Gainsay imports is "
            f"{human_size(MAX_IMPORT_BYTES)} per article.",
        )
    return data


def _unsafe_member(name: str) -> bool:
    """A zip entry whose path is absolute or climbs out of the archive ("../x", "C:\\x")."""
    if not name or "\x00" in name or name.startswith(("/", "\\")):
        return True
    if re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[\\/]", name)


def _zip_sources(path: Path, label: str) -> Iterator[Source | Refusal]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield Refusal(RefusalReason.archive, f"It is not a readable zip archive ({error}).", label)
        return
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        archive.close()
        yield Refusal(
            RefusalReason.archive,
            f"The archive has {len(infos):,} entries; the most Gainsay reads is "
            f"{MAX_ZIP_ENTRIES:,}. Split it into smaller archives.",
            label,
        )
        return
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        archive.close()
        yield Refusal(
            RefusalReason.archive,
            f"The archive would unpack to {human_size(total)}; the most Gainsay reads is "
            f"{human_size(MAX_ZIP_TOTAL_BYTES)} (is it a zip bomb?). Nothing was read from it.",
            label,
        )
        return
    for info in infos:
        name = f"{label}/{info.filename}"
        if info.is_dir():
            continue
        if _unsafe_member(info.filename):
            yield Refusal(
                RefusalReason.unsafe_path,
                "Its path is absolute or leads out of the archive's folder; it was not read.",
                name,
            )
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            yield Refusal(RefusalReason.unsafe_path, "It is a symbolic link; not followed.", name)
            continue
        suffix = PurePosixPath(info.filename.replace("\\", "/")).suffix.lower()
        basename = PurePosixPath(info.filename.replace("\\", "/")).name
        if basename.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue  # hidden files and the Finder's resource forks are not articles
        if suffix == ".zip":
            yield Refusal(
                RefusalReason.archive, "Archives inside archives are not read; unpack it.", name
            )
            continue
        if suffix not in IMPORTABLE_SUFFIXES:
            yield Refusal(
                RefusalReason.unsupported,
                _unsupported(suffix),
                name,
            )
            continue
        if info.flag_bits & 0x1:
            yield Refusal(RefusalReason.archive, "It is encrypted; it was not read.", name)
            continue
        if info.file_size > MAX_IMPORT_BYTES:
            yield Refusal(
                RefusalReason.too_large,
                f"It is {human_size(info.file_size)}; the most Gainsay imports is "
                f"{human_size(MAX_IMPORT_BYTES)} per article.",
                name,
            )
            continue
        yield Source(name, _zip_reader(archive, info))


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes | Refusal]:
    def read() -> bytes | Refusal:
        try:
            with archive.open(info) as member:
                # Never trust the declared size: read one byte past the limit at most.
                data = member.read(MAX_IMPORT_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            return Refusal(RefusalReason.archive, f"It could not be unpacked ({error}).")
        if len(data) > MAX_IMPORT_BYTES:
            return Refusal(
                RefusalReason.too_large,
                f"It unpacks to more than {human_size(MAX_IMPORT_BYTES)}, the most Gainsay "
                "imports per article.",
            )
        return data

    return read


def _folder_sources(root: Path) -> Iterator[Source | Refusal]:
    resolved_root = root.resolve()
    for folder, subfolders, files in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for filename in sorted(files):
            path = Path(folder) / filename
            if filename.startswith("."):
                continue
            suffix = path.suffix.lower()
            if suffix not in IMPORTABLE_SUFFIXES and suffix != ".zip":
                continue  # a folder's other files (images, notes) are not articles
            if path.is_symlink() and not path.resolve().is_relative_to(resolved_root):
                yield Refusal(
                    RefusalReason.unsafe_path,
                    "It is a link to a file outside the folder; not followed.",
                    str(path),
                )
                continue
            if suffix == ".zip":
                yield from _zip_sources(path, str(path))
            else:
                yield Source(str(path), lambda path=path: _read_file(path))


def iter_sources(paths: Iterable[Path]) -> Iterator[Source | Refusal]:
    """Every importable file under `paths`: files as given, folders recursively (by suffix,
    hidden files skipped) and zip archives read in memory, entry by entry."""
    for path in paths:
        label = str(path)
        if path.is_dir():
            yield from _folder_sources(path)
        elif not path.exists():
            yield Refusal(RefusalReason.failed, "There is no such file or folder.", label)
        elif path.suffix.lower() == ".zip":
            yield from _zip_sources(path, label)
        elif path.suffix.lower() not in IMPORTABLE_SUFFIXES:
            yield Refusal(
                RefusalReason.unsupported,
                f"Gainsay imports .txt, .md, .html files and .zip archives, not "
                f"{path.suffix or 'files without a suffix'}.",
                label,
            )
        else:
            yield Source(label, lambda path=path: _read_file(path))


def prepare_source(source: Source | Refusal) -> PreparedArticle | Refusal:
    if isinstance(source, Refusal):
        return source
    raw = source.read()
    if isinstance(raw, Refusal):
        return Refusal(raw.reason, raw.message, source.name)
    return prepare(raw, source.name, origin=f"file:{Path(source.name).name}")


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)

    def count(self, status: ImportStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def imported(self) -> int:
        return self.count(ImportStatus.imported)

    @property
    def duplicates(self) -> int:
        return self.count(ImportStatus.duplicate)

    @property
    def refused(self) -> int:
        return self.count(ImportStatus.refused)


def run_import(
    engine: Engine,
    sources: Iterable[Source | Refusal],
    *,
    user_id: int | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
) -> ImportSummary:
    """Import a batch, one transaction per article (each commits on its own, so an interrupted
    batch keeps what it finished and nothing half-done). The actor directory is loaded once and
    grows with the outlets the batch creates."""
    from app.db import write_session

    summary = ImportSummary()
    with Session(engine) as session:
        directory = load_directory(session)
    for source in sources:
        item = prepare_source(source)
        if isinstance(item, Refusal):
            result = ImportResult.refused(item)
        else:
            with write_session(engine) as session:
                result = import_prepared(session, item, user_id, directory)
                session.commit()
        summary.results.append(result)
        if on_result is not None:
            on_result(result)
    return summary
