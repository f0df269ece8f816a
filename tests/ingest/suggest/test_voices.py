"""app/ingest/suggest/voices.py: a writer's own findings under the byline naming them, and an
issuer's section under its name in capitals and a title line."""

from app.ingest.suggest import ActorDirectory, voices
from app.ingest.suggest.model import Context
from tests.ingest.suggest.fixtures import ACTORS, suggest_by_rules

_COLUMN = (
    "The public editor on a photograph from the floods\n\n"
    "By Ana Roe, Public Editor\n\n"
    "A reader wrote to ask whether our photograph of a flooded street in Marrow was taken "
    "this year.\n\n"
    "What the reader asked\n\n"
    "Our picture desk answered her within a day.\n\n"
    "The photograph ran on the front page on Friday with a caption naming Marrow.\n\n"
    "My conclusions\n\n"
    "The caption gave the wrong year for the picture.\n\n"
    "The correction printed on Monday came three days too late.\n\n"
    "Is a picture from another year ever acceptable?\n\n"
    "Corrections\n\n"
    "The page carries its corrections every Saturday.\n"
)


def _context(body: str) -> Context:
    empty = ActorDirectory([])
    return Context(body=body, actors=empty, local=empty, mentions=[], publisher=None)


def test_a_byline_with_the_writers_role_names_the_writer():
    assert voices.byline_writer(_context(_COLUMN)) == ("Ana Roe", _COLUMN.index(" Editor") + 7)
    assert voices.byline_writer(_context("A title\n\nNo byline here.\n")) == ("", -1)
    # (A sentence opening "By" is no byline.)
    assert voices.byline_writer(_context("By Monday, Ana Roe had left the town.\n")) == ("", -1)


def test_the_writers_findings_under_their_heading_are_the_writers():
    by_quote = {s.quote: s for s in suggest_by_rules(_COLUMN, ACTORS)}
    for finding in (
        "The caption gave the wrong year for the picture.",
        "The correction printed on Monday came three days too late.",
    ):
        assert by_quote[finding].claimant_name == "Ana Roe"
        assert by_quote[finding].cue == ""
    # Not a question, nor a sentence under another heading (the account before the findings,
    # the rubric after them).
    assert not any(quote.endswith("?") for quote in by_quote)
    assert "The page carries its corrections every Saturday." not in by_quote
    assert not any(quote.startswith("The photograph ran") for quote in by_quote)


def test_a_role_bylines_writer_owns_their_first_person():
    body = _COLUMN.replace(
        "What the reader asked\n\n",
        "What the reader asked\n\nIn my view the caption was wrong about the year.\n\n",
    )
    by_quote = {s.quote: s for s in suggest_by_rules(body, ACTORS)}
    assert by_quote["In my view the caption was wrong about the year."].claimant_name == "Ana Roe"


def test_findings_without_a_byline_are_no_ones():
    body = _COLUMN.replace("By Ana Roe, Public Editor\n\n", "")
    quotes = {s.quote for s in suggest_by_rules(body, ACTORS)}
    assert "The caption gave the wrong year for the picture." not in quotes


def test_an_issuers_name_in_capitals_over_a_title_heads_its_section():
    assert voices.issuer_heading("VALEN MINING\nThe river: what we know") == "VALEN MINING"
    assert voices.issuer_heading("VALEN MINING PLC\nQuestions and answers\nJune") == (
        "VALEN MINING PLC"
    )
    # A title alone, two lines in capitals, a sentence, a name not in capitals: no issuer.
    assert voices.issuer_heading("VALEN MINING") is None
    assert voices.issuer_heading("ANNUAL REPORT\nSUMMARY OF FINDINGS") is None
    assert voices.issuer_heading("VALEN MINING\nThe mine is safe.") is None
    assert voices.issuer_heading("Valen Mining\nThe river: what we know") is None


def test_an_issuers_answers_after_another_partys_statement_are_the_issuers():
    body = (
        "The Harbour Post prints the statement of the riverside residents, then the questions "
        "and answers Valen Mining put on its website.\n\n"
        "STATEMENT OF THE RIVERSIDE RESIDENTS\n\n"
        "Our wells have tasted of metal since the spring, and the fish have gone.\n\n"
        "VALEN MINING\n"
        "The river: what we know\n\n"
        "Did the mine pollute the river?\n"
        "No. Our own tests found no trace of metals below the site.\n\n"
        "Will the company pay for new wells?\n"
        "We will pay for any well the inspectors find was harmed by the mine.\n"
    )
    by_quote = {s.quote: s for s in suggest_by_rules(body, ACTORS)}
    assert by_quote["Our own tests found no trace of metals below the site."].claimant_name == (
        "Valen Mining"
    )
    answer = "We will pay for any well the inspectors find was harmed by the mine."
    assert by_quote[answer].claimant_name == "Valen Mining"


def test_a_labelled_turn_under_an_issuers_heading_stays_its_speakers():
    body = (
        "VALEN MINING\n"
        "Results call, 2 May - transcript extracts\n\n"
        "Pel Arkady: Our pumps are sound. As I said, we checked them twice this spring.\n\n"
        "Harbour Post: Were they checked after the rain?\n\n"
        "Pel Arkady: They were checked in April. As I said, the wall held up well.\n"
    )
    suggestions = suggest_by_rules(body, ACTORS)
    assert len(suggestions) == 4
    assert {s.claimant_name for s in suggestions} == {"Pel Arkady"}


_REPORT = (
    "Ferry operator and harbour board differ over a loose gangway\n\n"
    "By Lev Orr, Transport Reporter\n\n"
    "The harbour board said on Tuesday that a gangway at the north quay had come loose twice "
    "this month.\n\n"
    "“We told the operator in writing and we heard nothing back,” said a deckhand, Ida Pellow.\n\n"
    "The surveyors' findings\n\n"
    "The bolts holding the gangway had rusted through on the seaward side.\n\n"
    "The operator said it would answer the findings next week.\n"
)


def test_a_reporters_role_byline_over_a_news_report_names_no_writers_voice():
    # A news report: the first person is its witnesses', inside their quotations.
    assert voices.byline_writer(_context(_REPORT)) == ("", -1)
    assert not voices.opinion_text(_REPORT, _REPORT.index("Reporter") + 8)
    assert voices.opinion_text(_COLUMN, _COLUMN.index(" Editor") + 7)
    by_quote = {s.quote: s for s in suggest_by_rules(_REPORT, ACTORS)}
    assert all(s.claimant_name != "Lev Orr" for s in by_quote.values())


def test_a_findings_heading_naming_a_body_makes_the_part_that_bodys():
    by_quote = {s.quote: s for s in suggest_by_rules(_REPORT, ACTORS)}
    finding = "The bolts holding the gangway had rusted through on the seaward side."
    assert by_quote[finding].claimant_name == "surveyors"
    # "What the … found" names its body too; "My findings" in an opinion text stays the
    # writer's (above).
    body = _REPORT.replace("The surveyors' findings", "What the divers found")
    by_quote = {s.quote: s for s in suggest_by_rules(body, ACTORS)}
    assert by_quote[finding].claimant_name == "divers"


def test_an_unowned_findings_heading_in_a_news_report_is_no_ones():
    body = _REPORT.replace("The surveyors' findings", "The findings")
    assert all(s.claimant_name != "Lev Orr" for s in suggest_by_rules(body, ACTORS))
