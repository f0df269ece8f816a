"""What the import stages hand on: the article as it will be stored, or a refusal that says why
not, and the outcome of storing it."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


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
