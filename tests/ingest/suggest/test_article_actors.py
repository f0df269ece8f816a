"""app/ingest/suggest/article_actors.py: the names an article defines for itself."""

from app.ingest.suggest import ActorDirectory, article_actors, suggest_claims
from tests.ingest.suggest.fixtures import ACTORS


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


def test_an_owners_possessive_before_the_name_an_acronym_spells_is_left_out():
    body = (
        "Tessaly's Rail Accident Investigation Board (RAIB) said the signal had failed.\n\n"
        "The board said its final report is expected next year."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    assert [(a.name, a.aliases) for a in local.actors] == [
        ("Rail Accident Investigation Board", ("RAIB",))
    ]
    assert {s.claimant_name for s in suggest_claims(body, ActorDirectory())} == {
        "Rail Accident Investigation Board"
    }


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


def test_an_unknown_organisation_that_issued_the_text_makes_its_claims():
    body = (
        "The Orvan Monitor for Civil Rights accused the company of poisoning the Sora river.\n\n"
        "These allegations are false.\n\n"
        "Our sampling has recorded no exceedance of the national limit."
    )
    issued = suggest_claims(body, ACTORS, publisher="Marrow Copper Holdings")
    reported = suggest_claims(body, ACTORS, publisher="Marrow Daily News")
    assert [(s.kind, s.claimant_name) for s in issued[1:]] == [
        ("denial", "Marrow Copper Holdings"),
        ("denial", "Marrow Copper Holdings"),
    ]
    assert issued[1].claimant_id is None  # an actor to create on accepting
    assert len(reported) == 1  # an outlet's own sentences are no one's claims


def test_an_organisation_named_with_its_possessive_is_named_without_it():
    # "The Harrow Front's health ministry": the organisation is the Harrow Front, not "Harrow
    # Front's"; the speaker is named as the owner the text knows, as the gold files name it.
    body = (
        "The Harrow Front's health ministry said 40 people had been killed in the strike.\n\n"
        "The Kessin Workers' Union said its members had been paid nothing since May."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    # (A plural's apostrophe inside a name stays: "Workers' Union".)
    assert [a.name for a in local.actors] == ["Harrow Front", "Kessin Workers' Union"]
    assert [s.claimant_name for s in suggest_claims(body, ActorDirectory())] == [
        "Harrow Front",
        "Kessin Workers' Union",
    ]


def test_a_heading_in_capitals_is_no_organisation_of_the_article():
    # "REPLY OF DUNMERE COUNCIL" is a title over a reply, not a name the text gives a body: as
    # one, a later description ("the inspectorate") could be read as it.
    body = (
        "The inspectorate found that the home had been left without a night nurse.\n\n"
        "REPLY OF DUNMERE COUNCIL\n\n"
        "We reject the suggestion that any resident was harmed.\n\n"
        "The Dunmere Borough Council said it would appeal."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    assert [a.name for a in local.actors] == ["Dunmere Borough Council"]
