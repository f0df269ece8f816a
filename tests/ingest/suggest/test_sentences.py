"""app/ingest/suggest/sentences.py: paragraphs, sentences and quotations over several paragraphs."""

import warnings
from pathlib import Path

import pytest

from app.ingest.suggest import ActorDirectory
from app.ingest.suggest.sentences import (
    Segmenter,
    colon_quotation_sentences,
    headed_documents,
    is_apparatus,
    lead_end,
    listed_items,
    opening_quotation_sentences,
    printed_answers,
    printed_statements,
    printed_texts,
    puts_a_claim,
    quotation_sentences,
    quoted_blocks,
    read_units,
    run_in_title,
)
from tests.ingest.suggest.fixtures import suggest_by_rules

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    import pysbd

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"


def test_a_quotation_over_several_paragraphs_is_one_block():
    body = (
        "The ministry's statement is given below in full.\n\n"
        "“Statement of the Ministry\n\n"
        "The report is false.\n\n"
        "The ministry is open to dialogue.”\n\n"
        "The group said it stood by its report."
    )
    [(start, end)] = quoted_blocks(body)
    assert body[start:end].startswith("“Statement of the Ministry")
    assert body[start:end].endswith("open to dialogue.”")


def test_a_quotation_whose_every_paragraph_opens_with_a_mark_is_one_block_of_sentences():
    # Each paragraph of a long quotation opens with a mark and only the last closes it.
    body = (
        "The union issued the following statement:\n\n"
        '"The board broke its word. It cut the pay of every driver.\n\n'
        '"The board has not answered our letters. It hides behind its lawyers.\n\n'
        '"We will strike on Monday."\n\n'
        "The board did not reply."
    )
    [(start, end)] = quoted_blocks(body)
    assert body[start:end].endswith('strike on Monday."')
    texts = [unit.text for unit in read_units(body)]
    assert '"The board broke its word.' in texts
    assert "It cut the pay of every driver." in texts
    assert "It hides behind its lawyers." in texts


def test_quotations_closed_in_their_paragraph_and_an_unclosed_one_are_no_block():
    body = "“The report is false,” the ministry said.\n\n“We stand by it.”\n\n“It never closes."
    assert quoted_blocks(body) == []


def test_a_closing_quotation_mark_split_off_closes_the_sentence_before():
    body = (
        "The statement is printed below.\n\n"
        '"Statement of the Council\n\n'
        'The council rejects the report. It remains open to talks with all partners."\n\n'
        "The group said it stood by its report."
    )
    units = read_units(body)
    assert all(any(char.isalnum() for char in unit.text) for unit in units)
    assert any(unit.text == 'It remains open to talks with all partners."' for unit in units)
    assert all(unit.text == body[unit.start : unit.end] for unit in units)


def test_a_heading_in_capitals_ends_a_speakers_turn():
    body = (
        "HOST: Did the company know?\n\n"
        "MARA DELL: It did not. We learned of it in March.\n\n"
        "AFTER THE SHOW\n\n"
        "The regulator said it had opened an inquiry."
    )
    units = {unit.text: unit for unit in read_units(body)}
    assert units["We learned of it in March."].label == "MARA DELL"
    assert units["AFTER THE SHOW"].label == ""
    assert units["The regulator said it had opened an inquiry."].label == ""


def test_a_speaker_with_several_turns_speaks_on_to_the_next_label():
    # A transcript's speaker who takes the word more than once: an answer over three
    # paragraphs is theirs to the next label; a label met once speaks one paragraph more.
    body = (
        "CLERK: The session is open.\n\n"
        "The minutes were circulated on Friday.\n\n"
        "The river rose again overnight.\n\n"
        "DEPUTY MAYOR OKAFOR: Thank you for coming.\n\n"
        "The river rose faster than any forecast said.\n\n"
        "Here is what we can confirm. The barrier held until midnight.\n\n"
        "Q: Who closed the gates?\n\n"
        "OKAFOR: The duty engineer did."
    )
    units = {unit.text: unit for unit in read_units(body)}
    assert units["The barrier held until midnight."].label == "DEPUTY MAYOR OKAFOR"
    assert units["The minutes were circulated on Friday."].label == "CLERK"
    assert units["The river rose again overnight."].label == ""


