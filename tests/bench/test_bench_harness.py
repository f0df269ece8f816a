"""The benchmark harness (bench/, docs/performance.md) at a small scale.

The generator must build a sound corpus through the app's own schema, and the runner must
measure every target against a real server. There are no timing thresholds here: this fails on
a broken harness, never on a slow or busy machine.
"""

import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.db import make_engine
from app.migrate import upgrade
from bench.client import zipf_cumulative
from bench.generate import LOGGED_BY_TRIGGERS, all_triggers, fts_triggers, generate, verify
from bench.mixed import WRITER, prepare_copy
from bench.run import BARE_APP, GAINSAY_APP, TARGETS, Server, fetch, wrk_load

pytestmark = pytest.mark.sqlite_only(reason="bench/ generates SQLite corpora")

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 300


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "corpus.db"
    # Small chunks and two workers, so the multi-process path runs too.
    report = generate(path, articles=ARTICLES, claims=10 * ARTICLES, workers=2, chunk_articles=100)
    assert report.rows["article"] == ARTICLES
    assert report.rows["claim"] == 10 * ARTICLES
    return path


def test_the_corpus_has_every_kind_of_row(corpus):
    with closing(_connect(corpus)) as db:
        count = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "actor_alias", "claim_reporter", "figure", "claim_link", "dispute", "dispute_claim",
            )
        }  # fmt: skip
        assert all(n > 0 for n in count.values()), count
        assert db.execute("SELECT count(*) FROM actor WHERE parent_id IS NOT NULL").fetchone()[0]
        link_kinds = {kind for (kind,) in db.execute("SELECT DISTINCT kind FROM claim_link")}
        assert link_kinds == {
            "rebuts", "counter_accuses", "discredits_source", "corroborates", "same_claim",
        }  # fmt: skip
        words = db.execute("SELECT avg(length(body) - length(replace(body, ' ', ''))) FROM article")
        assert 350 < words.fetchone()[0] < 650  # about 500 words


def test_every_anchor_and_foreign_key_holds(corpus):
    assert verify(corpus) == []


def test_full_text_search_finds_known_words(corpus):
    with closing(_connect(corpus)) as db:
        article_id, title = db.execute("SELECT id, title FROM article WHERE id = 17").fetchone()
        word = max(title.split(), key=len).strip(",:")
        hits = db.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ?", (f'"{word}"',))
        assert article_id in {rowid for (rowid,) in hits}

        claim_id, quote = db.execute("SELECT id, quote FROM claim WHERE id = 42").fetchone()
        phrase = '"' + " ".join(quote.split()[:4]).replace('"', "") + '"'
        hits = db.execute("SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?", (phrase,))
        assert claim_id in {rowid for (rowid,) in hits}

        actor_id, alias = db.execute("SELECT actor_id, alias FROM actor_alias LIMIT 1").fetchone()
        hits = db.execute("SELECT rowid FROM actor_fts WHERE aliases MATCH ?", (f'"{alias}"',))
        assert actor_id in {rowid for (rowid,) in hits}


def test_the_fts_triggers_come_back_as_the_migration_made_them(corpus, tmp_path):
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        upgrade(fresh)
    finally:
        fresh.dispose()
    with closing(_connect(tmp_path / "fresh.db")) as migrated, closing(_connect(corpus)) as db:
        assert fts_triggers(db) == fts_triggers(migrated)
        assert len(fts_triggers(db)) >= 9
        # Every other trigger too (a change log's): dropped for the load, then recreated.
        assert all_triggers(db) == all_triggers(migrated)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        for table in set(LOGGED_BY_TRIGGERS) & tables:  # no "changes" from the load itself
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table

    # And they work: an article written after the load is found.
    copy = shutil.copyfile(corpus, tmp_path / "copy.db")
    with closing(sqlite3.connect(copy)) as db:
        db.execute(
            "INSERT INTO article (created_at, updated_at, version, title, slug, body, "
            "content_hash, origin) VALUES ('2025-01-01 00:00:00.000000', "
            "'2025-01-01 00:00:00.000000', 1, 'Zyzzogeton', 'zyzzogeton', 'Zyzzogeton body.', "
            "'x', '')"
        )
        found = db.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'zyzzogeton'")
        assert found.fetchone()[0] == 1


