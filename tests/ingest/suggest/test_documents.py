"""app/ingest/suggest/documents.py: a document as the speaker, resolved to whoever filed it."""

from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.documents import legal_document
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
        "The petition, lodged in the regional court by the tenants' association, Greyfield "
        "Renters Union, asks the judge to halt the evictions.\n\n"
        "According to the petition, the landlord cut the heating in 40 flats in January."
    )
    suggestions = suggest_by_rules(body, ActorDirectory())
    assert suggestions[-1].claimant_text == "the petition"
    assert suggestions[-1].claimant_name == "Greyfield Renters Union"


def test_a_couple_named_after_by_is_the_two_of_them():
    body = (
        "A lawsuit was filed on Friday by the boy's parents, Lena and Piet Marsh, against "
        "the school board.\n\n"
        "The boy was left alone in a locked room for two hours, the lawsuit says."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    assert last.claimant_name == "Lena and Piet Marsh"


def test_a_document_the_sentence_speaks_through_and_it_after_it():
    body = (
        "In its motion to strike, filed on Tuesday, the Orvan Water Company argues that the "
        "claim was brought too late.\n\n"
        "The motion also disputes the level of lead measured in the homes. It says the samples "
        "were taken from taps that had not been flushed."
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
        "In a statement on Friday, the Kessel Border Guard said its officers had fired warning "
        "shots only.\n\n"
        "“No one was aimed at,” the statement said."
    )
    suggestions = suggest_claims(body, ActorDirectory())
    assert [s.claimant_name for s in suggestions] == ["Kessel Border Guard"] * 2


def test_a_document_made_by_a_named_body():
    body = (
        "The Dunmore Coroner's Office examined the body on Monday.\n\n"
        "The driver was not wearing a seatbelt, according to a preliminary report by the "
        "Dunmore Coroner's Office seen by this newspaper."
    )
    last = suggest_by_rules(body, ActorDirectory())[-1]
    assert last.claimant_name == "Dunmore Coroner's Office"
