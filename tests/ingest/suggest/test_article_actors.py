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