def test_a_quotation_closing_a_sentence_before_another_opens_ends_it():
    # pysbd keeps '… "a smokescreen." "We …' together; the closing mark after the full stop
    # ends the sentence, curly or straight.
    straight = (
        'The council called the report "a smokescreen." "We will publish every invoice," '
        "its leader said."
    )
    curly = (
        "The union called the plan “an insult to every nurse.” “Nobody was asked,” its "
        "secretary said."
    )
    for body in (straight, curly):
        first, second = read_units(body)
        assert first.text.endswith(('smokescreen."', "nurse.”"))
        assert second.text.startswith(('"We will', "“Nobody"))
        assert all(unit.text == body[unit.start : unit.end] for unit in (first, second))


def test_a_straight_mark_that_opens_a_quotation_ends_no_sentence():
    # '"Enough. " "Then …' : the mark after the stop opens nothing; the count of straight marks
    # before it is odd, so it does not close a quotation either.
    body = 'He said: "We left. " "Then what?" she asked.'
    assert [unit.text for unit in read_units(body)] == [body]


@pytest.mark.parametrize(
    "text",
    [
        "He said no. He said no. He said no.",
        "Yes.  Yes.   Yes.\n\nYes.",
        "A. B. A. B. A.",
        "The strike\u00a0hit at 5 p.m.\u2003It was denied.\t\nMr. Varn said so. Mr. Varn said so.",
        "aaaa. aa. aaaa.",
        "One sentence without a stop",
        " ",
    ],
)
def test_the_segmenter_finds_each_sentence_where_pysbd_does(text: str) -> None:
    # Repeated sentences, runs of spaces of every kind, abbreviations: the plain search must
    # keep the same occurrence as pysbd's pattern per sentence.
    expected = pysbd.Segmenter(language="en", clean=False).segment(text)
    assert Segmenter(language="en", clean=False).segment(text) == expected


def test_the_segmenter_agrees_with_pysbd_on_every_gold_article() -> None:
    ours, theirs = (
        Segmenter(language="en", clean=False),
        pysbd.Segmenter(language="en", clean=False),
    )
    # Each paragraph once: the gold files share some (both segmenters are pure functions).
    paragraphs = list(
        dict.fromkeys(
            paragraph
            for path in sorted(GOLD.rglob("articles/*.txt"))
            for paragraph in path.read_text(encoding="utf-8").split("\n")
            if paragraph.strip()
        )
    )
    assert len(paragraphs) > 1000
    assert [ours.segment(p) for p in paragraphs] == [theirs.segment(p) for p in paragraphs]


def test_a_text_announced_as_printed_in_full_in_the_passive_is_its_signers():
    # "It is reproduced in full, followed by …": the letter under its title is its signer's,
    # each sentence; "printed in full after each section" announces no text next.
    body = (
        "The following open letter was sent on Monday to the board of Valen Mining. It is "
        "reproduced in full, followed by the company's reply.\n\n"
        "An open letter to the Board of Valen Mining\n\n"
        "I worked at the mine for eleven years. The safety logs were rewritten after the "
        "accident.\n\n"
        "Maria Lind\n\n"
        "Statement from Valen Mining\n\n"
        "The safety logs were kept in full."
    )
    texts = printed_texts(body)
    assert {author for _, _, author, _ in texts} == {"Maria Lind"}
    assert body[texts[0][0] : texts[0][1]].startswith("I worked at the mine")
    elsewhere = (
        "The ministry was given the findings in draft. Their replies are printed in full "
        "after each section.\n\n"
        "Overview\n\n"
        "The office was told of 27 deaths in custody.\n\n"
        "Finding 1: Failure to call help\n\n"
        "Help was called late."
    )
    assert printed_texts(elsewhere) == []


