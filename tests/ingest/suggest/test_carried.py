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
