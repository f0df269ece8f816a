"""A worker's memory, broken down: where the resident set goes once the page cache is full.

In one process, as a worker runs it: the app with its lifespan (the change feed's first read,
`gc.freeze`, the page cache's preload from the host's page store), then readers' GETs of
`--pages` disputes through the ASGI app, `--concurrency` at a time (misses render in the read
threads, as under uvicorn), then `--churn` budgets' worth of other disputes, which the LRU must
make room for. After each phase it prints:

- the kernel's view (`/proc/self/smaps`): resident memory, anonymous and file-backed, with the
  anonymous memory split into the main heap, glibc's thread arenas and the rest, and the
  file-backed memory by file (the database's memory map is the OS's page cache, shared);
- glibc's view (`mallinfo2`, `malloc_info`): arenas, bytes in use, bytes free but kept;
- SQLite's own heap (`sqlite3_memory_used`, through the library Python's sqlite3 module
  loaded) and every open connection with its `cache_size`;
- the page cache's count of its entries against the budget, the threads, `gc.freeze`'s count;
- with `--tracemalloc`, Python's allocations by file and line (top 30) at the end.

It serves a copy of the corpus (`--copy`, made when missing: the app's housekeeping writes,
and the change feed, which the page store needs, reads a plain file) and keeps the page store
beside it ("<copy>-pages"), so that a second run preloads what the first stored. Remove both
when done (`--remove`).

    python -m bench.memory --db bench/data/corpus-head.db --copy /dev/shm/memory.db \
        --pages 30000 --churn 2
"""

import argparse
import asyncio
import ctypes
import ctypes.util
import gc
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.miss_cost import answer
from bench.mixed import remove_copy

MB = 1 << 20


def dispute_paths(db: Path, seed: int) -> list[str]:
    """Every dispute's permalink, in a seeded random order."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT id, slug FROM dispute ORDER BY id").fetchall()
    if not rows:
        raise SystemExit(f"{db} has no disputes: generate a corpus first")
    random.Random(seed).shuffle(rows)
    return [f"/disputes/{i}-{slug}" for i, slug in rows]


async def fetch_all(app: Any, paths: list[str], concurrency: int) -> None:
    queue = list(reversed(paths))

    async def reader() -> None:
        while queue:
            path = queue.pop()
            status, _ = await answer(app, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}, not a page: check the corpus")

    await asyncio.gather(*(reader() for _ in range(concurrency)))


# --- The kernel's view ---------------------------------------------------------------------

_MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+ *(.*)$")


def smaps() -> list[dict[str, Any]]:
    """Every mapping of this process: its start, size, name and resident/anonymous kB."""
    mappings: list[dict[str, Any]] = []
    with open("/proc/self/smaps") as lines:
        for line in lines:
            match = _MAPPING.match(line)
            if match:
                start, end, name = match.groups()
                mappings.append(
                    {"start": int(start, 16), "size": int(end, 16) - int(start, 16), "name": name}
                )
                continue
            field, _, value = line.partition(":")
            if field in ("Rss", "Pss", "Anonymous") and mappings:
                mappings[-1][field] = int(value.split()[0])
    return mappings


def kernel_view(arena_starts: set[int]) -> dict[str, float]:
    """Resident MB: in all, anonymous, file-backed; the anonymous split by where it lives."""
    view: dict[str, float] = defaultdict(float)
    files: dict[str, float] = defaultdict(float)
    for mapping in smaps():
        rss = mapping.get("Rss", 0) / 1024
        anonymous = mapping.get("Anonymous", 0) / 1024
        view["rss"] += rss
        # The database's map is resident once per connection that maps it: Pss shares it out.
        view["pss"] += mapping.get("Pss", 0) / 1024
        view["anonymous"] += anonymous
        name = mapping["name"]
        if name.startswith("/") and not name.endswith("(deleted)"):
            files[name] += rss - anonymous
        if anonymous:
            if name == "[heap]":
                view["anon: main heap (brk)"] += anonymous
            elif mapping["start"] in arena_starts:
                view["anon: thread arenas"] += anonymous
            elif name.startswith("[stack"):
                view["anon: main stack"] += anonymous
            else:
                # Large allocations (over glibc's mmap threshold), pymalloc's arenas, thread
                # stacks, and the libraries' writable data.
                view["anon: other mappings"] += anonymous
    view["file-backed"] = view["rss"] - view["anonymous"]
    for name, rss in sorted(files.items(), key=lambda item: -item[1])[:4]:
        if rss >= 1:
            view[f"file: {name}"] = rss
    return dict(view)


# --- glibc's view --------------------------------------------------------------------------


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def glibc_view() -> tuple[dict[str, float], set[int]]:
    """mallinfo2's totals over every arena (MB), the number of arenas, and the start
    addresses of the thread arenas' heaps (to tell them apart in smaps)."""
    _libc.mallinfo2.restype = _Mallinfo2
    info = _libc.mallinfo2()
    with tempfile.NamedTemporaryFile("w+b", suffix=".xml") as xml:
        _libc.fopen.restype = ctypes.c_void_p
        _libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        _libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
        _libc.fclose.argtypes = [ctypes.c_void_p]
        stream = _libc.fopen(xml.name.encode(), b"w")
        _libc.malloc_info(0, stream)
        _libc.fclose(stream)
        text = Path(xml.name).read_text()
    arenas = len(re.findall(r"<heap nr=", text))
    # Each thread arena's heaps are 64 MB-aligned mappings; their addresses are not in
    # malloc_info, so they are told by alignment among the anonymous mappings.
    arena_starts = {
        m["start"]
        for m in smaps()
        if not m["name"] and m["start"] % (64 * MB) == 0 and m["size"] <= 64 * MB
    }
    return (
        {
            "arenas": arenas,
            "in use by malloc (MB)": (info.uordblks + info.hblkhd) / MB,
            "free, kept by malloc (MB)": info.fordblks / MB,
            "of it at the arenas' tops (MB)": info.keepcost / MB,
        },
        arena_starts,
    )


