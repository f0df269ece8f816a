"""Accepting a suggestion whose speaker Gainsay does not know: the actor to create, proposed from
the text (app/services/unknown_speakers.py), created with the claim in one step through the
review panel (with and without htmx) and through the API (app/services/suggestions.py)."""

import json

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.models import Actor, Article, Claim, ClaimSuggestion
from app.services import suggestions as suggestion_service
from app.services.edit import InvalidInput
from app.services.unknown_speakers import kind_from_words, propose_actor
from app.vocabulary import ActorKind
from tests import import_fixtures
from tests.htmldoc import parse

db_path = import_fixtures.db_path  # this module writes: its own copy of the database
analyst = import_fixtures.analyst

# Three speakers the seed data set does not know; the first says whom he speaks for (an
# actor the seed data knows), the second is an organisation named by its kind.
STORY = (
    "Colonel Jan Hale, a spokesman for the Russian Defence Ministry, said on Monday that the "
    "strike hit an arms depot near Saraqeb.\n\n"
    "The Varessa Casualty Monitor said 38 people were killed in the market on Monday.\n\n"
    "Mira Tal, a spokeswoman for Northwind Energy Company, denied that its trucks carried "
    "weapons.\n"
)


def import_story(analyst, session: Session, title: str, hale: str = "Jan Hale") -> int:
    """Import STORY with its first speaker named `hale` (an actor once created stays known)."""
    text = STORY.replace("Jan Hale", hale)
    response = analyst.client.post(
        "/import",
        # Each article its own text (the same text again is a duplicate, not a new article).
        data=analyst.form(text=f"{text}\nFiled as “{title}”.\n", title=title),
        follow_redirects=False,
    )
    assert response.status_code == 200, response.text
    session.rollback()
    return session.execute(select(Article.id).where(Article.title == title)).scalar_one()


def by_speaker(session: Session, article: int) -> dict[str, ClaimSuggestion]:
    session.rollback()  # end the read snapshot: see what the requests committed
    rows = session.execute(select(ClaimSuggestion).where(ClaimSuggestion.article_id == article))
    return {s.speaker_text: s for s in rows.scalars()}


def actor_named(session: Session, name: str) -> Actor | None:
    session.rollback()
    return session.execute(select(Actor).where(Actor.name == name)).scalar_one_or_none()


# --- What the text says about the speaker ---------------------------------------------------


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Varessa Casualty Monitor", ActorKind.monitor),
        ("Ministry of Health", ActorKind.ministry),
        ("Varessan Army", ActorKind.military),
        ("Northwind Energy Company", ActorKind.other),
        ("Kelmora News Agency", ActorKind.media),
        ("Samer Idlibi", None),
    ],
)
def test_an_organisation_name_says_its_kind(name, kind):
    assert kind_from_words(name) == kind


def test_a_spokesman_is_a_person_with_the_known_actor_he_speaks_for_as_parent(session):
    context = "Colonel Jan Hale, a spokesman for the ministry, said the strike hit a depot."
    proposal = propose_actor(session, "Jan Hale", context)
    assert proposal is not None
    assert (proposal.name, proposal.kind) == ("Jan Hale", ActorKind.person)
    # "the ministry" is an alias of the seed actor: the form names the actor itself.
    assert proposal.parent == "Russian Defence Ministry"
    assert proposal.described_as == ", a spokesman for the ministry".strip(" ,")


def test_an_unknown_organisation_is_not_proposed_as_parent(session):
    context = "Mira Tal, a spokeswoman for Northwind Energy Company, denied it."
    proposal = propose_actor(session, "Mira Tal", context)
    assert (proposal.kind, proposal.parent) == (ActorKind.person, "")
    assert proposal.described_as == "a spokeswoman for Northwind Energy Company"


def test_a_title_or_a_plain_name_makes_a_person_and_an_organisation_its_kind(session):
    assert propose_actor(session, "Lina Haddad", "Dr Lina Haddad said so.").kind == "person"
    assert propose_actor(session, "Samer Idlibi", "A teacher, Samer Idlibi, said").kind == "person"
    monitor = propose_actor(session, "Varessa Casualty Monitor", "The Varessa Casualty Monitor")
    assert (monitor.kind, monitor.parent) == (ActorKind.monitor, "")
    assert propose_actor(session, "the residents' committee", "").kind == ActorKind.other
    assert propose_actor(session, "  ", "anything") is None


def test_the_description_is_read_in_linear_time_on_adversarial_text(session):
    # A long run of words that almost make a role, and no organisation: bounded windows.
    context = "Jan Hale" + ", a a a a spokesman for" * 50_000
    proposal = propose_actor(session, "Jan Hale", context)
    assert proposal.kind == ActorKind.person  # the role was read in its 160-character window


# --- The review panel --------------------------------------------------------------------------


