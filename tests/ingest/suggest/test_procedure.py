import pytest

from app.ingest.suggest import ActorDirectory
from app.ingest.suggest.procedure import is_bare_question, is_procedure, only_manages
from tests.ingest.suggest.fixtures import suggest_by_rules


@pytest.mark.parametrize(
    "sentence",
    [
        "Welcome back, everybody.",
        "Thanks for making the time, Senator.",
        "Senator Ode Lamm, Dr Fane, thank you both.",
        "Thanks, that's all for now.",
        "One more question, Doctor.",
        "Next question, please.",
        "Our last question is from Lida Grau at the Morning Ledger.",
        "I'll say a few words about the port first, then take questions.",
        "A couple of notices before we go to questions.",
        "I now call the member for Wester Fold.",
        "Let me move on to the budget.",
        "I'm afraid we must stop there.",
        "The next session is at ten tomorrow.",
        "We'll hold another briefing this evening.",
        "I have two announcements.",
        "(Laughter)",
        "[Inaudible, a line lost to the echo.]",
        "Did the agency pay for it?",
        "And the second site?",
        "We'll check that and get back to you.",
        "I shall, of course, write to the member.",
        "We've read their letter.",
        "Moderator: Thank you, Minister.",
        # A radio call, its acknowledgement, a reporter's sign-off.
        "Bravo-1, Base.",
        "Base, this is Bravo-1.",
        "Roger that.",
        "Noted, thanks.",
        "Lena Ostby, Harbour Radio, Tessel.",
        # Remarks on the exchange itself.
        "I have answered that question.",
        "I've said what I had to say.",
        "I have nothing further to add.",
        "I'm not going to speculate any further.",
        "Let me be very clear.",
        "My colleague Dr Imre Salk is here with me.",
        "On a point of order, Madam Chair.",
        "That is not a point of order; we move on.",
        "My hon. Friend raises a fair point.",
    ],
)
def test_a_turn_that_only_runs_the_meeting_is_procedure(sentence):
    assert is_procedure(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The convoy was hit twice from the north ridge.",
        "Thanks to the volunteers, the dam held for three more days.",
        "Hello is the word they used on the radio before the strike.",
        "A gang that robs pensioners is not a group I will take questions on.",
        "I will release the pumping logs in full on Monday.",
        "We have found nothing to show a guard fired.",
        "Do you accept that your officers fired first?",
        "Why did the mayor call it “a lie”?",
        "First, the council approved the flood fund on Tuesday.",
        "No, Chair.",
        "Over the winter the pumps failed twice.",
        "The evidence is here.",
        "Bravo-1 fired on the farm, Base.",
        "The point of order was about the tanker.",
        "",
    ],
)
def test_a_turn_that_says_something_is_not_procedure(sentence):
    assert not is_procedure(sentence)


def test_the_label_before_the_words_is_skipped():
    text = "HALVORSEN: Good afternoon, all of you."
    assert is_procedure(text, len("HALVORSEN: "))
    assert not is_procedure("HALVORSEN: The pumps failed at noon.", len("HALVORSEN: "))


def test_a_question_that_puts_a_claim_is_not_bare():
    assert is_bare_question("Was the depot empty?")
    assert is_bare_question("Were they yours?”")
    assert not is_bare_question("Do you deny that the shells were yours?")
    assert not is_bare_question("The depot was empty.")


def test_a_greeting_with_more_than_a_name_is_content():
    assert only_manages("Good evening, Minister of Works.")
    assert not only_manages("Good evening, the dam has failed.")
    assert not only_manages("The Minister of Works.")


def test_a_transcripts_procedure_is_no_claim_and_its_content_is():
    # A briefing: the spokesman's greeting, agenda and closing are no one's claims; the reporter's
    # bare question neither; the answers are the spokesman's.
    body = (
        "Transcript of a briefing by Aron Mell, spokesman of the Port Authority.\n\n"
        "MELL: Welcome back, everybody. I have two announcements. The ferry terminal reopens "
        "on Monday.\n\n"
        "Q: Did the authority dump the dredged sludge in the bay?\n\n"
        "MELL: The authority never dumped any sludge in the bay. That's all I have for now."
    )
    quotes = [s.quote for s in suggest_by_rules(body, ActorDirectory([]))]
    assert quotes == [
        "The ferry terminal reopens on Monday.",
        "The authority never dumped any sludge in the bay.",
    ]


def test_a_label_whose_first_turn_opens_with_procedure_still_names_its_speaker():
    # (The chair's label is read at the greeting that opens the turn, as for any first turn:
    # the members' list names the chair.)
    body = (
        "Works Committee\nOral evidence: The Orsk dam\n\n"
        "Members present: Ilse Varno (Chair); Tom Rade; Ana Pell.\n\n"
        "Witnesses: Lena Brask, Minister for Works.\n\n"
        "Q1 Chair: Welcome, Minister. The river dam at Orsk failed in March and flooded the "
        "lower town.\n\n"
        "Lena Brask: The dam was inspected in January and passed."
    )
    chair, minister = suggest_by_rules(body, ActorDirectory([]))
    assert chair.quote.startswith("The river dam")
    assert chair.claimant_name == "Ilse Varno"
    assert minister.claimant_name == "Lena Brask"
