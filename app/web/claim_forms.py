"""Reading the claim form: actor names resolved to actors (or created inline), the reporting
chain one actor per line, figures row by row, into the API's ClaimCreate / ClaimUpdate shapes."""

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from app.models import saved_id
from app.schemas import ActorCreate, ClaimCreate, ClaimUpdate
from app.services.actors import actor_names
from app.services.disputes import dispute_titles
from app.services.edit import InvalidInput
from app.services.edit.actors import create_actor, find_actor_by_name
from app.vocabulary import DENIAL_TYPE_KINDS
from app.web.forms import field_errors, form_lines, int_or_none

FIGURE_COLUMNS = ("qualifier", "low", "high", "counts", "text")


@dataclass(slots=True)
class ClaimForm:
    """What the form shows: the submitted (or stored) values and any errors, by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def figure_rows(form: FormData) -> list[dict[str, str]]:
    columns = {name: form.getlist(f"figure_{name}") for name in FIGURE_COLUMNS}
    count = max((len(values) for values in columns.values()), default=0)
    rows = []
    for index in range(count):
        row = {
            name: str(columns[name][index]).strip() if index < len(columns[name]) else ""
            for name in FIGURE_COLUMNS
        }
        if row["low"] or row["high"] or row["text"]:
            rows.append(row)
    return rows


def _figures(rows: list[dict[str, str]], errors: dict[str, str]) -> list[dict[str, Any]]:
    figures = []
    for number, row in enumerate(rows, start=1):
        low, high = row["low"].replace(",", ""), row["high"].replace(",", "")
        if not low.isdigit() or (high and not high.isdigit()):
            errors["figures"] = (
                f"Figure {number}: the number must be whole digits, like 150 or 1,500."
            )
            continue
        figures.append(
            {
                "qualifier": row["qualifier"],
                "low": int(low),
                "high": int(high) if high else None,
                "counts": row["counts"] or "other",
                "text": row["text"],
            }
        )
    return figures


def _actor_id(session: Session, name: str, errors: dict[str, str], field_name: str) -> int | None:
    actor = find_actor_by_name(session, name)
    if actor is None:
        errors[field_name] = f"No actor is called “{name}”."
        return None
    return actor.id


def form_values(form: FormData) -> dict[str, Any]:
    """The submitted values as the form template shows them again."""
    return {
        "kind": form.get("kind", ""),
        "denial_type": form.get("denial_type", ""),
        "statement": form.get("statement", ""),
        "quote": form.get("quote", ""),
        "quote_start": form.get("quote_start", ""),
        "quote_end": form.get("quote_end", ""),
        "claimant": form.get("claimant", ""),
        "new_actor_kind": form.get("new_actor_kind", ""),
        "new_actor_parent": form.get("new_actor_parent", ""),
        "reported_via": form.get("reported_via", ""),
        "figures": figure_rows(form),
        "event_place": form.get("event_place", ""),
        "event_time": form.get("event_time", ""),
        "event_date": form.get("event_date", ""),
        "dispute_ids": [int_or_none(v) for v in form.getlist("dispute_ids")],
    }


ClaimShape = TypeVar("ClaimShape", ClaimCreate, ClaimUpdate)


def read_claim_form(
    session: Session,
    form: FormData,
    shape_type: type[ClaimShape],
    *,
    article_id: int | None,
    user_id: int | None,
) -> ClaimShape:
    """Validate a submitted claim form: a new claim (ClaimCreate, with `article_id`) or an
    edit (ClaimUpdate, without). An unknown claimant is created on the spot when the form
    says what kind of actor it is. Raises InvalidInput with every field's problem."""
    values = form_values(form)
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "kind": values["kind"],
        "statement": values["statement"],
        "quote": values["quote"],
        "event_place": values["event_place"],
        "event_time": values["event_time"],
        "event_date": values["event_date"] or None,
        "figures": _figures(values["figures"], errors),
        "dispute_ids": [i for i in values["dispute_ids"] if i is not None],
    }
    if values["quote_start"] and values["quote_end"]:
        data["quote_start"], data["quote_end"] = values["quote_start"], values["quote_end"]
    # How an answer answers. Only answers carry it (a choice left from another kind is dropped);
    # a new claim left blank gets the rules' suggestion, an edit left blank clears it.
    if values["kind"] in DENIAL_TYPE_KINDS and values["denial_type"]:
        data["denial_type"] = values["denial_type"]
    elif article_id is None:
        data["denial_type"] = None
    claimant = str(values["claimant"]).strip()
    if not claimant:
        errors["claimant"] = "Say who makes this claim."
    else:
        found = find_actor_by_name(session, claimant)
        if found is not None:
            data["claimant_id"] = found.id
        elif values["new_actor_kind"]:
            parent_id = None
            if parent_name := str(values["new_actor_parent"]).strip():
                parent_id = _actor_id(session, parent_name, errors, "new_actor_parent")
            try:
                new_actor = ActorCreate(
                    name=claimant, kind=values["new_actor_kind"], parent_id=parent_id
                )
                if "new_actor_parent" not in errors:
                    data["claimant_id"] = saved_id(create_actor(session, new_actor, user_id))
            except ValidationError as error:
                errors.update({f"new_actor_{k}": v for k, v in field_errors(error).items()})
            except InvalidInput as error:
                errors.update(error.errors)
        else:
            errors["claimant"] = (
                f"No actor is called “{claimant}”. Pick one from the list, or "
                "choose its kind below to create it."
            )
    reported = []
    for line in form_lines(values["reported_via"]):
        actor_id = _actor_id(session, line, errors, "reported_via")
        if actor_id is not None:
            reported.append(actor_id)
    data["reported_via"] = reported
    if article_id is not None:
        data["article_id"] = article_id
    try:
        shape = shape_type.model_validate(data)
    except ValidationError as error:
        raise InvalidInput({**field_errors(error), **errors}) from None
    if errors:
        raise InvalidInput(errors)
    return shape


def stored_values(fields: dict[str, Any], session: Session) -> dict[str, Any]:
    """An existing claim's fields (see services.edit.claims.editable_fields) as form values."""
    names = actor_names(session, [fields["claimant_id"], *fields["reported_via"]])
    return {
        "kind": fields["kind"],
        "denial_type": fields.get("denial_type") or "",
        "statement": fields["statement"],
        "quote": fields["quote"],
        "quote_start": fields["quote_start"],
        "quote_end": fields["quote_end"],
        "claimant": names.get(fields["claimant_id"], ""),
        "new_actor_kind": "",
        "new_actor_parent": "",
        "reported_via": "\n".join(names.get(i, "") for i in fields["reported_via"]),
        "figures": [
            {k: "" if f.get(k) is None else str(f.get(k)) for k in FIGURE_COLUMNS}
            for f in fields["figures"]
        ],
        "event_place": fields["event_place"],
        "event_time": fields["event_time"],
        "event_date": fields["event_date"] or "",
        "dispute_ids": fields["dispute_ids"],
    }


def dispute_choices(session: Session) -> list[tuple[int, str]]:
    return dispute_titles(session)
