"""bench/wrk_cost.py: wrk's own CPU and wake-ups per request, against Gainsay and the bare app,
with its script counting responses and without. Functional only: no figure is judged."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate
from bench.mixed import prepare_copy

pytestmark = [
    pytest.mark.sqlite_only(reason="bench/ generates SQLite corpora"),
    pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed"),
]

REPO = Path(__file__).resolve().parents[2]


def test_every_load_is_measured_for_both_apps(tmp_path):
    corpus, copy = tmp_path / "corpus.db", tmp_path / "copy.db"
    generate(corpus, articles=40, claims=400, workers=1, chunk_articles=40)
    prepare_copy(corpus, copy, fresh=True, say=lambda _: None)
    done = subprocess.run(
        [
            sys.executable, "-m", "bench.wrk_cost", "--copy", str(copy), "--seconds", "1",
            "--passes", "1", "--connections", "4", "--visit", "10",
        ],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout[done.stdout.index("\n{") :])
    assert set(summary) == {
        f"{app}, {how}" for app in ("gainsay", "bare") for how in ("counted", "not counted")
    }
    for key, load in summary.items():
        assert len(load["rps"]) == 1 and load["rps"][0] > 0, key
        assert load["wrk_us_per_request"][0] > 0, key  # wrk's CPU, read from its rusage
        assert load["wrk_waits_per_request"][0] >= 0, key
        assert load["median_us"] == load["wrk_us_per_request"][0], key


def test_a_missing_copy_is_refused(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bench.wrk_cost", "--copy", str(tmp_path / "none.db")],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "does not exist" in done.stderr
