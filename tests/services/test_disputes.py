"""app/services/disputes.py: allegations laid out beside their answers."""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

import pytest

from app.models import Article, Claim, ClaimLink, Dispute, DisputeClaim
from app.services.disputes import (
    DisputeRef,
    Node,
    build_dispute_view,
    get_dispute_view,
    list_disputes,
)
from app.services.evidence import Sides
from app.services.views import ActorRef, ArticleRef, ClaimCard, FigureView, LinkView

DISPUTE = DisputeRef(1, "A dispute", "a-dispute", "open", "")
NOW = datetime(2024, 1, 1, tzinfo=UTC)
OUTLET = ActorRef(90, "Daily Paper", "daily-paper", "media")
_link_ids = count(1)


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # one test adds rows (in a transaction it rolls back)


def article(article_id: int, outlet: ActorRef | None = None) -> ArticleRef:
    return ArticleRef(
        article_id, f"Article {article_id}", f"article-{article_id}", outlet, None, None
    )


def actor(actor_id: int) -> ActorRef:
    return ActorRef(actor_id, f"Actor {actor_id}", f"actor-{actor_id}", "person")


def card(claim_id: int, kind: str = "allegation", *, article_id: int = 1, **extra) -> ClaimCard:
    return ClaimCard(
        id=claim_id,
        kind=kind,
        state="published",
        statement=f"claim {claim_id}",
        quote=f"quote {claim_id}",
        quote_start=0,
        quote_end=5,
        quote_prefix="",
        quote_suffix="",
        event_place="",
        event_time="",
        event_date=None,
        created_at=NOW,
        updated_at=NOW,
        article=extra.pop("article", article(article_id)),
        claimant=extra.pop("claimant", actor(claim_id)),
        **extra,
    )


def link(source: ClaimCard, kind: str, target: ClaimCard) -> None:
    """Record `source kind target` on both cards, as claim_cards() does."""
    view = LinkView(next(_link_ids), kind, source.id, target.id)
    source.links_out.append(view)
    target.links_in.append(view)


def lead_ids(nodes: list[Node]) -> list[int]:
    return [n.lead.id for n in nodes]


def answer_tree(node: Node) -> list:
    """[(link kind, lead id, its own answer tree), …]: the answers under a node."""
    return [(a.kind, a.node.lead.id, answer_tree(a.node)) for a in node.answers]


def test_same_claim_carriers_are_one_node():
    first = card(1, article_id=1)
    second = card(2, article_id=2)
    denial = card(3, "denial")
    link(second, "same_claim", first)
    link(denial, "rebuts", first)

    view = build_dispute_view(DISPUTE, [first, second, denial])

    [row] = view.rows
    assert [c.id for c in row.allegation.carriers] == [1, 2]
    assert [(a.kind, a.node.lead.id) for a in row.answers] == [("rebuts", 3)]
    assert view.allegation_count == 2
    assert view.answer_count == 1


def test_an_answer_to_a_later_carrier_joins_the_group():
    first, second = card(1, article_id=1), card(2, article_id=2)
    link(first, "same_claim", second)
    answer = card(3, "denial")
    link(answer, "rebuts", second)  # answers the carrier held second

    view = build_dispute_view(DISPUTE, [first, second, answer])

    [row] = view.rows
    assert row.allegation.lead.id == 1
    assert [a.node.lead.id for a in row.answers] == [3]


def test_an_answer_to_an_answer_is_nested():
    allegation = card(1)
    denial = card(2, "denial")
    retort = card(3, "counter_claim")
    link(denial, "rebuts", allegation)
    link(retort, "counter_accuses", denial)

    view = build_dispute_view(DISPUTE, [allegation, denial, retort])

    [row] = view.rows
    assert row.allegation.lead.id == 1
    [answer] = row.answers
    assert answer.node.lead.id == 2
    assert [(a.kind, a.node.lead.id) for a in answer.node.answers] == [("counter_accuses", 3)]
    assert view.allegation_count == 1
    assert view.answer_count == 2


def test_a_two_claim_cycle_terminates():
    a, b = card(1), card(2)
    link(a, "rebuts", b)
    link(b, "rebuts", a)

    view = build_dispute_view(DISPUTE, [a, b])

    # both answer something, so neither is an allegation; each is shown once per branch
    [row] = view.rows
    assert row.allegation is None
    [top] = row.answers
    assert top.node.lead.id == 1
    assert [(x.kind, x.node.lead.id) for x in top.node.answers] == [("rebuts", 2)]
    assert top.node.answers[0].node.answers == []
    assert (view.allegation_count, view.answer_count) == (0, 2)


