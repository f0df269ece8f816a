"""app/ingest/worker.py: imports analysed in a worker process within a time budget, off the
event loop; the budget's error on the import page and in the API; YAML front matter refused
when it could expand (aliases) or is too big; /healthz answering while a large import runs
against a real uvicorn."""

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.auth import SESSION_COOKIE
from app.ingest import worker
from app.ingest.importing.metadata import MAX_FRONT_MATTER_CHARS
from app.ingest.importing.prepare import prepare
from app.ingest.importing.results import Refusal, RefusalReason
from app.ingest.suggest import ActorDirectory
from app.models import Article
from tests import import_fixtures
from tests.htmldoc import parse

# This module writes: its own copy of the database.
db_path = import_fixtures.db_path
analyst = import_fixtures.analyst

STORY = (
    "The Syrian Observatory for Human Rights said at least 40 civilians were killed in air "
    "strikes on Idlib on Monday.\n\n"
    "The Russian Defence Ministry denied the report, calling it a fabrication.\n"
)
# The 446-byte "billion laughs": nine lists of nine aliases, six levels deep.
ALIAS_BOMB = b"""---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
title: *g
---
The ministry said the reports were false.
"""
DIRECTORY = ActorDirectory([(1, "Syrian Observatory for Human Rights", "monitor", ("SOHR",))])


def long_job() -> worker.Job:
    """An article that takes seconds to analyse: still running when a budget of 0 s runs out,
    however busy the machine (a short one may be answered, late, before the test looks)."""
    return worker.job_for("\n\n".join([STORY] * 1500).encode(), "long.txt", None, "test", DIRECTORY)


def results(response) -> list[tuple[str, str]]:
    root = parse(response.text)
    return [
        (
            item.find(cls="result-tag").text.strip(),
            " ".join(item.find(cls="result-body").text.split()),
        )
        for item in root.find_all("li", cls="import-result")
    ]


def titled(session: Session, title: str) -> list[int]:
    session.rollback()
    return list(session.execute(select(Article.id).where(Article.title == title)).scalars())


# --- The worker ---------------------------------------------------------------------------


def test_the_worker_gives_what_the_engine_gives_in_process():
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    in_process = worker.analyse(job)
    analysed = worker.run_job(job, 60)
    assert analysed == in_process
    assert [s.claimant_id for s in analysed.suggestions] == [1, None]


def test_past_its_budget_the_worker_is_stopped_with_a_clear_error():
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    # No analysis takes no time: whenever the worker answers, it is late.
    with pytest.raises(worker.ImportTooSlow) as raised:
        worker.run_job(job, 0.0)
    message = str(raised.value)
    assert message.startswith("“story.txt” took too long to analyse")
    assert "stopped after 0 seconds" in message and "nothing of it was stored" in message
    refusal = raised.value.refusal()
    assert (refusal.reason, refusal.name, refusal.status_code) == ("too_slow", "story.txt", 422)
    # The next article is analysed as usual.
    assert len(worker.run_job(job, 60).suggestions) == 2


@pytest.fixture
def idle(monkeypatch) -> Iterator[worker._Idle]:
    """No worker kept from the tests before; none left running after."""
    fresh = worker._Idle()
    monkeypatch.setattr(worker, "_idle", fresh)
    yield fresh
    for kept in fresh._workers:
        kept.close()


def kept_process() -> object:
    """The process of the worker `run_job` keeps idle for the next article."""
    [kept] = worker._idle._workers
    return kept._process


def test_the_server_keeps_its_worker_for_the_next_article_and_replaces_a_dead_one(idle, caplog):
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    worker.run_job(job, 60)
    process = kept_process()
    assert process.is_alive()
    assert worker.run_job(job, 60) == worker.analyse(job)
    assert kept_process() is process  # no process started for the second article
    # Killed while idle (out of memory, an operator): the next article is analysed all the same.
    process.kill()
    process.join(5)
    assert len(worker.run_job(job, 60).suggestions) == 2
    assert kept_process() is not process and kept_process().is_alive()
    assert "died" not in caplog.text
    # Still analysing at its budget, the worker is killed, not kept burning a core; the next one
    # is fresh. (A long article, seconds of work: a short one may already be answered, late, when
    # a busy machine lets this thread look, and a worker that has finished is kept.)
    running = kept_process()
    with pytest.raises(worker.ImportTooSlow):
        worker.run_job(long_job(), 0.0)
    assert not running.is_alive()
    assert len(worker.run_job(job, 60).suggestions) == 2
    assert kept_process() is not running


def test_a_kept_worker_is_retired_after_its_share_of_articles(idle, monkeypatch):
    monkeypatch.setattr(worker, "JOBS_PER_WORKER", 2)
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    worker.run_job(job, 60)
    first = kept_process()
    worker.run_job(job, 60)  # its second: it is stopped rather than kept
    assert not worker._idle._workers and not first.is_alive()
    assert worker.run_job(job, 60).suggestions
    assert kept_process() is not first