def test_the_panel_offers_to_create_the_unknown_speaker_with_kind_and_parent(analyst, session):
    article = import_story(analyst, session, "Saraqeb depot strike")
    page = analyst.client.get(f"/articles/{article}-saraqeb-depot-strike")
    root = parse(page.text)
    hale = by_speaker(session, article)["Jan Hale"]
    card = root.find(id=f"suggestion-{hale.id}")
    accept = card.find("button", data_key="a")
    assert "disabled" not in accept.attrs
    assert "Create actor and accept" in accept.text
    form = accept.parent
    assert form.find("input", name="csrf_token").get("value") == analyst.csrf
    assert form.find("input", name="new_actor_name").get("value") == "Jan Hale"
    kind = form.find("select", name="new_actor_kind")
    assert [o.get("value") for o in kind.find_all("option") if "selected" in o.attrs] == ["person"]
    assert form.find("input", name="new_actor_parent").get("value") == "Russian Defence Ministry"
    # Every field has its label (keyboard and screen-reader users).
    for field in form.find_all("input") + form.find_all("select"):
        if field.get("type") != "hidden":
            labels = root.find_all("label", where=lambda el, f=field: el.get("for") == f.get("id"))
            assert len(labels) == 1
    assert "a spokesman for the Russian Defence Ministry" in card.text


def test_a_plain_form_post_creates_the_actor_and_the_claim_together(analyst, session):
    article = import_story(analyst, session, "Saraqeb depot, plain form", hale="Joost Hale")
    hale = by_speaker(session, article)["Joost Hale"]
    response = analyst.client.post(
        f"/suggestions/{hale.id}/accept",
        data=analyst.form(
            new_actor_name="Joost Hale",
            new_actor_kind="person",
            new_actor_parent="Russian Defence Ministry",
        ),
        follow_redirects=False,
    )
    assert response.status_code == 303
    actor = actor_named(session, "Joost Hale")
    ministry = actor_named(session, "Russian Defence Ministry")
    assert (actor.kind, actor.parent_id) == ("person", ministry.id)
    decided = by_speaker(session, article)["Joost Hale"]
    assert decided.status == "accepted" and decided.claimant_id == actor.id
    claim = session.get(Claim, decided.claim_id)
    assert (claim.claimant_id, claim.state) == (actor.id, "draft")


