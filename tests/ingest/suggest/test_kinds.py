"""app/ingest/suggest/kinds.py: allegation, denial, counter-claim and their denial types."""

from app.ingest.suggest import pipeline
from tests.ingest.suggest.fixtures import ACTORS, only, suggest_by_rules


def test_denied_care_is_harm_not_a_denial():
    body = (
        "Detainees were beaten, denied medical care and held in crowded cells, the Orvan "
        "Monitor for Civil Rights said."
    )
    assert only(suggest_by_rules(body, ACTORS)).kind == "allegation"


def test_allegation_and_dismissal_in_one_sentence():
    body = (
        "Tessaly accused Valen Mining of poisoning the Sora river, an allegation Valen "
        "dismissed as “baseless”."
    )
    allegation, denial = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, allegation.claimant_name) == ("allegation", "Tessaly government")
    assert (denial.kind, denial.claimant_name) == ("denial", "Valen Mining")
    assert denial.quote == "an allegation Valen dismissed as “baseless”."
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 0)]


def test_answers_carry_a_denial_type_and_other_claims_none():
    body = (
        "The Orvan Monitor for Civil Rights said shelling killed 23 people in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report, calling it a fabrication.\n\n"
        "Arkady accused rebels of shelling the market themselves."
    )
    allegation, dismissal, counter = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, allegation.denial_type) == ("allegation", None)
    assert (dismissal.kind, dismissal.denial_type) == ("denial", "dismissal")
    assert (counter.kind, counter.denial_type) == ("counter_claim", "counter_accusation")


def test_the_accused_sides_own_account_and_silence_answer_the_allegation():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Tessalian Defence Ministry said its units were 20 kilometres away at the time.\n\n"
        "Arkady declined to comment on the monitor's figures.\n\n"
        "Blue Crescent Rescue called for an independent inquiry."
    )
    allegation, account, silence, call = suggest_by_rules(body, ACTORS)
    assert allegation.kind == "allegation"
    assert (account.kind, account.denial_type) == ("denial", "categorical")
    assert (silence.kind, silence.denial_type) == ("denial", "non_denial")
    assert (call.kind, call.denial_type) == ("statement", None)


def test_a_third_party_reporting_what_it_saw_corroborates():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Blue Crescent Rescue said satellite images showed a crater beside the market.\n\n"
        "Blue Crescent Rescue said its teams would stay in Marrow."
    )
    allegation, images, plans = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, images.kind, plans.kind) == (
        "allegation",
        "corroboration",
        "statement",
    )
    assert [(link.kind, link.target) for link in images.links] == [("corroborates", 0)]


def test_reported_words_that_dispute_or_decline_to_answer_are_a_denial():
    # The cue is "said"; the answer is in the reported clause's own verb.
    disputed = only(
        suggest_by_rules(
            "Valen Mining said it had paid the fine but disputed the monitor's figures.", ACTORS
        )
    )
    no_information = only(
        suggest_by_rules("Arkady said he had no information about the raid.", ACTORS)
    )
    assert (disputed.kind, disputed.cue) == ("denial", "said")
    assert (no_information.kind, no_information.denial_type) == ("denial", "non_denial")


def test_a_plain_report_with_said_is_not_made_a_denial():
    body = "Blue Crescent Rescue said it had pulled two people alive from a collapsed house."
    assert only(suggest_by_rules(body, ACTORS)).kind == "statement"


def test_a_call_a_condition_or_claiming_responsibility_asserts_no_wrongdoing():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "“Attacks on markets must stop,” Blue Crescent Rescue said.\n\n"
        "“If this is confirmed, those responsible should be tried,” Blue Crescent Rescue said.\n\n"
        "The Orvan Monitor for Civil Rights said the rebels claimed responsibility for a raid."
    )
    allegation, call, condition, responsibility = suggest_by_rules(body, ACTORS)
    assert allegation.kind == "allegation"
    assert (call.kind, condition.kind, responsibility.kind) == ("statement",) * 3


def test_a_call_on_someone_in_the_units_own_words_asserts_no_wrongdoing():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Tessaly denied the report.\n\n"
        "“We call on all parties to let an independent team find those responsible,” the "
        "Tessalian Defence Ministry said.\n\n"
        "Blue Crescent Rescue said the accounts were worrying and urged both sides to allow "
        "an inquiry.\n\n"
        "Blue Crescent Rescue said the shelling killed four people and called for an inquiry."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    # Harm asserted before the call is still alleged.
    assert kinds == ["allegation", "denial", "statement", "statement", "allegation"]


def test_a_reaction_to_an_event_is_a_statement_unless_it_denies():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Tessaly denied the report.\n\n"
        "“We condemn this attack in the strongest terms,” the Tessalian Defence Ministry said.\n\n"
        "Blue Crescent Rescue said it was “deeply concerned” by the report and that 12 people "
        "had been treated for burns.\n\n"
        "Arkady said he had sent his condolences to the families of the dead.\n\n"
        "Valen Mining said it was shocked by the attack but that none of its workers had been "
        "near the market."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    assert kinds[2:5] == ["statement"] * 3
    assert kinds[5] == "denial"


