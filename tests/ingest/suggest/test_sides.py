from tests.ingest.suggest.fixtures import ACTORS, suggest_by_rules


def kinds_of(body: str) -> list[tuple[str, str]]:
    return [(s.claimant_name, s.kind) for s in suggest_by_rules(body, ACTORS)]


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


def test_a_side_most_of_whose_claims_say_what_did_not_happen_answers_with_no_accuser():
    body = (
        "The Harlow audit office said it had found no irregularity in the award of the "
        "contract.\n\n"
        "The audit office said the minister had not taken part in the tender.\n\n"
        "The audit office said the tender was published in March."
    )
    # No accusation the engine reads as one, but two of its three claims say what did not
    # happen: it answers an accusation the article tells in other words.
    assert [kind for _, kind in kinds_of(body)] == ["denial", "denial", "denial"]


def test_a_side_that_mostly_tells_what_happened_makes_no_answer_with_no_accuser():
    body = (
        "The Harlow audit office said it had found no irregularity in the award of the "
        "contract.\n\n"
        "The audit office said the tender was published in March.\n\n"
        "The audit office said the contract was signed in May."
    )
    assert [kind for _, kind in kinds_of(body)] == ["statement", "statement", "statement"]


def test_a_call_or_a_refusal_to_speculate_with_a_negation_does_not_answer():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Korra Engineering, which built the tailings dam, said the dam must not be used until "
        "it is inspected.\n\n"
        "Korra Engineering said it would not speculate on the cause.\n\n"
        "Korra Engineering said the dam had been inspected in May."
    )
    assert [kind for _, kind in kinds_of(body)] == [
        "allegation",
        "statement",
        "statement",
        "statement",
    ]


def test_an_accusing_side_calling_the_answer_a_story_stays_an_accusing_side():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessaly of bombing the market in Marrow.\n\n"
        "Blue Crescent Rescue said Tessalian jets had bombed the market.\n\n"
        "The Tessalian Defence Ministry denied the report and said militants had blown up an "
        "arms depot in the market.\n\n"
        "Blue Crescent Rescue said their story about an arms depot was a lie.\n\n"
        "Blue Crescent Rescue said the strike killed 12 people."
    )
    # Rejecting the accused side's story is not the rescuers' denial of an accusation: their
    # own accounts still accuse, they do not counter-claim.
    assert [kind for _, kind in kinds_of(body)] == [
        "allegation",
        "allegation",
        "denial",
        "denial",
        "denial",
        "allegation",
    ]


def test_a_side_that_came_in_to_tell_what_happened_is_not_made_the_accused_one():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Korra Engineering, which built the tailings dam, said the dam had been emptied in "
        "May.\n\n"
        "Korra Engineering said it had not been told of any problem with the dam."
    )
    # Its first claim tells what was done, not what did not happen: a negation later on does
    # not make it the side that answers the accusation.
    assert [kind for _, kind in kinds_of(body)] == ["allegation", "statement", "statement"]


def test_a_side_telling_of_its_own_act_of_harm_is_the_accused_side():
    body = (
        "The Tessalian Defence Ministry said its jets had struck a weapons depot in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights said the jets had hit a market, killing 12 people.\n\n"
        "The Tessalian Defence Ministry said the market was closed that morning."
    )
    # Its first claim tells of what it did itself: its own account, which the other side's
    # allegation answers, so its next account is a denial too.
    assert kinds_of(body) == [
        ("Tessalian Defence Ministry", "denial"),
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Tessalian Defence Ministry", "denial"),
    ]


def test_a_side_telling_of_what_it_received_or_suffered_still_accuses():
    body = (
        "The Orvan Monitor for Civil Rights said its monitors had been shot at near Marrow, "
        "and that it had received reports of 12 people killed.\n\n"
        "The Tessalian Defence Ministry denied the report."
    )
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Tessalian Defence Ministry", "denial"),
    ]


def test_an_unnamed_spokesperson_speaks_for_the_side_just_before():
    body = (
        "Cellwatch accused the Varo Prison Service of beating inmates in the east wing.\n\n"
        "The Varo Prison Service denied the accusation.\n\n"
        "A spokesman said every inmate had been seen by a doctor within the hour.\n\n"
        "Cellwatch said the beatings had gone on for a week."
    )
    # The prison service's spokesman gives its account, an answer; the accuser's goes on.
    assert [kind for _, kind in kinds_of(body)] == [
        "allegation",
        "denial",
        "denial",
        "allegation",
    ]


def test_a_spokesman_whose_role_rests_on_one_accusation_takes_his_side_s_firm_denial():
    body = (
        "Cellwatch accused the Varo Prison Service of beating inmates in the east wing.\n\n"
        "The Varo Prison Service denied the accusation.\n\n"
        "The prison service's spokesman, Piet Olander, accused Cellwatch of inventing the "
        "beatings to raise money.\n\n"
        "Olander said every inmate had been seen by a doctor within the hour."
    )
    # The spokesman's accusation answers Cellwatch's: a counter-claim, and his account of the
    # doctor's visits the service's denial.
    assert [kind for _, kind in kinds_of(body)] == [
        "allegation",
        "denial",
        "counter_claim",
        "denial",
    ]