def test_with_htmx_the_panel_is_refreshed_and_the_article_told_to_redraw(analyst, session):
    article = import_story(analyst, session, "Kelmora market toll")
    monitor = by_speaker(session, article)["Varessa Casualty Monitor"]
    response = analyst.client.post(
        f"/suggestions/{monitor.id}/accept",
        data={
            "new_actor_name": "Varessa Casualty Monitor",
            "new_actor_kind": "monitor",
            "new_actor_parent": "",
        },
        headers=analyst.htmx,
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "claim-saved"
    assert f'id="suggestion-{monitor.id}"' not in response.text
    assert actor_named(session, "Varessa Casualty Monitor").kind == "monitor"


def test_a_name_that_clashes_with_a_known_actor_is_refused_and_nothing_is_kept(analyst, session):
    article = import_story(analyst, session, "Northwind trucks")
    tal = by_speaker(session, article)["Mira Tal"]
    actors_before = session.execute(select(Actor.id)).all()
    plain = analyst.client.post(
        f"/suggestions/{tal.id}/accept",
        data=analyst.form(new_actor_name="reuters", new_actor_kind="person"),
        follow_redirects=False,
    )
    assert plain.status_code == 422
    assert "There is already an actor called “Reuters”" in plain.text
    panel = analyst.client.post(
        f"/suggestions/{tal.id}/accept",
        data={"new_actor_name": "Mira Tal", "new_actor_kind": "person", "new_actor_parent": "X"},
        headers=analyst.htmx,
    )
    assert panel.status_code == 200 and "No actor is called “X”" in panel.text
    assert by_speaker(session, article)["Mira Tal"].status == "pending"
    assert session.execute(select(Actor.id)).all() == actors_before


def test_a_refused_claim_takes_its_new_actor_with_it(analyst, session, monkeypatch):
    article = import_story(analyst, session, "Northwind trucks, refused claim")
    tal = by_speaker(session, article)["Mira Tal"]

    def refused(*args: object) -> Claim:
        raise InvalidInput({"quote": "refused for the test"})

    monkeypatch.setattr(suggestion_service.claim_edits, "create_claim", refused)
    response = analyst.client.post(
        f"/suggestions/{tal.id}/accept",
        data=analyst.form(new_actor_name="Mira Tal", new_actor_kind="person"),
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert actor_named(session, "Mira Tal") is None
    assert by_speaker(session, article)["Mira Tal"].status == "pending"


def test_creating_the_speaker_needs_the_csrf_token(analyst, session):
    article = import_story(analyst, session, "Northwind trucks, no token")
    tal = by_speaker(session, article)["Mira Tal"]
    response = analyst.client.post(
        f"/suggestions/{tal.id}/accept",
        data={"new_actor_name": "Mira Tal", "new_actor_kind": "person"},
    )
    assert response.status_code == 403
    assert actor_named(session, "Mira Tal") is None


# --- The API -------------------------------------------------------------------------------------


def api_post(analyst, path: str, payload: object | None = None):
    return analyst.client.post(
        path,
        content=json.dumps(payload) if payload is not None else None,
        headers={"content-type": "application/json", "X-CSRF-Token": analyst.csrf},
    )


def test_the_api_proposes_the_actor_and_accepts_with_it(analyst, session):
    article = import_story(analyst, session, "Saraqeb depot, API", hale="Piet Hale")
    listed = analyst.client.get(f"/api/articles/{article}/suggestions").json()
    hale = next(s for s in listed if s["speaker"] == "Piet Hale")
    assert hale["claimant"] is None
    assert hale["proposed_actor"] == {
        "name": "Piet Hale",
        "kind": "person",
        "parent": "Russian Defence Ministry",
        "described_as": "a spokesman for the Russian Defence Ministry",
    }
    path = f"/api/suggestions/{hale['id']}/accept"
    without = api_post(analyst, path)
    assert without.status_code == 422
    assert "use Edit" in without.json()["detail"]

    # A clash with an existing actor's name is a 422 problem that names the field.
    clash = api_post(analyst, path, {"new_actor": {"name": "Reuters", "kind": "person"}})
    assert clash.status_code == 422
    assert "already an actor called “Reuters”" in json.dumps(clash.json(), ensure_ascii=False)

    new_actor = {"name": "Jan Hale (API)", "kind": "person", "parent": "the ministry"}
    accepted = api_post(analyst, path, {"new_actor": new_actor})
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["status"] == "accepted" and body["claim_id"]
    assert body["claimant"]["name"] == "Jan Hale (API)"
    actor = actor_named(session, "Jan Hale (API)")
    assert actor.parent_id == actor_named(session, "Russian Defence Ministry").id

    again = api_post(analyst, path, {"new_actor": new_actor})
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"]


def test_the_api_rejects_and_refuses_a_new_actor_for_a_known_speaker(analyst, session):
    article = import_story(analyst, session, "Saraqeb depot, API reject", hale="Kees Hale")
    listed = analyst.client.get(f"/api/articles/{article}/suggestions").json()
    tal = next(s for s in listed if s["speaker"] == "Mira Tal")
    rejected = api_post(analyst, f"/api/suggestions/{tal['id']}/reject")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["proposed_actor"] is None  # decided: nothing left to propose
    assert api_post(analyst, f"/api/suggestions/{tal['id']}/reject").status_code == 409

    # A speaker Gainsay knows needs no new actor: one given is refused, nothing is created.
    hale = next(s for s in listed if s["speaker"] == "Kees Hale")
    ministry = {"name": "Kees Hale (known)", "kind": "person"}
    with Session(session.get_bind()) as other:
        other.execute(
            ClaimSuggestion.__table__.update()
            .where(ClaimSuggestion.id == hale["id"])
            .values(claimant_id=actor_named(other, "Russian Defence Ministry").id)
        )
        other.commit()
    refused = api_post(analyst, f"/api/suggestions/{hale['id']}/accept", {"new_actor": ministry})
    assert refused.status_code == 422
    assert actor_named(session, "Kees Hale (known)") is None
    no_csrf = analyst.client.post(f"/api/suggestions/{tal['id']}/accept", json={})
    assert no_csrf.status_code == 403


def test_the_speaker_s_other_suggestions_take_the_new_actor(analyst, session):
    text = (
        "Anna Veld, a spokeswoman for Northwind Energy Company, denied that its trucks carried "
        "weapons.\n\nAnna Veld said on Tuesday that the company would sue the newspaper.\n"
    )
    response = analyst.client.post(
        "/import", data=analyst.form(text=text, title="Northwind sues"), follow_redirects=False
    )
    assert response.status_code == 200, response.text
    session.rollback()
    article = session.execute(select(Article.id).where(Article.title == "Northwind sues"))
    rows = session.execute(
        select(ClaimSuggestion)
        .where(ClaimSuggestion.article_id == article.scalar_one())
        .order_by(ClaimSuggestion.position)
    )
    denial, later = rows.scalars().all()
    assert denial.speaker_text == later.speaker_text == "Anna Veld"
    accepted = api_post(
        analyst,
        f"/api/suggestions/{denial.id}/accept",
        {"new_actor": {"name": "Anna Veld", "kind": "person"}},
    )
    assert accepted.status_code == 200, accepted.text
    session.rollback()
    actor = actor_named(session, "Anna Veld")
    session.refresh(later)
    assert (later.status, later.claimant_id) == ("pending", actor.id)
    # Now a known speaker: accepted as it is, without a second actor.
    assert api_post(analyst, f"/api/suggestions/{later.id}/accept").status_code == 200
