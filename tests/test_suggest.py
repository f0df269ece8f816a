"""The claim-suggestion engine on small invented texts (no seed article is used here)."""

import pytest

from app.ingest.suggest import ActorDirectory, Suggestion, normalise_name, suggest_claims

ACTORS = ActorDirectory(
    [
        (1, "Orvan Monitor for Civil Rights", "monitor", ["OMCR", "the Observatory"]),
        (2, "Tessaly government", "government", ["Tessaly"]),
        (3, "Tessalian Defence Ministry", "ministry", ["the ministry"], 2),
        (4, "Pel Arkady", "person", ["Arkady"], 3),
        (5, "Blue Crescent Rescue", "rescue_group", []),
        (6, "Harbour Post", "media", []),
        (7, "Valen Mining", "other", ["Valen"]),
    ]
)


def only(suggestions: list[Suggestion]) -> Suggestion:
    assert len(suggestions) == 1, suggestions
    return suggestions[0]


def test_normalise_name():
    assert normalise_name("The U.S. State Department’s") == "us state department"
    assert normalise_name("Rebel fighter (unnamed)") == "rebel fighter"
    assert normalise_name("  a  Monitoring   group ") == "monitoring group"


def test_directory_lookup_root_and_extension():
    assert ACTORS.lookup("omcr").name == "Orvan Monitor for Civil Rights"
    assert ACTORS.root(ACTORS.get(4)).name == "Tessaly government"
    more = ACTORS.extended([(None, "Kel Dorra", "person", ["Dorra"], "Blue Crescent Rescue")])
    dorra = more.lookup("Dorra")
    assert dorra.id == 8 and more.root(dorra).name == "Blue Crescent Rescue"
    assert ACTORS.lookup("Dorra") is None  # the original is unchanged


def test_directory_from_seed_annotations():
    seeds = ActorDirectory.from_seed_annotations()
    observatory = seeds.lookup("SOHR")
    assert observatory is not None and observatory.kind == "monitor"
    spokesman = seeds.lookup("Konashenkov")
    assert seeds.root(spokesman).name == "Russian government"


def test_sentence_final_attribution_and_anchor():
    body = (
        "Shelling killed at least 12 civilians in Marrow on Sunday, "
        "the Orvan Monitor for Civil Rights said."
    )
    suggestion = only(suggest_claims(body, ACTORS))
    assert suggestion.kind == "allegation"
    assert suggestion.claimant_name == "Orvan Monitor for Civil Rights"
    assert suggestion.claimant_id == 1
    assert suggestion.cue == "said"
    assert suggestion.quote == body
    assert body[suggestion.anchor.start : suggestion.anchor.end] == suggestion.quote
    assert [(f.low, f.qualifier, f.counts) for f in suggestion.figures] == [
        (12, "at least", "civilians")
    ]
    assert body[suggestion.figures[0].start : suggestion.figures[0].end] == "at least 12 civilians"


def test_unattributed_text_gives_nothing():
    body = "The river rose overnight. Schools in Marrow stayed closed on Monday."
    assert suggest_claims(body, ACTORS) == []


def test_according_to_and_reporter():
    body = (
        "Tessaly denied any role in the blast, dismissing the reports as “fake”, "
        "according to the Harbour Post."
    )
    suggestion = only(suggest_claims(body, ACTORS))
    assert suggestion.kind == "denial"
    assert suggestion.claimant_name == "Tessaly government"
    assert suggestion.reported_via == ("the Harbour Post",)


def test_according_to_alone_names_the_claimant():
    body = "More than 4,000 people have fled their homes, according to Blue Crescent Rescue."
    suggestion = only(suggest_claims(body, ACTORS))
    assert suggestion.claimant_name == "Blue Crescent Rescue"
    assert suggestion.figures[0].counts == "displaced"


def test_quote_with_trailing_and_inverted_attribution():
    body = (
        "“Our planes do not strike homes,” Arkady said.\n\n"
        "“We pulled 30 bodies from the rubble,” said Mina Oskar, a volunteer with Blue Crescent "
        "Rescue."
    )
    first, second = suggest_claims(body, ACTORS)
    assert (first.claimant_name, first.kind) == ("Pel Arkady", "denial")
    assert second.claimant_name == "Mina Oskar"
    assert second.kind == "allegation"


def test_continuation_quote_and_pronoun():
    body = (
        "“The strikes hit a school,” said Mina Oskar. “Nine children were inside.”\n\n"
        "She said rescuers were still digging."
    )
    suggestions = suggest_claims(body, ACTORS)
    assert [s.claimant_name for s in suggestions] == ["Mina Oskar"] * 3
    assert suggestions[1].quote == "“Nine children were inside.”"
    assert suggestions[2].claimant_text == "She"


def test_description_resolves_to_actor_named_before():
    body = (
        "The Orvan Monitor for Civil Rights counted 40 dead in Marrow. "
        "The London-based monitoring group said most of them were civilians."
    )
    suggestion = only(suggest_claims(body, ACTORS))
    assert suggestion.claimant_text == "The London-based monitoring group"
    assert suggestion.claimant_name == "Orvan Monitor for Civil Rights"


