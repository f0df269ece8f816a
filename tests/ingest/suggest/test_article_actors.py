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


def test_a_source_line_naming_two_bodies_gives_each_its_part():
    assert article_actors.outlet_parts(
        "Coastal Water Board (published text) / Brenn Farmers' Union blog"
    ) == [
        "Coastal Water Board",
        "Brenn Farmers' Union",
    ]
    assert article_actors.outlet_parts("Marrow Daily News") == ["Marrow Daily News"]
    body = (
        "WATER QUALITY REPORT\n\n"
        "1. The Board found nitrate above the limit in four wells.\n\n"
        "---\n\n"
        "STATEMENT OF THE BRENN FARMERS' UNION, 3 May\n\n"
        "Our members follow every rule on fertiliser.\n\n"
        "---\n\n"
        "An editor's note closes the page.\n"
    )
    issuers = article_actors.document_issuers(
        "Coastal Water Board / Brenn Farmers' Union", body, ActorDirectory()
    )
    assert [
        (body[start : start + 9], a and a.name, introduced) for start, a, introduced in issuers
    ] == [
        ("WATER QUA", "Coastal Water Board", False),
        ("---\n\nSTAT", "Coastal Water Board", False),
        ("STATEMENT", "Brenn Farmers' Union", True),
        ("---\n\nAn e", "Brenn Farmers' Union", False),
    ]


def test_a_news_outlet_in_a_source_line_of_two_bodies_issues_nothing():
    body = "Statement of the Coastal Water Board\n\nThe wells are safe.\n"
    issuers = article_actors.document_issuers(
        "Coastal Water Board / Marrow Daily News", body, ActorDirectory()
    )
    assert [(start, a and a.name) for start, a, _ in issuers] == [
        (0, "Coastal Water Board"),
        (0, "Coastal Water Board"),
    ]
    # One outlet: the publisher throughout, as before.
    assert article_actors.document_issuers("Marrow Daily News", body, ActorDirectory()) == [
        (0, None, False)
    ]


def test_a_heading_names_a_body_by_its_name_without_its_place():
    body = (
        "The paper's chapter.\n\n"
        "Reply of the Ministry of Health to the union, 4 June\n\n"
        "The figures are correct.\n"
    )
    issuers = article_actors.document_issuers(
        "Harbour Nurses' Union / Ministry of Health of the Republic of Tessaly",
        body,
        ActorDirectory(),
    )
    assert [(start, a and a.name) for start, a, _ in issuers] == [
        (0, "Harbour Nurses' Union"),
        (body.index("Reply"), "Ministry of Health of the Republic of Tessaly"),
    ]


def test_a_paragraph_opening_with_the_news_outlets_name_is_its_own_reporting():
    body = (
        "The Board found the wells unsafe.\n\n"
        "The Marrow Daily News asked the Board about the union's figures.\n"
    )
    issuers = article_actors.document_issuers(
        "Coastal Water Board (published text) / Marrow Daily News", body, ActorDirectory()
    )
    assert [(start, a and a.name) for start, a, _ in issuers] == [
        (0, "Coastal Water Board"),
        (body.index("The Marrow"), None),
    ]


def test_a_name_before_its_acronym_never_runs_over_a_blank_line():
    # A bulletin's heading ends "… HARBOUR PILOTS" and the next paragraph names the committee
    # of a union with its acronym: the heading's last word is no part of that name, and the
    # acronym spells the union after "of the", not the committee.
    body = (
        "BULLETIN 7 - TO ALL MEMBERS AT NORDHAVEN HARBOUR PILOTS\n\n"
        "From the Welfare Committee of the Marine Pilots' Guild of Estria (MPGE)\n\n"
        "The MPGE said night shifts had doubled since spring."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    names = {a.name: a.aliases for a in local.actors}
    assert names.get("Marine Pilots' Guild of Estria") == ("MPGE",)
    assert not any("\n" in name for name in names)


def test_a_title_in_capitals_over_a_defined_name_is_no_part_of_it():
    # A release's title on the line above the body named with its acronym: the body's name
    # starts under the title.
    body = (
        "JOINT STATEMENT\n"
        "Tessaly Water Standards Board (TWSB) and Orvan River Authority\n\n"
        "The TWSB said the river's nitrate levels had doubled."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    names = {a.name: a.aliases for a in local.actors}
    assert names.get("Tessaly Water Standards Board") == ("TWSB",)


def test_a_body_named_both_ways_is_one_actor_named_as_the_text_first_names_it():
    body = (
        "Orvan's Ministry of Transport closed the pass on Monday.\n\n"
        "NOTICE\nMinistry of Transport of Orvan\n\n"
        "The pass is closed to all traffic.\n\n"
        "The Ministry of the Interior sent police. The Interior Ministry said no one was hurt."
    )
    local = article_actors.local_definitions(body, ActorDirectory())
    named = {a.name: a.aliases for a in local.actors}
    assert named["Orvan's Ministry of Transport"] == ("Ministry of Transport of Orvan",)
    assert named["Ministry of the Interior"] == ("Interior Ministry",)
    assert local.lookup("the Interior Ministry") is local.lookup("Ministry of the Interior")
