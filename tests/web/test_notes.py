"""Notes on claims (app/web/notes.py): threaded, public or for analysts only, changed only by
their author or an admin, deleted with their replies."""

import pytest
from sqlmodel import Session

from app.models import Note
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import get, post_note
from tests.htmldoc import parse

db_path = ws.db_path
analyst = ws.analyst
other_analyst = ws.other_analyst
admin = ws.admin
reader = ws.reader


def test_notes_are_threaded_and_public_or_for_analysts_only(
    engine, analyst, other_analyst, reader, seed_ids
):
    claim_id = seed_ids.claims["balanche-push-out-004"]
    dispute_id = seed_ids.disputes["idlib-offensive-civilian-harm-2019"]
    public = post_note(analyst, claim_id=str(claim_id), body="Balanche is a geographer.")
    reply = post_note(
        other_analyst, claim_id=str(claim_id), parent_id=str(public), body="Cited by AFP too."
    )
    private_reply = post_note(
        other_analyst, claim_id=str(claim_id), parent_id=str(public),
        body="Check his other papers.", visibility="analysts",
    )  # fmt: skip
    private = post_note(
        analyst, dispute_id=str(dispute_id), body="Ask OCHA for the source.",
        visibility="analysts",
    )  # fmt: skip

    readers_claim = parse(reader.get(f"/claims/{claim_id}").text)
    parent = readers_claim.find("li", id=f"note-{public}")
    assert parent is not None and "Balanche is a geographer." in parent.text
    replies = parent.find("ul", cls="note-replies")
    assert replies.find("li", id=f"note-{reply}") is not None
    assert readers_claim.find("li", id=f"note-{private_reply}") is None
    readers_dispute = reader.get(f"/disputes/{dispute_id}", follow_redirects=True).text
    assert "Ask OCHA" not in readers_dispute
    analysts_dispute = parse(
        analyst.client.get(f"/disputes/{dispute_id}", follow_redirects=True).text
    )
    shown = analysts_dispute.find("li", id=f"note-{private}")
    assert shown is not None and "analysts only" in shown.text
    analysts_claim = parse(analyst.client.get(f"/claims/{claim_id}").text)
    assert analysts_claim.find("li", id=f"note-{private_reply}").inside(
        analysts_claim.find("li", id=f"note-{public}")
    )
    with Session(engine) as session:
        assert session.get(Note, reply).parent_id == public


def test_only_its_author_or_an_admin_may_change_a_note(
    engine, analyst, other_analyst, admin, seed_ids
):
    claim_id = seed_ids.claims["guardian-moscow-frustration-004"]
    note_id = post_note(analyst, claim_id=str(claim_id), body="Mine.")

    stranger = other_analyst.client.post(
        f"/notes/{note_id}/edit", data=other_analyst.form(version="1", body="Not yours.")
    )
    author = analyst.client.post(
        f"/notes/{note_id}/edit", data=analyst.form(version="1", body="Mine, edited."),
        follow_redirects=False,
    )  # fmt: skip
    by_admin = admin.client.post(
        f"/notes/{note_id}/edit",
        data=admin.form(version="2", body="Moderated.", visibility="analysts"),
        follow_redirects=False,
    )
    stranger_delete = other_analyst.client.post(
        f"/notes/{note_id}/delete", data=other_analyst.form(version="3")
    )

    assert (stranger.status_code, author.status_code, by_admin.status_code) == (403, 303, 303)
    assert stranger_delete.status_code == 403
    note = get(engine, Note, note_id)
    assert (note.body, note.visibility) == ("Moderated.", "analysts")
    changes = ws.changes_for(engine, "note", note_id)
    assert [(c.action, c.user_id) for c in changes] == [
        ("create", analyst.user_id),
        ("update", analyst.user_id),
        ("update", admin.user_id),
    ]
    assert (changes[2].before["body"], changes[2].after["body"]) == ("Mine, edited.", "Moderated.")


def test_deleting_a_note_deletes_its_replies(engine, analyst, seed_ids):
    claim_id = seed_ids.claims["wapo-turkey-returns-004"]
    parent = post_note(analyst, claim_id=str(claim_id), body="Parent.")
    reply = post_note(analyst, claim_id=str(claim_id), parent_id=str(parent), body="Reply.")

    response = analyst.client.post(
        f"/notes/{parent}/delete", data=analyst.form(version="1"), follow_redirects=False
    )

    assert response.status_code == 303
    assert get(engine, Note, parent) is None and get(engine, Note, reply) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"body": ""},
        {"body": "x", "parent_id": "{other_note}"},
        {"body": "x", "claim_id": None, "dispute_id": None},
        {"body": "x", "claim_id": "999999"},
        {"body": "x", "visibility": "friends"},
    ],
    ids=["empty", "reply on another claim", "on nothing", "on no such claim", "bad visibility"],
)
def test_bad_notes_are_refused_and_nothing_is_saved(analyst, seed_ids, db_path, fields):
    other_claim = seed_ids.claims["humanitarian-nightmare-004"]
    other_note = post_note(analyst, claim_id=str(other_claim), body="Elsewhere.")
    data = {"claim_id": str(seed_ids.claims["idlib-sohr-750-civilians-004"]), **fields}
    data = {k: v.format(other_note=other_note) for k, v in data.items() if v is not None}
    before = ws.table_digests(db_path)

    response = analyst.client.post("/notes", data=analyst.form(**data))

    assert response.status_code == 422
    assert ws.table_digests(db_path) == before
