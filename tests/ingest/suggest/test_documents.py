"""app/ingest/suggest/documents.py: a document as the speaker, resolved to whoever filed it."""

from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.documents import (
    heading_writer,
    legal_document,
    title_adopter,
    title_author,
)
from tests.ingest.suggest.fixtures import suggest_by_rules


def test_legal_documents_as_subjects():
    assert legal_document("The petition") == "petition"
    assert legal_document("the council's lawsuit") == "lawsuit"
    assert legal_document("its motion to strike") == "motion"
    assert legal_document("The indictment") == "indictment"
    # ("The ruling coalition" is a coalition; a report is no court's filing.)
    assert legal_document("The ruling coalition") is None
    assert legal_document("The report") is None


def test_a_filing_speaks_for_the_party_named_after_by():
    body = (
        "A petition brought by Greyfield Renters Union, on behalf of 40 households, asks the "
        "tribunal to halt the evictions.\n\n"
        "According to the petition, the landlord cut the heating in 40 flats in January."
    )
    suggestions = suggest_by_rules(body, ActorDirectory())
    assert suggestions[-1].claimant_text == "the petition"
    assert suggestions[-1].claimant_name == "Greyfield Renters Union"


def test_a_couple_named_after_by_is_the_two_of_them():
    body = (
        "A lawsuit against the school board was brought on Friday by two shopkeepers, Lena "
        "Ortiz and Piet Marsh, over the closure of their street.\n\n"
        "The board never consulted the traders before the works, the lawsuit alleges."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    assert last.claimant_name == "Lena Ortiz and Piet Marsh"


def test_a_document_the_sentence_speaks_through_and_it_after_it():
    body = (
        "The Orvan Water Company, in a petition lodged last week, argues that the inquiry "
        "has no power over private suppliers.\n\n"
        "The petition further argues that the lead readings are unreliable. It claims the "
        "samples sat in a warm van for two days."
    )
    suggestions = suggest_by_rules(body, ActorDirectory())
    assert [s.claimant_name for s in suggestions] == ["Orvan Water Company"] * 3
    assert suggestions[-1].claimant_text == "It"


def test_a_speaker_who_talks_of_a_ruling_did_not_issue_it():
    body = (
        "The coach, Mara Voss, said the ruling was unfair to her players.\n\n"
        "The ruling says the club fielded two ineligible players in the final."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    assert last.claimant_name != "Mara Voss"


def test_the_statement_a_body_spoke_in():
    body = (
        "The Quillmere Border Guard said on Monday in a statement its officers had fired "
        "warning shots only.\n\n"
        "“No one was aimed at,” the statement said."
    )
    suggestions = suggest_claims(body, ActorDirectory())
    assert [s.claimant_name for s in suggestions] == ["Quillmere Border Guard"] * 2


def test_a_document_made_by_a_named_body():
    body = (
        "The Pellbrook Coroner's Office examined the body on Monday.\n\n"
        "The driver was not wearing a seatbelt, according to an initial review by the "
        "Pellbrook Coroner's Office obtained by this newspaper."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    assert last.claimant_name == "Pellbrook Coroner's Office"


def test_a_documents_title_is_the_body_the_introduction_says_adopted_it():
    body = (
        "The text that follows is taken from the final findings adopted by the Marrow Review "
        "Board on the Orvan dam's collapse.\n\n"
        "FINAL FINDINGS ON THE COLLAPSE OF THE ORVAN DAM\n\n"
        "1. The Board is concerned that the spillway gates were left shut for a week."
    )
    title = "Final Findings on the Collapse of the Orvan Dam"
    adopter = title_adopter(title, body.index("FINAL"), body)
    assert adopter is not None and adopter[0] == "Marrow Review Board"
    assert body[adopter[1] :].startswith("Marrow Review Board on")
    # (A title naming no kind of document, or no introduction naming who adopted it: no one.)
    assert title_adopter("Ministry of Water of Tessaly", body.index("FINAL"), body) is None
    assert title_adopter(title, 0, body) is None


def test_a_title_in_capitals_over_numbered_paragraphs_is_its_adopters():
    body = (
        "Below, parts of the final views adopted by the U.N. Tessaly Rights Committee last "
        "week on Orvan's third report.\n\n"
        "FINAL VIEWS ON THE THIRD REPORT OF ORVAN\n\n"
        "4. The Committee is concerned at reports that detainees were beaten on arrival."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    # (Without the initials of the system it belongs to.)
    assert last.claimant_name == "Tessaly Rights Committee"


def test_a_titles_maker():
    # By a possessive (the description to resolve), or none named.
    assert title_author("Independent Surveyor's Report to the Members of Orvan Docks") == (
        "the surveyor"
    )
    assert title_author("Extracts From the Inspector's Report on the Tessaly Depot") == (
        "the inspector"
    )
    assert title_author("Final Report on an Investigation into the Orvan Wells") == ""
    # (A body's own name, a heading's word, a title naming its body after "of": read as before.)
    assert title_author("Ministry of Water of Tessaly") is None
    assert title_author("Annual Report of the Harbour Board") is None
    assert title_author("Background") is None


def test_a_report_under_its_makers_letterhead_is_the_makers():
    body = (
        "OFFICE OF THE TESSALY WATER COMMISSIONER\n\n"
        "FINAL REPORT ON AN INVESTIGATION\n"
        "Case 12: the wells of the Orvan district\n\n"
        "3.1 The pumping records show that the northern wells ran dry on 40 days in March."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    # (Not the title, which is no speaker: the body whose letterhead is above it.)
    assert "Final Report" not in last.claimant_name
    assert "Water Commissioner" in last.claimant_name


def test_a_documents_heading_names_its_writer_on_the_line_under_it():
    assert heading_writer("THE TENANT'S APPEAL (extracts)\nIlse Marrow, shop owner, 2 May") == (
        "Ilse Marrow",
        True,
    )
    assert heading_writer("FINDINGS\nDr Ilse Marrow, Office of the Coroner, 2 May") == (
        "Dr Ilse Marrow",
        True,
    )
    assert heading_writer("THE INSURER'S LETTER\nOrvan Mutual Insurance, Claims Department") == (
        "Orvan Mutual Insurance",
        False,
    )
    # A byline under a headline, a line of text, a title not in capitals: no writer.
    assert heading_writer("BY THE RIVER\nIlse Marrow, shop owner") is None
    assert heading_writer("FINDINGS\nIlse Marrow, the owner, said the shop was shut.") is None
    assert heading_writer("The tenant's appeal\nIlse Marrow, shop owner, 2 May") is None


def test_a_bracketed_note_on_the_printed_text_is_the_outlets():
    body = (
        "The Orvan Courier has obtained a page of the Marrow police station's log. We print its "
        "entries as written. Our notes are shown in brackets.\n\n"
        "MARROW POLICE STATION - INCIDENT LOG\n\n"
        "14:05 - Entry 4. Two trucks loaded at the north gate on instruction of the district "
        "office. Driver has a cut to his hand. [The log does not say when the cut was made.]"
    )
    suggestions = suggest_claims(body, ActorDirectory(), publisher="The Orvan Courier")
    note = next(s for s in suggestions if s.quote.startswith("[The log"))
    assert note.claimant_name == "Orvan Courier"
    # ("Our notes are …": a determiner over a noun, no one saying anything.)
    assert not any(s.quote.startswith("Our notes") for s in suggestions)
    # (The log's entries: the body its title names before the dash, not the title.)
    entry = next(s for s in suggestions if "north gate" in s.quote)
    assert entry.claimant_name == "Marrow Police Station"
