"""app/ingest/suggest/letters.py: the parts of a text whose author its frame names (an email's or
a memo's header, a letter's salutation and signature)."""

from app.ingest.suggest.letters import answers_a_question, authored_parts, header_lines, part_author

CHAIN = (
    "Staff at the ferry operator traded warnings for weeks, messages seen by this paper show.\n\n"
    "From: Odile Brannock, Fleet Engineer\n"
    "To: Petr Halvasz\n"
    "Date: 3 March\n"
    "Subject: Hull plating\n\n"
    "Petr, the plating near the bow has thinned again.\n\n"
    "I want the vessel out of service.\n\n"
    "From: Petr Halvasz <p.halvasz@example.org>\n"
    "To: Odile Brannock\n"
    "Sent: 4 March\n"
    "Subject: RE: Hull plating\n\n"
    "Odile, our surveyors passed the hull in January.\n\n"
    "Regards,\n"
    "Petr\n\n"
    "The operator said the messages had been misread.\n"
)


def test_an_emails_body_runs_from_its_header_to_the_next_header_or_its_sign_off():
    parts = authored_parts(CHAIN)
    assert [(CHAIN[s:e].split("\n")[0], author) for s, e, author, _ in parts] == [
        ("Petr, the plating near the bow has thinned again.", "Odile Brannock, Fleet Engineer"),
        ("Odile, our surveyors passed the hull in January.", "Petr Halvasz"),
    ]
    # The sign-off and the name under it are no part of what the email says, nor is the
    # reporter's sentence after the chain.
    assert "Regards" not in CHAIN[parts[1][0] : parts[1][1]]
    author, at = part_author(CHAIN, CHAIN.index("I want")) or ("", 0)
    assert author == "Odile Brannock, Fleet Engineer"
    assert CHAIN[at:].startswith("Odile Brannock")
    assert part_author(CHAIN, CHAIN.index("The operator said")) is None


def test_the_last_email_runs_on_only_while_it_speaks_in_its_authors_voice():
    body = (
        "From: Wenna Oakhurst\nTo: Board\n\n"
        "The audit was rushed.\n\n"
        "We signed it anyway.\n\n"
        "The board did not reply to that message."
    )
    ((start, end, author, _),) = authored_parts(body)
    assert body[start:end] == "The audit was rushed.\n\nWe signed it anyway."
    assert author == "Wenna Oakhurst"


def test_header_lines_need_a_sender_and_a_second_field():
    body = "From: Ann Quillon\nSubject: Rota\n\nThe rota changes on Monday.\n\nDate: 5 May\n"
    lines = header_lines(body)
    assert lines == {0, body.index("Subject")}
    # A lone "Date:" line, a notice's "To:" with no sender: no email's header.
    assert header_lines("To: The Minister\nDate: 5 May\n\nThe permit is withdrawn.") == set()


def test_a_letter_runs_from_its_salutation_to_its_sign_off_and_is_its_signers():
    body = (
        "The council wrote to residents on Friday.\n\n"
        "Dear residents,\n\n"
        "The footbridge will close for repairs.\n\n"
        "Yours sincerely,\n\n"
        "Hal Fendrel\n"
        "Chief Engineer, Kelmarsh Council\n\n"
        "Residents said they had not been consulted."
    )
    ((start, end, author, at),) = authored_parts(body)
    assert body[start:end] == "Dear residents,\n\nThe footbridge will close for repairs."
    assert author == "Hal Fendrel, Chief Engineer, Kelmarsh Council"
    assert body[at:].startswith("Hal Fendrel")


def test_a_salutation_without_a_signature_is_no_authored_part():
    # (A subheading over more of the article is no signature: only one closing the letter is.)
    body = "Dear Sir,\n\nThe fares are too high.\n\nWhat riders say\n\nRiders agreed."
    assert authored_parts(body) == ()


