"""Origins and independence (app/services/origins.py): per assertion and per side, from the
reporting chains stored per claim, on the evidence page and at /api/disputes/{id}/origins."""

from sqlalchemy import event
from sqlmodel import Session

from app.services.origins import ORIGINS_RULE, origin_counts
from app.templating import templates
from tests.htmldoc import parse

ALEPPO = "aleppo-offensive-toll-feb-2016"
IDLIB = "idlib-bombing-sept-2017"


def origins(client, seed_ids, slug):
    response = client.get(f"/api/disputes/{seed_ids.disputes[slug]}/origins")
    assert response.status_code == 200
    body = response.json()
    return body, {a["claim_id"]: a for a in body["assertions"]}


def test_same_claim_merges_carriers_into_one_origin(client, seed_ids):
    _, by_claim = origins(client, seed_ids, ALEPPO)
    sohr = by_claim[seed_ids.claims["aleppo-sohr-toll-000"]]
    # SOHR's toll, carried by two articles (one outlet named, one not): one origin, two outlets.
    assert sohr["claim_ids"] == [
        seed_ids.claims["aleppo-sohr-toll-000"],
        seed_ids.claims["aleppo-sohr-toll-002"],
    ]
    assert seed_ids.claims["aleppo-sohr-toll-002"] not in by_claim  # not counted twice
    assert sohr["independent_origins"] == 1
    assert [o["name"] for o in sohr["origins"]] == ["Syrian Observatory for Human Rights"]
    assert sohr["outlets"] == 2
    assert [c["chain"] for c in sohr["chains"]] == [
        ["Syrian Observatory for Human Rights", "Caribbean Broadcasting Corporation"],
        ["Syrian Observatory for Human Rights", "an outlet not named in the text"],
    ]
    turkey = by_claim[seed_ids.claims["turkey-16-civilians-002"]]
    assert (turkey["side"], turkey["independent_origins"]) == ("allegation", 1)


def test_sides_count_independent_origins(client, seed_ids):
    body, _ = origins(client, seed_ids, ALEPPO)
    assert body["allegations"]["independent_origins"] == 3  # SOHR, Turkey, Merkel
    assert {o["name"] for o in body["allegations"]["origins"]} == {
        "Syrian Observatory for Human Rights",
        "Turkish government",
        "Angela Merkel",
    }
    # Zakharova speaks for the Russian Foreign Ministry, under the Russian government.
    assert [o["name"] for o in body["answers"]["origins"]] == ["Russian government"]
    assert body["rule"] == ORIGINS_RULE


def test_a_spokesman_and_his_ministry_are_one_origin(client, seed_ids):
    body, by_claim = origins(client, seed_ids, IDLIB)
    # Five answers from the Defence Ministry and its spokesman: one independent origin.
    assert body["answers"]["claims"] == 5
    assert body["answers"]["independent_origins"] == 1
    assert [o["name"] for o in body["answers"]["origins"]] == ["Russian government"]
    # The rescue workers' toll, corroborated by one of their own: still one origin.
    toll = by_claim[seed_ids.claims["idlib-civil-defence-150-003"]]
    assert sorted(toll["corroborated_by"]) == sorted(
        [
            seed_ids.claims["abu-al-azem-152-bodies-003"],
            seed_ids.claims["idlib-hospitals-destroyed-003"],
        ]
    )
    assert toll["independent_origins_with_corroboration"] == 1
    charlatans = by_claim[seed_ids.claims["konashenkov-charlatans-003"]]
    assert charlatans["side"] == "answer"
    assert toll["answers"].count(charlatans["claim_id"]) == 1


def test_relays_count_as_outlets_not_origins(client, seed_ids):
    _, by_claim = origins(client, seed_ids, "maarat-al-numan-strike-jul-2019")
    fake = by_claim[seed_ids.claims["russia-fake-004"]]
    assert fake["chains"][0]["chain"] == [
        "Russian government",
        "Deutsche Welle",
        "an outlet not named in the text",
    ]
    assert (fake["independent_origins"], fake["outlets"]) == (1, 2)


def test_unknown_dispute_is_a_problem(client):
    response = client.get("/api/disputes/999999/origins")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/disputes/0/origins").status_code == 422