def test_a_posts_header_names_its_author_and_signs_nothing():
    # "Name @handle · time" over each post: the post is the header's author's (without handle
    # or time), not signed by the next post's header; a rule line between texts signs none.
    body = (
        "The posts below were published by a harbour group on Friday. They are reproduced in "
        "full, with the port's reply.\n\n"
        "Quay Watch @quaywatch · 08:10\n"
        "1/ Two cranes collapsed on the north quay this morning. Nobody was warned.\n\n"
        "Quay Watch (@quaywatch) · 2h\n"
        "2/ The port says the cranes were inspected. We have seen no inspection record. /end\n\n"
        "---\n\n"
        "REPLY OF THE PORT, Press Office\n\n"
        "1. The cranes were inspected in May.\n\n"
        "---\n\n"
        "Quay Watch @quaywatch · Mar. 4, 10:02\n"
        "We stand by every post in the thread."
    )
    texts = printed_texts(body)
    assert [body[start:end][:6] for start, end, _, _ in texts] == ["1/ Two", "2/ The", "We sta"]
    assert {author for _, _, author, _ in texts} == {"Quay Watch"}


def test_a_posts_number_and_a_news_label_are_leads():
    from app.ingest.suggest.sentences import lead_end

    for text in ("3/ The hospital says", "2/7 The hospital says", "UPDATE: The hospital says"):
        assert text[lead_end(text) :] == "The hospital says"
    assert "BREAKING: The hospital says"[lead_end("BREAKING: The hospital says") :] == (
        "The hospital says"
    )
    # A news label is no transcript's speaker label.
    units = read_units("BREAKING: Two cranes fell.\n\nUPDATE: The port says no one was hurt.")
    assert [unit.label for unit in units] == ["", ""]
    # Nor is a document's kind before its headline.
    units = read_units("PRESS RELEASE: The union says the cranes were never inspected.")
    assert [unit.label for unit in units] == [""]


def test_a_threads_numbered_posts_are_its_posters():
    # "X posted a thread …; the reply follows in full": the numbered posts printed first are
    # the poster's, a post that quotes someone with a verb of saying too (its own sentences).
    body = (
        "On Tuesday the research group Delta Sources posted a thread on the flood. The "
        "council's reply follows in full.\n\n"
        "THE THREAD\n\n"
        "1/ We mapped the water line in 30 photos.\n\n"
        "2/ The council says the gates were open. Our photos show them shut.\n\n"
        "THE REPLY\n\n"
        "\u201cThe gates were open all night.\u201d"
    )
    texts = printed_texts(body)
    assert [body[start:end][:2] for start, end, _, _ in texts] == ["1/", "2/"]
    assert {author for _, _, author, _ in texts} == {"Delta Sources"}


def _headed(body: str) -> list[tuple[str, str, str]]:
    """Each document `headed_documents` finds: its first and last words, and its issuer."""
    return [
        (body[start:end].split()[0], body[start:end].split()[-1], issuer)
        for start, end, issuer, where in headed_documents(body)
        if body.startswith(issuer, where)
    ]


def test_a_document_under_a_title_naming_its_issuer_after_a_comma_is_the_issuers():
    body = (
        "The panel's interim paper and the port's answer are printed below.\n\n"
        "Interim Findings, Coastal Safety Panel, Marrow, 3 May\n\n"
        "1. Moorings. The lines on berth four were worn through.\n\n"
        "2. Lighting. Two lamps on the quay had failed.\n\n"
        "Reply of the Port of Marrow\n\n"
        "The port replaced every line in April.\n"
    )
    # To the next heading (a response's, which attribution reads over its own paragraphs).
    assert _headed(body) == [("1.", "failed.", "Coastal Safety Panel")]


