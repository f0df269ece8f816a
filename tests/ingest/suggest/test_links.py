"""app/ingest/suggest/links.py: what each answer answers."""

from app.ingest.suggest import suggest_claims
from tests.ingest.suggest.fixtures import ACTORS


def test_counter_claim_and_rebuttal_links():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessalian forces of shelling the market "
        "in Marrow, killing 23 people.\n\n"
        "The Tessalian Defence Ministry denied the accusation.\n\n"
        "Arkady accused rebels of shelling the market themselves."
    )
    allegation, denial, counter = suggest_claims(body, ACTORS)
    assert (allegation.kind, denial.kind, counter.kind) == (
        "allegation",
        "denial",
        "counter_claim",
    )
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 0)]
    assert [(link.kind, link.target) for link in counter.links] == [("counter_accuses", 0)]


def test_an_answer_that_attacks_the_messenger_discredits_the_source():
    body = (
        "The Orvan Monitor for Civil Rights said shelling killed 23 people in Marrow.\n\n"
        "The Tessalian Defence Ministry rejected the report, saying the Observatory's staff "
        "are charlatans."
    )
    _, answer = suggest_claims(body, ACTORS)
    assert (answer.kind, answer.denial_type) == ("denial", "discrediting")
    assert [(link.kind, link.target) for link in answer.links] == [("discredits_source", 0)]


def test_answers_lean_to_the_side_that_says_who_did_it():
    body = (
        "Blue Crescent Rescue said 14 people were killed at the market in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights blamed Tessalian artillery for the deaths.\n\n"
        "The Tessalian Defence Ministry denied that its guns had fired on the town."
    )
    toll, blame, denial = suggest_claims(body, ACTORS)
    assert (toll.kind, blame.kind, denial.kind) == ("allegation", "allegation", "denial")
    # Not the toll reported first: the accusation it answers.
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 1)]


def test_an_accusation_made_once_the_answers_have_begun_does_not_lead():
    body = (
        "Blue Crescent Rescue said 9 workers died when fire swept the Valen Mining plant.\n\n"
        "Valen Mining denied the plant had been unsafe.\n\n"
        "Valen Mining said its inspectors had visited the plant in May.\n\n"
        "Arkady blamed the plant's inspectors for the deaths in May."
    )
    suggestions = suggest_claims(body, ACTORS)
    answers = [s for s in suggestions if s.kind == "denial"]
    assert answers
    assert all(link.target == 0 for answer in answers for link in answer.links)
