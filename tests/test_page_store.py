"""app/page_store.py: the pages every worker of a host shares, kept across restarts, under the
build and the epoch of the change log they were rendered in, within a budget."""

import marshal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

import app.page_store as page_store_module
from app.page_cache import PageCacheMiddleware
from app.page_cache_entry import Entry, pack_tags, unpack_tags
from app.page_store import (
    PageStore,
    build_fingerprint,
    default_path,
    encode_key,
    host_page_store,
)
from app.settings import Settings

KEY = ("https", b"gainsay.test", "/disputes/1-a-dispute", b"", (False, False, False))


def key(number: int) -> tuple:
    return ("https", b"gainsay.test", f"/disputes/{number}", b"", (False, False, False))


def page(text: str = "allegation and answer ") -> Entry:
    """A page as the page cache keeps it (here compressed: long enough, and HTML)."""
    scope = {"type": "http", "path": "/disputes/1-a-dispute", "query_string": b""}
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"vary", b"HX-Request")]
    entry = PageCacheMiddleware._entry(scope, 200, headers, text.encode() * 200)
    entry.tags = pack_tags([("dispute", 1), ("claim", 10)])
    entry.since, entry.stored_at = 7, 1_700_000_000.5
    entry.raw_path = b"/disputes/1-%61-dispute"
    return entry


def store(path: Path, build: str = "build-1", log_top: int = 10, **budget: int) -> PageStore:
    opened = PageStore(
        path,
        build,
        max_entries=budget.get("max_entries", 100),
        max_bytes=budget.get("max_bytes", 1 << 20),
    )
    opened.begin(log_top)
    return opened


def test_a_page_comes_back_as_it_was_stored(tmp_path: Path) -> None:
    pages = store(tmp_path / "pages")
    stored = page()
    pages.put(KEY, stored)
    assert pages.flush()

    found = pages.get(KEY)

    assert found is not None
    assert found.gzip_body is not None and stored.gzip_body == found.gzip_body
    assert found.body is None and found.plain_body() == stored.plain_body()
    for name in (
        "status",
        "headers",
        "gzip_headers",
        "not_modified_headers",
        "etag",
        "tags",
        "since",
        "stored_at",
        "raw_path",
    ):
        assert getattr(found, name) == getattr(stored, name), name


def test_other_workers_of_the_same_build_find_it_and_other_builds_do_not(tmp_path: Path) -> None:
    writer = store(tmp_path / "pages")
    writer.put(KEY, page())
    assert writer.flush()

    assert store(tmp_path / "pages").get(KEY) is not None
    assert store(tmp_path / "pages", build="build-2").get(KEY) is None


def test_a_log_behind_the_newest_position_seen_starts_a_new_epoch(tmp_path: Path) -> None:
    writer = store(tmp_path / "pages", log_top=10)
    writer.put(KEY, page())  # rendered at position 7
    assert writer.flush()

    assert store(tmp_path / "pages", log_top=12).get(KEY) is not None  # the same log, later
    behind = store(tmp_path / "pages", log_top=9)  # a restored backup: the log went back
    assert behind.get(KEY) is None
    assert store(tmp_path / "pages", log_top=20).get(KEY) is None  # and it stays that way


def test_a_restart_of_the_epoch_hides_every_page_of_every_build(tmp_path: Path) -> None:
    for build in ("build-1", "build-2"):
        pages = store(tmp_path / "pages", build=build)
        pages.put(KEY, page())
        assert pages.flush()

    store(tmp_path / "pages").restart(log_top=0)

    assert store(tmp_path / "pages").get(KEY) is None
    assert store(tmp_path / "pages", build="build-2").get(KEY) is None


def test_the_least_recently_used_pages_go_past_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_store_module, "BUDGET_CHECK_EVERY", 1)
    monkeypatch.setattr(page_store_module, "TOUCH_AFTER_S", 0)
    pages = store(tmp_path / "pages", max_entries=10)
    for number in range(10):
        pages.put(key(number), page())
    assert pages.flush()
    assert pages.get(key(0)) is not None  # read again: now the most recently used
    for number in range(10, 15):
        pages.put(key(number), page())
    assert pages.flush()

    kept = [n for n in range(15) if pages.get(key(n)) is not None]

    assert len(kept) <= 10
    assert 0 in kept and 1 not in kept and 14 in kept


