"""What a reader's page costs the server when it comes from the host's page store, against
from the worker's memory: CPU per request, in process, and where a store read's goes.

    python -m bench.store_read --db bench/data/corpus-head.db --copy /dev/shm/store-read.db
    python -m bench.store_read ... --pages 2000 --passes 5 --remove

In the mixed scenario a worker's page budget holds some 17,000 of the 90,000 disputes, so a
share of the readers' requests are a page's first read from the host's store (app.page_store:
a SQLite read on the event loop, the page's metadata decoded, the check against the change
log, kept in memory in place of the least recently used). This renders `--pages` disputes
once (each into the store beside the copy, "<copy>-pages"), then keeps a quarter of them in
memory and, `--passes` times, times their GETs through the ASGI app (as `bench.miss_cost` asks)
in turn, so that each reads its page from the store and drops the least recently used from
memory, as in a worker whose budget is full; then GETs of the quarter in memory; and the
parts of a store read on their own: the SQL, `PageStore.get` (the read and the decode),
`PageCache.find` (with the check and the keeping), and a mark of use (`PageStore.touch`, once a
minute per page in memory; of the writer thread's work only what ran meanwhile). CPU time
(`time.process_time`), best pass of each. Last, a starting worker's preload of every page
while 8 readers GET pages already in memory: how long it takes, and how many GETs they got.

It serves a copy of the corpus (`--copy`, made when missing: the change feed reads a plain
file); `--remove` deletes it and its store at the end.

`--lru 17820,24290` instead works out, for worker memories holding that many pages, the share
of the mixed scenario's requests that are a page's first read (an LRU under the same Zipf
curve over the 90,000 disputes, 2 million seeded draws, the first quarter to fill it; no
corpus needed). A model of the worker, not a measurement of one.

`--count-first-reads COPY` counts the instructions of a first read instead (valgrind's
callgrind, as bench/hit_instructions.py counts a hit): on a copy whose store bench.mixed warmed
(`--warm-store 90000`), the app started as a worker is (the change feed's first read), its
memory filled with `--held` pages from the store, then `--reads A,B` more pages read from the
store (each dropping the least recently used); the difference of the two runs' totals over
B - A is the instructions a first read takes, start-up cancelled. The store's newest build is
taken as this tree's (as bench/gc_walk.py does). Run it from the tree to count.
"""

import argparse
import asyncio
import bisect
import itertools
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import OrderedDict
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.memory import dispute_paths
from bench.miss_cost import answer
from bench.mixed import remove_copy


async def _gets(app: Any, paths: list[str]) -> float:
    started = time.process_time()
    for path in paths:
        status, _ = await answer(app, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}, not a page: check the corpus")
    return (time.process_time() - started) / len(paths)


def _per_page(function: Any, items: list[Any]) -> float:
    started = time.process_time()
    for item in items:
        function(item)
    return (time.process_time() - started) / len(items)


async def run(args: argparse.Namespace) -> None:
    from app.main import create_app
    from app.page_store import encode_key

    app = create_app()
    cache = app.page_cache
    assert cache is not None and cache.shared is not None, "the page store is turned off"
    store = cache.shared
    paths = dispute_paths(args.copy, args.seed)[: args.pages]
    async with app.router.lifespan_context(app):
        await asyncio.sleep(1.0)  # the background preload of an earlier run's pages
        for key in list(cache.entries):
            cache._drop(key)
        await _gets(app, paths)  # rendered: into memory and the store
        assert store.flush(60.0)
        keys = list(cache.entries)
        if len(keys) < len(paths):
            raise SystemExit(f"only {len(keys):,} of {len(paths):,} pages kept: raise the budget")
        sql = (
            "SELECT since, stored_at, meta, body, gzip_body, used_at FROM page"
            " WHERE key = ? AND build = ? AND epoch = ?"
        )
        if hasattr(store, "READ_SQL"):
            sql = store.READ_SQL

        def select(key: tuple) -> None:
            store._reader().execute(sql, (encode_key(key), store.build, store.epoch)).fetchone()

        def find(key: tuple) -> None:
            assert cache.find(key) is not None

        # Memory holds a quarter of the pages; going through all of them in turn, each GET
        # reads its page from the store and drops the least recently used from memory, as in a
        # worker whose budget is full.
        held = len(keys) // 4
        cache.max_entries = held
        cache._keep(keys[-1], cache.entries[keys[-1]])  # down to the new limit
        in_memory = paths[-held:]
        results: dict[str, list[float]] = {
            "GET, from memory": [],
            "GET, from the store": [],
            "the SQL read alone": [],
            "PageStore.get (read, decode)": [],
            "PageCache.find from the store": [],
            "PageStore.touch, a mark due": [],
        }
        for _ in range(args.passes):
            results["GET, from the store"].append(await _gets(app, paths))
            results["GET, from memory"].append(await _gets(app, in_memory))
            results["the SQL read alone"].append(_per_page(select, keys))
            results["PageStore.get (read, decode)"].append(_per_page(store.get, keys))
            results["PageCache.find from the store"].append(_per_page(find, keys))
            results["PageStore.touch, a mark due"].append(
                _per_page(lambda key: store.touch(key, 0.0), keys)
            )
            store.flush(60.0)
        preloads = [await _preload_under_readers(app, paths[-held:]) for _ in range(args.passes)]
        store.flush(60.0)
    print(f"{len(paths):,} dispute pages, {args.passes} passes; CPU µs per page, best (all)")
    for name, values in results.items():
        shown = ", ".join(f"{v * 1e6:.1f}" for v in values)
        print(f"  {name:32} {min(values) * 1e6:7.1f}   ({shown})")
    print(f"The preload of {len(keys):,} pages with readers of {held:,} others (wall ms; GETs)")
    for took, gets in preloads:
        print(f"  {took * 1000:7.0f} ms, {gets:6,} GETs ({gets / took:,.0f} a second)")


