"""app/ingest/suggest/carried.py: reported speech that runs on after its verb of saying."""

from app.ingest.suggest import carried
from app.ingest.suggest.sentences import lead_end, mask_quotes, read_units
from tests.ingest.suggest.fixtures import ACTORS, suggest_by_rules


def _claimants(body: str) -> list[tuple[str, str]]:
    return [(s.quote, s.claimant_name) for s in suggest_by_rules(body, ACTORS)]


def test_a_backshifted_sentence_goes_on_with_its_speaker():
    body = (
        "Pel Arkady said the convoy had stopped twice at the river crossing. "
        "Its drivers had waited there for permission that never came."
    )
    assert _claimants(body) == [
        ("Pel Arkady said the convoy had stopped twice at the river crossing.", "Pel Arkady"),
        ("Its drivers had waited there for permission that never came.", "Pel Arkady"),
    ]


def test_over_the_paragraph_break_too():
    body = (
        "Blue Crescent Rescue said its teams had reached the quarry at dawn.\n\n"
        "Nobody would let them past the second gate until the afternoon."
    )
    assert [name for _, name in _claimants(body)] == ["Blue Crescent Rescue"] * 2


def test_narration_in_the_plain_past_or_the_present_is_nobody_s():
    body = (
        "Pel Arkady said the convoy had stopped twice at the river crossing. "
        "The river rose sharply that night. The bridge remains closed to lorries."
    )
    assert [name for _, name in _claimants(body)] == ["Pel Arkady"]


def test_where_things_stood_by_a_time_is_narration():
    body = (
        "Blue Crescent Rescue said its teams had reached the quarry at dawn. "
        "By the evening the access road had been cleared of rubble."
    )
    assert [name for _, name in _claimants(body)] == ["Blue Crescent Rescue"]


def test_a_first_person_outside_quotation_marks_is_the_writer_s():
    body = (
        "Pel Arkady said the convoy had stopped twice at the river crossing. "
        "I had driven the same road a week before without being stopped."
    )
    assert [name for _, name in _claimants(body)] == ["Pel Arkady"]


def test_a_new_speaker_takes_over():
    body = (
        "Pel Arkady said the convoy had stopped twice at the river crossing. "
        "Blue Crescent Rescue said the convoy had never reached the river. "
        "Its own team had waited at the crossing all day."
    )
    assert [name for _, name in _claimants(body)] == [
        "Pel Arkady",
        "Blue Crescent Rescue",
        "Blue Crescent Rescue",
    ]


RECORD = (
    "1. The representative of Tessaly said that the camp had been closed in March. "
    "The families were moved to housing in the capital.\n\n"
    "2. The relocation was voluntary in every case.\n\n"
    "3. The representative of Valen Mining said that the company had paid for the housing.\n\n"
    "4. The representative of the Orvan Monitor for Civil Rights said that several families "
    "had been moved against their will.\n\n"
    "The meeting closed at noon with no vote taken."
)


def test_a_record_s_numbered_paragraphs_are_its_speaker_s_reported_speech():
    claims = _claimants(RECORD)
    assert [quote.split()[:3] for quote, _ in claims] == [
        ["The", "representative", "of"],
        ["The", "families", "were"],
        ["The", "relocation", "was"],
        ["The", "representative", "of"],
        ["The", "representative", "of"],
    ]
    assert [name for _, name in claims][:3] == ["Tessaly government"] * 3


def test_a_record_needs_three_numbered_paragraphs_opening_with_reported_speech():
    assert carried._is_record(RECORD)
    assert not carried._is_record(RECORD.replace("said that", "asked whether"))
    unnumbered = "\n\n".join(p.split(". ", 1)[1] for p in RECORD.split("\n\n")[:4])
    assert not carried._is_record(unnumbered)


def test_a_backshifted_verb_before_any_verb_in_the_present():
    assert carried._backshifted("The camp had been closed for a week.")
    assert carried._backshifted("Talks would resume after the holiday, he added later.")
    assert not carried._backshifted("The video, which had been filmed in May, shows a crowd.")
    assert not carried._backshifted("The video shows what had happened in May.")
    assert not carried._backshifted("The river rose sharply that night and the bridge fell.")


def test_the_opening_of_a_record_s_paragraph():
    opens = carried._OPENS_REPORTED.match
    assert opens("7. Ms. Oda (Tessaly), speaking for the group, stated that the law").group(
        "number"
    )
    assert opens("The representative of Tessaly said that it had").group("number") is None
    assert opens("7. The water rose. The representative said that it had") is None


def test_a_dateline_ends_it():
    body = "Pel Arkady said the convoy had stopped twice.\n\nMARROW, May 2 - The convoy had left."
    units = read_units(body)
    second = units[1]
    masked = mask_quotes(second.text)
    assert lead_end(masked) > 0
    assert not carried.carries_on(second, units[0], body, lead_end(masked), masked)


ADDRESS = (
    "Text of a televised address by Marrow Valley Front commander Ilse Orsk, as transcribed.\n\n"
    "[Video shows Orsk at a desk]\n\n"
    "Orsk: Good evening to the people of the valley.\n\n"
    "Our patrols found the pumping station burned on Monday. [Monitor's note: this could not be "
    "checked.]\n\n"
    "[Passage omitted]\n\n"
    "The army's drones struck the clinic at Tessaly twice.\n\n"
    "---\n\n"
    "Statement by the Orvan Defence Ministry\n\n"
    "No drone flew over Tessaly that week.\n"
)


def test_a_speaker_labelled_by_surname_holds_the_word_to_the_transcript_s_end():
    labels = [(unit.text, unit.label) for unit in read_units(ADDRESS)]
    assert ("Our patrols found the pumping station burned on Monday.", "Orsk") in labels
    assert ("The army's drones struck the clinic at Tessaly twice.", "Orsk") in labels
    # The transcriber's notes in brackets are not the speaker's; a separator ends the turn.
    assert all(label == "" for text, label in labels if text.startswith(("[", "---")))
    assert ("No drone flew over Tessaly that week.", "") in labels


def test_a_surname_label_needs_the_name_given_in_full_above_it():
    body = "Ilse Orsk spoke first.\n\nOrsk: The pumps are burned.\n\nSource: the valley radio."
    at = body.index("Orsk:")
    assert carried.surname_label(body, at, body[at:])["name"] == "Orsk"
    assert carried.surname_label(body, 0, "Orsk: The pumps are burned.") is None
    at = body.index("Source:")
    assert carried.surname_label(body, at, body[at:]) is None


def test_a_separator_or_a_heading_ends_a_turn_a_note_or_a_sentence_does_not():
    assert carried.ends_turn("---") and carried.ends_turn("* * *")
    assert carried.ends_turn("Statement by the Orvan Defence Ministry")
    assert not carried.ends_turn("[Passage omitted]")
    assert not carried.ends_turn("Glory to the valley.")
    assert not carried.ends_turn("Who will investigate?")
    assert carried.bracketed_note("[Applause]") and carried.bracketed_note("[Video ends.]")
    assert not carried.bracketed_note("[Passage indistinct] ... and we will hold the bridge.")
