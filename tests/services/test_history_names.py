"""app/services/history_names.py: a history shows the objects a change names by their names,
linked to their pages, not by their ids ("claimant id 12", "reported via 34")."""

from datetime import datetime

from sqlmodel import Session

from app.db import write_session
from app.models import Actor, Article, Claim
from app.schemas import ClaimCreate, LinkCreate
from app.services.edit import claims as claim_edits
from app.services.edit import links as link_edits
from app.services.history import ChangeView
from app.services.history_names import Named, field_kind, field_label, names_for, referenced
from tests import workspace_fixtures as ws
from tests.htmldoc import parse
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES

analyst = ws.analyst
db_path = ws.db_path


def test_which_fields_name_objects():
    assert field_kind("claim", "claimant_id") == "actor"
    assert field_kind("claim", "reported_via") == "actor"
    assert field_kind("link", "source_id") == "claim"
    assert field_kind("actor", "parent_id") == "actor"
    assert field_kind("note", "parent_id") is None  # a note's parent note has no page
    assert field_kind("claim", "statement") is None
    assert referenced("claim", "reported_via", [3, 4]) == [3, 4]
    assert referenced("claim", "claimant_id", 3) == [3]
    assert referenced("claim", "claimant_id", None) is None
    assert referenced("claim", "statement", "3") is None
    assert field_label("claim", "claimant_id") == "claimant"
    assert field_label("actor", "parent_id") == "part of"
    assert field_label("claim", "quote_start") == "quote start"


def test_names_are_looked_up_and_a_missing_object_is_named_as_gone(session, seed_ids):
    actor = seed_ids.actors["United Nations"]
    change = ChangeView(
        1, "claim", 1, "update", datetime(2026, 1, 1), None,
        {"claimant_id": actor, "statement": "a"}, {"claimant_id": 999_999, "statement": "b"}, None,
    )  # fmt: skip

    names = names_for(session, [change])

    assert set(names) == {("actor", actor), ("actor", 999_999)}
    assert names[("actor", actor)].name == "United Nations"
    assert names[("actor", 999_999)] == Named("actor", 999_999, None)


def history_rows(person: ws.Person, entity: str, entity_id: int) -> dict[str, object]:
    """The newest change's table: field label → its "after" cell."""
    page = parse(person.client.get(f"/history/{entity}/{entity_id}").text)
    newest = page.find("li", cls="history-item")
    return {row.find("th").text: row.find("td", cls="after") for row in newest.find_all("tr")[1:]}


def test_a_claims_history_names_its_claimant_reporters_and_article(
    engine, db_path, analyst, seed_ids
):
    claimant = seed_ids.actors["Syrian Observatory for Human Rights"]
    reporters = [
        seed_ids.actors["Caribbean Broadcasting Corporation"],
        seed_ids.actors["United Nations"],
    ]
    article_id = seed_ids.articles[ARTICLE_FILE]
    with write_session(engine) as session:
        claim = claim_edits.create_claim(
            session,
            ClaimCreate(
                article_id=article_id,
                kind="statement",
                statement="Thousands wait at the border",
                claimant_id=claimant,
                reported_via=reporters,
                quote=FREE_QUOTES[0],
            ),
            analyst.user_id,
        )
        session.commit()
        claim_id = claim.id
    with Session(engine) as session:
        actors = {a: session.get(Actor, a) for a in (claimant, *reporters)}
        article = session.get(Article, article_id)

    rows = history_rows(analyst, "claim", claim_id)

    assert "claimant id" not in rows and "claimant" in rows
    [claimant_link] = rows["claimant"].find_all("a")
    assert claimant_link.text == actors[claimant].name
    assert claimant_link.get("href") == f"/actors/{claimant}-{actors[claimant].slug}"
    via = rows["reported via"]
    assert [a.text for a in via.find_all("a")] == [actors[r].name for r in reporters]
    assert " → " in via.text
    [article_link] = rows["article"].find_all("a")
    assert (article_link.text, article_link.get("href")) == (
        article.title,
        f"/articles/{article_id}-{article.slug}",
    )


def test_a_links_history_names_both_claims(engine, db_path, analyst, seed_ids):
    source = seed_ids.claims["un-300000-displaced-004"]
    target = seed_ids.claims["humanitarian-nightmare-004"]
    with write_session(engine) as session:
        link = link_edits.create_link(
            session, LinkCreate(source_id=source, target_id=target, kind="corroborates"),
            analyst.user_id,
        )  # fmt: skip
        session.commit()
        link_id = link.id
    with Session(engine) as session:
        statements = {c: session.get(Claim, c).statement for c in (source, target)}

    rows = history_rows(analyst, "link", link_id)

    for label, claim_id in (("answering claim", source), ("answered claim", target)):
        [claim_link] = rows[label].find_all("a")
        assert claim_link.get("href") == f"/claims/{claim_id}"
        assert claim_link.text.rstrip("…") in statements[claim_id]
