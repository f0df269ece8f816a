"""The analyst workspace (app/web/annotate.py, links.py, review.py, typeahead.py,
claim_forms.py, curate.py, notes.py, history.py and the services under app/services/edit):
marking claims, bad input, drafts and review, deleting, links, notes, disputes, actors, history
and revert, and the readers' page cache around all of it."""

import re

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.db import write_session
from app.main import create_app
from app.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    ClaimLink,
    ClaimReporter,
    Dispute,
    DisputeClaim,
    Figure,
    Note,
)
from app.schemas import ClaimCreate, LinkCreate
from app.services import history
from app.services.edit import claims as claim_edits
from app.services.edit import links as link_edits
from app.services.edit.actors import find_actor_by_name
from app.vocabulary import GRADE_RULES
from tests import workspace_fixtures as ws
from tests.conftest import TestClient
from tests.htmldoc import parse, top_level_elements
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES, form_fields

db_path = ws.db_path
analyst = ws.analyst
other_analyst = ws.other_analyst
admin = ws.admin
reader = ws.reader


@pytest.fixture(scope="module")
def article(engine, seed_ids) -> dict[str, object]:
    article_id = seed_ids.articles[ARTICLE_FILE]
    with Session(engine) as session:
        row = session.get(Article, article_id)
        return {"id": article_id, "ref": f"{article_id}-{row.slug}", "body": row.body}