def test_wrongdoing_without_violence_is_alleged():
    fined = "The Orvan Monitor for Civil Rights said Valen Mining had falsified its safety records."
    held = "Blue Crescent Rescue said its driver was being held without charge."
    assert only(suggest_by_rules(fined, ACTORS)).kind == "allegation"
    assert only(suggest_by_rules(held, ACTORS)).kind == "allegation"


def test_disputing_the_size_or_correcting_the_target_is_a_denial():
    body = (
        "The Orvan Monitor for Civil Rights said Tessalian jets bombed a school in Marrow, "
        "killing 20 children.\n\n"
        "The Tessalian Defence Ministry said its aircraft had struck a training camp, not a "
        "school.\n\n"
        "The Tessalian Defence Ministry said the toll was exaggerated."
    )
    allegation, correction, size = suggest_by_rules(body, ACTORS)
    assert allegation.kind == "allegation"
    assert (correction.kind, size.kind) == ("denial", "denial")
    assert size.denial_type == "partial"


def test_the_reporting_verb_and_partial_words_refine_a_categorical_answer():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Tessalian Defence Ministry rubbished the monitor's account.\n\n"
        "Arkady said the monitor's figures were invented.\n\n"
        "Arkady said the units had only crossed the river at dawn.\n\n"
        "Arkady declined to comment on the monitor's report.\n\n"
        "Arkady denied shelling the market."
    )
    _, rubbished, invented, partial, declined, denied = suggest_by_rules(body, ACTORS)
    assert [s.kind for s in (rubbished, invented, partial, declined, denied)] == ["denial"] * 5
    assert [s.denial_type for s in (rubbished, invented, partial, declined, denied)] == [
        "dismissal",
        "dismissal",
        "partial",
        "non_denial",
        "categorical",
    ]


def test_the_answering_side_blaming_someone_else_counter_claims():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report.\n\n"
        "Arkady said the blasts had been caused by an ammunition truck the rebels parked there.\n\n"
        "Arkady said rebels had fired on the market themselves."
    )
    allegation, denial, cause, fired = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, denial.kind) == ("allegation", "denial")
    assert (cause.kind, fired.kind) == ("counter_claim", "counter_claim")


def test_the_answering_sides_own_toll_without_a_doer_is_its_denial():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report.\n\n"
        "The Tessalian Defence Ministry said two people died in the market that day.\n\n"
        "The Tessalian Defence Ministry said two people were killed by rebel mortars."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    # Its own toll answers the accusation; a toll with a doer blames someone else.
    assert kinds == ["allegation", "denial", "denial", "counter_claim"]


def test_not_being_there_and_discrediting_the_source_are_denials():
    absent = "The Tessalian Defence Ministry said no army unit had been within 40 kilometres."
    invention = "Arkady said the monitor's figures were pure invention."
    biased = "Arkady said the monitor was not neutral."
    present = "Arkady said an army unit had been within 40 kilometres."
    assert [only(suggest_by_rules(text, ACTORS)).kind for text in (absent, invention, biased)] == [
        "denial"
    ] * 3
    assert only(suggest_by_rules(present, ACTORS)).kind == "statement"


def test_a_third_party_corroborates_only_what_it_confirms_or_saw_for_sure():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Blue Crescent Rescue confirmed it had opened an office in Marrow.\n\n"
        "Blue Crescent Rescue called on both sides to show restraint.\n\n"
        "Blue Crescent Rescue said its teams saw smoke over the market but could not tell "
        "where it came from.\n\n"
        "Blue Crescent Rescue confirmed that shells had struck the market."
    )
    allegation, procedure, call, unsure, confirmed = suggest_by_rules(body, ACTORS)
    assert allegation.kind == "allegation"
    assert (procedure.kind, call.kind, unsure.kind) == ("statement",) * 3
    assert confirmed.kind == "corroboration"


def test_a_new_side_reporting_what_it_treated_or_counted_corroborates():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights said its volunteers had counted 23 bodies.\n\n"
        "A surgeon at Marrow hospital said he had treated 12 people for shrapnel wounds.\n\n"
        "The Tessalian Defence Ministry said its engineers had found rebel shells in the market."
    )
    allegation, counted, treated, found = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, counted.kind) == ("allegation", "allegation")  # the accuser's own
    assert treated.kind == "corroboration"
    assert found.kind != "corroboration"  # the accused side bears nothing out


def test_standing_by_its_figures_restates_the_sides_own_claim():
    body = (
        "The Orvan Monitor for Civil Rights said shelling killed 23 people in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report.\n\n"
        "The Orvan Monitor for Civil Rights stood by its figures.\n\n"
        "The Tessalian Defence Ministry stood by its account."
    )
    kinds = [s.kind for s in suggest_by_rules(body, ACTORS)]
    assert kinds == ["allegation", "denial", "allegation", "denial"]


def test_calling_the_targets_legitimate_denies_the_harm():
    body = "Arkady said all the targets struck in Marrow were legitimate military objects."
    assert only(suggest_by_rules(body, ACTORS)).kind == "denial"