def test_description_resolves_forward_in_a_lead():
    body = (
        "At least 40 people died in Marrow on Sunday, a rescue group said.\n\n"
        "Blue Crescent Rescue said its teams had reached the town."
    )
    first = suggest_claims(body, ACTORS)[0]
    assert first.claimant_name == "Blue Crescent Rescue"


def test_descriptive_alias_needs_the_actor_in_the_article():
    # "the ministry" is an alias of the Tessalian Defence Ministry, but this text is about
    # another ministry altogether.
    body = "The ministry said the new bridge would open in May and cost 40 million."
    suggestion = only(suggest_claims(body, ACTORS))
    assert suggestion.claimant_id is None


def test_denied_care_is_harm_not_a_denial():
    body = (
        "Detainees were beaten, denied medical care and held in crowded cells, the Orvan "
        "Monitor for Civil Rights said."
    )
    assert only(suggest_claims(body, ACTORS)).kind == "allegation"


def test_appositive_name_and_unnamed_role():
    body = (
        "Tessaly's defence minister, Pel Arkady, has repeatedly rejected the accusations.\n\n"
        "A senior ministry official said no aircraft had flown that day."
    )
    first, second = suggest_claims(body, ACTORS)
    assert (first.claimant_name, first.kind) == ("Pel Arkady", "denial")
    assert second.claimant_id is None
    assert normalise_name(second.claimant_name) == "senior ministry official"
    assert second.kind == "statement"


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


def test_allegation_and_dismissal_in_one_sentence():
    body = (
        "Tessaly accused Valen Mining of poisoning the Sora river, an allegation Valen "
        "dismissed as “baseless”."
    )
    allegation, denial = suggest_claims(body, ACTORS)
    assert (allegation.kind, allegation.claimant_name) == ("allegation", "Tessaly government")
    assert (denial.kind, denial.claimant_name) == ("denial", "Valen Mining")
    assert denial.quote == "an allegation Valen dismissed as “baseless”."
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 0)]


def test_publisher_voice_in_a_statement():
    body = (
        "Valen Mining notes the report by Blue Crescent Rescue, which alleges that the "
        "mine polluted the Sora river.\n\n"
        "These claims are false.\n\n"
        "The mine employs 900 people."
    )
    statement = suggest_claims(body, ACTORS, publisher="Valen Mining")
    assert [(s.claimant_name, s.kind) for s in statement] == [
        ("Blue Crescent Rescue", "allegation"),
        ("Valen Mining", "denial"),
    ]
    # The same text from a news outlet has no voice of its own.
    news = suggest_claims(body, ACTORS, publisher="Harbour Post")
    assert [s.claimant_name for s in news] == ["Blue Crescent Rescue"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials declined to say how many were hurt.",
        "The report was dismissed by the court.",
        "The Ministry states the following.",
    ],
)
def test_not_claims(sentence):
    assert suggest_claims(sentence, ACTORS) == []


def test_suggestions_are_in_text_order_and_frozen():
    body = (
        "Blue Crescent Rescue said 14 people were injured.\n\n"
        "Tessaly denied the report. “It is fabricated,” Arkady said."
    )
    suggestions = suggest_claims(body, ACTORS)
    starts = [s.anchor.start for s in suggestions]
    assert starts == sorted(starts) and len(starts) == 3
    with pytest.raises(AttributeError):
        suggestions[0].kind = "statement"  # type: ignore[misc]


def test_dateline_is_not_the_speaker():
    body = "MARROW, May 3 (Harbour Post) - Tessaly accused Valen Mining of poisoning the river."
    suggestion = only(suggest_claims(body, ACTORS))
    assert suggestion.claimant_name == "Tessaly government"
    assert suggestion.quote.startswith("Tessaly accused")


def test_according_to_description_with_a_name():
    body = "The outage lasted 19 hours, according to the grid operator, Valen Mining."
    assert only(suggest_claims(body, ACTORS)).claimant_name == "Valen Mining"


def test_gerund_attribution_after_an_appositive_and_coordination_after_a_quote():
    body = (
        "Its director, Pel Arkady, went further on Monday, blaming the fire on a contractor.\n\n"
        "The Tessalian Defence Ministry expressed “deep sorrow” at the deaths and said it was "
        "cooperating."
    )
    first, second = suggest_claims(body, ACTORS)
    assert first.claimant_name == "Pel Arkady"
    assert second.claimant_name == "Tessalian Defence Ministry"


def test_he_skips_plural_speakers_but_not_unnamed_roles():
    body = (
        "A spokesman for the port authority said the cranes were safe.\n\n"
        "Residents described scenes of chaos on the quay.\n\n"
        "He said two cranes would reopen on Friday."
    )
    suggestions = suggest_claims(body, ACTORS)
    assert normalise_name(suggestions[-1].claimant_name) == "spokesman for the port authority"
