"""The prepare stage: received bytes → the article exactly as it will be stored, or a refusal
that says why not. Pure (no database): it runs in the import worker process.

decode (format and encoding) → extract (HTML, Markdown) → repair mis-decoded characters →
metadata (a plain text's header) → clean (page furniture, paragraphs) → title, URL, outlet.
"""

import re
import unicodedata
from pathlib import Path

from app.ingest.importing.clean import drop_page_furniture, normalise_paragraphs
from app.ingest.importing.decode import article_format, decode, unsupported
from app.ingest.importing.extract import extract_html, extract_markdown
from app.ingest.importing.limits import article_too_large
from app.ingest.importing.metadata import (
    clean_line,
    first_sentence,
    normalise_url,
    split_headline,
    text_header,
    truncate,
)
from app.ingest.importing.results import ArticleMetadata, PreparedArticle, Refusal, RefusalReason
from app.ingest.text import content_hash, repair_text

TITLE_MAX = 200
# Suggestions are made for the first 300,000 characters (50,000 words; a long news article
# has 2,000): the engine takes about 2 s for that much, so a huge text cannot stall the batch.
MAX_SUGGEST_CHARS = 300_000


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
    if (too_large := article_too_large(len(raw))) is not None:
        return too_large
    if not raw.strip():
        return Refusal(RefusalReason.empty, "It is empty.")
    kind = article_format(filename, raw[:256])
    if kind is None:
        return Refusal(RefusalReason.unsupported, unsupported(Path(name).suffix.lower()))
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
        page, text = text_header(text)
    text, dropped = drop_page_furniture(text)
    if dropped:
        notes.append(f"dropped {dropped} line{'s' if dropped != 1 else ''} of page furniture")
    body = normalise_paragraphs(text)
    if not re.search(r"\w", body):
        return Refusal(RefusalReason.empty, "No article text is left once markup is removed.")

    given_title = clean_line(given.title)
    title = given_title or page.title or heading
    if kind != "html" or not title:
        headline, body = split_headline(body)
        title = title or headline
    if title:
        # A page's own headline repeated at the top of the text is not article text.
        first, _, rest = body.partition("\n\n")
        if rest and " ".join(first.split()).casefold() == title.casefold():
            body = rest
    else:
        title = first_sentence(body)
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
    outlet = clean_line(given.outlet) or page.outlet
    return PreparedArticle(
        # A title someone typed is kept whole (the forms and the API cap it at 500 characters,
        # as the column does); one taken from the text or the page is shortened.
        title=title if title == given_title else truncate(title, TITLE_MAX),
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


def suggestable(body: str) -> str:
    """The part of the body the suggestion engine reads: all of any news article, but no more
    than MAX_SUGGEST_CHARS (cut at a paragraph), so that one huge text cannot hold the
    database's write lock for long. Offsets in the part are offsets in the body."""
    if len(body) <= MAX_SUGGEST_CHARS:
        return body
    cut = body.rfind("\n\n", 0, MAX_SUGGEST_CHARS)
    return body[: cut if cut > 0 else MAX_SUGGEST_CHARS]


def suggestion_coverage_note(body: str) -> str | None:
    """For the person importing: the suggestions stop short of a huge text's end."""
    if len(body) <= MAX_SUGGEST_CHARS:
        return None
    return f"suggestions cover the first {MAX_SUGGEST_CHARS:,} characters only"