def test_calling_the_account_wrong_or_different_denies_it():
    allegation = "The Orvan Monitor for Civil Rights said shelling killed 9 people in Marrow.\n\n"
    for answer in (
        "Blue Crescent Rescue said the monitor's account was not accurate.",
        "Blue Crescent Rescue said its own information was different.",
        "Blue Crescent Rescue said it would not characterise it that way.",
    ):
        kinds = [suggestion.kind for suggestion in suggest_by_rules(allegation + answer, ACTORS)]
        assert kinds == ["allegation", "denial"], answer


def test_steps_a_side_takes_neither_allege_nor_deny():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report.\n\n"
        "The Tessalian Defence Ministry said it had opened an internal review of the operation.\n\n"
        "The Orvan Monitor for Civil Rights said it had evacuated 40 families from Marrow.\n\n"
        "The Tessalian Defence Ministry said its units had been 20 kilometres away.\n\n"
        "The Tessalian Defence Ministry said it was sorry for the failings of its gunners."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    # The accused side's account still answers; its review, its apology and the monitor's
    # evacuation do not.
    assert kinds == ["allegation", "denial", "statement", "statement", "denial", "statement"]


def test_steps_taken_by_hiring_recalling_or_asking_neither_allege_nor_deny():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the report.\n\n"
        "Valen Mining said it had hired an outside laboratory to test every well.\n\n"
        "Valen Mining said it had recalled two tankers of its processing fluid.\n\n"
        "Valen Mining said it was asking the monitor for its raw samples.\n\n"
        "Valen Mining said it took the monitor's report seriously.\n\n"
        "Valen Mining said there was no leak, but it had asked for samples.\n\n"
        "Valen Mining said its wells were clean."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    # Hiring a check, a recall, asking for material and taking the report seriously are steps;
    # a step after a negation that answers, and the side's own account, still answer. (A step
    # of a clause's worth after the denial is a claim of its own: `turns_on_a_denial`.)
    assert kinds == [
        "allegation",
        "denial",
        "statement",
        "statement",
        "statement",
        "statement",
        "denial",
        "denial",
    ]


def test_what_the_accused_side_will_do_is_not_its_answer():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the report.\n\n"
        "Valen Mining said it would write to every family in the valley by March.\n\n"
        "Valen Mining said it would not comment on the monitor's samples.\n\n"
        "Valen Mining said the samples would have shown only farm run-off.\n\n"
        "Valen Mining said its own tests had found the water clean.\n\n"
        "Valen Mining said its engineers have tested every well and will share the results."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    # What it will do answers nothing; declining to comment, a condition that denies ("would
    # have shown only …"), its own account, and what it has done before saying what it will do,
    # still answer.
    assert kinds == ["allegation", "denial", "statement", "denial", "denial", "denial", "denial"]


def test_a_toll_that_could_rise_without_a_figure_is_a_statement():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights said the toll could rise.\n\n"
        "The Orvan Monitor for Civil Rights said 12 people were killed and the toll could rise."
    )
    allegation, forecast, toll = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, forecast.kind, toll.kind) == ("allegation", "statement", "allegation")


def answer_types(*answers: str) -> list[tuple[str, str | None]]:
    """The kind and denial type of each answer to the same allegation."""
    allegation = "The Orvan Monitor for Civil Rights accused Tessaly of shelling Marrow.\n\n"
    body = allegation + "\n\n".join(answers)
    return [(s.kind, s.denial_type) for s in suggest_by_rules(body, ACTORS)[1:]]


def test_answers_about_the_source_discredit_it():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Arkady said the report relied on material of dubious origin.",
        "Arkady said the monitor was funded by people who want the talks to fail.",
    ) == [("denial", "categorical"), ("denial", "discrediting"), ("denial", "discrediting")]


def test_no_comment_in_other_words_and_a_concession():
    assert answer_types(
        "Arkady said he could not comment on individual cases.",
        "Arkady said the ministry had not been given the monitor's photographs.",
        "Arkady conceded that units had fired warning shots near the market.",
    ) == [("denial", "non_denial"), ("denial", "non_denial"), ("denial", "partial")]


def test_not_knowing_or_leaving_it_to_others_is_no_answer_and_granting_is_partial():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Arkady said the ministry had \u201cno record\u201d of any shelling that day.",
        "Arkady said the ministry does not comment on operational matters.",
        "Arkady said the ministry was not in a position to name the unit.",
        "Arkady said the ministry accepted the monitor's count of the injured.",
        "Arkady said that two batteries had in fact fired that morning, at a depot.",
        "Arkady said the ministry could not accept the report.",
    ) == [
        ("denial", "categorical"),
        ("denial", "non_denial"),
        ("denial", "non_denial"),
        ("denial", "non_denial"),
        ("denial", "partial"),
        ("denial", "partial"),
        ("denial", "categorical"),
    ]


def test_a_smear_or_an_answer_that_changes_nothing_dismisses():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Arkady called the monitor's report \u201ca smear\u201d.",
        "Arkady said the monitor's new figure \u201cchanges nothing\u201d.",
        "Arkady said the correction did not alter what happened in Marrow.",
        "Arkady said the monitor's photographs were taken on another day.",
    ) == [
        ("denial", "categorical"),
        ("denial", "dismissal"),
        ("denial", "dismissal"),
        ("denial", "dismissal"),
        ("denial", "categorical"),
    ]


