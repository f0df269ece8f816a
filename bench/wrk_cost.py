"""wrk's own CPU per request, against Gainsay and the bare app, with its script counting
responses and without, in alternated loads: what the load generator takes from the cores it
shares with the server (docs/performance.md, "The load generator's share, and the split
between two workers").

    python -m bench.wrk_cost --copy /dev/shm/mixed.db --seconds 5 --passes 3

Serves `--copy` (a bench.mixed copy, whose page store is warm) with one Gainsay worker and the
bare app beside it, and loads each in turn with bench.mixed's readers (dispute permalinks on
the same Zipf curve, the same headers and connections), no writer. Each pass runs the four
loads one after another; reported per load: requests a second, wrk's CPU (user and system,
from its rusage) per request, and its voluntary context switches per request: how often it
went to sleep waiting for the sockets.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bench.mixed import SITE, _environ, ranked_disputes
from bench.run import BARE_APP, BROWSER_ACCEPT_ENCODING, GAINSAY_APP, Server, wrk_load


def _children() -> tuple[float, int]:
    """CPU seconds and voluntary context switches (each a wait for the sockets, in wrk) of
    this process's children that have ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_nvcsw


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wrk_cost", description=__doc__)
    parser.add_argument("--copy", type=Path, required=True, help="a bench.mixed copy")
    parser.add_argument("--seconds", type=int, default=5, help="per load")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--zipf", type=float, default=1.0)
    parser.add_argument("--visit", type=int, default=0, help="as bench.mixed's --visit")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.copy.is_file():
        parser.error(f"{args.copy} does not exist: make one with python -m bench.mixed")
    if args.seconds < 1 or args.passes < 1 or args.connections < 1 or args.visit < 0:
        parser.error("counts and durations must be positive")
    env = {
        **_environ(),
        "GAINSAY_DATABASE_URL": f"sqlite:///{args.copy.resolve()}",
        "GAINSAY_LOAD_SEEDS": "false",
    }
    headers = {"Host": SITE, "Accept-Encoding": BROWSER_ACCEPT_ENCODING}
    paths = [path for _, path in ranked_disputes(args.copy, seed=1)]
    found: dict[str, list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="gainsay-wrk-cost-") as scratch:
        paths_file = Path(scratch, "disputes.paths")
        paths_file.write_text("\n".join(paths) + "\n")
        log = Path(scratch, "server.log")
        with Server(GAINSAY_APP, env, log) as gainsay, Server(BARE_APP, env, log) as bare:
            gainsay.wait_for("/healthz")
            gainsay.wait_for(paths[0])
            bare.wait_for("/")
            for _ in range(args.passes):
                for name, server in (("gainsay", gainsay), ("bare", bare)):
                    for count in (False, True):
                        cpu_before, waits_before = _children()
                        measured = wrk_load(
                            server.port, paths_file, args.connections, args.seconds, headers,
                            zipf=args.zipf, count=count, visit=args.visit,
                        )  # fmt: skip
                        cpu_after, waits_after = _children()
                        us = (cpu_after - cpu_before) / measured.requests * 1e6
                        waits = (waits_after - waits_before) / measured.requests
                        key = f"{name}, {'counted' if count else 'not counted'}"
                        found.setdefault(key, []).append((measured.rps, us, waits))
                        print(
                            f"{key:22} {measured.rps:8,.0f} req/s  wrk {us:5.1f} µs/req, "
                            f"{waits:.2f} waits/req  load {os.getloadavg()[0]:.1f}",
                            flush=True,
                        )
    summary = {
        key: {
            "rps": [round(r) for r, _, _ in rows],
            "wrk_us_per_request": [round(u, 1) for _, u, _ in rows],
            "wrk_waits_per_request": [round(w, 2) for _, _, w in rows],
            "median_us": round(statistics.median(u for _, u, _ in rows), 1),
        }
        for key, rows in found.items()
    }
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
