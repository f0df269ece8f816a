"""app/ingest/suggest/headed.py: the parts of a text whose author a line above them or a label
before each item names (a briefing's line, a source's line over numbered posts, a chat)."""

from app.ingest.suggest.headed import (
    authored_part_author,
    described_response_owner,
    headed_author,
    headed_parts,
    heading_lines,
    label_end,
    message_starts,
)

PRINTED = (
    "The monitor prints the port authority's remarks and the union's posts below.\n\n"
    "Remarks by the port authority's director, Ines Vollard\n\n"
    "Good morning. Our cranes were inspected in March and passed.\n\n"
    "Exhibit 1: [A photograph of a crane's hook block.]\n\n"
    "The cracks you have heard about are paint, not steel.\n\n"
    'Source: Messenger channel "Dockers Voice", 4 May\n\n'
    "Item 1 (07:10): The crane on berth six dropped a container at dawn.\n\n"
    "Item 2 (07:45): [A video of a crushed cab.] Nobody inspected it this year.\n\n"
    "What the monitor found\n\n"
    "The monitor could not check either account.\n"
)


def test_a_briefings_paragraphs_are_its_speakers_to_the_next_line_naming_another():
    parts = headed_parts(PRINTED)
    texts = [(PRINTED[s:e], author) for s, e, author, _ in parts]
    director = "the port authority's director, Ines Vollard"
    assert texts[0] == ("Good morning. Our cranes were inspected in March and passed.", director)
    # An item's label and a description in brackets are nobody's words.
    assert ("The cracks you have heard about are paint, not steel.", director) in texts
    assert all(not text.startswith(("Exhibit", "[")) for text, _ in texts)


def test_numbered_items_under_a_source_line_are_the_channels_to_a_heading():
    parts = headed_parts(PRINTED)
    channel = [PRINTED[s:e] for s, e, author, _ in parts if author == "Dockers Voice"]
    assert channel == [
        "The crane on berth six dropped a container at dawn.",
        "Nobody inspected it this year.",
    ]
    assert headed_author(PRINTED, PRINTED.index("The monitor could not")) is None
    author, at = headed_author(PRINTED, PRINTED.index("Nobody inspected")) or ("", 0)
    assert author == "Dockers Voice" and PRINTED[at:].startswith("Dockers Voice")
    # The lines naming the authors are no claims; the heading after the items is not one.
    assert sorted(PRINTED[at : PRINTED.index("\n", at)] for at in heading_lines(PRINTED)) == [
        "Remarks by the port authority's director, Ines Vollard",
        'Source: Messenger channel "Dockers Voice", 4 May',
    ]
    item = PRINTED.index("Item 1")
    assert PRINTED[label_end(PRINTED, item) :].startswith("The crane on berth six")


def test_labelled_items_need_a_line_naming_their_author_and_a_second_item():
    wire = "Update 2, 10:15: The ferry reached port, its captain said.\n\nMore later.\n"
    assert headed_parts(wire) == ()
    one = "Source: Harbour Radio\n\nItem 1: The quay is closed.\n\nThe rest is ours.\n"
    assert headed_parts(one) == ()
    updates = (
        "Coastline Ferries: service updates\n\n"
        "Update 1, 06:00: Our morning sailings are cancelled.\n\n"
        "Update 2, 09:30: The storm damaged no vessel.\n\n"
        "Passengers said they had not been told.\n"
    )
    assert [author for _, _, author, _ in headed_parts(updates)] == ["Coastline Ferries"] * 2
    assert headed_author(updates, updates.index("Passengers")) is None


def test_a_chats_messages_are_their_senders_each_one_message():
    chat = (
        "The messages were shared with the paper.\n\n"
        "[19:02] Dovan T.: the pumps stopped an hour ago\n"
        "[19:05] Vell: Keep it off the log. Nobody needs to know\n"
        "Bram (19:09): Understood.\n"
    )
    parts = headed_parts(chat)
    assert [(chat[s:e], author) for s, e, author, _ in parts] == [
        ("the pumps stopped an hour ago", "Dovan T."),
        ("Keep it off the log. Nobody needs to know", "Vell"),
        ("Understood.", "Bram"),
    ]
    assert message_starts(chat) == frozenset(part[0] for part in parts)
    # One line with a time and a name is no chat.
    assert headed_parts("[19:02] Dovan T.: the pumps stopped.\n\nThe plant said so.\n") == ()


def test_a_radio_logs_lines_are_their_call_signs_each_one_message():
    log = (
        "The navy released the recording on Friday.\n\n"
        "21:04:10 OSPREY-3: Harbour, Osprey-3. Two skiffs by the buoy.\n"
        "21:04:31 HARBOUR: Copy. Hold your position.\n"
    )
    parts = headed_parts(log)
    assert [(log[s:e], author) for s, e, author, _ in parts] == [
        ("Harbour, Osprey-3. Two skiffs by the buoy.", "OSPREY-3"),
        ("Copy. Hold your position.", "HARBOUR"),
    ]
    # A live blog's time before a sentence is no call sign.
    assert headed_parts("21:04 The ferry left.\n\n21:30 The ferry docked.\n") == ()


