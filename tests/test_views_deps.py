"""What the permalinks declare they show (app.page_deps), checked against what they render.

The page cache drops a page when something it declared changes, so an entity a page shows but
does not declare would leave readers a stale page. Each test renders real pages of the seed data
and compares the declared tags with the links, cards and names in the HTML or JSON, and with the
rows in the database those came from."""

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest

from app.main import create_app
from app.page_deps import Tag, collecting
from app.settings import get_settings
from tests.conftest import TestClient, permalink
from tests.htmldoc import Element, parse

# The declarations checked are the same code on both engines (tests/test_cache_coherence.py
# runs two servers on each); this file reads the rows behind a page with sqlite3 directly.
pytestmark = pytest.mark.sqlite_only(reason="reads the rows behind each page with sqlite3")


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # some tests change rows (and put them back)


class Recorder:
    """The app, keeping the tags its last HTTP request declared (as the page cache's fill does)."""

    def __init__(self, app) -> None:
        self.app = app
        self.tags: set[Tag] = set()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with collecting() as tags:
            await self.app(scope, receive, send)
        self.tags = set(tags)


@pytest.fixture(scope="module")
def recorder(app_database) -> Iterator[Recorder]:
    # No page cache: a hit is answered before any route runs, and so declares nothing.
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("GAINSAY_PAGE_CACHE_MB", "0")
        get_settings.cache_clear()
        yield Recorder(create_app())
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def client(recorder) -> Iterator[TestClient]:
    with TestClient(recorder) as test_client:
        yield test_client


@pytest.fixture
def db(db_path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(db_path)) as connection:
        yield connection


@contextmanager
def changed(db: sqlite3.Connection, *statements: tuple[str, tuple], undo: list) -> Iterator[None]:
    """Rows changed for one test, then put back."""
    for sql, params in statements:
        db.execute(sql, params)
    db.commit()
    try:
        yield
    finally:
        for sql, params in undo:
            db.execute(sql, params)
        db.commit()