def test_the_corpus_depends_on_the_seed_not_on_the_workers(corpus, tmp_path):
    serial = tmp_path / "serial.db"
    generate(serial, articles=ARTICLES, claims=10 * ARTICLES, workers=1, chunk_articles=100)
    query = (
        "SELECT group_concat(content_hash, '') FROM (SELECT content_hash FROM article ORDER BY id)"
    )
    with closing(_connect(serial)) as one, closing(_connect(corpus)) as two:
        assert one.execute(query).fetchone() == two.execute(query).fetchone()
        links = "SELECT source_id, target_id, kind FROM claim_link ORDER BY id"
        assert one.execute(links).fetchall() == two.execute(links).fetchall()


def test_the_runner_measures_every_target(corpus, tmp_path):
    out = tmp_path / "result.json"
    done = subprocess.run(
        [
            sys.executable, "-m", "bench.run", "--db", str(corpus), "--duration", "1",
            "--rounds", "2", "--warmup", "0", "--connections", "4", "--client", "python",
            "--paths", "200", "--out", str(out),
        ],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())

    assert result["bare"]["rps"] > 0
    assert len(result["bare"]["rounds"]) == 2 * len(TARGETS)  # one before each page's round
    assert set(result["targets"]) == {target.key for target in TARGETS}
    for key, measured in result["targets"].items():
        assert measured["rps"] > 0, key
        assert measured["non_2xx"] == 0, (key, [r["statuses"] for r in measured["rounds"]])
        assert measured["socket_errors"] == 0, key
        assert measured["p99_ms"] is not None and measured["p99_ms"] >= measured["p50_ms"], key
        assert measured["worst_p99_ms"] >= measured["p99_ms"], key
        assert len(measured["round_ratios"]) == 2 and measured["ratio"] > 0, key
        assert measured["cpu_us_per_request"] > 0, key
        assert measured["primed_s"] > 0, key  # --paths: every path fetched once first
    assert result["server"]["cold_start_s"] > 0
    assert result["server"]["peak_rss_mb"] >= result["server"]["rss_after_start_mb"] > 0
    page = result["dispute_page"]
    assert page["html"]["bytes"] > 0 and page["css"] and page["js"]
    assert page["total_bytes"] == page["html"]["bytes"] + sum(
        r["bytes"] for r in page["css"] + page["js"]
    )
    assert "Reproduce with: python -m bench.run" in done.stdout


