"""Origins and independence (app/services/origins.py): per assertion and per side, from the
reporting chains stored per claim, on the evidence page and at /api/disputes/{id}/origins."""

from sqlalchemy import event
from sqlmodel import Session

from app.services.evidence import DisputeEvidence, EvidenceDispute, HeldClaim, HeldLink
from app.services.origins import ORIGINS_RULE, origin_counts, origins_of
from app.services.views import ActorRef, ArticleRef
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


def _claim(claim_id, kind, claimant, article, *relays):
    return HeldClaim(claim_id, kind, None, "", "", "", "", None, article, claimant, relays)


def _by_claims(claims, roots):
    """The rule read claim by claim: each claimant's organisation and each outlet (the media
    relays, then the article's outlet, or the article itself when unnamed), first met first."""
    origins, outlets = {}, {}
    for claim in claims:
        root = roots.get(claim.claimant.id, claim.claimant)
        origins.setdefault(root.id, root)
        for relay in claim.reported_via:
            if relay.kind == "media":
                outlets.setdefault(("actor", relay.id), relay.name)
        if claim.article.outlet is not None:
            outlets.setdefault(("actor", claim.article.outlet.id), claim.article.outlet.name)
        else:
            unnamed = f"outlet not named (“{claim.article.title}”)"
            outlets.setdefault(("article", claim.article.id), unnamed)
    return tuple(origins.values()), tuple(outlets.values())


def test_assertions_corroboration_and_sides_join_their_claims_origins_in_order():
    # origins_of reads each claim once, per assertion, and joins the assertions' origins for
    # the corroborated ones and for each side: in the order a walk over their claims meets them.
    agency, paper, tv = (
        ActorRef(i, name, name, "media") for i, name in ((1, "AFP"), (2, "Le Monde"), (3, "TV"))
    )
    ministry = ActorRef(10, "Ministry", "ministry", "government")
    spokesman = ActorRef(11, "Spokesman", "spokesman", "person")
    monitor = ActorRef(12, "Monitor", "monitor", "ngo")
    witness = ActorRef(13, "Witness", "witness", "person")
    by_paper = ArticleRef(100, "One", "one", paper, None, None)
    by_tv = ArticleRef(101, "Two", "two", tv, None, None)
    unnamed = ArticleRef(102, "Three", "three", None, None, None)
    claims = [
        _claim(1, "allegation", monitor, by_tv, agency),
        _claim(2, "allegation", witness, unnamed),
        _claim(3, "allegation", monitor, by_paper, tv),  # carries claim 1
        _claim(4, "corroboration", witness, by_paper, agency),  # corroborates 1
        _claim(5, "denial", spokesman, by_tv),
        _claim(6, "denial", ministry, by_paper, agency),
    ]
    links = [
        HeldLink("same_claim", 3, 1),
        HeldLink("corroborates", 4, 1),
        HeldLink("rebuts", 5, 1),
        HeldLink("rebuts", 6, 2),
    ]
    about = EvidenceDispute(1, "A dispute", "a-dispute", "open", "", None, "", None)
    evidence = DisputeEvidence(about, claims, links)
    evidence.roots = {11: ministry}
    view = origins_of(evidence)
    by_lead = {node.lead.id: node for node in view.nodes}
    assert sorted(by_lead) == [1, 2, 4, 5, 6]
    one = by_lead[1]
    assert [chain.claim_id for chain in one.chains] == [1, 3]
    assert (one.origins, one.outlets) == _by_claims([claims[0], claims[2]], {})
    assert one.outlets == ("AFP", "TV", "Le Monde")
    assert one.corroborated_by == (4,)
    assert one.origins_with_corroboration == (monitor, witness)
    assert by_lead[2].outlets == ("outlet not named (“Three”)",)
    # A side's claims by assertion, each with its carriers (1 and 3), as the sides list them.
    allegations = [claims[0], claims[2], claims[1], claims[3]]
    assert view.allegations.claims == 4
    assert (view.allegations.origins, view.allegations.outlets) == _by_claims(allegations, {})
    assert view.allegations.outlets == ("AFP", "TV", "Le Monde", "outlet not named (“Three”)")
    # The spokesman speaks for the ministry: one origin for the two answers.
    assert view.answers.claims == 2
    assert (view.answers.origins, view.answers.outlets) == _by_claims(claims[4:], evidence.roots)
    assert view.answers.origins == (ministry,)
    assert view.answers.outlets == ("TV", "AFP", "Le Monde")
