"""bench/miss_gzip.py: the gzip levels' table, on pages made up here (no timing thresholds)."""

import gzip
from pathlib import Path

import pytest

from bench.miss_gzip import Variant, main, measure, report

PAGES = [
    (f"<article><h1>Dispute {n}</h1>" + "<p>Who said what, and where.</p>" * (40 + n)).encode()
    for n in range(5)
]


def test_every_level_is_measured_and_compresses():
    variants = [Variant(1), Variant(6), Variant(9)]
    figures = measure(PAGES, variants, passes=2)

    assert list(figures) == variants
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


@pytest.mark.parametrize(
    "variant",
    [Variant(3), Variant(3, "filtered"), Variant(6, mem_level=9), Variant(1, "filtered", 1)],
)
def test_every_variant_writes_gzip_a_browser_reads(variant: Variant) -> None:
    for page in PAGES:
        assert gzip.decompress(variant.compress(page)) == page


def test_variants_are_named_by_what_differs_from_gzips_defaults():
    assert str(Variant(3)) == "level 3"
    assert str(Variant(3, "filtered", 9)) == "level 3, filtered, memLevel 9"


@pytest.mark.parametrize(
    "option",
    [
        ["--levels", "0"],
        ["--levels", "1,10"],
        ["--levels", ""],
        ["--levels", "x"],
        ["--strategies", "huffman"],
        ["--mem-levels", "0"],
        ["--mem-levels", "10"],
    ],
)
def test_an_option_zlib_does_not_have_is_refused(tmp_path: Path, option: list[str]) -> None:
    corpus = tmp_path / "corpus.db"
    corpus.write_bytes(b"")
    with pytest.raises(SystemExit) as refused:
        main(["--db", str(corpus), *option])
    assert refused.value.code == 2  # argparse's usage error, before anything renders
