"""app/ingest/suggest/exhibits.py: the evidence a document quotes under a line announcing it."""

from app.ingest.suggest.exhibits import exhibit_lines

DECISION = (
    "12. The Board relies on the captain's phone. Its messages read as follows:\n\n"
    '4 May, 21:04, Pell to Arkady: "Is the cargo loaded? Sail at dawn."\n'
    '4 May, 21:30, Arkady to Pell: "Loaded. Nobody checked the hold."\n\n'
    "13. The Board was also given a recording of a call. The transcript reads:\n\n"
    '"Ivo, it is me. Keep the manifest short."\n\n'
    "14. The captain says the cargo was grain. The Board does not accept that.\n"
)


def test_messages_and_a_transcript_under_the_line_announcing_them_are_exhibits():
    starts = sorted(exhibit_lines(DECISION))
    assert [DECISION[s : s + 14] for s in starts] == [
        "4 May, 21:04, ",
        "4 May, 21:30, ",
        '"Ivo, it is me',
    ]


def test_a_statement_printed_under_its_announcement_is_no_exhibit():
    # (A party's statement is its claims: only messages and recordings are evidence quoted.)
    body = "The ministry's statement reads:\n\n\"Our ships never entered Tessaly's waters.\"\n"
    assert exhibit_lines(body) == frozenset()
    # Nor is a timed message nobody announced, nor a quotation after a sentence naming none.
    assert exhibit_lines('At 9:04, Pell to Arkady: "Sail."\n') == frozenset()
