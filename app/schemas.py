"""What the JSON API and the forms accept: request shapes that trim and check their text."""

import re
from datetime import date
from typing import Annotated, Any, Self

from annotated_types import MinLen
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.models import MAX_ID
from app.vocabulary import (
    ActorKind,
    ClaimKind,
    DenialType,
    DisputeStatus,
    FigureCounts,
    Grade,
    LinkKind,
    NoteVisibility,
)

Id = Field(ge=1, le=MAX_ID)
# An id inside a list: past MAX_ID the database cannot even bind it in a query (a 500).
IdItem = Annotated[int, Field(ge=1, le=MAX_ID)]


TRIMMED = (
    "Lengths are checked on the text as sent; the text is then trimmed of surrounding "
    "whitespace, and what remains must still be as long as the minimum."
)


def _note_trimming(schema: dict[str, Any]) -> None:
    """Say in each request schema what JSON Schema cannot: lengths apply to trimmed text."""
    described = schema.get("description")
    schema["description"] = f"{described}\n\n{TRIMMED}" if described else TRIMMED


def _strip(value: Any) -> Any:
    if type(value) is str:  # text, not a vocabulary's StrEnum member
        return value.strip()
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    return isinstance(value, list) and any(_has_nul(item) for item in value)


class Input(BaseModel):
    """Unknown fields are refused, and text is trimmed after it is checked.

    The schema's maxLength holds for the text as sent (trimming first let a 2,001-character
    value with a leading space through a 2,000 limit); a minimum holds for the trimmed text
    too, so that blanks never stand in for words."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_note_trimming)

    @field_validator("*", mode="after")
    @classmethod
    def _trim(cls, value: Any, info: ValidationInfo) -> Any:
        if _has_nul(value):
            # PostgreSQL cannot store it in text (SQLite can): refused alike on both engines.
            raise ValueError("Text may not contain the NUL character (U+0000)")
        trimmed = _strip(value)
        if type(trimmed) is str and trimmed != value:
            assert info.field_name is not None  # a field validator always has its field
            field = cls.model_fields[info.field_name]
            least = next((m.min_length for m in field.metadata if isinstance(m, MinLen)), 0)
            if len(trimmed) < least:
                raise ValueError(
                    f"String should have at least {least} character{'s' if least > 1 else ''} "
                    "besides surrounding spaces"
                )
        return trimmed


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _no_timestamps(value: Any) -> Any:
    """A date is an ISO 8601 text ("2019-07-22"), as the schema's `format: date` says; a number,
    or a text of digits, is refused (pydantic would read 0 as a Unix time: 1970-01-01)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_no_timestamps)]


class FigureIn(Input):
    low: int = Field(ge=0, le=10**12, description="The number, or the low end of a range")
    high: int | None = Field(default=None, ge=0, le=10**12, description="The high end of a range")
    qualifier: str = Field(default="", max_length=30, description='"at least", "nearly", …')
    counts: FigureCounts
    text: str = Field(default="", max_length=200, description="The words as written")

    @model_validator(mode="after")
    def _range(self) -> "FigureIn":
        if self.high is not None and self.high < self.low:
            raise ValueError("the high end of a range cannot be below its low end")
        return self


class ClaimCreate(Input):
    article_id: int = Id
    kind: ClaimKind
    statement: str = Field(min_length=1, max_length=300)
    claimant_id: int = Id
    quote: str = Field(min_length=1, max_length=5000, description="Exact words of the article")
    quote_start: int | None = Field(default=None, ge=0, le=10**9)
    quote_end: int | None = Field(default=None, ge=1, le=10**9)
    preceding_text: str = Field(
        default="",
        max_length=200,
        description="Words just before the quote, to say which occurrence is meant",
    )
    reported_via: list[IdItem] = Field(default_factory=list, max_length=10)
    figures: list[FigureIn] = Field(default_factory=list, max_length=20)
    event_place: str = Field(default="", max_length=200)
    event_time: str = Field(default="", max_length=200)
    event_date: IsoDate | None = None
    dispute_ids: list[IdItem] = Field(default_factory=list, max_length=50)
    denial_type: DenialType | None = Field(
        default=None,
        description="How a denial or counter-claim answers; left out, the rules suggest one",
    )


def _not_null(schema: dict[str, Any]) -> None:
    """Drop the null that `X | None` puts in a field's JSON schema: left out is fine, null is
    refused (`Update`), and the OpenAPI document should not offer what is refused."""
    branches = [branch for branch in schema.pop("anyOf", []) if branch != {"type": "null"}]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches
    schema.pop("default", None)


def omittable(**constraints: Any) -> Any:
    """An update's field that may be left out (unchanged) but not set to null."""
    return Field(default=None, json_schema_extra=_not_null, **constraints)


class Update(Input):
    """Only the fields given change; a field made with `omittable` cannot be set to null."""

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        nulls = [
            name
            for name, field in type(self).model_fields.items()
            if field.json_schema_extra is _not_null
            and name in self.model_fields_set
            and getattr(self, name) is None
        ]
        if nulls:
            raise ValueError(f"these fields cannot be null: {', '.join(nulls)}")
        return self


class ClaimUpdate(Update):
    """Only the fields given change."""

    kind: ClaimKind | None = omittable()
    statement: str | None = omittable(min_length=1, max_length=300)
    claimant_id: int | None = omittable(ge=1, le=MAX_ID)
    quote: str | None = omittable(min_length=1, max_length=5000)
    quote_start: int | None = Field(default=None, ge=0, le=10**9)
    quote_end: int | None = Field(default=None, ge=1, le=10**9)
    preceding_text: str = Field(default="", max_length=200)
    reported_via: list[IdItem] | None = omittable(max_length=10)
    figures: list[FigureIn] | None = omittable(max_length=20)
    event_place: str | None = omittable(max_length=200)
    event_time: str | None = omittable(max_length=200)
    event_date: IsoDate | None = None
    dispute_ids: list[IdItem] | None = omittable(max_length=50)
    denial_type: DenialType | None = Field(
        default=None, description="How a denial or counter-claim answers (null: not stated)"
    )


class LinkCreate(Input):
    source_id: int = Id
    target_id: int = Id
    kind: LinkKind
    note: str = Field(default="", max_length=1000)


class DisputeCreate(Input):
    title: str = Field(min_length=3, max_length=300)
    summary: str = Field(default="", max_length=5000)
    status: DisputeStatus = DisputeStatus.open
    grade: Grade | None = None
    grade_note: str = Field(default="", max_length=2000)


class DisputeUpdate(Update):
    title: str | None = omittable(min_length=3, max_length=300)
    summary: str | None = omittable(max_length=5000)
    status: DisputeStatus | None = omittable()
    grade: Grade | None = None
    grade_note: str | None = omittable(max_length=2000)


class DisputeMerge(Input):
    target_id: int = Id


class ActorCreate(Input):
    name: str = Field(min_length=2, max_length=200)
    kind: ActorKind
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    description: str = Field(default="", max_length=2000)
    aliases: list[str] = Field(default_factory=list, max_length=30)


class ActorUpdate(Update):
    name: str | None = omittable(min_length=2, max_length=200)
    kind: ActorKind | None = omittable()
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)  # null: no parent
    description: str | None = omittable(max_length=2000)
    aliases: list[str] | None = omittable(max_length=30)


class NoteCreate(Input):
    claim_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    dispute_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    body: str = Field(min_length=1, max_length=10_000)
    visibility: NoteVisibility = NoteVisibility.public


class NoteUpdate(Update):
    body: str | None = omittable(min_length=1, max_length=10_000)
    visibility: NoteVisibility | None = omittable()