def test_a_label_on_the_account_dismisses_and_one_on_the_source_discredits():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Arkady called the monitor's account \u201ca story for the cameras\u201d.",
        "Arkady rejected it as \u201cone-sided\u201d.",
        "Arkady dismissed the monitors as \u201ctourists with notebooks\u201d.",
        "Arkady called the monitor \u201ca mouthpiece of the rebels\u201d.",
    ) == [
        ("denial", "categorical"),
        ("denial", "dismissal"),
        ("denial", "dismissal"),
        ("denial", "discrediting"),
        ("denial", "discrediting"),
    ]


def test_a_quotation_after_a_call_or_a_rejection_without_as_is_no_label():
    assert (
        answer_types(
            "Arkady said when we called him that the shelling had \u201cnever happened\u201d.",
            "Arkady rejected the accusations \u201cin their entirety\u201d.",
            "Arkady called the monitor's account \u201csimply untrue\u201d.",
        )
        == [("denial", "categorical")] * 3
    )


def test_the_words_said_before_a_closing_cue_and_disputed_figures_deny_in_part():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "“The vast majority of our units were far from Marrow,” Arkady said.",
        "The Tessalian Defence Ministry rejected the monitor's figures.",
        "Arkady called the report “a fairy tale”.",
    ) == [
        ("denial", "categorical"),
        ("denial", "partial"),
        ("denial", "partial"),
        ("denial", "dismissal"),
    ]


def test_what_a_named_event_did_is_harm_and_a_lie_denies():
    hit = "Blue Crescent Rescue said the strike hit the courtyard of the clinic."
    assert only(suggest_by_rules(hit, ACTORS)).kind == "allegation"
    named = "Blue Crescent Rescue said the missile strike was on Tuesday."
    assert only(suggest_by_rules(named, ACTORS)).kind == "statement"
    assert answer_types("The Tessalian Defence Ministry said the story was a lie.") == [
        ("denial", "dismissal")
    ]


def test_a_side_of_neither_camp_saying_what_the_accused_did_adds_to_the_accusation():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Blue Crescent Rescue said Tessaly had closed the road to Marrow the week before.",
        "Blue Crescent Rescue said its teams would stay in Marrow.",
    ) == [("denial", "categorical"), ("allegation", None), ("statement", None)]


def test_a_side_of_neither_camp_telling_of_the_harm_adds_to_the_accusation():
    # Harm named with "the" tells of it unless it is what the speaker reacts to.
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Blue Crescent Rescue said the dead included two children.",
        "Blue Crescent Rescue said it was appalled by the attack.",
        "Blue Crescent Rescue said it had read reports of the shelling.",
    ) == [("denial", "categorical"), ("allegation", None), ("statement", None), ("statement", None)]
    # Without an accusation there is nothing to add to.
    alone = "Blue Crescent Rescue said the dead included two children."
    assert only(suggest_by_rules(alone, ACTORS)).kind == "statement"


def test_declining_to_comment_on_a_claim_answers_it():
    # Sides the allegation does not name, so the answer alone makes it one.
    body = (
        "Blue Crescent Rescue said shelling killed nine people in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights declined to comment on the rescue service's account."
        "\n\nArkady declined to comment on whether he would visit Marrow."
    )
    assert [(s.kind, s.denial_type) for s in suggest_by_rules(body, ACTORS)] == [
        ("allegation", None),
        ("denial", "non_denial"),
        ("statement", None),
    ]


def test_an_accusing_side_refusing_to_talk_adds_nothing_to_its_allegation():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "The Orvan Monitor for Civil Rights said it would not discuss the 14 witnesses.",
        "The Orvan Monitor for Civil Rights said it had spoken to 14 witnesses.",
    ) == [("denial", "categorical"), ("statement", None), ("allegation", None)]


def test_the_accusing_side_rejecting_the_answer_still_accuses():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "The Tessalian Defence Ministry said rebels had fired on the market themselves.",
        "The Orvan Monitor for Civil Rights rejected that account.",
        "The Orvan Monitor for Civil Rights said Tessaly had fired 40 shells at Marrow.",
    ) == [
        ("denial", "categorical"),
        ("counter_claim", "counter_accusation"),
        ("denial", "categorical"),
        ("allegation", None),
    ]


def test_hostages_fires_set_and_abandonment_are_harm():
    for body in (
        "Blue Crescent Rescue said gunmen had taken two nurses hostage in Marrow.",
        "Blue Crescent Rescue said guards set fire to the clinic's store.",
        "Blue Crescent Rescue said the crew had abandoned the passengers at sea.",
    ):
        assert only(suggest_by_rules(body, ACTORS)).kind == "allegation", body


def test_an_answer_about_what_will_be_done_is_a_statement_and_support_corroborates():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Asked whether the army would open an inquiry, Arkady said its officers were in Marrow.",
        "Blue Crescent Rescue said its own records supported the monitor's account.",
    ) == [("denial", "categorical"), ("statement", None), ("corroboration", None)]


