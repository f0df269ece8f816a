"""Scoring suggestions against gold: reading, the matching rule and the metrics."""

import json
from io import StringIO

import pytest
from rich.console import Console

from app.ingest.evaluation import (
    GoldArticle,
    GoldClaim,
    claimant_matches,
    export_seed_gold,
    match_claims,
    read_article_file,
    read_gold,
    run_evaluation,
    score_article,
)
from app.ingest.suggest import SuggestedLink, Suggestion
from app.services.anchors import anchor_at

BODY = (
    "The Orvan Monitor said 12 civilians were killed in Marrow.\n\n"
    "Tessaly denied the report.\n\n"
    "The weather was fine."
)


def suggestion(body: str, text: str, kind: str, claimant: str, links=()) -> Suggestion:
    start = body.index(text)
    return Suggestion(
        kind=kind,
        quote=text,
        anchor=anchor_at(body, start, start + len(text)),
        claimant_text=claimant,
        claimant_name=claimant,
        claimant_id=None,
        cue="said",
        links=tuple(links),
    )


def gold_claim(body: str, cid: str, kind: str, claimant: str, quote: str, links=()) -> GoldClaim:
    return GoldClaim(cid, kind, claimant, quote, body.index(quote), tuple(links))


def write_gold(tmp_path, claims, body=BODY, name="a.txt", header=None):
    header = header or ["https://example.org/a", "Example Wire", "2024-05-01", "A title", ""]
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / name).write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps([{"file": f"articles/{name}", "claims": claims}]), "utf-8")
    return path


