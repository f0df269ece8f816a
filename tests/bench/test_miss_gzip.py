"""bench/miss_gzip.py: the gzip levels' table, on pages made up here (no timing thresholds)."""

from pathlib import Path

import pytest

from bench.miss_gzip import main, measure, report

PAGES = [
    (f"<article><h1>Dispute {n}</h1>" + "<p>Who said what, and where.</p>" * (40 + n)).encode()
    for n in range(5)
]


def test_every_level_is_measured_and_compresses():
    figures = measure(PAGES, [1, 6, 9], passes=2)

    assert list(figures) == [1, 6, 9]
    mean_page = sum(map(len, PAGES)) / len(PAGES)
    for seconds, size in figures.values():
        assert seconds >= 0 and 0 < size < mean_page
    table = report(PAGES, figures)
    assert table.splitlines()[0].startswith("5 pages, ")
    assert [line.split(":")[0] for line in table.splitlines()[1:]] == [
        "level 1",
        "level 6",
        "level 9",
    ]


@pytest.mark.parametrize("levels", ["0", "1,10", ""])
def test_a_level_gzip_does_not_have_is_refused(tmp_path: Path, levels: str) -> None:
    corpus = tmp_path / "corpus.db"
    corpus.write_bytes(b"")
    with pytest.raises(SystemExit) as refused:
        main(["--db", str(corpus), "--levels", levels])
    assert refused.value.code == 2  # argparse's usage error, before anything renders