def trim() -> None:
    """Gives the free memory at every arena's top and whole free pages back to the OS."""
    _libc.malloc_trim(0)


# --- SQLite and Python ---------------------------------------------------------------------


def sqlite_view() -> dict[str, Any]:
    """SQLite's heap (the library Python's sqlite3 module uses) and its open connections."""
    heap: float | None = None
    # The library the sqlite3 module loaded (when it links it dynamically): opened again by
    # the same path, ctypes gets the same copy, with its counters.
    with open("/proc/self/maps") as maps:
        loaded = {line.split()[-1] for line in maps if "libsqlite3" in line}
    if len(loaded) == 1:
        library = ctypes.CDLL(loaded.pop())
        library.sqlite3_memory_used.restype = ctypes.c_int64
        heap = library.sqlite3_memory_used() / MB
    connections = [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)]
    sizes: dict[str, int] = defaultdict(int)
    for connection in connections:
        try:
            (cache_size,) = connection.execute("PRAGMA cache_size").fetchone()
            (database,) = connection.execute("PRAGMA database_list").fetchone()[2:3]
        except sqlite3.Error:
            continue  # closed
        sizes[f"{Path(database).name} cache_size={cache_size}"] += 1
    return {"SQLite heap (MB)": heap, "open connections": dict(sizes)}


def python_view(app: Any) -> dict[str, Any]:
    cache = app.page_cache
    return {
        "page cache entries": len(cache.entries),
        "page cache counted (MB)": cache.size / MB,
        "page cache budget (MB)": cache.max_bytes / MB,
        "threads": threading.active_count(),
        "gc.freeze count": gc.get_freeze_count(),
        "traced by tracemalloc (MB)": (
            tracemalloc.get_traced_memory()[0] / MB if tracemalloc.is_tracing() else None
        ),
    }


def report(title: str, app: Any) -> dict[str, Any]:
    malloc, arena_starts = glibc_view()
    figures = {
        "kernel": kernel_view(arena_starts),
        "glibc": malloc,
        "sqlite": sqlite_view(),
        "python": python_view(app),
    }
    print(f"\n== {title}", flush=True)
    for part, values in figures.items():
        for name, value in values.items():
            shown = f"{value:,.1f}" if isinstance(value, float) else value
            print(f"  {part:7} {name:40} {shown}")
    return figures


# Where a kept page's Python objects are made: its bodies, headers, tags, and their index.
_PAGE_FILES = (
    "app/page_cache.py",
    "app/page_cache_entry.py",
    "app/page_store.py",
    "app/page_deps.py",
    "/gzip.py",
)


def page_objects(snapshot: tracemalloc.Snapshot, app: Any) -> None:
    """What the kept pages' objects take, traced, against what the page cache counts."""
    cache = app.page_cache
    entries = max(1, len(cache.entries))
    traced = sum(
        stat.size
        for stat in snapshot.statistics("filename")
        if stat.traceback[0].filename.endswith(_PAGE_FILES)
    )
    bodies = sum(len(e.body or b"") + len(e.gzip_body or b"") for e in cache.entries.values())
    tags = sum(e.tag_count for e in cache.entries.values())
    print(f"\n== The kept pages ({entries:,}), traced in the page cache's files")
    print(f"  traced           {traced / entries:8,.0f} bytes a page")
    print(f"  bodies           {bodies / entries:8,.0f} bytes a page")
    print(f"  tags             {tags / entries:8,.1f} a page")
    print(f"  counted (size)   {cache.size / entries:8,.0f} bytes a page")