def used_at(path: Path) -> dict[bytes, float]:
    with closing(sqlite3.connect(path)) as connection:
        return dict(connection.execute("SELECT key, used_at FROM page").fetchall())


def test_marks_of_use_wake_the_writer_once_and_are_written_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy worker marks hundreds of pages used a second: one queue item for all of them,
    not a wake-up of the writer thread each."""
    monkeypatch.setattr(page_store_module, "TOUCH_WRITE_EVERY_S", 3600.0)
    pages = store(tmp_path / "pages")
    for number in range(20):
        pages.put(key(number), page())
    assert pages.flush()
    before = used_at(tmp_path / "pages")
    queued: list[tuple] = []
    enqueue = pages._enqueue

    def counted(item: tuple, block: bool = False) -> None:
        queued.append(item)
        enqueue(item, block=block)

    monkeypatch.setattr(pages, "_enqueue", counted)

    marks = [pages.touch(key(number), 0.0) for number in range(10)]

    assert all(mark > 0.0 for mark in marks)  # each page's mark from now on
    assert [item[0] for item in queued] == ["touches"]
    assert used_at(tmp_path / "pages") == before  # not due for an hour
    assert pages.flush()  # a flush writes them all the same
    after = used_at(tmp_path / "pages")
    for number in range(20):
        stored = encode_key(key(number))
        assert (after[stored] > before[stored]) == (number < 10)


def test_marks_of_use_are_written_when_due_without_a_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_store_module, "TOUCH_WRITE_EVERY_S", 0.05)
    pages = store(tmp_path / "pages")
    pages.put(KEY, page())
    assert pages.flush()
    before = used_at(tmp_path / "pages")[encode_key(KEY)]

    pages.touch(KEY, 0.0)

    deadline = time.monotonic() + 30
    while used_at(tmp_path / "pages")[encode_key(KEY)] == before:
        assert time.monotonic() < deadline, "the mark of use was never written"
        time.sleep(0.01)


def test_a_mark_whose_queue_item_was_lost_is_written_with_the_next_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = store(tmp_path / "pages")
    for number in range(2):
        pages.put(key(number), page())
    assert pages.flush()
    before = used_at(tmp_path / "pages")
    enqueue = pages._enqueue
    monkeypatch.setattr(pages, "_enqueue", lambda item, **kw: None)  # the queue is full
    pages.touch(key(0), 0.0)
    monkeypatch.setattr(pages, "_enqueue", enqueue)

    pages.touch(key(1), 0.0)  # marks gathered already: no queue item of its own
    assert pages.flush()

    after = used_at(tmp_path / "pages")
    assert all(after[encode_key(key(n))] > before[encode_key(key(n))] for n in range(2))


def test_the_byte_budget_is_kept_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_store_module, "BUDGET_CHECK_EVERY", 1)
    size = page().size
    pages = store(tmp_path / "pages", max_bytes=5 * size)
    for number in range(12):
        pages.put(key(number), page())
    assert pages.flush()

    assert sum(pages.get(key(n)) is not None for n in range(12)) <= 5


def test_an_unreadable_file_is_started_again(tmp_path: Path) -> None:
    path = tmp_path / "pages"
    path.write_bytes(b"not a database at all " * 100)

    pages = store(path)
    pages.put(KEY, page())

    assert pages.flush() and pages.get(KEY) is not None


@pytest.mark.parametrize(
    "meta",
    [
        b"",  # nothing
        b"\xe9\x01\x02",  # not marshal's
        marshal.dumps((200, b'"e"')),  # too few parts
        '{"status": 200}',  # a JSON text, as an earlier build stored
        # tags as (kind, id) pairs, as an earlier build stored them
        marshal.dumps((200, b'"e"', (), None, (("claim", 10),), None)),
    ],
)
def test_a_page_whose_metadata_cannot_be_read_is_not_found(
    tmp_path: Path, meta: bytes | str
) -> None:
    pages = store(tmp_path / "pages")
    pages.put(key(1), page())
    pages.put(key(2), page("denial "))
    assert pages.flush()
    with closing(sqlite3.connect(tmp_path / "pages")) as connection, connection:
        connection.execute("UPDATE page SET meta = ? WHERE key = ?", (meta, encode_key(key(1))))

    assert pages.get(key(1)) is None
    assert pages.get(key(2)) is not None
    preloaded, _cursor = pages.most_recent(None, 10)
    assert [found for found, _entry in preloaded] == [key(2)]


def test_a_page_the_store_cannot_write_is_not_stored(tmp_path: Path) -> None:
    pages = store(tmp_path / "pages")
    unusual = page()
    unusual.raw_path = object()  # type: ignore[assignment]  # nothing a page keeps

    pages.put(key(1), unusual)
    assert pages.flush()

    assert pages.get(key(1)) is None


def test_without_an_epoch_nothing_is_read_or_written(tmp_path: Path) -> None:
    """A process that could not join the epoch (the file was locked) shares nothing."""
    pages = PageStore(tmp_path / "pages", "build-1", max_entries=10, max_bytes=1 << 20)
    pages.put(KEY, page())
    assert pages.flush()
    pages.begin(10)

    assert pages.get(KEY) is None


def test_where_the_store_lives_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_path("sqlite:////data/gainsay.db") == Path("/data/gainsay.db-pages")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one = default_path("postgresql+psycopg://gainsay:secret@db/one")
    assert one.parent == tmp_path / "gainsay" and "secret" not in str(one)
    assert one != default_path("postgresql+psycopg://gainsay:secret@db/two")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_path("postgresql+psycopg://db/one").is_relative_to(Path.home() / ".cache")


def test_a_database_folder_that_is_missing_is_not_made(tmp_path: Path) -> None:
    """Beside a SQLite database in a folder that does not exist there is no store: making the
    folder would make an unreachable database reachable."""
    missing = tmp_path / "missing" / "gainsay.db"
    settings = Settings(database_url=f"sqlite:///{missing}", page_store_path=None)

    assert host_page_store(settings) is None
    assert not (tmp_path / "missing").exists()


def test_a_file_another_user_owns_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Pages in it would be served as they are: someone else's file is not trusted."""
    path = tmp_path / "pages"
    PageStore(path, "build-1", max_entries=10, max_bytes=1 << 20)
    monkeypatch.setattr(page_store_module.os, "getuid", lambda: path.stat().st_uid + 1)

    with pytest.raises(PermissionError):
        PageStore(path, "build-1", max_entries=10, max_bytes=1 << 20)
    settings = Settings(page_store_path=str(path))
    assert host_page_store(settings) is None
    assert "belongs to another user" in caplog.text


def test_the_build_changes_with_the_settings() -> None:
    assert build_fingerprint('{"site_name": "A"}') != build_fingerprint('{"site_name": "B"}')
    assert build_fingerprint('{"site_name": "A"}') == build_fingerprint('{"site_name": "A"}')


def test_pages_read_back_share_the_headers_every_page_carries(tmp_path: Path) -> None:
    pages = store(tmp_path / "pages")
    pages.put(key(1), page("allegation "))
    pages.put(key(2), page("denial "))
    assert pages.flush()

    first, second = pages.get(key(1)), pages.get(key(2))

    assert first is not None and second is not None
    alike = dict(first.headers)[b"content-type"], dict(second.headers)[b"content-type"]
    assert alike[0] is alike[1]  # one object for every page in memory, not a copy each
    first_etag = next(pair for pair in first.headers if pair[0] == b"etag")
    second_etag = next(pair for pair in second.headers if pair[0] == b"etag")
    assert first_etag != second_etag  # what differs per page stays its own
    assert set(unpack_tags(first.tags) or ()) == {("claim", 10), ("dispute", 1)}
