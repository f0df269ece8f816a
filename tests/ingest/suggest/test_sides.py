from app.ingest.suggest import suggest_claims
from tests.ingest.suggest.fixtures import ACTORS


def kinds_of(body: str) -> list[tuple[str, str]]:
    return [(s.claimant_name, s.kind) for s in suggest_claims(body, ACTORS)]


def test_an_organisation_that_says_what_did_not_happen_is_the_accused_side():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Korra Engineering, which built the tailings dam, said it had not been told of any "
        "problem with the dam.\n\n"
        "Korra Engineering said the dam had been inspected in May.\n\n"
        "Mara Holt, who lives by the river, said the fish had not come back.\n\n"
        "Mara Holt said the water had turned brown in March."
    )
    # The builder answers with no verb of denying, and so does its account of the inspection;
    # a resident who speaks for no one tells of the harm, and denies nothing.
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Korra Engineering", "denial"),
        ("Korra Engineering", "denial"),
        ("Mara Holt", "statement"),
        ("Mara Holt", "statement"),
    ]


def test_a_negation_makes_no_accused_side_before_anyone_accuses():
    body = (
        "Korra Engineering, which built the tailings dam, said it had not been told of any "
        "problem with the dam.\n\n"
        "Korra Engineering said the dam had been inspected in May."
    )
    assert [kind for _, kind in kinds_of(body)] == ["statement", "statement"]


def test_a_call_or_a_plan_with_a_negation_does_not_answer():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Korra Engineering, which built the tailings dam, said the dam must not be used until "
        "it is inspected.\n\n"
        "Korra Engineering said the dam had been inspected in May."
    )
    assert [kind for _, kind in kinds_of(body)] == ["allegation", "statement", "statement"]
