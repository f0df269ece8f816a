"""Marking claims in the analyst workspace (app/web/annotate.py, app/services/edit/claims.py):
a selection or a pasted quote becomes a draft, the actor type-ahead, deleting a claim with
its links, and the readers' page cache around those writes."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.db import write_session
from app.main import create_app
from app.models import Actor, Claim, ClaimLink, ClaimReporter, DisputeClaim, Figure
from app.schemas import ClaimCreate, LinkCreate
from app.services import history
from app.services.edit import claims as claim_edits
from app.services.edit import links as link_edits
from tests import annotate_fixtures as af
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import claim_form, get, mark, publish
from tests.conftest import TestClient
from tests.htmldoc import parse, top_level_elements
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES, form_fields

db_path = ws.db_path
analyst = ws.analyst
reader = ws.reader
article = af.article


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