def test_questioning_the_source_discredits_it_and_not_replying_is_a_non_denial():
    assert answer_types(
        "The Tessalian Defence Ministry questioned the monitor's method.",
        "Arkady said the monitor had campaigned against the army for years.",
        "The Tessalian Defence Ministry did not reply to questions about the market.",
    ) == [("denial", "discrediting"), ("denial", "discrediting"), ("denial", "non_denial")]


def test_a_toll_of_its_own_after_another_sides_accusation_denies_in_part():
    body = (
        "The Orvan Monitor for Civil Rights said shelling by Tessaly killed 40 people in Marrow."
        "\n\nThe Tessalian Defence Ministry put the toll at nine dead."
    )
    allegation, toll = suggest_by_rules(body, ACTORS)
    assert allegation.kind == "allegation"
    assert (toll.cue, toll.kind, toll.denial_type) == ("put the toll at", "denial", "partial")
    first = only(suggest_by_rules("Blue Crescent Rescue put the toll at nine dead.", ACTORS))
    assert first.kind != "denial"


def test_a_side_most_of_whose_claims_accuse_is_an_accusing_side():
    body = (
        "Blue Crescent Rescue accused Tessaly of shelling the market in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights rejected the Tessalian Defence Ministry's figures.\n\n"
        "The Orvan Monitor for Civil Rights said Tessalian shelling killed 40 people there.\n\n"
        "The Orvan Monitor for Civil Rights said Tessalian artillery had destroyed the clinic.\n\n"
        "The Orvan Monitor for Civil Rights said Tessaly had shelled the school too."
    )
    kinds = [suggestion.kind for suggestion in suggest_by_rules(body, ACTORS)]
    # The monitor's first, firm rejection does not make it the accused side: its accusations
    # are allegations, not counter-claims.
    assert kinds == ["allegation", "denial", "allegation", "allegation", "allegation"]


def test_each_claim_carries_its_sides_role_to_the_link_stage(monkeypatch):
    seen: list[tuple[str, str]] = []

    def propose_links(units, actors, model=None, pairing=None):
        seen.extend((unit.speaker.name, unit.role) for unit in units)
        return {}

    monkeypatch.setattr(pipeline, "propose_links", propose_links)
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report.\n\n"
        "Blue Crescent Rescue said its teams would stay in Marrow."
    )
    suggest_by_rules(body, ACTORS)
    assert [role for _, role in seen] == ["allegation", "denial", ""]


def test_a_side_the_accused_sides_answer_blames_answers_in_turn():
    body = (
        "Blue Crescent Rescue said its crews had reached Marrow on Monday.\n\n"
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the claim and said Blue Crescent Rescue had taken its water samples "
        "downstream of a farm.\n\n"
        "Blue Crescent Rescue said its crews worked upstream of the farm."
    )
    before, allegation, denial, reply = suggest_by_rules(body, ACTORS)
    # What the rescue group said before the answer named it is still a statement; its reply
    # answers the answer.
    assert [s.kind for s in (before, allegation, denial)] == ["statement", "allegation", "denial"]
    assert (reply.kind, reply.claimant_name) == ("denial", "Blue Crescent Rescue")
    assert ("rebuts", 2) in [(link.kind, link.target) for link in reply.links]


def test_a_person_who_speaks_for_a_side_takes_its_role():
    opening = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the report.\n\n"
    )
    said = " chief executive, Tom Hale, said the mine's water was tested every week."
    rescue = "Blue Crescent Rescue said its crews were in Marrow.\n\n"
    its = suggest_by_rules(opening + "Its" + said, ACTORS)[-1]
    owned = suggest_by_rules(opening + rescue + "Valen's" + said, ACTORS)[-1]
    # "Its" is the side of the claim just before: here the rescue group, which has no role.
    its_after_another = suggest_by_rules(opening + rescue + "Its" + said, ACTORS)[-1]
    assert [s.claimant_name for s in (its, owned, its_after_another)] == ["Tom Hale"] * 3
    assert [s.kind for s in (its, owned, its_after_another)] == ["denial", "denial", "statement"]


def test_a_side_the_accused_side_names_by_its_description_answers_in_turn():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the report.\n\n"
        "The Marrow Water Laboratory said its tests found copper in the river.\n\n"
        "Valen Mining said the laboratory had used dirty bottles.\n\n"
        "The laboratory said it follows the standard to the letter."
    )
    *_, tests, blame, reply = suggest_by_rules(body, ACTORS)
    # The accused side's plain account names the laboratory as "the laboratory": what the
    # laboratory says after that answers it, what it said before does not.
    assert [s.kind for s in (tests, blame)] == ["statement", "denial"]
    assert (reply.kind, reply.claimant_name) == ("denial", "Marrow Water Laboratory")


def test_granting_part_or_correcting_a_detail_denies_in_part():
    opening = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
    )
    answers = (
        "Valen Mining denied the report.\n\n"
        "Valen Mining acknowledged that its monitoring reports were late in March.\n\n"
        "Valen Mining said the samples were taken in the canal, not in the river.\n\n"
        "Valen Mining said the report was false."
    )
    _, denied, granted, corrected, flat = suggest_by_rules(opening + answers, ACTORS)
    assert [s.kind for s in (denied, granted, corrected, flat)] == ["denial"] * 4
    assert [s.denial_type for s in (granted, corrected)] == ["partial", "partial"]
    assert (denied.denial_type, flat.denial_type) == ("categorical", "dismissal")