@pytest.mark.parametrize(
    "client",
    [
        "python",
        pytest.param(
            "wrk",
            marks=pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed"),
        ),
    ],
)
def test_the_mixed_scenario_reads_and_writes(corpus, tmp_path, client):
    out, copy = tmp_path / "mixed.json", tmp_path / "copy.db"
    done = subprocess.run(
        [
            sys.executable, "-m", "bench.run", "--scenario", "mixed", "--db", str(corpus),
            "--copy", str(copy), "--workers", "1,2", "--duration", "3", "--warmup", "0",
            "--write-rate", "3", "--prime", "20", "--warm-store", "30", "--connections", "4",
            "--client", client, "--sample", "1", "--out", str(out),
            # wrk's connections come and go (100 requests each on average), the Python
            # client's are kept, so that all four are open whenever they are looked at.
            "--visit", "100" if client == "wrk" else "0",
        ],
        cwd=REPO, capture_output=True, text=True, timeout=420,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())

    assert result["disputes"] > 0
    assert result["store_warmed_s"] > 0  # a server of its own fetched the 30 most read first
    assert [row["workers"] for row in result["by_workers"]] == [1, 2]
    for row in result["by_workers"]:
        assert "--workers " + str(row["workers"]) in row["server_command"]
        assert row["primed_s"] > 0  # the 20 most read, fetched once before the rounds
        readers, writes = row["readers"], row["writes"]
        assert readers["rps"] > 0 and row["bare"]["rps"] > 0 and readers["ratio"] > 0
        assert readers["non_2xx"] == 0 and readers["socket_errors"] == 0, readers["statuses"]
        assert readers["p99_ms"] >= readers["p50_ms"] > 0
        assert readers["cpu_us_per_request"] > 0  # the workers' CPU counted with two
        # Of it, the workers' event loops (their main threads).
        assert 0 < readers["loop_cpu_us_per_request"] <= readers["cpu_us_per_request"]
        if client == "python":  # in process: its CPU is not counted; it counts what it reads
            assert readers["client_cpu_us_per_request"] is None
            assert readers["host_ceiling_rps"] is None  # without the client's cost, unknown
            assert readers["counted_by"] == ["load"]
            assert readers["counted_requests"] == readers["requests"]
        else:  # wrk counts nothing while measured: statuses and X-Cache come from the samples
            assert readers["client_cpu_us_per_request"] > 0
            assert readers["host_ceiling_rps"] > 0
            assert row["bare"]["client_cpu_us_per_request"] > 0
            assert readers["counted_by"] == ["sample"]
            sampled = sum(r["readers"]["sample"]["requests"] for r in row["rounds"])
            assert readers["counted_requests"] == sampled > 0
            assert all(r["readers"]["sample"]["counted"] for r in row["rounds"])
            assert not any(r["readers"]["counted"] for r in row["rounds"])
        assert sum(readers["statuses"].values()) == readers["counted_requests"]
        assert readers["statuses"].get("200", 0) == readers["counted_requests"]
        # Per process: gunicorn's manager and each worker (as `gainsay serve` runs them).
        (shares,) = row["cpu_shares"]
        assert len(shares) == row["workers"] + 1
        assert sum(shares) == pytest.approx(1)
        # The connections held by the workers (not the supervisor): the readers' four (fewer
        # when some were closing), and the writer's when a write was under way.
        (held,) = row["connections"]
        assert sum(held) >= (4 if client == "python" else 1) and len(held) <= row["workers"]
        # The largest worker's memory, read from /proc: a server holds tens of MB at least.
        assert row["memory"]["peak_rss_mb"] >= row["memory"]["rss_anon_mb"] > 10
        # X-Cache: a hit or a miss, or unknown on a server that does not send it yet.
        cache = readers["cache"]
        assert (
            cache.get("hit", 0) + cache.get("miss", 0) + readers["cache_unknown"]
            == readers["counted_requests"]
        )
        assert cache.get("hit", 0) > 0  # the primed pages
        fraction = readers["miss_fraction"]
        assert fraction is not None
        assert fraction is None or 0 <= fraction <= 1
        # Writes during the measured second, every one answered 200 (a 412 retried).
        assert writes["scheduled"] >= 1, row
        assert writes["succeeded"] == writes["scheduled"], writes["statuses"]
        assert writes["p99_ms"] >= writes["p50_ms"] > 0
        assert writes["patch_p99_ms"] >= writes["patch_p50_ms"] > 0
        assert all(p.startswith(("/api/disputes/", "/api/claims/")) for p in writes["paths"])
    assert "Reproduce with: python -m bench.mixed" in done.stdout

    # The writes went to the copy, which was migrated and given the writer's account; the
    # corpus itself is as generated.
    with closing(_connect(copy)) as written, closing(_connect(corpus)) as original:
        edited = "SELECT count(*) FROM dispute WHERE summary LIKE 'Edited by the mixed%'"
        assert written.execute(edited).fetchone()[0] > 0
        assert original.execute(edited).fetchone()[0] == 0
        # The readers named the bench's site, and that server's pages are in the page store.
        with closing(_connect(Path(f"{copy}-pages"))) as pages:
            keys = [k for (k,) in pages.execute("SELECT CAST(key AS TEXT) FROM page")]
        assert sum('"gainsay.bench"' in k for k in keys) >= 30
        users = "SELECT count(*) FROM user_account WHERE username = ?"
        assert written.execute(users, (WRITER,)).fetchone()[0] == 1
        assert original.execute(users, (WRITER,)).fetchone()[0] == 0