def test_a_longer_cycle_under_an_allegation_terminates():
    allegation = card(1)
    a, b, c = card(2, "denial"), card(3, "counter_claim"), card(4, "counter_claim")
    link(a, "rebuts", allegation)
    link(b, "rebuts", a)
    link(c, "rebuts", b)
    link(a, "rebuts", c)  # closes a → b → c → a

    view = build_dispute_view(DISPUTE, [allegation, a, b, c])

    [row] = view.rows
    assert row.allegation.lead.id == 1
    # each claim shown once per branch: the walk stops where it would meet `a` again
    assert answer_tree(row.allegation) == [
        ("rebuts", 2, [("rebuts", 3, [("rebuts", 4, [])])]),
    ]


def test_a_denial_with_no_link_lands_in_a_last_row_without_allegation():
    allegation = card(1)
    linked_denial = card(2, "denial")
    loose_denial = card(3, "denial")
    link(linked_denial, "rebuts", allegation)

    view = build_dispute_view(DISPUTE, [allegation, loose_denial, linked_denial])

    assert len(view.rows) == 2
    assert view.rows[0].allegation.lead.id == 1
    assert [a.node.lead.id for a in view.rows[0].answers] == [2]
    last = view.rows[-1]
    assert last.allegation is None
    assert [a.node.lead.id for a in last.answers] == [3]
    assert view.allegation_count == 1
    assert view.answer_count == 2


def test_corroboration_is_shown_as_support_and_its_answers_join_the_row_once():
    toll = card(1)
    breakdown = card(2, "allegation")
    denial = card(3, "denial")
    link(breakdown, "corroborates", toll)
    link(denial, "rebuts", toll)
    link(denial, "rebuts", breakdown)

    view = build_dispute_view(DISPUTE, [toll, breakdown, denial])

    [row] = view.rows
    assert lead_ids(row.allegation.support) == [2]
    assert [a.node.lead.id for a in row.answers] == [3]
    assert view.allegation_count == 2


def test_links_to_claims_outside_the_dispute_are_ignored():
    inside = card(1)
    outside = card(99)
    answer = card(2, "counter_claim")
    link(answer, "rebuts", outside)
    link(inside, "same_claim", outside)

    view = build_dispute_view(DISPUTE, [inside, answer])

    assert [r.allegation.lead.id for r in view.rows] == [1, 2]
    assert all(not r.answers for r in view.rows)
    assert (view.allegation_count, view.answer_count) == (2, 0)


def test_figures_sources_and_actors_are_collected():
    reporter = actor(50)
    allegation = card(
        1,
        article=article(7, OUTLET),
        reported_via=[reporter],
        figures=[FigureView(500, None, "at least", "killed", "at least 500")],
    )
    denial = card(
        2, "denial", article_id=8, figures=[FigureView(0, None, "", "civilians", "no civilians")]
    )
    link(denial, "rebuts", allegation)

    view = build_dispute_view(DISPUTE, [allegation, denial])

    assert [(f.claim.id, f.side) for f in view.figures] == [(1, "allegation"), (2, "answer")]
    assert [a.id for a in view.articles] == [7, 8]
    roles = {s.actor.id: s.roles for s in view.actors}
    assert roles[allegation.claimant.id] == ("claimant",)
    assert roles[50] == ("reported it",)
    assert roles[OUTLET.id] == ("published it",)
    assert roles[denial.claimant.id] == ("claimant",)


@dataclass(frozen=True)
class _Held:
    """A claim as the evidence holds it: another object than the page's card, same id."""

    id: int
    kind: str


def test_the_evidence_groups_lay_the_exchange_out_as_the_cards_alone_do():
    allegation, carrier, later = card(1), card(2, article_id=2), card(3)
    first_answer, second_answer = card(4, "denial"), card(5, "counter_claim")
    support, retort = card(6), card(7, "counter_claim")
    # Link ids against the held order: the answer held last is linked first.
    link(second_answer, "counter_accuses", allegation)
    link(first_answer, "rebuts", carrier)
    link(carrier, "same_claim", allegation)
    link(support, "corroborates", allegation)
    link(retort, "rebuts", first_answer)
    link(later, "rebuts", retort)
    cards = [allegation, carrier, later, first_answer, second_answer, support, retort]
    # The evidence's links between held claims, in the order the claims are held.
    links = [item for c in cards for item in c.links_out]
    sides = Sides([_Held(c.id, c.kind) for c in cards], links)

    alone = build_dispute_view(DISPUTE, cards)
    shared = build_dispute_view(DISPUTE, cards, sides)

    def laid_out(view) -> list:
        return [
            (
                row.allegation and [c.id for c in row.allegation.carriers],
                row.allegation and lead_ids(row.allegation.support),
                [(a.kind, a.node.lead.id, answer_tree(a.node)) for a in row.answers],
            )
            for row in view.rows
        ]

    assert laid_out(shared) == laid_out(alone)
    assert laid_out(shared)[0] == (
        [1, 2],
        [6],
        [("rebuts", 4, [("rebuts", 7, [("rebuts", 3, [])])]), ("counter_accuses", 5, [])],
    )
    # The cards themselves, not the evidence's claims, are what the exchange shows.
    assert shared.rows[0].allegation.carriers == [allegation, carrier]
    assert sides.supporting == {6}
    assert (shared.allegation_count, shared.answer_count) == (3, 4)
    assert (alone.allegation_count, alone.answer_count) == (3, 4)


