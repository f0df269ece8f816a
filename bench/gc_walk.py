"""How long the garbage collector's full pass takes in a worker whose memory holds pages.

    python -m bench.gc_walk --db /dev/shm/mixed.db
    python -m bench.gc_walk --db /dev/shm/mixed.db --reads 20000 --passes 3

A full pass walks every object the collector tracks and holds the interpreter meanwhile: the
event loop serves no reader, and a write's thread waits. This builds the app on a copy of the
corpus whose host page store is filled (`python -m bench.mixed ... --warm-store 90000` leaves
one beside its `--copy`), starts it as a worker does (the change feed's first read, start-up
frozen, the page cache preloaded), reads `--reads` more pages from the host's store as readers
of pages not in memory would, then times `--passes` full passes (process CPU time) and counts
the objects left to walk.

The store's pages belong to the build that stored them (app.page_store.build_fingerprint); so
that a tree whose code changed since can read them, the store's newest build is taken as this
one's. Nothing is written to the database; pages read are marked used in the store, as they
would be by a worker.
"""

import argparse
import asyncio
import gc
import os
import sqlite3
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gc_walk", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a copy with its page store")
    parser.add_argument("--reads", type=int, default=20_000, help="pages read from the store")
    parser.add_argument("--passes", type=int, default=3)
    arguments = parser.parse_args(argv)
    store_path = Path(f"{arguments.db}-pages")
    if not store_path.exists():
        raise SystemExit(f"{store_path} is missing: warm the copy's store with bench.mixed first")
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///{arguments.db.resolve()}"
    os.environ["GAINSAY_LOAD_SEEDS"] = "false"  # as bench.mixed's servers: the same build

    import app.main
    from app.page_store import decode_key

    page_cache = app.main.create_app().page_cache
    assert page_cache is not None and page_cache.shared is not None
    with closing(sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)) as store:
        newest = store.execute("SELECT build FROM page ORDER BY used_at DESC LIMIT 1").fetchone()
        if newest is None:
            raise SystemExit(f"{store_path} holds no page")
        page_cache.shared.build = newest[0]
        keys = [
            decode_key(key)
            for (key,) in store.execute(
                "SELECT key FROM page WHERE build = ? ORDER BY used_at", (newest[0],)
            )
        ]
    page_cache.refresh()  # the change feed's first read, as the lifespan does
    gc.collect()
    gc.freeze()
    if hasattr(app.main, "preload_then_freeze"):
        asyncio.run(app.main.preload_then_freeze(page_cache))
    else:  # an older tree (--compare by hand): no freeze after the preload
        asyncio.run(page_cache.preload())
    read = 0
    for key in keys:
        if read >= arguments.reads:
            break
        if key not in page_cache.entries and page_cache.find(key) is not None:
            read += 1
    print(f"{len(page_cache.entries):,} pages in memory after {read:,} read from the store")
    for number in range(1, arguments.passes + 1):
        started = time.process_time()
        gc.collect()
        took = time.process_time() - started
        tracked = gc.get_objects()
        common = ", ".join(
            f"{name} {count:,}"
            for name, count in Counter(type(o).__name__ for o in tracked).most_common(4)
        )
        print(
            f"full pass {number}: {took * 1000:.1f} ms CPU;"
            f" {len(tracked):,} objects left ({common})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