async def _preload_under_readers(app: Any, hot: list[str]) -> tuple[float, int]:
    """How long a starting worker's preload of every page takes, and how many GETs of pages
    already in memory 8 readers answer meanwhile: a worker that serves while it preloads."""
    cache = app.page_cache
    cache.max_entries = 10 * len(cache.entries) + 10 * len(hot)
    for key in list(cache.entries):
        cache._drop(key)
    await _gets(app, hot)
    gets = 0
    started = time.monotonic()
    preload = asyncio.create_task(cache.preload())

    async def reader(offset: int) -> None:
        nonlocal gets
        while not preload.done():
            await answer(app, hot[(gets + offset) % len(hot)])
            gets += 1
            await asyncio.sleep(0)  # as a server's loop does between requests

    await asyncio.gather(*(reader(n) for n in range(8)))
    took = time.monotonic() - started
    await preload
    return took, gets


def first_read_shares(
    capacities: list[int],
    pages: int = 90_000,
    s: float = 1.0,
    draws: int = 2_000_000,
    seed: int = 1,
) -> dict[int, float]:
    """For each capacity, the share of requests (Zipf `s` over `pages`) an LRU of that many
    pages does not hold: each one a first read from the host's store."""
    weights = itertools.accumulate(1 / (rank + 1) ** s for rank in range(pages))
    cumulative = list(weights)
    rng = random.Random(seed)
    asked = [bisect.bisect_left(cumulative, rng.random() * cumulative[-1]) for _ in range(draws)]
    warm = draws // 4
    shares = {}
    for capacity in capacities:
        held: OrderedDict[int, None] = OrderedDict()
        first_reads = 0
        for number, page in enumerate(asked):
            if page in held:
                held.move_to_end(page)
                continue
            first_reads += number >= warm
            held[page] = None
            if len(held) > capacity:
                held.popitem(last=False)
        shares[capacity] = first_reads / (draws - warm)
    return shares


def _first_reads_child(copy: Path, held: int, reads: int) -> None:
    """Fills memory with `held` pages from the store, then reads `reads` more from it."""
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///{copy.resolve()}"
    os.environ["GAINSAY_LOAD_SEEDS"] = "false"  # as bench.mixed's servers: the same build
    from app.main import create_app
    from app.page_store import decode_key

    cache = create_app().page_cache
    assert cache is not None and cache.shared is not None
    with closing(sqlite3.connect(f"file:{copy}-pages?mode=ro", uri=True)) as store:
        (build,) = store.execute("SELECT build FROM page ORDER BY used_at DESC LIMIT 1").fetchone()
        keys = [
            decode_key(key)
            for (key,) in store.execute(
                "SELECT key FROM page WHERE build = ? ORDER BY key LIMIT ?", (build, held + reads)
            )
        ]
    cache.shared.build = build
    cache.refresh()  # the change feed's first read, as the lifespan does
    cache.max_entries = held
    found = sum(cache.find(key) is not None for key in keys)
    print(f"{found:,} of {len(keys):,} pages read from the store, {len(cache.entries):,} kept")


def count_first_reads(copy: Path, held: int, reads: tuple[int, int]) -> None:
    totals = []
    for count in reads:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                sys.executable,
                "-m",
                "bench.store_read",
                "--first-reads-child",
                str(copy),
                "--held",
                str(held),
                "--reads",
                str(count),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        collected = re.search(r"Collected : (\d+)", done.stderr)
        assert collected is not None, done.stderr[-2000:]
        totals.append(int(collected.group(1)))
        print(done.stdout.strip(), f"({int(collected.group(1)):,} instructions)")
    per_read = (totals[1] - totals[0]) / (reads[1] - reads[0])
    print(f"a first read from the store: {per_read:,.0f} instructions")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_read", description=__doc__)
    parser.add_argument("--db", type=Path, help="the corpus (never written)")
    parser.add_argument("--copy", type=Path, help="the copy served")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--remove", action="store_true", help="remove the copy at the end")
    parser.add_argument("--lru", help="pages held, comma-separated: first-read shares only")
    parser.add_argument("--count-first-reads", type=Path, metavar="COPY")
    parser.add_argument("--held", type=int, default=1000, help="with --count-first-reads")
    parser.add_argument("--reads", default="300,1300", help="with --count-first-reads: A,B")
    parser.add_argument("--first-reads-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.first_reads_child:
        _first_reads_child(args.first_reads_child, args.held, int(args.reads))
        return 0
    if args.count_first_reads:
        first, second = (int(n) for n in args.reads.split(","))
        count_first_reads(args.count_first_reads, args.held, (first, second))
        return 0
    if args.lru:
        for capacity, share in first_read_shares([int(c) for c in args.lru.split(",")]).items():
            print(f"{capacity:8,} pages held: {share:6.1%} of requests are first reads")
        return 0
    if args.db is None or args.copy is None:
        parser.error("--db and --copy are needed (or --lru)")
    copy = args.copy.resolve()
    if not copy.exists():
        print(f"copying {args.db} to {copy}", flush=True)
        shutil.copyfile(args.db, copy)
        copy.chmod(0o644)
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ["GAINSAY_LOAD_SEEDS"] = "false"
    try:
        asyncio.run(run(args))
    finally:
        if args.remove:
            remove_copy(copy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
