"""app/ingest/suggest/article_actors.py: the names an article defines for itself."""

from app.ingest.suggest import ActorDirectory, article_actors, suggest_claims


def test_a_long_name_with_small_words_keeps_them_before_its_acronym():
    body = (
        "The Organisation for the Prohibition of Chemical Weapons (OPCW) said chlorine was used "
        "in the attack on the town.\n\n"
        "The OPCW said samples from two homes contained chlorinated compounds."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    assert [(a.name, a.aliases) for a in local.actors] == [
        ("Organisation for the Prohibition of Chemical Weapons", ("OPCW",))
    ]
    first, second = suggest_claims(body, ActorDirectory())
    assert (
        first.claimant_name
        == second.claimant_name
        == ("Organisation for the Prohibition of Chemical Weapons")
    )


def test_a_companys_legal_form_is_left_out_of_the_name_it_defines():
    body = (
        "Valmont Copper plc (“Valmont” or “the Company”) rejects the report.\n\n"
        "The Company said its own samples showed no pollution of the river."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    assert [(a.name, a.aliases) for a in local.actors] == [
        ("Valmont Copper", ("Valmont", "the Company"))
    ]
    rejection, samples = suggest_claims(body, ActorDirectory())
    assert rejection.claimant_name == samples.claimant_name == "Valmont Copper"