def test_read_article_file(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("unknown\nunknown\nunknown\nTitle\n\nBody line.\nSecond.", encoding="utf-8")
    assert read_article_file(path) == (None, None, None, "Title", "Body line.\nSecond.")
    path.write_text("url\noutlet\n2024-01-01\nTitle\nnot blank\nBody", encoding="utf-8")
    with pytest.raises(ValueError, match="blank line"):
        read_article_file(path)


def test_read_gold_checks_quotes_and_links(tmp_path):
    claim = {"id": "c1", "kind": "allegation", "claimant": "X", "quote": "12 civilians"}
    articles = read_gold(write_gold(tmp_path, [claim, {**claim, "id": "c2", "rebuts": ["c1"]}]))
    assert articles[0].outlet == "Example Wire"
    assert articles[0].claims[0].start == BODY.index("12 civilians")
    assert articles[0].claims[1].links == (("rebuts", "c1"),)
    with pytest.raises(ValueError, match="not in the body"):
        read_gold(write_gold(tmp_path, [{**claim, "quote": "nowhere"}]))
    with pytest.raises(ValueError, match="unknown id"):
        read_gold(write_gold(tmp_path, [{**claim, "rebuts": ["c9"]}]))
    twice = "Said it. Said it."
    with pytest.raises(ValueError, match="occurs twice"):
        read_gold(write_gold(tmp_path, [{**claim, "quote": "Said it."}], body=twice))
    ok = read_gold(write_gold(tmp_path, [{**claim, "quote": "Said it.", "start": 9}], body=twice))
    assert ok[0].claims[0].start == 9


def test_match_needs_half_of_the_gold_quote():
    body = "0123456789" * 3
    gold = [GoldClaim("g", "allegation", "X", body[0:10], 0)]
    half = suggestion(body, body[5:15], "allegation", "X")  # covers 5 of 10 characters
    less = suggestion(body, body[6:16], "allegation", "X")  # covers 4 of 10
    assert match_claims(gold, [half]) == {0: 0}
    assert match_claims(gold, [less]) == {}


def test_matching_is_one_to_one_and_maximal():
    body = "Alpha said one thing. Beta said another thing entirely."
    gold = [
        gold_claim(body, "a", "statement", "Alpha", "Alpha said one thing."),
        gold_claim(body, "b", "statement", "Beta", "Beta said another thing entirely."),
    ]
    whole = suggestion(body, body, "statement", "Alpha")  # covers both
    second = suggestion(body, "Beta said another thing entirely.", "statement", "Beta")
    # The whole-text suggestion can match only one gold claim; the matching still pairs both.
    assert match_claims(gold, [whole, second]) == {0: 0, 1: 1}
    assert len(match_claims(gold, [whole])) == 1


def test_claimant_matches_name_or_words():
    body = "x"
    s = suggestion(body, "x", "statement", "Rebel fighter")
    assert claimant_matches("Rebel fighter (unnamed)", s)
    assert claimant_matches("rebel  Fighter", s)
    assert not claimant_matches("Rebel commander (unnamed)", s)


def test_score_article_metrics():
    gold = (
        gold_claim(BODY, "c1", "allegation", "Orvan Monitor", "12 civilians were killed in Marrow"),
        gold_claim(
            BODY, "c2", "denial", "Tessaly", "Tessaly denied the report.", [("rebuts", "c1")]
        ),
        gold_claim(BODY, "c3", "statement", "Met office", "The weather was fine."),
    )
    article = GoldArticle(None, None, None, None, "t", BODY, gold)  # type: ignore[arg-type]
    suggestions = [
        suggestion(
            BODY, "The Orvan Monitor said 12 civilians were killed in Marrow.", "allegation", "X"
        ),
        suggestion(
            BODY, "Tessaly denied the report.", "denial", "Tessaly", [SuggestedLink("rebuts", 0)]
        ),
        suggestion(BODY, "Marrow.", "allegation", "Orvan Monitor"),  # matches nothing
    ]
    score = score_article(article, suggestions, name="a")
    assert (score.gold, score.suggested, score.matched) == (3, 3, 2)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    # Allegations and denials: both gold ones found; 2 of the 3 suggested ones match.
    assert score.contested_recall == 1.0
    assert score.contested_precision == pytest.approx(2 / 3)
    assert score.kind_accuracy == 1.0
    assert score.claimant_accuracy == 0.5  # "X" is not the Orvan Monitor
    assert (score.link_precision, score.link_recall) == (1.0, 1.0)
    assert score.misses == ["missed c3 (statement): The weather was fine."]


def test_run_evaluation_on_a_tiny_gold_set(tmp_path):
    claims = [
        {
            "id": "c1",
            "kind": "allegation",
            "claimant": "Orvan Monitor",
            "quote": "The Orvan Monitor said 12 civilians were killed in Marrow.",
        },
        {
            "id": "c2",
            "kind": "denial",
            "claimant": "Tessaly",
            "quote": "Tessaly denied the report.",
            "rebuts": ["c1"],
        },
    ]
    output = StringIO()
    report = run_evaluation(
        write_gold(tmp_path, claims), Console(file=output, width=120, color_system=None)
    )
    overall = report.overall
    assert (overall.gold, overall.suggested, overall.matched) == (2, 2, 2)
    assert (overall.precision, overall.recall) == (1.0, 1.0)
    assert overall.kind_accuracy == 1.0
    assert overall.claimant_accuracy == 1.0
    assert (overall.links_right, overall.gold_links) == (1, 1)
    text = output.getvalue()
    assert "overall" in text and "1.00" in text


def test_export_seed_gold(tmp_path):
    gold_path = export_seed_gold(tmp_path)
    articles = read_gold(gold_path)  # every quote is found in its article body
    assert len(articles) == 5
    assert sum(len(a.claims) for a in articles) == 51
    first = (tmp_path / "seed_articles" / "000_e76c41c0d3b84bab.txt").read_text("utf-8")
    assert first.split("\n")[1:5] == [
        "Caribbean Broadcasting Corporation",
        "unknown",
        "Syria: Russian-backed Aleppo offensive kills hundreds",
        "",
    ]
    links = {(c.id, kind, t) for a in articles for c in a.claims for kind, t in c.links}
    assert ("russia-fake-004", "rebuts", "maarat-sohr-38-004") in links
    # Links across articles are left out: suggestions are made one article at a time.
    assert not any(kind == "same_claim" and "000" in t for _, kind, t in links)


def test_committed_gold_files_are_valid():
    from pathlib import Path

    gold_dir = Path(__file__).parent / "data" / "gold"
    for name in ("gold.json", "dev.json", "holdout.json", "seeds.json"):
        articles = read_gold(gold_dir / name)
        assert articles and all(a.claims for a in articles)
