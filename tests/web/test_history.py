"""History and revert (app/web/history.py, app/services/history.py): who changed what from
what, history pages for every kind of object, and reverting a change as an admin."""

import re

from app.models import Claim
from tests import annotate_fixtures as af
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import get, link_between, mark, new_dispute, post_note, publish
from tests.htmldoc import parse
from tests.write_routes import form_fields

db_path = ws.db_path
analyst = ws.analyst
admin = ws.admin
reader = ws.reader
article = af.article


def test_a_claims_history_shows_who_changed_what_from_what(engine, analyst, reader, seed_ids):
    claim_id = seed_ids.claims["un-half-million-besieged-001"]
    tag = analyst.client.get(f"/api/claims/{claim_id}").headers["etag"]
    analyst.client.patch(
        f"/api/claims/{claim_id}",
        json={"statement": "UN: half a million besieged (pending)"},
        headers={**analyst.json_headers, "If-Match": tag},
    )
    publish(analyst, engine, claim_id)

    page = parse(analyst.client.get(f"/history/claim/{claim_id}").text)
    items = page.find_all("li", cls="history-item")
    assert [i.find(cls="badge").text for i in items] == ["publish", "update"]
    assert all(analyst.username in i.find(cls="history-head").text for i in items)
    assert all(i.find("time").get("datetime") for i in items)  # when
    rows = {
        " ".join(r.find("th").text.split()): (r.find(cls="before").text, r.find(cls="after").text)
        for r in items[0].find_all("tr")
        if r.find(cls="before") is not None
    }
    assert rows["statement"][1] == "UN: half a million besieged (pending)"
    assert reader.get(f"/history/claim/{claim_id}", follow_redirects=False).status_code == 303


def test_history_pages_exist_for_links_disputes_actors_and_notes(engine, analyst, seed_ids):
    source = seed_ids.claims["un-300000-displaced-004"]
    target = seed_ids.claims["humanitarian-nightmare-004"]
    analyst.client.post(
        f"/claims/{source}/links", data=analyst.form(kind="corroborates", other=str(target))
    )
    link_id = link_between(engine, source, target).id
    dispute_id, _ = new_dispute(analyst, "History check")
    note_id = post_note(analyst, claim_id=str(source), body="History note.")
    actor = analyst.client.post(
        "/actors/new", data=analyst.form(name="History actor", kind="other"), follow_redirects=False
    )
    actor_id = int(re.match(r"/actors/(\d+)-", actor.headers["location"]).group(1))

    for entity, entity_id in [
        ("link", link_id), ("dispute", dispute_id), ("note", note_id), ("actor", actor_id),
    ]:  # fmt: skip
        page = analyst.client.get(f"/history/{entity}/{entity_id}")
        assert page.status_code == 200, entity
        item = parse(page.text).find("li", cls="history-item")  # the newest
        assert item.find(cls="badge").text == "create"
        assert analyst.username in item.text


