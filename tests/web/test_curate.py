"""Curating disputes and actors (app/web/curate.py, app/services/edit/actors.py): created,
renamed, graded, merged and deleted, and bad input answered next to the field."""

import re

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.db import write_session
from app.models import Actor, ActorAlias, Dispute, DisputeClaim
from app.services.edit.actors import find_actor_by_name
from app.vocabulary import GRADE_RULES
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import get, new_dispute
from tests.htmldoc import parse
from tests.write_routes import form_fields

db_path = ws.db_path
analyst = ws.analyst
reader = ws.reader


def dispute_form(person: ws.Person, dispute_id: int) -> dict[str, list[str]]:
    page = parse(person.client.get(f"/disputes/{dispute_id}/edit").text)
    return form_fields(page.find("form", action=f"/disputes/{dispute_id}/edit"))


def test_a_dispute_is_created_renamed_summarised_and_graded_with_its_rule_shown(
    engine, analyst, reader
):
    dispute_id, old_path = new_dispute(analyst, "Hospital strikes in Idlib")
    assert old_path == f"/disputes/{dispute_id}-hospital-strikes-in-idlib"

    renamed = analyst.client.post(
        f"/disputes/{dispute_id}/edit",
        data={
            **dispute_form(analyst, dispute_id),
            "title": "Hospital strikes in Idlib, 2019",
            "summary": "Who struck the hospitals.",
            "status": "contested",
            "grade": "weak",
            "grade_note": "A single interested source.",
        },
        follow_redirects=False,
    )

    new_path = f"/disputes/{dispute_id}-hospital-strikes-in-idlib-2019"
    assert renamed.status_code == 303 and renamed.headers["location"] == new_path
    moved = reader.get(old_path, follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == new_path
    page = parse(reader.get(new_path).text)
    assert page.find("h1").text == "Hospital strikes in Idlib, 2019"
    assert "Who struck the hospitals." in page.find(cls="lede").text
    grade = page.find(cls="grade")
    assert "weak" in grade.find(cls="grade-label").text
    assert grade.find(cls="grade-rule").text == GRADE_RULES["weak"]
    assert "A single interested source." in grade.text
    dispute = get(engine, Dispute, dispute_id)
    assert (dispute.status, dispute.grade) == ("contested", "weak")
    form_page = analyst.client.get(f"/disputes/{dispute_id}/edit").text
    assert all(rule in form_page for rule in GRADE_RULES.values())  # each grade's rule shown
    [created, updated] = ws.changes_for(engine, "dispute", dispute_id)
    assert (created.action, created.user_id) == ("create", analyst.user_id)
    assert (updated.before["title"], updated.after["title"]) == (
        "Hospital strikes in Idlib",
        "Hospital strikes in Idlib, 2019",
    )


def test_a_merged_dispute_redirects_to_where_it_went(engine, analyst, reader, seed_ids):
    source_id, source_path = new_dispute(analyst, "Merge source")
    target_id, target_path = new_dispute(analyst, "Merge target")
    claim_id = seed_ids.claims["idlib-hospitals-destroyed-004"]
    with write_session(engine) as session:
        session.add(DisputeClaim(dispute_id=source_id, claim_id=claim_id, position=0))
        session.commit()

    response = analyst.client.post(
        f"/disputes/{source_id}/merge",
        data=analyst.form(version="1", target_id=str(target_id)),
        follow_redirects=False,
    )

    assert response.status_code == 303 and response.headers["location"] == target_path
    moved = reader.get(source_path, follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == target_path
    assert parse(reader.get(target_path).text).find(id=f"c{claim_id}") is not None
    assert f"/disputes/{source_id}-" not in reader.get("/disputes", params={"limit": 100}).text
    assert [c.action for c in ws.changes_for(engine, "dispute", source_id)][-1] == "merge"


def test_a_dispute_can_be_deleted_but_not_one_others_were_merged_into(
    engine, analyst, reader, seed_ids
):
    lone_id, lone_path = new_dispute(analyst, "Short-lived dispute")
    merged_id, _ = new_dispute(analyst, "Merged away")
    target_id, _ = new_dispute(analyst, "Holds a merged one")
    analyst.client.post(
        f"/disputes/{merged_id}/merge", data=analyst.form(version="1", target_id=str(target_id))
    )

    deleted = analyst.client.post(
        f"/disputes/{lone_id}/delete", data=analyst.form(version="1"), follow_redirects=False
    )
    refused = analyst.client.post(
        f"/disputes/{target_id}/delete",
        data=analyst.form(version=str(get(engine, Dispute, target_id).version)),
    )

    assert deleted.status_code == 303
    assert reader.get(lone_path).status_code == 404
    assert refused.status_code == 409
    assert get(engine, Dispute, target_id) is not None


def test_a_dispute_title_too_short_is_answered_next_to_the_field(analyst, db_path):
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        "/disputes/new", data=analyst.form(title="ab", status="open", grade="")
    )

    assert response.status_code == 422
    assert "at least 3 characters" in ws.field_error(parse(response.text), "title")
    assert ws.table_digests(db_path) == before


def actor_form(person: ws.Person, actor_id: int) -> dict[str, list[str]]:
    page = parse(person.client.get(f"/actors/{actor_id}/edit").text)
    return form_fields(page.find("form", action=f"/actors/{actor_id}/edit"))


def test_actors_are_created_edited_and_deleted(engine, analyst, reader, seed_ids):
    created = analyst.client.post(
        "/actors/new",
        data=analyst.form(
            name="White Helmets field team", kind="rescue_group",
            parent="Syrian Civil Defence", aliases="field team\nthe team", description="",
        ),
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303
    actor_id = int(re.match(r"/actors/(\d+)-", created.headers["location"]).group(1))
    with Session(engine) as session:
        actor = session.get(Actor, actor_id)
        aliases = set(
            session.execute(
                select(ActorAlias.alias).where(ActorAlias.actor_id == actor_id)
            ).scalars()
        )
    assert (actor.kind, actor.parent_id) == (
        "rescue_group",
        seed_ids.actors["Syrian Civil Defence"],
    )
    assert aliases == {"field team", "the team"}

    old_path = created.headers["location"]
    renamed = analyst.client.post(
        f"/actors/{actor_id}/edit",
        data={**actor_form(analyst, actor_id), "name": "Idlib rescue team"},
        follow_redirects=False,
    )
    assert renamed.status_code == 303
    assert renamed.headers["location"] == f"/actors/{actor_id}-idlib-rescue-team"
    moved = reader.get(old_path, follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == renamed.headers["location"]

    deleted = analyst.client.post(
        f"/actors/{actor_id}/delete",
        data=analyst.form(version=str(get(engine, Actor, actor_id).version)),
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert reader.get(renamed.headers["location"]).status_code == 404
    assert [c.action for c in ws.changes_for(engine, "actor", actor_id)] == [
        "create",
        "update",
        "delete",
    ]


def test_an_actor_others_refer_to_cannot_be_deleted(engine, analyst, seed_ids, db_path):
    actor_id = seed_ids.actors["Igor Konashenkov"]  # a claimant
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        f"/actors/{actor_id}/delete",
        data=analyst.form(version=str(get(engine, Actor, actor_id).version)),
    )

    assert response.status_code == 409
    assert "refer to this actor" in response.text
    assert ws.table_digests(db_path) == before


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "Maria Zakharova"}, "name", "already an actor called"),
        ({"parent": "Nobody We Know"}, "parent", "No actor is called"),
        ({"parent": "Igor Konashenkov"}, "parent", "cannot be part of itself"),
    ],
    ids=["name taken", "unknown parent", "a loop of parents"],
)
def test_bad_actor_edits_are_answered_next_to_the_field(
    engine, analyst, seed_ids, db_path, values, field, message
):
    actor_id = seed_ids.actors["Russian Defence Ministry"]  # Konashenkov's parent
    form = actor_form(analyst, actor_id)
    before = ws.table_digests(db_path)

    response = analyst.client.post(f"/actors/{actor_id}/edit", data={**form, **values})

    assert response.status_code == 422
    shown = ws.field_error(parse(response.text), field)
    assert shown is not None and message in shown
    assert ws.table_digests(db_path) == before


def test_an_actor_is_found_by_its_exact_name_or_alias_only(session):
    """LIKE's wildcards in a typed name match nothing but themselves."""
    assert find_actor_by_name(session, "  igor konashenkov ").name == "Igor Konashenkov"
    assert find_actor_by_name(session, "SOHR").name == "Syrian Observatory for Human Rights"
    for typed in ("%", "_", "Igor%", "Igor Konashenko_", "\\"):
        assert find_actor_by_name(session, typed) is None, typed
