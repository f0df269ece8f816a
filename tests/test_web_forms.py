"""app/web/forms.py `save_form`: the one way an analysts' form is validated, saved or refused."""

from typing import Any

import pytest
from fastapi import HTTPException
from pydantic import BaseModel, Field

from app.services.edit import InvalidInput, NotFound, VersionConflict
from app.web.forms import CONFLICT, Refused, save_form


class _Session:
    """Counts rollbacks: a refused form must leave nothing behind."""

    def __init__(self) -> None:
        self.rollbacks = 0

    def rollback(self) -> None:
        self.rollbacks += 1


class _Shape(BaseModel):
    title: str = Field(min_length=3)


def _raise(error: Exception) -> Any:
    raise error


def test_a_saved_form_gives_what_the_service_returned() -> None:
    session = _Session()
    assert save_form(session, lambda: _Shape(title="A title").title) == "A title"
    assert session.rollbacks == 0


def test_invalid_input_is_a_422_with_each_field_message_and_a_rollback() -> None:
    session = _Session()
    refused = save_form(session, lambda: _Shape(title="A"))
    assert isinstance(refused, Refused)
    assert refused.status_code == 422 and not refused.conflict
    assert set(refused.errors) == {"title"}
    assert session.rollbacks == 1

    refused = save_form(session, lambda: _raise(InvalidInput({"parent": "No such actor."})))
    assert refused == Refused({"parent": "No such actor."}, 422)
    assert session.rollbacks == 2


def test_a_version_conflict_is_a_409_and_a_missing_object_a_404() -> None:
    session = _Session()
    refused = save_form(session, lambda: _raise(VersionConflict(None, 3)))
    assert refused == Refused({"form": CONFLICT}, 409)
    assert isinstance(refused, Refused) and refused.conflict
    with pytest.raises(HTTPException) as missing:
        save_form(session, lambda: _raise(NotFound("There is no actor number 9.")))
    assert missing.value.status_code == 404