def claim_id_from(response) -> int:
    """The new claim's id, from the redirect to the article with the claim selected."""
    assert response.status_code == 303, (response.status_code, response.text[:500])
    match = re.search(r"\?claim=(\d+)#claim-\d+$", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


def claim_form(person: ws.Person, **values: object) -> dict[str, object]:
    """A complete new-claim form (valid unless `values` break it)."""
    return person.form(
        **{
            "kind": "allegation",
            "statement": "A claim marked in a test",
            "quote": FREE_QUOTES[1],
            "quote_start": "",
            "quote_end": "",
            "claimant": "Syrian Observatory for Human Rights",
            "new_actor_kind": "",
            "new_actor_parent": "",
            "reported_via": "",
            "figure_qualifier": "",
            "figure_low": "",
            "figure_high": "",
            "figure_counts": "other",
            "figure_text": "",
            "event_place": "",
            "event_time": "",
            "event_date": "",
            **values,
        }
    )


def mark(person: ws.Person, article: dict, **values: object) -> int:
    response = person.client.post(
        f"/articles/{article['ref']}/claims",
        data=claim_form(person, **values),
        follow_redirects=False,
    )
    return claim_id_from(response)


def publish(person: ws.Person, engine, claim_id: int) -> None:
    with Session(engine) as session:
        version = session.get(Claim, claim_id).version
    response = person.client.post(
        f"/claims/{claim_id}/publish", data=person.form(version=str(version)),
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text[:300]


def get(engine, model: type, obj_id: object) -> object:
    with Session(engine) as session:
        return session.get(model, obj_id)


def link_between(engine, source_id: int, target_id: int) -> ClaimLink | None:
    with Session(engine) as session:
        return session.execute(
            select(ClaimLink).where(
                ClaimLink.source_id == source_id, ClaimLink.target_id == target_id
            )
        ).scalar_one_or_none()


# --- Marking a claim -----------------------------------------------------------------------------


def test_a_selection_opens_the_form_with_the_exact_words_and_their_place(analyst, article):
    body = article["body"]
    start = body.index(FREE_QUOTES[0])
    end = start + len(FREE_QUOTES[0])
    assert body[start - 1].isspace() and body[end].isspace()

    # A selection dragged over the surrounding line breaks is trimmed to the words.
    response = analyst.client.get(
        f"/articles/{article['ref']}/claims/new",
        params={"start": start - 1, "end": end + 1},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    [panel] = top_level_elements(response.text)
    assert panel.get("id") == "claim-panel"
    form = panel.find("form", cls="claim-form")
    assert form.find("textarea", name="quote").text == FREE_QUOTES[0]
    fields = ws.hidden_fields(form)
    assert (fields["quote_start"], fields["quote_end"]) == (str(start), str(end))
    assert "data-submit-shortcut" in form.attrs  # Ctrl+Enter saves


@pytest.mark.parametrize("where", ["outside the text", "only spaces"])
def test_a_selection_outside_the_words_is_refused(analyst, article, where):
    body = article["body"]
    if where == "outside the text":
        start, end = len(body) - 5, len(body) + 10
    else:
        start = body.index("\n\n")
        end = start + 2

    response = analyst.client.get(
        f"/articles/{article['ref']}/claims/new", params={"start": start, "end": end}
    )

    assert response.status_code == 422


def test_marking_a_selection_saves_a_draft_with_everything_it_says(
    engine, analyst, article, seed_ids
):
    body = article["body"]
    start = body.index(FREE_QUOTES[0])
    disputes = [seed_ids.disputes["aleppo-siege-displacement-feb-2016"]]

    claim_id = mark(
        analyst,
        article,
        kind="statement",
        statement="Tens of thousands wait at the Turkish border",
        quote=FREE_QUOTES[0],
        quote_start=str(start),
        quote_end=str(start + len(FREE_QUOTES[0])),
        claimant="SOHR",  # an alias
        reported_via="Caribbean Broadcasting Corporation\nUnited Nations",
        figure_qualifier=["tens of thousands", ""],
        figure_low=["10,000", ""],
        figure_high=["", ""],
        figure_counts=["displaced", "other"],
        figure_text=["Tens of thousands of Syrians", ""],
        event_place="the Turkish border",
        event_time="on Wednesday",
        event_date="2016-02-10",
        dispute_ids=[str(d) for d in disputes],
    )

    with Session(engine) as session:
        claim = session.get(Claim, claim_id)
        reporters = session.execute(
            select(ClaimReporter.actor_id)
            .where(ClaimReporter.claim_id == claim_id)
            .order_by(ClaimReporter.position)
        ).scalars()
        figures = session.execute(select(Figure).where(Figure.claim_id == claim_id)).scalars()
        held = session.execute(
            select(DisputeClaim.dispute_id).where(DisputeClaim.claim_id == claim_id)
        ).scalars()
        assert (claim.state, claim.kind, claim.created_by_id) == (
            "draft",
            "statement",
            analyst.user_id,
        )
        assert (claim.quote, claim.quote_start, claim.quote_end) == (
            FREE_QUOTES[0],
            start,
            start + len(FREE_QUOTES[0]),
        )
        assert claim.claimant_id == seed_ids.actors["Syrian Observatory for Human Rights"]
        assert list(reporters) == [
            seed_ids.actors["Caribbean Broadcasting Corporation"],
            seed_ids.actors["United Nations"],
        ]
        assert [(f.qualifier, f.low, f.counts) for f in figures] == [
            ("tens of thousands", 10000, "displaced")
        ]
        assert (claim.event_place, claim.event_time, str(claim.event_date)) == (
            "the Turkish border",
            "on Wednesday",
            "2016-02-10",
        )
        assert list(held) == disputes
    [created] = ws.changes_for(engine, "claim", claim_id)
    assert (created.action, created.user_id, created.before) == ("create", analyst.user_id, None)
    assert created.after["statement"] == "Tens of thousands wait at the Turkish border"


def test_saving_through_htmx_swaps_the_panel_and_refreshes_the_highlights(analyst, article, engine):
    body = article["body"]
    quote = "Russian air strikes"
    start = body.index(quote)
    page = parse(analyst.client.get(f"/articles/{article['ref']}").text)
    count_before = int(page.find(id="article-claim-count").text)

    response = analyst.client.post(
        f"/articles/{article['ref']}/claims",
        data=claim_form(
            analyst,
            kind="statement",
            statement="A section heading marked as a claim",
            quote=quote,
            quote_start=str(start),
            quote_end=str(start + len(quote)),
        ),
        headers=analyst.htmx,
    )

    assert response.status_code == 200
    assert response.headers["hx-trigger"] == "claim-saved"
    [panel] = top_level_elements(response.text)
    claim_id = int(panel.get("data-selected-claim"))
    assert panel.get("id") == "claim-panel"
    assert response.headers["hx-push-url"].endswith(f"?claim={claim_id}")
    # The article text listens for that event and reloads itself, now with the new highlight.
    text = analyst.client.get(
        f"/articles/{article['ref']}", params={"part": "text"}, headers=analyst.htmx
    )
    section, count = top_level_elements(text.text)
    assert section.get("hx-trigger") == "claim-saved from:body"
    # The header's claim count follows, swapped out of band.
    assert (count.get("id"), count.get("hx-swap-oob")) == ("article-claim-count", "true")
    assert int(count.text) == count_before + 1
    runs = section.find_all(
        "a", where=lambda el: str(claim_id) in el.get("data-claims", "").split()
    )
    assert runs and all("hl-draft" in run.classes for run in runs)
    assert get(engine, Claim, claim_id).state == "draft"


def test_a_pasted_quote_is_found_in_the_text(engine, analyst, article):
    quote = FREE_QUOTES[2]
    form_page = analyst.client.get(
        f"/articles/{article['ref']}/claims/new", params={"quote": quote}
    )
    form = parse(form_page.text).find("form", cls="claim-form")
    assert form.find("textarea", name="quote").text == quote
    assert ws.hidden_fields(form)["quote_start"] == ""

    claim_id = mark(analyst, article, kind="statement", quote=quote, claimant="United Nations")

    claim = get(engine, Claim, claim_id)
    assert claim.quote_start == article["body"].index(quote)
    assert claim.quote_end == claim.quote_start + len(quote)


def test_a_new_claimant_is_created_inline_with_its_kind_and_parent(
    engine, analyst, article, seed_ids
):
    claim_id = mark(
        analyst,
        article,
        claimant="Aleppo local councils",
        new_actor_kind="other",
        new_actor_parent="United Nations",
        quote="local councils in the city estimate",
    )

    with Session(engine) as session:
        actor = session.execute(
            select(Actor).where(Actor.name == "Aleppo local councils")
        ).scalar_one()
        assert (actor.kind, actor.parent_id) == ("other", seed_ids.actors["United Nations"])
        assert session.get(Claim, claim_id).claimant_id == actor.id
    [created] = ws.changes_for(engine, "actor", actor.id)
    assert (created.action, created.user_id) == ("create", analyst.user_id)


def test_the_actor_search_offers_names_and_aliases(analyst, reader):
    response = analyst.client.get("/suggest/actors", params={"claimant": "Zakhar"})
    alias = analyst.client.get("/suggest/actors", params={"claimant": "SOHR"})

    names = [o.get("value") for o in parse(response.text).find_all("option")]
    assert names[0] == "Maria Zakharova"
    assert all("zakhar" in name.lower() for name in names)
    assert "SOHR" in [o.get("value") for o in parse(alias.text).find_all("option")]
    assert reader.get("/suggest/actors", params={"claimant": "Zakhar"}).status_code == 401


# --- Bad input -----------------------------------------------------------------------------------

BAD_CLAIMS = [
    ("empty statement", {"statement": "   "}, "statement", "at least 1 character"),
    ("oversized statement", {"statement": "x" * 301}, "statement", "at most 300 characters"),
    ("quote not in the article", {"quote": "Russia bombed the moon."}, "quote", "do not occur"),
    ("quote more than once", {"quote": "Aleppo"}, "quote", "the one you mean"),
    ("oversized quote", {"quote": "x" * 5001}, "quote", "at most 5000 characters"),
    ("non-numeric figure",
     {"figure_low": "many", "figure_counts": "killed"}, "figures", "whole digits"),
    ("figure range upside down",
     {"figure_low": "10", "figure_high": "5", "figure_counts": "killed"}, "figures", "high end"),
    ("unknown claimant", {"claimant": "Nobody We Know"}, "claimant", "No actor is called"),
    ("unknown reporter", {"reported_via": "Nobody We Know"}, "reported_via", "No actor is called"),
    ("reporter twice",
     {"reported_via": "United Nations\nUnited Nations"}, "reported_via", "appears twice"),
    ("unknown kind", {"kind": "rumour"}, "kind", "Input should be"),
    ("impossible date", {"event_date": "2019-02-30"}, "event_date", "date"),
    ("unknown dispute", {"dispute_ids": "999999"}, "dispute_ids", "Unknown dispute"),
    ("oversized place", {"event_place": "x" * 201}, "event_place", "at most 200 characters"),
    ("oversized time", {"event_time": "x" * 201}, "event_time", "at most 200 characters"),
    ("new actor with an unknown parent",
     {"claimant": "A brand new council", "new_actor_kind": "other", "new_actor_parent": "Nobody"},
     "new_actor_parent", "No actor is called"),
    ("new actor of an unknown kind",
     {"claimant": "A brand new council", "new_actor_kind": "alien"}, "new_actor_kind",
     "Input should be"),
    ("new actor with a one-letter name",
     {"claimant": "X", "new_actor_kind": "other"}, "new_actor_name", "at least 2 characters"),
    # The inline actor itself is fine, but the claim is refused: the actor is not kept either.
    ("new actor, claim refused",
     {"claimant": "A brand new council", "new_actor_kind": "other", "quote": "Not in it."},
     "quote", "do not occur"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [case[1:] for case in BAD_CLAIMS],
    ids=[case[0] for case in BAD_CLAIMS],
)
def test_bad_claim_input_is_answered_next_to_the_field_and_nothing_is_saved(
    engine, analyst, article, db_path, values, field, message
):
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        f"/articles/{article['ref']}/claims", data=claim_form(analyst, **values)
    )

    assert response.status_code == 422
    page = parse(response.text)
    shown = ws.field_error(page, field)
    assert shown is not None, f"no message next to {field}: {ws.field_errors(page)}"
    assert message.lower() in shown.lower()
    assert page.find(cls="error-message", role="alert") is not None
    typed = values.get("statement", "A claim marked in a test")
    assert ws.input_value(page, "statement") == typed  # what was typed is kept
    assert ws.changed_tables(before, ws.table_digests(db_path)) == []
    with Session(engine) as session:
        assert (
            session.execute(select(Actor).where(Actor.name == "A brand new council")).first()
            is None
        )


def test_offsets_that_miss_the_words_fall_back_to_finding_the_words(engine, analyst, article):
    """A quote edited after it was selected keeps stale offsets; its words decide where it is."""
    response = analyst.client.post(
        f"/articles/{article['ref']}/claims",
        data=claim_form(
            analyst, quote_start="0", quote_end="12", statement="Stale offsets, right words"
        ),
        follow_redirects=False,
    )

    assert response.status_code == 303
    with Session(engine) as session:
        claim = (
            session.execute(select(Claim).where(Claim.statement == "Stale offsets, right words"))
            .scalars()
            .one()
        )
        body = session.get(Article, claim.article_id).body
    assert claim.quote == FREE_QUOTES[1]
    assert body[claim.quote_start : claim.quote_end] == FREE_QUOTES[1]
    assert claim.quote_start != 0


def test_a_bad_edit_is_answered_next_to_the_field_and_changes_nothing(
    engine, analyst, seed_ids, db_path
):
    claim_id = seed_ids.claims["un-aleppo-aid-cutoff-000"]
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )
    before = ws.table_digests(db_path)

    response = analyst.client.post(
        f"/claims/{claim_id}/edit",
        data={**form, "quote": "Words that are not there.", "quote_start": "", "quote_end": ""},
    )

    assert response.status_code == 422
    assert "do not occur" in ws.field_error(parse(response.text), "quote")
    assert ws.table_digests(db_path) == before


def test_an_edit_can_move_the_quote_to_other_words(engine, analyst, seed_ids, article):
    """The edit form holds the quote's old place; pasting other words of the article into it
    must move the claim there, as the API does."""
    claim_id = seed_ids.claims["ocha-aleppo-may-flee-000"]
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )
    quote = "local councils in the city estimate that some 100,000 to 150,000 civilians may flee"

    response = analyst.client.post(
        f"/claims/{claim_id}/edit", data={**form, "quote": quote}, follow_redirects=False
    )

    assert response.status_code == 303, ws.field_errors(parse(response.text))
    pending = get(engine, Claim, claim_id).pending_edit
    assert pending["quote"] == quote
    assert pending["quote_start"] == article["body"].index(quote)


BAD_API = [
    ("empty statement", "/api/claims", "claim", {"statement": ""}, "statement"),
    ("quote not in the article", "/api/claims", "claim", {"quote": "Not in it."}, "quote"),
    ("non-numeric figure", "/api/claims", "claim",
     {"figures": [{"low": "many", "counts": "killed"}]}, "figures"),
    ("unknown actor", "/api/claims", "claim", {"claimant_id": 999999}, "claimant_id"),
    ("oversized field", "/api/claims", "claim", {"event_place": "x" * 201}, "event_place"),
    ("unknown field", "/api/claims", "claim", {"colour": "red"}, "colour"),
    ("link to itself", "/api/links", "link", {"target_id": "self"}, "target_id"),
    ("link to nothing", "/api/links", "link", {"target_id": 999999}, "target_id"),
    ("unknown link kind", "/api/links", "link", {"kind": "likes"}, "kind"),
    ("unknown field in a link", "/api/links", "link", {"weight": 3}, "weight"),
    ("unknown field in a note", "/api/notes", "note", {"pinned": True}, "pinned"),
    ("unknown field in an actor", "/api/actors", "actor", {"born": "1970"}, "born"),
    ("unknown field in a dispute", "/api/disputes", "dispute", {"owner": 1}, "owner"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "shape", "values", "field"),
    [case[1:] for case in BAD_API],
    ids=[case[0] for case in BAD_API],
)
def test_bad_api_input_is_a_problem_detail_naming_the_field(
    analyst, article, seed_ids, db_path, path, shape, values, field
):
    claim_id = seed_ids.claims["un-aleppo-aid-cutoff-000"]
    bodies = {
        "claim": {
            "article_id": article["id"],
            "kind": "statement",
            "statement": "Through the API",
            "claimant_id": seed_ids.actors["United Nations"],
            "quote": FREE_QUOTES[1],
        },
        "link": {"source_id": claim_id, "target_id": seed_ids.claims["russia-fake-004"],
                 "kind": "rebuts"},
        "note": {"claim_id": claim_id, "body": "A note"},
        "actor": {"name": "An API actor", "kind": "ngo"},
        "dispute": {"title": "An API dispute"},
    }  # fmt: skip
    body = {**bodies[shape], **values}
    if body.get("target_id") == "self":
        body["target_id"] = body["source_id"]
    before = ws.table_digests(db_path)

    response = analyst.client.post(path, json=body, headers=analyst.json_headers)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    named = [str(part) for error in problem.get("errors", []) for part in error["loc"]]
    assert field in named or field in problem["detail"], problem
    assert ws.table_digests(db_path) == before


# --- Drafts and review ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft(engine, analyst, article, seed_ids) -> dict[str, int]:
    """A draft answer in the Aleppo toll dispute that rebuts its allegation."""
    dispute_id = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    claim_id = mark(
        analyst,
        article,
        kind="denial",
        statement="Zorbleflux denies the monitor's toll",
        quote="The conflict has also displaced millions more and sent hundreds of thousands "
        "fleeing as refugees to Europe.",
        claimant="Russian government",
        dispute_ids=[str(dispute_id)],
    )
    allegation_id = seed_ids.claims["aleppo-sohr-toll-000"]
    response = analyst.client.post(
        f"/claims/{claim_id}/links",
        data=analyst.form(kind="rebuts", other=f"#{allegation_id}"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    return {"claim": claim_id, "allegation": allegation_id, "dispute": dispute_id}


def test_a_draft_is_invisible_to_readers(reader, article, draft):
    claim_id = draft["claim"]

    assert reader.get(f"/claims/{claim_id}").status_code == 404
    page = reader.get(f"/articles/{article['ref']}")
    assert claim_id not in ws.claim_ids_highlighted(parse(page.text))
    assert "Zorbleflux" not in page.text
    assert reader.get(f"/api/claims/{claim_id}").status_code == 404
    listed = reader.get("/api/claims", params={"article_id": article["id"], "limit": 100}).json()
    assert claim_id not in [c["id"] for c in listed["items"]]
    assert claim_id not in reader.get(f"/api/articles/{article['id']}").json()["claim_ids"]
    found = parse(reader.get("/search", params={"q": "Zorbleflux"}).text)
    assert found.find("a", href=f"/claims/{claim_id}") is None
    assert reader.get("/api/search", params={"q": "Zorbleflux"}).json()["claims"]["total"] == 0
    dispute = reader.get(f"/disputes/{draft['dispute']}", follow_redirects=True)
    assert parse(dispute.text).find(id=f"c{claim_id}") is None
    api_dispute = reader.get(f"/api/disputes/{draft['dispute']}").json()
    assert claim_id not in [c["id"] for c in api_dispute["claims"]]


def test_credentials_are_checked_on_the_async_read_routes(engine, analyst, draft):
    """The permalinks and the claim and dispute API read through their own viewer dependency
    (app.auth.get_reader): a token or a session sees drafts there, a bad token is refused."""
    claim_id, dispute_id = draft["claim"], draft["dispute"]
    secret = ws.api_token(engine, analyst.user_id, name="reads")
    with TestClient(create_app()) as script:
        bearer = {"Authorization": f"Bearer {secret}"}
        assert script.get(f"/api/claims/{claim_id}", headers=bearer).status_code == 200
        held = script.get(f"/api/disputes/{dispute_id}", headers=bearer).json()["claims"]
        assert claim_id in [c["id"] for c in held]
        for path in (f"/api/claims/{claim_id}", f"/disputes/{dispute_id}", f"/claims/{claim_id}"):
            refused = script.get(path, headers={"Authorization": "Bearer gsy_not-a-token"})
            assert refused.status_code == 401, path
    assert analyst.client.get(f"/claims/{claim_id}").status_code == 200
    page = analyst.client.get(f"/disputes/{dispute_id}", follow_redirects=True)
    assert parse(page.text).find(id=f"c{claim_id}") is not None


def test_a_draft_leaves_no_trace_on_the_claim_it_answers(reader, draft):
    allegation = draft["allegation"]

    api = reader.get(f"/api/claims/{allegation}").json()
    page = reader.get(f"/claims/{allegation}")

    assert "Zorbleflux" not in page.text
    assert draft["claim"] not in [link["source_id"] for link in api["linked_from"]]


def test_analysts_see_drafts(analyst, article, draft):
    claim_id = draft["claim"]

    page = analyst.client.get(f"/claims/{claim_id}")
    assert page.status_code == 200 and "draft: analysts only" in page.text
    text = parse(analyst.client.get(f"/articles/{article['ref']}").text)
    assert claim_id in ws.claim_ids_highlighted(text)
    api = analyst.client.get(f"/api/claims/{claim_id}")
    assert api.status_code == 200 and api.json()["state"] == "draft"
    dispute = analyst.client.get(f"/disputes/{draft['dispute']}", follow_redirects=True)
    assert parse(dispute.text).find(id=f"c{claim_id}") is not None
    review = analyst.client.get("/review")
    assert f'/claims/{claim_id}"' in review.text


def test_publishing_shows_the_claim_to_readers_beside_what_it_answers(
    engine, analyst, other_analyst, reader, article, draft
):
    claim_id = draft["claim"]
    # The analyst's page holds the draft's version; meanwhile a colleague edits the draft.
    page_version = get(engine, Claim, claim_id).version
    form = form_fields(
        parse(other_analyst.client.get(f"/claims/{claim_id}/edit").text).find(
            "form", cls="claim-form"
        )
    )
    edited = other_analyst.client.post(
        f"/claims/{claim_id}/edit", data={**form, "event_place": "Moscow"}, follow_redirects=False
    )
    assert edited.status_code == 303
    stale = analyst.client.post(
        f"/claims/{claim_id}/publish", data=analyst.form(version=str(page_version))
    )
    assert stale.status_code == 409
    assert get(engine, Claim, claim_id).state == "draft"

    publish(analyst, engine, claim_id)

    assert get(engine, Claim, claim_id).state == "published"
    assert reader.get(f"/claims/{claim_id}").status_code == 200
    page = parse(reader.get(f"/articles/{article['ref']}").text)
    assert claim_id in ws.claim_ids_highlighted(page)
    assert reader.get(f"/api/claims/{claim_id}").json()["state"] == "published"
    assert reader.get("/api/search", params={"q": "Zorbleflux"}).json()["claims"]["total"] == 1
    found = parse(reader.get("/search", params={"q": "Zorbleflux"}).text)
    assert found.find("a", href=f"/claims/{claim_id}") is not None
    dispute = parse(reader.get(f"/disputes/{draft['dispute']}", follow_redirects=True).text)
    row = next(
        r
        for r in dispute.find_all(cls="exchange-row")
        if r.find(cls="side-allegation").find(id=f"c{draft['allegation']}") is not None
    )
    assert row.find(cls="side-answers").find(id=f"c{claim_id}") is not None
    assert [c.action for c in ws.changes_for(engine, "claim", claim_id)][-1] == "publish"
    again = analyst.client.post(
        f"/claims/{claim_id}/publish",
        data=analyst.form(version=str(get(engine, Claim, claim_id).version)),
    )
    assert again.status_code == 422  # nothing left to publish


def test_an_edit_to_a_published_claim_waits_for_review(
    engine, analyst, other_analyst, reader, seed_ids
):
    claim_id = seed_ids.claims["msf-azaz-camps-000"]
    old = get(engine, Claim, claim_id).statement
    form = form_fields(
        parse(analyst.client.get(f"/claims/{claim_id}/edit").text).find("form", cls="claim-form")
    )

    saved = analyst.client.post(
        f"/claims/{claim_id}/edit",
        data={**form, "statement": "MSF: 23,000 arrived near Azaz (edited)"},
        follow_redirects=False,
    )

    assert saved.status_code == 303
    claim = get(engine, Claim, claim_id)
    assert (claim.state, claim.statement) == ("published", old)
    assert claim.pending_edit["statement"] == "MSF: 23,000 arrived near Azaz (edited)"
    assert old in reader.get(f"/claims/{claim_id}").text
    assert "(edited)" not in reader.get(f"/claims/{claim_id}").text
    assert reader.get(f"/api/claims/{claim_id}").json()["statement"] == old
    analysts_page = other_analyst.client.get(f"/claims/{claim_id}").text
    assert "Pending edit" in analysts_page and "(edited)" in analysts_page
    assert "(edited)" in other_analyst.client.get("/review").text

    publish(other_analyst, engine, claim_id)

    claim = get(engine, Claim, claim_id)
    assert claim.statement == "MSF: 23,000 arrived near Azaz (edited)"
    assert claim.pending_edit is None
    assert "(edited)" in reader.get(f"/claims/{claim_id}").text


# --- Deleting ------------------------------------------------------------------------------------


def linked_draft(engine, analyst, seed_ids, quote: str, target: str) -> tuple[int, int]:
    """A draft claim that rebuts a seed claim: (claim id, link id)."""
    with write_session(engine) as session:
        claim = claim_edits.create_claim(
            session,
            ClaimCreate(
                article_id=seed_ids.articles[ARTICLE_FILE],
                kind="denial",
                statement="To be deleted",
                claimant_id=seed_ids.actors["Russian government"],
                quote=quote,
            ),
            analyst.user_id,
        )
        link = link_edits.create_link(
            session,
            LinkCreate(source_id=claim.id, target_id=seed_ids.claims[target], kind="rebuts"),
            analyst.user_id,
        )
        session.commit()
        return claim.id, link.id


def test_deleting_a_linked_claim_asks_first_then_removes_its_links_too(
    engine, analyst, seed_ids, db_path
):
    claim_id, link_id = linked_draft(
        engine, analyst, seed_ids,
        "The Syrian opposition has said it will not attend the scheduled talks",
        "davutoglu-ethnic-cleansing-000",
    )  # fmt: skip
    version = get(engine, Claim, claim_id).version
    before = ws.table_digests(db_path)

    asked = analyst.client.post(
        f"/claims/{claim_id}/delete", data=analyst.form(version=str(version)),
        follow_redirects=False,
    )  # fmt: skip

    assert asked.status_code == 303
    assert asked.headers["location"] == f"/claims/{claim_id}/delete"
    assert ws.table_digests(db_path) == before
    confirm = parse(analyst.client.get(asked.headers["location"]).text)
    assert "1 link joins this claim to others" in " ".join(
        confirm.find(cls="conflict").text.split()
    )
    form = confirm.find("form", action=f"/claims/{claim_id}/delete")
    assert ws.hidden_fields(form)["confirm"] == "remove-links"

    deleted = analyst.client.post(
        f"/claims/{claim_id}/delete", data=form_fields(form), follow_redirects=False
    )

    assert deleted.status_code == 303 and "deleted=1" in deleted.headers["location"]
    assert get(engine, Claim, claim_id) is None
    assert get(engine, ClaimLink, link_id) is None
    assert [c.action for c in ws.changes_for(engine, "link", link_id)][-2:] == ["create", "delete"]
    assert [c.action for c in ws.changes_for(engine, "claim", claim_id)][-2:] == [
        "create",
        "delete",
    ]


def test_a_claim_and_its_links_go_in_one_transaction(
    engine, seed_ids, analyst, db_path, monkeypatch
):
    claim_id, link_id = linked_draft(
        engine, analyst, seed_ids,
        "The peace talks are meant to develop a",
        "russia-campaign-against-isil-000",
    )  # fmt: skip
    version = get(engine, Claim, claim_id).version
    record = history.record

    def fail_on_the_claim(session, entity, *args, **kwargs):
        if entity == "claim":
            raise RuntimeError("the claim's deletion fails after its links went")
        return record(session, entity, *args, **kwargs)

    monkeypatch.setattr(history, "record", fail_on_the_claim)
    before = ws.table_digests(db_path)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        client.cookies.set("gainsay_session", analyst.token)
        response = client.post(
            f"/claims/{claim_id}/delete",
            data=analyst.form(version=str(version), confirm="remove-links"),
            follow_redirects=False,
        )

    assert response.status_code == 500
    assert ws.table_digests(db_path) == before
    assert get(engine, ClaimLink, link_id) is not None


def test_the_api_deletes_a_linked_claim_only_when_told_to(engine, analyst, seed_ids):
    claim_id, link_id = linked_draft(
        engine, analyst, seed_ids,
        "Syrian peace talks were suspended in Geneva this month",
        "zakharova-only-terrorists-000",
    )  # fmt: skip
    tag = analyst.client.get(f"/api/claims/{claim_id}").headers["etag"]
    headers = {**analyst.json_headers, "If-Match": tag}

    refused = analyst.client.delete(f"/api/claims/{claim_id}", headers=headers)
    assert refused.status_code == 409
    assert "remove_links=true" in refused.json()["detail"]
    assert get(engine, Claim, claim_id) is not None

    done = analyst.client.delete(
        f"/api/claims/{claim_id}", params={"remove_links": "true"}, headers=headers
    )
    assert done.status_code == 204
    assert get(engine, Claim, claim_id) is None and get(engine, ClaimLink, link_id) is None


# --- Links ---------------------------------------------------------------------------------------

LINK_PAIRS = {
    "rebuts": ("russia-counterterrorism-001", "west-moderates-001"),
    "counter_accuses": ("guardian-moscow-frustration-004", "balanche-push-out-004"),
    "discredits_source": ("wapo-turkey-returns-004", "idlib-sohr-750-civilians-004"),
    "corroborates": ("idlib-hospitals-destroyed-004", "un-300000-displaced-004"),
    "same_claim": ("un-half-million-besieged-001", "un-aleppo-aid-cutoff-000"),
}
LABELS = {
    "rebuts": "rebuts",
    "counter_accuses": "counter-accuses",
    "discredits_source": "discredits the source",
    "corroborates": "corroborates",
    "same_claim": "same claim",
}


def linked_cards(page, heading: str) -> dict[int, str]:
    """The claims under a heading of a claim page, with the link kind shown for each."""
    section = next(
        s for s in page.find_all("section", cls="linked") if s.find("h2").text == heading
    )
    return {
        int(card.get("id")[1:]): " ".join(answer.find(cls="link-kind").text.split())
        for answer in section.find_all(cls="answer")
        for card in answer.find_all("article", cls="claim-card")[:1]
    }


@pytest.mark.parametrize("kind", list(LINK_PAIRS))
def test_a_link_shows_on_both_ends(engine, analyst, reader, seed_ids, kind):
    source, target = (seed_ids.claims[ref] for ref in LINK_PAIRS[kind])

    response = analyst.client.post(
        f"/claims/{source}/links",
        data=analyst.form(kind=kind, other=f"#{target} · typed from the list", note="why"),
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/{source}#links"
    link = link_between(engine, source, target)
    assert (link.kind, link.note) == (kind, "why")
    source_page = parse(reader.get(f"/claims/{source}").text)
    target_page = parse(reader.get(f"/claims/{target}").text)
    assert linked_cards(source_page, "This claim answers or supports")[target] == LABELS[kind]
    assert linked_cards(target_page, "Answered or supported by")[source] == LABELS[kind]
    created = ws.changes_for(engine, "link", link.id)[-1]
    assert (created.action, created.user_id, created.after["kind"]) == (
        "create",
        analyst.user_id,
        kind,
    )


def test_a_link_can_point_the_other_way(engine, analyst, seed_ids):
    here = seed_ids.claims["turkey-iran-massacres-001"]
    other = seed_ids.claims["merkel-russia-bomb-attacks-001"]

    response = analyst.client.post(
        f"/claims/{here}/links",
        data=analyst.form(kind="corroborates", other=str(other), direction="in"),
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert link_between(engine, other, here).kind == "corroborates"
    assert link_between(engine, here, other) is None


BAD_LINKS = [
    ("to itself", {"other": "{self}"}, "other", "cannot be linked to itself"),
    ("to a claim that does not exist", {"other": "#999999"}, "other", "no claim number 999999"),
    ("to something that is no claim", {"other": "the big one"}, "other", "Choose the other claim"),
    ("of an unknown kind", {"kind": "likes", "other": "{seed_target}"}, "kind", ""),
    ("twice", {"other": "{seed_target}", "kind": "rebuts"}, "other", "already linked"),
]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [case[1:] for case in BAD_LINKS],
    ids=[case[0] for case in BAD_LINKS],
)
def test_bad_links_are_answered_next_to_the_field(
    analyst, seed_ids, db_path, values, field, message
):
    source = seed_ids.claims["zakharova-no-evidence-000"]  # rebuts aleppo-sohr-toll-000 already
    data = {"kind": "rebuts", "other": "", "direction": "out", **values}
    data["other"] = data["other"].format(
        self=source, seed_target=seed_ids.claims["aleppo-sohr-toll-000"]
    )
    before = ws.table_digests(db_path)

    response = analyst.client.post(f"/claims/{source}/links", data=analyst.form(**data))

    assert response.status_code == 422
    page = parse(response.text)
    if field == "other":
        assert message in ws.field_error(page, "other")
        assert ws.input_value(page, "other") == data["other"]
    else:
        assert page.find("select", name="kind").get("aria-invalid") == "true"
    assert ws.table_digests(db_path) == before


def test_removing_a_link_removes_it_from_both_ends(engine, analyst, reader, seed_ids):
    source = seed_ids.claims["russia-campaign-against-isil-000"]
    target = seed_ids.claims["ocha-aleppo-may-flee-000"]
    analyst.client.post(
        f"/claims/{source}/links", data=analyst.form(kind="counter_accuses", other=str(target))
    )
    link = link_between(engine, source, target)

    response = analyst.client.post(
        f"/links/{link.id}/delete",
        data=analyst.form(version=str(link.version), back=str(source)),
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert link_between(engine, source, target) is None
    source_page = parse(reader.get(f"/claims/{source}").text)
    assert target not in linked_cards(source_page, "This claim answers or supports")
    assert [c.action for c in ws.changes_for(engine, "link", link.id)][-2:] == ["create", "delete"]


def test_the_claim_search_offers_published_claims_by_number(analyst, seed_ids):
    response = analyst.client.get("/suggest/claims", params={"other": "Davutoglu ethnic cleansing"})

    options = [o.get("value") for o in parse(response.text).find_all("option")]
    wanted = seed_ids.claims["davutoglu-ethnic-cleansing-000"]
    assert any(option.startswith(f"#{wanted} · ") for option in options), options


# --- Notes ---------------------------------------------------------------------------------------


def post_note(person: ws.Person, **fields: str) -> int:
    response = person.client.post("/notes", data=person.form(**fields), follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    return int(response.headers["location"].rsplit("#note-", 1)[1])


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


# --- Disputes ------------------------------------------------------------------------------------


def dispute_form(person: ws.Person, dispute_id: int) -> dict[str, list[str]]:
    page = parse(person.client.get(f"/disputes/{dispute_id}/edit").text)
    return form_fields(page.find("form", action=f"/disputes/{dispute_id}/edit"))


def new_dispute(person: ws.Person, title: str) -> tuple[int, str]:
    response = person.client.post(
        "/disputes/new",
        data=person.form(title=title, summary="", status="open", grade="", grade_note=""),
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    location = response.headers["location"]
    return int(re.match(r"/disputes/(\d+)-", location).group(1)), location


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


# --- Actors --------------------------------------------------------------------------------------


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


# --- History and revert --------------------------------------------------------------------------


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


# --- The readers' page cache ---------------------------------------------------------------------


def test_readers_never_get_a_stale_page_after_a_write(engine, analyst, reader, seed_ids):
    claim_id = seed_ids.claims["turkey-16-civilians-002"]
    first = reader.get(f"/claims/{claim_id}")
    cached = reader.get(f"/claims/{claim_id}")
    assert first.headers["etag"] == cached.headers["etag"]
    unchanged = reader.get(f"/claims/{claim_id}", headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304

    tag = analyst.client.get(f"/api/claims/{claim_id}").headers["etag"]
    analyst.client.patch(
        f"/api/claims/{claim_id}",
        json={"statement": "Turkey: 16 civilians killed (revised)"},
        headers={**analyst.json_headers, "If-Match": tag},
    )
    pending = reader.get(f"/claims/{claim_id}")  # the edit waits for review: readers see the same
    assert "(revised)" not in pending.text
    publish(analyst, engine, claim_id)

    after = reader.get(f"/claims/{claim_id}", headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200
    assert "Turkey: 16 civilians killed (revised)" in after.text
    assert after.headers["etag"] != first.headers["etag"]


def test_signed_in_users_never_get_the_readers_cached_page(analyst, reader, seed_ids):
    path = f"/disputes/{seed_ids.disputes['us-a10-aleppo-strike-feb-2016']}"
    readers = reader.get(path, follow_redirects=True)
    assert readers.status_code == 200 and "Analyst tools" not in readers.text
    url = str(readers.url)

    analysts = analyst.client.get(url)

    assert analysts.status_code == 200
    assert "Analyst tools" in analysts.text
    assert parse(analysts.text).find("body").get("hx-headers") is not None
    assert "Analyst tools" not in reader.get(url).text  # and the other way round


def test_an_actor_is_found_by_its_exact_name_or_alias_only(session):
    """LIKE's wildcards in a typed name match nothing but themselves."""
    assert find_actor_by_name(session, "  igor konashenkov ").name == "Igor Konashenkov"
    assert find_actor_by_name(session, "SOHR").name == "Syrian Observatory for Human Rights"
    for typed in ("%", "_", "Igor%", "Igor Konashenko_", "\\"):
        assert find_actor_by_name(session, typed) is None, typed