def test_page_states_the_rule_and_the_counts(client, seed_ids):
    dispute = seed_ids.disputes[IDLIB]
    moved = client.get(f"/disputes/{dispute}-old-title/evidence", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == f"/disputes/{dispute}-{IDLIB}/evidence"
    page = client.get(moved.headers["location"])
    assert page.status_code == 200
    doc = parse(page.text)
    section = doc.find("section", cls="evidence-origins")
    assert "Two origins are independent only when they belong to different organisations" in (
        section.text
    )
    sides = " ".join(" ".join(p.text.split()) for p in section.find_all(cls="origin-side"))
    assert "Answers: 5 claims from 1 independent origin (Russian government)" in sides
    link = doc.find("link", rel="alternate")
    assert link.get("href") == f"/api/disputes/{dispute}/origins"
    assert client.get("/disputes/999999-x/evidence").status_code == 404


def test_counts_for_the_dispute_cards(engine, seed_ids):
    with Session(engine) as session:
        counts = origin_counts(session, [seed_ids.disputes[ALEPPO], seed_ids.disputes[IDLIB]])
    aleppo = counts[seed_ids.disputes[ALEPPO]]
    assert (aleppo.allegation_origins, aleppo.answer_origins) == (3, 1)
    idlib = counts[seed_ids.disputes[IDLIB]]
    assert (idlib.allegation_origins, idlib.answer_origins, idlib.answer_outlets) == (2, 1, 1)


def test_counts_for_a_list_take_a_fixed_number_of_queries(engine, seed_ids):
    """The home page shows dozens of cards: the counts come in one batch, not per dispute."""
    statements = []

    def count(*_args: object) -> None:
        statements.append(1)

    disputes = sorted(seed_ids.disputes.values())
    with Session(engine) as session:
        event.listen(engine, "before_cursor_execute", count)
        try:
            counts = origin_counts(session, disputes)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert set(counts) == set(disputes)
    # Disputes, claims, reporters, figures, links, and the actor tree three levels deep.
    assert 0 < len(statements) <= 9


def test_the_card_partial_shows_the_counts(engine, seed_ids):
    dispute = seed_ids.disputes[IDLIB]
    with Session(engine) as session:
        counts = origin_counts(session, [dispute])[dispute]
    partial = templates.env.get_template("partials/evidence_card_counts.html")
    shown = " ".join(parse(partial.render(counts=counts)).text.split())
    assert shown == "Independent origins: 2 alleging, 1 answering (outlets: 1 and 1)"
    assert partial.render(counts=None).strip() == ""


def test_the_dispute_cards_on_home_and_the_list_show_their_origins(client):
    expected = "Independent origins: 2 alleging, 1 answering (outlets: 1 and 1)"
    for path in ("/", "/disputes?limit=50"):
        page = parse(client.get(path).text)
        tiles = [" ".join(t.text.split()) for t in page.find_all("li", cls="dispute-tile")]
        assert tiles, path
        assert any(expected in tile for tile in tiles), (path, tiles[:2])
        assert all("Independent origins:" in tile for tile in tiles), path


def test_lean_actor_roots_are_actor_roots(engine, seed_ids):
    """The dispute permalink's walk to each actor's family top, a statement per generation,
    gives what the ORM walk gives: for each actor alone, and for all at once (past the
    smallest `IN` size, so padded)."""
    from sqlalchemy import text

    from app.db import read_transaction
    from app.services.evidence import actor_roots, lean_actor_roots

    with Session(engine) as session:
        everyone = set(session.execute(text("SELECT id FROM actor")).scalars())
        expected = actor_roots(session, everyone)
    assert len(everyone) > 16
    # Some actor has a family above it, or this test would not test the walk.
    assert any(root.id != actor_id for actor_id, root in expected.items())
    with read_transaction(engine) as read:
        assert lean_actor_roots(read, everyone) == expected
        for actor_id in everyone:
            assert lean_actor_roots(read, {actor_id}) == {actor_id: expected[actor_id]}


def test_lean_actor_roots_start_from_the_actors_the_caller_knows(engine, seed_ids, monkeypatch):
    """Given some actors with their parents (as the dispute page reads them), the walk reads
    only what is above them, and finds the same tops."""
    from sqlalchemy import text

    from app.db import read_transaction
    from app.services import evidence
    from app.services.evidence import actor_roots, lean_actor_roots
    from app.services.views import ActorRef

    with Session(engine) as session:
        rows = session.execute(text("SELECT id, name, slug, kind, parent_id FROM actor")).all()
        everyone = {row[0] for row in rows}
        expected = actor_roots(session, everyone)
    children = {row[0]: (ActorRef(*row[:4]), row[4]) for row in rows if row[4] is not None}
    assert children  # some actor has a parent: the walk goes up from what it was given
    read_ids: list[int] = []
    real = evidence._actor_rows

    def counted(session, actor_ids):
        read_ids.extend(actor_ids)
        return real(session, actor_ids)

    monkeypatch.setattr(evidence, "_actor_rows", counted)
    with read_transaction(engine) as read:
        assert lean_actor_roots(read, set(children), children) == {
            actor_id: expected[actor_id] for actor_id in children
        }
    assert read_ids  # their parents were read
    assert not set(read_ids) & set(children)  # the known actors were not read again