def test_a_document_under_a_heading_naming_the_body_it_comes_from_is_the_bodys():
    body = (
        "UPDATE FROM THE COASTAL SAFETY PANEL (CSP), AS OF 18:00, 3 MAY\n\n"
        "The Panel counted nine vessels without lights in the harbour.\n\n"
        "The Panel saw no pilot boat on station.\n\n"
        "A harbour master said the count was too high.\n"
    )
    # The capitals read as a name; the paragraph in the news' voice ("said") ends it.
    (document,) = headed_documents(body)
    assert document[2] == "Coastal Safety Panel"
    assert body[document[0] : document[1]].endswith("on station.")


def test_a_text_announced_by_a_paragraph_ending_in_a_colon_is_its_announcers():
    body = (
        "The notice issued by the Office for Ports and Harbours reads in part:\n\n"
        "HARBOUR NOTICE 4/2026\n\n"
        "Vessels must not enter the inner basin after dark.\n\n"
        "Harbour Freight answered in a release on its website:\n\n"
        "Harbour Freight has always sailed within the rules.\n\n"
        "Next steps\n\n"
        "The board meets again in June.\n"
    )
    # The notice's own title under the announcement is skipped; each text ends at the next
    # announcement or heading.
    assert _headed(body) == [
        ("Vessels", "dark.", "Office for Ports and Harbours"),
        ("Harbour", "rules.", "Harbour Freight"),
    ]


def test_a_letter_from_an_office_holder_is_not_a_bodys_document():
    body = "LETTER FROM THE CHAIR OF THE HARBOUR BOARD\n\nThe board has done nothing wrong.\n"
    assert headed_documents(body) == []
    # Nor a heading naming a person or a place after its title.
    assert headed_documents("Annual Report, Jane Roe, Marrow\n\nSales rose by a tenth.\n") == []


def test_a_numbered_paragraphs_run_in_title_is_told_from_its_sentences():
    body = "Intro.\n\n3. Access to the quay. Inspectors were kept out for two days.\n"
    title = body.index("Access")
    sentence = body.index("Inspectors")
    assert run_in_title(body, title - 3, body.index(" Inspectors"))
    assert not run_in_title(body, sentence, len(body) - 1)


def test_a_documents_items_under_its_section_headings_are_the_issuers():
    body = (
        "A bulletin from the flood relief cell came out on Friday.\n\n"
        "The bulletin, issued by the River Relief Board, covers the week to 4 May. Its main "
        "points, some of them from field teams, are as follows:\n\n"
        "AT A GLANCE\n\n"
        "- 3,100 households without clean water\n\n"
        "- 2 of 5 pumping stations out of service\n\n"
        "SHELTER\n\n"
        "- Field teams report that two schools are full.\n\n"
        "The county council said the figures were out of date.\n"
    )
    # The headings over items carry the document on; prose after its items ends it.
    assert _headed(body) == [("-", "full.", "River Relief Board")]


def test_items_without_a_heading_do_not_carry_a_document_past_prose():
    body = (
        "UPDATE FROM THE COASTAL SAFETY PANEL, 3 MAY\n\n"
        "The Panel counted nine vessels.\n\n"
        "- A harbour master called the count too high.\n"
    )
    # A bullet after the document's prose is not one of its items (no heading over it).
    (document,) = headed_documents(body)
    assert body[document[0] : document[1]] == "The Panel counted nine vessels."


def test_labelled_numbered_items_are_a_list_under_its_announcement():
    body = (
        "The tribunal found that the accused bears responsibility for these charges:\n\n"
        "Charge 1: unlawful detention of at least 30 fishermen;\n\n"
        "Charge 2: seizure of their boats.\n\n"
        "The defence will appeal.\n"
    )
    items = listed_items(body)
    assert [body[start:end].split(":")[0] for start, end, _, _ in items] == [
        "Charge 1",
        "Charge 2",
    ]


