"""How much Gainsay imports at once: the one home of the import size limits.

Every way in checks an article against `MAX_IMPORT_BYTES` through `article_too_large` (the
import stages, the browser upload, the API and `gainsay import`), and the request caps below
are what the limits middleware (app/limits.py) and the import routes allow a whole request."""

from app.ingest.importing.results import Refusal, RefusalReason

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # one article, as received
# How much of a file, an upload or an archive entry is read, whatever size it claims: one byte
# past the limit tells that it is over.
READ_AT_MOST = MAX_IMPORT_BYTES + 1
# One browser upload: this many files, this many bytes in all (bigger batches: `gainsay import`).
MAX_UPLOAD_FILES = 50
MAX_UPLOAD_BYTES = 16 * MAX_IMPORT_BYTES
# A form part (a pasted text or a file) may carry an article and its multipart headers.
MAX_UPLOAD_PART_BYTES = MAX_IMPORT_BYTES + 64 * 1024
# One API request: JSON escapes can make text up to six times longer than its UTF-8 bytes
# ("\u00e9"), and the metadata comes with it.
MAX_API_REQUEST_BYTES = 6 * MAX_IMPORT_BYTES + 64 * 1024


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


def article_too_large(size: int, name: str = "", *, unpacked: bool = False) -> Refusal | None:
    """Why an article of `size` bytes is not imported, or None when it is within the limit.
    `unpacked`: the size is what an archive entry unpacked to before reading stopped."""
    if size <= MAX_IMPORT_BYTES:
        return None
    limit = human_size(MAX_IMPORT_BYTES)
    if unpacked:
        message = f"It unpacks to more than {limit}, the most Gainsay imports per article."
    else:
        message = f"It is {human_size(size)}; the most Gainsay imports is {limit} per article."
    return Refusal(RefusalReason.too_large, message, name)


def upload_too_large(size: int) -> str | None:
    """Why a browser upload of `size` bytes in all is refused, or None."""
    if size <= MAX_UPLOAD_BYTES:
        return None
    return (
        f"That upload is {human_size(size)}; the most Gainsay takes at once is "
        f"{human_size(MAX_UPLOAD_BYTES)} (and {human_size(MAX_IMPORT_BYTES)} per article). "
        "Upload fewer files at a time, or use the `gainsay import` command."
    )


def upload_parts_refused() -> str:
    """What a browser upload with a part or file count over the form limits is told."""
    return (
        f"Paste at most {human_size(MAX_IMPORT_BYTES)} of text, and upload at most "
        f"{MAX_UPLOAD_FILES} files at a time."
    )


def api_request_too_large(size: int) -> str | None:
    """Why an API import request of `size` bytes is refused, or None."""
    if size <= MAX_API_REQUEST_BYTES:
        return None
    return (
        f"The request is {human_size(size)}; an article may be at most "
        f"{human_size(MAX_IMPORT_BYTES)} of text."
    )
