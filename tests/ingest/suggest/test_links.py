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
