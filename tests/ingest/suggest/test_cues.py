"""app/ingest/suggest/cues.py: reporting verbs and phrases that make a sentence a claim."""

from tests.ingest.suggest.fixtures import ACTORS, only, suggest_by_rules


def test_revising_a_toll_gives_ones_own_figure():
    body = "The Orvan Monitor for Civil Rights has raised the toll to 17, including four children."
    claim = only(suggest_by_rules(body, ACTORS))
    assert claim.claimant_name == "Orvan Monitor for Civil Rights"
    assert claim.cue == "raised the toll to"
    # Not revising it gives nothing.
    body = "By the evening the Orvan Monitor for Civil Rights had not updated its figure."
    assert suggest_by_rules(body, ACTORS) == []


def test_a_body_that_concludes_in_the_first_person_makes_a_claim():
    body = "We conclude that the guards of the Tessalian Defence Ministry beat nine workers."
    assert only(suggest_by_rules(body, ACTORS)).cue == "conclude"
