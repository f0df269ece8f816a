"""What gzip costs a page-cache miss at each level: CPU time per page and the bytes kept.

    python -m bench.miss_gzip --db bench/data/corpus.db
    python -m bench.miss_gzip --db bench/data/corpus.db --page article --levels 1,3,6

A miss that the page cache can keep is gzip-compressed once, for the store (app.page_cache);
`bench.miss_cost` runs with the cache off, so its figures leave that out. This renders
`--requests` random pages of one kind in process (the cache off, the corpus opened read-only),
then compresses every page at each level, the levels' rounds alternating, timed with
`time.process_time()`: best of `--passes`, per page, and the mean compressed size.
"""

import argparse
import asyncio
import gzip
import os
import time
from collections.abc import Iterable
from pathlib import Path

from bench.miss_cost import PAGES, answer, sample_paths


def render_pages(db: Path, page: str, count: int, seed: int) -> list[bytes]:
    """The bodies of `count` random pages of one kind, rendered by this tree's app."""
    paths = sample_paths(db, count, seed)[page][:count]
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///file:{db}?mode=ro&uri=true"
    os.environ["GAINSAY_PAGE_CACHE_MB"] = "0"
    from app.main import create_app

    application = create_app()

    async def body(target: str) -> bytes:
        status, rendered = await answer(application, target)
        if status != 200:
            raise SystemExit(f"{target} answered {status}, not a page: check the corpus")
        return rendered

    async def run() -> list[bytes]:
        return [await body(target) for target in paths]

    return asyncio.run(run())


def measure(
    bodies: list[bytes], levels: Iterable[int], passes: int
) -> dict[int, tuple[float, float]]:
    """Per level: (best CPU seconds per page, mean compressed bytes per page)."""
    best: dict[int, float] = {}
    sizes: dict[int, float] = {}
    for _ in range(passes):
        for level in levels:
            start = time.process_time()
            total = sum(len(gzip.compress(body, compresslevel=level, mtime=0)) for body in bodies)
            seconds = (time.process_time() - start) / len(bodies)
            best[level] = min(best.get(level, seconds), seconds)
            sizes[level] = total / len(bodies)
    return {level: (best[level], sizes[level]) for level in best}


def report(bodies: list[bytes], figures: dict[int, tuple[float, float]]) -> str:
    raw = sum(map(len, bodies)) / len(bodies)
    lines = [f"{len(bodies)} pages, {raw:,.0f} bytes each before gzip"]
    for level, (seconds, size) in figures.items():
        lines.append(
            f"level {level}: {seconds * 1e6:7.1f} µs per page, {size:8,.0f} bytes"
            f" ({size / raw:.1%} of the page)"
        )
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus (read only)")
    parser.add_argument("--page", choices=PAGES, default="dispute")
    parser.add_argument("--requests", type=int, default=300, help="pages rendered")
    parser.add_argument("--levels", default="1,2,3,4,5,6", help="comma-separated, 1 to 9")
    parser.add_argument("--passes", type=int, default=5, help="rounds of every level")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.db.is_file():
        parser.error(f"{args.db} is not a file")
    levels = [int(level) for level in args.levels.split(",") if level]
    if not levels or any(not 1 <= level <= 9 for level in levels):
        parser.error("--levels: gzip's levels are 1 to 9")
    bodies = render_pages(args.db.resolve(), args.page, args.requests, args.seed)
    print(report(bodies, measure(bodies, levels, args.passes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