def test_a_side_of_neither_camp_that_names_another_sides_claim_answers_it():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report.\n\n"
        "Blue Crescent Rescue said its crews reached Marrow on Monday.\n\n"
        "Blue Crescent Rescue said the ministry's statement changes nothing for the families."
    )
    *_, crews, answer = suggest_by_rules(body, ACTORS)
    assert crews.kind == "statement"
    assert (answer.kind, answer.claimant_name) == ("denial", "Blue Crescent Rescue")
    assert ("rebuts", 1) in [(link.kind, link.target) for link in answer.links]


def test_denying_a_theft_or_a_diversion_denies_wrongdoing():
    body = (
        "The Orvan Monitor for Civil Rights said rifles stolen from a Tessalian depot had "
        "reached the militia.\n\n"
        "The Tessalian Defence Ministry said there had been no theft from the depot and that "
        "no aid was ever diverted."
    )
    allegation, denial = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, denial.kind) == ("allegation", "denial")


def test_an_accusing_side_saying_what_did_not_happen_adds_to_its_allegation():
    accusation = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
    )
    kinds = [
        [s.kind for s in suggest_by_rules(accusation + line, ACTORS)][1:]
        for line in (
            "The Orvan Monitor for Civil Rights said the families had not been told of the rule.",
            "The Orvan Monitor for Civil Rights said there was not enough clean water in Marrow.",
            # The speaker on what they will say, and a correction, say nothing did not happen.
            "The Orvan Monitor for Civil Rights said it was not for me to say when the report "
            "would come.",
            "The Orvan Monitor for Civil Rights said its teams would stay in Marrow, not in Sora.",
        )
    ]
    assert kinds == [["allegation"], ["allegation"], ["statement"], ["statement"]]


def test_claims_the_accused_side_answers_at_once_are_an_accusation():
    body = (
        "A steward, Mara Holt, said the company had cut the number of guards at the gate.\n\n"
        "“We had four of us for the whole gate,” Holt said.\n\n"
        "Valen Mining called the claim “simply untrue”.\n\n"
        "Blue Crescent Rescue said its crews reached Marrow on Monday."
    )
    kinds = [s.kind for s in suggest_by_rules(body, ACTORS)]
    # The witness's two claims, in a row before the answer, are what it answers; a claim no
    # one answers stays a statement.
    assert kinds == ["allegation", "allegation", "denial", "statement"]


def test_once_an_accusation_is_made_only_a_denial_in_so_many_words_says_so():
    accusation = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the report.\n\n"
        "Blue Crescent Rescue said the mine's gates were left open at night.\n\n"
    )
    kinds = [
        suggest_by_rules(accusation + answer, ACTORS)[2].kind
        for answer in (
            "Valen Mining rejected the claim.",
            # Its plain account may answer the accusation made before, not this claim.
            "Valen Mining said the gates were checked every evening.",
        )
    ]
    assert kinds == ["allegation", "statement"]


def test_a_plan_before_the_accused_sides_answer_is_no_accusation():
    body = (
        "Blue Crescent Rescue said it would send two more crews to Marrow.\n\n"
        "Valen Mining called the claim “simply untrue”."
    )
    assert [s.kind for s in suggest_by_rules(body, ACTORS)] == ["statement", "denial"]


def test_kickbacks_and_laundering_are_wrongdoing():
    for said in (
        "Valen Mining had paid kickbacks to two officials",
        "the money had been laundered through a shell company",
    ):
        body = f"The Orvan Monitor for Civil Rights said {said}."
        assert only(suggest_by_rules(body, ACTORS)).kind == "allegation"


def test_having_no_record_of_what_is_alleged_denies_it_and_makes_it_an_accusation():
    body = (
        "Parents in Sora said the company's helpline had told them in May that the water was "
        "safe for babies.\n\n"
        "Valen Mining said it had no record of any such call."
    )
    # No verb of denying, but no trace of what the parents told: an answer, and the parents'
    # words the accusation it answers.
    parents, company = suggest_by_rules(body, ACTORS)
    assert (company.claimant_name, company.kind) == ("Valen Mining", "denial")
    assert parents.kind == "allegation"


def test_calling_a_figure_absurdly_low_disputes_it():
    body = (
        "The Sora council said 40 pupils had seen the leaked paper.\n\n"
        "Mara Holt, who chairs the National Union of Pupils, said the figure was absurdly low."
    )
    assert [s.kind for s in suggest_by_rules(body, ACTORS)][1] == "denial"


def test_a_claim_a_question_puts_to_the_side_answering_in_turns_is_an_accusation():
    body = (
        "Q: The Orvan Monitor for Civil Rights says soldiers beat a conscript to death at the "
        "Harlow barracks.\n\n"
        "VARGA: Private Lenz died of heart failure during a training run. Nobody beat him.\n\n"
        "Q: The Tessalian foreign ministry says two of your jets crossed into its airspace on "
        "Friday.\n\n"
        "VARGA: Our aircraft did not enter Tessalian airspace."
    )
    # No harm word in the ministry's claim, but the accused side's next turn answers it.
    kinds = [(s.claimant_name, s.kind) for s in suggest_by_rules(body, ACTORS)]
    assert kinds[3:] == [("Tessalian foreign ministry", "allegation"), ("Varga", "denial")]