def test_one_quoted_paragraph_under_an_announcement_is_a_block():
    body = (
        "The authority's bulletin, posted on Monday, reads:\n\n"
        "\u201cThe dam was inspected twice. No crack was found.\u201d\n\n"
        "\u201cWe were never told,\u201d a farmer said.\n"
    )
    # Not the farmer's quotation, closed before its paragraph's end and not announced.
    [(start, end)] = quoted_blocks(body)
    assert body[start:end].startswith("\u201cThe dam")


def test_a_quotation_standing_alone_is_read_sentence_by_sentence():
    text = "\u201cThe dam was inspected twice. No crack was found. Work goes on.\u201d"
    assert [text[start:end] for start, end in quotation_sentences(text)] == [
        "\u201cThe dam was inspected twice.",
        "No crack was found.",
        "Work goes on.\u201d",
    ]
    # Not a quotation with words of its own after it.
    assert quotation_sentences("\u201cIt held. It was fine,\u201d he said.") == []


def test_a_statement_printed_after_a_colon_is_read_sentence_by_sentence():
    text = (
        "The Marrow Front, in a statement from its press office on Friday: "
        "\u201cOur units held their fire. No shell left our lines. We ask for monitors.\u201d"
    )
    assert [text[start:end] for start, end in colon_quotation_sentences(text)] == [
        "The Marrow Front, in a statement from its press office on Friday: "
        "\u201cOur units held their fire.",
        "No shell left our lines.",
        "We ask for monitors.\u201d",
    ]
    # Not a quotation of one sentence, nor one with words of its own after it.
    assert colon_quotation_sentences("The mayor told us: \u201cIt held.\u201d") == []
    assert colon_quotation_sentences("She said: \u201cIt held. It was fine,\u201d she said.") == []


def test_a_quotation_opening_its_unit_is_read_sentence_by_sentence():
    text = "\u201cThe pump house was empty. Nobody shelled it,\u201d the engineer said."
    assert [text[start:end] for start, end in opening_quotation_sentences(text)] == [
        "\u201cThe pump house was empty.",
        "Nobody shelled it,\u201d the engineer said.",
    ]
    # A quotation standing alone, in plain marks.
    alone = '"The pump house was empty. Nobody shelled it."'
    assert len(opening_quotation_sentences(alone)) == 2
    # Not one of one sentence, one never closed, nor a unit opening with its speaker.
    assert opening_quotation_sentences("\u201cIt held,\u201d he said.") == []
    assert opening_quotation_sentences("\u201cIt held. It was fine, he said.") == []
    assert opening_quotation_sentences("He said: \u201cIt held. It was fine.\u201d") == []


def test_questions_answered_in_quotation_marks_are_the_texts_owners():
    body = (
        "Orlan Marine's safety leaflet, handed to buyers this month, says the hull is sound.\n\n"
        "The leaflet ends with a few questions and answers. In part:\n\n"
        "Can I still sail? \u201cOrlan Marine knows of no failure at sea.\u201d\n\n"
        "Why now? \u201cA supplier changed its resin in 2024.\u201d\n\n"
        "The leaflet gives a telephone number.\n"
    )
    answers = printed_answers(body)
    assert [body[start:end][:12] for start, end, _, _ in answers] == [
        "\u201cOrlan Marin",
        "\u201cA supplier ",
    ]
    assert {owner for _, _, owner, _ in answers} == {"Orlan Marine"}
    assert all(body.startswith("Orlan Marine", where) for _, _, _, where in answers)