def test_a_letter_without_a_sign_off_is_its_signers_when_a_signature_closes_it():
    body = (
        "The abbess's letter was read in every chapel. We print it in full.\n\n"
        "THE LETTER\n\n"
        "Dearly beloved sisters,\n\n"
        "The well at Tessaly was poisoned in May. The council did nothing.\n\n"
        "Written at Orvan, on the first of June.\n\n"
        "+ Mara Vell, Abbess of Orvan\n\n"
        "THE ANSWERS\n\n"
        "The council said the well had been tested.\n"
    )
    ((start, end, author, at),) = authored_parts(body)
    assert body[start:end].startswith("Dearly beloved sisters,")
    assert body[start:end].endswith("the first of June.")
    assert author == "Mara Vell, Abbess of Orvan" and body[at:].startswith("Mara Vell")
    addressed = (
        "To the Mayor of Marrow,\n\nOur street has flooded four times.\n\n"
        "The Residents of Quay Row\n\nTHE REPLY\n\nThe mayor said drains were cleared."
    )
    ((_, end, author, _),) = authored_parts(addressed)
    assert addressed[:end].endswith("four times.") and author == "The Residents of Quay Row"


def test_a_books_extract_under_its_heading_is_the_writer_its_introduction_names():
    body = (
        'Below is an excerpt from "Cold Ground", the memoirs of the late '
        "Colonel Ivo Marrow.\n\n"
        "THE EXTRACT\n\n"
        "We reached Tessaly at dawn. I saw the granary burning.\n\n"
        "Nobody told us who had fired it.\n\n"
        "THE ANSWERS\n\n"
        "The ministry said the granary had been empty.\n"
    )
    ((start, end, author, _),) = authored_parts(body)
    assert author == "Colonel Ivo Marrow"
    assert body[start:end].startswith("We reached") and body[start:end].endswith("fired it.")
    assert part_author(body, body.index("The ministry")) is None


DIARY = (
    "Ilse Marrow runs the Orvan Aid clinic in Tessaly. Below are entries from her notebook.\n\n"
    "Monday 9 March\n\n"
    "The checkpoint let nobody out today. I counted forty cars turned back.\n\n"
    "Wednesday 11 March\n\n"
    "Our trucks waited at the bridge all day.\n\n"
    "---\n\n"
    "The militia said the road was open."
)


def test_a_diarys_entries_are_the_writer_its_introduction_names():
    (part,) = authored_parts(DIARY)
    start, end, author, at = part
    assert author == "Ilse Marrow" and at == 0
    assert DIARY[start:end].startswith("Monday 9 March")
    assert DIARY[start:end].endswith("all day.")
    # (The entries end at the separator: what follows is the publisher's again.)
    assert part_author(DIARY, DIARY.index("The militia")) is None


AFFIDAVIT = (
    "The tenants' association published the statement with its claim.\n\n"
    "I, Mira Tessaly, retired nurse, of 4 Quay Row, Orvan, solemnly declare:\n\n"
    "1. I have lived in the building for thirty years.\n\n"
    "2. Nobody warned us before the water was cut. Two bailiffs broke the lock.\n\n"
    "3. The facts set out in this statement are true, as I believe.\n\n"
    "SWORN at Orvan before me, a notary.\n\n"
    "The landlord said the tenants had been warned twice.\n"
)


def test_a_sworn_statements_numbered_paragraphs_are_its_deponents_to_its_statement_of_truth():
    (part,) = authored_parts(AFFIDAVIT)
    start, end, author, at = part
    assert author == "Mira Tessaly" and AFFIDAVIT[at:].startswith("Mira Tessaly")
    assert AFFIDAVIT[start:end].startswith("1. I have lived")
    assert AFFIDAVIT[start:end].endswith("broke the lock.")
    # (The statement of truth, the jurat and the publisher's sentences after them are not his.)
    assert part_author(AFFIDAVIT, AFFIDAVIT.index("3. The facts")) is None
    assert part_author(AFFIDAVIT, AFFIDAVIT.index("The landlord")) is None


