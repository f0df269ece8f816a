"""app/ingest/suggest/sentences.py: paragraphs, sentences and quotations over several paragraphs."""

from app.ingest.suggest.sentences import quoted_blocks


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


def test_quotations_closed_in_their_paragraph_and_an_unclosed_one_are_no_block():
    body = "“The report is false,” the ministry said.\n\n“We stand by it.”\n\n“It never closes."
    assert quoted_blocks(body) == []
