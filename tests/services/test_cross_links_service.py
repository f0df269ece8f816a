"""app/services/cross_link_proposals.py and cross_links.py: proposing, at import, links from a
new article's suggested claims to claims stored in other articles, on a small corpus of four
articles; and deciding."""

from datetime import date

import pytest
from sqlalchemy import event, select, text
from sqlmodel import Session

from app.models import (
    Article,
    ClaimLink,
    ClaimSuggestion,
    CrossLinkSuggestion,
)
from app.services import cross_link_proposals, cross_links, suggestions
from tests import cross_link_fixtures, import_fixtures

db_path = import_fixtures.db_path
corpus = cross_link_fixtures.corpus
imported = cross_link_fixtures.imported


def _proposals(session: Session, article_id: int) -> list[cross_links.CrossLinkView]:
    session.rollback()
    return cross_links.article_cross_links(session, article_id)


def _suggestion(session: Session, article_id: int, kind: str) -> ClaimSuggestion:
    return session.execute(
        select(ClaimSuggestion).where(
            ClaimSuggestion.article_id == article_id, ClaimSuggestion.kind == kind
        )
    ).scalar_one()


def test_the_same_report_is_proposed_as_the_same_claim_with_its_reason(session, corpus, imported):
    views = _proposals(session, imported)
    allegation = _suggestion(session, imported, "allegation")
    [same] = [
        v for v in views if v.target_claim_id == corpus["same"] and v.suggestion_id == allegation.id
    ]
    assert (same.kind, same.outgoing, same.status) == ("same_claim", True, "pending")
    assert same.reason.startswith("same claimant, same figure 38 civilians")
    assert "same place (Kelvar)" in same.reason and "2 days apart" in same.reason
    assert same.target_article_title == "Strike on Kelvar market"
    assert same.target_published_on == date(2026, 3, 2)


def test_the_accused_sides_denial_is_proposed_both_ways(session, corpus, imported):
    denial = _suggestion(session, imported, "denial")
    # The new denial answers the stored report of the strike, and repeats the stored denial…
    answers = {
        v.target_claim_id: v for v in _proposals(session, imported) if v.suggestion_id == denial.id
    }
    rebuttal = answers[corpus["same"]]
    assert (rebuttal.kind, rebuttal.outgoing) == ("rebuts", True)
    assert "answers a claim naming Veloria" in rebuttal.reason
    assert answers[corpus["denial"]].kind == "same_claim"
    # …and the stored denial answers the new allegation: the stored claim is the source.
    allegation = _suggestion(session, imported, "allegation")
    [stored] = [
        v
        for v in _proposals(session, imported)
        if v.target_claim_id == corpus["denial"] and v.suggestion_id == allegation.id
    ]
    assert (stored.kind, stored.outgoing) == ("rebuts", False)


def test_far_apart_dates_and_other_places_are_not_proposed(session, corpus, imported):
    targets = {v.target_claim_id for v in _proposals(session, imported)}
    assert corpus["last_year"] not in targets
    assert corpus["elsewhere"] not in targets
    assert corpus["same"] in targets


def test_proposals_are_capped_per_suggestion(session, imported):
    counts: dict[int, int] = {}
    for view in _proposals(session, imported):
        counts[view.suggestion_id] = counts.get(view.suggestion_id, 0) + 1
    assert counts and max(counts.values()) <= cross_link_proposals.PER_SUGGESTION


def test_a_link_waits_for_its_claim_then_is_made(engine, corpus, imported):
    with Session(engine) as session:
        allegation = _suggestion(session, imported, "allegation")
        [proposal] = [
            v
            for v in _proposals(session, imported)
            if v.target_claim_id == corpus["same"] and v.suggestion_id == allegation.id
        ]
        with pytest.raises(cross_links.NotAClaimYet, match="accept it first"):
            cross_links.accept_cross_link(session, proposal.id, None)
        assert session.get(CrossLinkSuggestion, proposal.id).status == "pending"

        claim = suggestions.accept(session, allegation.id, None)
        link = cross_links.accept_cross_link(session, proposal.id, None)
        assert (link.source_id, link.target_id, link.kind) == (
            claim.id,
            corpus["same"],
            "same_claim",
        )
        row = session.get(CrossLinkSuggestion, proposal.id)
        assert (row.status, row.link_id) == ("accepted", link.id)
        with pytest.raises(suggestions.AlreadyDecided):
            cross_links.reject_cross_link(session, proposal.id, None)

        # A stored denial rebutting the new allegation: the stored claim is the source.
        [incoming] = [
            v
            for v in _proposals_in(session, imported)
            if v.target_claim_id == corpus["denial"] and v.suggestion_id == allegation.id
        ]
        link = cross_links.accept_cross_link(session, incoming.id, None)
        assert (link.source_id, link.target_id, link.kind) == (corpus["denial"], claim.id, "rebuts")
        assert session.get(ClaimLink, link.id) is not None
        session.rollback()


def _proposals_in(session: Session, article_id: int) -> list[cross_links.CrossLinkView]:
    session.flush()
    return cross_links.article_cross_links(session, article_id)


def test_rejecting_a_proposal_is_stored(engine, imported):
    with Session(engine) as session:
        proposal = _proposals(session, imported)[0]
        cross_links.reject_cross_link(session, proposal.id, None)
        row = session.get(CrossLinkSuggestion, proposal.id)
        assert (row.status, row.link_id) == ("rejected", None)
        assert row.decided_at is not None
        session.rollback()


def test_nothing_is_proposed_without_suggestions(engine, corpus):
    with Session(engine) as session:
        # A stored article that never had suggestions (the seed articles' claims are curated).
        article_id = session.execute(
            select(Article.id).where(Article.origin.like("seed:%")).limit(1)
        ).scalar_one()
        assert cross_link_proposals.propose_cross_links(session, article_id) == 0
        assert cross_link_proposals.propose_cross_links(session, 10**6) == 0  # no such article
        assert cross_links.article_cross_links(session, article_id) == []


@pytest.mark.sqlite_only(reason="reads SQLite's query plans")
def test_candidate_queries_use_indexes_never_a_full_scan(engine, corpus, imported):
    """The database may hold a million claims: every query proposing links is an index lookup
    or a range over one, never a scan of claims, figures or articles."""
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    with Session(engine) as session:
        event.listen(engine, "before_cursor_execute", record)
        try:
            cross_link_proposals.propose_cross_links(session, imported)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        assert len(statements) >= 4
        for statement, parameters in statements:
            plan = session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters
            )
            details = [row[-1] for row in plan]
            # A full-text table read through its MATCH index (":M" in the plan) is a lookup;
            # "SCAN anon_1" reads the (limited) rows of one lookup of a UNION ALL.
            full_scans = [
                d
                for d in details
                if d.startswith("SCAN ")
                and " USING " not in d
                and ":M" not in d
                and not d.startswith("SCAN anon_")
            ]
            assert not full_scans, (statement, details)
            assert not [d for d in details if "TEMP B-TREE" in d], (statement, details)
        session.rollback()


def test_the_migration_made_the_candidate_indexes(engine):
    with Session(engine) as session:
        if engine.dialect.name == "sqlite":
            names = set(
                session.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
                .scalars()
                .all()
            )
        else:
            names = set(session.execute(text("SELECT indexname FROM pg_indexes")).scalars())
    assert {"ix_figure_counts_low", "ix_article_published_on", "ix_claim_claimant_recent"} <= names