def test_an_admin_reverts_a_change_and_the_revert_is_recorded(engine, analyst, admin, seed_ids):
    claim_id = seed_ids.claims["west-moderates-001"]
    original = get(engine, Claim, claim_id).statement
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )
    analyst.client.post(f"/claims/{claim_id}/edit", data={**form, "statement": "Vandalised"})
    publish(analyst, engine, claim_id)
    assert get(engine, Claim, claim_id).statement == "Vandalised"
    published = ws.changes_for(engine, "claim", claim_id)[-1]
    history_page = parse(admin.client.get(f"/history/claim/{claim_id}").text)
    assert history_page.find("form", action=f"/changes/{published.id}/revert") is not None
    analysts_view = parse(analyst.client.get(f"/history/claim/{claim_id}").text)
    assert analysts_view.find("form", action=f"/changes/{published.id}/revert") is None

    response = admin.client.post(
        f"/changes/{published.id}/revert", data=admin.form(), follow_redirects=False
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/history/claim/{claim_id}?reverted={published.id}"
    claim = get(engine, Claim, claim_id)
    assert claim.statement == original
    assert claim.pending_edit["statement"] == "Vandalised"  # back to before the publish
    last = ws.changes_for(engine, "claim", claim_id)[-1]
    assert (last.action, last.reverts_id, last.user_id) == ("revert", published.id, admin.user_id)


def test_a_revert_that_would_overwrite_a_later_change_is_refused(
    engine, analyst, admin, seed_ids, db_path
):
    claim_id = seed_ids.claims["russia-counterterrorism-001"]
    for statement in ("First change", "Second change"):
        tag = analyst.client.get(f"/api/claims/{claim_id}").headers["etag"]
        saved = analyst.client.patch(
            f"/api/claims/{claim_id}",
            json={"statement": statement},
            headers={**analyst.json_headers, "If-Match": tag},
        )
        assert saved.status_code == 200
    first, second = ws.changes_for(engine, "claim", claim_id)[-2:]
    before = ws.table_digests(db_path)

    refused = admin.client.post(f"/changes/{first.id}/revert", data=admin.form())
    api_refused = admin.client.post(f"/api/changes/{first.id}/revert", headers=admin.json_headers)

    assert refused.status_code == 409
    assert api_refused.status_code == 409
    assert ws.table_digests(db_path) == before
    latest = admin.client.post(f"/api/changes/{second.id}/revert", headers=admin.json_headers)
    assert latest.status_code == 201
    assert get(engine, Claim, claim_id).pending_edit["statement"] == "First change"


def test_a_deleted_claim_comes_back_when_its_deletion_is_reverted(engine, analyst, admin, article):
    claim_id = mark(analyst, article, kind="statement", claimant="United Nations",
                    quote="The UN warned on Tuesday", statement="Comes back")  # fmt: skip
    analyst.client.post(
        f"/claims/{claim_id}/delete",
        data=analyst.form(version=str(get(engine, Claim, claim_id).version)),
    )
    assert get(engine, Claim, claim_id) is None
    deletion = ws.changes_for(engine, "claim", claim_id)[-1]

    response = admin.client.post(f"/changes/{deletion.id}/revert", data=admin.form())

    assert response.status_code == 200  # followed to the history page
    restored = get(engine, Claim, claim_id)
    assert (restored.statement, restored.state, restored.quote) == (
        "Comes back",
        "draft",
        "The UN warned on Tuesday",
    )


def test_a_new_object_never_takes_a_deleted_ones_number(engine, analyst, reader, article, seed_ids):
    """A deleted claim's permalink and history must not pass to the next claim made (SQLite
    hands out the highest deleted id again unless told not to)."""
    gone = mark(analyst, article, statement="Deleted soon", claimant="United Nations")
    analyst.client.post(
        f"/claims/{gone}/delete",
        data=analyst.form(version=str(get(engine, Claim, gone).version)),
    )
    assert get(engine, Claim, gone) is None
    source, target = (
        seed_ids.claims["russia-fake-004"],
        seed_ids.claims["idlib-sohr-750-civilians-004"],
    )
    made = analyst.client.post(
        "/api/links",
        json={"source_id": source, "target_id": target, "kind": "discredits_source"},
        headers=analyst.json_headers,
    ).json()
    analyst.client.delete(
        f"/api/links/{made['id']}",
        headers={**analyst.json_headers, "If-Match": f'"link-{made["id"]}-v{made["version"]}"'},
    )

    claim = mark(analyst, article, statement="Made afterwards", claimant="United Nations")
    link = analyst.client.post(
        "/api/links",
        json={"source_id": source, "target_id": target, "kind": "counter_accuses"},
        headers=analyst.json_headers,
    ).json()

    assert claim != gone
    assert [c.action for c in ws.changes_for(engine, "claim", claim)] == ["create"]
    assert link["id"] != made["id"]
    assert [c.action for c in ws.changes_for(engine, "link", link["id"])] == ["create"]
