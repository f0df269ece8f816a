"""The threads that read and render the permalinks' misses, and writes first.

A permalink's queries and render run off the event loop (`read_off_the_loop`), in a few threads
of their own apart from the threadpool that writes use: on the loop, a 3 ms render held every
other request, a write's trips between the loop and the threadpool included (p99 4.9 s under a
reader load).

Off the loop is not enough for writes. Python runs one thread at a time, so a write's thread
shares the interpreter with every read thread that is rendering, and each time it gives the
interpreter up (every SQLite call does) it waits for the others' turns: with four renders going
and a queue of readers' misses behind them, a one-second write rhythm saw a write take 0.3–1 s.
So while a write is in progress (`WritesFirstMiddleware`), readers' renders wait to start,
for at most `READER_WAIT_S`: the renders already going finish in a few milliseconds, and the
write runs beside the event loop alone. Readers' page-cache hits never wait. An analyst's own
reads (signed in, or with an API token: the GET before a PATCH) have their own threads, so they
never queue behind readers' misses either.
"""

import asyncio
import contextlib
import weakref
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from anyio import CapacityLimiter, to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from app.db import ANALYST_READ_THREADS, READ_THREADS, WRITE_METHODS

# The longest a reader's miss waits for the writes in progress before it renders anyway: under
# a steady stream of writes, readers are slowed, never stopped.
READER_WAIT_S = 0.25

T = TypeVar("T")


class ReadThreads:
    """The read threads of one event loop, and the writes in progress on it."""

    def __init__(self) -> None:
        self.readers = CapacityLimiter(READ_THREADS)
        self.analysts = CapacityLimiter(ANALYST_READ_THREADS)
        self.writes = 0
        self._no_writes = asyncio.Event()
        self._no_writes.set()

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """Marks a write in progress for as long as the block runs (on the loop)."""
        self.writes += 1
        self._no_writes.clear()
        try:
            yield
        finally:
            self.writes -= 1
            if not self.writes:
                self._no_writes.set()

    async def readers_turn(self) -> None:
        """Returns once no write is in progress, or after READER_WAIT_S."""
        if not self.writes:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(READER_WAIT_S):
                await self._no_writes.wait()


# One set per event loop (uvicorn runs one per process; each TestClient its own).
_per_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ReadThreads]" = (
    weakref.WeakKeyDictionary()
)


def read_threads() -> ReadThreads:
    loop = asyncio.get_running_loop()
    found = _per_loop.get(loop)
    if found is None:
        found = _per_loop[loop] = ReadThreads()
    return found


async def read_off_the_loop(read: Callable[..., T], *args: Any, analyst: bool = False) -> T:
    """`read(*args)` in a read thread: a permalink's queries and its render. A reader's waits
    for the writes in progress first; an analyst's (`analyst=True`) goes at once, in the
    analysts' threads. The context goes along (anyio copies it), so what the page declares it
    shows (app.page_deps) reaches the page cache's fill."""
    threads = read_threads()
    if analyst:
        return await to_thread.run_sync(read, *args, limiter=threads.analysts)
    await threads.readers_turn()
    return await to_thread.run_sync(read, *args, limiter=threads.readers)


class WritesFirstMiddleware:
    """Marks each write request (POST, PUT, PATCH, DELETE) in progress, from the moment its body
    has arrived (it sits inside the body deadline) until its answer is sent, so readers' renders
    let it run first (`ReadThreads.readers_turn`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        with read_threads().write():
            await self.app(scope, receive, send)
