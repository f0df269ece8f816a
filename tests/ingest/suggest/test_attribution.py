"""app/ingest/suggest/attribution.py: which sentences are someone's claim, and whose."""

import pytest

from app.ingest.suggest import ActorDirectory, attribution
from app.ingest.suggest.model import Context
from tests.ingest.suggest.fixtures import ACTORS, only, suggest_by_rules


def test_sentence_final_attribution_and_anchor():
    body = (
        "Shelling killed at least 12 civilians in Marrow on Sunday, "
        "the Orvan Monitor for Civil Rights said."
    )
    suggestion = only(suggest_by_rules(body, ACTORS))
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
    assert suggest_by_rules(body, ACTORS) == []


def test_according_to_and_reporter():
    body = (
        "Tessaly denied any role in the blast, dismissing the reports as “fake”, "
        "according to the Harbour Post."
    )
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.kind == "denial"
    assert suggestion.claimant_name == "Tessaly government"
    assert suggestion.reported_via == ("the Harbour Post",)


def test_according_to_alone_names_the_claimant():
    body = "More than 4,000 people have fled their homes, according to Blue Crescent Rescue."
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.claimant_name == "Blue Crescent Rescue"
    assert suggestion.figures[0].counts == "displaced"


def test_quote_with_trailing_and_inverted_attribution():
    body = (
        "“Our planes do not strike homes,” Arkady said.\n\n"
        "“We pulled 30 bodies from the rubble,” said Mina Oskar, a volunteer with Blue Crescent "
        "Rescue."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert (first.claimant_name, first.kind) == ("Pel Arkady", "denial")
    assert second.claimant_name == "Mina Oskar"
    # A rescuer's count of the dead it recovered blames no one (kinds.tends_the_harmed).
    assert second.kind == "statement"


def test_gerund_attribution_after_an_appositive_and_coordination_after_a_quote():
    body = (
        "Its director, Pel Arkady, went further on Monday, blaming the fire on a contractor.\n\n"
        "The Tessalian Defence Ministry expressed “deep sorrow” at the deaths and said it was "
        "cooperating."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.claimant_name == "Pel Arkady"
    assert second.claimant_name == "Tessalian Defence Ministry"


@pytest.mark.parametrize(
    "sentence",
    [
        "The report was dismissed by the court.",
        "The Ministry states the following.",
    ],
)
def test_not_claims(sentence):
    assert suggest_by_rules(sentence, ACTORS) == []


def test_publisher_voice_in_a_statement():
    body = (
        "Valen Mining notes the report by Blue Crescent Rescue, which alleges that the "
        "mine polluted the Sora river.\n\n"
        "These claims are false.\n\n"
        "The mine employs 900 people."
    )
    statement = suggest_by_rules(body, ACTORS, publisher="Valen Mining")
    assert [(s.claimant_name, s.kind) for s in statement] == [
        ("Blue Crescent Rescue", "allegation"),
        ("Valen Mining", "denial"),
    ]
    # The same text from a news outlet has no voice of its own.
    news = suggest_by_rules(body, ACTORS, publisher="Harbour Post")
    assert [s.claimant_name for s in news] == ["Blue Crescent Rescue"]


def test_dateline_is_not_the_speaker():
    body = "MARROW, May 3 (Harbour Post) - Tessaly accused Valen Mining of poisoning the river."
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.claimant_name == "Tessaly government"
    assert suggestion.quote.startswith("Tessaly accused")


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The Tessalian Defence Ministry denied shelling the village.", "denied"),
        ("The Tessalian Defence Ministry denied the attack.", "denied"),
        ("The Tessalian Defence Ministry rejected the results outright.", "rejected"),
        ("The Tessalian Defence Ministry has rubbished the monitor's account.", "rubbished"),
        ("The Tessalian Defence Ministry slammed the report as one-sided.", "slammed"),
        ("The Tessalian Defence Ministry denounced the findings.", "denounced"),
        ("The Tessalian Defence Ministry expressed doubt about the findings.", "expressed doubt"),
    ],
)
def test_denials_whatever_their_object(sentence, cue):
    suggestion = only(suggest_by_rules(sentence, ACTORS))
    assert (suggestion.kind, suggestion.cue, suggestion.claimant_id) == ("denial", cue, 3)


def test_a_transcript_gives_each_answer_to_its_labelled_speaker():
    body = (
        "The following is a transcript of a briefing by defence spokesman Pel Arkady.\n\n"
        "Q: The Orvan Monitor for Civil Rights says 12 people died. Did your forces fire?\n\n"
        "ARKADY: No. Our forces did not fire on the market. The monitor repeats rebel lies.\n\n"
        "Q: Will you allow an inquiry?\n"
    )
    monitor, *answers = suggest_by_rules(body, ACTORS)
    assert (monitor.claimant_id, monitor.kind) == (1, "allegation")
    assert [a.quote for a in answers] == [
        "Our forces did not fire on the market.",
        "The monitor repeats rebel lies.",
    ]
    assert {(a.claimant_id, a.kind) for a in answers} == {(4, "denial")}


def test_a_question_label_in_words_is_the_questioners_and_carries_its_source_claim():
    body = (
        "The following is a transcript of a briefing by defence spokesman Pel Arkady.\n\n"
        "ARKADY: Our forces did not fire on the market.\n\n"
        "Question: Yesterday the Harbour Post reported that 12 people died there. Is that true?"
        "\n\n"
        "Question: What happens next in the talks with the other side?\n"
    )
    denial, reported = suggest_by_rules(body, ACTORS)
    # The question is not the spokesman's turn going on: what it reports is its source's.
    assert denial.claimant_id == 4
    assert (reported.claimant_name, reported.quote) == (
        "Harbour Post",
        "Yesterday the Harbour Post reported that 12 people died there.",
    )


def test_a_live_blog_time_stamp_is_not_part_of_the_quote():
    body = "09:40 - The Orvan Monitor for Civil Rights says at least 14 people were killed."
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert (
        suggestion.quote
        == "The Orvan Monitor for Civil Rights says at least 14 people were killed."
    )
    assert suggestion.claimant_id == 1


def test_a_speaker_named_before_a_quotation_speaks_every_sentence_of_it():
    body = (
        "The day's posts, as published.\n\n"
        "10:05 - Blue Crescent Rescue (@BlueCrescent), the charity running the clinic: "
        '"Our ambulance was hit by a drone. Two medics are wounded."\n\n'
        "The clinic stayed open through the afternoon.\n\n"
        "11:20 - Tessalian Defence Ministry (@TDM_Press): "
        '"No drone was flown near the clinic."\n\n'
        'SOUNDBITE, PEL ARKADY, DEFENCE SPOKESMAN: "The rescuers are lying about the drone."\n\n'
        'Claim: "Drones never fly over clinics in Marrow."\n'
    )
    suggestions = suggest_by_rules(body, ACTORS)
    # The paragraph between the posts is nobody's (a speaker is named for one paragraph), and
    # "Claim" names no one; the sides' roles give the kinds. A post of two sentences is two
    # claims, as a statement printed after its speaker and a colon is.
    assert [(s.quote, s.claimant_id, s.kind) for s in suggestions] == [
        ('"Our ambulance was hit by a drone.', 5, "allegation"),
        ('Two medics are wounded."', 5, "allegation"),
        ('"No drone was flown near the clinic."', 3, "denial"),
        ('"The rescuers are lying about the drone."', 4, "denial"),
    ]


def test_a_statement_printed_after_its_speaker_and_a_colon_is_theirs_sentence_by_sentence():
    body = (
        "The Tessalian Defence Ministry, in a statement on Sunday: "
        '"Our drones did not fly over Marrow. The clinic was never a target."\n'
    )
    assert [(s.quote, s.claimant_id) for s in suggest_by_rules(body, ACTORS)] == [
        ('"Our drones did not fly over Marrow.', 3),
        ('The clinic was never a target."', 3),
    ]


def test_a_quotations_later_sentence_that_accuses_on_its_own_is_a_claim_of_its_own():
    body = (
        '"No drone struck the clinic in Marrow. The rescuers shelled their own '
        'ambulance to blame us," Pel Arkady, a Tessalian defence spokesman, said.\n\n'
        '"The clinic is on the main road. It has a red roof and a car park," he said.\n'
    )
    quotes = [s.quote for s in suggest_by_rules(body, ACTORS)]
    # The second accuses on its own; the third's later sentence is background, one claim.
    assert quotes == [
        '"No drone struck the clinic in Marrow.',
        'The rescuers shelled their own ambulance to blame us," Pel Arkady, a Tessalian defence'
        " spokesman, said.",
        '"The clinic is on the main road. It has a red roof and a car park," he said.',
    ]


def test_a_reports_own_observations_are_its_writers_or_the_body_named():
    body = (
        "Shells hit the Marrow water works on Sunday, Tessalian officials said.\n\n"
        "The reporter saw no trenches or weapons near the pump house.\n\n"
        "The Orvan Monitor for Civil Rights could not verify the figure.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS, publisher="Tessel Courier")
    assert [(s.quote, s.claimant_name) for s in suggestions[1:]] == [
        ("The reporter saw no trenches or weapons near the pump house.", "Tessel Courier"),
        (
            "The Orvan Monitor for Civil Rights could not verify the figure.",
            "Orvan Monitor for Civil Rights",
        ),
    ]


def test_a_sentence_before_a_colon_is_no_speakers_name():
    body = (
        "Tessalian defence spokesman Pel Arkady hit back at the suggestion that the ministry "
        'was hiding the losses: "We publish every figure we have."'
    )
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert (suggestion.claimant_id, suggestion.cue) == (4, "hit back")
    assert suggestion.quote == body


def test_a_bylined_texts_first_person_is_its_author():
    body = (
        "Why I will not resign\n\n"
        "By Mara Kettle\n\n"
        "The Harbour Post says I sold the harbour contract to my cousin.\n\n"
        "I did not sell anything to anyone. The contract went to the lowest bid.\n\n"
        "Should I have said more?\n\n"
        "Mara Kettle is the mayor of Marrow.\n"
    )
    post, *author = suggest_by_rules(body, ACTORS)
    assert (post.claimant_id, post.cue) == (6, "says")
    # An op-ed is its author's words, those about the contract too; not the question, not
    # the note on who she is.
    assert [(a.quote, a.claimant_name, a.cue) for a in author] == [
        ("I did not sell anything to anyone.", "Mara Kettle", ""),
        ("The contract went to the lowest bid.", "Mara Kettle", ""),
    ]


def test_a_byline_over_a_text_not_in_the_first_person_makes_no_op_ed():
    body = (
        "By Mara Kettle\n\n"
        "The harbour contract went to the lowest bid, the council said.\n\n"
        "The contract went to the lowest bid. I did not sell anything to anyone.\n"
    )
    # A report under its reporter's byline: only a sentence in the first person is hers.
    assert [(s.quote, s.claimant_name) for s in suggest_by_rules(body, ACTORS)][1:] == [
        ("I did not sell anything to anyone.", "Mara Kettle"),
    ]


def test_an_account_edited_for_length_is_the_person_introduced_before_it():
    body = (
        "Dalia Mirek, 52, runs the grocery on the square. She spoke to Ana Kovi a week "
        "after the flood. Her account has been edited for length.\n\n"
        "We had all seen the water coming through the wall since the summer.\n\n"
        "On the night, the siren never sounded.\n\n"
        "THE RESPONSES\n\n"
        "The river rose overnight and schools stayed closed.\n"
    )
    assert [(s.quote, s.claimant_name) for s in suggest_by_rules(body, ACTORS)] == [
        ("We had all seen the water coming through the wall since the summer.", "Dalia Mirek"),
        ("On the night, the siren never sounded.", "Dalia Mirek"),
    ]


def test_without_a_byline_the_first_person_is_nobodys():
    body = "I did not sell anything to anyone. The contract went to the lowest bid.\n"
    assert suggest_by_rules(body, ACTORS) == []


def test_a_statement_printed_in_full_is_its_issuers_to_its_end_line():
    body = (
        "Blue Crescent Rescue issued the following statement on Sunday.\n\n"
        "STATEMENT ON THE MARKET CLINIC\n\n"
        "Our ambulance was hit by a drone near the clinic.\n\n"
        "Two of our medics are being treated for their wounds.\n\n"
        "Ends.\n\n"
        "The clinic stayed open through the afternoon.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS)
    # Not the heading, and nothing after the end line.
    assert [(s.quote, s.claimant_id) for s in suggestions] == [
        ("Our ambulance was hit by a drone near the clinic.", 5),
        ("Two of our medics are being treated for their wounds.", 5),
    ]


def test_a_notice_printed_in_full_is_the_issuer_named_after_by_in_the_passive():
    body = (
        "The following notice was published by the Harbour Board's Port Safety Office on "
        "Monday.\n\n"
        "PORT SAFETY NOTICE\n\n"
        "The operator sailed the ferry with its bow door open on four crossings.\n\n"
        "Its crews were not trained to close the door at sea.\n\n"
        "END OF NOTICE\n\n"
        "The operator said the notice was unfair.\n"
    )
    claims = suggest_by_rules(body, ACTORS)
    printed = [s for s in claims if "door" in s.quote]
    assert len(printed) == 2
    assert {s.claimant_name for s in printed} == {"Port Safety Office"}


def test_a_statement_announced_without_an_end_line_is_not_taken_as_printed():
    body = (
        "Blue Crescent Rescue issued the following statement on Sunday.\n\n"
        "The clinic stayed open through the afternoon.\n"
    )
    assert suggest_by_rules(body, ACTORS) == []


def test_a_bodys_document_under_a_title_naming_it_is_the_bodys_every_sentence():
    body = (
        "The inspectors' report and the operator's reply follow as issued.\n\n"
        "Preliminary Report, Ferry Inspection Panel, Brackmoor, 2 June\n\n"
        "1. Bow door. The panel saw the bow door open on two crossings.\n\n"
        "2. Training. The panel found no record of drills since March.\n\n"
        "End of statements.\n\n"
        "The operator was not available.\n"
    )
    claims = suggest_by_rules(body, ACTORS)
    panel = [s for s in claims if s.claimant_name == "Ferry Inspection Panel"]
    # Not the run-in titles ("Bow door."), and nothing after the end line.
    assert [s.quote for s in panel] == [
        "The panel saw the bow door open on two crossings.",
        "The panel found no record of drills since March.",
    ]


def test_an_inverted_said_whose_words_hold_a_verb_is_not_the_speaker():
    body = (
        "Tessaly accused the Velo Riders Association of doping.\n\n"
        "The riders' union, the Velo Riders Association, said Arkady's account was “very worrying”."
    )
    _, answer = suggest_by_rules(body, ACTORS)
    assert answer.claimant_text == "The riders' union, the Velo Riders Association"
    assert answer.claimant_name != "Pel Arkady"


def test_a_subject_with_an_appositive_speaks_the_clause_after_said():
    body = (
        "Blue Crescent Rescue's director, Mina Oskar, said the shelters near the river "
        "stood empty.\n\n"
        "Pel Arkady, a commander who led the advance along the river, said the clinics burned "
        "after the rebels withdrew."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.claimant_name == "Mina Oskar"
    assert second.claimant_name == "Pel Arkady"
    # Before a subject of one piece, the inverted reading stands.
    body = "The shelters near the river burned on Sunday, said Mina Oskar, a volunteer."
    assert only(suggest_by_rules(body, ACTORS)).claimant_name == "Mina Oskar"


def test_the_cue_that_closes_a_sentence_reports_the_cues_inside_it():
    body = (
        "Pel Arkady told the rescue crews by radio that he had seen no flare before the shelling "
        "began, Mina Oskar said."
    )
    assert only(suggest_by_rules(body, ACTORS)).claimant_name == "Mina Oskar"
    # A news outlet closing the sentence relays the claim; it does not make it.
    body = "Tessaly denied any role in the blast, the Harbour Post said."
    assert only(suggest_by_rules(body, ACTORS)).claimant_name == "Tessaly government"


def test_a_second_speaker_in_a_while_clause_has_a_claim_of_their_own():
    body = (
        "Shells hit the market in Marrow, killing nine people, the Orvan Monitor for Civil "
        "Rights said, while the Tessalian Defence Ministry denied shelling the town."
    )
    allegation, denial = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, allegation.claimant_id) == ("allegation", 1)
    assert (denial.kind, denial.claimant_id) == ("denial", 3)
    assert denial.quote == "the Tessalian Defence Ministry denied shelling the town."
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 0)]