def test_an_opening_in_the_first_person_without_numbered_paragraphs_is_no_sworn_part():
    assert authored_parts("I, Mira Tessaly, say as follows:\n\nThe pipe burst in May.\n") == ()


SIGNED_STATEMENT = (
    "THE OPERATOR'S STATEMENT\n\n"
    '"Marrow Ferries has always put its passengers first.\n\n'
    '"In most cases we examined, the doors had been forced open."\n\n'
    "- Ivo Pell, managing director, Marrow Ferries\n\n"
    "The union said the doors were faulty.\n"
)


def test_a_statement_in_quotation_marks_over_a_dash_signature_is_the_signers():
    (part,) = authored_parts(SIGNED_STATEMENT)
    start, end, author, _ = part
    assert author == "Ivo Pell, managing director, Marrow Ferries"
    assert SIGNED_STATEMENT[start:end].startswith('"Marrow Ferries has')
    assert SIGNED_STATEMENT[start:end].endswith('forced open."')
    assert part_author(SIGNED_STATEMENT, SIGNED_STATEMENT.index("The union")) is None
    # (A dash line under a sentence that closes no quotation signs nothing.)
    assert authored_parts("The doors were faulty.\n\n- Ivo Pell, director\n") == ()


def test_an_answer_is_a_few_paragraphs_under_one_of_a_pages_three_questions_or_more():
    page = "Why?\n\nWhat broke at the dam?\n\nThe spillway gate.\n\nWho pays?\n\nWhen?\n\nSoon.\n"
    assert answers_a_question(page, page.index("The spillway"))
    assert not answers_a_question(page, page.index("What broke"))
    # (Two questions make no page of questions and answers.)
    two = "What broke at the dam?\n\nThe spillway gate.\n\nWho pays for it?\n\nThe county.\n"
    assert not answers_a_question(two, two.index("The spillway"))


def test_a_letters_pages_letters_are_their_signers_under_their_writers_lines():
    body = (
        "Our report on the Tessaly dam drew many letters. We print two.\n\n"
        "From the water board\n\n"
        "Your report was wrong. The dam was inspected in May.\n\n"
        "Dr. Ana Roe, Chief Engineer, Tessaly Water Board\n\n"
        "From a farmer near the dam\n\n"
        "My fields flooded twice. No one came.\n\n"
        "Name withheld by request, Orvan\n\n"
        "The board said it stood by its inspection.\n"
    )
    (first, second) = authored_parts(body)
    assert body[first[0] : first[1]] == "Your report was wrong. The dam was inspected in May."
    assert first[2] == "Dr. Ana Roe, Chief Engineer, Tessaly Water Board"
    assert body[second[0] : second[1]] == "My fields flooded twice. No one came."
    assert second[2] == "a farmer near the dam"  # the name withheld: the writer's line's words
    # One letter under a "From …" line is no letters page.
    assert authored_parts(body[: body.index("From a farmer")]) == ()


def test_a_document_printed_in_full_is_the_issuer_its_title_names_to_the_next_heading():
    body = (
        "The 3rd Brigade issues a bulletin each morning. We publish Monday's in full.\n\n"
        "3RD BRIGADE - MORNING BULLETIN No. 12\n"
        "1. 0610: enemy shelling of Orvan bridge.\n\n"
        "2. The brigade kept every post it held.\n\n"
        "ENDS\n\n"
        "THE ANSWERS\n\n"
        "The rebels said the report was false.\n"
    )
    ((start, end, author, at),) = authored_parts(body)
    assert body[start:end].startswith("1. 0610") and body[start:end].endswith("it held.")
    assert author == "3rd Brigade" and body[at:].startswith("3RD BRIGADE")
    assert authored_parts(body.replace("in full", "below")) == ()
