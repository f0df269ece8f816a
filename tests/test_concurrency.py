"""No lost edits (app/web/annotate.py, app/web/dispute_curation.py, app/web/actor_curation.py,
app/api/concurrency.py): every edit form carries the version it started from; saving over a
newer version answers 409, shows the other person's change and overwrites nothing. The API
does the same with ETag and If-Match: 412 on a stale version, 428 when If-Match is missing."""

import threading

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.db import write_session
from app.models import Actor, Claim, Dispute, Note
from app.schemas import ClaimCreate, NoteCreate
from app.services.edit import claims as claim_edits
from app.services.edit import notes as note_edits
from tests import workspace_fixtures as ws
from tests.htmldoc import parse
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES, form_fields

db_path = ws.db_path
analyst = ws.analyst
other_analyst = ws.other_analyst
reader = ws.reader


@pytest.fixture
def draft(engine, seed_ids, analyst) -> int:
    """A fresh draft claim (edits to a draft apply at once)."""
    with write_session(engine) as session:
        claim = claim_edits.create_claim(
            session,
            ClaimCreate(
                article_id=seed_ids.articles[ARTICLE_FILE],
                kind="statement",
                statement="The first wording",
                claimant_id=seed_ids.actors["United Nations"],
                quote=FREE_QUOTES[2],
            ),
            analyst.user_id,
        )
        session.commit()
        return claim.id


def edit_form(person: ws.Person, claim_id: int) -> dict[str, list[str]]:
    """The claim's edit form as the person's browser holds it."""
    response = person.client.get(f"/claims/{claim_id}/edit")
    assert response.status_code == 200
    form = parse(response.text).find("form", cls="claim-form")
    return form_fields(form)


def stored(engine, model: type, obj_id: int) -> object:
    with Session(engine) as session:
        return session.get(model, obj_id)


