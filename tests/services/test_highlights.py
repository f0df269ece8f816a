"""app/services/highlights.py: article text cut into runs for the highlighted reader."""

from collections import Counter

from sqlalchemy import select

from app.models import Article
from app.services.articles import get_article
from app.services.highlights import Run, Span, highlight


def reassembled(body: str, paragraphs: list[list[Run]]) -> list[str]:
    for runs in paragraphs:
        for run in runs:
            assert body[run.start : run.start + len(run.text)] == run.text
    return ["".join(run.text for run in runs) for runs in paragraphs]


def lines(body: str) -> list[str]:
    return [line for line in body.split("\n") if line.strip()]


def ids(run: Run) -> list[int]:
    return [span.claim_id for span in run.claims]


def test_plain_text_is_one_run_per_paragraph():
    body = "First paragraph.\n\nSecond one."
    paragraphs = highlight(body, [])

    assert [[r.text for r in p] for p in paragraphs] == [["First paragraph."], ["Second one."]]
    assert all(not r.claims and not r.opens for p in paragraphs for r in p)


def test_overlapping_quotes_cut_runs_and_list_innermost_first():
    body = "abcdefghij"
    outer = Span(1, "allegation", 0, 8)
    inner = Span(2, "denial", 3, 6)

    [runs] = highlight(body, [outer, inner])

    assert [r.text for r in runs] == ["abc", "def", "gh", "ij"]
    assert [ids(r) for r in runs] == [[1], [2, 1], [1], []]
    assert [r.opens for r in runs] == [(1,), (2,), (), ()]


def test_partly_overlapping_quotes():
    body = "0123456789"
    [runs] = highlight(body, [Span(1, "allegation", 2, 6), Span(2, "denial", 4, 8)])

    assert [(r.text, ids(r)) for r in runs] == [
        ("01", []),
        ("23", [1]),
        ("45", [1, 2]),
        ("67", [2]),
        ("89", []),
    ]


def test_a_quote_crossing_a_line_break_highlights_both_paragraphs():
    body = "one two\nthree four"
    span = Span(7, "allegation", 4, 13)  # "two\nthree"

    first, second = highlight(body, [span])

    assert [(r.text, ids(r)) for r in first] == [("one ", []), ("two", [7])]
    assert [(r.text, ids(r)) for r in second] == [("three", [7]), (" four", [])]
    assert [r.opens for r in first + second] == [(), (7,), (), ()]


def test_runs_reassemble_to_the_original_text():
    body = "Alpha beta.\n\n  Gamma delta epsilon.\n   \nZeta eta theta."
    spans = [
        Span(1, "allegation", 0, 10),
        Span(2, "denial", 6, 22),
        Span(3, "statement", 15, 20),
        Span(4, "corroboration", 20, 50),
    ]

    paragraphs = highlight(body, spans)

    assert reassembled(body, paragraphs) == lines(body)


def test_each_claim_opens_exactly_once():
    body = "aaa bbb\nccc ddd\neee"
    spans = [Span(1, "allegation", 0, 15), Span(2, "denial", 4, 11), Span(3, "statement", 12, 19)]

    opened = Counter(i for p in highlight(body, spans) for r in p for i in r.opens)

    assert opened == {1: 1, 2: 1, 3: 1}


def test_seed_articles_reassemble_and_open_each_claim_once(session):
    article_ids = session.execute(select(Article.id)).scalars().all()
    assert article_ids

    for article_id in article_ids:
        view = get_article(session, article_id)
        paragraphs = view.paragraphs

        assert reassembled(view.body, paragraphs) == lines(view.body), article_id
        opened = Counter(i for p in paragraphs for r in p for i in r.opens)
        assert opened == Counter(s.claim_id for s in view.spans), article_id
        # the run that opens a claim is the first run its quote covers
        for runs in paragraphs:
            for run in runs:
                for claim_id in run.opens:
                    span = next(s for s in view.spans if s.claim_id == claim_id)
                    assert run.start == span.start, (article_id, claim_id)