def fetch(client: TestClient, recorder: Recorder, url: str) -> tuple[Element, set[Tag]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return parse(response.text), recorder.tags


LINKED = re.compile(r"^/(disputes|articles|actors|claims)/(\d+)")
KINDS = {"disputes": "dispute", "articles": "article", "actors": "actor", "claims": "claim"}


def linked(main: Element) -> set[Tag]:
    """Every entity a link in the page's main content points at."""
    found = set()
    for element in main.iter():
        for attribute in ("href", "hx-get"):
            match = LINKED.match(element.get(attribute) or "")
            if match:
                found.add((KINDS[match[1]], int(match[2])))
    return found


def behind(db: sqlite3.Connection, claim_id: int) -> set[Tag]:
    """What a claim shown in full brings onto a page: its claimant, article, outlet, reporters."""
    article_id, claimant_id, outlet_id = db.execute(
        "SELECT c.article_id, c.claimant_id, a.outlet_id FROM claim AS c"
        " JOIN article AS a ON a.id = c.article_id WHERE c.id = ?",
        (claim_id,),
    ).fetchone()
    tags = {("claim", claim_id), ("article", article_id), ("actor", claimant_id)}
    if outlet_id is not None:
        tags.add(("actor", outlet_id))
    for (actor_id,) in db.execute(
        "SELECT actor_id FROM claim_reporter WHERE claim_id = ?", (claim_id,)
    ):
        tags.add(("actor", actor_id))
    return tags


def cards(main: Element) -> set[int]:
    return {
        int(el.get("id")[1:])
        for el in main.find_all("article", cls="claim-card")
        if re.fullmatch(r"c\d+", el.get("id") or "")
    }


# ------------------------------------------------------------------ dispute page


def test_a_dispute_page_declares_every_claim_actor_and_article_it_shows(
    client, recorder, db, seed_ids
):
    for dispute_id in seed_ids.disputes.values():
        root, tags = fetch(client, recorder, permalink(client, f"/disputes/{dispute_id}"))
        main = root.find_all("main")[0]
        shown = cards(main)
        assert shown, dispute_id
        expected = {("dispute", dispute_id)} | linked(main)
        for claim_id in shown:
            expected |= behind(db, claim_id)
        held = db.execute("SELECT claim_id FROM dispute_claim WHERE dispute_id = ?", (dispute_id,))
        expected |= {("claim", claim_id) for (claim_id,) in held}
        assert expected <= tags, (dispute_id, expected - tags)


def test_a_dispute_page_declares_its_hidden_claims_and_note_authors(client, recorder, db, seed_ids):
    dispute_id = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    hidden = seed_ids.claims["zakharova-no-evidence-000"]
    db.execute(
        "INSERT INTO user_account (created_at, updated_at, version, username, display_name,"
        " role, password_hash) VALUES ('2024-01-01', '2024-01-01', 1, 'noter', 'Noter',"
        " 'analyst', 'x')"
    )
    (user_id,) = db.execute("SELECT id FROM user_account WHERE username = 'noter'").fetchone()
    with changed(
        db,
        ("UPDATE claim SET state = 'draft' WHERE id = ?", (hidden,)),
        (
            "INSERT INTO note (created_at, updated_at, version, dispute_id, author_id, body,"
            " visibility) VALUES ('2024-01-02', '2024-01-02', 1, ?, ?, 'A note', 'public')",
            (dispute_id, user_id),
        ),
        undo=[
            ("UPDATE claim SET state = 'published' WHERE id = ?", (hidden,)),
            ("DELETE FROM note WHERE author_id = ?", (user_id,)),
            ("DELETE FROM user_account WHERE id = ?", (user_id,)),
        ],
    ):
        root, tags = fetch(client, recorder, permalink(client, f"/disputes/{dispute_id}"))
    assert hidden not in cards(root)  # readers do not see the draft...
    assert ("claim", hidden) in tags  # ...but publishing it changes the page
    assert "noter" in root.find_all("section", id="notes")[0].text  # the author's name
    assert ("user", user_id) in tags


def test_a_dispute_page_declares_the_organisations_its_origins_name(client, recorder, seed_ids):
    # Zakharova's answer counts for the Russian government, whose name the page prints in her
    # origins: renaming it changes the page, though no claim of the dispute names it.
    dispute_id = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    root, tags = fetch(client, recorder, permalink(client, f"/disputes/{dispute_id}"))
    government = seed_ids.actors["Russian government"]
    origins = root.find_all("details", cls="node-origins")
    assert any("Russian government" in details.text for details in origins)
    assert ("actor", government) in tags


def test_a_merged_disputes_redirect_declares_both_disputes(client, recorder, db, seed_ids):
    target = seed_ids.disputes["aleppo-offensive-toll-feb-2016"]
    db.execute(
        "INSERT INTO dispute (created_at, updated_at, version, title, slug, status, summary,"
        " grade_note, merged_into_id) VALUES ('2024-01-01', '2024-01-01', 1, 'Old', 'old-one',"
        " 'open', '', '', ?)",
        (target,),
    )
    db.commit()
    (merged,) = db.execute("SELECT id FROM dispute WHERE slug = 'old-one'").fetchone()
    try:
        response = client.get(f"/disputes/{merged}-old-one", follow_redirects=False)
        assert response.status_code == 301
        assert response.headers["location"].startswith(f"/disputes/{target}-")
        assert {("dispute", merged), ("dispute", target)} <= recorder.tags
    finally:
        db.execute("DELETE FROM dispute WHERE id = ?", (merged,))
        db.commit()


# ------------------------------------------------------------------ article page


def test_an_article_page_declares_its_claims_and_outlet(client, recorder, db, seed_ids):
    for article_id in seed_ids.articles.values():
        root, tags = fetch(client, recorder, permalink(client, f"/articles/{article_id}"))
        main = root.find_all("main")[0]
        expected = {("article", article_id), ("in_article", article_id)} | linked(main)
        (outlet_id,) = db.execute(
            "SELECT outlet_id FROM article WHERE id = ?", (article_id,)
        ).fetchone()
        if outlet_id is not None:
            expected.add(("actor", outlet_id))
        every = db.execute("SELECT id FROM claim WHERE article_id = ?", (article_id,))
        expected |= {("claim", claim_id) for (claim_id,) in every}
        assert expected <= tags, (article_id, expected - tags)


def test_an_article_page_declares_the_selected_claim_and_its_disputes(
    client, recorder, db, seed_ids
):
    claim_id = seed_ids.claims["aleppo-sohr-toll-000"]
    (article_id,) = db.execute("SELECT article_id FROM claim WHERE id = ?", (claim_id,)).fetchone()
    article = permalink(client, f"/articles/{article_id}")
    root, tags = fetch(client, recorder, f"{article}?claim={claim_id}")
    panel = root.find_all("aside", id="claim-panel")[0]
    assert panel.get("data-selected-claim") == str(claim_id)
    expected = linked(panel) | behind(db, claim_id)
    disputes = db.execute("SELECT dispute_id FROM dispute_claim WHERE claim_id = ?", (claim_id,))
    expected |= {("dispute", dispute_id) for (dispute_id,) in disputes}
    assert any(kind == "dispute" for kind, _ in expected)
    assert expected <= tags, expected - tags


# ------------------------------------------------------------------ claim JSON


def test_the_claim_json_declares_what_it_shows(client, recorder, db, seed_ids):
    for claim_id in seed_ids.claims.values():
        response = client.get(f"/api/claims/{claim_id}")
        assert response.status_code == 200
        claim = response.json()
        expected = {("claim", claim_id), ("actor", claim["claimant"]["id"])}
        expected |= {("actor", actor["id"]) for actor in claim["reported_via"]}
        expected |= {("claim", link["target_id"]) for link in claim["links"]}
        expected |= {("claim", link["source_id"]) for link in claim["linked_from"]}
        expected |= {("dispute", dispute_id) for dispute_id in claim["dispute_ids"]}
        assert expected <= recorder.tags, (claim_id, expected - recorder.tags)


def test_the_claim_json_declares_a_hidden_far_end(client, recorder, db, seed_ids):
    claim_id = seed_ids.claims["aleppo-sohr-toll-000"]
    answer = seed_ids.claims["zakharova-no-evidence-000"]
    shown = client.get(f"/api/claims/{claim_id}").json()
    assert answer in [link["source_id"] for link in shown["linked_from"]]
    with changed(
        db,
        ("UPDATE claim SET state = 'draft' WHERE id = ?", (answer,)),
        undo=[("UPDATE claim SET state = 'published' WHERE id = ?", (answer,))],
    ):
        hidden = client.get(f"/api/claims/{claim_id}").json()
    assert answer not in [link["source_id"] for link in hidden["linked_from"]]
    assert ("claim", answer) in recorder.tags  # publishing it brings the link back


def test_a_missing_claim_declares_its_id(client, recorder):
    assert client.get("/api/claims/999999").status_code == 404
    assert ("claim", 999999) in recorder.tags


# ------------------------------------------------------------------ actor page


def test_an_actor_page_declares_its_listing_and_what_it_links_to(client, recorder, db, seed_ids):
    """The claims it made or reported are a listing (`by_actor`): a new one must drop it."""
    for actor_id in seed_ids.actors.values():
        root, tags = fetch(client, recorder, permalink(client, f"/actors/{actor_id}"))
        main = root.find_all("main")[0]
        expected = {("actor", actor_id), ("by_actor", actor_id)} | linked(main)
        made = db.execute(
            "SELECT id FROM claim WHERE claimant_id = ? AND state = 'published'", (actor_id,)
        )
        expected |= {("claim", claim_id) for (claim_id,) in made}
        assert expected <= tags, (actor_id, expected - tags)
