"""app/web/imports.py and app/api/imports.py: importing in the browser and through the API,
and deciding on claim suggestions beside the article."""

import json

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.ingest.importing.limits import MAX_IMPORT_BYTES
from app.ingest.importing.prepare import prepare
from app.ingest.importing.store import import_article
from app.models import Article, Claim, ClaimLink, ClaimSuggestion
from tests import import_fixtures
from tests.htmldoc import parse

# The shared fixtures, by name (this module writes: its own copy of the database).
db_path = import_fixtures.db_path
analyst = import_fixtures.analyst
anonymous = import_fixtures.anonymous
import_live_server = import_fixtures.import_live_server

# Speakers the seed data set knows (so their suggestions have a claimant), and one it does not.
STORY = (
    "The Syrian Observatory for Human Rights said at least 40 civilians were killed in air "
    "strikes on Idlib on Monday.\n\n"
    "The Russian Defence Ministry denied the report, calling it a fabrication.\n\n"
    "A shopkeeper, Abu Karim Haddad, said the market was hit twice by rockets.\n"
)
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta property="og:title" content="Strikes on Idlib market">
<meta property="og:site_name" content="Idlib Web Tribune">
<meta property="og:url" content="https://tribune.example/idlib-market">
<script>alert(1)</script></head><body><article>
<p>Rescue workers said on Tuesday that 14 bodies had been recovered from the rubble.</p>
<p>The Russian Defence Ministry said its aircraft had not flown over the town that day.</p>
</article></body></html>"""


def post_import(who, *, files=None, headers=None, **fields):
    data = who.form(**fields) if hasattr(who, "form") else fields
    client = who.client if hasattr(who, "client") else who
    return client.post(
        "/import", data=data, files=files or [], headers=headers or {}, follow_redirects=False
    )


def results(response) -> list[tuple[str, str]]:
    """(outcome, message) per listed file."""
    root = parse(response.text)
    return [
        (
            item.find(cls="result-tag").text.strip(),
            " ".join(item.find(cls="result-body").text.split()),
        )
        for item in root.find_all("li", cls="import-result")
    ]


def suggestions_of(session, article_id: int) -> list[ClaimSuggestion]:
    session.rollback()  # end the read snapshot: see what the requests committed
    return list(
        session.execute(
            select(ClaimSuggestion)
            .where(ClaimSuggestion.article_id == article_id)
            .order_by(ClaimSuggestion.position)
        ).scalars()
    )


@pytest.fixture(scope="module")
def story_id(analyst, engine) -> int:
    response = post_import(analyst, text=STORY, title="Strikes on Idlib", outlet="Reuters")
    assert response.status_code == 200, response.text
    with Session(engine) as session:
        return session.execute(
            select(Article.id).where(Article.title == "Strikes on Idlib")
        ).scalar_one()


# --- Who may import -------------------------------------------------------------------------


def test_readers_are_sent_to_sign_in_and_refused(anonymous):
    page = anonymous.get("/import", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Fimport"
    refused = anonymous.post("/import", data={"text": STORY}, follow_redirects=False)
    assert refused.status_code == 401
    api = anonymous.post("/api/articles", json={"body": STORY})
    assert api.status_code == 401


def test_a_post_without_the_csrf_token_is_refused(analyst):
    response = analyst.client.post("/import", data={"text": STORY})
    assert response.status_code == 403


def test_the_import_page_has_both_forms(analyst):
    response = analyst.client.get("/import")
    assert response.status_code == 200
    root = parse(response.text)
    forms = root.find_all("form", action="/import")
    assert len(forms) == 2
    assert all(f.get("enctype") == "multipart/form-data" for f in forms)
    assert root.find("textarea", name="text") is not None
    upload = root.find("input", type="file")
    assert upload.get("accept") == ".txt,.md,.html,.htm" and "multiple" in upload.attrs
    tokens = {i.get("value") for i in root.find_all("input", name="csrf_token")}
    assert tokens == {analyst.csrf}


# --- Paste and upload -----------------------------------------------------------------------


def test_pasted_text_is_imported_and_linked(analyst, story_id, session):
    article = session.get(Article, story_id)
    assert article.body == STORY.strip()
    assert article.origin == "paste"
    again = post_import(analyst, text=STORY, title="Another label")
    assert again.status_code == 200
    [(outcome, message)] = results(again)
    assert outcome == "Already present"
    assert "Strikes on Idlib" in message
    assert f'href="/articles/{story_id}-strikes-on-idlib"' in again.text


def test_files_are_uploaded_each_with_its_outcome(analyst, session):
    files = [
        ("files", ("page.html", PAGE.encode(), "text/html")),
        ("files", ("notes.md", b"# Notes\n\nThe *ministry* denied it.", "text/markdown")),
        ("files", ("../../etc/passwd.txt", b"\x00\x01\x02", "text/plain")),
        ("files", ("empty.txt", b"", "text/plain")),
    ]
    response = post_import(analyst, files=files)
    assert response.status_code == 200
    found = results(response)
    assert [outcome for outcome, _ in found] == ["Imported", "Imported", "Refused", "Refused"]
    assert found[2][1].startswith("passwd.txt")  # only the file name is kept
    assert "binary" in found[2][1] and "empty" in found[3][1]
    stored = session.execute(
        select(Article).where(Article.url == "https://tribune.example/idlib-market")
    ).scalar_one()
    assert stored.title == "Strikes on Idlib market"
    assert "alert" not in stored.body
    assert stored.origin == "upload:page.html"


def test_an_over_size_file_gets_413(analyst):
    big = ("files", ("big.txt", b"word " * (MAX_IMPORT_BYTES // 4), "text/plain"))
    response = post_import(analyst, files=[big])
    assert response.status_code == 413
    [(outcome, message)] = results(response)
    assert outcome == "Refused" and "2.0 MiB" in message


def test_an_over_size_paste_gets_413(analyst):
    response = post_import(analyst, text="a" * (MAX_IMPORT_BYTES + 1))
    assert response.status_code == 413
    too_big_to_parse = post_import(analyst, text="a" * (MAX_IMPORT_BYTES + 200_000))
    assert too_big_to_parse.status_code == 413
    assert "Paste at most 2.0 MiB" in too_big_to_parse.text


def test_an_over_size_request_is_refused_before_it_is_read(analyst):
    response = analyst.client.post(
        "/import",
        content=b"x" * 10,
        headers={"content-length": str(40 * 1024 * 1024), "content-type": "multipart/form-data"},
    )
    assert response.status_code == 413


def test_bad_paste_fields_are_shown_in_the_form(analyst):
    response = post_import(analyst, text=STORY, published_on="5 March")
    assert response.status_code == 422
    root = parse(response.text)
    assert root.find(id="published_on-error") is not None
    assert root.find("textarea", name="text").text == STORY
    bad_url = post_import(analyst, text="Brand new text for a bad URL.", url="javascript:x()")
    assert bad_url.status_code == 422
    assert "http:// or https://" in bad_url.text


def test_an_empty_submission_says_what_to_do(analyst):
    response = post_import(analyst, text="   ")
    assert response.status_code == 422
    assert "Paste the text of an article" in response.text


# --- Suggestions beside the article ---------------------------------------------------------


def test_analysts_see_suggestions_beside_the_article_and_readers_do_not(
    analyst, anonymous, story_id
):
    path = f"/articles/{story_id}-strikes-on-idlib"
    root = parse(analyst.client.get(path).text)
    cards = root.find_all("li", cls="suggestion-card")
    assert len(cards) >= 3
    first = cards[0]
    assert first.get("tabindex") == "0"
    assert "Syrian Observatory for Human Rights" in first.text
    assert "at least 40" in first.text  # the figure
    keys = [el.get("data-key") for el in first.iter() if el.get("data-key")]
    assert keys == ["a", "e", "r"]
    # A speaker Gainsay does not know: accepting creates the actor
    # (tests/services/test_unknown_speakers.py).
    unknown = next(c for c in cards if "not a known actor" in c.text)
    accept = unknown.find("button", data_key="a")
    assert "disabled" not in accept.attrs and "Create actor and accept" in accept.text
    name = unknown.find("input", name="new_actor_name")
    assert "required" in name.attrs and name.get("value") in unknown.find(cls="claimant").text
    assert "suggestion-card" not in anonymous.get(path).text


def test_accepting_makes_a_draft_claim_and_records_the_decision(analyst, story_id, session):
    pending = [s for s in suggestions_of(session, story_id) if s.claimant_id is not None]
    allegation, denial = pending[0], pending[1]
    response = analyst.client.post(f"/suggestions/{allegation.id}/accept", headers=analyst.htmx)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "claim-saved"
    assert response.text.lstrip().startswith('<aside id="claim-panel"')
    assert f'id="suggestion-{allegation.id}"' not in response.text

    [decided] = [s for s in suggestions_of(session, story_id) if s.id == allegation.id]
    assert (decided.status, decided.decided_by_id) == ("accepted", analyst.user_id)
    assert decided.decided_at is not None
    claim = session.get(Claim, decided.claim_id)
    assert claim.state == "draft" and claim.kind == "allegation"
    assert (claim.quote, claim.quote_start) == (allegation.quote, allegation.quote_start)
    assert claim.claimant_id == allegation.claimant_id
    assert claim.created_by_id == analyst.user_id

    # Accepting the denial that answers it links the two claims as the engine proposed.
    analyst.client.post(f"/suggestions/{denial.id}/accept", headers=analyst.htmx)
    [denied] = [s for s in suggestions_of(session, story_id) if s.id == denial.id]
    link = session.execute(
        select(ClaimLink).where(ClaimLink.source_id == denied.claim_id)
    ).scalar_one()
    assert (link.target_id, link.kind) == (claim.id, "rebuts")

    # Deciding again is refused with a message, not a second claim.
    again = analyst.client.post(f"/suggestions/{allegation.id}/accept", headers=analyst.htmx)
    assert again.status_code == 200 and "already accepted" in again.text
    plain = analyst.client.post(
        f"/suggestions/{allegation.id}/reject", data=analyst.form(), follow_redirects=False
    )
    assert plain.status_code == 409


def test_a_suggestion_without_a_known_claimant_cannot_be_accepted(analyst, story_id, session):
    unknown = next(s for s in suggestions_of(session, story_id) if s.claimant_id is None)
    response = analyst.client.post(
        f"/suggestions/{unknown.id}/accept", data=analyst.form(), follow_redirects=False
    )
    assert response.status_code == 422
    assert "use Edit" in response.text
    assert suggestions_of(session, story_id)[unknown.position].status == "pending"


def test_rejecting_is_stored_and_a_plain_post_goes_back_to_the_article(analyst, story_id, session):
    target = next(s for s in suggestions_of(session, story_id) if s.status == "pending")
    response = analyst.client.post(
        f"/suggestions/{target.id}/reject", data=analyst.form(), follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/articles/{story_id}-")
    [rejected] = [s for s in suggestions_of(session, story_id) if s.id == target.id]
    assert (rejected.status, rejected.decided_by_id, rejected.claim_id) == (
        "rejected",
        analyst.user_id,
        None,
    )


def test_decisions_need_the_csrf_token(analyst, story_id, session):
    target = suggestions_of(session, story_id)[0]
    response = analyst.client.post(f"/suggestions/{target.id}/reject", headers={})
    assert response.status_code == 403


def test_a_suggested_answer_shows_its_denial_type_and_accepting_keeps_it(analyst, session):
    text = (
        "The Syrian Observatory for Human Rights said 9 civilians were killed in Binnish.\n\n"
        "The Russian Defence Ministry denied the report, calling it a fabrication.\n"
    )
    assert post_import(analyst, text=text, title="Binnish strike").status_code == 200
    article = session.execute(select(Article).where(Article.title == "Binnish strike")).scalar_one()
    denial = next(s for s in suggestions_of(session, article.id) if s.kind == "denial")
    # A type the rules would not give this quote ("fabrication" reads as a dismissal), so
    # that the claim can only have it from the suggestion.
    denial.denial_type = "partial"
    session.commit()

    root = parse(analyst.client.get(f"/articles/{article.id}-binnish-strike").text)
    card = root.find("li", id=f"suggestion-{denial.id}")
    assert card.find("span", cls="denial-type").text.strip() == "partial denial"
    form = parse(analyst.client.get(f"/suggestions/{denial.id}/edit", headers=analyst.htmx).text)
    select_type = form.find("select", name="denial_type")
    chosen = select_type.find("option", where=lambda option: "selected" in option.attrs)
    assert chosen is not None and chosen.get("value") == "partial"

    analyst.client.post(f"/suggestions/{denial.id}/accept", headers=analyst.htmx)
    [accepted] = [s for s in suggestions_of(session, article.id) if s.id == denial.id]
    assert session.get(Claim, accepted.claim_id).denial_type == "partial"


def test_edit_opens_the_claim_form_and_saving_it_accepts_the_suggestion(analyst, session):
    text = (
        "The Syrian Observatory for Human Rights said 12 people died in Saraqeb on Friday.\n\n"
        "A teacher, Samer Idlibi, said the school was empty when the shells landed.\n"
    )
    assert post_import(analyst, text=text, title="Saraqeb shelling").status_code == 200
    article = session.execute(
        select(Article).where(Article.title == "Saraqeb shelling")
    ).scalar_one()
    unknown = next(s for s in suggestions_of(session, article.id) if s.claimant_id is None)
    form_page = analyst.client.get(f"/suggestions/{unknown.id}/edit", headers=analyst.htmx)
    assert form_page.status_code == 200
    root = parse(form_page.text)
    form = root.find("form", cls="claim-form")
    assert form.get("hx-post") == f"/articles/{article.id}-saraqeb-shelling/claims"
    assert root.find("textarea", name="quote").text == unknown.quote
    assert root.find("input", name="quote_start").get("value") == str(unknown.quote_start)
    assert root.find("input", name="statement").get("value") == unknown.statement

    saved = analyst.client.post(
        f"/articles/{article.id}-saraqeb-shelling/claims",
        data=analyst.form(
            quote=unknown.quote,
            quote_start=str(unknown.quote_start),
            quote_end=str(unknown.quote_end),
            statement="Samer Idlibi: the school was empty when the shells landed",
            kind="statement",
            claimant="Samer Idlibi",
            new_actor_kind="person",
        ),
        headers=analyst.htmx,
    )
    assert saved.status_code == 200, saved.text
    [edited] = [s for s in suggestions_of(session, article.id) if s.id == unknown.id]
    assert edited.status == "accepted"
    claim = session.get(Claim, edited.claim_id)
    assert claim.kind == "statement" and claim.state == "draft"
    assert edited.decided_by_id == analyst.user_id


def test_unknown_suggestions_are_404(analyst):
    assert analyst.client.get("/suggestions/999999/edit").status_code == 404
    response = analyst.client.post("/suggestions/999999/accept", data=analyst.form())
    assert response.status_code == 404


# --- The API --------------------------------------------------------------------------------


def api_post(analyst, payload, **headers):
    return analyst.client.post(
        "/api/articles",
        content=json.dumps(payload),
        headers={"content-type": "application/json", "X-CSRF-Token": analyst.csrf, **headers},
    )


def test_the_api_imports_text_and_reports_a_duplicate(analyst):
    payload = {
        "title": "Kafr Nabl clinic struck",
        "outlet": "Reuters",
        "url": "https://reuters.example/kafr-nabl",
        "published_on": "2019-05-03",
        "body": "The Syrian Civil Defence said 7 people were killed when a clinic in Kafr Nabl "
        "was hit.\n\nThe Russian Defence Ministry denied the report, calling it false.",
    }
    created = api_post(analyst, payload)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "imported" and body["suggestion_count"] >= 2
    assert created.headers["location"].endswith(f"/api/articles/{body['id']}")
    assert body["html_url"].endswith(f"/articles/{body['id']}-kafr-nabl-clinic-struck")

    again = api_post(analyst, {**payload, "body": "Other words.", "title": "x"})
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate" and again.json()["matched_on"] == "url"
    assert again.json()["id"] == body["id"]

    listed = analyst.client.get(f"/api/articles/{body['id']}/suggestions")
    assert listed.status_code == 200
    items = listed.json()
    assert [i["position"] for i in items] == sorted(i["position"] for i in items)
    first = items[0]
    assert first["claimant"]["name"] == "Syrian Civil Defence"
    assert first["status"] == "pending"
    assert payload["body"][first["start"] : first["end"]] == first["quote"]


def test_the_api_imports_html(analyst):
    page = PAGE.replace("idlib-market", "idlib-market-2").replace("14 bodies", "15 bodies")
    created = api_post(analyst, {"html": page})
    assert created.status_code == 201, created.text
    assert created.json()["title"] == "Strikes on Idlib market"
    assert created.json()["url"] == "https://tribune.example/idlib-market-2"


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"title": "no text"}, 422),
        ({"body": "x", "html": "<p>x</p>"}, 422),
        ({"body": "x", "colour": "red"}, 422),
        ({"body": "   "}, 422),
        ({"body": "text", "url": "not a url"}, 422),
        ({"body": "text", "published_on": "yesterday"}, 422),
        ({"html": "<script>x()</script>" * 50}, 422),
        ({"body": "é" * (MAX_IMPORT_BYTES // 2 + 1)}, 413),
    ],
)
def test_the_api_refuses_bad_input_with_a_problem(analyst, payload, status):
    response = api_post(analyst, payload)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_the_api_refuses_a_huge_request_before_reading_it(analyst):
    response = analyst.client.post(
        "/api/articles",
        content=b"{}",
        headers={
            "content-type": "application/json",
            "content-length": str(100 * 1024 * 1024),
            "X-CSRF-Token": analyst.csrf,
        },
    )
    assert response.status_code == 413


def test_the_api_needs_the_csrf_header_with_a_session(analyst):
    response = analyst.client.post("/api/articles", json={"body": "Some new text."})
    assert response.status_code == 403


# --- In a browser: one key per decision ------------------------------------------------------


CARDS_LEFT = "(n) => document.querySelectorAll('[data-suggestion]').length === n"
CARD_FOCUSED = (
    "() => !!document.activeElement && document.activeElement.matches('[data-suggestion]')"
)


@pytest.mark.browser
def test_keys_accept_and_reject_the_focused_suggestion(
    import_live_server, engine, session, browser
):
    from tests.conftest import Console

    user_id, _, token, _ = import_fixtures.new_analyst(engine)
    text = (
        "The Syrian Observatory for Human Rights said 9 people died in Ariha on Sunday.\n\n"
        "The Russian Defence Ministry denied the report, calling it false.\n\n"
        "The Syrian Civil Defence said its teams pulled 4 people from the rubble.\n"
    )
    with Session(engine) as writer:
        result = import_article(writer, prepare(text.encode(), None), user_id)
        writer.commit()
    context = browser.new_context()
    try:
        context.add_cookies(
            [{"name": "gainsay_session", "value": token, "url": import_live_server}]
        )
        page = context.new_page()
        console = Console(page)
        page.goto(f"{import_live_server}/articles/{result.article_id}")
        cards = page.locator("[data-suggestion]")
        total = cards.count()
        assert total >= 3
        first_id = cards.first.get_attribute("id")
        cards.first.focus()
        page.keyboard.press("a")
        page.wait_for_function(CARDS_LEFT, arg=total - 1)
        # Focus goes to the card that took the accepted one's place; R rejects it.
        page.wait_for_function(CARD_FOCUSED)
        second_id = page.evaluate("document.activeElement.id")
        assert second_id.startswith("suggestion-") and second_id != first_id
        page.keyboard.press("r")
        page.wait_for_function(CARDS_LEFT, arg=total - 2)
        # The accepted claim is now a draft highlight in the text.
        page.wait_for_selector("#article-text .hl-draft")
    finally:
        context.close()
    assert console.errors == []
    decided = {
        f"suggestion-{s.id}": (s.status, s.decided_by_id)
        for s in suggestions_of(session, result.article_id)
    }
    assert decided[first_id] == ("accepted", user_id)
    assert decided[second_id] == ("rejected", user_id)
