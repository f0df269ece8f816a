"""`python -m bench.serve MANAGER --host H --port P --workers N` with BENCH_APP=MODULE:FACTORY
serves that app the way production would:

- `gainsay`: as `gainsay serve` does (app/cli/serving.py: gunicorn's process manager, uvicorn
  workers, a socket of each worker's own), with no access log;
- `uvicorn`: `uvicorn APP --factory --workers N --no-access-log --no-server-header`, uvicorn's
  own process manager, whose workers share one listening socket (what `gainsay serve` ran
  before), for comparison;
- `uvicorn-asyncio`: the same with `--loop asyncio --backlog 4`: asyncio's loop accepts at most
  `backlog` pending connections a wake-up (uvloop's, every one), so a burst of connections is
  dealt out a few at a time to whichever worker wakes, at the price of a listen queue of 4 and
  asyncio's slower loop.

bench/run.py starts its servers this way so that their command line names neither uvicorn nor
the app: a `pkill -f uvicorn` meant for a development server on the same machine does not
stop a measurement half-way.
"""

import argparse
import os
import sys

from app.cli import serving

MANAGERS = ("gainsay", "uvicorn", "uvicorn-asyncio")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("manager", choices=MANAGERS)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    app = os.environ["BENCH_APP"]
    if args.manager == "gainsay":
        serving.run(
            app, host=args.host, port=args.port, workers=args.workers,
            forwarded_allow_ips="127.0.0.1,::1", access_log=False, log_level="warning",
        )  # fmt: skip
    else:
        from uvicorn.main import main as uvicorn_main

        uvicorn_main([
            app, "--factory", "--host", args.host, "--port", str(args.port),
            "--workers", str(args.workers), "--no-access-log", "--no-server-header",
            "--log-level", "warning",
            *(["--loop", "asyncio", "--backlog", "4"] if args.manager == "uvicorn-asyncio" else []),
        ])  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