def decoded_page_cost(app: Any, count: int) -> None:
    """What a page read from the host's store costs in objects beside its bodies, and what
    keeping it adds (its place in the LRU and in the tag index), traced: the figures
    `Entry.size` counts. Pages taken from the store's most recent, decoded again here."""
    cache = app.page_cache
    keys = [key for key, _ in cache.shared.most_recent(None, count)[0]]
    scratch = type(cache)(cache.feed, max_entries=len(keys) + 1, max_bytes=1 << 40)
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        decoded = [(key, cache.shared.get(key)) for key in keys]
        pages = [(key, entry) for key, entry in decoded if entry is not None]
        del decoded
        gc.collect()
        read, _ = tracemalloc.get_traced_memory()
        for key, entry in pages:
            scratch._keep(key, entry)
        gc.collect()
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    number = max(1, len(pages))
    bodies = sum(len(e.body or b"") + len(e.gzip_body or b"") for _, e in pages) / number
    tags = sum(e.tag_count for _, e in pages) / number
    print(f"\n== {len(pages):,} pages decoded from the store, traced")
    print(f"  bodies                     {bodies:8,.0f} bytes a page")
    print(f"  objects beside the bodies  {(read - before) / number - bodies:8,.0f} bytes a page")
    print(f"  kept (LRU, tag index)      {(kept - read) / number:8,.0f} bytes a page")
    print(f"  tags                       {tags:8,.1f} a page")
    print(f"  counted (Entry.size)       {scratch.size / number:8,.0f} bytes a page")


def top_lines(snapshot: tracemalloc.Snapshot, count: int) -> None:
    print(f"\n== Python's allocations by line (top {count})")
    for stat in snapshot.statistics("lineno")[:count]:
        frame = stat.traceback[0]
        name = frame.filename.split("site-packages/")[-1].replace(os.getcwd() + "/", "")
        print(f"  {stat.size / MB:8.1f} MB {stat.count:9,} blocks  {name}:{frame.lineno}")


# --- The run -------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> None:
    from app.main import create_app

    app = create_app()
    paths = dispute_paths(args.copy, args.seed)
    budget = app.page_cache.max_bytes
    async with app.router.lifespan_context(app):
        # The preload runs in the background: wait until it has stopped adding pages.
        settled, last = 0, -1
        while settled < 3:
            await asyncio.sleep(0.5)
            settled = settled + 1 if len(app.page_cache.entries) == last else 0
            last = len(app.page_cache.entries)
        report(f"after start-up and the preload ({last:,} pages from the store)", app)
        started = time.monotonic()
        await fetch_all(app, paths[: args.pages], args.concurrency)
        report(f"after GETs of {args.pages:,} disputes ({time.monotonic() - started:.0f} s)", app)
        # Churn: distinct disputes beyond the first, a budget's worth at a time (by the
        # cache's own count of a page), so the LRU drops everything it held, again and again.
        per_page = app.page_cache.size / max(1, len(app.page_cache.entries))
        step = int(budget / per_page) if per_page else args.pages
        offset = args.pages
        for round_number in range(1, args.churn + 1):
            batch = paths[offset : offset + step]
            if len(batch) < step:
                print(f"\n(only {len(batch):,} more disputes: churn stops)")
                break
            offset += step
            await fetch_all(app, batch, args.concurrency)
            gc.collect()
            report(f"after churn round {round_number} ({step:,} other disputes)", app)
        trim()
        report("after malloc_trim(0): what glibc held free and could give back", app)
        if args.decode_sample and app.page_cache.shared is not None:
            app.page_cache.shared.flush()
            decoded_page_cost(app, args.decode_sample)
        if tracemalloc.is_tracing():
            snapshot = tracemalloc.take_snapshot()
            page_objects(snapshot, app)
            top_lines(snapshot, 30)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the corpus (never written)")
    parser.add_argument("--copy", type=Path, required=True, help="the copy served")
    parser.add_argument("--pages", type=int, default=30_000, help="disputes to GET first")
    parser.add_argument("--churn", type=int, default=2, help="budgets' worth of other disputes")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--budget-mb", type=int, default=None, help="GAINSAY_PAGE_CACHE_MB")
    parser.add_argument("--remove", action="store_true", help="remove the copy at the end")
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python's allocations")
    parser.add_argument(
        "--decode-sample",
        type=int,
        default=0,
        help="at the end, trace N pages decoded from the store (not with --tracemalloc)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv) if argv is not None else None)
    copy = args.copy.resolve()
    if not copy.exists():
        print(f"copying {args.db} to {copy}", flush=True)
        shutil.copyfile(args.db, copy)
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ["GAINSAY_LOAD_SEEDS"] = "false"
    if args.budget_mb is not None:
        os.environ["GAINSAY_PAGE_CACHE_MB"] = str(args.budget_mb)
    if args.tracemalloc:
        tracemalloc.start()
    print(f"MALLOC_ARENA_MAX={os.environ.get('MALLOC_ARENA_MAX', 'unset')}")
    try:
        asyncio.run(run(args))
    finally:
        if args.remove:
            remove_copy(copy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