def test_a_release_is_the_body_its_headline_names_as_subject():
    body = (
        "The board's release and the union's reply follow.\n\n"
        "PRESS RELEASE\n"
        "Eastport, 4 May\n"
        "Eastport Harbour Board suspends night pilotage\n\n"
        "The Board has found two pilots without valid licences.\n\n"
        "Night pilotage stops from Monday.\n\n"
        "---\n\n"
        "The union called the suspension unfair.\n"
    )
    # The title's lines are skipped; a rule line ends the release.
    assert _headed(body) == [("The", "Monday.", "Eastport Harbour Board")]
    # Not a headline whose subject is one word, nor one under another title.
    assert headed_documents("PRESS RELEASE\nPilots strike\n\nThe port is shut.\n") == []
    assert headed_documents("LATEST\nEastport Harbour Board suspends it\n\nIt is shut.\n") == []


def test_a_records_labels_with_a_seat_a_party_or_a_role_open_turns():
    # A chamber's record: a member's seat and party in brackets, a role with its holder's
    # name in brackets, a question's number, and the short form later. Each paragraph is the
    # labelled speaker's turn, and a short form counts with the full label's turns.
    body = (
        "4. Mr Idris Quell (Saltmarsh North) (Greens): Has the dredging contract been signed?\n\n"
        "The Secretary of State for Harbours (Ms Petra Lind): It has not. The tender closed.\n\n"
        "We expect a decision by spring.\n\n"
        "Mr Quell: Then why were the barges moored at the quay last week?\n\n"
        "Ms Lind: They belong to another contractor.\n\n"
        "Ms Nell Orrey (Bellwether) (Independent): The barges carry the bidder's colours."
    )
    units = {unit.text[lead_end(unit.text) :]: unit for unit in read_units(body)}
    assert units["Has the dredging contract been signed?"].label == "Mr Idris Quell"
    assert units["It has not."].label == "The Secretary of State for Harbours (Ms Petra Lind)"
    assert units["We expect a decision by spring."].label.endswith("(Ms Petra Lind)")
    assert units["They belong to another contractor."].label == "Ms Lind"
    assert units["The barges carry the bidder's colours."].label == "Ms Nell Orrey"


def test_prose_with_a_colon_or_brackets_is_no_record_label():
    body = (
        "The verdict was plain: the pier must close.\n\n"
        "The harbour board met twice (in May and June): nothing was decided.\n\n"
        "The verdict was plain: the barges must go."
    )
    assert all(unit.label == "" for unit in read_units(body))


def test_a_question_that_puts_a_claim_to_be_granted():
    assert puts_a_claim("Would she confirm that the depot was shut two weeks before the fire?")
    assert puts_a_claim("Isn't it true that the barges were hired in April?")
    assert puts_a_claim("Does the member agree that the survey left out the eastern berth?")
    assert not puts_a_claim("Is that right?")
    assert not puts_a_claim("Does she accept that account?")
    assert not puts_a_claim("Will the member give way?")
    assert not puts_a_claim("The minister will confirm that the depot was shut.")


def test_an_emails_header_lines_make_no_units():
    body = "From: Ann Quillon\nTo: Hal Fendrel\nSubject: Rota\n\nThe rota changes on Monday.\n"
    assert [unit.text for unit in read_units(body)] == ["The rota changes on Monday."]
    # A single field line is no header: it is read as any other line.
    first = read_units("Subject: Rota\n\nIt changes.")[0]
    assert first.text == "Subject: Rota"


def test_a_parts_author_line_and_its_items_labels_make_no_units():
    body = (
        "Source: Harbour Radio, 2 May\n\n"
        "Item 1 (08:00): The quay is closed. Ships wait outside.\n\n"
        "Item 2 (09:30): [A photograph of the quay.] It reopens at noon.\n"
    )
    assert [unit.text for unit in read_units(body)] == [
        "The quay is closed.",
        "Ships wait outside.",
        "It reopens at noon.",
    ]