def test_a_batch_worker_takes_article_after_article_and_is_replaced_after_one_runs_over(caplog):
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    with worker.BatchWorker() as batch:
        assert batch.analyse(job, 60) == worker.analyse(job)
        process = batch._process
        assert batch.analyse(job, 60).suggestions  # the same process, still there
        assert batch._process is process and process.is_alive()
        # Still analysing at its budget, it is stopped, not left burning a core.
        with pytest.raises(worker.ImportTooSlow):
            batch.analyse(long_job(), 0.0)
        assert not process.is_alive()
        # The next article gets a fresh worker; a broken one is a refusal, not a crash.
        assert len(batch.analyse(job, 60).suggestions) == 2
        assert batch._process is not process
        broken = worker.Job(STORY.encode(), "bad.txt", None, "test", actors=((1,),))
        assert batch.analyse(broken, 60).prepared.reason == RefusalReason.failed
        assert batch.analyse(job, 60).suggestions
    assert "analysing bad.txt failed in the import worker: IndexError" in caplog.text


def test_a_batch_worker_analyses_while_its_caller_works_and_follows_the_actor_rows():
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    elsewhere = ActorDirectory([(7, "Syrian Observatory for Human Rights", "monitor", ())])
    renumbered = worker.job_for(STORY.encode(), "story.txt", None, "test", elsewhere)
    with worker.BatchWorker() as batch:
        batch.submit(job, 60)
        with pytest.raises(RuntimeError, match="collect"):
            batch.submit(job, 60)  # one job at a time: a second would wait behind the first
        assert batch.collect() == worker.analyse(job)
        # The rows travel only when they change; each job is read with its own.
        for expected, sent in ((7, renumbered), (7, renumbered), (1, job)):
            batch.submit(sent, 60)
            assert batch.collect().suggestions[0].claimant_id == expected
        with pytest.raises(RuntimeError, match="no job"):
            batch.collect()


def test_an_analysis_that_finished_past_its_budget_is_refused_and_its_worker_kept():
    job = worker.job_for(STORY.encode(), "story.txt", None, "test", DIRECTORY)
    with worker.BatchWorker() as batch:
        batch.submit(job, 0.0)
        assert batch._connection is not None and batch._connection.poll(60)  # it has answered
        with pytest.raises(worker.ImportTooSlow, match="stopped after 0 seconds"):
            batch.collect()
        process = batch._process
        assert process.is_alive()  # idle, not burning a core: the next job reuses it
        assert batch.analyse(job, 60) == worker.analyse(job)
        assert batch._process is process


def test_an_error_in_the_worker_is_a_refusal_not_a_crash(caplog):
    job = worker.Job(STORY.encode(), "story.txt", None, "test", actors=((1,),))  # a bad row
    analysed = worker.run_job(job, 60)
    assert isinstance(analysed.prepared, Refusal)
    assert analysed.prepared.reason == RefusalReason.failed
    assert "error on Gainsay's side" in analysed.prepared.message
    assert "analysing story.txt failed in the import worker: IndexError" in caplog.text


# --- YAML front matter --------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_without_expanding_it():
    refused = prepare(ALIAS_BOMB, "bomb.md")
    assert isinstance(refused, Refusal) and refused.reason == RefusalReason.bad_metadata
    assert "anchors or aliases (& and *)" in refused.message
    assert "Write each value out" in refused.message


def test_an_anchor_alone_is_refused_too():
    refused = prepare(b"---\ntitle: &t Strike\nurl: https://a.example/\n---\nText here.\n", "a.md")
    assert isinstance(refused, Refusal) and "anchors or aliases" in refused.message


def test_a_plain_front_matter_still_gives_the_metadata():
    text = b"---\ntitle: Strike on a market\ndate: 2024-03-05\noutlet: Tribune\n---\nText.\n"
    prepared = prepare(text, "a.md")
    assert not isinstance(prepared, Refusal)
    assert (prepared.title, str(prepared.published_on), prepared.outlet) == (
        "Strike on a market",
        "2024-03-05",
        "Tribune",
    )