def test_zipf_weights_fall_as_one_over_the_rank():
    cumulative = zipf_cumulative(4, 1.0)
    weights = [cumulative[0]] + [b - a for a, b in itertools.pairwise(cumulative)]
    assert weights == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4])


def _listening(port: int) -> int:
    """Sockets listening on `port` (state 0A in /proc/net/tcp)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(
        row.split()[3] == "0A" and int(row.split()[1].rsplit(":", 1)[1], 16) == port for row in rows
    )


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
@pytest.mark.parametrize(
    ("manager", "processes", "sockets"),
    [("gainsay", 3, 2), ("uvicorn", 3, 1), ("uvicorn-asyncio", 3, 1)],
)
def test_each_process_manager_serves_with_its_own_sockets(tmp_path, manager, processes, sockets):
    # gainsay serve's: a listening socket per worker; uvicorn's: one, shared by the workers.
    with Server(BARE_APP, dict(os.environ), tmp_path / "server.log", 2, manager) as bare:
        bare.wait_for("/")
        deadline = time.monotonic() + 60
        while _listening(bare.port) < sockets or len(bare.cpu_by_process()) < processes:
            assert time.monotonic() < deadline, bare.log_tail()
            time.sleep(0.1)
        assert fetch(bare.port, "/")[0] == 200
        assert _listening(bare.port) == sockets
        assert f"bench.serve {manager} " in bare.command


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
@pytest.mark.parametrize("zipf", [None, 1.0])
def test_the_wrk_script_reports_its_counts(corpus, tmp_path, zipf):
    paths = tmp_path / "paths"
    paths.write_text("/a\n/b\n")
    with Server(BARE_APP, dict(os.environ), tmp_path / "server.log") as bare:
        bare.wait_for("/")
        measured = wrk_load(bare.port, paths, connections=2, duration=1, zipf=zipf)
        uncounted = wrk_load(bare.port, paths, connections=2, duration=1, zipf=zipf, count=False)
    assert measured.requests > 0 and measured.counted
    assert measured.non_2xx == 0 and measured.socket_errors == 0
    assert measured.p99_ms is not None and measured.bytes_per_response > 3000
    assert measured.statuses == {"200": measured.requests}
    # The bare app sends no X-Cache: every response is counted, as unknown.
    assert measured.cache == {"hit": 0, "miss": 0, "unknown": measured.requests}
    # Without counting: no response callback, so neither statuses nor X-Cache are known.
    assert uncounted.requests > 0 and not uncounted.counted
    assert uncounted.statuses == {} and uncounted.cache == {}
    assert uncounted.non_2xx == 0 and uncounted.bytes_per_response > 3000


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_uncounted_still_reports_statuses_of_400_and_above(corpus, tmp_path):
    copy = tmp_path / "copy.db"
    prepare_copy(corpus, copy, fresh=True, say=lambda _: None)
    env = {
        **os.environ,
        "GAINSAY_DATABASE_URL": f"sqlite:///{copy}",
        "GAINSAY_LOAD_SEEDS": "false",
    }
    missing = tmp_path / "missing"
    missing.write_text("/disputes/0-no-such-dispute\n")
    with Server(GAINSAY_APP, env, tmp_path / "server.log") as server:
        server.wait_for("/healthz")
        assert fetch(server.port, "/disputes/0-no-such-dispute")[0] == 404
        uncounted = wrk_load(server.port, missing, connections=2, duration=2, count=False)
    assert uncounted.requests > 0 and not uncounted.counted
    assert uncounted.non_2xx == uncounted.requests  # every answer a 404