def test_two_analysts_edit_one_claim_the_second_save_gets_409_and_nothing_is_lost(
    engine, analyst, other_analyst, draft
):
    form_a = edit_form(analyst, draft)
    form_b = edit_form(other_analyst, draft)
    assert form_a["version"] == form_b["version"] == ["1"]

    saved_a = analyst.client.post(
        f"/claims/{draft}/edit",
        data={**form_a, "statement": "Analyst A's wording", "event_place": "Aleppo"},
        follow_redirects=False,
    )
    saved_b = other_analyst.client.post(
        f"/claims/{draft}/edit",
        data={**form_b, "statement": "Analyst B's wording", "kind": "allegation"},
    )

    assert saved_a.status_code == 303
    assert saved_b.status_code == 409
    page = parse(saved_b.text)
    conflict = page.find(cls="conflict")
    assert conflict is not None and conflict.get("role") == "alert"
    assert "Analyst A's wording" in conflict.text  # the other person's change, shown
    assert ws.input_value(page, "statement") == "Analyst B's wording"  # B's typing kept
    kind = page.find("select", name="kind").find("option", where=lambda o: "selected" in o.attrs)
    assert kind is not None and kind.get("value") == "allegation"
    assert ws.hidden_fields(page.find("form", cls="claim-form"))["version"] == "2"

    claim = stored(engine, Claim, draft)
    assert (claim.statement, claim.event_place, claim.kind, claim.version) == (
        "Analyst A's wording",
        "Aleppo",
        "statement",
        2,
    )
    updates = [c for c in ws.changes_for(engine, "claim", draft) if c.action == "update"]
    assert len(updates) == 1
    assert updates[0].user_id == analyst.user_id
    assert (updates[0].before["statement"], updates[0].after["statement"]) == (
        "The first wording",
        "Analyst A's wording",
    )

    # B has seen A's change and saves again over it, on purpose.
    again = other_analyst.client.post(
        f"/claims/{draft}/edit",
        data=form_fields(page.find("form", cls="claim-form")),
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert stored(engine, Claim, draft).statement == "Analyst B's wording"


def test_two_saves_racing_from_the_same_version_one_wins(engine, analyst, other_analyst, draft):
    forms = {
        analyst.username: (analyst, edit_form(analyst, draft)),
        other_analyst.username: (other_analyst, edit_form(other_analyst, draft)),
    }
    start = threading.Barrier(2)
    results: dict[str, int] = {}

    def save(name: str) -> None:
        person, form = forms[name]
        start.wait()
        response = person.client.post(
            f"/claims/{draft}/edit",
            data={**form, "statement": f"Saved by {name}"},
            follow_redirects=False,
        )
        results[name] = response.status_code

    threads = [threading.Thread(target=save, args=(name,)) for name in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results.values()) == [303, 409]
    winner = next(name for name, status in results.items() if status == 303)
    claim = stored(engine, Claim, draft)
    assert claim.statement == f"Saved by {winner}"
    assert claim.version == 2
    assert len([c for c in ws.changes_for(engine, "claim", draft) if c.action == "update"]) == 1


def test_a_stale_dispute_edit_gets_409_with_their_version(engine, analyst, other_analyst, seed_ids):
    dispute_id = seed_ids.disputes["maarat-al-numan-strike-jul-2019"]
    form_a = form_fields(
        parse(analyst.client.get(f"/disputes/{dispute_id}/edit").text).find(
            "form", action=f"/disputes/{dispute_id}/edit"
        )
    )
    form_b = form_fields(
        parse(other_analyst.client.get(f"/disputes/{dispute_id}/edit").text).find(
            "form", action=f"/disputes/{dispute_id}/edit"
        )
    )

    first = analyst.client.post(
        f"/disputes/{dispute_id}/edit",
        data={**form_a, "summary": "A's summary"},
        follow_redirects=False,
    )
    second = other_analyst.client.post(
        f"/disputes/{dispute_id}/edit", data={**form_b, "summary": "B's summary"}
    )

    assert first.status_code == 303
    assert second.status_code == 409
    page = parse(second.text)
    assert "A's summary" in page.find(cls="conflict").text
    assert page.find("textarea", name="summary").text == "B's summary"
    assert stored(engine, Dispute, dispute_id).summary == "A's summary"


def test_a_stale_actor_edit_gets_409_with_their_version(engine, analyst, other_analyst, seed_ids):
    actor_id = seed_ids.actors["Maria Zakharova"]
    action = f"/actors/{actor_id}/edit"
    form_a = form_fields(parse(analyst.client.get(action).text).find("form", action=action))
    form_b = form_fields(parse(other_analyst.client.get(action).text).find("form", action=action))

    first = analyst.client.post(
        action, data={**form_a, "description": "A's description"}, follow_redirects=False
    )
    second = other_analyst.client.post(action, data={**form_b, "description": "B's"})

    assert first.status_code == 303
    assert second.status_code == 409
    assert parse(second.text).find(cls="conflict") is not None
    assert stored(engine, Actor, actor_id).description == "A's description"


def test_a_stale_note_edit_gets_409(engine, analyst, seed_ids):
    with write_session(engine) as session:
        note = note_edits.create_note(
            session,
            NoteCreate(claim_id=seed_ids.claims["russia-fake-004"], body="first"),
            analyst.user_id,
        )
        session.commit()
        note_id = note.id
    first = analyst.client.post(
        f"/notes/{note_id}/edit", data=analyst.form(version="1", body="second"),
        follow_redirects=False,
    )  # fmt: skip
    stale = analyst.client.post(f"/notes/{note_id}/edit", data=analyst.form(version="1", body="x"))

    assert first.status_code == 303
    assert stale.status_code == 409
    assert stored(engine, Note, note_id).body == "second"


# --- The API: ETag and If-Match ------------------------------------------------------------------


def test_api_edits_need_if_match_and_refuse_stale_versions(engine, analyst, draft):
    api = analyst.client
    headers = analyst.json_headers
    got = api.get(f"/api/claims/{draft}")
    tag = got.headers["etag"]
    assert got.status_code == 200
    assert ws.ETAG.match(tag)["version"] == "1"

    missing = api.patch(f"/api/claims/{draft}", json={"statement": "no If-Match"}, headers=headers)
    assert missing.status_code == 428
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert stored(engine, Claim, draft).statement == "The first wording"

    ok = api.patch(
        f"/api/claims/{draft}",
        json={"statement": "Via the API"},
        headers={**headers, "If-Match": tag},
    )
    assert ok.status_code == 200
    new_tag = ok.headers["etag"]
    assert new_tag != tag and ws.ETAG.match(new_tag)["version"] == "2"
    assert ok.json()["statement"] == "Via the API"

    stale = api.patch(
        f"/api/claims/{draft}", json={"statement": "Stale"}, headers={**headers, "If-Match": tag}
    )
    assert stale.status_code == 412
    assert stale.headers["etag"] == new_tag  # what is current now
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert stored(engine, Claim, draft).statement == "Via the API"
    assert len([c for c in ws.changes_for(engine, "claim", draft) if c.action == "update"]) == 1


@pytest.mark.parametrize(
    "if_match",
    ['W/"claim-{id}-v1"', '"dispute-{id}-v1"', '"claim-{other}-v1"', "claim-{id}-v1"],
    ids=["weak", "other-entity", "other-claim", "unquoted"],
)
def test_api_if_match_names_exactly_this_object(engine, analyst, draft, seed_ids, if_match):
    other = seed_ids.claims["russia-fake-004"]

    response = analyst.client.patch(
        f"/api/claims/{draft}",
        json={"statement": "Should not land"},
        headers={**analyst.json_headers, "If-Match": if_match.format(id=draft, other=other)},
    )

    assert response.status_code == 412
    assert stored(engine, Claim, draft).statement == "The first wording"


def test_api_deletes_need_if_match_too(engine, analyst, draft):
    missing = analyst.client.delete(f"/api/claims/{draft}", headers=analyst.json_headers)
    stale = analyst.client.delete(
        f"/api/claims/{draft}", headers={**analyst.json_headers, "If-Match": f'"claim-{draft}-v9"'}
    )

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert stored(engine, Claim, draft) is not None


@pytest.mark.parametrize(
    ("noun", "model", "key", "body"),
    [
        ("disputes", Dispute, "idlib-bombing-sept-2017", {"summary": "x"}),
        ("actors", Actor, "Maria Zakharova", {"description": "x"}),
    ],
)
def test_api_patch_of_disputes_and_actors_needs_if_match(
    engine, analyst, seed_ids, noun, model, key, body
):
    obj_id = (seed_ids.disputes if noun == "disputes" else seed_ids.actors)[key]
    before = stored(engine, model, obj_id).version

    response = analyst.client.patch(
        f"/api/{noun}/{obj_id}", json=body, headers=analyst.json_headers
    )

    assert response.status_code == 428
    assert stored(engine, model, obj_id).version == before


def test_the_etag_an_anonymous_read_gives_is_accepted_as_if_match(engine, analyst, reader, draft):
    """Reading needs no token, so a script may GET anonymously (through the readers' page
    cache) and then write with its token: the ETag it was given must name the version."""
    with write_session(engine) as session:
        claim_edits.publish_claim(session, draft, 1, analyst.user_id)
        session.commit()
    version = stored(engine, Claim, draft).version

    seen = reader.get(f"/api/claims/{draft}")
    again = reader.get(f"/api/claims/{draft}")  # served from the cache this time
    tag = again.headers["etag"]

    response = analyst.client.patch(
        f"/api/claims/{draft}",
        json={"statement": "From a script"},
        headers={**analyst.json_headers, "If-Match": tag},
    )

    assert seen.status_code == again.status_code == 200
    assert seen.headers["etag"] == tag
    assert response.status_code == 200, (tag, response.json()["detail"])
    assert tag == f'"claim-{draft}-v{version}"'


def test_history_holds_one_change_per_save(engine, analyst, draft):
    tag = analyst.client.get(f"/api/claims/{draft}").headers["etag"]
    for n in range(3):
        response = analyst.client.patch(
            f"/api/claims/{draft}",
            json={"statement": f"Save {n}"},
            headers={**analyst.json_headers, "If-Match": tag},
        )
        assert response.status_code == 200
        tag = response.headers["etag"]

    changes = ws.changes_for(engine, "claim", draft)
    assert [c.action for c in changes] == ["create", "update", "update", "update"]
    assert [c.after["statement"] for c in changes[1:]] == ["Save 0", "Save 1", "Save 2"]
    assert [c.before["statement"] for c in changes[1:]] == ["The first wording", "Save 0", "Save 1"]
    with Session(engine) as session:
        assert session.execute(select(Claim.version).where(Claim.id == draft)).scalar_one() == 4