def test_an_empty_dispute_has_no_rows():
    view = build_dispute_view(DISPUTE, [])
    assert (view.rows, view.allegation_count, view.answer_count) == ([], 0, 0)


# ------------------------------------------------------------------ on the seed data


def test_seed_aleppo_toll_groups_both_articles_and_shows_zakharova_beside(session, seed_ids):
    claims = seed_ids.claims
    view = get_dispute_view(session, seed_ids.disputes["aleppo-offensive-toll-feb-2016"])

    first = view.rows[0]
    carriers = [c.id for c in first.allegation.carriers]
    assert carriers == [claims["aleppo-sohr-toll-000"], claims["aleppo-sohr-toll-002"]]
    assert [(a.kind, a.node.lead.id) for a in first.answers] == [
        ("rebuts", claims["zakharova-no-evidence-000"])
    ]
    assert lead_ids(first.allegation.support) == [claims["aleppo-sohr-breakdown-000"]]


def test_seed_a10_dispute_nests_the_rebuttals_of_the_counter_claim(session, seed_ids):
    claims = seed_ids.claims
    view = get_dispute_view(session, seed_ids.disputes["us-a10-aleppo-strike-feb-2016"])

    [row] = view.rows
    assert row.allegation.lead.id == claims["russia-aleppo-civilian-casualties-002"]
    by_lead = {a.node.lead.id: a for a in row.answers}
    a10 = by_lead[claims["konashenkov-us-a10-002"]]
    assert a10.kind == "counter_accuses"
    assert claims["konashenkov-only-coalition-001"] in [c.id for c in a10.node.carriers]
    nested = {a.node.lead.id for a in a10.node.answers}
    assert claims["state-dept-no-us-missions-002"] in nested


def test_dispute_list_counts_match_the_dispute_pages(session):
    page = list_disputes(session, limit=100, offset=0)
    assert page.items

    for summary in page.items:
        view = get_dispute_view(session, summary.dispute.id)
        assert (summary.allegations, summary.answers) == (
            view.allegation_count,
            view.answer_count,
        ), summary.dispute.slug


def test_dispute_list_counts_a_same_claim_answer_like_the_page(session, seed_ids):
    """The same counter-claim carried by a second article (linked "same claim" only) is shown
    on the dispute page as part of the answer; the dispute list must count it the same way."""
    claims = seed_ids.claims
    a10 = session.get(Claim, claims["konashenkov-us-a10-002"])
    other_article = session.get(Article, seed_ids.articles["001_e294a4666c13ffc9.txt"])
    carrier = Claim(
        article_id=other_article.id,
        claimant_id=a10.claimant_id,
        kind="counter_claim",
        statement="The A-10 claim again, in another article",
        quote=other_article.body[:40],
        quote_start=0,
        quote_end=40,
    )
    dispute = Dispute(title="Counting test", slug="counting-test")
    session.add_all([carrier, dispute])
    session.flush()
    session.add(ClaimLink(source_id=carrier.id, target_id=a10.id, kind="same_claim"))
    held = [claims["russia-aleppo-civilian-casualties-002"], a10.id, carrier.id]
    for position, claim_id in enumerate(held):
        session.add(DisputeClaim(dispute_id=dispute.id, claim_id=claim_id, position=position))
    session.flush()

    view = get_dispute_view(session, dispute.id)
    [summary] = [
        s for s in list_disputes(session, limit=100, offset=0).items if s.dispute.id == dispute.id
    ]

    [row] = view.rows  # the page shows both carriers as one answer
    assert [c.id for c in row.answers[0].node.carriers] == [a10.id, carrier.id]
    assert (view.allegation_count, view.answer_count) == (1, 2)
    assert (summary.allegations, summary.answers) == (view.allegation_count, view.answer_count)