def test_a_spokesman_whose_claims_mostly_accuse_takes_his_side_s_firm_denial():
    body = (
        "Cellwatch accused the Varo Prison Service of beating inmates in the east wing.\n\n"
        "The Varo Prison Service denied the accusation.\n\n"
        "The prison service's spokesman, Piet Olander, accused Cellwatch of inventing the "
        "beatings to raise money.\n\n"
        "Olander also accused Cellwatch of paying inmates for their statements.\n\n"
        "Olander said every inmate had been seen by a doctor within the hour."
    )
    # Two accusations of his own still answer Cellwatch's for the service that denied.
    assert [kind for _, kind in kinds_of(body)] == [
        "allegation",
        "denial",
        "counter_claim",
        "counter_claim",
        "denial",
    ]


def test_a_spokesman_keeps_the_role_of_his_accusation_when_his_side_denied_nothing():
    body = (
        "Cellwatch accused the Varo Prison Service of beating inmates in the east wing.\n\n"
        "The Varo Prison Service said an inquiry would be opened.\n\n"
        "The prison service's spokesman, Piet Olander, accused Cellwatch of inventing the "
        "beatings to raise money.\n\n"
        "Olander said every inmate had been seen by a doctor within the hour."
    )
    assert [kind for _, kind in kinds_of(body)] == [
        "allegation",
        "statement",
        "allegation",
        "statement",
    ]


def test_a_person_most_of_whose_answers_say_what_did_not_happen_is_the_accused_side():
    body = (
        "The Brennan family accused the Fenwick hospital trust of ignoring warning signs during "
        "the birth.\n\n"
        "The midwife on duty, Joan Pike, said she had not been told of any change on the "
        "monitor.\n\n"
        "Pike said she did not remember speaking to the father that night.\n\n"
        "Pike said she had called a doctor at three o'clock."
    )
    # No verb of denying, but two of her three claims say what did not happen: her account
    # answers the accusation.
    assert [kind for _, kind in kinds_of(body)] == ["allegation", "denial", "denial", "denial"]


def test_a_witness_who_mostly_tells_what_happened_is_not_made_the_accused_side():
    body = (
        "The Brennan family accused the Fenwick hospital trust of ignoring warning signs during "
        "the birth.\n\n"
        "Mara Holt, who was in the next room, said the alarm had not stopped for an hour.\n\n"
        "Mara Holt said nobody came when she rang the bell.\n\n"
        "Mara Holt said the father was shouting for help.\n\n"
        "Mara Holt said a doctor arrived at four o'clock."
    )
    assert [kind for _, kind in kinds_of(body)] == ["allegation"] + ["statement"] * 4


def test_a_side_that_gives_a_lower_toll_than_the_accusation_answers_it():
    body = (
        "The Orvan Monitor for Civil Rights said 23 detainees died at the Marrow camp after "
        "beatings by guards.\n\n"
        "The Varo Prison Service said nine detainees had died at the camp in that period.\n\n"
        "The Varo Prison Service said the camp held 1,600 detainees in July."
    )
    # Its toll disputes the accusation's size: an answer, and the prison service the accused
    # side, whose account of the camp answers too.
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Varo Prison Service", "denial"),
        ("Varo Prison Service", "denial"),
    ]


def test_a_toll_as_high_or_one_a_hospital_counted_itself_does_not_answer():
    body = (
        "The Orvan Monitor for Civil Rights said 23 detainees died at the Marrow camp after "
        "beatings by guards.\n\n"
        "Marrow General Hospital said it had received nine bodies from the camp.\n\n"
        "The Varo Prison Service said 30 detainees had died at the camp since May."
    )
    # What the hospital received bears the accusation out; a higher toll adds to it.
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Marrow General Hospital", "corroboration"),
        ("Varo Prison Service", "allegation"),
    ]


def test_a_lower_count_of_the_dead_a_rescuer_recovered_does_not_answer():
    body = (
        "The Orvan Monitor for Civil Rights said 23 detainees died at the Marrow camp after "
        "beatings by guards.\n\n"
        "Blue Crescent Rescue said its divers had recovered nine bodies from the river near the "
        "camp."
    )
    # Nine recovered is what the rescuer did, not a toll set against the monitor's: a
    # statement, not an answer.
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Blue Crescent Rescue", "statement"),
    ]