def test_an_accusation_and_a_further_charge_joined_by_and_said_are_two_claims():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river "
        "and said the company had falsified its water samples for years."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert (first.kind, second.kind) == ("allegation", "allegation")
    assert second.quote.startswith("said the company had falsified")
    assert first.claimant_id == second.claimant_id == 1


def test_two_quoting_that_clauses_of_one_verb_are_two_claims():
    body = (
        "Valen Mining said the spill at its plant was \u201cfar smaller than reported\u201d and "
        "that the monitor had \u201cinvented the dead fish\u201d."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.quote.endswith("\u201cfar smaller than reported\u201d")
    assert second.quote.startswith("that the monitor had")
    assert first.claimant_id == second.claimant_id == 7


def test_a_second_verb_of_saying_is_a_second_claim_whatever_the_kinds_of_its_halves():
    # Neither half has a denial word the rules read, yet each is a claim of its own.
    body = (
        "Pel Arkady said the convoy had \u201cfollowed the agreed route\u201d and described the "
        "monitor's account as \u201ca story told by people who were not there\u201d."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.quote.endswith("\u201cfollowed the agreed route\u201d")
    assert second.quote.startswith("described the monitor's account")
    assert first.claimant_name == second.claimant_name == "Pel Arkady"


def test_a_second_that_clause_is_a_claim_when_either_clause_quotes():
    body = (
        "Valen Mining said the river samples were \u201cwithin the legal limits\u201d and that "
        "the plant had never polluted the river."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.quote.endswith("\u201cwithin the legal limits\u201d")
    assert second.quote == "that the plant had never polluted the river."
    assert (second.kind, second.claimant_id) == ("denial", 7)


def test_a_long_second_that_clause_is_a_claim_when_both_clauses_quote_whatever_its_kind():
    # The rules read the second clause as a statement, yet both quote and it is a sentence's
    # worth: a claim of its own, of the same speaker.
    body = (
        "Valen Mining said the river samples were \u201cwithin the legal limits\u201d and that "
        "the plant had \u201cstopped every discharge at the end of the dry season\u201d last year."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.quote.endswith("\u201cwithin the legal limits\u201d")
    assert second.quote.startswith("that the plant had")
    assert first.claimant_id == second.claimant_id == 7
    # A short second clause stays with the first.
    body = (
        "Valen Mining said the river samples were \u201cwithin the legal limits\u201d and that "
        "its engineers \u201cchecked the pipes\u201d."
    )
    assert only(suggest_by_rules(body, ACTORS)).quote == body


def test_a_second_speaker_after_a_semicolon_or_a_day_after_has_a_claim_of_their_own():
    body = (
        "Shells hit the market in Marrow, the Orvan Monitor for Civil Rights said; the "
        "Tessalian Defence Ministry denied shelling the town."
    )
    allegation, denial = suggest_by_rules(body, ACTORS)
    assert (allegation.claimant_id, denial.claimant_id) == (1, 3)
    assert denial.quote == "the Tessalian Defence Ministry denied shelling the town."
    body = (
        "Tessaly recalled its envoy from the talks on Friday, a day after the Orvan Monitor for "
        "Civil Rights accused its army of shelling the market in Marrow."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert suggestions[-1].quote.startswith("the Orvan Monitor for Civil Rights accused")
    assert (suggestions[-1].kind, suggestions[-1].claimant_id) == ("allegation", 1)


def test_a_group_accusing_after_as_or_and_has_a_claim_of_its_own():
    # The words before the join report what happened; the clause after it is the group's.
    body = (
        "Two stallholders were hurt at the Marrow fair on Saturday, as traders accused the "
        "council of ignoring a flood warning."
    )
    report, allegation = suggest_by_rules(body, ACTORS, publisher="Harbour Post")
    assert report.quote == "Two stallholders were hurt at the Marrow fair on Saturday"
    assert report.claimant_name == "Harbour Post"
    assert allegation.quote.startswith("traders accused the council")
    assert (allegation.kind, allegation.claimant_name) == ("allegation", "traders")
    body = (
        "Shelling killed four people in Marrow, the Orvan Monitor for Civil Rights said, and "
        "shopkeepers accused Tessaly of firing from the hills."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.claimant_id == 1
    assert second.quote == "shopkeepers accused Tessaly of firing from the hills."
    assert second.claimant_name == "shopkeepers"


def test_a_clause_after_and_that_a_closing_attribution_ends_stays_whole():
    # "…, and a bakery burned, officials said": the attribution is the whole sentence's.
    body = (
        "Shells hit the bus station in Marrow, and a bakery beside it burned down, the Orvan "
        "Monitor for Civil Rights said."
    )
    assert only(suggest_by_rules(body, ACTORS)).quote == body


def test_two_sides_blaming_each_other_are_no_second_claim():
    body = (
        "Rockets hit a clinic in Marrow, killing six people, the Orvan Monitor for Civil Rights "
        "said, and Tessaly and the rebels each blamed the other for the attack."
    )
    assert only(suggest_by_rules(body, ACTORS)).claimant_id == 1


def test_a_that_clause_without_a_quotation_stays_with_its_claim():
    body = (
        "The Orvan Monitor for Civil Rights said shelling had killed nine people in Marrow "
        "and that most of them were children sheltering in the school."
    )
    assert only(suggest_by_rules(body, ACTORS)).quote == body


def test_a_short_aside_joined_by_and_stays_with_its_claim():
    body = "The Orvan Monitor for Civil Rights said shelling killed nine people and added nothing."
    assert only(suggest_by_rules(body, ACTORS)).kind == "allegation"


def test_a_gerund_after_went_further_attributes_the_claim_and_he_finds_its_speaker():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Tessaly's envoy, Ivo Marek, went further, describing the monitor's report as a "
        "fabrication.\n\n"
        "He said the shells had been fired by the rebels."
    )
    _, dismissal, account = suggest_by_rules(body, ACTORS)
    assert (dismissal.kind, dismissal.cue, dismissal.claimant_name) == (
        "denial",
        "describing",
        "Ivo Marek",
    )
    assert account.claimant_name == "Ivo Marek"


def test_asked_about_something_is_not_an_inverted_attribution():
    body = "A Tessalian official, asked about the deaths, said he had no information."
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert (suggestion.cue, suggestion.claimant_name) == ("said", "Tessalian official")
    assert suggestion.denial_type == "non_denial"


def test_an_answer_joined_by_but_and_an_answer_by_a_description_or_a_pronoun_are_claims():
    body = (
        "Valen Mining said it had paid the fine in full but dismissed the monitor's claims of "
        "poisoning as baseless.\n\n"
        "The Orvan Monitor for Civil Rights said Valen Mining had poisoned the Sora river, an "
        "accusation the company rejected.\n\n"
        "The Orvan Monitor for Civil Rights said Tessaly had shelled Marrow, allegations it has "
        "consistently denied."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert [(s.kind, s.claimant_name, s.quote) for s in suggestions[1::2]] == [
        ("denial", "Valen Mining", "dismissed the monitor's claims of poisoning as baseless."),
        ("denial", "Valen Mining", "an accusation the company rejected."),
        ("denial", "Tessaly government", "allegations it has consistently denied."),
    ]
    assert len(suggestions) == 6


def test_an_account_answered_at_the_end_of_the_sentence_is_a_claim():
    body = (
        "Survivors said the ore carrier had never slowed down, an account the carrier's owner "
        "rejected.\n\n"
        "The Orvan Monitor for Civil Rights said Valen Mining had dumped waste at night, a version "
        "Valen Mining disputed.\n\n"
        "The Orvan Monitor for Civil Rights said Valen Mining had hidden its records, something "
        "the company denied."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert [(s.kind, s.quote) for s in suggestions[1::2]] == [
        ("denial", "an account the carrier's owner rejected."),
        ("denial", "a version Valen Mining disputed."),
        ("denial", "something the company denied."),
    ]
    assert [s.claimant_name for s in suggestions[3::2]] == ["Valen Mining", "Valen Mining"]
    assert len(suggestions) == 6


def test_a_label_in_quotation_marks_after_called_is_a_claim_but_a_call_is_a_call():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Arkady called that “a smear”.\n\n"
        "Blue Crescent Rescue called for those responsible “to be held accountable”."
    )
    _, label, call = suggest_by_rules(body, ACTORS)
    assert (label.quote, label.cue, label.kind) == (
        "Arkady called that “a smear”.",
        "called",
        "denial",
    )
    assert (call.cue, call.kind) == ("called for", "statement")


def test_a_statement_quoted_in_full_speaks_in_its_issuers_voice():
    body = (
        "The Orvan Monitor for Civil Rights said shelling by Tessaly killed 40 people in Marrow."
        "\n\nThe ministry's statement is given below in full.\n\n"
        "“Statement of the Tessalian Defence Ministry\n\n"
        "The Tessalian Defence Ministry categorically rejects the monitor's report.\n\n"
        "The report is a fabrication from beginning to end.\n\n"
        "Its figures have nothing to do with reality.”"
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.claimant_name, s.kind) for s in claims] == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Tessalian Defence Ministry", "denial"),
        ("Tessalian Defence Ministry", "denial"),
        ("Tessalian Defence Ministry", "denial"),
    ]


def test_a_quoted_statement_announced_by_its_issuer_is_the_issuers_not_the_speaker_before():
    body = (
        "The Tessalian Defence Ministry said the convoy arrived safely in Marrow.\n\n"
        "The statement, issued by the Orvan Monitor for Civil Rights, reads in full:\n\n"
        "“On Monday a convoy of twelve trucks was stopped by armed men near Marrow.\n\n"
        "Nine trucks were driven away with their cargo and one driver was killed.\n\n"
        "The convoy had been cleared by every party to the conflict.”"
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [s.claimant_name for s in claims] == [
        "Tessalian Defence Ministry",
        "Orvan Monitor for Civil Rights",
        "Orvan Monitor for Civil Rights",
        "Orvan Monitor for Civil Rights",
    ]


def test_a_quotation_after_the_following_statement_is_the_announcers_every_paragraph():
    body = (
        "The Harbour Board fined the ferry operator for the late sailings.\n\n"
        "Statement by the drivers\n\n"
        "The Drivers' Guild issued the following statement after the ruling was published:\n\n"
        '"The Harbour Board has punished the wrong people. The delays were caused by the '
        "board's own cranes.\n\n"
        '"The Harbour Board ignored every warning we sent. Its own engineers agreed with us.\n\n'
        '"We will appeal against the fine."'
    )
    claims = suggest_by_rules(body, ACTORS)
    inside = [s for s in claims if s.anchor.start > body.index("following statement")]
    assert any("cranes" in s.quote for s in inside)
    assert {s.claimant_name for s in inside} == {"Drivers' Guild"}


def test_a_quoted_statement_announced_by_its_owner_overrules_a_subject_inside_it():
    body = (
        "Blue Crescent Rescue said Valen Mining had poisoned the Sora river.\n\n"
        "Valen's statement reads:\n\n"
        "“Valen Mining takes every report of pollution seriously.\n\n"
        "An independent review found no trace of cyanide in the Sora river at any point.\n\n"
        "Any suggestion that the company hid its results is untrue.”"
    )
    claims = suggest_by_rules(body, ACTORS)
    speakers = [s.claimant_name for s in claims if "untrue" in s.quote or "trace" in s.quote]
    assert speakers and set(speakers) == {"Valen Mining"}


def test_a_quoted_response_of_a_named_issuer_is_the_issuers_not_the_speaker_before():
    body = (
        "Trade minister Ola Brenn said the sanctions were aimed at the supply chain.\n\n"
        '"Those who sell them know it," he said.\n\n'
        "THE COMPANY'S RESPONSE\n\n"
        "The response of Marlow Engines Trading, issued through its lawyers, Pike and Dunn, "
        "reads:\n\n"
        "“Marlow Engines has never sold any product to the armed forces of any state.\n\n"
        "Our total sales of this engine last year were 640 units, not 1,900.\n\n"
        "We will ask the High Court to set the designation aside.”"
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [s.claimant_name for s in claims][-3:] == ["Marlow Engines Trading"] * 3


def test_a_quoted_statement_announced_as_it_is_the_speakers_in_that_paragraph():
    body = (
        "The Tessalian Defence Ministry said the convoy arrived safely in Marrow.\n\n"
        "Pel Arkady said on Tuesday that the ministry had misled the public. His letter reads:"
        "\n\n"
        "“Nine trucks were driven away with their cargo and one driver was killed.\n\n"
        "The convoy never reached Marrow and the ministry knew it by noon.”"
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [s.claimant_name for s in claims][-2:] == ["Pel Arkady", "Pel Arkady"]


def test_a_quoted_statement_under_it_reads_is_the_subject_opening_that_paragraph():
    body = (
        "The Tessalian Defence Ministry said the convoy arrived safely in Marrow.\n\n"
        "The ministry's former adviser, Pel Arkady, replied in a letter posted online. "
        "It reads:\n\n"
        "“Nine trucks were driven away with their cargo and one driver was killed.\n\n"
        "The convoy never reached Marrow and the ministry knew it by noon.”"
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [s.claimant_name for s in claims][-2:] == ["Pel Arkady", "Pel Arkady"]
    assert "Tessalian Defence Ministry" not in [s.claimant_name for s in claims[1:]]


def test_answering_back_standing_by_a_count_and_not_answering_are_answers():
    body = (
        "The Orvan Monitor for Civil Rights said Valen Mining had poisoned the Sora river.\n\n"
        "Valen hit back, accusing the monitor of staging the samples.\n\n"
        "Valen pushed back against that report on Tuesday.\n\n"
        "Valen did not answer the monitor's claim that villagers were not warned.\n\n"
        "The Orvan Monitor for Civil Rights stood by its count."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.claimant_name, s.cue, s.kind) for s in claims] == [
        ("Orvan Monitor for Civil Rights", "said", "allegation"),
        ("Valen Mining", "hit back", "denial"),
        ("Valen Mining", "pushed back", "denial"),
        ("Valen Mining", "did not answer", "denial"),
        ("Orvan Monitor for Civil Rights", "stood by its count", "allegation"),
    ]


def test_an_age_between_a_name_and_its_description_is_not_the_subject():
    body = (
        "Pel Arkady, 54, the former head of procurement at the ministry, denies two counts "
        "of accepting a bribe."
    )
    claim = only(suggest_by_rules(body, ACTORS))
    assert (claim.claimant_name, claim.cue, claim.kind) == ("Pel Arkady", "denies", "denial")


def test_branding_a_report_backing_an_account_and_counsels_case_are_claims():
    body = (
        "The Orvan Monitor for Civil Rights said Valen Mining had locked workers in.\n\n"
        "Valen's owner, Pel Arkady, branded the report “a pack of lies”.\n\n"
        "Blue Crescent Rescue backed the workers' accounts.\n\n"
        "Counsel for Valen put it to the witness that the doors had never been locked, a "
        "suggestion she denied."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.cue, s.kind) for s in claims] == [
        ("said", "allegation"),
        ("branded", "denial"),
        ("backed the workers' accounts", "corroboration"),
        ("put it to the witness that", "denial"),
        ("denied", "denial"),
    ]
    assert claims[1].claimant_name == "Pel Arkady"
    assert claims[2].claimant_name == "Blue Crescent Rescue"
    assert claims[4].quote == "a suggestion she denied."


def test_short_answers_in_the_cue_itself_and_a_count_of_ones_own_are_claims():
    body = (
        "The Orvan Monitor for Civil Rights said Valen Mining had leaked 40,000 records.\n\n"
        "Valen put the number of affected customers at 3,000.\n\n"
        "Valen pushed back hard.\n\n"
        "The Orvan Monitor for Civil Rights maintained its figure.\n\n"
        "Valen did not address the specific claims about passwords.\n\n"
        "Blue Crescent Rescue declined to comment."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.claimant_name, s.cue) for s in claims] == [
        ("Orvan Monitor for Civil Rights", "said"),
        ("Valen Mining", "put the number of affected customers at"),
        ("Valen Mining", "pushed back"),
        ("Orvan Monitor for Civil Rights", "maintained its figure"),
        ("Valen Mining", "did not address"),
        ("Blue Crescent Rescue", "declined"),
    ]
    assert [s.kind for s in claims[1:5]] == ["denial", "denial", "allegation", "denial"]


def test_criticising_accuses():
    body = "The Orvan Monitor for Civil Rights has criticised both Valen Mining and the ministry."
    claim = only(suggest_by_rules(body, ACTORS))
    assert (claim.claimant_name, claim.cue, claim.kind) == (
        "Orvan Monitor for Civil Rights",
        "criticised",
        "allegation",
    )


def test_pushing_back_against_a_call_answers_no_claim():
    body = (
        "The Orvan Monitor for Civil Rights said Valen Mining had poisoned the Sora river.\n\n"
        "Valen pushed back against calls for the mine to close, saying that a shutdown would "
        "cost 900 jobs."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert claims[1].cue != "pushed back"
    assert claims[1].kind == "statement"


def test_an_inverted_cue_whose_speaker_is_a_possessive_role_and_a_name():
    body = (
        "“The review came far too late for the families,” said its chair, Mara Voss.\n\n"
        "Valen Mining rejected the report and said its figures were correct."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert (first.claimant_text, first.claimant_name) == ("its chair, Mara Voss", "Mara Voss")
    # A possessive before a clause is no speaker: the sentence stays Valen Mining's.
    assert second.claimant_name == "Valen Mining"


def test_a_group_answering_in_the_present_tense():
    body = (
        "Pel Arkady said the ministry had shelled the market. The ministry officials reject "
        "that. The residents blame the army for the fire."
    )
    _, answer, accusation = suggest_by_rules(body, ACTORS)
    assert (answer.cue, answer.kind) == ("reject", "denial")
    assert accusation.cue == "blame"


def test_a_subject_with_a_relative_clause_or_after_a_time_without_a_comma():
    body = (
        "Two residents who were on the bridge that night said the army fired first.\n\n"
        "Pel Arkady said the soldiers had followed orders. On Tuesday he said the residents "
        "had thrown stones. On Monday Arkady said the inquiry was “a formality”."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert [s.claimant_text for s in suggestions] == [
        "Two residents",
        "Pel Arkady",
        "he",
        "Arkady",
    ]
    assert suggestions[2].claimant_name == "Pel Arkady"


def test_responded_that_is_a_cue_responded_to_is_not():
    body = (
        "Pel Arkady responded that the contracts had been signed by his deputy.\n\n"
        "Pel Arkady responded to questions from the committee for three hours on Tuesday."
    )
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert (suggestion.cue, suggestion.claimant_name) == ("responded", "Pel Arkady")


def test_a_transcript_labelled_by_names_gives_each_turn_to_its_speaker():
    body = (
        "The committee heard a former clerk and the permanent secretary on Tuesday.\n\n"
        "Q3 The Chair (Dame Ora Finch): Ms Tallis, what happened to the tender files?\n\n"
        "Mara Tallis: The ministry shredded the tender files in May, before the audit began.\n\n"
        "Q4 The Chair: Sir Edwin, is that right?\n\n"
        "Sir Edwin Rook: No. No tender file was shredded, and the audit saw every one of them."
        "\n\n"
        "Q5 The Chair: The shredding log is signed by your own private office.\n"
    )
    clerk, secretary, chair = suggest_by_rules(body, ACTORS)
    assert (clerk.claimant_name, clerk.quote) == (
        "Mara Tallis",
        "The ministry shredded the tender files in May, before the audit began.",
    )
    assert secretary.claimant_name == "Edwin Rook"
    assert secretary.quote == "No tender file was shredded, and the audit saw every one of them."
    # The chair's name in brackets is the chair's from then on; a question is no claim.
    assert (chair.claimant_name, chair.quote) == (
        "Ora Finch",
        "The shredding log is signed by your own private office.",
    )


def test_the_first_person_of_a_labelled_turn_is_the_turns_speaker():
    # "I accept …" with a verb of its own, in a witness's turn after the chair's question:
    # the witness's words, not the chair's, whom the text named last.
    body = (
        "Q1 The Chair (Dame Ora Finch): Ms Tallis, were the tender files shredded?\n\n"
        "Mara Tallis: I accept that the ministry shredded the tender files in May.\n\n"
        "Q2 The Chair: Who gave the order?\n\n"
        "Mara Tallis: We found that the order came from the minister's private office.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert [s.claimant_name for s in suggestions] == ["Mara Tallis", "Mara Tallis"]


def test_a_heading_written_as_a_name_is_no_speaker_label():
    body = "Field Notes: The river rose overnight and the schools of Marrow stayed closed.\n"
    assert suggest_by_rules(body, ACTORS) == []


def test_a_programmes_hosts_claim_nothing_by_their_own_words_but_its_clips_do():
    body = (
        "ANNA BRECK: This is The Harbour Hour. I'm Anna Breck.\n\n"
        "ANNA BRECK: The Tessalian Defence Ministry says its frigate never entered the bay. "
        "The fishermen tell a very different story about that morning.\n\n"
        "[CLIP, JONAS PELL, FISHERMEN'S UNION]: Their frigate rammed our trawler at dawn and "
        "left two of our men in the water.\n\n"
        "ANCHOR (RHEA MARSH): The trawler sank within the hour, a few miles from the harbour.\n"
    )
    ministry, union = suggest_by_rules(body, ACTORS)
    assert (ministry.claimant_id, ministry.quote) == (
        3,
        "The Tessalian Defence Ministry says its frigate never entered the bay.",
    )
    assert union.claimant_name == "Jonas Pell"
    assert union.quote.startswith("Their frigate rammed our trawler")


def test_answers_printed_under_the_questions_are_the_answering_sides():
    body = (
        "We put two questions to Valen Mining. Its answers, sent by email, are printed below "
        "in full.\n\n"
        "1. Residents say the tailings dam leaked into the river in March. Did it?\n\n"
        "No tailings have left the dam since it was built, and there was no leak in March.\n\n"
        "Editor's note: The river authority recorded raised copper levels in March.\n\n"
        "2. Will you pay for the clean-up of the river banks?\n\n"
        "We will meet every obligation that the permit sets out for the company.\n\n"
        "AFTER THE ANSWERS\n\n"
        "The river stayed closed to anglers for a second week.\n"
    )
    residents, denial, statement = suggest_by_rules(body, ACTORS)
    assert (residents.claimant_name, residents.kind) == ("Residents", "allegation")
    assert (denial.claimant_id, denial.kind) == (7, "denial")
    assert denial.quote.startswith("No tailings have left the dam")
    assert (statement.claimant_id, statement.kind) == (7, "statement")


def test_an_interviews_answers_are_the_interviewees_the_text_introduces():
    body = (
        "Mara Tallis spoke to the Harbour Post on Monday. Her answers have been shortened.\n\n"
        "Q: Did you give the tender files to a rival bidder?\n\n"
        "A: No. I never gave a single tender file to anyone outside the ministry.\n"
    )
    answer = only(suggest_by_rules(body, ACTORS))
    assert (answer.claimant_name, answer.quote) == (
        "Mara Tallis",
        "I never gave a single tender file to anyone outside the ministry.",
    )


def test_a_letter_printed_whole_is_its_signers_to_the_next_heading():
    body = (
        "Residents sent a letter to Valen Mining on Monday. The Post prints the letter in full.\n\n"
        "THE LETTER\n\n"
        "To the board,\n\n"
        "Your trucks have cracked the walls of 40 houses in Marrow since March.\n\n"
        "We have counted the cracks ourselves.\n\n"
        "Blue Crescent Rescue\n\n"
        "WHAT OTHERS SAY\n\n"
        "The river rose overnight and schools stayed closed.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS)
    # Not the salutation, the signature or the headings, and nothing under the next heading.
    assert [(s.quote, s.claimant_id) for s in suggestions] == [
        ("Your trucks have cracked the walls of 40 houses in Marrow since March.", 5),
        ("We have counted the cracks ourselves.", 5),
    ]


def test_documents_under_headers_naming_their_authors_are_theirs():
    body = (
        "A former engineer has written to the committee, and the company has answered.\n\n"
        "THE EVIDENCE\n\n"
        "Written evidence submitted by Mara Holt, former site engineer (REF 07):\n\n"
        "1. The tailings dam was raised twice without the inspectorate's approval.\n\n"
        "2. I reported the cracks in the east wall to my manager in March.\n\n"
        "THE REPLY\n\n"
        "Letter from Jonas Weir MP, Minister for Mines, to the Chair:\n\n"
        "Every raising of the dam was approved by the inspectorate in writing.\n\n"
        "REACTION\n\n"
        "The river rose overnight and schools stayed closed.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS)
    # Not the headers or the headings, the author without the letters after the name, and
    # nothing under the next heading.
    assert [(s.quote, s.claimant_name) for s in suggestions] == [
        ("The tailings dam was raised twice without the inspectorate's approval.", "Mara Holt"),
        ("I reported the cracks in the east wall to my manager in March.", "Mara Holt"),
        ("Every raising of the dam was approved by the inspectorate in writing.", "Jonas Weir"),
    ]


def test_a_reply_announced_by_its_owner_then_the_outlets_note():
    body = (
        "Valen Mining has used its right of reply. Valen's text follows, and then our note.\n\n"
        "1. The Post wrote that our trucks cracked 40 houses. "
        "The correct figure is four houses.\n\n"
        "For the board: Ana Rell\n\n"
        "EDITORS' NOTE\n\n"
        "Our figure of 40 houses comes from the council's own survey.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS, publisher="Harbour Post")
    assert [(s.quote, s.claimant_name) for s in suggestions][-2:] == [
        ("The correct figure is four houses.", "Valen Mining"),
        ("Our figure of 40 houses comes from the council's own survey.", "Harbour Post"),
    ]


def test_a_text_announced_and_not_signed_ends_where_someone_else_is_quoted():
    body = (
        "Tessaly's statement reads:\n\n"
        "The convoy was not struck by our forces.\n\n"
        "Blue Crescent Rescue said the convoy was hit twice.\n\n"
        "The river rose overnight and schools stayed closed.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert [(s.quote, s.claimant_name) for s in suggestions] == [
        ("The convoy was not struck by our forces.", "Tessaly government"),
        ("Blue Crescent Rescue said the convoy was hit twice.", "Blue Crescent Rescue"),
    ]


def test_a_text_announced_before_another_sentence_is_not_taken_as_printed():
    body = (
        "Tessaly's statement reads like an apology. It came late.\n\n"
        "The river rose overnight and schools stayed closed.\n"
    )
    assert suggest_by_rules(body, ACTORS) == []


def test_a_lists_items_are_whom_the_sentence_announcing_it_names():
    body = (
        "The regulator fined Valen Mining on Tuesday. Its notice said:\n\n"
        "- the company's trucks cracked the walls of 40 houses in Marrow;\n"
        "- the dust readings at the school were never sent to the council.\n\n"
        "The river rose overnight and schools stayed closed.\n"
    )
    items = suggest_by_rules(body, ACTORS)
    # Each item without its bullet, the notice's; not the paragraph after the list.
    assert [(s.quote, s.claimant_text) for s in items] == [
        ("the company's trucks cracked the walls of 40 houses in Marrow;", "Its notice"),
        ("the dust readings at the school were never sent to the council.", "Its notice"),
    ]


def test_a_numbered_list_of_findings_is_whom_the_announcement_names():
    body = (
        "Judge Ana Rell's ruling made the following findings:\n\n"
        "1. The trucks of Valen Mining cracked the walls of 40 houses.\n\n"
        "2. Blue Crescent Rescue said the dust readings were never sent.\n\n"
        "3. Why did nobody act?\n"
    )
    items = suggest_by_rules(body, ACTORS)
    # An item with its own verb of saying is its speaker's; a question is no claim.
    assert [(s.quote, s.claimant_name) for s in items] == [
        ("The trucks of Valen Mining cracked the walls of 40 houses.", "Ana Rell"),
        ("Blue Crescent Rescue said the dust readings were never sent.", "Blue Crescent Rescue"),
    ]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # An opening preposition's phrase without a comma before the subject.
        ("On Friday morning the army said no convoy had been fired on near Marrow.", "the army"),
        ("In a later video he said the count at Marrow had been falsified.", "he"),
        # A subject with a relative clause or a participle after its head.
        (
            "A family in Marrow whose house was destroyed in a fire in October said the heater "
            "had been on.",
            "A family in Marrow",
        ),
        (
            "The union representing the dock workers at the Valen Mining terminal in Marrow says "
            "31 people died in the fire.",
            "The union",
        ),
        # People in the plural or by their age, a name with a particle, a cooperative.
        (
            "In the villages near Marrow, fishermen said the damage was already visible.",
            "fishermen",
        ),
        ("In a post on social media, the 27-year-old said she had never doped.", "the 27-year-old"),
        ("Asked about the deaths, al-Mansour said the strike had hit a depot.", "al-Mansour"),
        ("Every boat carries diesel in drums on deck, the cooperative said.", "the cooperative"),
    ],
)
def test_the_subject_of_a_verb_of_saying_is_read_past_what_surrounds_it(sentence, speaker):
    assert only(suggest_by_rules(sentence, ACTORS)).claimant_text == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        # A preposition's own object, a clause's subject, people found somewhere.
        "In a statement posted on Friday the convoy was mentioned twice.",
        "Asked whether the council had warned the residents before the flood, nobody knew.",
        "The searchers brought in two men found in their homes on Saturday.",
    ],
)
def test_no_speaker_is_read_where_the_words_name_none(sentence):
    assert suggest_by_rules(sentence, ACTORS) == []


def test_a_reply_after_a_colon_is_the_answer_it_gives():
    body = 'She replied: "The signs of distress were there on the trace at 2.15."'
    assert only(suggest_by_rules(body, ACTORS)).claimant_text == "She"


def test_a_second_verb_joined_with_its_own_pronoun_or_in_the_present_is_a_second_claim():
    body = (
        "Valen Mining's lawyer says the payment was a legitimate fee for three surveys, and "
        "accuses the Harbour Post of publishing stolen documents about the company."
    )
    fee, accusation = suggest_by_rules(body, ACTORS)
    assert fee.quote.endswith("for three surveys,")
    assert accusation.quote.startswith("accuses the Harbour Post")
    assert accusation.claimant_text == fee.claimant_text


def test_every_sentence_of_a_statement_quoted_over_paragraphs_is_its_issuers():
    body = (
        "The Tessaly government answered in a statement. The full text follows.\n\n"
        '"The government of Tessaly rejects the report of Blue Crescent Rescue.\n\n'
        "STATEMENT ON THE CONVOY\n\n"
        "No unit of ours was on the Marrow road that afternoon. Its authors have never set "
        "foot in our country.\n\n"
        'Who paid for this report?"\n'
    )
    suggestions = suggest_by_rules(body, ACTORS)
    # Not the heading nor the question; the sentences with no word of denial too.
    assert [(s.quote, s.claimant_id) for s in suggestions][1:] == [
        ("No unit of ours was on the Marrow road that afternoon.", 2),
        ("Its authors have never set foot in our country.", 2),
    ]
    assert suggestions[0].claimant_id == 2


def test_a_letter_opening_with_a_salutation_is_its_signers():
    body = (
        "Sir, - Your report of 3 March said our trucks cracked 40 houses. That figure is wrong.\n\n"
        "Only four houses have cracks, and all of them are old.\n\n"
        "Ana Rell\n"
        "Chair, Valen Mining\n\n"
        "Editor's note: The Post stands by its report.\n"
    )
    report, *suggestions = suggest_by_rules(body, ACTORS)
    # A sentence with its own verb of saying stays its speaker's, without the salutation.
    assert report.quote == "Your report of 3 March said our trucks cracked 40 houses."
    assert report.claimant_name.startswith("Your report")
    # Every other sentence to the signature is the signer's; not the outlet's note.
    assert [(s.quote, s.claimant_name) for s in suggestions][:2] == [
        ("That figure is wrong.", "Ana Rell"),
        ("Only four houses have cracks, and all of them are old.", "Ana Rell"),
    ]
    assert all(s.claimant_name != "Ana Rell" for s in suggestions[2:])


def test_a_list_of_names_is_one_subject_and_a_judges_style_her_name():
    body = (
        "GENEVA/MARROW, Dec 2 — The governments of Tessaly, Orva and Lund on Tuesday accused "
        "Valen Mining of poisoning the Sora river.\n\n"
        "Mrs Justice Farrant said the company had poisoned the river for two years.\n"
    )
    governments, judge = suggest_by_rules(body, ACTORS)
    # Not "Orva and Lund", an appositive; the dateline with two places is no part of it.
    assert governments.claimant_text == "The governments of Tessaly, Orva and Lund"
    assert judge.claimant_name == "Mrs Justice Farrant"


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        (
            "Valen Mining answered that the samples had been taken downstream of a farm.",
            "answered",
        ),
        (
            "Lawyers for Valen Mining submitted that the permit had never been breached.",
            "submitted",
        ),
        (
            "The Tessalian Defence Ministry has written back to say that the figures are wrong.",
            "written",
        ),
        (
            "The Orvan Monitor for Civil Rights points out that no shelter was ever built there.",
            "points",
        ),
        ("The residents insist that the water turned brown overnight in May.", "insist"),
        (
            "Valen Mining accepts that two of its trucks used the village road at night.",
            "accepts",
        ),
    ],
)
def test_the_common_verbs_of_news_reporting_are_cues(body, cue):
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.cue == cue


@pytest.mark.parametrize(
    "body",
    [
        "Valen Mining answered questions from shareholders for two hours on Tuesday.",
        "The Orvan Monitor for Civil Rights submitted a report to the regional council.",
        "Valen Mining accepted the offer of mediation from the regional council last week.",
        "The Tessalian Defence Ministry observed a minute's silence for the dead soldiers.",
    ],
)
def test_verbs_that_as_often_do_something_else_are_cues_only_before_what_was_said(body):
    assert suggest_by_rules(body, ACTORS) == []


def test_a_retort_after_the_quotation_names_its_speaker():
    body = '"That is a fairy tale about our trucks," retorted the Valen Mining spokesman.'
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.cue == "retorted"
    assert suggestion.claimant_text == "the Valen Mining spokesman"


def test_a_participle_carrying_a_second_answer_is_a_second_claim():
    body = (
        "Valen Mining said on Tuesday that no waste had entered the river from its site, "
        'calling the Harbour Post report "a baseless attack on our workers".'
    )
    river, label = suggest_by_rules(body, ACTORS)
    assert river.quote.endswith("from its site")
    assert label.quote.startswith("calling the Harbour Post report")
    assert label.claimant_name == river.claimant_name == "Valen Mining"


def test_a_participle_going_on_with_the_same_claim_stays_in_it():
    body = (
        "The Orvan Monitor for Civil Rights said shelling had killed nine people in Marrow, "
        "saying most of the dead were farmers working in their fields."
    )
    assert only(suggest_by_rules(body, ACTORS)).quote == body


def test_and_called_the_claim_a_name_is_a_second_claim_but_a_call_for_action_is_not():
    label = (
        "The Tessalian Defence Ministry said its units had fired only on military targets "
        'and called the monitor\'s report "a fabrication from start to finish".'
    )
    _fired, called = suggest_by_rules(label, ACTORS)
    assert called.quote.startswith("called the monitor's report")
    assert called.kind == "denial"
    call = (
        "The Orvan Monitor for Civil Rights said shelling had killed nine people in Marrow "
        "and called for an independent inquiry into the attack on the market."
    )
    assert only(suggest_by_rules(call, ACTORS)).quote == call


def test_a_charge_the_answering_side_gave_a_name_is_their_claim():
    body = (
        "The Orvan Monitor for Civil Rights said troops had shelled the market in Marrow, "
        'a charge Tessaly\'s defence ministry called "a baseless fabrication".'
    )
    charge, answer = suggest_by_rules(body, ACTORS)
    assert answer.quote.startswith("a charge Tessaly's defence ministry called")
    assert answer.claimant_name != charge.claimant_name
    assert answer.kind == "denial"


def test_a_verb_after_what_is_in_an_object_clause_and_attributes_nothing():
    body = (
        "Below, the council's findings are set beside the company's replies, followed by what "
        "residents told the Harbour Post about the spill."
    )
    assert suggest_by_rules(body, ACTORS) == []
    # Without "what" the same verb attributes its clause.
    told = "Blue Crescent Rescue told the Harbour Post that Valen Mining had poisoned the river."
    assert only(suggest_by_rules(told, ACTORS)).claimant_name == "Blue Crescent Rescue"


def test_leaving_a_point_unsaid_is_a_claim():
    body = (
        "Valen Mining said it had closed the shaft.\n\n"
        "It did not say how many workers had been inside.\n\n"
        "The Tessalian Defence Ministry would not say whether the shaft would reopen."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.quote, s.claimant_name, s.cue) for s in claims[1:]] == [
        ("It did not say how many workers had been inside.", "Valen Mining", "did not say"),
        (
            "The Tessalian Defence Ministry would not say whether the shaft would reopen.",
            "Tessalian Defence Ministry",
            "would not say",
        ),
    ]


def test_evidence_is_the_claim_of_whoever_vouches_for_it():
    body = (
        "Satellite images taken on Monday and reviewed by the Harbour Post show three craters "
        "inside the compound.\n\n"
        "A copy of the shipping licence, seen by the Harbour Post, lists two owners.\n\n"
        "Photographs shared by residents and verified by the Orvan Monitor for Civil Rights "
        "showed a burned-out lorry."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.claimant_name, s.cue) for s in claims] == [
        ("Harbour Post", "show"),
        ("Harbour Post", "lists"),
        ("Orvan Monitor for Civil Rights", "showed"),
    ]


def test_evidence_vouched_for_by_no_one_or_with_a_verb_between_is_no_claim():
    body = (
        "The report was published by the ministry in March.\n\n"
        "Photographs released by Valen Mining were taken in May and show the shaft."
    )
    assert suggest_by_rules(body, ACTORS) == []


def test_a_that_clause_set_against_the_first_is_a_second_claim():
    body = (
        "The Tessalian Defence Ministry said it had found no fault in the radar, but that two "
        "of its gunners had been suspended."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.quote, s.claimant_name, s.cue) for s in claims] == [
        (
            "The Tessalian Defence Ministry said it had found no fault in the radar",
            "Tessalian Defence Ministry",
            "said",
        ),
        ("that two of its gunners had been suspended.", "Tessalian Defence Ministry", "said"),
    ]


def test_a_turn_from_an_admission_to_a_denial_is_a_second_claim():
    body = (
        "The Tessalian Defence Ministry said its battery had fired on the ridge above Marrow, "
        "but its gunners had never fired on the ferry landing or the market."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.quote, s.claimant_name) for s in claims] == [
        (
            "The Tessalian Defence Ministry said its battery had fired on the ridge above Marrow",
            "Tessalian Defence Ministry",
        ),
        (
            "its gunners had never fired on the ferry landing or the market.",
            "Tessalian Defence Ministry",
        ),
    ]


def test_a_turn_between_two_statements_stays_one_claim():
    body = (
        "The Tessalian Defence Ministry said its engineers had inspected the bridge in March; "
        "the repairs were due to begin in the spring."
    )
    assert only(suggest_by_rules(body, ACTORS)).quote == body


def test_urging_and_demanding_are_claims():
    body = (
        "Blue Crescent Rescue urged residents to leave the valley before nightfall.\n\n"
        "The Orvan Monitor for Civil Rights demanded an inquiry into the shelling."
    )
    claims = suggest_by_rules(body, ACTORS)
    assert [(s.claimant_name, s.cue) for s in claims] == [
        ("Blue Crescent Rescue", "urged"),
        ("Orvan Monitor for Civil Rights", "demanded"),
    ]


def test_what_a_document_does_not_say_is_not_its_claim():
    body = "KASK: The notice does not say that anyone at the ministry gave the order, as none did."
    claim = only(suggest_by_rules(body, ACTORS))
    assert claim.cue != "does not say"


def test_a_response_heading_in_capitals_says_whose_response_follows():
    # A printed reply under its title in capitals: its numbered points are the replying
    # body's claims, though no sentence says "said".
    body = (
        "The inspectorate found that the home had been left without a night nurse for a week."
        "\n\nREPLY OF DUNMERE COUNCIL\n\n"
        "1. The report says the home was left without a night nurse. That claim is false.\n\n"
        "2. We reject the suggestion that any resident was harmed.\n\n"
        "3. The correct figure is two nights in the whole year.\n\n"
        "For the council: Ana Lind, chief executive"
    )
    suggestions = suggest_by_rules(body, ACTORS, publisher="Care Inspectorate")
    reply = body.index("REPLY")
    council = {s.quote: s.claimant_name for s in suggestions if s.anchor.start > reply}
    assert council["That claim is false."] == "Dunmere Council"
    assert council["We reject the suggestion that any resident was harmed."] == "Dunmere Council"
    # A sentence with no word of denial is the reply's too; its signature is no claim.
    assert council["The correct figure is two nights in the whole year."] == "Dunmere Council"
    assert not any("Ana Lind" in quote for quote in council)


def test_a_title_in_capitals_that_names_no_response_owns_nothing():
    # ("ANNUAL REPORT OF THE COUNCIL" is a title, not a reply: its sentences stay unclaimed.)
    body = (
        "ANNUAL REPORT OF THE DUNMERE COUNCIL\n\n"
        "That claim is false.\n\n"
        "The council met four times in the year."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert all(s.claimant_name != "Dunmere Council" for s in suggestions)


def test_a_response_heading_on_the_first_line_of_its_paragraph():
    # "Government response" over the sentences on the next line: the name as the response's
    # adjective, the heading in the same paragraph as the answer.
    body = (
        "Finding 1\nThe ministry ignored four written warnings about the mine.\n\n"
        "Government response\nThe warnings were read and assessed at the time. "
        "Every permit decision follows a full review."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    answer = {s.quote: s.claimant_name for s in suggestions}
    # The heading's words name the responder (the speaker stage resolves them where an actor
    # goes by them).
    assert answer["The warnings were read and assessed at the time."] == "Government"
    assert answer["Every permit decision follows a full review."] == "Government"


def test_a_name_and_colon_before_a_response_title_says_whose_response_follows():
    body = (
        "The monitor's report was published on Tuesday.\n\n"
        "VALEN MINING: RESPONSE TO THE MONITOR'S REPORT\n\n"
        "The report contains factual errors and misleading conclusions.\n\n"
        "Safety. The tailings dam was inspected twice last year."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    answer = {s.quote: s.claimant_name for s in suggestions}
    report = "The report contains factual errors and misleading conclusions."
    assert answer[report] == "Valen Mining"
    assert answer["The tailings dam was inspected twice last year."] == "Valen Mining"


def test_numbered_paragraphs_under_a_heading_naming_their_issuer_are_its_findings():
    # "Issued by …" in the heading block, or a name in capitals before the title: the numbered
    # paragraphs are the issuer's, though no sentence says "said"; a response's heading after
    # them ends the issuer's part.
    body = (
        "The monitor published a report on the mine on Monday.\n\n"
        "NOTICE OF FINDINGS\nIssued by the Orvan Monitor for Civil Rights under its charter\n\n"
        "1. Guards at the mine beat at least nine workers in March.\n\n"
        "2. The company's own records show the beatings were reported to managers.\n\n"
        "STATEMENT BY VALEN MINING\n\n"
        "3. No worker was beaten at any of our sites."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    claimant = {s.quote: s.claimant_name for s in suggestions}
    assert claimant["Guards at the mine beat at least nine workers in March."] == (
        "Orvan Monitor for Civil Rights"
    )
    assert claimant["The company's own records show the beatings were reported to managers."] == (
        "Orvan Monitor for Civil Rights"
    )
    assert claimant["No worker was beaten at any of our sites."] == "Valen Mining"


def test_a_heading_that_names_no_issuer_owns_no_numbered_paragraph():
    body = (
        "NOTICE OF FINDINGS\nTo: Valen Mining\n\n"
        "1. The river rose overnight after the rain.\n\n"
        "2. Schools in the district stayed closed on Monday."
    )
    assert suggest_by_rules(body, ACTORS) == []


def test_a_letterhead_in_capitals_names_the_issuer_of_the_paragraphs_under_it():
    # A body's name in capitals over a document's title: its paragraphs, numbered or not and
    # under sub-headings, are its findings; a separator line ends the document.
    body = (
        "The monitor published its findings on the mine on Monday.\n\n"
        "ORVAN MONITOR FOR CIVIL RIGHTS\nInvestigation into the Valen mine\n\n"
        "Working conditions\n\n"
        "Guards at the mine beat at least nine workers in March.\n\n"
        "2. The company's own records show the beatings were reported to managers.\n\n"
        "*\n\n"
        "The river rose overnight after the rain in the district."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    claimant = {s.quote: s.claimant_name for s in suggestions}
    monitor = "Orvan Monitor for Civil Rights"
    assert claimant["Guards at the mine beat at least nine workers in March."] == monitor
    assert claimant["The company's own records show the beatings were reported to managers."] == (
        monitor
    )
    assert "The river rose overnight after the rain in the district." not in claimant


def test_a_diplomatic_offices_letterhead_names_it_without_where_it_is_accredited():
    # An embassy's letterhead says where it serves ("… TO THE KINGDOM OF …"): the note under
    # it is the embassy's, by the name the text gives it.
    body = (
        "The note below reached the ministry on Tuesday.\n\n"
        "EMBASSY OF THE REPUBLIC OF TESSALY TO THE KINGDOM OF ORVAN\n\n"
        "No member of the delegation entered the closed zone.\n\n"
        "The permits issued in April remain valid."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert {s.claimant_text for s in suggestions} == {"Embassy of the Republic of Tessaly"}


def test_a_title_in_capitals_names_no_issuer_of_the_paragraphs_under_it():
    # ("PRESS BRIEFING NOTES" is a title, not a body: the paragraphs under it stay unclaimed.)
    body = (
        "PRESS BRIEFING NOTES\n\n"
        "The river rose overnight after the rain.\n\n"
        "Schools in the district stayed closed on Monday."
    )
    assert suggest_by_rules(body, ACTORS) == []


def test_a_statement_heading_with_a_date_or_a_name_and_colon_says_whose_it_is():
    # "Statement by the … , 13 March" and "VALEN MINING: STATEMENT ON …": every sentence
    # under them is the issuer's, a word of denial in it or not.
    dated = (
        "The monitor's report was published on Tuesday.\n\n"
        "Statement by the Valen Mining Company to the press office at Orvan, 13 March 2026\n\n"
        "The report relies on unverified accounts from former employees.\n\n"
        "No worker was beaten at any of our sites."
    )
    answer = {s.quote: s.claimant_name for s in suggest_by_rules(dated, ACTORS)}
    # (The heading's words name the issuer, "Valen Mining Company": the speaker stage resolves
    # them.)
    assert answer["The report relies on unverified accounts from former employees."].startswith(
        "Valen Mining"
    )
    assert answer["No worker was beaten at any of our sites."].startswith("Valen Mining")
    titled = (
        "The monitor's report was published on Tuesday.\n\n"
        "VALEN MINING: STATEMENT ON THE MONITOR'S FINDINGS\n\n"
        "We do not accept the monitor's conclusion.\n\n"
        "The tailings dam was inspected twice last year."
    )
    answer = {s.quote: s.claimant_name for s in suggest_by_rules(titled, ACTORS)}
    assert answer["We do not accept the monitor's conclusion."] == "Valen Mining"
    assert answer["The tailings dam was inspected twice last year."] == "Valen Mining"


def test_a_participle_after_an_attribution_closing_the_claim_is_a_second_claim():
    body = (
        "Shells struck the market in Marrow on Sunday, killing nine people, the Orvan Monitor "
        "for Civil Rights said, blaming Tessalian artillery on the ridge above the town."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.quote.endswith("the Orvan Monitor for Civil Rights said")
    assert second.quote == "blaming Tessalian artillery on the ridge above the town."
    assert first.claimant_name == second.claimant_name == "Orvan Monitor for Civil Rights"


def test_a_relative_clause_after_according_to_is_a_second_claim():
    body = (
        "Nine people were killed in the shelling of Marrow on Sunday, according to the Orvan "
        "Monitor for Civil Rights, which said most of the dead were farmers."
    )
    first, second = suggest_by_rules(body, ACTORS)
    assert first.quote.endswith("according to the Orvan Monitor for Civil Rights")
    assert second.quote == "which said most of the dead were farmers."
    assert second.claimant_name == "Orvan Monitor for Civil Rights"


def test_a_participle_after_an_attribution_opening_the_claim_stays_in_it():
    # The speaker named first and the clause after the verb: ", adding …" goes on with it.
    body = (
        "The Orvan Monitor for Civil Rights said nine people had died, adding that most of "
        "the dead were farmers working in their fields."
    )
    assert only(suggest_by_rules(body, ACTORS)).quote == body


def test_a_verb_of_saying_after_a_comma_and_has_the_sentences_subject():
    body = (
        "The Tessalian Defence Ministry sent investigators to the road on Monday, and said the "
        'convoy had been "deliberately targeted" by the rebels.'
    )
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.quote == body
    assert suggestion.claimant_name == "Tessalian Defence Ministry"


def test_a_list_items_label_naming_a_party_is_that_partys_claim():
    body = (
        "The shelling ended on Sunday.\n\n"
        "How many died is disputed. Three counts have been published:\n\n"
        '- The Tessalian Defence Ministry: 31 gunmen, "no civilian casualties".\n'
        "- The Orvan Monitor for Civil Rights: 19 dead, among them 11 farmers.\n"
        "- Hazard: loose shells remain in the fields south of the town."
    )
    items = suggest_by_rules(body, ACTORS)
    # (A label written as a name is a lead the quote leaves out, as a transcript's is.)
    assert [(s.quote, s.claimant_name) for s in items] == [
        ('31 gunmen, "no civilian casualties".', "Tessalian Defence Ministry"),
        (
            "The Orvan Monitor for Civil Rights: 19 dead, among them 11 farmers.",
            "Orvan Monitor for Civil Rights",
        ),
    ]


def test_a_gerund_before_a_deprived_noun_is_what_was_denied():
    # "denied medical care" deprives; "denies blocking food" denies doing something.
    body = (
        "Relief workers said children were starving in the valley.\n\n"
        "The Tessalian Defence Ministry denies blocking food from reaching the valley."
    )
    denial = suggest_by_rules(body, ACTORS)[-1]
    assert (
        denial.quote
        == "The Tessalian Defence Ministry denies blocking food from reaching the valley."
    )
    assert denial.kind == "denial"
    assert denial.claimant_name == "Tessalian Defence Ministry"
    deprived = "Former detainees said they had been denied medical care for weeks."
    assert only(suggest_by_rules(deprived, ACTORS)).kind != "denial"


@pytest.mark.parametrize("adverb", ["always", "long", "consistently"])
def test_an_adverb_between_has_and_a_verb_of_denial_keeps_the_subject(adverb):
    body = (
        "Witnesses said guards had locked the gates of the depot.\n\n"
        f"The Tessalian Defence Ministry has {adverb} denied that any gate was locked."
    )
    denial = suggest_by_rules(body, ACTORS)[-1]
    assert denial.quote.endswith("that any gate was locked.")
    assert denial.kind == "denial"
    assert denial.claimant_name == "Tessalian Defence Ministry"


def test_a_label_naming_whose_comments_follow_owns_its_paragraph():
    # A report printing a body's reply after each finding, under "Comments of X:": every
    # sentence of that paragraph is the commenter's, none of the report's issuer's.
    body = (
        "The monitor found that guards at the mine beat at least nine workers in March.\n\n"
        "Comments of the Valen Mining Company: The Company rejects the suggestion that "
        "workers were beaten. Every incident at the site was logged and reported to the "
        "police. The guards named in the report no longer work at the mine.\n\n"
        "The river rose overnight after the rain."
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    comments = [q for q in claimant if q.startswith(("Comments of", "Every", "The guards"))]
    assert len(comments) == 3
    # (The label's words name the commenter; the speaker stage resolves them.)
    assert len({claimant[q] for q in comments}) == 1
    assert "Valen Mining" in claimant[comments[0]]
    assert "The river rose overnight after the rain." not in claimant


def test_a_spokespersons_field_names_whose_briefing_notes_follow():
    # "Spokesperson for …: Name" over a briefing's paragraphs, first person and no verb of
    # saying: the spokesperson's words.
    body = (
        "PRESS BRIEFING NOTES\n"
        "Spokesperson for the Orvan Monitor for Civil Rights: Maria Lind\n"
        "Location: Orvan\n\n"
        "We are alarmed by the beating of at least nine workers at the Valen mine in March.\n\n"
        "Houses near the mine were set on fire in April."
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert (
        claimant[
            "We are alarmed by the beating of at least nine workers at the Valen mine in March."
        ]
        == "Maria Lind"
    )
    assert claimant["Houses near the mine were set on fire in April."] == "Maria Lind"


def test_a_line_under_a_title_in_capitals_names_the_body_that_issued_it():
    # "STATEMENT ON THE FIRST ROUND" over "Joint … Mission, place, date": the findings
    # under it are the mission's; a title over a person's name or a date names no issuer.
    body = (
        "The observers published their findings on Monday.\n\n"
        "STATEMENT ON THE FIRST ROUND\n\n"
        "Joint Orvan Observation Mission, Orvan, 29 November 2026\n\n"
        "Summary\n\n"
        "Two candidates were refused registration on disproportionate grounds."
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert (
        claimant["Two candidates were refused registration on disproportionate grounds."]
        == "Joint Orvan Observation Mission"
    )
    dated = body.replace(
        "Joint Orvan Observation Mission, Orvan, 29 November 2026", "Orvan, 29 November 2026"
    )
    assert suggest_by_rules(dated, ACTORS) == []
    # (A letter's salutation under its title in capitals, "To the board,", is whom it is
    # written to: `test_a_letter_printed_whole_is_its_signers_to_the_next_heading`.)
    issued = body.replace(
        "Joint Orvan Observation Mission, Orvan, 29 November 2026",
        "Issued by the Joint Orvan Observation Mission (JOOM), 29 November 2026",
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(issued, ACTORS)}
    assert (
        claimant["Two candidates were refused registration on disproportionate grounds."]
        == "Joint Orvan Observation Mission"
    )


def test_each_part_of_a_compiled_document_is_its_own_issuers():
    body = (
        "ANNUAL REVIEW OF THE COASTAL WATER BOARD\n\n"
        "The Board has found nitrate above the legal limit in four village wells.\n\n"
        "Farms upstream are the only source of nitrate in the valley.\n\n"
        "---\n\n"
        "STATEMENT OF THE BRENN FARMERS' UNION, 3 May\n\n"
        "The review does not tell the truth about our members.\n\n"
        "The wells were tested after a flood that carried sewage into them.\n\n"
        "We have always followed every rule on fertiliser.\n"
    )
    suggestions = suggest_by_rules(
        body,
        ACTORS,
        publisher="Coastal Water Board (published text) / Brenn Farmers' Union",
    )
    claimants = [(s.quote.split()[1], s.claimant_name) for s in suggestions]
    assert ("Board", "Coastal Water Board") in claimants
    assert claimants[-3:] == [
        ("review", "Brenn Farmers' Union"),
        ("wells", "Brenn Farmers' Union"),
        ("have", "Brenn Farmers' Union"),
    ]
    # With one outlet, the heading naming its author gives the union its statement all the
    # same ("STATEMENT OF THE …", the hundred-and-third round); the review stays the Board's.
    alone = suggest_by_rules(body, ACTORS, publisher="Coastal Water Board")
    named = {s.quote.split()[1]: s.claimant_name for s in alone}
    assert named["review"] == "Brenn Farmers' Union"
    assert named["Board"] == "Coastal Water Board"


def test_a_heading_naming_a_body_before_a_dash_gives_its_points_and_its_replys_to_each():
    # An introduction naming both bodies, then each one's text under a heading in capitals
    # that names it before a dash: the numbered points without a verb of saying are the
    # first body's, the reply's sentences the second's; an end line and a signature line end
    # each part, and the compiler's closing paragraph is nobody's.
    body = (
        "The Northern Field Command released the notes below on Monday; the Reed Valley "
        "Water Board answered a day later. We reproduce the two texts unedited.\n\n"
        "NORTHERN FIELD COMMAND - SITUATION NOTES, 4 MAY\n\n"
        "1. [Point A, bridge] Engineers repaired the east bridge overnight and reopened it "
        "to traffic.\n\n"
        "2. The pumping station on the east bank was never a target.\n\n"
        "END OF NOTES\n\n"
        "REED VALLEY WATER BOARD - REPLY TO THE NOTES OF 4 MAY\n\n"
        "The pumping station was hit twice on the night of 3 May.\n\n"
        "Signed: the chair, on behalf of the Reed Valley Water Board\n\n"
        "The river rose overnight after the rain in the district."
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    command, board = "Northern Field Command", "Reed Valley Water Board"
    assert [name for quote, name in claimant.items() if "east bridge" in quote] == [command]
    assert claimant["The pumping station on the east bank was never a target."] == command
    assert claimant["The pumping station was hit twice on the night of 3 May."] == board
    assert "The river rose overnight after the rain in the district." not in claimant


def test_a_questions_and_answers_heading_gives_the_answers_to_the_body_it_names():
    # A maker's questions and answers under "MAKER - PRODUCT: QUESTIONS AND ANSWERS": each
    # answer is the maker's, whatever verb it has; a question is no claim.
    body = (
        "Corlen Appliances posted these answers on its website after the recall.\n\n"
        "CORLEN APPLIANCES - KETTLE RECALL: QUESTIONS AND ANSWERS\n\n"
        "Was the kettle unsafe?\n"
        "The kettle met the heating standard in two laboratories last year.\n\n"
        "When did the switch start failing?\n"
        "We heard of one case in March and our engineers saw nothing wrong with the switch."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    claimant = {s.quote: s.claimant_name for s in suggestions}
    maker = "Corlen Appliances"
    assert claimant["The kettle met the heating standard in two laboratories last year."] == maker
    assert (
        claimant[
            "We heard of one case in March and our engineers saw nothing wrong with the switch."
        ]
        == maker
    )
    assert not any(s.quote.endswith("?") for s in suggestions)


def test_a_title_before_a_dash_names_no_body():
    # ("SITUATION NOTES - 4 MAY": a title, written nowhere else as a name: no issuer.)
    body = (
        "SITUATION NOTES - 4 MAY\n\n"
        "The pumping station on the east bank was never a target.\n\n"
        "Schools in the district stayed closed on Monday."
    )
    assert suggest_by_rules(body, ACTORS) == []


def test_a_mandate_line_names_the_writer_of_the_letter_under_it():
    # A letter under "Mandate of the Independent Expert on …": its account, sentence by
    # sentence and with no verb of saying, is the office holder's.
    body = (
        "Mandate of the Independent Expert on the rights of river communities\n\n"
        "Excellency,\n\n"
        "On 3 May, police officers fired live ammunition at a crowd of fishermen near the dam.\n\n"
        "Nine fishermen were hurt and one of the boats was sunk."
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert len(suggestions) == 2
    assert all(s.claimant_name.startswith("Independent Expert") for s in suggestions)


def test_an_issuer_line_with_a_legal_form_names_the_company_under_a_title():
    # "PRESS RELEASE" over "Acme Foods S.A.": the release's sentences are the company's, its
    # legal form written with stops not ending the line as a sentence; "ENDS" ends it.
    body = (
        "PRESS RELEASE\n"
        "Corlen Foods S.A.\n"
        "2 May 2026\n\n"
        "Corlen Foods has never added any banned colouring to its products.\n\n"
        "Each lot goes to an outside laboratory for checks before shipping.\n\n"
        "ENDS\n\n"
        "The river rose overnight after the rain in the district."
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert claimant["Each lot goes to an outside laboratory for checks before shipping."] == (
        "Corlen Foods"
    )
    assert "The river rose overnight after the rain in the district." not in claimant


def test_a_fact_check_pages_claim_field_is_the_answered_outlets_and_its_fact_field_the_pages():
    # A page answering a newspaper's report point by point: the quoted claim under "CLAIM n:"
    # is the report's (or whoever the quoted words say speaks), the "FACT:" answer the page's.
    body = (
        "Ports Authority of Veska\n"
        "Press Office | Fact Check\n\n"
        "Last week the daily The Morning Ledger published a report on the harbour fire, which "
        "says the authority ignored warnings. We answer its main points below.\n\n"
        'CLAIM 1: "The fire crews reached the burning warehouse two hours after the alarm."\n\n'
        "FACT: The first crew was on the quay within eighteen minutes of the alarm. The log of "
        "the control room records every call.\n\n"
        'CLAIM 2: "Dock workers say the sprinklers had been switched off for a month."\n\n'
        "FACT: The sprinklers were inspected in March and worked on the night of the fire."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="Ports Authority of Veska")

    def claimant(words: str) -> str:
        return next(s.claimant_name for s in suggestions if words in s.quote)

    assert claimant("two hours after") == "Morning Ledger"
    assert claimant("eighteen minutes") == "Ports Authority of Veska"
    assert claimant("inspected in March") == "Ports Authority of Veska"
    assert claimant("switched off").lower() == "dock workers"


def test_a_claim_field_names_no_one_when_the_page_names_no_answered_report():
    # Without a report the page says it answers, a quoted claim is left unattributed rather
    # than given to the page that denies it.
    body = (
        "Ports Authority of Veska\n"
        "Press Office | Fact Check\n\n"
        'CLAIM 1: "The fire crews reached the burning warehouse two hours after the alarm."\n\n'
        "FACT: The first crew was on the quay within eighteen minutes of the alarm."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="Ports Authority of Veska")
    assert not any("two hours" in s.quote for s in suggestions)


def test_a_claim_field_is_whoever_the_next_paragraph_says_made_it():
    # "Claim: “…”" then "Okafor repeated the figure on local radio.": Okafor's words.
    body = (
        "The council leader Dana Okafor and her rival Piet Lund debated the budget on Tuesday.\n\n"
        'Claim: "Council tax has gone up by less than inflation for five years."\n\n'
        "Okafor repeated the figure on local radio the next morning. The council's accounts show "
        "two years in which it rose faster."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]))
    claim = next(s for s in suggestions if "Council tax" in s.quote)
    assert claim.claimant_name == "Dana Okafor"


def test_a_heading_naming_who_responds_gives_them_the_reply_under_it():
    # "The Morning Ledger responds (…):" over a printed reply: every sentence of it is theirs.
    body = (
        "Ports Authority of Veska\n\n"
        "The authority rejects the report in full.\n\n"
        "---\n\n"
        "The Morning Ledger responds (a note on its website, 4 May):\n\n"
        "Our reporters spoke to nine dock workers who were on the quay that night.\n\n"
        "The control room log was never shown to us despite three written requests."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="Ports Authority of Veska")
    reply = [s for s in suggestions if "reporters" in s.quote or "control room" in s.quote]
    assert reply
    assert {s.claimant_name for s in reply} == {"Morning Ledger"}


def test_a_documents_title_under_its_issuers_name_in_capitals_is_no_issuer():
    # "GREEN LOOM MONITOR" over "Review of … - Summary": the monitor issued the findings, the
    # second line is the document's title; the numbered findings' subjects that name no one
    # ("Workers", "Of the 40 workers asked") report what its researchers were told.
    body = (
        "GREEN LOOM MONITOR\n"
        "Review of the Baltra Textiles supply chain - Summary\n\n"
        "In March, Green Loom Monitor visited two mills that sew shirts for Baltra Textiles. "
        "Our researchers spoke to 40 workers away from the mills.\n\n"
        "1. Unpaid wages. Of the 40 workers asked, 29 said their pay arrived two months late.\n\n"
        "2. Locked exits. Workers at the larger mill said the fire doors were chained at night."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]))

    def claimant(words: str) -> str:
        return next(s.claimant_name for s in suggestions if words in s.quote)

    assert claimant("Our researchers") == "Green Loom Monitor"
    assert claimant("two months late") == "Green Loom Monitor"
    assert claimant("fire doors") == "Green Loom Monitor"


def test_a_heading_in_capitals_with_its_colon_at_once_names_the_part_issuer():
    # "KESTREL FERRIES: YOUR QUESTIONS ANSWERED" after a regulator's statement: the answers
    # under it are the ferry company's, not the regulator's before it.
    body = (
        "MARITIME SAFETY AGENCY STATEMENT ON KESTREL FERRIES\n\n"
        "The Maritime Safety Agency has opened an inquiry into late reports of engine fires.\n\n"
        "KESTREL FERRIES: YOUR QUESTIONS ANSWERED\n\n"
        "Are the ferries safe?\n\n"
        "Yes. Every Kestrel Ferries crossing meets the standards set by the Agency.\n\n"
        "Were engine fires hidden?\n\n"
        "No. Kestrel Ferries has never hidden an engine fire from the Agency."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]))
    answers = [s for s in suggestions if "Every Kestrel" in s.quote or "never hidden" in s.quote]
    assert answers
    assert {s.claimant_name for s in answers} == {"Kestrel Ferries"}


def test_a_fact_checks_verdict_and_evidence_under_a_claim_field_are_the_outlets():
    # Under "Claim: “…”", the page's verdict and the sentences weighing the evidence are its
    # own, though no verb of saying says so; the sentence naming who made the claim is none.
    body = (
        "The Harbour Echo checked two statements made at the port workers' rally.\n\n"
        'Claim: "The port laid off 300 dockers last winter."\n\n'
        "Councillor Bram Ito made this claim at the rally.\n\n"
        "Verdict: False\n\n"
        "The port's payroll records list 41 dockers who left between November and March. "
        "None of them was laid off.\n\n"
        "Readers' questions\n\n"
        "The port's new cranes arrived in April."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="The Harbour Echo")

    def claimant(words: str) -> str:
        return next(s.claimant_name for s in suggestions if words in s.quote)

    assert claimant("payroll records") == "Harbour Echo"
    assert claimant("None of them") == "Harbour Echo"
    assert claimant("False") == "Harbour Echo"
    assert not any("made this claim" in s.quote for s in suggestions)
    # After a heading the section is over: the reporter's narration again.
    assert not any("cranes" in s.quote for s in suggestions)


def test_a_claim_field_names_its_maker_after_a_dash():
    # "2. Claim: “…” - <who>, <when>": the claim is the one the dash names, and its quote
    # stops at the quotation.
    body = (
        "The Harbour Echo checked two statements made about the ferry fire.\n\n"
        '2. Claim: "The ferry had passed its safety inspection a week before the fire." '
        "- Port Director Lena Vos, radio interview of 4 June\n\n"
        "Verdict: Misleading\n\n"
        "The inspection certificate is dated eleven months before the fire."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="The Harbour Echo")
    claim = next(s for s in suggestions if "safety inspection" in s.quote)
    assert claim.claimant_name == "Lena Vos"
    assert "radio interview" not in claim.quote
    evidence = next(s for s in suggestions if "certificate" in s.quote)
    assert evidence.claimant_name == "Harbour Echo"


def test_a_numbered_part_heading_names_whose_text_follows_in_a_compiled_document():
    # An outlet's introduction announces the documents it prints; each numbered heading
    # ("2. Marlow Foods' reply to the inspectors (extract)") names whose the part under it is.
    body = (
        "Introduction by The Pantry Report\n\n"
        "Two documents set out the quarrel over the mould found in Marlow Foods' bakeries. "
        "We print both, shortened where marked.\n\n"
        "1. Findings of the Food Hygiene Inspectorate (summary)\n\n"
        "Inspectors found mould on the proving racks of three bakeries in May.\n\n"
        "2. Marlow Foods' reply to the inspectors (extract)\n\n"
        "The racks named in the findings had been taken out of use before the visit.\n\n"
        "No loaf sold in our shops was baked on them."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="The Pantry Report")

    def claimant(words: str) -> str:
        return next(s.claimant_name for s in suggestions if words in s.quote)

    assert claimant("taken out of use") == "Marlow Foods"
    assert claimant("No loaf sold") == "Marlow Foods"


def test_a_part_heading_gives_the_part_to_the_agent_it_names_last():
    # "Part B. Response lodged for X by her solicitor, Y": Y wrote it; a note
    # "by the clerk" names no one, and leaves its part to the text's issuer.
    body = (
        "Part A. Summary of evidence\n\n"
        "1. Two former nurses testified that the ward was left without staff at night.\n\n"
        "Part B. Response lodged for Dr Ilse Moran by her solicitor, "
        "Tomas Reid\n\n"
        "The ward was never left without a qualified nurse on duty.\n\n"
        "Dr Moran did not draw up the night rota."
    )
    suggestions = suggest_by_rules(
        body, ActorDirectory([]), publisher="Health Services Review Board"
    )

    def claimant(words: str) -> str:
        return next(s.claimant_name for s in suggestions if words in s.quote)

    assert claimant("qualified nurse") == "Tomas Reid"
    assert claimant("night rota") == "Tomas Reid"


def test_a_part_heading_with_a_date_after_a_comma_names_whose_text_follows():
    # ("3. Statement of Orvane Ltd, 12 March 2026": the date is the part's, not its issuer's name.)
    body = (
        "Introduction by The Wheel Desk\n\n"
        "We print the fire brigade's findings and the importer's statement in turn.\n\n"
        "1. Findings of the Lakeside Fire Brigade (summary)\n\n"
        "The fire started in a scooter battery left charging overnight.\n\n"
        "2. Statement of Orvane Ltd, 12 March 2026\n\n"
        "Every battery we import passes the certified safety tests."
    )
    suggestions = suggest_by_rules(body, ActorDirectory([]), publisher="The Wheel Desk")
    claim = next(s for s in suggestions if "certified safety tests" in s.quote)
    assert claim.claimant_name == "Orvane Ltd"


def test_a_line_too_long_for_a_heading_names_no_part_issuer():
    # A part heading is a short line: past its bound the line is text, and is not searched for
    # the qualifiers a heading may end in.
    short = "2. Statement of Orvane Ltd" + " (extract)" * 3
    heading = short + " (extract)" * 30
    empty = ActorDirectory([])
    context = Context(body=heading, actors=empty, local=empty, mentions=[], publisher=None)
    assert attribution._part_heading_owner(heading, 0, context) is None
    assert attribution._part_heading_owner(short, 0, context) is not None


def test_a_printed_documents_items_are_its_issuers_unless_they_name_a_source():
    body = (
        "The update, issued by the Orvan Monitor for Civil Rights, covers the week to 9 May. "
        "Its main points are as follows:\n\n"
        "IN BRIEF\n\n"
        "- 40 homes destroyed in Marrow since 2 May\n\n"
        "- Field teams report that the army shelled the Marrow bakery twice.\n\n"
        "- The clinic was hit on 6 May, according to its night nurses.\n\n"
        "- Blue Crescent Rescue said it had pulled 12 people from the rubble.\n\n"
        "The army did not comment.\n"
    )
    claims = {s.quote.split()[1]: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    # A source naming no one is the document's; a body it names keeps its own words.
    assert claims["homes"] == claims["teams"] == claims["clinic"]
    assert claims["clinic"] == "Orvan Monitor for Civil Rights"
    assert claims["Crescent"] == "Blue Crescent Rescue"


def test_a_labelled_count_is_the_announcers_not_a_party_named_by_its_label():
    body = (
        "The Orvan Monitor for Civil Rights found that Tessaly's army is responsible for the "
        "following violations:\n\n"
        "Count 1: the shelling of the Marrow market, in which 9 civilians died;\n\n"
        "Count 2: the burning of 40 homes in the Marrow valley.\n"
    )
    counts = [s for s in suggest_by_rules(body, ACTORS) if s.quote.startswith("Count")]
    assert len(counts) == 2
    assert {s.claimant_name for s in counts} == {"Orvan Monitor for Civil Rights"}


def test_one_quoted_paragraph_under_its_announcement_is_a_claim_a_sentence():
    body = (
        "Valen Mining's notice to residents, posted at the gate, reads:\n\n"
        "\u201cThe tailings wall is safe. No water has leaked into the river. Valen Mining "
        "denies that the monitors were switched off.\u201d\n"
    )
    claims = [s for s in suggest_by_rules(body, ACTORS) if "reads" not in s.quote]
    assert [s.quote.split()[0] for s in claims] == ["\u201cThe", "No", "Valen"]
    assert {s.claimant_name for s in claims} == {"Valen Mining"}


def test_answers_in_quotation_marks_after_each_question_are_the_texts_owners():
    body = (
        "Valen Mining's leaflet for residents, delivered on Monday, says the wall will hold.\n\n"
        "The leaflet includes questions and answers. Extracts:\n\n"
        "Is the river safe? \u201cValen Mining has found no leak into the river.\u201d\n\n"
        "Were the monitors off? \u201cNo monitor was switched off at any time.\u201d\n"
    )
    answers = [s for s in suggest_by_rules(body, ACTORS) if s.quote.startswith("\u201c")]
    assert len(answers) == 2
    assert {s.claimant_name for s in answers} == {"Valen Mining"}


def test_a_turns_question_that_puts_a_claim_is_the_askers():
    # In a record's turn, a question asking the other side to grant a claim puts that claim;
    # a question that only asks puts none.
    body = (
        "Mr Idris Quell (Saltmarsh North) (Greens): Would the Secretary of State confirm that "
        "the harbour survey was withheld from the inquiry for six months?\n\n"
        "The Secretary of State for Harbours (Ms Petra Lind): The survey was never withheld.\n\n"
        "Mr Quell: Will the Secretary of State meet the berth holders next week?\n\n"
        "Ms Lind: I have no plans to do so."
    )
    claims = suggest_by_rules(body, ACTORS)
    put = [s for s in claims if "withheld from the inquiry" in s.quote]
    assert put and put[0].claimant_name == "Idris Quell"
    assert not any("meet the berth holders" in s.quote for s in claims)


def test_an_emails_statements_are_its_senders_and_its_header_is_no_claim():
    body = (
        "Leaked messages show a ferry engineer raised the alarm, the Harbour Post has learned.\n\n"
        "From: Odile Brannock, Fleet Engineer\n"
        "To: Petr Halvasz\n"
        "Subject: Ferry hull cracked, engineer says\n\n"
        "Petr, the plating near the bow has cracked in two places. I believe the hull will fail "
        "in heavy seas. Blue Crescent Rescue said it had been called out twice.\n\n"
        "From: Petr Halvasz\n"
        "To: Odile Brannock\n"
        "Subject: RE: Ferry hull cracked, engineer says\n\n"
        "Odile, the cracks are cosmetic and the hull was passed in January.\n\n"
        "Regards,\n"
        "Petr\n"
    )
    claims = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert claims["Petr, the plating near the bow has cracked in two places."] == "Odile Brannock"
    # A first person with a verb of saying is the sender too; a sentence naming its own source
    # keeps it.
    assert claims["I believe the hull will fail in heavy seas."] == "Odile Brannock"
    assert claims["Blue Crescent Rescue said it had been called out twice."] == (
        "Blue Crescent Rescue"
    )
    assert claims["Odile, the cracks are cosmetic and the hull was passed in January."] == (
        "Petr Halvasz"
    )
    assert not any("Subject" in quote or "From" in quote for quote in claims)


def test_a_letters_sentences_are_its_signers_resolved_by_the_role_under_the_name():
    body = (
        "Dear shareholders,\n\n"
        "Our mines have never used child labour and the inspectors found none.\n\n"
        "Yours faithfully,\n"
        "Pel Arkady\n"
        "Minister of Defence\n"
    )
    suggestion = only(suggest_by_rules(body, ACTORS))
    assert suggestion.quote.startswith("Our mines have never used")
    assert suggestion.claimant_name == "Pel Arkady"
    assert suggestion.claimant_id == 4


def test_a_channels_posts_under_its_source_line_are_its_own_unless_they_name_a_source():
    body = (
        "The monitor prints the shipping line's posts from that morning below.\n\n"
        'Source: Messenger channel "Tidewater Line", 9 June\n\n'
        "Post 1 (06:40): The harbour master closed the channel without any warning.\n\n"
        "Post 2 (07:15): [A photograph of a moored tanker.] We have lost two days of sailings. "
        "Blue Crescent Rescue said its boats were never asked to help.\n\n"
        "The harbour master said the closure had been announced the night before.\n"
    )
    claims = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert claims["The harbour master closed the channel without any warning."] == (
        "Tidewater Line"
    )
    assert claims["We have lost two days of sailings."] == "Tidewater Line"
    assert claims["Blue Crescent Rescue said its boats were never asked to help."] == (
        "Blue Crescent Rescue"
    )
    # Neither the source's line nor a post's label or description is a claim.
    assert not any(q.startswith(("Source", "Post", "[")) for q in claims)


def test_a_briefings_first_person_is_the_speaker_its_line_names():
    body = (
        "Remarks by the port authority's spokesman, Captain Ilse Varrow\n\n"
        "Our inspectors checked every crane on the quay in March. The cracks in the photographs "
        "are only old paint.\n\n"
        "Harbour Workers' Union\n\n"
        "The union said the cranes had not been inspected for two years.\n"
    )
    claims = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert claims["The cracks in the photographs are only old paint."] == "Ilse Varrow"
    assert not any(q.startswith("Remarks by") for q in claims)


def test_a_chats_messages_are_their_senders_each_one_claim():
    body = (
        "Messages from the guards' group chat were passed to the paper.\n\n"
        "[20:14] Corporal Vesk: prisoner in cell four was beaten again tonight\n"
        "[20:16] Ysolde: Blame the old valve. The log stays clean\n"
        "[20:20] Corporal Vesk: ok\n"
    )
    claims = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert claims["prisoner in cell four was beaten again tonight"] == "Corporal Vesk"
    assert claims["Blame the old valve. The log stays clean"] == "Ysolde"
    assert not any(q.startswith("[") or q == "ok" for q in claims)


def test_a_reply_label_without_an_owner_is_no_verb_and_its_paragraph_is_the_replying_bodys():
    # "Council reply: …" after a finding: "reply" is the label's word, not a verb with the
    # label's first word for its speaker; the reply's own subject says whose it is.
    body = (
        "The Rivers Ombudsman said in a report on Monday that the Wexbury District Council had "
        "let the embankment decay.\n\n"
        "Finding 1. No one had inspected the embankment for six years.\n\n"
        "Council reply: The Council rejects this finding. Inspections were done by its "
        "contractor every spring.\n"
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    replies = [q for q in claimant if "Council rejects" in q or q.startswith("Inspections")]
    assert len(replies) == 2
    assert {claimant[q] for q in replies} == {"Wexbury District Council"}
    assert claimant["No one had inspected the embankment for six years."] == "Rivers Ombudsman"


def test_a_heading_under_a_title_line_is_no_claim_of_the_titles_body():
    body = (
        "Keswell Rail: Review of the Signal Failure - Summary\n\n"
        "Order of events at the junction\n\n"
        "1. The signal at the junction showed green for eleven minutes after the fault.\n"
    )
    claimant = {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}
    assert "Order of events at the junction" not in claimant
    assert not any("Signal Failure" in q for q in claimant)
    finding = next(q for q in claimant if "showed green" in q)
    assert claimant[finding] == "Keswell Rail"


def test_a_descriptions_response_heading_in_capitals_is_the_body_named_under_it():
    # ("THE BOARD'S RESPONSE" is no body's name: the board the part's first sentence names.)
    body = (
        "The surveyor said it could not count the stock held at the Orvan stores.\n\n"
        "THE BOARD'S RESPONSE\n\n"
        "The Board of Marrow Foods rejects the surveyor's opinion.\n\n"
        "All of the stock reported in the accounts exists and is in good condition."
    )
    suggestions = suggest_by_rules(body, ActorDirectory(), publisher="Harbour Post")
    heading = body.index("THE BOARD")
    named = {s.quote: s.claimant_name for s in suggestions if s.anchor.start > heading}
    assert all("Response" not in name for name in named.values())
    assert (
        "Marrow Foods"
        in named["All of the stock reported in the accounts exists and is in good condition."]
    )


def test_a_first_person_response_heading_is_the_publishers():
    # ("Our reply" in a group's own report: the group's, not a speaker called "Our".)
    body = (
        "We put our findings to the Tessaly army. Its spokesman said the fires were set by "
        "rebels.\n\n"
        "Our reply\n\n"
        "The images show that the fires burned over three days at both ends of the village."
    )
    suggestions = suggest_by_rules(body, ACTORS, publisher="Orvan Monitor for Civil Rights")
    reply = [s for s in suggestions if s.anchor.start > body.index("Our reply")]
    assert reply and reply[-1].claimant_name == "Orvan Monitor for Civil Rights"


def test_a_documents_writer_line_under_its_heading_names_whose_part_it_is():
    # A title in capitals over "Dr X, role, date": every statement under it is the writer's,
    # "I" or not; the heading's two lines and a point's label ("On the wiring.") are no claims.
    body = (
        "The Orvan Courier prints the engineer's findings and the landlord's answer.\n\n"
        "FINDINGS OF THE SECOND INSPECTION\n"
        "Dr Ines Marrow, consulting engineer, 4 May\n\n"
        "1. The wiring in the basement was installed without a fuse box.\n\n"
        "2. In my opinion the fire began at the meter.\n\n"
        "THE LANDLORD'S ANSWER (extract)\n"
        "Tessaly Homes Ltd, Property Department, to Dr Ines Marrow\n\n"
        "Re: Block C, Harbour Lane\n\n"
        "On the wiring. The wiring was inspected in March and passed every test.\n\n"
        "Tessaly Homes has since closed the block."
    )
    suggestions = suggest_by_rules(body, ActorDirectory(), publisher="Orvan Courier")
    claimant = {s.quote: s.claimant_name for s in suggestions}
    assert claimant["The wiring in the basement was installed without a fuse box."] == (
        "Ines Marrow"
    )
    assert claimant["In my opinion the fire began at the meter."] == "Ines Marrow"
    assert claimant["The wiring was inspected in March and passed every test."] == "Tessaly Homes"
    assert not any(q.startswith(("Dr Ines", "FINDINGS", "On the wiring")) for q in claimant)


def test_a_count_label_heads_the_indictments_paragraphs_and_is_no_claim():
    body = (
        "The court published the indictment on Monday. We print its counts as released.\n\n"
        "SPECIAL COURT FOR TESSALY\n"
        "OFFICE OF THE PROSECUTOR\n\n"
        "1. The Accused commanded the Orvan garrison from May.\n\n"
        "COUNT 1: Attacks on civilians (war crime)\n\n"
        "2. On 3 June guns of the garrison fired six shells into the Marrow market."
    )
    suggestions = suggest_by_rules(body, ActorDirectory())
    assert not any(s.quote.startswith("COUNT") for s in suggestions)
    shells = next(s for s in suggestions if "six shells" in s.quote)
    assert shells.claimant_name == "Office of the Prosecutor"


def test_so_called_is_no_one_calling():
    body = (
        "The leaflet reads in full below.\n\n"
        'The gunmen of the so-called "Tessaly Guard" have placed mortars in the Orvan school.'
    )
    suggestions = suggest_by_rules(body, ActorDirectory())
    assert all("so-" not in s.claimant_text for s in suggestions)


def test_a_sworn_statements_paragraphs_are_its_deponents_whatever_their_subjects():
    body = (
        "I, Mira Tessaly, of Quay Row, Orvan, swear as follows:\n\n"
        "1. About twenty soldiers ordered the households out of the street by noon.\n\n"
        "2. Nobody told us where we should go.\n\n"
        "SWORN at Orvan before me.\n"
    )
    claimants = {s.claimant_text for s in suggest_by_rules(body, ACTORS)}
    assert claimants == {"Mira Tessaly"}


def test_an_issuers_we_in_an_answer_under_a_pages_question_is_the_issuers():
    body = (
        "Valen Mining has closed the north shaft at Marrow.\n\n"
        "Why was the shaft closed?\n\n"
        "Our engineers measured cracks in the lining of the north shaft.\n\n"
        "Is the water safe?\n\n"
        "Tests in the river are continuing.\n\n"
        "When will it reopen?\n\n"
        "The date depends on the repairs.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS, publisher="Valen Mining")
    ours = [s for s in suggestions if s.quote.startswith("Our engineers")]
    assert [s.claimant_id for s in ours] == [7]
    # (Without questions over it, the same sentence names no speaker.)
    alone = "Valen Mining has closed the north shaft.\n\nOur engineers measured cracks in it.\n"
    assert not [
        s
        for s in suggest_by_rules(alone, ACTORS, publisher="Valen Mining")
        if s.quote.startswith("Our engineers")
    ]