def test_a_front_matter_over_the_cap_is_refused_with_its_limit():
    lines = "".join(f"key{i}: value\n" for i in range(MAX_FRONT_MATTER_CHARS // 10))
    refused = prepare(f"---\ntitle: T\n{lines}---\nText.\n".encode(), "a.md")
    assert isinstance(refused, Refusal) and refused.reason == RefusalReason.bad_metadata
    assert "longer than 4,000 characters" in refused.message


def test_deeply_nested_front_matter_is_refused():
    refused = prepare(b"---\ntitle: " + b"[" * 3000 + b"\n---\nText.\n", "a.md")
    assert isinstance(refused, Refusal) and "nested more than 8 levels" in refused.message


def test_a_leading_rule_without_front_matter_is_text():
    prepared = prepare(b"---\n\nThe ministry said it was false.\n", "a.md")
    assert not isinstance(prepared, Refusal)
    assert prepared.body == "The ministry said it was false."


# --- The import page and the API ----------------------------------------------------------


def test_the_page_says_which_article_took_too_long(analyst, monkeypatch, session):
    monkeypatch.setattr(worker, "budget_s", lambda: 0.0)
    response = analyst.client.post(
        "/import",
        data=analyst.form(text=STORY, title="Slow story"),
        files=[("files", ("slow.txt", b"The ministry said it was false.", "text/plain"))],
    )
    assert response.status_code == 422
    [(first, pasted), (second, uploaded)] = results(response)
    assert first == second == "Refused"
    assert "The pasted article “Slow story” took too long to analyse" in pasted
    assert "“slow.txt” took too long to analyse" in uploaded
    # The pasted text is kept to send again; nothing was stored.
    assert STORY.strip() in response.text
    assert titled(session, "Slow story") == []


def test_the_page_refuses_the_alias_bomb(analyst):
    files = [("files", ("bomb.md", ALIAS_BOMB, "text/markdown"))]
    response = analyst.client.post("/import", data=analyst.form(), files=files)
    assert response.status_code == 422
    [(outcome, message)] = results(response)
    assert outcome == "Refused" and "anchors or aliases" in message


def test_the_api_answers_a_problem_when_the_budget_runs_out(analyst, monkeypatch, session):
    monkeypatch.setattr(worker, "budget_s", lambda: 0.0)
    response = analyst.client.post(
        "/api/articles",
        json={"body": STORY, "title": "Slow API story"},
        headers={"X-CSRF-Token": analyst.csrf},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert detail.startswith("The article “Slow API story” took too long to analyse")
    assert titled(session, "Slow API story") == []


def test_the_api_reads_yaml_in_a_plain_body_as_text(analyst):
    response = analyst.client.post(
        "/api/articles",
        json={"body": ALIAS_BOMB.decode()},
        headers={"X-CSRF-Token": analyst.csrf},
    )
    # A body is plain text: its front matter is text, not YAML; nothing is expanded.
    assert response.status_code == 201, response.text


def test_imports_within_the_budget_store_the_worker_suggestions(analyst, session):
    response = analyst.client.post(
        "/api/articles",
        json={"body": STORY, "title": "Worker story"},
        headers={"X-CSRF-Token": analyst.csrf},
    )
    assert response.status_code == 201, response.text
    assert response.json()["suggestion_count"] == 2
    assert len(titled(session, "Worker story")) == 1


# --- A real server ------------------------------------------------------------------------


def large_page(size: int) -> str:
    """A long but ordinary web page: paragraph after paragraph of attributed claims."""
    paragraph = (
        "<p>The Syrian Observatory for Human Rights said at least {0} civilians were killed "
        "in air strikes on the market of Town {0} on Monday, and the ministry denied it.</p>\n"
    )
    parts, total, n = [], 0, 0
    while total < size:
        parts.append(paragraph.format(n))
        total += len(parts[-1])
        n += 1
    body = "".join(parts)
    return f"<!doctype html><html><head><title>Long page</title></head><body><article>{body}"


def test_healthz_answers_while_a_large_import_runs(engine, app_database, tmp_path: Path):
    from tests.conftest import running_uvicorn

    _, _, token, csrf = import_fixtures.new_analyst(engine)
    page = large_page(1024 * 1024)
    settings = {"GAINSAY_LOAD_SEEDS": "false", "GAINSAY_IMPORT_TIME_BUDGET_S": "300"}
    with running_uvicorn(app_database, tmp_path / "uvicorn.log", **settings) as base:
        outcome: dict[str, object] = {}

        def import_page() -> None:
            with httpx.Client(base_url=base, timeout=600) as client:
                client.cookies.set(SESSION_COOKIE, token)
                response = client.post(
                    "/api/articles",
                    json={"html": page, "title": "Long page"},
                    headers={"X-CSRF-Token": csrf},
                )
                outcome["status"] = response.status_code
                outcome["body"] = response.text

        importing = threading.Thread(target=import_page)
        importing.start()
        latencies = []
        with httpx.Client(base_url=base, timeout=60) as probe:
            time.sleep(0.3)  # the request is read and its worker started
            while importing.is_alive():
                started = time.monotonic()
                assert probe.get("/healthz").status_code == 200
                if importing.is_alive():  # only answers given while the import ran count
                    latencies.append(time.monotonic() - started)
                time.sleep(0.05)
        importing.join()
    assert outcome["status"] == 201, outcome.get("body")
    # The import took seconds (on the event loop it held /healthz for all of them); readers
    # were answered throughout. The median is robust to one probe slowed by a busy machine.
    assert len(latencies) >= 5
    assert statistics.median(latencies) < 0.5, latencies
    assert max(latencies) < 5, latencies
