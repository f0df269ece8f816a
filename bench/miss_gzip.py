"""What gzip costs a page-cache miss at each level: CPU time per page and the bytes kept.

    python -m bench.miss_gzip --db bench/data/corpus.db
    python -m bench.miss_gzip --db bench/data/corpus.db --page article --levels 1,3,6
    python -m bench.miss_gzip --db bench/data/corpus.db --levels 3,6 \\
        --strategies default,filtered --mem-levels 8,9

A miss that the page cache can keep is gzip-compressed once, for the store (app.page_cache);
`bench.miss_cost` runs with the cache off, so its figures leave that out. This renders
`--requests` random pages of one kind in process (the cache off, the corpus opened read-only),
then compresses every page with each variant (a level, zlib's strategy and memLevel, always a
gzip stream as browsers read it: no preset dictionary), the variants' rounds alternating, timed
with `time.process_time()`: best of `--passes`, per page, and the mean compressed size.
"""

import argparse
import asyncio
import os
import time
import zlib
from collections.abc import Iterable
from itertools import product
from pathlib import Path
from typing import NamedTuple

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


STRATEGIES = {"default": zlib.Z_DEFAULT_STRATEGY, "filtered": zlib.Z_FILTERED}
GZIP_WBITS = 31  # a gzip header and trailer around the deflate stream, as gzip.compress writes


class Variant(NamedTuple):
    level: int
    strategy: str = "default"
    mem_level: int = 8  # zlib's default, as gzip.compress uses

    def compress(self, body: bytes) -> bytes:
        compressor = zlib.compressobj(
            self.level, zlib.DEFLATED, GZIP_WBITS, self.mem_level, STRATEGIES[self.strategy]
        )
        return compressor.compress(body) + compressor.flush()

    def __str__(self) -> str:
        extra = "" if self.strategy == "default" else f", {self.strategy}"
        extra += "" if self.mem_level == 8 else f", memLevel {self.mem_level}"
        return f"level {self.level}{extra}"


def measure(
    bodies: list[bytes], variants: Iterable[Variant], passes: int
) -> dict[Variant, tuple[float, float]]:
    """Per variant: (best CPU seconds per page, mean compressed bytes per page)."""
    variants = list(variants)
    best: dict[Variant, float] = {}
    sizes: dict[Variant, float] = {}
    for _ in range(passes):
        for variant in variants:
            start = time.process_time()
            total = sum(len(variant.compress(body)) for body in bodies)
            seconds = (time.process_time() - start) / len(bodies)
            best[variant] = min(best.get(variant, seconds), seconds)
            sizes[variant] = total / len(bodies)
    return {variant: (best[variant], sizes[variant]) for variant in best}


def report(bodies: list[bytes], figures: dict[Variant, tuple[float, float]]) -> str:
    raw = sum(map(len, bodies)) / len(bodies)
    lines = [f"{len(bodies)} pages, {raw:,.0f} bytes each before gzip"]
    for variant, (seconds, size) in figures.items():
        lines.append(
            f"{variant}: {seconds * 1e6:7.1f} µs per page, {size:8,.0f} bytes"
            f" ({size / raw:.1%} of the page)"
        )
    return "\n".join(lines)


def _numbers(text: str) -> list[int]:
    """A comma-separated list of whole numbers; empty when one is not a number."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    return [int(item) for item in items] if all(item.isdigit() for item in items) else []


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus (read only)")
    parser.add_argument("--page", choices=PAGES, default="dispute")
    parser.add_argument("--requests", type=int, default=300, help="pages rendered")
    parser.add_argument("--levels", default="1,2,3,4,5,6", help="comma-separated, 1 to 9")
    parser.add_argument(
        "--strategies", default="default", help=f"comma-separated, of {', '.join(STRATEGIES)}"
    )
    parser.add_argument("--mem-levels", default="8", help="zlib's memLevel, 1 to 9")
    parser.add_argument("--passes", type=int, default=5, help="rounds of every variant")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.db.is_file():
        parser.error(f"{args.db} is not a file")
    levels = _numbers(args.levels)
    if not levels or any(not 1 <= level <= 9 for level in levels):
        parser.error("--levels: gzip's levels are 1 to 9")
    strategies = [name for name in args.strategies.split(",") if name]
    if not strategies or any(name not in STRATEGIES for name in strategies):
        parser.error(f"--strategies: one or more of {', '.join(STRATEGIES)}")
    mem_levels = _numbers(args.mem_levels)
    if not mem_levels or any(not 1 <= mem <= 9 for mem in mem_levels):
        parser.error("--mem-levels: zlib's memLevel is 1 to 9")
    variants = [Variant(*v) for v in product(levels, strategies, mem_levels)]
    bodies = render_pages(args.db.resolve(), args.page, args.requests, args.seed)
    print(report(bodies, measure(bodies, variants, args.passes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
