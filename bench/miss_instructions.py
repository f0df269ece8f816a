"""Requests one page many times in process, to be counted by valgrind: instructions do not
swing with the machine's load as CPU time does, so two trees compare on a busy host.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python -m bench.miss_instructions --db bench/data/corpus.db --requests 20
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python -m bench.miss_instructions --db bench/data/corpus.db --requests 120

Each run imports the app, answers `--warmup` requests, then `--requests` more, all misses (the
page cache is off) of random rows, the same rows for the same `--seed`; the difference between
the two runs' "Collected" totals, divided by the 100 extra requests, is the instructions per
miss, start-up and warm-up cancelled. Run it from the tree to count (its `app` is imported).
Start-up's objects are frozen as a server's are (bench.miss_cost.as_served; `--unfrozen` not):
unfrozen, a full pass of the collector over them falls in one run's counted requests or not.
"""

import argparse
import asyncio
import os
from pathlib import Path

from bench.miss_cost import PAGES, _request, as_served, sample_paths

POOL = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus (read only)")
    parser.add_argument("--page", choices=PAGES, default="dispute")
    parser.add_argument("--requests", type=int, required=True, help="counted requests")
    parser.add_argument("--warmup", type=int, default=20, help="requests before them")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unfrozen", action="store_true", help="see bench.miss_cost.as_served")
    args = parser.parse_args()
    wanted = args.warmup + args.requests
    # Drawn from one pool whatever the count, so that a shorter run's rows begin a longer one's.
    paths = sample_paths(args.db, max(wanted, POOL), args.seed)[args.page][:wanted]
    if len(paths) < wanted:
        raise SystemExit(f"{args.db} has fewer than {wanted} such rows")
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///file:{args.db}?mode=ro&uri=true"
    os.environ["GAINSAY_PAGE_CACHE_MB"] = "0"
    from app.main import create_app

    application = create_app()
    as_served(not args.unfrozen)

    async def run() -> None:
        for target in paths:
            status = await _request(application, target)
            if status != 200:
                raise SystemExit(f"{target} answered {status}, not a page: check the corpus")

    asyncio.run(run())


if __name__ == "__main__":
    main()
