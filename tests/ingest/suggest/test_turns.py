"""app/ingest/suggest/turns.py: a record's dotted question-and-answer turns and who asks and
who answers in them."""

from app.ingest.suggest import turns
from app.ingest.suggest.sentences import read_units
from tests.ingest.suggest.fixtures import ACTORS, suggest_by_rules

# A deposition as a paper prints it: its heading names the witness, an examining line counsel.
RECORD = (
    "Tenants of the Marrow Road flats are suing Orvan Haulage over the fire at its depot.\n\n"
    "Deposition of Petra Lindqvist, taken on May 4\n"
    "Appearances: Mr. Tomas Reel for the plaintiffs; Ms. Ana Varga for the defendant\n\n"
    "BY MR. REEL:\n\n"
    "Q. What was your post in March?\n\n"
    "A. Depot supervisor, on the night shift.\n\n"
    "Q. The sprinklers in the north shed had been switched off for a week before the fire.\n\n"
    "A. I switched them off for one night while the pipes were being repaired.\n\n"
    "Q. Did anyone tell you to keep them off?\n\n"
    "A. No. I was never told that."
)


def _claimants(body: str) -> dict[str, str]:
    return {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}


def test_dotted_turns_are_labels_without_their_mark():
    units = read_units(RECORD)
    put = next(u for u in units if "sprinklers" in u.text)
    assert (put.label, put.text[:15]) == ("Q", "The sprinklers ")
    answer = next(u for u in units if "one night" in u.text)
    assert (answer.label, answer.text[:16]) == ("A", "I switched them ")


def test_counsel_puts_the_facts_and_the_witness_answers():
    claimants = _claimants(RECORD)
    put = next(q for q in claimants if "switched off for a week" in q)
    answer = next(q for q in claimants if "for one night" in q)
    assert claimants[put] == "Tomas Reel"
    assert claimants[answer] == "Petra Lindqvist"


def test_a_new_examining_line_gives_the_questions_to_its_counsel():
    body = RECORD + (
        "\n\nEXAMINATION BY MS. VARGA:\n\n"
        "Q. The pipes had burst that evening and flooded the shed.\n\n"
        "A. Yes. The water was ankle deep."
    )
    claimants = _claimants(body)
    put = next(q for q in claimants if "burst that evening" in q)
    assert claimants[put] == "Ana Varga"


def test_an_initial_opening_paragraphs_is_no_turn():
    # Two paragraphs opening with an initial, no questions: names, not turns.
    body = (
        "A. Kessler said the bridge at Tessaly had been closed since noon.\n\n"
        "A. Moreau said the ferry was still running on Sunday."
    )
    assert all(unit.label == "" for unit in read_units(body))
    assert turns.dotted_turns(body.split("\n\n")) == [None, None]


def test_a_briefing_without_an_examining_line_keeps_questions_unclaimed():
    lines = turns.examining_lines("Q: Has the ministry replied?\n\nA: Not yet.")
    assert turns.examining_counsel(lines, 40) == ("", -1)


def test_the_questions_are_the_last_examining_line_s_before_them():
    record = "BY MR. REEL:\n\nQ. The gate was open.\n\nEXAMINATION BY MS. VARGA:\n\nQ. It was shut."
    lines = turns.examining_lines(record)
    assert [surname for _, surname in lines] == ["Reel", "Varga"]
    assert turns.examining_counsel(lines, record.index("open")) == ("Reel", 0)
    varga = record.index("EXAMINATION")
    assert turns.examining_counsel(lines, record.index("shut")) == ("Varga", varga)
    # A line starting at the position asked about is not yet before it.
    assert turns.examining_counsel(lines, varga) == ("Reel", 0)


def test_the_witness_is_the_record_heading_s():
    assert turns.record_witness("TESTIMONY OF Dr. Ilse Marrow\n\nQ. Your name?", 40) == (
        "Ilse Marrow"
    )


def test_a_statement_put_with_a_question_tag_is_counsel_s():
    body = RECORD + "\n\nQ. The extinguishers in the shed were empty, weren't they?\n\nA. Two were."
    claimants = _claimants(body)
    put = next(q for q in claimants if "extinguishers" in q)
    assert claimants[put] == "Tomas Reel"
    assert turns.puts_with_a_tag("The gate was open, wasn't it?")
    assert not turns.puts_with_a_tag("Was the gate open?")