def test_a_threads_posts_are_their_authors_to_the_next_header():
    thread = (
        "Orvan Street residents\n\n"
        "#1 - lampwick_7 - 3 May 2027, 22:10\n"
        "The pumping station has been roaring since noon. Nobody from the council came.\n\n"
        "#2 - TessalyWater (official account) - 3 May 2027, 23:05\n"
        "The station is running to its normal schedule.\n\n"
        "Any fault will be repaired within the week.\n\n"
        "#3 - Moderator (Orvan committee) - 4 May 2027, 08:00\n"
        "Mod note: please keep posts about the station in this thread.\n"
    )
    parts = [(thread[s:e], author) for s, e, author, _ in headed_parts(thread)]
    assert parts == [
        (
            "The pumping station has been roaring since noon. Nobody from the council came.",
            "lampwick_7",
        ),
        ("The station is running to its normal schedule.", "TessalyWater (official account)"),
        ("Any fault will be repaired within the week.", "TessalyWater (official account)"),
        # A note's label is nobody's words.
        ("please keep posts about the station in this thread.", "Moderator (Orvan committee)"),
    ]
    headers = sorted(thread[at : thread.index("\n", at)] for at in heading_lines(thread))
    assert headers[0] == "#1 - lampwick_7 - 3 May 2027, 22:10"
    assert len(headers) == 3


def test_a_line_of_dashes_and_a_date_is_no_post_header():
    # A dateline, a byline and a numbered letter's heading name no post's author.
    letters = (
        "Letter 1 - Orvan council to Tessaly Water, 3 April 2026\n\nThe pumps are loud.\n\n"
        "Letter 2 - Tessaly Water to Orvan council, 9 April 2026\n\nThey are within limits.\n"
    )
    assert headed_parts(letters) == ()
    once = "MARROW - 3 May 2027\n\nThe pumps failed on Sunday, the council said.\n"
    assert headed_parts(once) == ()


def test_a_questions_and_answers_page_is_its_publishers_under_its_heading():
    page = (
        "Tessaly Water has published questions and answers for customers. We print them.\n\n"
        "The outage at our Orvan works: questions and answers\n\n"
        "Updated 4 May 2027, 10:00\n\n"
        "Is the water safe?\n"
        "Our tests show the water meets every standard.\n\n"
        "Why was nobody told?\n"
        "We informed the regulator within the hour.\n\n"
        "Marrow Anglers' Society: our own tests\n\n"
        "Our volunteers found the river cloudy below the works.\n\n"
        "The society's chair, Ana Roe, said the results were clear.\n\n"
        "Marrow Health Board statement, 5 May 2027\n\n"
        "The board has received no report of illness.\n"
    )
    parts = [(page[s:e], author) for s, e, author, _ in headed_parts(page)]
    assert parts == [
        ("Our tests show the water meets every standard.", "Tessaly Water"),
        ("We informed the regulator within the hour.", "Tessaly Water"),
        ("Our volunteers found the river cloudy below the works.", "Marrow Anglers' Society"),
        # (The outlet reporting again after the society's text: no part's.)
        ("The board has received no report of illness.", "Marrow Health Board"),
    ]
    # Without a sentence naming whose page it is, a page's answers are nobody's here.
    unnamed = page.split("\n\n", 1)[1].split("Marrow Anglers")[0]
    assert headed_parts(unnamed) == ()


def test_a_written_answer_is_the_ministers_under_the_record_line():
    record = (
        "Written Question 12, tabled 2 May 2027\n"
        "Asked by Ana Roe (Orvan North)\n\n"
        "To ask the Minister whether the Marrow pumps have failed.\n\n"
        "Answered by Ivo Tane (Minister for Water), 9 May 2027\n\n"
        "The pumps have not failed. Two were serviced in April.\n\n"
        "PRESS RELEASE\n\n"
        "Ana Roe said the answer was incomplete.\n"
    )
    parts = [(record[s:e], author) for s, e, author, _ in headed_parts(record)]
    assert parts == [
        ("To ask the Minister whether the Marrow pumps have failed.", "Ana Roe (Orvan North)"),
        ("The pumps have not failed. Two were serviced in April.", "Ivo Tane (Minister for Water)"),
    ]


AUTHORED = (
    "The panel's findings are below, with the two replies.\n\n"
    "FINDINGS\n\n"
    "1. The Panel finds that the Marrow ledgers were altered.\n\n"
    "RESPONSE OF DR. ANA ROE, 3 MAY\n"
    "I reject the finding. The ledgers were corrected, not altered.\n\n"
    "The clerks said what they were told to say.\n\n"
    "Comments of the Government of Tessaly (follow-up procedure)\n\n"
    "1. The Government rejects the Panel's view.\n\n"
    "STATEMENT OF AGREED FACTS\n\n"
    "The ledgers were kept in Orvan.\n\n"
    "REACTIONS\n\n"
    "The union said it welcomed the findings.\n"
)


