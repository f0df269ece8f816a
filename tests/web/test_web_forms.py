"""app/web/forms.py `save_form` and `act_or_refuse`: the one way a form or a button is
validated, saved or refused."""

from typing import Any

import pytest
from fastapi import HTTPException
from pydantic import BaseModel, Field

from app.services.accounts import AccountError
from app.services.edit import InvalidInput, NotFound, VersionConflict
from app.services.edit.notes import NotYours
from app.web.forms import CONFLICT, Refused, act_or_refuse, save_form


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


def test_an_account_refusal_is_shown_at_its_field_or_the_forms_fallback() -> None:
    session = _Session()
    named = save_form(session, lambda: _raise(AccountError("Too short.", "new_password")))
    assert named == Refused({"new_password": "Too short."}, 422)
    unnamed = save_form(session, lambda: _raise(AccountError("Taken.")), field="username")
    assert unnamed == Refused({"username": "Taken."}, 422)
    assert session.rollbacks == 2


def test_someone_elses_object_is_a_403() -> None:
    with pytest.raises(HTTPException) as refused:
        save_form(_Session(), lambda: _raise(NotYours("Only its author may change a note.")))
    assert refused.value.status_code == 403
    assert refused.value.detail == "Only its author may change a note."


def test_a_buttons_refusal_is_an_error_page_saying_what_went_wrong() -> None:
    session = _Session()
    assert act_or_refuse(session, lambda: 7) == 7
    with pytest.raises(HTTPException) as conflict:
        act_or_refuse(session, lambda: _raise(VersionConflict(None, 2)), conflict="Reload.")
    assert (conflict.value.status_code, conflict.value.detail) == (409, "Reload.")
    with pytest.raises(HTTPException) as in_use:
        act_or_refuse(
            session,
            lambda: _raise(InvalidInput({"form": "It still has claims."})),
            invalid_status=409,
        )
    assert (in_use.value.status_code, in_use.value.detail) == (409, "It still has claims.")
    assert session.rollbacks == 2