def test_in_a_transcript_what_follows_an_answer_answers_only_as_an_answer_does():
    body = (
        "Q: The Harlow Herald says the council hid complaints about the bridge for a year.\n\n"
        "KELL: That is false. The bridge was inspected in March.\n\n"
        "Q: Residents say the council ignored their letters.\n\n"
        "KELL: We answered every letter. My office is open to anyone. But no letter reached "
        "us about the bridge."
    )
    # Each turn opens with the answer to the claim put to him; after it, his account goes on
    # unless it says what is not so.
    assert [(s.claimant_name, s.kind) for s in suggest_by_rules(body, ACTORS)] == [
        ("Harlow Herald", "allegation"),
        ("Kell", "denial"),
        ("Kell", "statement"),
        ("Residents", "allegation"),
        ("Kell", "denial"),
        ("Kell", "statement"),
        ("Kell", "denial"),
    ]


def test_saying_one_is_not_going_to_discuss_it_or_rules_nothing_out_is_no_denial():
    for answer in (
        "Valen Mining said it was not going to discuss the report's details.",
        "Valen Mining said it was not ruling anything in or out.",
    ):
        body = (
            "The Orvan Monitor for Civil Rights said Valen Mining had poisoned the Sora river."
            f"\n\n{answer}"
        )
        reply = suggest_by_rules(body, ACTORS)[1]
        assert (reply.kind, reply.denial_type) == ("denial", "non_denial")


def test_the_accused_side_putting_the_harm_down_to_no_one_s_fault_denies():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of causing the collapse of the "
        "Sora dam, which killed six people.\n\n"
        "Valen Mining denied the report.\n\n"
        "Valen Mining said the dam had been destroyed by exceptional rainfall.\n\n"
        "Valen Mining said the dam had been destroyed by saboteurs sent by the Orvan Monitor."
    )
    # Rain is its account of the harm; saboteurs are someone else to blame.
    kinds = [s.kind for s in suggest_by_rules(body, ACTORS)]
    assert kinds[2:] == ["denial", "counter_claim"]


def test_a_verb_of_denying_in_words_quoted_before_the_cue_denies():
    body = (
        "The Orvan Monitor for Civil Rights said Valen Mining's engineers had caused the collapse "
        "of the Sora dam.\n\n"
        "\u201cWe reject any attempt to put the responsibility on our engineers,\u201d Valen "
        "Mining said."
    )
    # The words said stand before the speaker and the cue that close the sentence.
    accusation, answer = suggest_by_rules(body, ACTORS)
    assert (answer.claimant_name, answer.kind) == ("Valen Mining", "denial")
    assert accusation.kind == "allegation"


def test_a_denial_giving_a_toll_of_its_own_denies_in_part():
    # A count of the dead grants some of the harm; a figure that counts nothing harmed does not.
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Arkady said two soldiers and a driver had died in the exchange of fire.",
        "Arkady said the units had crossed the river at two points.",
    ) == [("denial", "categorical"), ("denial", "partial"), ("denial", "categorical")]


def test_declining_to_discuss_or_not_remembering_is_no_denial():
    assert (
        answer_types(
            "The Tessalian Defence Ministry denied the report.",
            "Arkady said the ministry would not discuss operational matters.",
            "Arkady said he did not remember any such order.",
            "Arkady said the ministry had not seen the monitor's report.",
            "Arkady said the firing orders were confidential.",
        )
        == [("denial", "categorical")] + [("denial", "non_denial")] * 4
    )


def test_attacking_the_sources_method_interest_or_competence_discredits_it():
    assert (
        answer_types(
            "The Tessalian Defence Ministry denied the report.",
            "Arkady said the monitor's method could not tell shells from mortars.",
            "Arkady said the monitor had been paid by a rival mining company.",
            "Arkady said the report had been written before its researchers reached Marrow.",
        )
        == [("denial", "categorical")] + [("denial", "discrediting")] * 3
    )


def test_calling_it_a_lie_after_denying_it_outright_is_categorical():
    assert answer_types(
        "Arkady said no shell had landed in Marrow and called the report a lie.",
        "Arkady called the report a lie.",
    ) == [("denial", "categorical"), ("denial", "dismissal")]


def test_only_beside_a_negation_denies_the_rest_outright():
    # "only" alone, or before a figure, grants part; beside a denial it restricts.
    assert answer_types(
        "Arkady said no shell had been fired, only small arms at the checkpoint.",
        "Arkady said the units had only crossed the river at dawn.",
        "Arkady said the monitor could name only two of the victims and not the rest.",
    ) == [("denial", "categorical"), ("denial", "partial"), ("denial", "partial")]