def test_a_part_under_a_heading_naming_its_author_is_theirs_to_the_next_heading():
    parts = [(AUTHORED[s:e], author) for s, e, author, _ in headed_parts(AUTHORED)]
    assert parts == [
        ("I reject the finding. The ledgers were corrected, not altered.", "Dr. Ana Roe"),
        # (Its author may write "said" of others: the part ends at a heading only.)
        ("The clerks said what they were told to say.", "Dr. Ana Roe"),
        ("1. The Government rejects the Panel's view.", "Government of Tessaly"),
    ]
    assert authored_part_author(AUTHORED, AUTHORED.index("I reject")) == (
        "Dr. Ana Roe",
        AUTHORED.index("DR. ANA"),
    )
    # A "statement of" what a document holds names no author; the findings have none here.
    assert authored_part_author(AUTHORED, AUTHORED.index("The ledgers were kept")) is None
    assert authored_part_author(AUTHORED, AUTHORED.index("1. The Panel")) is None


def test_a_petitions_text_and_the_response_are_their_authors_under_their_lines():
    page = (
        "Petition: Stop the dredging at Marrow Bay\n\n"
        "Created by Ana Roe\n\n"
        "The dredgers have killed the oyster beds in the bay.\n\n"
        "More details\n\n"
        "Government responded\n\n"
        "This response was given on 2 May 2027 by the Ministry of the Sea.\n\n"
        "Dredging at Marrow Bay follows the licence in full.\n"
    )
    parts = [(page[s:e], author) for s, e, author, _ in headed_parts(page)]
    assert parts == [
        ("The dredgers have killed the oyster beds in the bay.", "Ana Roe"),
        ("Dredging at Marrow Bay follows the licence in full.", "Ministry of the Sea"),
    ]


def test_a_part_under_a_possessive_heading_is_its_owners_to_the_next_heading():
    page = (
        "Marrow Ferries' statement in full\n\n"
        "“Our crews followed every rule on the night.\n\n"
        "“The harbour master approved the sailing.”\n\n"
        "TESSALY DOCKERS UNION'S REPLY\n\n"
        "The crews were ordered to sail in a storm.\n\n"
        "Its secretary said the inspector had not asked the crews.\n\n"
        "What the inspector's report says\n\n"
        "The inspector found the ramp unchained.\n"
    )
    parts = [(page[s:e], author) for s, e, author, _ in headed_parts(page)]
    assert parts == [
        ("“Our crews followed every rule on the night.", "Marrow Ferries"),
        ("“The harbour master approved the sailing.”", "Marrow Ferries"),
        # (The outlet reporting again ends the part.)
        ("The crews were ordered to sail in a storm.", "Tessaly Dockers Union"),
    ]
    at = page.index("The harbour")
    assert authored_part_author(page, at) == ("Marrow Ferries", 0)
    # A description's possessive heads a section of the outlet's reporting: no author's part.
    assert headed_parts("The company's response\n\nThe ferry left an hour late.\n") == ()


def test_a_press_releases_line_ends_the_part_before_it():
    page = (
        "Answered by Ana Roe (Minister for the Sea)\n\n"
        "The dredging follows the licence in full.\n\n"
        "PRESS RELEASE: Tessaly Oyster Growers answer the minister\n\n"
        "The growers said the beds had died in May.\n"
    )
    parts = [(page[s:e], author) for s, e, author, _ in headed_parts(page)]
    assert parts == [
        ("The dredging follows the licence in full.", "Ana Roe (Minister for the Sea)")
    ]


def test_a_descriptions_response_heading_names_the_body_under_it():
    body = (
        "THE BOARD'S RESPONSE\n\n"
        "The Board of Orvan Foods rejects the opinion.\n\n"
        "THE MINISTRY'S REPLY\n\n"
        "No one under this heading names it."
    )
    owner = described_response_owner("The Board's Response", body, 0)
    assert owner == ("Board of Orvan Foods", body.index("Board of"))
    # (None named under it: no one's, not the heading's words; a name's own heading: not this.)
    at = body.index("THE MINISTRY")
    assert described_response_owner("The Ministry's Reply", body, at) == ("", at)
    assert described_response_owner("Orvan Foods' Response", body, 0) is None


def test_a_source_line_under_a_statement_s_heading_is_part_of_the_heading():
    page = (
        "Orvan Defence Ministry statement\n\n"
        "Source: Orvan State Television, 20:30 (read by an announcer)\n\n"
        "No unit of ours entered Tessaly.\n\n"
        "Witnesses have told the police that the attackers wore armbands.\n\n"
        "The video was filmed elsewhere. [Monitor's note: no evidence was given.]\n\n"
        "---\n\n"
        "The monitor could not check either account.\n"
    )
    parts = [(page[s:e], author) for s, e, author, _ in headed_parts(page)]
    # Every paragraph to the separator, a verb of saying in it or not; a note closing a
    # paragraph in brackets is the monitor's.
    assert parts == [
        ("No unit of ours entered Tessaly.", "Orvan Defence Ministry"),
        (
            "Witnesses have told the police that the attackers wore armbands.",
            "Orvan Defence Ministry",
        ),
        ("The video was filmed elsewhere.", "Orvan Defence Ministry"),
    ]
