"""Readers' renders let writes go first; analysts' reads never queue behind readers'."""

import asyncio
import threading

import pytest

from app import read_threads
from app.main import create_app
from app.read_threads import WritesFirstMiddleware, read_off_the_loop


def test_a_readers_render_waits_for_the_write_in_progress(monkeypatch):
    monkeypatch.setattr(read_threads, "READER_WAIT_S", 600.0)  # only the write's end lets it go

    async def scenario() -> list[str]:
        done: list[str] = []
        threads = read_threads.read_threads()
        with threads.write():
            reader = asyncio.create_task(read_off_the_loop(done.append, "reader"))
            await read_off_the_loop(done.append, "analyst", analyst=True)
            for _ in range(20):
                await asyncio.sleep(0)
            assert done == ["analyst"]  # the reader is still waiting
        await reader
        return done

    assert asyncio.run(scenario()) == ["analyst", "reader"]


def test_a_reader_waits_for_writes_only_so_long(monkeypatch):
    monkeypatch.setattr(read_threads, "READER_WAIT_S", 0.01)

    async def scenario() -> tuple[str, int]:
        threads = read_threads.read_threads()
        with threads.write():
            result = await read_off_the_loop(str.upper, "rendered")
            return result, threads.writes

    # Rendered while the write is still in progress: writes slow readers, never stop them.
    assert asyncio.run(scenario()) == ("RENDERED", 1)


def test_the_read_runs_in_another_thread():
    async def scenario() -> tuple[int, int]:
        reader = await read_off_the_loop(threading.get_ident)
        analyst = await read_off_the_loop(threading.get_ident, analyst=True)
        return reader, analyst

    loop_thread = threading.get_ident()
    assert loop_thread not in asyncio.run(scenario())


@pytest.mark.parametrize(
    ("method", "writes"), [("PATCH", 1), ("POST", 1), ("DELETE", 1), ("GET", 0), ("HEAD", 0)]
)
def test_the_middleware_marks_writes_in_progress(method, writes):
    seen: list[int] = []

    async def inner(scope, receive, send):
        seen.append(read_threads.read_threads().writes)

    async def scenario() -> int:
        await WritesFirstMiddleware(inner)({"type": "http", "method": method}, None, None)
        return read_threads.read_threads().writes

    assert asyncio.run(scenario()) == 0  # and none left once the answer is sent
    assert seen == [writes]


def test_writes_are_marked_inside_the_concurrency_limit(app_database):
    """A write the concurrency limit refuses is not in progress: the mark sits inside it."""
    names = [m.cls.__name__ for m in create_app().user_middleware]  # outermost first
    assert names.index("ConcurrencyLimitMiddleware") < names.index("WritesFirstMiddleware")