def test_the_accusing_side_answering_the_answer_denies_it():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the accusation, saying its water samples were clean.\n\n"
        "The monitor said the company's explanation left out the spill of March.\n\n"
        "The monitor said the samples had not been taken downstream."
    )
    # After the answer, the accusing side's words on another side's claim, or on what is not
    # so, answer that answer.
    assert [s.kind for s in suggest_by_rules(body, ACTORS)] == [
        "allegation",
        "denial",
        "denial",
        "denial",
    ]


def test_the_accusing_side_saying_what_did_not_happen_before_any_answer_accuses():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "The Orvan Monitor for Civil Rights said nobody had warned the villagers.\n\n"
        "Valen Mining denied the accusation."
    )
    assert [s.kind for s in suggest_by_rules(body, ACTORS)] == [
        "allegation",
        "allegation",
        "denial",
    ]


def test_a_rescuers_count_of_those_it_recovered_or_treated_states():
    body = (
        "Blue Crescent Rescue said its teams had recovered 14 bodies by Sunday evening and "
        "treated 30 wounded.\n\n"
        "The Orvan Monitor for Civil Rights said Tessalian shelling killed 14 people in Marrow."
    )
    # The rescuer tells what it did for the harmed, blaming no one; the monitor accuses.
    assert [s.kind for s in suggest_by_rules(body, ACTORS)] == ["statement", "allegation"]


def test_a_count_of_the_tended_that_names_a_doer_still_accuses():
    body = (
        "Blue Crescent Rescue said its teams had pulled 14 bodies from houses destroyed by "
        "Tessalian shelling."
    )
    assert only(suggest_by_rules(body, ACTORS)).kind == "allegation"


def test_declining_when_asked_about_the_matter_answers_it():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of shelling the market in Marrow.\n\n"
        "Asked about the shelling, Blue Crescent Rescue declined to comment.\n\n"
        "Valen Mining declined to comment.\n\n"
        "Asked when the road would reopen, Harbour Post declined to comment."
    )
    # A side of neither camp that declines when asked on the matter, or with no more said, is
    # giving a non-answer; declining on what will be done says nothing about what happened.
    assert [s.kind for s in suggest_by_rules(body, ACTORS)] == [
        "allegation",
        "denial",
        "denial",
        "statement",
    ]


def test_saying_no_more_while_a_procedure_runs_states():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining said it would not comment while the inquiry was under way.\n\n"
        "Valen Mining said it would not comment on the report."
    )
    assert [s.kind for s in suggest_by_rules(body, ACTORS)] == [
        "allegation",
        "statement",
        "denial",
    ]


def test_how_the_source_counted_or_whom_it_answers_to_discredits_it():
    assert (
        answer_types(
            "The Tessalian Defence Ministry denied the report.",
            "Arkady said the monitor's tally counts only the villages its researchers could reach.",
            "Arkady said the monitor is financed by a rival mining company.",
            "Arkady said the monitor's casualty list had never been verified.",
            "Arkady said the monitor could not be trusted to count shells.",
            "Arkady said the monitor's director was settling a score with the army.",
            "Arkady said the monitor's witnesses say what they are told.",
            "Arkady said a report by the monitor's own friends is not evidence.",
        )
        == [("denial", "categorical")] + [("denial", "discrediting")] * 7
    )


def test_calling_it_a_show_or_saying_it_proves_nothing_waves_it_away():
    assert (
        answer_types(
            "The Tessalian Defence Ministry denied the report.",
            "Arkady said the monitor's photographs were theatre.",
            "Arkady said the photographs prove nothing about who fired.",
            "Arkady said the photographs did not prove anything.",
        )
        == [("denial", "categorical")] + [("denial", "dismissal")] * 3
    )


def test_an_exclusive_account_or_a_not_said_over_and_over_denies_outright():
    assert (
        answer_types(
            "Arkady said the only soldiers in Marrow were engineers.",
            "Arkady said there was not a single soldier in Marrow, not a single gun.",
            "Arkady said the units had only crossed the river at dawn.",
            "Arkady said the shells hit the quarry, not the village.",
        )
        == [("denial", "categorical")] * 2 + [("denial", "partial")] * 2
    )


def test_putting_the_harm_on_someone_else_counter_accuses():
    assert (
        answer_types(
            "Arkady said the shells were fired from the hills, not from army positions.",
            "Arkady said the shelling of Marrow was the work of a rebel unit.",
        )
        == [("denial", "counter_accusation")] * 2
    )


def test_a_label_on_what_was_said_dismisses_and_one_on_the_source_discredits_it():
    assert (
        answer_types(
            "Arkady called the monitor's photographs “a montage”.",
            "Arkady called the monitor's statement “a crude attempt to change the subject”.",
            "Arkady dismissed the monitor as “a propaganda office”.",
            "Arkady called the monitor “a front for the rebels”.",
        )
        == [("denial", "dismissal")] * 2 + [("denial", "discrediting")] * 2
    )


def test_granting_the_most_of_it_or_putting_another_thing_in_its_place_denies_in_part():
    assert answer_types(
        "The Tessalian Defence Ministry denied the report.",
        "Arkady said most of the damaged houses had been empty for years.",
        "Arkady said the convoy had carried soldiers rather than civilians.",
        "Arkady said the most recent patrol had stayed in its barracks.",
    ) == [("denial", t) for t in ("categorical", "partial", "partial", "categorical")]