def test_a_chats_message_is_one_unit_without_its_label():
    body = "[07:01] Ana: the pumps failed. nobody came\n[07:03] Bel: On my way.\n"
    assert [unit.text for unit in read_units(body)] == [
        "the pumps failed. nobody came",
        "On my way.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "We reproduce the ministry's reply below, unedited.",
        "The regulator's letter is reproduced in full.",
        "The board replies to each finding point by point.",
        "Please accept the assurances of my highest regard.",
        "Thank you for your letter of 3 May.",
        "Present: the chair, six councillors and the clerk.",
        "Neighbours described a night of shouting.",
        "Passengers from Tarno gave a different account.",
        # A sentence that only acknowledges another's words or acts.
        "We take note of the Marrow Council's letter.",
        "The union also welcomed the ruling.",
        "The Tessaly Rowing Club thanks the volunteers of the Orvan lock.",
    ],
)
def test_the_texts_own_apparatus_is_no_claim(sentence):
    assert is_apparatus(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The firm said it would publish the audit in full.",
        "The union called for the logs to be printed in full.",
        "In a reply printed below, the port denies dredging at night.",
        "The board declined to answer the questions point by point.",
        "Survivors described a boat that tipped over twice.",
        "Residents described the mayor as absent.",
        "Drivers gave a different account of the crash.",
        "Its statement says:",
        "The pumps were answered by the backup generator in full.",
        "The port hid nothing; the dredging plan was published in full in May.",
        # An acknowledgement with a clause of its own, and a noun holding the verb's word.
        "We note that the council never asked the families.",
        "The board welcomed the report, but it came two years late.",
        "The envoy took note of the complaint and promised a reply by Friday.",
        "The notes show the sluice was opened twice.",
    ],
)
def test_what_says_something_is_not_apparatus(sentence):
    assert not is_apparatus(sentence)


def test_a_myth_line_and_the_apparatus_are_no_units():
    body = (
        "Myths and facts about the dam\n\n"
        "MYTH: The sluices were opened at night.\n\n"
        "FACT: The sluices were opened at noon, after a warning.\n\n"
        "We print the engineers' log below, unedited.\n\n"
        "Villagers described a wall of water.\n"
    )
    texts = [unit.text for unit in read_units(body)]
    assert not any("at night" in text for text in texts)
    assert any("at noon" in text for text in texts)
    assert not any("unedited" in text or "wall of water" in text for text in texts)


def test_a_radio_logs_calls_and_acknowledgements_are_left_out():
    body = (
        "The navy released the recording on Friday.\n\n"
        "21:04:10 OSPREY-3: Harbour, Osprey-3. Two skiffs by the buoy. Over?\n"
        "21:04:31 HARBOUR: Copy, Osprey-3.\n"
        "21:05:02 OSPREY-3: Harbour, Osprey-3. They are firing on the trawler.\n"
    )
    texts = [unit.text for unit in read_units(body)]
    assert texts[1:] == ["Two skiffs by the buoy.", "They are firing on the trawler."]


def test_a_text_printed_in_full_is_its_signers_to_the_printers_end_note():
    body = (
        "Drones dropped leaflets over Orvan on Friday. The Courier prints the text in full "
        "below, in its own translation.\n\n"
        "THE TEXT\n\n"
        "[A drawing of a road.]\n\n"
        "The gunmen hold you in your own town.\n\n"
        "Command of the Tessaly Air Force\n\n"
        "[End of text. The Courier could not confirm the figures.]\n\n"
        "The Orvan council said the leaflet was a threat."
    )
    (part,) = printed_statements(body)
    start, end, signer, at = part
    assert signer == "Command of the Tessaly Air Force"
    assert body[at:].startswith(signer)
    assert body[start:end].strip().startswith("THE TEXT")
    assert "End of text" not in body[start:end]
    suggestions = suggest_by_rules(body, ActorDirectory())
    gunmen = next(s for s in suggestions if s.quote.startswith("The gunmen"))
    assert gunmen.claimant_text == signer
    # (The printer's description and the signature line: no claims.)
    assert not any(s.quote.startswith(("[A drawing", "Command of")) for s in suggestions)