def test_an_organisation_named_as_it_speaks_by_an_accusation_is_the_accused_side():
    body = (
        "The Orvan Monitor for Civil Rights said the port authority had hidden weapons in the "
        "warehouse.\n\n"
        "The port authority said the warehouse had been inspected in May."
    )
    # "the port authority" is no actor the directory knows, but the accusation names it in
    # the words it speaks under: its account answers.
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("port authority", "denial"),
    ]


def test_an_organisation_the_accusation_does_not_name_stays_of_neither_camp():
    body = (
        "The Orvan Monitor for Civil Rights said the border guards had hidden weapons in the "
        "warehouse.\n\n"
        "The port authority said the warehouse had been inspected in May."
    )
    assert kinds_of(body) == [
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("port authority", "statement"),
    ]


def test_an_organisation_accusing_by_harm_words_alone_that_denies_twice_is_the_accused_side():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessalian soldiers of shooting at a family "
        "car at the Qelma crossing.\n\n"
        "The Tessalian Defence Ministry said one man had been killed at the crossing.\n\n"
        "The Tessalian Defence Ministry said no order to fire had been given that night.\n\n"
        "The Tessalian Defence Ministry said its soldiers had not seen the children in the car."
    )
    # Its toll names harm, but what it says did not happen, twice, answers the accusation.
    assert [kind for _, kind in kinds_of(body)] == ["allegation", "denial", "denial", "denial"]


def test_a_witness_telling_of_the_harm_with_negations_still_accuses():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessalian soldiers of shooting at a family "
        "car at the Qelma crossing.\n\n"
        "Mara Holt, who was in the car, said her brother had been killed at the crossing.\n\n"
        "Mara Holt said nobody had shouted any warning before the shooting.\n\n"
        "Mara Holt said the soldiers did not let the ambulance through for an hour."
    )
    # A person who speaks for no one tells of the harm in the same words: no answer.
    assert kinds_of(body)[1:] == [("Mara Holt", "allegation")] * 3


def test_an_organisation_that_spoke_before_any_accusation_keeps_its_accusing_role():
    body = (
        "The Tessalian Defence Ministry said one man had been killed at the Qelma crossing.\n\n"
        "The Orvan Monitor for Civil Rights accused Tessalian soldiers of shooting at a family "
        "car at the crossing.\n\n"
        "The Tessalian Defence Ministry said no warning had been given to the family.\n\n"
        "The Tessalian Defence Ministry said its soldiers had not called an ambulance."
    )
    # It told of the harm before anyone accused: what it says did not happen adds to it.
    assert [kind for _, kind in kinds_of(body)] == ["allegation"] * 4


def test_a_speaker_answering_in_turns_what_others_claims_put_to_them_is_the_accused_side():
    body = (
        "VARGA: Good morning. The spring exercise at Harlow ended on Monday without incident.\n\n"
        "Q: The Orvan Monitor for Civil Rights says soldiers beat a conscript to death at the "
        "Harlow barracks.\n\n"
        "VARGA: Private Lenz died of heart failure during a training run.\n\n"
        "Q: The Conscripts' Committee says officers hid forty complaints of beatings.\n\n"
        "VARGA: We have not received forty complaints. Our inspectors looked at every file from "
        "Harlow.\n\n"
        "Q: The Harlow Herald says rifles were stolen from the depot.\n\n"
        "VARGA: There was no theft from the depot."
    )
    # Each of his turns answers the claim the question put to him, though his words only tell
    # of a death and deny by negation: he is the accused side. His opening words came before
    # anything was put to him, and the sentence after an answer goes on with his account.
    assert kinds_of(body) == [
        ("Varga", "statement"),
        ("Orvan Monitor for Civil Rights", "allegation"),
        ("Varga", "denial"),
        ("Conscripts' Committee", "allegation"),
        ("Varga", "denial"),
        ("Varga", "statement"),
        ("Harlow Herald", "allegation"),
        ("Varga", "denial"),
    ]


def test_a_speaker_whose_turns_answer_questions_that_put_no_claim_keeps_their_accusation():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessalian soldiers of beating conscripts at "
        "the Harlow barracks.\n\n"
        "Q: What did you see at the barracks?\n\n"
        "HOLT: Soldiers beat my brother for three nights. Nobody stopped them.\n\n"
        "Q: Did anyone help him?\n\n"
        "HOLT: No doctor came for two days. The officers did not call an ambulance."
    )
    # A witness telling of the harm in turns after questions answers no one's claim.
    assert kinds_of(body)[1:] == [("Holt", "allegation")] * 4


def test_relatives_introduced_as_theirs_do_not_speak_for_the_side_before():
    body = (
        "The Tessalian Defence Ministry said it had no record of any arrest in Qelma.\n\n"
        "Rustam Ebel is one of 14 men who, their families say, were detained by soldiers at "
        "Qelma in March."
    )
    # "Its director" speaks for the side just before; "their families" speak for the men.
    assert kinds_of(body) == [
        ("Tessalian Defence Ministry", "denial"),
        ("their families", "statement"),
    ]
