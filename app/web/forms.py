"""Turning HTML form posts into the same validated shapes the JSON API takes, and errors back
into messages shown next to the fields."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import HTTPException
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from app.services.accounts import AccountError
from app.services.edit import InvalidInput, NotFound, VersionConflict
from app.services.edit.notes import NotYours

Saved = TypeVar("Saved")

# Shown above a form whose object someone else saved since it was opened.
CONFLICT = (
    "Someone changed this after you opened the form; their version is shown. Nothing was saved."
)

# Fields a form posts that are not part of the shape itself.
CONTROL_FIELDS = frozenset({"csrf_token", "version", "next", "confirm"})


@dataclass(frozen=True, slots=True)
class Refused:
    """A form that was not saved: the messages to show beside its fields, and the answer's
    status (422: the input is wrong; 409: someone else saved first, see CONFLICT)."""

    errors: dict[str, str]
    status_code: int

    @property
    def conflict(self) -> bool:
        return self.status_code == 409


def save_form(
    session: Session, save: Callable[[], Saved], *, field: str = "form"
) -> Saved | Refused:
    """Every form posts the same way: validate, save, or show the form again with what is
    wrong. `save` builds the shape (pydantic checks it) and calls the service. A refusal rolls
    the session back, so nothing of a refused form is kept; a missing object is a 404, an
    object that is someone else's a 403. `field` is where a refusal that names no field of its
    own is shown."""
    try:
        return save()
    except ValidationError as error:
        refused = Refused(field_errors(error), 422)
    except InvalidInput as error:
        refused = Refused(dict(error.errors), 422)
    except AccountError as error:
        refused = Refused({error.field or field: str(error)}, 422)
    except VersionConflict:
        refused = Refused({"form": CONFLICT}, 409)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except NotYours as error:
        raise HTTPException(403, str(error)) from None
    session.rollback()
    return refused


def act_or_refuse(
    session: Session,
    act: Callable[[], Saved],
    *,
    conflict: str = "Someone changed this after you opened the page; nothing was saved.",
    invalid_status: int = 422,
) -> Saved:
    """The same for a button (publish, merge, delete…): it has no fields to show a refusal
    beside, so a refusal is the error page; `conflict` says what someone else's save meant."""
    saved = save_form(session, act)
    if not isinstance(saved, Refused):
        return saved
    if saved.conflict:
        raise HTTPException(409, conflict)
    raise HTTPException(invalid_status, " ".join(saved.errors.values()))


def field_errors(error: ValidationError) -> dict[str, str]:
    """One message per field, worded for people (the first problem found for each)."""
    messages: dict[str, str] = {}
    for problem in error.errors():
        location = [str(part) for part in problem.get("loc", ())]
        field = location[0] if location else "form"
        message = problem.get("msg", "is not valid")
        message = message.removeprefix("Value error, ")
        if len(location) > 1:
            message = f"{' '.join(location[1:])}: {message}"
        messages.setdefault(field, message[0].upper() + message[1:] if message else message)
    return messages


def form_dict(form: FormData, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """A form as a plain dict: repeated fields named in `lists` become lists; empty optional
    values are dropped so that the shape's defaults apply."""
    data: dict[str, Any] = {}
    for key in form:
        if key in CONTROL_FIELDS:
            continue
        if key in lists:
            data[key] = [v for v in form.getlist(key) if isinstance(v, str) and v.strip()]
        else:
            value = form.get(key)
            if isinstance(value, str):
                data[key] = value
    return data


def form_lines(text: object) -> list[str]:
    """A textarea's non-empty lines, trimmed. Browsers send its line breaks as CR LF, so only
    CR and LF end a line: str.splitlines() also splits at characters a name may hold (U+2028,
    U+0085, form feed…), and an alias holding one came back from the form in pieces."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", str(text)) if line.strip()]


def int_or_none(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
